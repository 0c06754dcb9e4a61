"""Numbers read as a reader reads them, and claim values traced to their quotes (docs/numbers.md)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.numbers.messages import NOT_STATED, QUALIFIER, findings
from generator.numbers.reading import numbers_in
from generator.numbers.trace import trace_value


def values(text: str) -> list[Decimal]:
    return [number.value for number in numbers_in(text)]


def only(text: str):
    numbers = numbers_in(text)
    assert len(numbers) == 1, numbers
    return numbers[0]


def test_the_issue_example_names_the_value_and_the_number_the_quote_gives():
    trace = trace_value(1200, None, ["209,000 U.S. credit card numbers"], "count")
    assert trace.matched == (False,)
    assert [(finding.code, finding.message) for finding in findings(trace)] == [
        (NOT_STATED, "value 1200 is not stated in its quote, which gives 209,000")]
    assert "derivation:" in findings(trace)[0].hint


@pytest.mark.parametrize(("text", "value"), [
    ("1,100", 1100), ("1,100,000", 1100000), ("1 100", 1100), ("1\u00a0100", 1100), ("1\u202f100", 1100),
    ("1\u2009100", 1100), ("12 100 300", 12100300), ("1.100", 1100), ("1.100.000", 1100000), ("32.1", Decimal("32.1")),
    ("32,1", Decimal("32.1")), ("1,100.5", Decimal("1100.5")), ("1.100,5", Decimal("1100.5")),
    ("1 100,5", Decimal("1100.5")), ("0.100", Decimal("0.1")), ("1,10", Decimal("1.1")), ("2014", 2014),
    ("1.500 million", 1500000), ("12.500%", Decimal("12.5")),
])
def test_every_separator_style_reads_as_one_number(text, value):
    assert values(f"there were {text} of them") == [value]


@pytest.mark.parametrize(("text", "read"), [
    ("in 2014, 300 people", [2014, 300]),
    ("2014 300", [2014, 300]),
    ("1998 2 000 people", [1998, 2000]),
    ("1,100, 200 and 300", [1100, 200, 300]),
    ("18 2014", [18, 2014]),
    ("page 1\n200", [1, 200]),
])
def test_separate_numbers_are_not_merged(text, read):
    assert values(text) == read


@pytest.mark.parametrize(("text", "value"), [
    ("143 million", 143_000_000), ("1.5 billion", 1_500_000_000), ("200 thousand", 200_000), ("2 mln", 2_000_000),
    ("3 bn", 3_000_000_000), ("3bn", 3_000_000_000), ("2.5bn", 2_500_000_000), ("£5mn", 5_000_000),
    ("10k", 10_000), ("4 trillion", 4 * 10**12),
    ("5 тыс. человек", 5000), ("5 тысяч", 5000), ("2 тысячи", 2000), ("1,5 млн", 1_500_000),
    ("2 миллиона", 2_000_000), ("7 миллионов", 7_000_000), ("3 млрд", 3_000_000_000),
    ("4 миллиарда", 4_000_000_000), ("5 мың адам", 5000), ("12 млн", 12_000_000),
])
def test_scale_words_multiply_the_number_before_them(text, value):
    assert values(text) == [value]


def test_a_glued_m_is_not_a_million():
    assert values("a 5m wall") == [5]


@pytest.mark.parametrize(("text", "value"), [
    ("one", 1), ("twelve", 12), ("Nineteen", 19), ("forty", 40), ("forty-two", 42), ("twenty one", 21),
    ("a hundred", 100), ("three hundred", 300), ("three hundred and fifty", 350), ("twelve hundred", 1200),
    ("two thousand five hundred", 2500), ("one hundred thousand", 100_000), ("a thousand", 1000),
    ("twenty million", 20_000_000), ("a dozen", 12), ("two dozen", 24), ("zero", 0),
])
def test_english_number_words(text, value):
    assert values(f"they counted {text} of them") == [value]


@pytest.mark.parametrize("text", ["dozens of people", "hundreds of Kazakhs", "half of them", "a single citizen",
                                  "thousands of women", "millions of refugees", "someone", "two-thirds", "one third",
                                  "one fifth", "the twenty-first century", "twenty-second", "a hundredth"])
def test_words_that_give_no_number(text):
    assert numbers_in(text) == []


@pytest.mark.parametrize(("text", "read"), [
    ("five and ten", [5, 10]), ("one two", [1, 2]), ("ninety nine", [99]), ("twenty twelve", [20, 12]),
    ("two hundred thousand and five", [200_005]),
])
def test_number_words_follow_english_grammar(text, read):
    assert values(text) == read


@pytest.mark.parametrize("text", ["12%", "12 %", "12\u00a0%", "12 percent", "12 per cent", "12 percentage points",
                                  "12 процентов", "12 процента", "12 пайыз", "twelve percent"])
def test_percentages(text):
    number = only(text)
    assert (number.value, number.percent) == (12, True)


def test_a_percent_unit_matches_only_percentages_and_other_units_only_counts():
    assert trace_value(12, None, ["12 percent of them"], "percent").stated
    assert trace_value(12, None, ["12%"], "%").stated
    assert not trace_value(12, None, ["12 of them"], "percent").stated
    assert not trace_value(12, None, ["12% of them"], "people").stated
    assert findings(trace_value(12, None, ["12% of them"], "people"))[0].message == (
        "value 12 is not stated in its quote as a number that is not a percentage; it gives 12%")
    assert findings(trace_value(12, None, ["12 of them", "so"], "percent"))[0].message == (
        "value 12 is not stated in its quotes as a percentage; they give 12")


@pytest.mark.parametrize(("text", "qualifier"), [
    ("more than 300", "more than"), ("over 300", "more than"), ("above 300", "more than"),
    ("in excess of 300", "more than"), ('said that "over 300" fighters', "more than"),
    ("More than three hundred", "more than"), ("at least 300", "at least"), ("no fewer than 300", "at least"),
    ("about 300", "about"), ("around 300", "about"), ("approximately 300", "about"), ("roughly 300", "about"),
    ("some 300", "about"), ("nearly 300", "about"), ("almost 300", "about"), ("close to 300", "about"),
    ("less than 300", "less than"), ("fewer than 300", "less than"), ("under 300", "less than"),
    ("below 300", "less than"), ("at most 300", "at most"), ("no more than 300", "at most"), ("up to 300", "up to"),
    ("exactly 300", "exactly"), ("300", "exactly"), ("the 300", "exactly"), ("moreover 300", "exactly"),
    ("более 300", "more than"), ("более чем 300", "more than"), ("свыше 300", "more than"), ("больше 300", "more than"),
    ("не менее 300", "at least"), ("около 300", "about"), ("примерно 300", "about"), ("почти 300", "about"),
    ("порядка 300", "about"), ("менее 300", "less than"), ("меньше 300", "less than"), ("не более 300", "at most"),
    ("до 300", "up to"), ("Около 300", "about"),
])
def test_qualifiers_before_a_number_in_the_claim_vocabulary(text, qualifier):
    assert only(text).qualifier == qualifier


@pytest.mark.parametrize(("text", "read", "phrase"), [
    ("5–10 people", [("low", 5), ("high", 10)], "5–10"),
    ("5-10", [("low", 5), ("high", 10)], "5-10"),
    ("5 — 10", [("low", 5), ("high", 10)], "5 — 10"),
    ("from 2013-2017", [("low", 2013), ("high", 2017)], "2013-2017"),
    ("between 5 and 10", [("low", 5), ("high", 10)], "between 5 and 10"),
    ("between five and ten", [("low", 5), ("high", 10)], "between five and ten"),
    ("от 5 до 10 лет", [("low", 5), ("high", 10)], "от 5 до 10"),
    ("между 5 и 10", [("low", 5), ("high", 10)], "между 5 и 10"),
    ("5-10 million", [("low", 5_000_000), ("high", 10_000_000)], "5-10 million"),
    ("5–10%", [("low", 5), ("high", 10)], "5–10%"),
    ("about 5-10", [("low", 5), ("high", 10)], "about 5-10"),
    ("from 89.9 percent to 91.7 percent", [(None, Decimal("89.9")), (None, Decimal("91.7"))], None),
    ("-5 and 5", [(None, -5), (None, 5)], None),
    ("won 3-2", [(None, 3), (None, 2)], None),
    ("the 2014-15 season", [(None, 2014), (None, 15)], None),
    ("50-5 million", [(None, 50), (None, 5_000_000)], None),
    ("-10 - -5", [("low", -10), ("high", -5)], "-10 - -5"),
    ("1,100-1,500", [("low", 1100), ("high", 1500)], "1,100-1,500"),
    ("temperatures of −5", [(None, -5)], None),
])
def test_ranges_state_each_bound(text, read, phrase):
    numbers = numbers_in(text)
    assert [(number.bound, number.value) for number in numbers] == read
    if phrase:
        assert {number.phrase for number in numbers} == {phrase}


def test_a_range_passes_its_qualifier_and_percent_to_both_ends():
    low, high = numbers_in("about 5–10%")
    assert (low.qualifier, low.percent, high.qualifier, high.percent) == ("about", True, "about", True)


@pytest.mark.parametrize("text", ["COVID-19", "G7", "the G20 summit", "F-16", "Su-24", "MH17", "5G", "3D", "20th",
                                  "the 1990s", "1st", "2FA", "Ту-154", "mp3"])
def test_numbers_glued_to_letters_are_names_not_numbers(text):
    assert numbers_in(text) == []


@pytest.mark.parametrize(("text", "read"), [
    ("10km", [10]), ("5 km", [5]), ("one month", [1]), ("five months", [5]), ("twenty-five years", [25]),
    ("five seconds", [5]), ("one second", [1]), ("300-ден астам", [300]), ("a 5-year plan", [5]),
    ("$5 million", [5_000_000]),
])
def test_units_and_endings_after_a_number_keep_the_number(text, read):
    assert values(text) == read


@pytest.mark.parametrize(("text", "calendar"), [
    ("in 2014", [True]), ("2014-11-18", [True, True, True]), ("18.11.2014", [True, True, True]),
    ("18/11/2014", [True, True, True]),
    ("on November 18", [True]), ("on 18 November", [True]), ("18 ноября", [True]), ("18 people", [False]),
    ("1,500 people", [False]), ("2014 people in 300 villages", [True, False]),
])
def test_years_and_dates_are_numbers_marked_as_calendar(text, calendar):
    assert [number.calendar for number in numbers_in(text)] == calendar


def test_an_iso_date_is_not_a_range():
    assert [number.bound for number in numbers_in("on 2014-11-18")] == [None, None, None]


def test_a_year_is_stated_but_comes_last_in_the_hint():
    trace = trace_value(5, None, ["In 2014, 300 people and, in 2015, forty-two more"], "people")
    assert trace.numbers_given == ["300", "forty-two (42)", "2014", "2015"]
    assert trace_value(2014, None, ["in 2014"], "years").stated


def test_spans_point_at_the_number_as_written():
    text = "Abykayev said that more than 1,100 militants, 12% of them"
    first, second = numbers_in(text)
    assert text[first.start:first.end] == first.text == "1,100"
    assert first.phrase == "more than 1,100"
    assert text[second.start:second.end] == "12%"


QUOTE_SAYS = {"exactly": "300", "about": "about 300", "more than": "more than 300", "at least": "at least 300",
              "less than": "less than 300", "at most": "at most 300", "up to": "up to 300"}
AGREEING = {
    ("exactly", "exactly"), ("exactly", "about"), ("exactly", "at least"), ("exactly", "at most"), ("exactly", "up to"),
    ("about", "about"), ("more than", "more than"), ("more than", "at least"), ("at least", "at least"),
    ("less than", "less than"), ("less than", "at most"), ("less than", "up to"), ("at most", "at most"),
    ("at most", "up to"), ("up to", "up to"), ("up to", "at most"),
}


@pytest.mark.parametrize("quoted", QUOTE_SAYS)
@pytest.mark.parametrize("claimed", QUOTE_SAYS)
def test_a_claim_qualifier_agrees_when_it_says_no_more_than_the_quote(quoted, claimed):
    trace = trace_value(300, None if claimed == "exactly" else claimed, [f"they said {QUOTE_SAYS[quoted]}"])
    assert trace.stated
    assert (not trace.qualifier_mismatches) == ((quoted, claimed) in AGREEING)


def test_the_qualifier_warning_quotes_the_source_and_suggests_its_qualifier():
    [finding] = findings(trace_value(300, None, ["first", "there were over 300 militants"], "people"))
    assert (finding.code, finding.quote) == (QUALIFIER, 1)
    assert finding.message == 'value 300 has no qualifier (exactly 300), but its quote says "over 300"'
    assert finding.hint == "set `qualifier: more than`, or add `derivation:` if the value was derived"
    [finding] = findings(trace_value(300, "more than", ["about 300"]))
    assert finding.message == 'value 300 is "more than 300", but its quote says "about 300"'
    assert finding.hint.startswith("set `qualifier: about`")
    [finding] = findings(trace_value(300, "about", ["at most 300"]))
    assert finding.hint.startswith("set `qualifier: at most`")


def test_one_agreeing_quote_is_enough():
    assert findings(trace_value(300, "about", ["more than 300", "around 300"])) == []


def test_one_end_of_a_range_states_a_single_value_as_a_bound():
    [finding] = findings(trace_value(10, None, ["5-10 people"]))
    assert finding.message == 'value 10 has no qualifier (exactly 10), but its quote says "5-10"'
    assert finding.hint.startswith("set `qualifier: at most`")
    assert findings(trace_value(10, "up to", ["5-10 people"])) == []
    assert findings(trace_value(5, "at least", ["between 5 and 10 people"])) == []


def test_a_range_claim_traces_each_bound():
    assert findings(trace_value((5, 10), None, ["between 5 and 10 people"])) == []
    assert findings(trace_value((5, 10), None, ["5 in March and 10 in May"])) == []
    trace = trace_value((5, 12), None, ["between 5 and 10"])
    assert trace.matched == (True, False)
    assert findings(trace)[0].message == "value [5, 12]: 12 is not stated in its quote, which gives between 5 and 10"
    assert findings(trace_value((1, 2), None, ["3"]))[0].message == (
        "value [1, 2]: neither end is stated in its quote, which gives 3")
    [finding] = findings(trace_value((5, 10), None, ["over 5 and 10"]))
    assert finding.message == 'value [5, 10]: 5 has no qualifier (exactly 5), but its quote says "over 5"'


def test_a_value_is_stated_with_its_scale():
    assert trace_value(143_000_000, None, ["143 million people"], "people").stated
    assert trace_value(1_500_000, None, ["1,5 млн человек"], "people").stated
    assert trace_value(143, None, ["143 million people"], "million people").stated
    assert trace_value(1.5, None, ["1,500,000,000 euros"], "billion euros").stated
    assert not trace_value(143, None, ["143 million people"], "people").stated


def test_decimal_values_compare_as_written_not_as_binary_floats():
    assert trace_value(32.1, None, ["covered 32.1 percent"], "percent").stated
    assert trace_value(0.3, None, ["0,3 %"], "percent").stated
    assert not trace_value(32.1, None, ["32.10001 percent"], "percent").stated


def test_quotes_without_numbers_are_named_as_such():
    [finding] = findings(trace_value(2000, "at least", ["thousands of women", "in sexual slavery"]))
    assert finding.message == "value 2000 is not stated in its quotes, which give no number"


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**15), st.sampled_from([",", " ", "\u00a0", "\u202f", "."]))
def test_any_integer_written_with_separators_is_read_back(number, separator):
    written = f"{number:,}".replace(",", separator)
    assert values(f"In 2014, {written} people") == [2014, number]
    assert trace_value(number, None, [f"there were {written} people"]).stated


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1000, max_value=10**11))
def test_any_integer_written_in_millions_is_read_back(number):
    written = f"{number / 1e6:g} million"
    assert values(f"about {written} people") == [Decimal(f"{number / 1e6:g}") * 10**6]


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999999.99"), places=2))
def test_any_decimal_value_is_traced_to_its_percentage(written):
    value = float(written)
    assert trace_value(value, None, [f"it was {value} percent"], "percent").stated
    assert trace_value(value, None, [f"it was {str(value).replace('.', ',')} %"], "percent").stated


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*"0123456789 ,.-–%\u00a0aAmkbn\n", "million", " and ", "between ", "twenty", "one",
                                  "hundred", "млн", "тыс.", "over ", "от ", " до ", "-third", " percent"]),
                max_size=30).map("".join))
def test_any_text_reads_without_failing_and_every_span_is_the_number_as_written(text):
    for number in numbers_in(text):
        assert text[number.start:number.end] == number.text
        assert number.display
