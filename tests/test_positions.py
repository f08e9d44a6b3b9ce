"""Officials' posts: who holds which post of whom, as a reader of the graph will query them."""

from __future__ import annotations

import pytest

from kg.extract import docdata
from tests.support.extract_kb import run


@pytest.fixture(scope="module")
def posts(tiny_extractor):
    def _posts(body: str):
        art, doc = run(tiny_extractor, body)
        return art, docdata.entities_of(doc), docdata.positions_of(doc)

    return _posts


def one(positions, holder):
    mine = [p for p in positions if p.holder == holder]
    assert len(mine) == 1, positions
    return mine[0]


def case(name: str, body: str, holder: str, **post):
    """A sentence, whose post it names, and what the post must read (title, of, former, rank: the ones given)."""
    return pytest.param(body, holder, post, id=name.replace(" ", "-"))


# One post read from one text: the holder has exactly one post, with these fields.
ONE_POST = [
    case(
        "a possessive owner and former are read",
        "France's former foreign minister Claire Dubois said the talks had failed.",
        "person/claire-dubois",
        title="foreign minister",
        of="country/france",
        former=True,
    ),
    case(
        "an apposition with for names the organisation",
        "Amina Yusuf, a spokesperson for the African Union, said the summit would go ahead.",
        "person/amina-yusuf",
        title="spokesperson",
        of="org/african-union",
    ),
    case(
        "an apposition after the name with the owner first",
        "Peter Otieno, AU Commission Chairperson, said the vote was fair.",
        "person/peter-otieno",
        title="chairperson",
        of="org/au-commission",
    ),
    case(
        "a rank is kept apart from the post",
        "Ethiopian army chief Field Marshal Birhanu Jula Gelalcha visited the front.",
        "person/birhanu-jula-gelalcha",
        title="chief",
        rank="Field Marshal",
        of="org/ethiopian-armed-forces",
    ),
    case(
        "a post with its of-phrase before the name",  # of: the same node as "the Ugandan army"
        "Chief of the Defence Forces of Uganda, General Muhoozi Kainerugaba, met the envoy.",
        "person/muhoozi-kainerugaba",
        of="org/ugandan-armed-forces",
        title="chief of the defence forces of uganda",
    ),
    case(
        "an appointment gives the post",
        "In 2019, Grace Wambui was appointed as the East African Community secretary-general.",
        "person/grace-wambui",
        title="secretary-general",
        of="org/east-african-community",
    ),
    case(
        "the knowledge base supplies the country when the text does not",
        "President William Ruto opened the session.",
        "person/william-ruto",
        of="country/kenya",
    ),
    case(
        "a lower-case post before a full name",
        "Kenyan Defence Ministry spokesperson Joseph Kiprono Mutai told reporters on Friday.",
        "person/joseph-kiprono-mutai",
        title="spokesperson",
        of="org/kenyan-defence-ministry",
    ),
    case(
        "secretary general without a hyphen is one post",
        "African Union Secretary General Amina Osei opened the meeting in Addis Ababa.",
        "person/amina-osei",
        title="secretary general",
        of="org/african-union",
        rank=None,
    ),
    case(
        "a government spokeswoman speaks for the government named before",
        "Kenya's government and the rebels met in Geneva on Monday, with Uganda as a guarantor. "
        "Government spokeswoman Amina Osei said the talks would resume next week.",
        "person/amina-osei",
        title="government spokeswoman",
        of="country/kenya",
    ),
    case(
        "a rights commissioner in apposition",
        "Kenya's human rights commissioner, Dmytro Lubinets, said Nairobi would keep pressing for the return of "
        "civilians.",
        "person/dmytro-lubinets",
        title="human rights commissioner",
        of="country/kenya",
    ),
    case(
        "the owner after the name",
        "Veils are a backward view of Islam, President Amina Osei of Kenya has said.",
        "person/amina-osei",
        title="president",
        of="country/kenya",
    ),
    case(
        "the bloc's post belongs to the bloc named before",
        "NAIROBI (AP) - East African Community ministers met on Friday, with the bloc's foreign policy chief Amina "
        "Osei calling for calm.",
        "person/amina-osei",
        title="foreign policy chief",
        of="org/east-african-community",
    ),
    case(
        "an ex-president of a country named after the name",
        "A day after ex-president Tomas Ferreira of Kenya said he backed her, the talks resumed.",
        "person/tomas-ferreira",
        title="president",
        of="country/kenya",
        former=True,
    ),
    case(
        "without words for the owner the subject country of the verb is used",
        "Turkey, which hosts U.S. aircraft, sent Vice President Cevdet Ali Yilmaz to the talks.",
        "person/cevdet-ali-yilmaz",
        of="country/turkey",
    ),
    case(
        "a post without an owner belongs to the country the story is set in",
        "Kenya held a vote in Nairobi on Monday. Foreign Minister Mary Wanjiru said the result would be announced "
        "in Nairobi.",
        "person/mary-wanjiru",
        of="country/kenya",
    ),
]


