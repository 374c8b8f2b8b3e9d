"""The citizen page's HTML, script and stylesheet (gateway/explorer/me.py), kept as text: the
gateway package ships no data files. The script talks to the gateway's own ``/graphql`` only."""

from __future__ import annotations

__all__ = ["ME_CSS", "ME_HTML", "ME_JS"]

#: ``{css}``, ``{js}``: the assets' versioned URLs, filled in by gateway.explorer.me.MePage
ME_HTML = """<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Data saya / My data: SPBE Graph</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{css}">
<script src="{js}" defer></script>
</head>
<body>
<a class="skip" href="#main">Langsung ke isi / <span lang="en">Skip to content</span></a>
<header>
<h1>Data saya <span lang="en">/ My data</span></h1>
<p>Data Anda di layanan pemerintah, persetujuan Anda, dan siapa yang melihat data Anda.
<span lang="en">Your data across government services, your consents, and who looked at your data.</span></p>
</header>
<main id="main" tabindex="-1">
<noscript><p>Halaman ini memerlukan JavaScript.
<span lang="en">This page needs JavaScript.</span></p></noscript>
<div id="message" class="message" role="alert" hidden></div>

<section id="signin" aria-labelledby="signin-title">
<h2 id="signin-title">Masuk <span lang="en">/ Sign in</span></h2>
<form id="signin-form">
<label for="token">Token Anda <span lang="en">/ Your token</span></label>
<p class="hint" id="token-hint">Tempelkan token dari layanan masuk Anda. Token hanya disimpan di tab ini
dan hilang saat Anda keluar atau menutup tab. <span lang="en">Paste the token from your sign-in service.
It is kept in this tab only, and is gone when you sign out or close the tab.</span></p>
<textarea id="token" name="token" rows="4" required autocomplete="off" spellcheck="false"
 aria-describedby="token-hint"></textarea>
<button type="submit">Masuk <span lang="en">/ Sign in</span></button>
</form>
</section>

<div id="signed-in" hidden>
<p class="who"><span id="who"></span>
<button type="button" id="signout" class="secondary">Keluar <span lang="en">/ Sign out</span></button></p>

<section id="records" aria-labelledby="records-title">
<h2 id="records-title">Catatan saya <span lang="en">/ My records</span></h2>
<div id="records-body" aria-live="polite"><p>Memuat… <span lang="en">Loading…</span></p></div>
</section>

<section id="consents" aria-labelledby="consents-title">
<h2 id="consents-title">Persetujuan saya <span lang="en">/ My consents</span></h2>
<div id="consents-body" aria-live="polite"><p>Memuat… <span lang="en">Loading…</span></p></div>

<h3 id="grant-title">Beri persetujuan baru <span lang="en">/ Grant a new consent</span></h3>
<form id="grant-form" aria-labelledby="grant-title">
<label for="grant-agency">Kode instansi <span lang="en">/ Agency code</span></label>
<input id="grant-agency" name="agency" list="agency-list" required autocomplete="off"
 autocapitalize="characters" placeholder="KEMENSOS">
<datalist id="agency-list"></datalist>
<fieldset>
<legend>Kategori data <span lang="en">/ Data categories</span></legend>
<div id="grant-categories" class="checks"></div>
</fieldset>
<label for="grant-purpose">Tujuan <span lang="en">/ Purpose</span></label>
<select id="grant-purpose" name="purpose" required></select>
<label for="grant-until">Berlaku sampai <span lang="en">/ Valid until</span></label>
<input id="grant-until" name="validUntil" type="date" required>
<button type="submit">Beri persetujuan <span lang="en">/ Grant consent</span></button>
</form>
</section>

<section id="trail" aria-labelledby="trail-title">
<h2 id="trail-title">Siapa melihat data saya <span lang="en">/ Who looked at my data</span></h2>
<div id="trail-body" aria-live="polite"><p>Memuat… <span lang="en">Loading…</span></p></div>
</section>
</div>
</main>
</body>
</html>
"""

