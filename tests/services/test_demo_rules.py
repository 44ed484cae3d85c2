"""The demo programmes' eligibility rules, checked at their edges (pure functions, no database).

Licence ages are counted back from TODAY: a licence issued on 2025-12-23 is 11 months old on
2026-11-23, one issued on 2025-11-23 is 12 months old, and so on.
"""

import datetime
import random
from decimal import Decimal

import pytest

from services import demo
from services.eligibility import (
    BOOL,
    CHOICE,
    DATE,
    ELIGIBLE,
    FACTS,
    INELIGIBLE,
    INT,
    UNKNOWN,
    FactError,
    compile_rules,
    evaluate,
    facts_in,
    judge_status,
    parse_facts,
    validate_rules,
)
from services.models import Programme

TODAY = datetime.date(2026, 11, 23)
LICENCE_0_MONTHS = "2026-11-23"
LICENCE_11_MONTHS = "2025-12-23"
LICENCE_12_MONTHS = "2025-11-23"
LICENCE_35_MONTHS = "2023-12-23"
LICENCE_36_MONTHS = "2023-11-23"
LICENCE_59_MONTHS = "2021-12-23"
LICENCE_60_MONTHS = "2021-11-23"

PROGRAMMES = {programme["slug"]: programme for programme in demo.PROGRAMMES}
START_UP_TRAININGS = [
    "gyb-training",
    "syb-training",
    "online-startup-training",
    "iyb-training",
    "micro-enterprise-training",
]
LOANS = ["startup-guarantee-loan", "loan-interest-subsidy"]
WITH_SESSIONS = ["vocational-skills-training", "syb-training", "iyb-training"]

# For each programme, the fewest facts that make someone eligible: drop any one and the
# verdict can no longer be known.
ELIGIBLE_EXAMPLES = {
    "vocational-skills-training": {"five_types": ["fresh_school_leaver"], "age": 30},
    "gyb-training": {"student_in_chongqing": True},
    "syb-training": {"five_types": ["registered_unemployed"], "ready_to_start_business": True},
    "online-startup-training": {"five_types": ["poor_family"], "ready_to_start_business": True},
    "iyb-training": {"business_licence_date": LICENCE_12_MONTHS},
    "micro-enterprise-training": {
        "five_types": ["transferred_rural_labourer"],
        "business_licence_date": LICENCE_11_MONTHS,
    },
    "startup-guarantee-loan": {
        "hukou_in_county": True,
        "age": 35,
        "business_licence_date": LICENCE_11_MONTHS,
    },
    "loan-interest-subsidy": {
        "hukou_in_county": True,
        "age": 35,
        "business_licence_date": LICENCE_11_MONTHS,
    },
    "one-time-startup-subsidy": {
        "five_types": ["transferred_rural_labourer"],
        "business_licence_date": LICENCE_11_MONTHS,
        "hukou_in_county": True,
    },
    "sme-subsidy": {"business_licence_date": LICENCE_35_MONTHS},
    "registration-guidance": {},
    "scitech-enterprise-support": {"business_licence_date": LICENCE_11_MONTHS, "industry": "it"},
    "agri-entrepreneurship-support": {
        "industry": "agriculture",
        "hukou": "rural",
        "hukou_in_county": True,
    },
    "startup-tax-relief": {
        "five_types": ["registered_unemployed"],
        "business_licence_date": LICENCE_35_MONTHS,
    },
    "daycare-centre": {"children_under_3": 1},
    "left-behind-children-support": {"hukou_in_county": True, "hukou": "rural"},
    "female-entrepreneurs-association": {"gender": "female"},
    "overseas-talent-incentive": {
        "returned_from_abroad": True,
        "sector": "ai",
        "education": "university",
    },
}


def verdict(slug: str, facts: dict) -> str:
    rules = validate_rules(PROGRAMMES[slug]["rules"])
    return evaluate(rules, parse_facts(facts), today=TODAY).status


