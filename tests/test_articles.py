"""The article readers: the three input forms, the seed's two pages, bad input, and offsets that hold."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kg.articles import (
    MAX_TEXT_BYTES,
    article_id,
    parse_date,
    parse_text,
    read_file,
    read_paths,
)
from kg.errors import InputError
from kg.model import Article

SEED = "000_ff348a236d73ca7f.txt"


# --- the seed: a raw scraped file holding two pages ------------------------------------------------


def test_seed_file_splits_into_its_two_articles_with_headlines_and_dates(seed_dir):
    result = read_file(seed_dir / SEED)
    assert result.errors == []
    titles = [a.title for a in result.articles]
    assert titles == [
        "Afghan, Pakistan peace talks enter third day as Trump again offers help",
        "Islamic military coalition, Pakistan to deepen cooperation to combat ‘terrorism’ — Pakistani military",
    ]
    assert [a.published for a in result.articles] == ["2025-10-27", "2026-02-02"]
    assert [a.dateline for a in result.articles] == ["ISLAMABAD", "ISLAMABAD"]


def test_seed_summary_bullets_are_kept_out_of_the_body(seed_dir):
    first, second = read_file(seed_dir / SEED).articles
    assert first.summary[0] == (
        "Two Pakistan security sources accused the Afghan Taliban of not cooperating with the dialogue process"
    )
    assert len(first.summary) == 2 and len(second.summary) == 2
    assert "•" not in first.body and "•" not in second.body


def test_seed_page_furniture_is_dropped_and_the_headline_not_repeated(seed_dir):
    for art in read_file(seed_dir / SEED).articles:
        lines = art.body.split("\n")
        assert "Short Url" not in lines and "Follow" not in lines
        assert not any(line.startswith("Updated ") for line in lines)
        assert art.title not in art.body


def test_seed_photo_caption_opens_the_body_and_is_marked(seed_dir):
    first, second = read_file(seed_dir / SEED).articles
    (caption,) = first.sections
    assert caption.kind == "caption" and caption.begin == 0
    text = first.body[caption.begin : caption.end]
    assert text.startswith("Afghan refugees deported from Pakistan") and text.endswith("(AFP/File)")
    # The article text follows the caption, from its dateline paragraph on.
    assert first.body[caption.end :].lstrip().startswith("ISLAMABAD: Afghanistan and Pakistan officials met")
    assert second.sections == () and second.body.startswith("ISLAMABAD: Pakistan and the Islamic Military")
    assert second.body.endswith("an act of aggression against both.")


def test_ids_are_stable_and_distinct(seed_dir):
    once = [a.id for a in read_file(seed_dir / SEED).articles]
    again = [a.id for a in read_file(seed_dir / SEED).articles]
    assert once == again and len(set(once)) == 2
    assert all(len(i) == 16 and int(i, 16) >= 0 for i in once)


def test_id_ignores_white_space_and_unicode_form_but_not_words():
    assert article_id("Café  talks\nbegan.") == article_id("Cafe\u0301 talks began.")
    assert article_id("Talks began.") != article_id("Talks ended.")


# --- header text and JSON Lines ------------------------------------------------------------------

HEADER_ARTICLE = """Title: Ministers meet in Geneva
Source: https://example.org/news/1
Published: 2024-05-06

