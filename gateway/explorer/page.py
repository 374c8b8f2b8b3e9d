"""The explorer's page and its own script (kept here as text: the gateway package ships no data
files). The page runs no inline script: its Content-Security-Policy allows scripts from the
gateway itself only (docs/explorer.md)."""

from __future__ import annotations

__all__ = ["CSP", "EXPLORER_JS", "MISSING_HTML", "PAGE_HTML"]

#: the page's Content-Security-Policy: everything from the gateway itself, nothing inline but
#: styles (GraphiQL sets element styles), images and fonts also as data: URLs, never framed
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'"
)

#: ``{assets}``: the assets' URLs by name, filled in by gateway.explorer.Explorer
PAGE_HTML = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SPBE Graph explorer</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{graphiql_css}">
<style>html, body, #graphiql {{ height: 100%; margin: 0; }}</style>
</head>
<body>
<div id="graphiql"><noscript>The SPBE Graph explorer needs JavaScript.</noscript></div>
<script src="{react}"></script>
<script src="{react_dom}"></script>
<script src="{graphiql_js}"></script>
<script src="{explorer_js}"></script>
</body>
</html>
"""

MISSING_HTML = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>SPBE Graph explorer: assets not installed</title>
</head>
<body>
<h1>SPBE Graph explorer</h1>
<p>The explorer's assets (GraphiQL and React) are not installed on this gateway. Install them
from the repository's root with</p>
<pre>npm ci --prefix tools/explorer</pre>
<p>and reload this page. GraphQL requests to <code>/graphql</code> work without them.</p>
</body>
</html>
"""