@pytest.mark.parametrize("body,holder,post", ONE_POST)
def test_one_post_is_read_with_its_title_owner_rank_and_former(posts, body, holder, post):
    _, _, positions = posts(body)
    pos = one(positions, holder)
    assert {field: getattr(pos, field) for field in post} == post


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(
            "The deal freed the brother of the former Sudanese President, Major General Ali Hassan Omer.",
            id="a-post-of-someone-else-is-not-given-to-the-name-after-it",
        ),
        pytest.param(
            "In Uganda, opposition leader Robert Kyagulanyi Ssentamu was arrested again.",
            id="an-opposition-leader-is-not-the-leader-of-the-country-named-before",
        ),
    ],
)
def test_no_post_is_read(posts, body):
    _, _, positions = posts(body)
    assert positions == []


def test_a_demonym_before_the_post_says_whose_post_it_is(posts):
    _, found, positions = posts("Kenyan President William Ruto arrived in Addis Ababa on Monday.")
    pos = one(positions, "person/william-ruto")
    assert (pos.title, pos.of, pos.former) == ("president", "country/kenya", False)
    assert found.entities["person/william-ruto"].type == "Official"


def test_a_post_without_any_owner_is_dropped(posts):
    _, found, positions = posts("Spokesperson Daniel Mwangi declined to comment.")
    assert positions == []
    assert "person/daniel-mwangi" in found.entities  # still a person


def test_a_post_before_the_next_name_is_not_an_apposition_of_the_first(posts):
    _, _, positions = posts("Kenyan President William Ruto, Ugandan Prime Minister Robinah Nabbanja and others met.")
    assert one(positions, "person/william-ruto").of == "country/kenya"
    assert one(positions, "person/robinah-nabbanja").of == "country/uganda"


def test_evidence_is_the_sentence_at_its_exact_offsets(posts):
    art, _, positions = posts("Talks resumed. Somali President Hassan Ali Mohamed said he was hopeful. Nothing else.")
    pos = one(positions, "person/hassan-ali-mohamed")
    assert art.body[pos.evidence.begin : pos.evidence.end] == pos.evidence.text
    assert pos.evidence.text == "Somali President Hassan Ali Mohamed said he was hopeful."
    assert 0.0 <= pos.confidence <= 1.0


def test_a_post_inside_a_capitalised_phrase_is_not_a_place(posts):
    _, found, positions = posts("U.S. Secretary of State John Adeyemi Cole flew to Nairobi.")
    assert not [e for e in found.entities.values() if "Secretary" in e.label]
    pos = one(positions, "person/john-adeyemi-cole")
    assert (pos.title, pos.of) == ("secretary of state", "country/united-states")


def test_the_kb_country_is_used_only_for_the_post_the_kb_knows(posts):
    _, _, positions = posts("Commission chief Maria Santos said the report was late.")
    assert positions == []  # the KB knows her as Italy's prime minister, not as a chief of anything
    _, _, positions = posts("Prime Minister Maria Santos said the report was late.")
    assert one(positions, "person/maria-santos").of == "country/italy"