ME_CSS = """/* SPBE Graph: a citizen's own page (gateway/explorer/me.py). Colours meet WCAG AA contrast. */
*, *::before, *::after { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  line-height: 1.5; color: #1b1b1b; background: #f4f6f8; }
body { margin: 0 auto; max-width: 60rem; padding: 1rem; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
h2 { font-size: 1.3rem; margin: 0 0 0.75rem; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 0.5rem; }
[lang="en"] { color: #3d4a57; }
h1 [lang="en"], h2 [lang="en"], h3 [lang="en"], button [lang="en"], legend [lang="en"],
label [lang="en"] { color: inherit; font-weight: normal; }
section, .message, .who { background: #fff; border: 1px solid #c9d1d9; border-radius: 8px;
  padding: 1rem; margin: 1rem 0; }
.who { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; justify-content: space-between; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: 0.5rem; z-index: 1; }
label, legend { display: block; font-weight: 600; margin: 0.75rem 0 0.25rem; }
.hint { margin: 0 0 0.5rem; font-size: 0.95rem; }
textarea, input, select { width: 100%; font: inherit; padding: 0.5rem; border: 1px solid #5b6875;
  border-radius: 4px; background: #fff; color: #1b1b1b; }
textarea { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.85rem;
  word-break: break-all; }
fieldset { border: 1px solid #c9d1d9; border-radius: 4px; margin: 0.75rem 0;
  padding: 0.25rem 0.75rem 0.75rem; }
.checks label { display: inline-flex; align-items: center; gap: 0.35rem; font-weight: normal;
  margin: 0.25rem 1rem 0.25rem 0; min-height: 2.75rem; }
.checks input { width: 1.25rem; height: 1.25rem; }
button { font: inherit; font-weight: 600; min-height: 2.75rem; padding: 0.5rem 1rem;
  margin: 0.75rem 0.5rem 0 0;
  border: 2px solid #0b4f8a; border-radius: 4px; background: #0b4f8a; color: #fff; cursor: pointer; }
button:hover { background: #083a66; }
button.secondary { background: #fff; color: #0b4f8a; margin: 0; }
button.secondary:hover { background: #e7eff7; }
button.danger { background: #a4161a; border-color: #a4161a; }
button.danger:hover { background: #7c1013; }
button:disabled { opacity: 0.6; cursor: wait; }
:focus-visible { outline: 3px solid #c25e00; outline-offset: 2px; }
main:focus { outline: none; }
.message { border-left: 6px solid #a4161a; }
.message.ok { border-left-color: #1e6b34; }
dl { display: grid; grid-template-columns: minmax(8rem, 14rem) 1fr; gap: 0.25rem 1rem; margin: 0; }
dt { font-weight: 600; }
dd { margin: 0; }
ul.plain { margin: 0; padding-left: 1.25rem; }
article.consent { border: 1px solid #c9d1d9; border-radius: 6px; padding: 0.75rem; margin: 0.75rem 0; }
article.consent h3 { margin: 0 0 0.25rem; }
.status { display: inline-block; font-weight: 700; padding: 0 0.5rem; border-radius: 4px; border: 1px solid; }
.status-ACTIVE { color: #1e6b34; }
.status-PAUSED { color: #7a4a00; }
.status-REVOKED, .status-EXPIRED { color: #a4161a; }
.deny { color: #a4161a; font-weight: 700; }
.allow { color: #1e6b34; font-weight: 700; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.5rem; }
th, td { text-align: left; vertical-align: top; padding: 0.4rem 0.5rem; border-bottom: 1px solid #c9d1d9; }
@media (max-width: 40rem) {
  body { padding: 0.5rem; }
  section { padding: 0.75rem; }
  dl { grid-template-columns: 1fr; }
  dd { margin-bottom: 0.5rem; }
  table, caption, thead, tbody, tr, th, td { display: block; }
  thead { position: absolute; left: -999px; }
  tr { border-bottom: 2px solid #c9d1d9; padding: 0.5rem 0; }
  td { border: 0; padding: 0.1rem 0; }
  td::before { content: attr(data-label) ": "; font-weight: 600; }
  button { width: 100%; margin-right: 0; }
  button.secondary { width: auto; }
}
"""