def with_facts(slug: str, **changes) -> dict:
    """The programme's eligible example with some facts changed (None removes one)."""
    facts = {**ELIGIBLE_EXAMPLES[slug], **changes}
    return {name: value for name, value in facts.items() if value is not None}


# --- The rules as data -------------------------------------------------------------------------


@pytest.mark.parametrize("slug", sorted(PROGRAMMES))
def test_demo_rules_are_already_normalised(slug):
    rules = PROGRAMMES[slug]["rules"]
    assert validate_rules(rules) == rules


def test_every_programme_has_an_eligible_example():
    assert set(ELIGIBLE_EXAMPLES) == set(PROGRAMMES)


@pytest.mark.parametrize("slug", sorted(PROGRAMMES))
def test_the_example_applicant_is_eligible(slug):
    assert verdict(slug, ELIGIBLE_EXAMPLES[slug]) == ELIGIBLE


MISSING_ONE_FACT = [
    pytest.param(slug, name, id=f"{slug}-without-{name}")
    for slug, facts in sorted(ELIGIBLE_EXAMPLES.items())
    for name in sorted(facts)
]


@pytest.mark.parametrize(("slug", "missing"), MISSING_ONE_FACT)
def test_a_missing_fact_leaves_the_verdict_unknown(slug, missing):
    facts = parse_facts(with_facts(slug, **{missing: None}))
    result = evaluate(validate_rules(PROGRAMMES[slug]["rules"]), facts, today=TODAY)
    assert result.status == UNKNOWN
    assert missing in result.missing_facts


@pytest.mark.parametrize("slug", sorted(set(PROGRAMMES) - {"registration-guidance"}))
def test_with_no_facts_the_verdict_is_unknown(slug):
    assert verdict(slug, {}) == UNKNOWN


def test_registration_guidance_is_open_to_everyone_without_any_facts():
    assert PROGRAMMES["registration-guidance"]["rules"] == {"all": []}
    assert verdict("registration-guidance", {}) == ELIGIBLE
    assert verdict("registration-guidance", {"age": 70, "gender": "male"}) == ELIGIBLE


# --- Training (Box 3) --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        pytest.param(15, INELIGIBLE, id="15-too-young"),
        pytest.param(16, ELIGIBLE, id="16"),
        pytest.param(60, ELIGIBLE, id="60"),
        pytest.param(61, INELIGIBLE, id="61-too-old"),
    ],
)
def test_vocational_training_is_for_ages_16_to_60(age, expected):
    assert (
        verdict("vocational-skills-training", with_facts("vocational-skills-training", age=age))
        == expected
    )


@pytest.mark.parametrize(
    "slug",
    [
        "vocational-skills-training",
        "syb-training",
        "online-startup-training",
        "micro-enterprise-training",
    ],
)
@pytest.mark.parametrize(
    ("five_types", "expected"),
    [
        pytest.param([], INELIGIBLE, id="none-of-the-five"),
        *(pytest.param([code], ELIGIBLE, id=code) for code in demo.ALL_FIVE_TYPES),
    ],
)
def test_trainings_for_the_five_types_accept_each_of_them_and_no_one_else(
    slug, five_types, expected
):
    assert verdict(slug, with_facts(slug, five_types=five_types)) == expected


@pytest.mark.parametrize(
    ("student", "expected"),
    [pytest.param(True, ELIGIBLE, id="student"), pytest.param(False, INELIGIBLE, id="not")],
)
def test_gyb_is_for_students_in_chongqing(student, expected):
    assert verdict("gyb-training", {"student_in_chongqing": student}) == expected


@pytest.mark.parametrize(
    ("issued", "expected"),
    [
        pytest.param(LICENCE_11_MONTHS, INELIGIBLE, id="11-months"),
        pytest.param(LICENCE_12_MONTHS, ELIGIBLE, id="12-months"),
        pytest.param(LICENCE_35_MONTHS, ELIGIBLE, id="35-months"),
        pytest.param(LICENCE_36_MONTHS, INELIGIBLE, id="36-months"),
    ],
)
def test_iyb_needs_a_licence_between_one_and_three_years_old(issued, expected):
    assert verdict("iyb-training", {"business_licence_date": issued}) == expected