def test_an_official_named_only_by_post_holds_that_post(posts):
    _, found, positions = posts(
        "The talks stalled on Monday. The French foreign minister said the window for "
        "diplomacy was closing, and Kenya's president called for calm."
    )
    fm = one(positions, "person/french-foreign-minister")
    assert (fm.title, fm.of) == ("foreign minister", "country/france")
    assert found.entities[fm.holder].type == "Official"
    assert found.entities[fm.holder].label == "French foreign minister"
    president = one(positions, "person/kenya-s-president")
    assert (president.title, president.of) == ("president", "country/kenya")
    assert any(m.key == fm.holder and m.type == "Official" for m in found.mentions)  # events can name it


def test_no_unnamed_official_for_a_named_one_or_for_officials_in_general(posts):
    _, found, positions = posts(
        "French Foreign Minister Claire Dubois arrived in Geneva. Officials said the "
        "French foreign minister would stay two days. A spokesperson declined to comment. "
        "Kenya's deputy ministers and his Kenyan counterpart also attended."
    )
    assert [p.holder for p in positions] == ["person/claire-dubois"]
    assert not [k for k, e in found.entities.items() if e.type == "Official" and k != "person/claire-dubois"]


def test_a_post_named_with_its_complement_hides_the_unnamed_one(posts):
    # "Ambassador to Niger" is the ambassador: "the French ambassador" later is that person, not a second one
    _, found, positions = posts(
        "French Ambassador to Kenya Claire Dubois left Nairobi on Wednesday. In August the "
        "Kenyan government had asked the French ambassador to leave."
    )
    assert [p.holder for p in positions] == ["person/claire-dubois"]
    assert not [k for k, e in found.entities.items() if e.type == "Official" and k != "person/claire-dubois"]


def test_a_spokesman_for_a_body_named_in_apposition(posts):
    _, found, positions = posts(
        "A spokesman for the African Union, Tomas Ferreira, said the attack was a response to weeks of shelling."
    )
    pos = one(positions, "person/tomas-ferreira")
    assert pos.of == "org/african-union" and "spokesman" in pos.title
    assert found.entities["person/tomas-ferreira"].type == "Official"


def test_a_country_that_owns_another_post_is_not_the_next_persons(posts):
    _, found, positions = posts("On Monday the Kenyan president met Prime Minister Tomas Ferreira in Geneva.")
    assert not [p for p in positions if p.holder == "person/tomas-ferreira" and p.of == "country/kenya"], positions


def test_one_unnamed_official_per_post_and_none_when_the_kb_knows_the_holder(posts):
    _, found, positions = posts(
        'Kenya\'s president defended the deal on Monday. "It was done by the rules," the Kenyan president said.'
    )
    presidents = [p for p in positions if p.of == "country/kenya" and p.title.endswith("president")]
    assert len(presidents) == 1
    holder = found.entities[presidents[0].holder]
    assert holder.label == "Kenya's president" and "Kenyan president" in holder.aliases
    _, found, positions = posts("Italy's prime minister defended the deal. Maria Santos said it was fair.")
    assert [p.holder for p in positions if p.of == "country/italy"] in ([], ["person/maria-santos"])


def test_no_unnamed_official_when_a_person_carries_that_title(posts):
    _, found, positions = posts(
        "Mr Ferreira wrote to President Ferreira's allies. The election of the Kenyan "
        "president was significant, Tomas Ferreira said."
    )
    assert not [k for k in found.entities if k.startswith("person/kenyan")], sorted(found.entities)


def test_junta_cabinet_and_commission_posts(posts):
    _, _, positions = posts(
        "Col. Tomas Ferreira, Chad's junta leader, met Kenya's Defence Cabinet Secretary Amina Osei in Nairobi."
    )
    assert (one(positions, "person/tomas-ferreira").title, one(positions, "person/tomas-ferreira").of) == (
        "junta leader",
        "country/chad",
    )
    assert one(positions, "person/amina-osei").title == "defence cabinet secretary"