EXPLORER_JS = r"""/* SPBE Graph explorer: GraphiQL over the gateway's own /graphql (docs/explorer.md). */
(function () {
  "use strict";
  var KEY_HEADERS = JSON.stringify(
    { "X-API-Key": "<your key>", "X-Purpose": "BANSOS_ELIGIBILITY" }, null, 2);
  var TOKEN_HEADERS = JSON.stringify({ "Authorization": "Bearer <your token>" }, null, 2);
  var TABS = [
    {
      query: "# A citizen's records across the services, for a stated purpose (X-Purpose).\n" +
        "query Overview($nik: String!) {\n" +
        "  citizen(nik: $nik) {\n" +
        "    nik\n    fullName\n" +
        "    health { bpjs { active } }\n" +
        "    education { enrollments { level school { name } } }\n" +
        "    police { drivingLicences { licenceClass status } }\n" +
        "  }\n}\n",
      variables: JSON.stringify({ nik: "1106152408080001" }, null, 2),
      headers: KEY_HEADERS
    },
    {
      query: "# Public data: no key needed.\nquery Regions {\n  regions {\n    code\n    name\n  }\n}\n",
      headers: KEY_HEADERS
    },
    {
      query: "# Statistics without people (a key with statistics:read): immunization coverage of\n" +
        "# children under five by province, and the regencies outside Java and Bali furthest behind.\n" +
        "query Gaps {\n" +
        "  immunizationCoverage { regionCode numerator denominator rate suppressed }\n" +
        "  immunizationGaps(limit: 10) { regionCode rate }\n}\n",
      headers: JSON.stringify({ "X-API-Key": "<your key>" }, null, 2)
    },
    {
      query: "# Who falls through the gaps (docs/social.md): a social office's key with social:outreach\n" +
        "# and the read scopes, and a mandate for identity, social, health and education for\n" +
        "# SOCIAL_OUTREACH. Members of the regency's decile 1-4 households and their gaps, decided by\n" +
        "# social from health's and education's facts: out of school, missing immunizations, no\n" +
        "# PBI-JK, PKH children without PIP; undecided when a fact was withheld.\n" +
        "query OutreachGaps($regionCode: String!) {\n" +
        "  outreachCandidates(regionCode: $regionCode) {\n" +
        "    nik\n    fullName\n" +
        "    outreachGaps { kinds undecided withheld }\n" +
        "  }\n}\n",
      variables: JSON.stringify({ regionCode: "9103" }, null, 2),
      headers: JSON.stringify({ "X-API-Key": "<your key>", "X-Purpose": "SOCIAL_OUTREACH" }, null, 2)
    },
    {
      query: "# The same gaps counted, no person visible (statistics:read; docs/statistics.md): by\n" +
        "# province and regency, small cells suppressed, and regencies ranked for all four gaps,\n" +
        "# flagged outside Java and Bali. One query over identity, social, education and health:\n" +
        "# social gives each province's decile 1-4 cohort as pseudonyms (hidden from the API),\n" +
        "# education and health count against it.\n" +
        "query GapStatistics {\n" +
        "  regions {\n    code\n    name\n" +
        "    outOfSchoolChildren { regionCode level numerator denominator rate suppressed }\n" +
        "    underFivesMissingImmunization { regionCode level numerator denominator rate suppressed }\n" +
        "  }\n" +
        "  outOfSchool: gapRanking(gap: OUT_OF_SCHOOL) { ...ranked }\n" +
        "  missingImmunization: gapRanking(gap: MISSING_IMMUNIZATION) { ...ranked }\n" +
        "  noPbiJk: gapRanking(gap: ADULTS_WITHOUT_PBI_JK) { ...ranked }\n" +
        "  noPip: gapRanking(gap: PKH_CHILDREN_WITHOUT_PIP) { ...ranked }\n}\n\n" +
        "fragment ranked on GapRanking {\n" +
        "  regencies(limit: 10) { rank regionCode outsideJavaBali numerator denominator rate }\n}\n",
      headers: JSON.stringify({ "X-API-Key": "<your key>" }, null, 2)
    },
    {
      query: "# A citizen's payments of state fees (payments:read, consent: payments; docs/payments.md).\n" +
        "# Following a payment to the SIM it paid for needs the holder's police consent too: without\n" +
        "# it, licence is null with CONSENT_REQUIRED (category police).\n" +
        "query Payments($nik: String!) {\n" +
        "  citizen(nik: $nik) {\n" +
        "    payments {\n      kind amount status channel paidOn billingCode ntpn period\n" +
        "      drivingLicence { number licence { licenceClass expiresOn } }\n" +
        "      clearanceCertificate { number }\n" +
        "      bpjsMembership { cardNumber }\n    }\n" +
        "  }\n}\n",
      variables: JSON.stringify({ nik: "1106152408080001" }, null, 2),
      headers: KEY_HEADERS
    },
    {
      query: "# My data, as a citizen (a citizen's token instead of an agency key).\nquery MyData {\n" +
        "  myConsents { agency { name } categories status }\n" +
        "  myAccessLog { at agency { name } category basis decision }\n}\n",
      headers: TOKEN_HEADERS
    }
  ];

  /* Headers still holding a placeholder ("<your key>") are not sent: the caller is then
     anonymous (public data, and the schema's public part for the documentation). */
  function realHeaders(headers) {
    var out = {};
    Object.keys(headers || {}).forEach(function (name) {
      var value = headers[name];
      if (typeof value === "string" && /^(Bearer )?<[^>]*>$/.test(value.trim())) { return; }
      out[name] = value;
    });
    return out;
  }

  /* GraphiQL may still name the operation of the document edited before (another tab's): a
     name the document does not define is dropped rather than refused by the gateway. */
  function withOperation(params) {
    var name = params.operationName;
    if (name && !new RegExp("\\b(query|mutation|subscription)\\s+" + name + "\\b").test(params.query || "")) {
      return Object.assign({}, params, { operationName: null });
    }
    return params;
  }

  function fetcher(params, options) {
    var headers = Object.assign(realHeaders(options && options.headers), {
      "Content-Type": "application/json",
      "Accept": "application/graphql-response+json, application/json"
    });
    return fetch("/graphql", {
      method: "POST",
      headers: headers,
      body: JSON.stringify(withOperation(params)),
      credentials: "omit"
    }).then(function (response) { return response.json(); });
  }

  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultTabs: TABS,
    defaultHeaders: KEY_HEADERS,
    isHeadersEditorEnabled: true,
    defaultEditorToolsVisibility: "headers",
    shouldPersistHeaders: false
  }));
})();
"""
