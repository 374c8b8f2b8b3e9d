"""Consent boundaries on reference entities: a field with the policy
``consent:<category>:<subjectField>`` on a type keyed by several fields (a payment's link to the
SIM it paid for, ``DrivingLicenceRef @key(fields: "holderNik number")``) is fetched only through an
``_entities`` call guarded with its category whose subject is the named key field
(docs/query-planning.md, "Consent boundaries").

The fixture ``fixtures/references`` (identity, payments, police) is composed with
``gateway.compose``; ``test_fixture_is_what_our_composer_writes`` keeps it so.
"""

from __future__ import annotations

from textwrap import dedent

import pytest
from graphql import parse

from gateway.compose import SubgraphSDL, compose
from gateway.planner import PlanningError, build_plan
from gateway.planner.build import subjects_of
from gateway.supergraph import Supergraph

from .test_build import FIXTURES, build, fetches, plan, supergraph

SUBGRAPHS = ("identity", "payments", "police")


def reference_sdls() -> list[SubgraphSDL]:
    folder = FIXTURES / "references"
    return [SubgraphSDL(name, f"http://{name}.test/graphql", (folder / f"{name}.graphql").read_text())
            for name in SUBGRAPHS]


def test_fixture_is_what_our_composer_writes() -> None:
    assert compose(reference_sdls()) == (FIXTURES / "references" / "supergraph.graphql").read_text()


def test_the_subject_of_a_reference_is_the_named_key_field() -> None:
    assert subjects_of(supergraph("references")) == {
        ("DrivingLicenceRef", "police"): "holderNik",
        ("ClearanceCertificateRef", "police"): "holderNik",
    }


def test_following_a_reference_is_a_guarded_fetch_keyed_by_the_holder() -> None:
    """The payment is fetched behind the citizen's ``payments`` boundary; the licence it paid for
    behind a ``police`` boundary whose subject is the holder's NIK in the representation."""
    query = '{ citizen(nik: "1") { payments { amount drivingLicence { number licence { licenceClass } } } } }'
    assert plan("references", query) == dedent("""\
        QueryPlan {
          Sequence {
            Fetch(service: "identity") {
              {
                citizen(nik: "1") {
                  __typename
                  nik
                }
              }
            },
            Flatten(path: "citizen") {
              Fetch(service: "payments") {
                Guard(category: "payments", type: "Citizen", key: "nik")
                {
                  ... on Citizen {
                    __typename
                    nik
                  }
                } =>
                {
                  ... on Citizen {
                    payments {
                      amount
                      drivingLicence {
                        number
                        __typename
                        holderNik
                      }
                    }
                  }
                }
              },
            },
            Flatten(path: "citizen.payments.@.drivingLicence") {
              Fetch(service: "police") {
                Guard(category: "police", type: "DrivingLicenceRef", key: "holderNik")
                {
                  ... on DrivingLicenceRef {
                    __typename
                    holderNik
                    number
                  }
                } =>
                {
                  ... on DrivingLicenceRef {
                    licence {
                      licenceClass
                    }
                  }
                }
              },
            },
          },
        }""")


def test_two_references_get_a_boundary_each() -> None:
    query = ('{ citizen(nik: "1") { payments { drivingLicence { licence { number } } '
             'clearanceCertificate { certificate { finding } } } } }')
    guards = [f.guard for f in fetches(build("references", query).node) if f.guard is not None]
    assert [(g.type_name, g.key_field, g.category, g.fields) for g in guards] == [
        ("Citizen", "nik", "payments", ("payments",)),
        ("DrivingLicenceRef", "holderNik", "police", ("licence",)),
        ("ClearanceCertificateRef", "holderNik", "police", ("certificate",)),
    ]


def test_the_key_alone_needs_no_consent() -> None:
    """Selecting only the reference's key fields asks police nothing."""
    query = '{ citizen(nik: "1") { payments { drivingLicence { holderNik number } } } }'
    assert [f.service_name for f in fetches(build("references", query).node)] == ["identity", "payments"]


def _with_police(police: str) -> Supergraph:
    sdls = [SubgraphSDL("police", s.url, police) if s.name == "police" else s for s in reference_sdls()]
    return Supergraph.parse(compose(sdls))


def test_a_subject_that_is_not_a_key_field_cannot_be_planned() -> None:
    police = (FIXTURES / "references" / "police.graphql").read_text().replace(
        "consent:police:holderNik", "consent:police:owner")
    with pytest.raises(PlanningError, match="lacks its subject field owner"):
        build_plan(_with_police(police), parse(
            '{ citizen(nik: "1") { payments { drivingLicence { licence { number } } } } }'))


def test_a_key_of_several_fields_without_a_named_subject_cannot_be_planned() -> None:
    """``consent:police`` on a reference keyed by two fields: which is the citizen? Deny by
    refusing to plan rather than guess."""
    police = (FIXTURES / "references" / "police.graphql").read_text().replace(
        "consent:police:holderNik", "consent:police")
    with pytest.raises(PlanningError, match="must be one scalar field"):
        build_plan(_with_police(police), parse(
            '{ citizen(nik: "1") { payments { drivingLicence { licence { number } } } } }'))