def test_no_unnamed_official_after_a_person_named_without_a_post(posts):
    _, found, positions = posts(
        "Tomas Ferreira began a tour of Africa on Monday. On the fourth day, the Kenyan "
        "president predicted a vaccine would be found."
    )
    assert not [k for k in found.entities if k.startswith("person/kenyan")], sorted(found.entities)


def test_a_named_minister_of_another_country_does_not_hide_an_unnamed_one(posts):
    _, found, positions = posts(
        "Kenyan Foreign Minister Amina Osei said the talks had failed. The French foreign "
        "minister said the window for diplomacy was closing."
    )
    assert one(positions, "person/french-foreign-minister").of == "country/france"


@pytest.mark.parametrize(
    "body,holder,title,owner",
    [
        (
            "Presidents William Ruto of Kenya, Samia Hassan of Tanzania and Yoweri Museveni of Uganda "
            "arrived in Nairobi.",
            "person/samia-hassan",
            "president",
            "country/tanzania",
        ),
        (
            "Kenya Prime Minister and Foreign Minister Amina Osei called the attack terrorism.",
            "person/amina-osei",
            "foreign minister",
            "country/kenya",
        ),
        (
            "Kenya Prime Minister and Foreign Minister Amina Osei called the attack terrorism.",
            "person/amina-osei",
            "prime minister",
            "country/kenya",
        ),
        (
            "French Ambassador to Nigeria Pierre Dubois departed from Abuja early on Wednesday.",
            "person/pierre-dubois",
            "ambassador",
            "country/france",
        ),
        (
            "Mary Wanjiru will remain Secretary General of the African Union until March.",
            "person/mary-wanjiru",
            "secretary general",
            "org/african-union",
        ),
        (
            "The African Union said its chairman, Jordan Okafor, would travel to Addis Ababa.",
            "person/jordan-okafor",
            "chairman",
            "org/african-union",
        ),
    ],
)
def test_post_shapes(posts, body, holder, title, owner):
    _, _, positions = posts(body)
    assert any(p.holder == holder and title in p.title and p.of == owner for p in positions), positions


def test_a_description_of_a_post_refers_to_its_named_holder(posts):
    _, found, _ = posts(
        "Kenyan President William Ruto arrived in Geneva. The Kenyan President then met the envoys. "
        "The president said the talks went well."
    )
    ruto = [m.text for m in found.mentions if m.key == "person/william-ruto"]
    assert ruto == ["William Ruto", "President", "president"]


def test_a_description_two_holders_fit_refers_to_no_one(posts):
    _, found, _ = posts(
        "Kenyan President William Ruto met Ugandan President Yoweri Museveni in Geneva. "
        "The president said the talks went well."
    )
    assert not [m for m in found.mentions if m.text == "president"]


def test_a_counterpart_holds_the_post_of_the_official_named_before(posts):
    _, _, positions = posts("Kenyan Defence Minister Mary Wanjiru met her Ugandan counterpart Joseph Okello in Geneva.")
    assert (one(positions, "person/joseph-okello").title, one(positions, "person/joseph-okello").of) == (
        "defence minister",
        "country/uganda",
    )
    _, _, positions = posts("Ruto and his counterpart, Joseph Okello, spoke on Monday.")
    assert not [p for p in positions if p.holder == "person/joseph-okello"]  # whose post, the text does not say


def test_no_country_is_guessed_for_a_post_only_bodies_have_or_for_a_visitor(posts):
    _, _, positions = posts(
        "Kenya held a vote in Nairobi on Monday. As Secretary General, Joseph Okello will head the secretariat."
    )
    assert not [p for p in positions if p.holder == "person/joseph-okello" and p.of == "country/kenya"]
    _, _, positions = posts(
        "Kenya held a vote in Nairobi on Monday. Foreign Minister Mary Wanjiru is in Kenya for the talks."
    )
    assert not [p for p in positions if p.holder == "person/mary-wanjiru" and p.of == "country/kenya"]