@pytest.mark.parametrize("slug", ["syb-training", "online-startup-training"])
@pytest.mark.parametrize(
    ("issued", "expected"),
    [
        pytest.param(LICENCE_0_MONTHS, ELIGIBLE, id="issued-today"),
        pytest.param(LICENCE_11_MONTHS, ELIGIBLE, id="11-months"),
        pytest.param(LICENCE_12_MONTHS, INELIGIBLE, id="12-months"),
    ],
)
def test_syb_without_plans_needs_a_licence_under_a_year_old(slug, issued, expected):
    facts = with_facts(slug, ready_to_start_business=False, business_licence_date=issued)
    assert verdict(slug, facts) == expected


@pytest.mark.parametrize("slug", ["syb-training", "online-startup-training"])
def test_syb_takes_people_ready_to_start_whatever_their_licence(slug):
    facts = with_facts(slug, ready_to_start_business=True, business_licence_date=LICENCE_36_MONTHS)
    assert verdict(slug, facts) == ELIGIBLE


@pytest.mark.parametrize("slug", ["syb-training", "online-startup-training"])
def test_syb_without_plans_or_licence_is_unknown_until_the_licence_date_is_given(slug):
    facts = parse_facts(with_facts(slug, ready_to_start_business=False))
    result = evaluate(validate_rules(PROGRAMMES[slug]["rules"]), facts, today=TODAY)
    assert result.status == UNKNOWN
    assert result.missing_facts == ["business_licence_date"]


@pytest.mark.parametrize("slug", ["syb-training", "online-startup-training"])
def test_syb_without_plans_and_without_a_licence_does_not_fit(slug):
    facts = with_facts(slug, ready_to_start_business=False, has_business_licence=False)
    assert verdict(slug, facts) == INELIGIBLE


@pytest.mark.parametrize(
    ("issued", "expected"),
    [
        pytest.param(LICENCE_11_MONTHS, ELIGIBLE, id="11-months"),
        pytest.param(LICENCE_12_MONTHS, INELIGIBLE, id="12-months"),
    ],
)
def test_micro_enterprise_training_needs_a_licence_under_a_year_old(issued, expected):
    facts = with_facts("micro-enterprise-training", business_licence_date=issued)
    assert verdict("micro-enterprise-training", facts) == expected


def test_micro_enterprise_training_ignores_plans_and_waits_for_the_licence_date():
    facts = with_facts(
        "micro-enterprise-training", business_licence_date=None, ready_to_start_business=True
    )
    assert verdict("micro-enterprise-training", facts) == UNKNOWN


# --- Money ------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", LOANS)
@pytest.mark.parametrize(
    ("age", "expected"),
    [
        pytest.param(17, INELIGIBLE, id="17"),
        pytest.param(18, ELIGIBLE, id="18"),
        pytest.param(60, ELIGIBLE, id="60"),
        pytest.param(61, INELIGIBLE, id="61"),
    ],
)
def test_loans_are_for_ages_18_to_60(slug, age, expected):
    assert verdict(slug, with_facts(slug, age=age)) == expected


@pytest.mark.parametrize("slug", [*LOANS, "sme-subsidy", "startup-tax-relief"])
@pytest.mark.parametrize(
    ("issued", "expected"),
    [
        pytest.param(LICENCE_0_MONTHS, ELIGIBLE, id="issued-today"),
        pytest.param(LICENCE_35_MONTHS, ELIGIBLE, id="35-months"),
        pytest.param(LICENCE_36_MONTHS, INELIGIBLE, id="36-months"),
    ],
)
def test_business_support_needs_a_licence_under_three_years_old(slug, issued, expected):
    assert verdict(slug, with_facts(slug, business_licence_date=issued)) == expected


@pytest.mark.parametrize(
    "slug", [*LOANS, "one-time-startup-subsidy", "agri-entrepreneurship-support"]
)
def test_hukou_outside_the_county_is_refused(slug):
    assert verdict(slug, with_facts(slug, hukou_in_county=False)) == INELIGIBLE