ME_JS = r"""/* SPBE Graph: a citizen's own page over the gateway's own /graphql (docs/explorer.md). */
(function () {
  "use strict";
  var STORE = "spbe.me.token";
  var DASH = "\u2013";
  var CATEGORIES = [
    ["IDENTITY", "Identitas", "Identity"], ["HEALTH", "Kesehatan", "Health"],
    ["EDUCATION", "Pendidikan", "Education"], ["POLICE", "Kepolisian", "Police"],
    ["SOCIAL", "Sosial", "Social"], ["CIVILSERVICE", "Kepegawaian (ASN)", "Civil service"],
    ["PAYMENTS", "Pembayaran", "Payments"]
  ];
  var STATUS = { ACTIVE: ["Aktif", "Active"], PAUSED: ["Dijeda", "Paused"],
    REVOKED: ["Dicabut", "Revoked"], EXPIRED: ["Kedaluwarsa", "Expired"] };
  var BASIS = { CONSENT: ["persetujuan Anda", "your consent"], MANDATE: ["dasar hukum", "legal mandate"],
    SELF: ["Anda sendiri", "yourself"], GUARDIAN: ["orang tua/wali", "parent or guardian"],
    NONE: ["tidak ada", "none"] };
  var CODES = {
    UNAUTHENTICATED: "Token Anda tidak diterima (mungkin kedaluwarsa). Silakan masuk lagi. / " +
      "Your token was not accepted (it may have expired). Please sign in again.",
    FORBIDDEN: "Anda tidak berhak melakukan ini. / You are not allowed to do this.",
    RATE_LIMITED: "Terlalu banyak permintaan; coba lagi sebentar lagi. / " +
      "Too many requests; try again shortly."
  };

  var CITIZEN = "query MyRecords($nik: String!) { citizen(nik: $nik) { fullName birthDate village { name } " +
    "health { bpjs { active careClass } immunizations { vaccine givenOn } } " +
    "education { enrollments { level school { name } status } } " +
    "police { drivingLicences { licenceClass status expiresOn } } " +
    "social { household { decile } benefits { programme status } } " +
    "civilService { kind grade position active } " +
    "payments { kind amount status billedOn paidOn } } }";
  var CONSENT_FIELDS = "id agency { code name } categories purpose { code textId textEn } " +
    "purposeTextId purposeTextEn validFrom validUntil status history { at action status }";
  var CONSENTS = "query MyConsents { myConsents { " + CONSENT_FIELDS + " } }";
  var TRAIL = "query MyAccessLog { myAccessLog(limit: 100) { at agency { name } category " +
    "purpose { code textEn textId } basis decision reason } }";
  var REFERENCE = "query Reference { purposes { code textId textEn } agencies { code name } }";
  var MUTATIONS = {
    pause: "mutation Pause($id: ID!) { pauseConsent(id: $id) { id status } }",
    resume: "mutation Resume($id: ID!) { resumeConsent(id: $id) { id status } }",
    revoke: "mutation Revoke($id: ID!, $reason: String) " +
      "{ revokeConsent(id: $id, reason: $reason) { id status } }",
    grant: "mutation Grant($input: GrantConsentInput!) { grantConsent(input: $input) { id status } }"
  };

  function $(id) { return document.getElementById(id); }

  /* An element with text children only (never HTML from the API). */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) { return; }
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  /* "Indonesian / English", the English part marked as such for screen readers. */
  function both(id, en) { return el("span", {}, [id + " ", el("span", { lang: "en" }, ["/ " + en])]); }

  function fill(container, nodes) {
    while (container.firstChild) { container.removeChild(container.firstChild); }
    nodes.forEach(function (node) { container.appendChild(node); });
  }

  function show(text, ok) {
    var box = $("message");
    box.textContent = text;
    box.className = ok ? "message ok" : "message";
    box.hidden = !text;
  }

  function token() { return sessionStorage.getItem(STORE); }

  /* The NIK is the token's subject; the gateway verifies the token, this page only reads it. */
  function subject(jwt) {
    var parts = (jwt || "").split(".");
    if (parts.length !== 3) { return null; }
    try {
      var b64 = parts[1].replace(/-/g, "+").replace(/_/g, "/");
      while (b64.length % 4) { b64 += "="; }
      var claims = JSON.parse(decodeURIComponent(Array.prototype.map.call(atob(b64), function (c) {
        return "%" + ("00" + c.charCodeAt(0).toString(16)).slice(-2);
      }).join("")));
      return typeof claims.sub === "string" && claims.sub ? claims.sub : null;
    } catch (e) {
      return null;
    }
  }

  function plain(errors) {
    return errors.map(function (error) {
      var code = error.extensions && error.extensions.code;
      return CODES[code] || error.message || "Terjadi kesalahan. / Something went wrong.";
    }).filter(function (text, i, all) { return all.indexOf(text) === i; }).join(" ");
  }

  /* POST to the gateway's own /graphql with the citizen's token; rejects with plain words. */
  function graphql(query, variables) {
    var headers = { "Content-Type": "application/json",
      "Accept": "application/graphql-response+json, application/json" };
    if (token()) { headers.Authorization = "Bearer " + token(); }
    return fetch("/graphql", {
      method: "POST", headers: headers, credentials: "omit",
      body: JSON.stringify({ query: query, variables: variables || {} })
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.status === 401) { throw new Error(CODES.UNAUTHENTICATED); }
        if (!body.data) {
          throw new Error(body.errors ? plain(body.errors) :
            "Layanan menjawab dengan kesalahan (" + response.status + "). / " +
            "The service answered with an error.");
        }
        return body;
      });
    }, function () {
      throw new Error("Gateway tidak dapat dihubungi. Periksa koneksi Anda. / " +
        "The gateway could not be reached. Check your connection.");
    });
  }

  function when(value, dateOnly) {
    if (!value) { return DASH; }
    var date = new Date(value);
    if (isNaN(date.getTime())) { return String(value); }
    return dateOnly ? date.toLocaleDateString("id-ID", { dateStyle: "long" })
      : date.toLocaleString("id-ID", { dateStyle: "medium", timeStyle: "short" });
  }

  function category(code) {
    var found = CATEGORIES.filter(function (c) { return c[0] === String(code).toUpperCase(); })[0];
    return found ? found[1] + " / " + found[2] : String(code);
  }

  function yes(value) { return value ? "ya / yes" : "tidak / no"; }

  function list(items, render) {
    if (!items || !items.length) { return DASH; }
    return el("ul", { "class": "plain" },
      items.map(function (item) { return el("li", {}, [render(item)]); }));
  }

  function hidden(section) {
    return el("span", {}, ["tidak dapat ditampilkan / ",
      el("span", { lang: "en" }, ["not available (" + section + ")"])]);
  }

  /* Whether the answer withheld a field of the citizen (an error at that path), rather than it
     being empty (a citizen who is no civil servant has civilService: null and no error). */
  function withheld(body, field) {
    return (body.errors || []).some(function (e) { return e.path && e.path.indexOf(field) >= 0; });
  }

  function renderRecords(body) {
    var c = body.data.citizen;
    if (!c) {
      fill($("records-body"), [el("p", {}, ["Tidak ada catatan untuk Anda. ", el("span", { lang: "en" },
        ["No records were found for you."])])]);
    } else {
      var rows = [
        [both("Nama", "Name"), c.fullName || DASH],
        [both("Tanggal lahir", "Birth date"), when(c.birthDate, true)],
        [both("Desa/kelurahan", "Village"), c.village ? c.village.name : DASH],
        [both("BPJS Kesehatan", "Health insurance"), !c.health ? hidden("health") : !c.health.bpjs ? DASH :
          "aktif / active: " + yes(c.health.bpjs.active) + ", kelas / class " +
          (c.health.bpjs.careClass || DASH)],
        [both("Imunisasi", "Immunizations"), !c.health ? hidden("health") : list(c.health.immunizations,
          function (i) { return i.vaccine + " (" + when(i.givenOn, true) + ")"; })],
        [both("Pendidikan", "Education"), !c.education ? hidden("education") : list(c.education.enrollments,
          function (e) {
            return e.level + ": " + (e.school ? e.school.name : DASH) + " (" + e.status + ")";
          })],
        [both("SIM", "Driving licences"), !c.police ? hidden("police") : list(c.police.drivingLicences,
          function (d) {
            return d.licenceClass + " (" + d.status + ", s.d. / until " + when(d.expiresOn, true) + ")";
          })],
        [both("Bantuan sosial", "Social assistance"), !c.social ? hidden("social") : list(c.social.benefits,
          function (b) { return b.programme + " (" + b.status + ")"; })],
        [both("ASN", "Civil service"), !c.civilService ? (withheld(body, "civilService") ?
          hidden("civilservice") : DASH) : c.civilService.kind + " " + c.civilService.grade + ", " +
          c.civilService.position + (c.civilService.active ? "" : " (tidak aktif / inactive)")],
        [both("Pembayaran negara", "State payments"), !c.payments ? hidden("payments") : list(c.payments,
          function (p) {
            return p.kind + ": Rp" + Number(p.amount).toLocaleString("id-ID") + " (" + p.status + ", " +
              when(p.paidOn || p.billedOn, true) + ")";
          })]
      ];
      var dl = el("dl", {}, []);
      rows.forEach(function (row) {
        dl.appendChild(el("dt", {}, [row[0]]));
        dl.appendChild(el("dd", {}, [row[1]]));
      });
      fill($("records-body"), [dl]);
    }
    if (body.errors && body.errors.length) {
      $("records-body").appendChild(el("p", {}, [plain(body.errors)]));
    }
  }

  function consentButton(label, en, action, consent, danger) {
    var button = el("button", { type: "button", "class": danger ? "danger" : "" }, [both(label, en)]);
    button.addEventListener("click", function () {
      var name = consent.agency.name;
      if (action === "revoke" && !window.confirm(
        "Cabut persetujuan untuk " + name + "? Ini tidak dapat dibatalkan.\n" +
        "Revoke the consent for " + name + "? This cannot be undone.")) {
        return;
      }
      button.disabled = true;
      var variables = { id: consent.id };
      if (action === "revoke") { variables.reason = "Dicabut oleh warga di halaman Data saya"; }
      graphql(MUTATIONS[action], variables).then(function () {
        show(action === "revoke" ? "Persetujuan dicabut. / Consent revoked." :
          action === "pause" ? "Persetujuan dijeda. / Consent paused." :
            "Persetujuan dilanjutkan. / Consent resumed.", true);
        return loadConsents();
      }).catch(function (error) { button.disabled = false; show(error.message); });
    });
    return button;
  }

  function renderConsents(consents) {
    if (!consents.length) {
      fill($("consents-body"), [el("p", {}, ["Anda belum memberi persetujuan. ",
        el("span", { lang: "en" }, ["You have not given any consent."])])]);
      return;
    }
    fill($("consents-body"), consents.map(function (consent) {
      var status = STATUS[consent.status] || [consent.status, consent.status];
      var purpose = consent.purpose || {};
      var details = el("dl", {}, [
        el("dt", {}, [both("Status", "Status")]),
        el("dd", {}, [el("span", { "class": "status status-" + consent.status,
          "data-status": consent.status }, [consent.status]), " " + status[0] + " / " + status[1]]),
        el("dt", {}, [both("Data", "Data")]),
        el("dd", {}, [consent.categories.map(category).join(", ")]),
        el("dt", {}, [both("Tujuan", "Purpose")]),
        el("dd", {}, [el("p", { lang: "id" }, [purpose.textId || consent.purposeTextId]),
          el("p", { lang: "en" }, [purpose.textEn || consent.purposeTextEn])]),
        el("dt", {}, [both("Berlaku", "Valid")]),
        el("dd", {}, [when(consent.validFrom, true) + " " + DASH + " " + when(consent.validUntil, true)])
      ]);
      if (purpose.textId && consent.purposeTextId && purpose.textId !== consent.purposeTextId) {
        details.appendChild(el("dt", {}, [both("Teks saat diberikan", "Text when given")]));
        details.appendChild(el("dd", {}, [el("p", { lang: "id" }, [consent.purposeTextId]),
          el("p", { lang: "en" }, [consent.purposeTextEn])]));
      }
      var actions = el("div", { "class": "actions" }, []);
      if (consent.status === "ACTIVE") {
        actions.appendChild(consentButton("Jeda", "Pause", "pause", consent));
      }
      if (consent.status === "PAUSED") {
        actions.appendChild(consentButton("Lanjutkan", "Resume", "resume", consent));
      }
      if (consent.status !== "REVOKED") {
        actions.appendChild(consentButton("Cabut", "Revoke", "revoke", consent, true));
      }
      return el("article", { "class": "consent", "data-consent": consent.id }, [
        el("h3", {}, [consent.agency.name + " (" + consent.agency.code + ")"]), details, actions]);
    }));
  }

  function renderTrail(entries) {
    if (!entries.length) {
      fill($("trail-body"), [el("p", {}, ["Belum ada yang melihat data Anda. ",
        el("span", { lang: "en" }, ["Nobody has looked at your data yet."])])]);
      return;
    }
    var heads = [["Kapan", "When"], ["Siapa", "Who"], ["Data", "Data"], ["Mengapa", "Why"],
      ["Dasar", "Basis"], ["Keputusan", "Decision"]];
    var table = el("table", {}, [
      el("caption", {}, [both("100 akses terakhir", "The last 100 accesses")]),
      el("thead", {}, [el("tr", {}, heads.map(function (h) {
        return el("th", { scope: "col" }, [both(h[0], h[1])]);
      }))])
    ]);
    var tbody = el("tbody", {}, []);
    entries.forEach(function (entry) {
      var basis = BASIS[entry.basis] || [entry.basis, entry.basis];
      var allowed = entry.decision === "ALLOW";
      var cells = [
        when(entry.at),
        entry.agency ? entry.agency.name : "Anda / you",
        category(entry.category),
        entry.purpose ? el("span", {}, [el("span", { lang: "id" }, [entry.purpose.textId]), " / ",
          el("span", { lang: "en" }, [entry.purpose.textEn])]) : DASH,
        basis[0] + " / " + basis[1],
        el("span", { "class": allowed ? "allow" : "deny" }, [allowed ? "diizinkan / allowed" :
          "ditolak / denied" + (entry.reason ? " (" + entry.reason + ")" : "")])
      ];
      tbody.appendChild(el("tr", {}, cells.map(function (cell, i) {
        return el("td", { "data-label": heads[i][0] + " / " + heads[i][1] }, [cell]);
      })));
    });
    table.appendChild(tbody);
    fill($("trail-body"), [el("div", { "class": "scroll", tabindex: "0", role: "region",
      "aria-labelledby": "trail-title" }, [table])]);
  }

  function failed(container) {
    return function (error) {
      fill($(container), [el("p", {}, [error.message])]);
      if (error.message === CODES.UNAUTHENTICATED) { show(error.message); }
    };
  }

  function loadConsents() {
    return graphql(CONSENTS).then(function (body) { renderConsents(body.data.myConsents || []); },
      failed("consents-body"));
  }

  function loadTrail() {
    return graphql(TRAIL).then(function (body) { renderTrail(body.data.myAccessLog || []); },
      failed("trail-body"));
  }

  function loadReference() {
    return graphql(REFERENCE).then(function (body) {
      var select = $("grant-purpose");
      fill(select, [el("option", { value: "" }, ["Pilih tujuan / Choose a purpose"])].concat(
        body.data.purposes.map(function (p) {
          return el("option", { value: p.code }, [p.textId + " / " + p.textEn]);
        })));
      fill($("agency-list"), body.data.agencies.map(function (a) {
        return el("option", { value: a.code }, [a.name]);
      }));
    }, function (error) { show(error.message); });
  }

  function load() {
    var nik = subject(token());
    $("signin").hidden = true;
    $("signed-in").hidden = false;
    $("who").textContent = "Masuk sebagai NIK " + nik + " / Signed in as NIK " + nik;
    graphql(CITIZEN, { nik: nik }).then(renderRecords, failed("records-body"));
    loadConsents();
    loadTrail();
    loadReference();
  }

  function signOut() {
    sessionStorage.removeItem(STORE);
    show("");
    $("signed-in").hidden = true;
    $("signin").hidden = false;
    ["records-body", "consents-body", "trail-body"].forEach(function (id) { fill($(id), []); });
    $("token").value = "";
    $("token").focus();
  }

  function grant(event) {
    event.preventDefault();
    var categories = Array.prototype.filter.call(
      document.querySelectorAll("#grant-categories input"), function (box) { return box.checked; }
    ).map(function (box) { return box.value; });
    if (!categories.length) {
      show("Pilih setidaknya satu kategori data. / Choose at least one data category.");
      return;
    }
    var until = new Date($("grant-until").value + "T23:59:59");
    if (isNaN(until.getTime())) { show("Isi tanggal berlaku. / Fill in the valid-until date."); return; }
    var input = { agency: $("grant-agency").value.trim().toUpperCase(), categories: categories,
      purpose: $("grant-purpose").value, validUntil: until.toISOString() };
    graphql(MUTATIONS.grant, { input: input }).then(function () {
      show("Persetujuan diberikan. / Consent granted.", true);
      $("grant-form").reset();
      return loadConsents();
    }).catch(function (error) { show(error.message); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    fill($("grant-categories"), CATEGORIES.map(function (c) {
      return el("label", {}, [el("input", { type: "checkbox", name: "categories", value: c[0] }),
        both(c[1], c[2])]);
    }));
    $("signin-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var value = $("token").value.trim().replace(/^Bearer\s+/i, "");
      if (!subject(value)) {
        show("Ini tidak tampak seperti token (tiga bagian dipisah titik). / " +
          "This does not look like a token (three parts separated by dots).");
        return;
      }
      show("");
      sessionStorage.setItem(STORE, value);
      load();
    });
    $("signout").addEventListener("click", signOut);
    $("grant-form").addEventListener("submit", grant);
    if (token() && subject(token())) { load(); }
  });
})();
"""
