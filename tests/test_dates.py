"""Date expressions normalised against the publication date, at the precision the words support."""

import pytest

from kg.extract.dates import find_dates

# Published on Monday 27 October 2025 unless a case says otherwise.
PUB = "2025-10-27"


def values(text, published=PUB):
    return [(d.text, d.value, d.end_value) for d in find_dates(text, published)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Officials met on Monday.", "2025-10-27"),  # the publication day is a Monday
        ("Late on Sunday, the president spoke.", "2025-10-26"),
        ("The minister said on Saturday that", "2025-10-25"),
        ("The envoy arrived Thursday morning.", "2025-10-23"),
        ("They agreed on October 19 to stop.", "2025-10-19"),
        ("They agreed on 19 October to stop.", "2025-10-19"),
        ("Talks opened on Oct. 2, 2024 in Doha.", "2024-10-02"),
        ("In Sept. 2025, the two signed a pact.", "2025-09"),
        ("The pact was signed in June 2024.", "2024-06"),
        ("The alliance was formed in Dec. 2015.", "2015-12"),
        ("In 2017, he was appointed.", "2017"),
        ("The strike this month on the capital", "2025-10"),
        ("Prices rose last month.", "2025-09"),
        ("It was founded last year.", "2024"),
        ("The process began 8 months ago.", "2025-02"),
        ("The process began eight months ago.", "2025-02"),  # numbers in words: the table of numbers.yaml
        ("The truce broke down a week ago.", "2025-10-20"),
        ("The treaty was signed twenty years ago.", "2005"),
        ("Today marks the end of the exchange.", "2025-10-27"),
        ("The border was settled in 1899 by award.", "1899"),
        ("after meeting the leader in May", "2025-05"),
        ("since forces took power in December", "2024-12"),  # a later month than publication: last year's
    ],
)
def test_single_expressions(text, expected):
    found = values(text)
    assert [v for _, v, _ in found] == [expected]


def test_spans_give_start_and_end():
    assert values("A delegation is visiting from Feb. 2-6 to train.", "2026-02-02") == [
        ("Feb. 2-6", "2026-02-02", "2026-02-06")
    ]
    assert values("Clashes over the weekend killed five.") == [("over the weekend", "2025-10-25", "2025-10-26")]
    assert values("members for 2026-2027") == [("2026-2027", "2026", "2027")]


def test_yesterday_named_day_and_this_week():
    assert values("Yesterday Monday, she was elected.", "2025-06-03")[0][1] == "2025-06-02"
    assert values("This week, the army advanced.", "2025-03-26")[0][1] == "2025-03"


def test_unknown_publication_date_keeps_only_absolute_dates():
    found = values("On Monday the treaty signed in June 2024 was invoked this month.", None)
    assert [v for _, v, _ in found] == ["2024-06"]


def test_offsets_point_at_the_words():
    text = "The two sides met in Istanbul on Monday after clashes in 2021."
    for d in find_dates(text, PUB):
        assert text[d.begin : d.end] == d.text


def test_numbers_that_are_not_years_are_left_alone():
    assert values("along the 2,600 km (1,600 miles) border with 2000 troops") == []
    assert values("this may be the end") == []  # "may" the verb, not the month


@pytest.mark.parametrize(
    "text",
    [
        "Talks were held last week in Geneva.",
        "Both sides met a fortnight ago, on Thursday.",
        "It happened in March.",
        "Three days ago the town fell.",
        "Over the weekend the ministers spoke.",
        "The summit closed in 2019.",
    ],
)
def test_one_word_of_time_is_enough_to_be_read(text):
    # find_dates skips text with no digit and no word of time at all; these each have one
    assert find_dates(text, "2025-03-12")


def test_text_without_any_word_of_time_has_no_dates():
    assert find_dates("The minister said the talks were useful and would go on.", "2025-03-12") == []