@pytest.mark.parametrize(
    ("issued", "expected"),
    [
        pytest.param(LICENCE_11_MONTHS, ELIGIBLE, id="11-months"),
        pytest.param(LICENCE_12_MONTHS, INELIGIBLE, id="12-months"),
    ],
)
def test_one_time_subsidy_needs_a_licence_under_a_year_old(issued, expected):
    facts = with_facts("one-time-startup-subsidy", business_licence_date=issued)
    assert verdict("one-time-startup-subsidy", facts) == expected


@pytest.mark.parametrize(
    ("five_types", "expected"),
    [
        pytest.param(["poor_family"], ELIGIBLE, id="poor-family"),
        pytest.param(["fresh_graduate"], ELIGIBLE, id="graduate"),
        pytest.param(["registered_unemployed"], ELIGIBLE, id="unemployed"),
        pytest.param(["transferred_rural_labourer"], ELIGIBLE, id="rural-labourer"),
        pytest.param(["fresh_school_leaver"], INELIGIBLE, id="school-leaver-only"),
        pytest.param([], INELIGIBLE, id="none"),
    ],
)
def test_one_time_subsidy_is_for_four_key_groups(five_types, expected):
    facts = with_facts("one-time-startup-subsidy", five_types=five_types)
    assert verdict("one-time-startup-subsidy", facts) == expected


@pytest.mark.parametrize(
    ("five_types", "expected"),
    [
        pytest.param(["poor_family"], ELIGIBLE, id="poor-family"),
        pytest.param(["fresh_graduate"], ELIGIBLE, id="graduate"),
        pytest.param(["registered_unemployed"], ELIGIBLE, id="unemployed"),
        pytest.param(["transferred_rural_labourer"], INELIGIBLE, id="rural-labourer"),
        pytest.param(["fresh_school_leaver"], INELIGIBLE, id="school-leaver"),
    ],
)
def test_tax_relief_is_for_the_unemployed_the_poor_and_graduates(five_types, expected):
    facts = with_facts("startup-tax-relief", five_types=five_types)
    assert verdict("startup-tax-relief", facts) == expected


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        pytest.param({"industry": "it"}, ELIGIBLE, id="it-without-sector"),
        pytest.param({"industry": "services", "sector": "iot"}, ELIGIBLE, id="iot-services"),
        pytest.param({"industry": "services", "sector": "other_tech"}, ELIGIBLE, id="other-tech"),
        pytest.param({"industry": "services"}, UNKNOWN, id="services-sector-unknown"),
        pytest.param({"business_licence_date": LICENCE_59_MONTHS}, ELIGIBLE, id="59-months"),
        pytest.param({"business_licence_date": LICENCE_60_MONTHS}, INELIGIBLE, id="60-months"),
    ],
)
def test_scitech_support_is_for_young_technology_businesses(facts, expected):
    slug = "scitech-enterprise-support"
    assert verdict(slug, with_facts(slug, **facts)) == expected


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        pytest.param({"industry": "services"}, INELIGIBLE, id="not-farming"),
        pytest.param({"hukou": "urban"}, INELIGIBLE, id="urban-hukou"),
    ],
)
def test_agri_support_is_for_farming_by_rural_hukou_holders(facts, expected):
    slug = "agri-entrepreneurship-support"
    assert verdict(slug, with_facts(slug, **facts)) == expected


# --- Families, women, talent -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("children", "expected"),
    [pytest.param(0, INELIGIBLE, id="none"), pytest.param(1, ELIGIBLE, id="one")],
)
def test_daycare_needs_a_child_under_three(children, expected):
    assert verdict("daycare-centre", {"children_under_3": children}) == expected


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        pytest.param({"hukou": "rural"}, ELIGIBLE, id="rural"),
        pytest.param({"hukou": "urban", "years_away": 1}, ELIGIBLE, id="urban-worked-away"),
        pytest.param({"hukou": "urban", "years_away": 0}, INELIGIBLE, id="urban-never-away"),
        pytest.param({"hukou_in_county": False}, INELIGIBLE, id="hukou-elsewhere"),
        pytest.param({"hukou": None, "years_away": 0}, UNKNOWN, id="hukou-unknown"),
    ],
)
def test_left_behind_support_is_for_rural_or_migrant_families_of_the_county(facts, expected):
    slug = "left-behind-children-support"
    assert verdict(slug, with_facts(slug, **facts)) == expected