GENEVA: The foreign ministers of two countries met on Monday.
They agreed to meet again.
"""


def test_header_form_gives_title_url_date_and_the_exact_body(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(HEADER_ARTICLE, encoding="utf-8")
    (art,) = read_file(path).articles
    assert (art.title, art.url, art.published, art.dateline) == (
        "Ministers meet in Geneva",
        "https://example.org/news/1",
        "2024-05-06",
        "GENEVA",
    )
    assert art.body == "GENEVA: The foreign ministers of two countries met on Monday.\nThey agreed to meet again."
    assert art.source_path == str(path)


@pytest.mark.parametrize(
    "lead, place",
    [
        ("Ankara (UNA/QNA) – ", "Ankara"),
        ("Metro Manila, Philippines — ", "Metro Manila"),
        ("Aden (South24) - ", "Aden"),
        ("BRUSSELS – ", "BRUSSELS"),
        ("NAIROBI, Kenya (AP) — ", "NAIROBI"),
        ("LONDON, Jan 5 (Reuters) - ", "LONDON"),
        ("Kabul, 5 January 2025 (Reuters) - ", "Kabul"),
        ("Islamabad (APP): ", "Islamabad"),
        ("Port-au-Prince, Haiti – ", "Port-au-Prince"),
    ],
)
def test_header_form_records_the_dateline_and_keeps_it_in_the_body(lead, place):
    body = lead + "The foreign ministers of two countries met on Monday.\nThey agreed to meet again."
    (art,) = parse_text(f"Title: Ministers meet\nPublished: 2024-05-06\n\n{body}\n").articles
    assert art.dateline == place
    assert art.body == body  # recorded, not cut: offsets into the body still hold


@pytest.mark.parametrize(
    "opening",
    [
        "President Biden said – the talks would go on.",
        "The talks, held in Doha – a first since March – ended.",
        "Foreign Minister Wang Yi – who arrived on Monday – met his host.",
        "David Blunkett - who has resigned as home secretary - built his reputation.",
        "Roger Federer - nice bloke, fantastic tennis player - won again.",
        "Analysis: The talks stall again.",
        "Result: Nadal beat Roddick in four sets.",
        "Iran and Iraq - neighbours and rivals - signed a pact.",
        "Guinea-Bissau says the vote will go ahead.",
    ],
)
def test_an_ordinary_first_sentence_is_no_dateline(opening):
    (art,) = parse_text(f"Title: News\nPublished: 2024-05-06\n\n{opening}\n").articles
    assert art.dateline is None and art.body == opening


def test_a_mixed_case_dateline_places_an_undated_meeting(extractor):
    from kg.extract.pipeline import extract

    text = (
        "Title: Talks\nPublished: 2025-03-04\n\n{}The foreign ministers of Yemen and Oman met to discuss the truce.\n"
    )
    (placed,) = parse_text(text.format("Aden (South24) – ")).articles
    (plain,) = parse_text(text.format("")).articles
    assert [(e.category, e.location) for e in extract(placed, nlp=extractor).events] == [("Meeting", "place/aden")]
    assert [(e.category, e.location) for e in extract(plain, nlp=extractor).events] == [("Meeting", None)]


def test_header_form_unknown_date_is_none_and_a_bad_date_warns(tmp_path):
    (tmp_path / "a.txt").write_text(HEADER_ARTICLE.replace("2024-05-06", "unknown"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(HEADER_ARTICLE.replace("2024-05-06", "2024-13-45"), encoding="utf-8")
    result = read_paths([tmp_path])
    assert [a.published for a in result.articles] == [None, None]
    assert len(result.warnings) == 1 and "b.txt" in str(result.warnings[0])
    assert "2024-13-45" in str(result.warnings[0])


def test_dev_articles_all_load_in_header_form(repo_root):
    folder = repo_root.parent / "shared" / "dev" / "articles"
    if not folder.is_dir():
        import pytest

        pytest.skip("no dev articles beside the repository")
    result = read_paths([folder])
    assert result.errors == [] and len(result.articles) >= 10
    assert all(a.title and a.url and a.body for a in result.articles)


def test_jsonl_reads_each_line_and_reports_bad_lines_by_number(tmp_path):
    good = {
        "title": "Talks resume",
        "published": "2025-01-02T10:00:00Z",
        "url": "https://e.org/2",
        "text": "Talks resumed in Doha on Thursday.",
    }
    lines = [
        json.dumps(good),
        "{not json",
        json.dumps({"title": "No body"}),
        "",
        json.dumps(dict(good, text="A second article.", published=None)),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = read_file(path)
    assert [(a.title, a.published, a.source_line) for a in result.articles] == [
        ("Talks resume", "2025-01-02", 1),
        ("Talks resume", None, 5),
    ]
    assert result.articles[0].body == "Talks resumed in Doha on Thursday."
    assert [(e.line, e.path) for e in result.errors] == [(2, str(path)), (3, str(path))]
    assert "not JSON" in result.errors[0].reason and '"text"' in result.errors[1].reason


def test_each_form_is_told_by_its_content_and_json_lines_also_by_suffix(tmp_path):
    line = json.dumps({"title": "Talks resume", "published": "2025-01-02", "text": "Talks resumed in Doha."})
    (tmp_path / "pasted.txt").write_text(line + "\n", encoding="utf-8")  # JSON Lines without the suffix
    (tmp_path / "feed.ndjson").write_text(line + "\n", encoding="utf-8")
    header = "Published: 2025-01-03\nTitle: Ministers meet\n\nThey met.\n"
    (tmp_path / "header.txt").write_text(header, encoding="utf-8")
    (tmp_path / "page.txt").write_text("Ministers meet\n\nUpdated 4 January 2025\n\nThey met.\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text(line + "\n", encoding="utf-8")  # not an article file: not read
    result = read_paths([tmp_path])
    assert result.errors == []
    assert sorted((a.source_path.rsplit("/", 1)[-1], a.title, a.published) for a in result.articles) == [
        ("feed.ndjson", "Talks resume", "2025-01-02"),
        ("header.txt", "Ministers meet", "2025-01-03"),
        ("page.txt", "Ministers meet", "2025-01-04"),
        ("pasted.txt", "Talks resume", "2025-01-02"),
    ]


# --- bad input: each file gets its error, the rest of the batch loads ------------------------------


def test_a_batch_with_bad_files_still_loads_the_good_ones(tmp_path):
    (tmp_path / "good.txt").write_text(HEADER_ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n \n", encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (tmp_path / "nul.txt").write_bytes(b"Title: x\x00\x00\x00\n\nbody")
    (tmp_path / ".hidden.txt").write_text(HEADER_ARTICLE, encoding="utf-8")
    (tmp_path / "README.txt").write_text("About this folder.\n", encoding="utf-8")
    result = read_paths([tmp_path, tmp_path / "missing.txt"])
    assert [a.title for a in result.articles] == ["Ministers meet in Geneva"]
    reasons = {e.path.rsplit("/", 1)[-1]: e.reason for e in result.errors}
    assert set(reasons) == {"empty.txt", "blank.txt", "image.txt", "nul.txt", "missing.txt"}
    assert "empty" in reasons["empty.txt"] and "empty" in reasons["blank.txt"]
    assert "binary" in reasons["image.txt"] and "PNG" in reasons["image.txt"]
    assert "binary" in reasons["nul.txt"]
    assert "no such file" in reasons["missing.txt"]
    assert all(isinstance(e, InputError) and str(e).startswith(e.path) for e in result.errors)


def test_windows_1252_file_loads_with_a_warning_naming_the_encoding(tmp_path):
    path = tmp_path / "cp.txt"
    path.write_bytes(HEADER_ARTICLE.replace("Ministers", "“Ministers”").encode("cp1252"))
    result = read_file(path)
    assert result.articles[0].title == "“Ministers” meet in Geneva"
    assert [w.message for w in result.warnings] == ["not valid UTF-8; decoded as Windows-1252"]


def test_latin_1_is_the_last_resort(tmp_path):
    path = tmp_path / "l1.txt"
    # 0x81 is undefined in Windows-1252, so only Latin-1 can decode this file.
    path.write_bytes(HEADER_ARTICLE.encode("ascii").replace(b"in Geneva", b"in Gen\xe8ve\x81"))
    result = read_file(path)
    assert result.errors == [] and "decoded as Latin-1" in result.warnings[0].message


def test_utf8_with_a_few_bad_bytes_keeps_its_utf8_text(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes(HEADER_ARTICLE.replace("Geneva", "Genève").encode("utf-8").replace(b"Monday", b"Mon\x96day"))
    result = read_file(path)
    assert result.articles[0].title == "Ministers meet in Genève"
    assert "Mon\ufffdday" in result.articles[0].body
    assert "1 invalid byte(s) replaced" in result.warnings[0].message


def test_a_file_named_twice_is_read_once_and_unreadable_folders_are_reported(tmp_path):
    (tmp_path / "a.txt").write_text(HEADER_ARTICLE, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(HEADER_ARTICLE, encoding="utf-8")
    locked.chmod(0)
    try:
        result = read_paths([tmp_path, tmp_path / "a.txt"])
        readable = os.access(locked, os.R_OK)  # root reads anything
    finally:
        locked.chmod(0o755)
    assert len(result.articles) == (2 if readable else 1)
    if not readable:
        assert "cannot read the folder" in result.errors[0].reason


def test_a_50_mb_text_file_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # a sparse file: the size alone decides
    (error,) = read_file(path).errors
    assert "52.4 MB" in error.reason and "JSON Lines" in error.reason
    assert MAX_TEXT_BYTES < 50 * 1024 * 1024


def test_an_oversized_json_line_is_refused_and_the_next_line_still_loads(tmp_path):
    path = tmp_path / "big.jsonl"
    big = json.dumps({"title": "Big", "text": "word " * 600_000})
    path.write_text(big + "\n" + json.dumps({"title": "Small", "text": "Short text."}) + "\n", encoding="utf-8")
    result = read_file(path)
    assert [a.title for a in result.articles] == ["Small"]
    assert result.errors[0].line == 1 and "at most" in result.errors[0].reason


# --- the raw form beyond the seed ------------------------------------------------------------------


def test_raw_page_without_a_date_takes_its_first_line_as_headline():
    (art,) = parse_text("Labour plans pay rise\n\nMaternity pay is to rise.\n\nMinisters agreed.\n").articles
    assert art.title == "Labour plans pay rise"
    assert art.body == "Maternity pay is to rise.\n\nMinisters agreed."
    assert art.published is None


def test_raw_pages_split_on_their_date_lines_without_repeated_headlines():
    text = (
        "Share\nFirst headline here\nPublished: March 3, 2025\n\nKABUL, Afghanistan — Text one.\n\n"
        "Second headline here\nUpdated 4 Mar 2025 10:15 GMT\n\nBy Jane Doe\n\nText two.\nRead more\n"
    )
    arts = parse_text(text).articles
    assert [(a.title, a.published, a.dateline) for a in arts] == [
        ("First headline here", "2025-03-03", "KABUL"),
        ("Second headline here", "2025-03-04", None),
    ]
    assert [a.body for a in arts] == ["KABUL, Afghanistan — Text one.", "Text two."]


def test_raw_page_with_standfirst_share_buttons_and_a_bare_date():
    page = (
        "Iran and Oman hold talks in Muscat\nForeign ministers discuss regional security.\n\n"
        "Published On 12 Mar 2025\n12 Mar 2025\n\nSave\nClick here to share on social media\nshare2\n\n"
        "The foreign ministers met in Muscat on Wednesday.\n\nThey discussed shipping.\n"
    )
    (art,) = parse_text(page).articles
    assert (art.title, art.published) == ("Iran and Oman hold talks in Muscat", "2025-03-12")
    assert art.summary == ("Foreign ministers discuss regional security.",)  # a standfirst, not a caption
    assert art.sections == ()
    assert art.body == "The foreign ministers met in Muscat on Wednesday.\n\nThey discussed shipping."


def test_raw_page_with_agency_caption_byline_and_relative_update():
    page = (
        "Border talks stall\nSoldiers patrol the border near Chaman, October 20, 2025. REUTERS/Staff\n"
        "By Jane Doe and John Roe\nOctober 27, 2025 5:34 PM GMT+8\nUpdated 2 hours ago\n\n"
        "ISLAMABAD/KABUL, Oct 27 (Reuters) - Talks stalled on Monday.\n"
    )
    (art,) = parse_text(page).articles
    assert (art.published, art.dateline) == ("2025-10-27", "ISLAMABAD/KABUL")
    (caption,) = art.sections
    assert art.body[caption.begin : caption.end].endswith("REUTERS/Staff")
    assert art.body.endswith("\n\nISLAMABAD/KABUL, Oct 27 (Reuters) - Talks stalled on Monday.")


def test_dates_in_the_usual_newspaper_forms():
    assert parse_date("27 October 2025") == "2025-10-27"
    assert parse_date("Oct. 27, 2025") == "2025-10-27"
    assert parse_date("Sept 3 2024") == "2024-09-03"
    assert parse_date("2025-02-30") is None


# --- properties: never crash, offsets hold ---------------------------------------------------------

line = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), min_size=1, max_size=60)
words = st.from_regex(r"[A-Z][a-z]{2,9}( [a-z]{2,9}){2,8}\.", fullmatch=True)


# Arbitrary text, and arbitrary text behind the openings that steer the reader to each form.
OPENINGS = st.sampled_from(
    [
        "",
        "Title: ",
        "Title: x\nPublished: ",
        "{",
        '{"text": ',
        "Headline\n\nUpdated ",
        "Updated 27 October 2025\n",
        "  • ",
        "ISLAMABAD: ",
        "Short Url\n",
    ]
)


@settings(max_examples=300, deadline=None)
@given(OPENINGS, st.text(max_size=400))
def test_readers_never_crash_on_arbitrary_text(opening, text):
    result = parse_text(opening + text)
    for art in result.articles:
        assert isinstance(art, Article) and art.body.strip() and art.id
        for sec in art.sections:
            assert 0 <= sec.begin <= sec.end <= len(art.body)
    for err in result.errors:
        assert isinstance(err, InputError) and err.reason


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_readers_never_crash_on_arbitrary_bytes(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("bytes") / "x.txt"
    path.write_bytes(data)
    result = read_file(path)
    assert len(result.articles) + len(result.errors) >= 1


@settings(max_examples=100, deadline=None)
@given(
    headline=words,
    caption=st.one_of(st.none(), words.map(lambda w: w + " (AFP/File)")),
    bullets=st.lists(words, max_size=3),
    paragraphs=st.lists(words, min_size=1, max_size=4),
    day=st.integers(1, 28),
)
def test_raw_page_round_trips_and_caption_offsets_index_the_body(headline, caption, bullets, paragraphs, day):
    assume(caption != headline and headline not in bullets + paragraphs)
    page = (
        f"{headline}\n\n" + (f"{caption}\n" if caption else "") + f"Short Url\nUpdated {day:02d} May 2024\nFollow\n\n"
    )
    page += f"{headline}\n\n" + "".join(f"  • {b}\n" for b in bullets) + "\nPARIS: " + "\n\n".join(paragraphs) + "\n"
    (art,) = parse_text(page + "\n\n" + page.replace("May", "June")).articles[:1]
    assert art.title == headline and art.published == f"2024-05-{day:02d}" and art.dateline == "PARIS"
    assert list(art.summary) == bullets
    text = "PARIS: " + "\n\n".join(paragraphs)
    if caption:
        (sec,) = art.sections
        assert art.body[sec.begin : sec.end] == caption
        assert art.body == caption + "\n\n" + text
    else:
        assert art.body == text


@settings(max_examples=100, deadline=None)
@given(title=line.filter(lambda t: t.strip()), body=st.text(min_size=1, max_size=300).filter(lambda t: t.strip()))
def test_header_form_keeps_the_body_exactly(title, body):
    body = body.replace("\r", "").strip("\n").rstrip()
    if not body.strip():
        return
    (art,) = parse_text(f"Title: {title}\nPublished: unknown\n\n{body}\n").articles
    assert art.body == body and art.title == " ".join(title.split())


@pytest.mark.parametrize(
    "source, url, publisher",
    [
        ("https://www.gulf-desk.example/news/1", "https://www.gulf-desk.example/news/1", None),
        ("Gulf Desk", None, "Gulf Desk"),  # an outlet named in words is its publisher, not an address
        ("/home/reporter/drafts/story.txt", None, None),  # a path on the writer's machine: neither, never shown
        ("C:\\Users\\reporter\\story.txt", None, None),
        ("file:///tmp/story.txt", None, None),
    ],
)
def test_a_source_line_is_an_address_or_a_publisher(source, url, publisher):
    text = f"Title: Talks resume\nSource: {source}\nPublished: 2025-03-04\n\nKenya and Uganda held talks in Nairobi.\n"
    (article,) = parse_text(text).articles
    assert (article.url, article.publisher) == (url, publisher)
