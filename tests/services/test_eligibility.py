"""The eligibility engine: facts checked at the door, verdicts with reasons, boundaries."""

import datetime

import pytest
from django.utils import translation

from services.eligibility import (
    ELIGIBLE,
    INELIGIBLE,
    UNKNOWN,
    FactError,
    RuleError,
    describe_rules,
    evaluate,
    facts_in,
    months_since,
    parse_facts,
    validate_rules,
)

TODAY = datetime.date(2026, 11, 23)

START_UP = validate_rules(
    {
        "all": [
            {"fact": "five_types", "op": "any_of", "value": ["poor_family", "fresh_graduate"]},
            {
                "any": [
                    {"fact": "ready_to_start_business", "op": "eq", "value": True},
                    {
                        "fact": "business_licence_date",
                        "op": "months_since_between",
                        "value": [0, 12],
                    },
                ]
            },
        ]
    }
)


def judge(rules, **facts):
    return evaluate(rules, parse_facts(facts), today=TODAY)


@pytest.mark.parametrize(
    ("issued", "months"),
    [
        ("2025-11-23", 12),
        ("2025-11-24", 11),
        ("2025-12-23", 11),
        ("2026-11-23", 0),
        ("2023-11-23", 36),
    ],
)
def test_months_since_counts_whole_months(issued, months):
    assert months_since(datetime.date.fromisoformat(issued), TODAY) == months


def test_all_conditions_met_is_eligible_with_one_reason_each():
    verdict = judge(START_UP, five_types=["poor_family"], ready_to_start_business=True)
    assert verdict.status == ELIGIBLE
    # the alternative met is the reason; the one not needed (a licence date) is not listed
    assert [reason.met for reason in verdict.reasons] == [True, True]
    assert verdict.missing_facts == []


def test_one_condition_failed_is_ineligible_even_with_facts_missing():
    verdict = judge(START_UP, five_types=["registered_unemployed"])
    assert verdict.status == INELIGIBLE
    assert verdict.reasons[0].met is False


def test_a_missing_fact_makes_the_verdict_unknown_and_is_named():
    verdict = judge(START_UP, five_types=["poor_family"])
    assert verdict.status == UNKNOWN
    assert verdict.missing_facts == ["business_licence_date", "ready_to_start_business"]


def test_any_of_group_needs_only_one():
    verdict = judge(
        START_UP,
        five_types=["fresh_graduate"],
        ready_to_start_business=False,
        business_licence_date="2026-06-01",
    )
    assert verdict.status == ELIGIBLE


def test_reasons_speak_the_active_language():
    with translation.override("en"):
        verdict = judge(START_UP, five_types=[], business_licence_date="2025-03-01")
    texts = " ".join(reason.text for reason in verdict.reasons)
    assert "Your business licence is 20 months old" in texts
    assert "under 12 months old" in texts
    with translation.override("zh-hans"):
        verdict = judge(START_UP, five_types=[], business_licence_date="2025-03-01")
    assert "营业执照" in " ".join(reason.text for reason in verdict.reasons)


def test_empty_rules_mean_open_to_everyone():
    assert judge({"all": []}).status == ELIGIBLE
    assert judge({}).status == ELIGIBLE


@pytest.mark.parametrize(
    ("op", "value", "age", "expected"),
    [
        ("between", [16, 60], 15, INELIGIBLE),
        ("between", [16, 60], 16, ELIGIBLE),
        ("between", [16, 60], 60, ELIGIBLE),
        ("between", [16, 60], 61, INELIGIBLE),
        ("lt", 35, 34, ELIGIBLE),
        ("lt", 35, 35, INELIGIBLE),
        ("gte", 18, 18, ELIGIBLE),
        ("in", [20, 30], 30, ELIGIBLE),
        ("not_in", [20, 30], 30, INELIGIBLE),
        ("ne", 30, 31, ELIGIBLE),
    ],
)
def test_number_operators_at_their_edges(op, value, age, expected):
    rules = validate_rules({"all": [{"fact": "age", "op": op, "value": value}]})
    assert judge(rules, age=age).status == expected


def test_ordered_choices_compare_by_rank():
    rules = validate_rules({"all": [{"fact": "education", "op": "gte", "value": "college"}]})
    assert judge(rules, education="university").status == ELIGIBLE
    assert judge(rules, education="college").status == ELIGIBLE
    assert judge(rules, education="senior").status == INELIGIBLE


def test_none_of_refuses_any_overlap():
    rules = validate_rules(
        {"all": [{"fact": "five_types", "op": "none_of", "value": ["registered_unemployed"]}]}
    )
    assert judge(rules, five_types=["poor_family"]).status == ELIGIBLE
    assert judge(rules, five_types=["registered_unemployed"]).status == INELIGIBLE


def test_dates_compare_as_dates():
    rules = validate_rules({"all": [{"fact": "return_date", "op": "gte", "value": "2024-01-01"}]})
    assert judge(rules, return_date="2024-01-01").status == ELIGIBLE
    assert judge(rules, return_date="2023-12-31").status == INELIGIBLE


@pytest.mark.parametrize(
    ("facts", "field"),
    [
        ({"shoe_size": 42}, "shoe_size"),
        ({"age": "old"}, "age"),
        ({"age": True}, "age"),
        ({"age": 200}, "age"),
        ({"hukou_in_county": "maybe"}, "hukou_in_county"),
        ({"return_date": "2026-02-30"}, "return_date"),
        ({"gender": "robot"}, "gender"),
        ({"five_types": "poor_family"}, "five_types"),
        ({"five_types": ["rich_family"]}, "five_types"),
    ],
)
def test_bad_facts_are_refused_naming_the_field(facts, field):
    with pytest.raises(FactError) as excinfo:
        parse_facts(facts)
    assert excinfo.value.field == field
    assert excinfo.value.message


