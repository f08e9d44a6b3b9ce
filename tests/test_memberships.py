"""Memberships: which countries belong to which organisation, only when the text says so."""

from __future__ import annotations

import pytest

from kg.extract import docdata, extraction_pipeline
from tests.support.extract_kb import TinyKB, run


@pytest.fixture(scope="module")
def members(tiny_extractor):
    def _members(body: str):
        art, doc = run(tiny_extractor, body)
        found = docdata.memberships_of(doc)
        return art, {(m.member, m.organization) for m in found}, found

    return _members


EAC = "org/east-african-community"


def test_an_inclusion_verb_lists_the_members(members):
    _, pairs, _ = members("The East African Community includes Kenya, Tanzania, Uganda and Rwanda.")
    assert pairs == {(f"country/{c}", EAC) for c in ("kenya", "tanzania", "uganda", "rwanda")}


def test_joining_makes_a_member(members):
    _, pairs, _ = members("Somalia joined the East African Community in 2023.")
    assert pairs == {("country/somalia", EAC)}


def test_joining_with_the_organisation_named_in_the_sentence_before(members):
    _, pairs, _ = members(
        "The East African Community has grown since 2000. Sudan joined in 2016 and Chad in 2024, officials said."
    )
    assert pairs == {("country/sudan", EAC), ("country/chad", EAC)}


def test_joining_something_that_is_not_an_organisation_is_not_membership(members):
    _, pairs, _ = members("Kenya joined the talks in Geneva, and the African Union welcomed it.")
    assert pairs == set()


def test_a_list_after_a_colon_with_it_for_the_organisation(members):
    _, pairs, _ = members(
        "The UN Security Council met on Friday. It has five permanent members, all with a veto: "
        "France, the United States, Germany, Italy and Nigeria."
    )
    council = "org/united-nations-security-council"
    assert pairs == {(f"country/{c}", council) for c in ("france", "united-states", "germany", "italy", "nigeria")}


def test_elected_as_members_of(members):
    _, pairs, _ = members(
        "The assembly elected Kenya, Rwanda and Chad as non-permanent members of the UN Security Council for two years."
    )
    council = "org/united-nations-security-council"
    assert pairs == {("country/kenya", council), ("country/rwanda", council), ("country/chad", council)}


def test_the_three_countries_that_formed_a_group_are_its_members(members):
    _, pairs, _ = members(
        "Sudan, Chad and Nigeria signed a border deal last year. The three countries have now "
        "formed their own bloc, the Lake Basin Alliance (LBA)."
    )
    alliance = "org/lake-basin-alliance"
    assert pairs == {("country/sudan", alliance), ("country/chad", alliance), ("country/nigeria", alliance)}


def test_countries_merely_mentioned_together_are_not_members(members):
    _, pairs, _ = members("Kenya and Uganda sent envoys to the African Union summit in Addis Ababa.")
    assert pairs == set()


def test_evidence_is_the_sentence(members):
    art, _, found = members("Talks went on. The East African Community includes Kenya and Uganda. It met again.")
    for m in found:
        assert art.body[m.evidence.begin : m.evidence.end] == m.evidence.text
        assert m.evidence.text == "The East African Community includes Kenya and Uganda."
        assert 0.0 < m.confidence <= 1.0


def test_an_organisation_member_compound_and_an_ordinal_member(members):
    _, pairs, _ = members(
        "Rwanda became the East African Community's seventh member in 2007. African Union member Chad sent troops."
    )
    assert pairs == {("country/rwanda", EAC), ("country/chad", "org/african-union")}


def test_made_up_of_lists_the_members(members):
    _, pairs, _ = members("The East African Community, made up of Kenya, Uganda and Tanzania, issued a statement.")
    assert pairs == {("country/kenya", EAC), ("country/uganda", EAC), ("country/tanzania", EAC)}


@pytest.mark.slow  # a pipeline of its own over the real model
def test_the_alliance_is_the_body_the_report_is_about_not_the_dateline_agency():
    from kg.link import GazetteerEntry
    from tests.support.extract_kb import ENTRIES

    kb = TinyKB(
        ENTRIES
        + [
            GazetteerEntry(
                "AP", "Organization", "Associated Press", "org/associated-press", subtype="NewsAgency", exact=True
            )
        ]
    )
    body = (
        "NAIROBI (AP) - Leaders of the East African Community met in Nairobi on Monday.\n\n"
        "It is the first summit for Somalia as a full member of the alliance, which it joined in 2023 after "
        "Kenya and Uganda dropped their objections.\n\nSudan joined in 2016."
    )
    _, doc = run(extraction_pipeline(kb=kb), body)
    pairs = {(m.member, m.organization) for m in docdata.memberships_of(doc)}
    # Kenya and Uganda, named after "after", were members already; nothing joins the news agency
    assert pairs == {("country/somalia", EAC), ("country/sudan", EAC)}


def test_members_named_after_the_organisation_and_the_word_members(members):
    _, pairs, _ = members("African Union members Kenya and Uganda have raised defence spending sharply.")
    assert pairs == {("country/kenya", "org/african-union"), ("country/uganda", "org/african-union")}


AU = "org/african-union"


@pytest.mark.parametrize(
    "body,expected",
    [
        # accession and its result
        ("Somalia formally joined the East African Community on Tuesday.", {("country/somalia", EAC)}),
        ("Rwanda became the seventh member of the East African Community in 2007.", {("country/rwanda", EAC)}),
        ("Rwanda became the bloc's seventh member. The East African Community welcomed it.", set()),
        (
            "The East African Community met in Nairobi. Rwanda formally became the seventh member of the organisation.",
            {("country/rwanda", EAC)},
        ),
        # a member described as one
        ("Uganda is a founding member of the East African Community.", {("country/uganda", EAC)}),
        (
            "Kenya and Uganda, both East African Community members, opposed the plan.",
            {("country/kenya", EAC), ("country/uganda", EAC)},
        ),
        (
            "The leaders of East African Community countries — Kenya, Uganda and Tanzania — met in Arusha.",
            {("country/kenya", EAC), ("country/uganda", EAC), ("country/tanzania", EAC)},
        ),
        (
            "The East African Community, a grouping of Kenya, Uganda and Tanzania, issued a statement.",
            {("country/kenya", EAC), ("country/uganda", EAC), ("country/tanzania", EAC)},
        ),
        # only a member can be suspended from a body or leave it
        ("The African Union suspended Sudan after the coup.", {("country/sudan", AU)}),
        (
            "It decided to suspend the participation of Chad in all activities of the African Union.",
            {("country/chad", AU)},
        ),
        ("Ethiopia's government has announced it is withdrawing from the African Union.", {("country/ethiopia", AU)}),
        # what is not membership
        ("Kenya and Uganda signed a strategic alliance with the African Union.", set()),
        ("The African Union condemned the attack on Sudan.", set()),
    ],
)
def test_membership_shapes(members, body, expected):
    _, pairs, found = members(body)
    assert pairs == expected
    for m in found:  # every membership keeps the sentence that states it
        assert m.evidence.text in body