@pytest.mark.parametrize(
    ("gender", "expected"),
    [pytest.param("female", ELIGIBLE, id="woman"), pytest.param("male", INELIGIBLE, id="man")],
)
def test_female_entrepreneurs_association_is_for_women(gender, expected):
    assert verdict("female-entrepreneurs-association", {"gender": gender}) == expected


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        *(
            pytest.param({"sector": sector}, ELIGIBLE, id=sector)
            for sector in ["semiconductors", "iot", "5g", "ai"]
        ),
        pytest.param({"sector": "other_tech"}, INELIGIBLE, id="other-tech"),
        pytest.param({"education": "college"}, INELIGIBLE, id="college-only"),
        pytest.param({"education": "senior"}, INELIGIBLE, id="senior-school"),
        pytest.param({"returned_from_abroad": False}, INELIGIBLE, id="never-abroad"),
    ],
)
def test_overseas_talent_needs_a_degree_in_a_target_sector(facts, expected):
    slug = "overseas-talent-incentive"
    assert verdict(slug, with_facts(slug, **facts)) == expected


# --- Catalogue data ----------------------------------------------------------------------------

DOCUMENT_CODES = {document["code"] for document in demo.DOCUMENT_TYPES}
DEPARTMENT_CODES = {department["code"] for department in demo.DEPARTMENTS}
PARK_SLUGS = {park["slug"] for park in demo.PARKS}
TEXT_FIELDS = ["title", "summary", "description", "benefit_text", "appeal"]


def test_programme_slugs_are_unique():
    slugs = [programme["slug"] for programme in demo.PROGRAMMES]
    assert len(slugs) == len(set(slugs)) == 18


def test_document_codes_are_unique_and_explained_in_both_languages():
    assert len(DOCUMENT_CODES) == len(demo.DOCUMENT_TYPES)
    for document in demo.DOCUMENT_TYPES:
        for key in ["name_zh", "name_en", "help_zh", "help_en"]:
            assert document[key].strip(), (document["code"], key)


@pytest.mark.parametrize("slug", sorted(PROGRAMMES))
def test_programme_points_at_known_documents_departments_and_parks(slug):
    programme = PROGRAMMES[slug]
    assert set(programme["documents"]) <= DOCUMENT_CODES
    assert len(programme["documents"]) == len(set(programme["documents"]))
    assert programme["department"] in DEPARTMENT_CODES
    assert programme["parks"] and set(programme["parks"]) <= PARK_SLUGS


@pytest.mark.parametrize("slug", sorted(PROGRAMMES))
def test_programme_speaks_both_languages(slug):
    programme = PROGRAMMES[slug]
    for name in TEXT_FIELDS:
        for language in ["zh", "en"]:
            assert programme[f"{name}_{language}"].strip(), f"{name}_{language}"
    assert len(programme["summary_zh"]) <= 120
    assert len(programme["summary_en"]) <= 250


@pytest.mark.parametrize("slug", sorted(PROGRAMMES))
def test_programme_fields_fit_the_model(slug):
    programme = PROGRAMMES[slug]
    assert programme["kind"] in Programme.Kind.values
    assert programme["channel"] in Programme.Channel.values
    assert programme["status"] == Programme.Status.PUBLISHED
    assert 5 <= programme["sla_days"] <= 30
    assert programme["opens_days"] <= 0
    assert programme["closes_days"] is None or programme["closes_days"] >= 3
    low, high = programme["benefit_min"], programme["benefit_max"]
    if low is not None and high is not None:
        assert Decimal(low) <= Decimal(high)
    assert programme["policy_url"] == ""
    assert len(programme["policy_reference"]) <= 120