def test_empty_answers_are_simply_unknown():
    assert parse_facts({"age": None, "gender": "", "education": "senior"}) == {
        "education": "senior"
    }


@pytest.mark.parametrize(
    "rules",
    [
        {"all": [{"fact": "age", "op": "any_of", "value": [1]}]},
        {"all": [{"fact": "age", "op": "between", "value": [60, 16]}]},
        {"all": [{"fact": "age", "op": "between", "value": [16]}]},
        {"all": [{"fact": "gender", "op": "eq", "value": "robot"}]},
        {"all": [{"fact": "nope", "op": "eq", "value": 1}]},
        {
            "all": [
                {"fact": "business_licence_date", "op": "months_since_between", "value": [-1, 3]}
            ]
        },
        {"all": [{"fact": "hukou_in_county", "op": "eq", "value": "yes"}]},
        {"some": []},
        ["not", "a", "group"],
    ],
)
def test_bad_rules_are_refused(rules):
    with pytest.raises(RuleError):
        validate_rules(rules)


def test_rules_are_described_for_the_programme_page():
    with translation.override("en"):
        lines = describe_rules(START_UP)
    assert "Groups you belong to" in lines[0]["text"]
    assert len(lines[1]["any"]) == 2


def test_facts_in_lists_every_fact_of_the_tree():
    assert facts_in(START_UP) == {"five_types", "ready_to_start_business", "business_licence_date"}


IYB = validate_rules(
    {"all": [{"fact": "business_licence_date", "op": "months_since_between", "value": [12, 36]}]}
)


def test_no_business_licence_fails_a_licence_condition_instead_of_being_unknown():
    verdict = judge(IYB, has_business_licence=False)
    assert verdict.status == INELIGIBLE
    assert verdict.missing_facts == []
    with translation.override("en"):
        assert (
            "You have no business licence" in judge(IYB, has_business_licence=False).reasons[0].text
        )
    assert judge(IYB).status == UNKNOWN


def test_a_licence_issued_in_the_future_is_refused(settings):
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    with pytest.raises(FactError) as excinfo:
        parse_facts({"business_licence_date": tomorrow})
    assert excinfo.value.field == "business_licence_date"


@pytest.mark.parametrize(
    "rules",
    [
        {"all": [], "any": []},
        {"all": [{"fact": "age", "op": "eq", "value": 3, "any": []}]},
        {
            "all": [
                {"fact": "business_licence_date", "op": "months_since_between", "value": [12, 12]}
            ]
        },
    ],
)
def test_ambiguous_or_impossible_rules_are_refused(rules):
    with pytest.raises(RuleError):
        validate_rules(rules)


def test_an_eligible_verdict_says_which_alternative_was_met_and_shows_no_cross():
    with translation.override("zh-hans"):
        verdict = judge(
            START_UP,
            five_types=["poor_family"],
            ready_to_start_business=True,
            business_licence_date="2025-01-01",  # 22 months: the other alternative fails
        )
    assert verdict.status == ELIGIBLE
    assert [reason.met for reason in verdict.reasons] == [True, True]
    assert verdict.reasons[1].text.startswith("满足其中一项即可，您满足的是：要求：准备创业。")
    assert "营业执照" not in " ".join(reason.text for reason in verdict.reasons)
    # not met: every alternative is shown, each with what would do
    verdict = judge(START_UP, five_types=["poor_family"], ready_to_start_business=False)
    assert [reason.met for reason in verdict.reasons] == [True, False, None]


AGED = validate_rules(
    {
        "all": [
            {"fact": "age", "op": "between", "value": [18, 60]},
            {"fact": "years_away", "op": "gte", "value": 1},
            {"fact": "children_under_3", "op": "gte", "value": 1},
        ]
    }
)


def test_numbers_carry_their_units_in_both_languages():
    with translation.override("zh-hans"):
        texts = [r.text for r in judge(AGED, age=30, years_away=2, children_under_3=1).reasons]
    assert texts == [
        "要求：年龄在18到60岁之间。您的情况：30岁。符合。",
        "要求：在外打工年数不少于1年。您的情况：2年。符合。",
        "要求：3岁以下子女不少于1个。您的情况：1个。符合。",
    ]
    with translation.override("en"):
        texts = [r.text for r in judge(AGED, age=30, years_away=1, children_under_3=2).reasons]
    assert texts == [
        "Needed: Age from 18 to 60 years. Yours: 30 years. This fits.",
        "Needed: Years worked away from home at least 1 year. Yours: 1 year. This fits.",
        "Needed: Children under 3 at least 1 child. Yours: 2 children. This fits.",
    ]


@pytest.mark.parametrize(
    ("op", "value", "chinese"),
    [
        ("gte", "senior", "要求：文化程度在高中、中专或职高及以上。"),
        ("gte", "university", "要求：文化程度为本科及以上。"),
        ("lte", "junior_or_below", "要求：文化程度为初中及以下。"),
        ("lte", "college", "要求：文化程度在大专及以下。"),
        ("lt", "college", "要求：文化程度低于大专。"),
    ],
)
def test_education_reads_as_a_level(op, value, chinese):
    rules = validate_rules({"all": [{"fact": "education", "op": op, "value": value}]})
    with translation.override("zh-hans"):
        text = judge(rules, education="senior").reasons[0].text
    assert text.startswith(chinese)
    assert "不少于" not in text and "不超过" not in text