@pytest.mark.parametrize("slug", sorted(PROGRAMMES))
def test_eligible_examples_only_use_facts_the_rules_look_at(slug):
    assert set(ELIGIBLE_EXAMPLES[slug]) <= facts_in(PROGRAMMES[slug]["rules"])


@pytest.mark.parametrize("slug", START_UP_TRAININGS)
def test_start_up_trainings_are_named_as_such_in_both_languages(slug):
    programme = PROGRAMMES[slug]
    assert "创业培训" in programme["title_zh"]
    assert "start-up training" in programme["title_en"]
    assert programme["kind"] == "training"


@pytest.mark.parametrize("slug", LOANS)
def test_loans_are_named_as_loans(slug):
    assert "贷款" in PROGRAMMES[slug]["title_zh"]
    assert "loan" in PROGRAMMES[slug]["title_en"]


def test_only_the_scheduled_trainings_have_sessions():
    scheduled = {slug for slug, programme in PROGRAMMES.items() if programme["sessions"]}
    assert scheduled == set(WITH_SESSIONS)
    for slug in WITH_SESSIONS:
        sessions = PROGRAMMES[slug]["sessions"]
        # Two in Dianjiang; a municipal training one in Changshou too.
        held = sorted(session["jurisdiction"] for session in sessions)
        assert held == (
            ["500115", "500231", "500231"] if slug in demo.MUNICIPAL else ["500231"] * 2
        )
        for session in sessions:
            assert session["starts_in_days"] > 0 and session["days"] >= 1
            assert session["seats"] >= 1 and session["place_zh"] and session["place_en"]


def test_one_time_subsidy_cites_its_policy_document():
    assert PROGRAMMES["one-time-startup-subsidy"]["policy_reference"] == "YRSF [2018] No. 117"


def test_female_entrepreneurs_association_is_in_changshou():
    programme = PROGRAMMES["female-entrepreneurs-association"]
    assert programme["parks"] == ["changshou-industrial-park"]
    assert programme["department"] == "women"


def test_programmes_do_not_share_rule_objects():
    rules = [id(programme["rules"]) for programme in demo.PROGRAMMES]
    assert len(rules) == len(set(rules))


def _random_facts(rng):
    """Some facts known, some not, each a valid answer."""
    raw = {}
    for fact in FACTS.values():
        if rng.random() < 0.35:
            continue
        if fact.kind == INT:
            raw[fact.name] = rng.randint(0, 80)
        elif fact.kind == BOOL:
            raw[fact.name] = rng.random() < 0.5
        elif fact.kind == DATE:
            raw[fact.name] = (TODAY - datetime.timedelta(days=rng.randint(0, 3000))).isoformat()
        elif fact.kind == CHOICE:
            raw[fact.name] = rng.choice(fact.choices)[0]
        else:
            codes = [code for code, _label in fact.choices]
            raw[fact.name] = rng.sample(codes, rng.randint(0, min(3, len(codes))))
    try:
        return parse_facts(raw)
    except FactError:
        return None


def test_the_fast_verdict_agrees_with_the_explained_one_on_every_demo_rule():
    # The screener sorts programmes with compiled rules and explains the page shown with
    # evaluate: both must reach the same verdict, whatever is known.
    rng = random.Random(20261123)  # noqa: S311 (test data, not secrets)
    judged = 0
    verdicts = set()
    for _ in range(600):
        facts = _random_facts(rng)
        if facts is None:
            continue
        for programme in demo.PROGRAMMES:
            expected = evaluate(programme["rules"], facts, today=TODAY).status
            assert judge_status(compile_rules(programme["rules"]), facts, TODAY) == expected, (
                programme["slug"],
                facts,
            )
            judged += 1
            verdicts.add(expected)
    assert judged > 3000
    assert verdicts == {ELIGIBLE, INELIGIBLE, UNKNOWN}
