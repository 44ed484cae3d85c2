"""Eligibility rules as data, and the engine that explains itself.

A programme's rules are a tree of groups and conditions, stored as JSON on the programme:

    {"all": [
        {"fact": "age", "op": "between", "value": [16, 60]},
        {"any": [
            {"fact": "ready_to_start_business", "op": "eq", "value": true},
            {"fact": "business_licence_date", "op": "months_since_between", "value": [0, 12]}
        ]}
    ]}

`evaluate(rules, facts)` returns a verdict (eligible, ineligible or unknown), one reason per
condition in the active language, and the facts still missing. Facts come from the screener,
the applicant's profile or the API, always through `parse_facts`, which refuses unknown names,
wrong types and impossible dates, naming the field.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import (
    get_language,
    gettext_lazy,
    ngettext_lazy,
    npgettext_lazy,
    pgettext_lazy,
)
from django.utils.translation import gettext as _

from portal.bilingual import list_separator, sentences

ELIGIBLE = "eligible"
INELIGIBLE = "ineligible"
UNKNOWN = "unknown"
VERDICT_NAMES = {
    ELIGIBLE: gettext_lazy("seems to qualify"),
    INELIGIBLE: gettext_lazy("does not seem to qualify"),
    UNKNOWN: gettext_lazy("not enough information"),
}


# --- Facts -------------------------------------------------------------------------------------

INT = "int"
BOOL = "bool"
DATE = "date"
CHOICE = "choice"  # one value out of a list
CHOICES = "choices"  # any number of values out of a list


@dataclass(frozen=True)
class Fact:
    name: str
    kind: str
    label: Any  # lazy text: what the fact is, as a noun ("Age")
    question: Any = ""  # lazy text: how the screener asks for it
    help: Any = ""  # lazy text: why it is asked, in plain words
    choices: tuple[tuple[str, Any], ...] = ()
    ordered: bool = False  # choices run from low to high (education)
    minimum: int | None = None
    maximum: int | None = None
    past_only: bool = False  # a date that cannot lie in the future
    # (fact, value): when that other fact has that value, this one does not exist at all, so a
    # condition on it is not met rather than unknown ("no licence" fails "licence under 12 months").
    absent_when: tuple[str, Any] | None = None
    # A number's unit, as a lazy plural with %(count)s ("%(count)s years old" / "%(count)s岁").
    unit: Any = None
    # What to do first when this fact is missing, and a programme can help ("Get a business
    # licence first"): programmes say they help with it (Programme.provides).
    first_step: Any = ""

    def choice_label(self, code: str) -> str:
        return str(dict(self.choices).get(code, code))


FIVE_TYPES = (
    ("poor_family", gettext_lazy("child of a poor family")),
    ("fresh_graduate", gettext_lazy("fresh university or college graduate")),
    ("fresh_school_leaver", gettext_lazy("fresh school leaver not in further education")),
    ("transferred_rural_labourer", gettext_lazy("transferred rural labourer")),
    ("registered_unemployed", gettext_lazy("registered urban unemployed")),
)

EDUCATION = (
    ("junior_or_below", gettext_lazy("junior high school or below")),
    ("senior", gettext_lazy("senior high school, technical or vocational school")),
    ("college", gettext_lazy("college (three-year)")),
    ("university", gettext_lazy("university (bachelor) or above")),
)

REGIONS = (
    ("pearl_river_delta", gettext_lazy("Pearl River Delta (Guangdong)")),
    ("yangtze_river_delta", gettext_lazy("Yangtze River Delta (Shanghai, Jiangsu, Zhejiang)")),
    ("beijing_tianjin", gettext_lazy("Beijing, Tianjin and Hebei")),
    ("other_domestic", gettext_lazy("elsewhere in China")),
    ("abroad", gettext_lazy("abroad")),
)

INDUSTRIES = (
    ("manufacturing", gettext_lazy("manufacturing and machinery")),
    ("it", gettext_lazy("information technology and e-commerce")),
    ("services", gettext_lazy("services, shops and restaurants")),
    ("construction", gettext_lazy("construction")),
    ("agriculture", gettext_lazy("farming, forestry and food")),
    ("other", gettext_lazy("other")),
)

SECTORS = (
    ("semiconductors", gettext_lazy("semiconductors")),
    ("iot", gettext_lazy("internet of things")),
    ("5g", gettext_lazy("5G communications")),
    ("ai", gettext_lazy("artificial intelligence")),
    ("other_tech", gettext_lazy("other technology")),
)

FACTS: dict[str, Fact] = {
    fact.name: fact
    for fact in [
        Fact(
            "age",
            INT,
            gettext_lazy("Age"),
            gettext_lazy("How old are you?"),
            minimum=14,
            maximum=100,
            unit=npgettext_lazy("age", "%(count)s year", "%(count)s years", "count"),
        ),
        Fact(
            "gender",
            CHOICE,
            gettext_lazy("Gender"),
            gettext_lazy("Are you a man or a woman?"),
            gettext_lazy(
                "Some programmes, such as the female entrepreneurs' association, are for women."
            ),
            choices=(("male", gettext_lazy("man")), ("female", gettext_lazy("woman"))),
        ),
        Fact(
            "hukou",
            CHOICE,
            gettext_lazy("Household registration (hukou)"),
            gettext_lazy("Is your household registration (hukou) rural or urban?"),
            gettext_lazy("It is written in your hukou booklet, on the page with your name."),
            choices=(("rural", gettext_lazy("rural")), ("urban", gettext_lazy("urban"))),
        ),
        Fact(
            "hukou_in_county",
            BOOL,
            gettext_lazy("Hukou registered in the district where one lives"),
            gettext_lazy("Is your hukou registered in the district or county where you live now?"),
        ),
        Fact(
            "education",
            CHOICE,
            gettext_lazy("Education"),
            gettext_lazy("What is the highest school you finished?"),
            choices=EDUCATION,
            ordered=True,
        ),
        Fact(
            "five_types",
            CHOICES,
            gettext_lazy("Groups you belong to"),
            gettext_lazy("Do any of these describe you? Tick all that fit."),
            gettext_lazy(
                "Training is free or subsidised for these five groups of people. "
                "Tick none if none fits."
            ),
            choices=FIVE_TYPES,
        ),
        Fact(
            "student_in_chongqing",
            BOOL,
            gettext_lazy("University or college student in Chongqing"),
            gettext_lazy("Are you studying at a university or college in Chongqing?"),
        ),
        Fact(
            "ready_to_start_business",
            BOOL,
            gettext_lazy("Ready to start a business"),
            gettext_lazy("Do you plan to start your own business soon?"),
        ),
        Fact(
            "has_business_licence",
            BOOL,
            gettext_lazy("Has a business licence"),
            gettext_lazy("Do you have a business licence (营业执照)?"),
            gettext_lazy("A business licence is the paper that registers your own business."),
            first_step=gettext_lazy("Get a business licence first"),
        ),
        Fact(
            "business_licence_date",
            DATE,
            gettext_lazy("Business licence date"),
            gettext_lazy("If you have a business licence, on what date was it issued?"),
            gettext_lazy(
                "The date is printed on your business licence (营业执照). Some trainings are "
                "only for businesses of a certain age."
            ),
            past_only=True,
            absent_when=("has_business_licence", False),
        ),
        Fact(
            "years_away",
            INT,
            gettext_lazy("Years worked away from home"),
            gettext_lazy("How many years did you work away from home?"),
            minimum=0,
            maximum=60,
            unit=ngettext_lazy("%(count)s year", "%(count)s years", "count"),
        ),
        Fact(
            "return_date",
            DATE,
            gettext_lazy("Date you came back"),
            gettext_lazy("When did you come back home to stay?"),
            past_only=True,
        ),
        Fact(
            "destination_region",
            CHOICE,
            gettext_lazy("Where you worked"),
            gettext_lazy("Where did you work before coming back?"),
            choices=REGIONS,
        ),
        Fact(
            "industry",
            CHOICE,
            gettext_lazy("Industry"),
            gettext_lazy("In which line of work are you, or do you want to be?"),
            choices=INDUSTRIES,
        ),
        Fact(
            "children_under_3",
            INT,
            gettext_lazy("Children under 3"),
            gettext_lazy("How many of your children are under 3 years old?"),
            minimum=0,
            maximum=10,
            unit=ngettext_lazy("%(count)s child", "%(count)s children", "count"),
        ),
        Fact(
            "returned_from_abroad",
            BOOL,
            gettext_lazy("Came back from studying or working abroad"),
            gettext_lazy("Did you come back from studying or working abroad?"),
        ),
        Fact(
            "sector",
            CHOICE,
            gettext_lazy("Technology sector"),
            gettext_lazy("If you work in technology, in which field?"),
            choices=SECTORS,
        ),
    ]
}


class FactError(ValueError):
    """A fact that cannot be used; `field` names it, `message` says why in the active language."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def first_step_choices() -> list[tuple[str, Any]]:
    """What a programme can help people get (Programme.provides): the facts with a first step."""
    return [(fact.name, fact.label) for fact in FACTS.values() if fact.first_step]


def first_step_facts(reasons: list[Reason], facts: Mapping[str, Any]) -> list[str]:
    """The facts with a first step that stand between a person and a programme: each unmet or
    unknown reason's fact, or the fact it depends on when the person does not have it (no
    licence, so no licence date; one who has a licence of the wrong age needs no first step)."""
    found = []
    for reason in reasons:
        if reason.met or not reason.fact:
            continue
        fact = FACTS[reason.fact]
        name = fact.name if fact.first_step else (fact.absent_when or ("", None))[0]
        if not name or not FACTS[name].first_step or name in found:
            continue
        if name != fact.name and facts.get(name) not in (None, fact.absent_when[1]):
            continue  # they have it: what fails is something else (its date)
        if name == fact.name and facts.get(name):
            continue
        found.append(name)
    return found


def _parse_date(name: str, value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise FactError(name, _("Enter a real date as YYYY-MM-DD, such as 2025-03-01."))


def parse_fact(name: str, value: Any) -> Any:
    """The value of one fact in its proper type, or FactError naming the fact."""
    fact = FACTS.get(name)
    if fact is None:
        raise FactError(name, _("There is no fact by this name."))
    if fact.kind == INT:
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise FactError(name, _("Enter a whole number."))
        try:
            number = int(value)
        except ValueError:
            raise FactError(name, _("Enter a whole number.")) from None
        if fact.minimum is not None and number < fact.minimum:
            raise FactError(name, _("Enter %(min)s or more.") % {"min": fact.minimum})
        if fact.maximum is not None and number > fact.maximum:
            raise FactError(name, _("Enter %(max)s or less.") % {"max": fact.maximum})
        return number
    if fact.kind == BOOL:
        if not isinstance(value, bool):
            raise FactError(name, _("Answer true or false."))
        return value
    if fact.kind == DATE:
        day = _parse_date(name, value)
        if fact.past_only and day > timezone.localdate():
            raise FactError(name, _("This date cannot be in the future."))
        return day
    codes = [code for code, _label in fact.choices]
    if fact.kind == CHOICE:
        if value not in codes:
            raise FactError(name, _("Choose one of: %(choices)s.") % {"choices": ", ".join(codes)})
        return value
    # CHOICES
    if not isinstance(value, list | tuple) or any(item not in codes for item in value):
        raise FactError(
            name, _("Give a list with any of: %(choices)s.") % {"choices": ", ".join(codes)}
        )
    return sorted(set(value))


def parse_facts(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Every fact given, typed; None or "" means not known. FactError names the first bad one."""
    if not isinstance(raw, Mapping):
        raise FactError("facts", _("Give the facts as an object of name: value."))
    facts = {}
    for name, value in raw.items():
        if name not in FACTS:
            raise FactError(name, _("There is no fact by this name."))
        if value is None or value == "":
            continue
        facts[name] = parse_fact(name, value)
    return facts


def months_since(earlier: datetime.date, today: datetime.date) -> int:
    """Whole months from `earlier` to `today` (a licence issued 2025-03-15 is 11 on 2026-03-14)."""
    months = (today.year - earlier.year) * 12 + (today.month - earlier.month)
    if today.day < earlier.day:
        months -= 1
    return months


# --- Operators ---------------------------------------------------------------------------------

EQ = "eq"
NE = "ne"
IN = "in"
NOT_IN = "not_in"
LT = "lt"
LTE = "lte"
GT = "gt"
GTE = "gte"
BETWEEN = "between"
ANY_OF = "any_of"
NONE_OF = "none_of"
MONTHS_SINCE_BETWEEN = "months_since_between"

OPERATORS = {
    EQ: pgettext_lazy("operator", "is"),
    NE: pgettext_lazy("operator", "is not"),
    IN: pgettext_lazy("operator", "is one of"),
    NOT_IN: pgettext_lazy("operator", "is none of"),
    LT: pgettext_lazy("operator", "is less than"),
    LTE: pgettext_lazy("operator", "is at most"),
    GT: pgettext_lazy("operator", "is more than"),
    GTE: pgettext_lazy("operator", "is at least"),
    BETWEEN: pgettext_lazy("operator", "is between (inclusive)"),
    ANY_OF: pgettext_lazy("operator", "includes any of"),
    NONE_OF: pgettext_lazy("operator", "includes none of"),
    MONTHS_SINCE_BETWEEN: pgettext_lazy("operator", "was between m and n months ago"),
}

OPERATORS_FOR_KIND = {
    INT: [EQ, NE, IN, NOT_IN, LT, LTE, GT, GTE, BETWEEN],
    BOOL: [EQ],
    DATE: [LT, LTE, GT, GTE, BETWEEN, MONTHS_SINCE_BETWEEN],
    CHOICE: [EQ, NE, IN, NOT_IN],
    CHOICES: [ANY_OF, NONE_OF],
}
ORDERED_CHOICE_OPERATORS = [LT, LTE, GT, GTE]
LIST_OPERATORS = {IN, NOT_IN, ANY_OF, NONE_OF}
RANGE_OPERATORS = {BETWEEN, MONTHS_SINCE_BETWEEN}


def operators_for(fact: Fact) -> list[str]:
    operators = list(OPERATORS_FOR_KIND[fact.kind])
    if fact.kind == CHOICE and fact.ordered:
        operators += ORDERED_CHOICE_OPERATORS
    return operators


class RuleError(ValueError):
    """A rule that cannot be evaluated; the message is for the park manager who wrote it."""


def validate_condition(condition: Mapping[str, Any]) -> dict[str, Any]:
    """The condition with its value typed (dates as ISO strings, for JSON), or RuleError."""
    fact = FACTS.get(condition.get("fact"))
    if fact is None:
        raise RuleError(_("Unknown fact %(fact)r.") % {"fact": condition.get("fact")})
    op = condition.get("op")
    if op not in operators_for(fact):
        raise RuleError(
            _("“%(operator)s” cannot be used with “%(fact)s”.")
            % {"operator": OPERATORS.get(op, op), "fact": fact.label}
        )
    value = condition.get("value")
    if op == MONTHS_SINCE_BETWEEN:
        value = _validate_range(
            fact, value, lambda v: _whole_number(fact, v, minimum=0), strict_upper=True
        )
    elif op == BETWEEN:
        value = _validate_range(fact, value, lambda v: _rule_value(fact, v))
    elif op in LIST_OPERATORS:
        if not isinstance(value, list | tuple) or not value:
            raise RuleError(_("“%(fact)s”: give at least one value.") % {"fact": fact.label})
        value = [_rule_value(fact, item, single=True) for item in value]
    else:
        value = _rule_value(fact, value, single=True)
    return {"fact": fact.name, "op": op, "value": value}


def _whole_number(fact: Fact, value: Any, minimum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RuleError(_("“%(fact)s”: enter whole numbers.") % {"fact": fact.label})
    if minimum is not None and value < minimum:
        raise RuleError(_("“%(fact)s”: numbers cannot be negative.") % {"fact": fact.label})
    return value


def _validate_range(fact: Fact, value: Any, convert, strict_upper: bool = False) -> list:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise RuleError(_("“%(fact)s”: give a lowest and a highest value.") % {"fact": fact.label})
    low, high = convert(value[0]), convert(value[1])
    if _comparable(fact, low) > _comparable(fact, high):
        raise RuleError(
            _("“%(fact)s”: the lowest value is above the highest.") % {"fact": fact.label}
        )
    if low == high and isinstance(low, int) and strict_upper:
        raise RuleError(
            _(
                "“%(fact)s”: months are counted up to, not including, the highest value; "
                "make it larger than the lowest."
            )
            % {"fact": fact.label}
        )
    return [low, high]


def _rule_value(fact: Fact, value: Any, single: bool = False) -> Any:
    """One value of a condition, checked against the fact (choice facts take one code)."""
    if fact.kind == CHOICES:
        codes = [code for code, _label in fact.choices]
        if value not in codes:
            raise RuleError(
                _("“%(fact)s”: %(value)r is not one of %(choices)s.")
                % {"fact": fact.label, "value": value, "choices": ", ".join(codes)}
            )
        return value
    if fact.kind == DATE:
        try:
            return _parse_date(fact.name, value).isoformat()  # a rule's date may be ahead
        except FactError as error:
            raise RuleError(f"“{fact.label}”: {error.message}") from None
    try:
        parsed = parse_fact(fact.name, value)
    except FactError as error:
        raise RuleError(f"“{fact.label}”: {error.message}") from None
    return parsed.isoformat() if isinstance(parsed, datetime.date) else parsed


def validate_rules(rules: Any) -> dict[str, Any]:
    """A rule tree, checked and normalised; an empty tree means open to everyone."""
    if not rules:
        return {"all": []}
    if not isinstance(rules, Mapping):
        raise RuleError(_("Rules must be a group of conditions."))
    return _validate_node(rules, depth=0)


def _validate_node(node: Mapping[str, Any], depth: int) -> dict[str, Any]:
    if depth > 4:
        raise RuleError(_("Rules may nest at most four groups deep."))
    if not isinstance(node, Mapping) or len({"all", "any", "fact"} & set(node)) != 1:
        raise RuleError(_("Each part of the rules is either a condition or one group."))
    for kind in ("all", "any"):
        if kind in node:
            children = node[kind]
            if not isinstance(children, list):
                raise RuleError(_("A group holds a list of conditions."))
            return {kind: [_validate_node(child, depth + 1) for child in children]}
    if "fact" in node:
        return validate_condition(node)
    raise RuleError(_("Each part of the rules is a condition or a group."))


# --- Evaluation --------------------------------------------------------------------------------


@dataclass
class Reason:
    text: str
    met: bool | None  # None: the fact is not known yet
    fact: str


@dataclass
class Verdict:
    status: str
    reasons: list[Reason] = field(default_factory=list)
    missing_facts: list[str] = field(default_factory=list)
    # (what to do first, the programme that helps with it), set by the catalogue's screening.
    first_steps: list[tuple[str, Any]] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return self.status == ELIGIBLE


def _comparable(fact: Fact, value: Any) -> Any:
    if fact.kind == DATE and isinstance(value, str):
        return datetime.date.fromisoformat(value)
    if fact.kind == CHOICE and fact.ordered:
        return [code for code, _label in fact.choices].index(value)
    return value


def _check(fact: Fact, op: str, expected: Any, actual: Any, today: datetime.date) -> bool:
    if op == MONTHS_SINCE_BETWEEN:
        low, high = expected
        return low <= months_since(actual, today) < high
    if op == ANY_OF:
        return bool(set(actual) & set(expected))
    if op == NONE_OF:
        return not set(actual) & set(expected)
    if op in (IN, NOT_IN):
        found = actual in expected
        return found if op == IN else not found
    if op == EQ:
        return actual == _expected_value(fact, expected)
    if op == NE:
        return actual != _expected_value(fact, expected)
    left = _comparable(fact, actual)
    if op == BETWEEN:
        low, high = (_comparable(fact, value) for value in expected)
        return low <= left <= high
    right = _comparable(fact, expected)
    return {LT: left < right, LTE: left <= right, GT: left > right, GTE: left >= right}[op]


def _expected_value(fact: Fact, value: Any) -> Any:
    return datetime.date.fromisoformat(value) if fact.kind == DATE else value


def _format(fact: Fact, value: Any) -> str:
    if isinstance(value, list | tuple):
        return (
            _("none") if not value else list_separator().join(_format(fact, item) for item in value)
        )
    if fact.kind == BOOL:
        return _("yes") if value else _("no")
    if fact.kind in (CHOICE, CHOICES):
        return fact.choice_label(value)
    if fact.kind == DATE:
        return date_format(_expected_value(fact, value) if isinstance(value, str) else value)
    if fact.unit is not None:
        return str(fact.unit % {"count": value})
    return str(value)


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def describe_condition(condition: Mapping[str, Any]) -> str:
    """What a condition asks for, as a sentence for applicants (in the active language)."""
    return _describe(
        get_language() or "zh-hans", condition["fact"], condition["op"], _frozen(condition["value"])
    )


@lru_cache(maxsize=4096)
def _describe(language: str, fact_name: str, op: str, frozen: Any) -> str:
    """The sentence of one condition in one language: the same conditions recur across
    programmes, and building it (a dozen translations) costs more than judging it."""
    fact = FACTS[fact_name]
    value = list(frozen) if isinstance(frozen, tuple) else frozen
    words = {"fact": fact.label}
    if fact.kind == BOOL:
        template = _("Needed: %(fact)s.") if value else _("Needed: not “%(fact)s”.")
        return template % words
    if op == MONTHS_SINCE_BETWEEN:
        words.update(low=value[0], high=value[1])
        if fact.name == "business_licence_date":
            if not value[0]:
                return _("Needed: a business licence under %(high)s months old.") % words
            return (
                _("Needed: a business licence at least %(low)s and under %(high)s months old.")
                % words
            )
        return _("Needed: %(fact)s at least %(low)s and under %(high)s months ago.") % words
    if op == BETWEEN:
        # "from 18 to 60 years": the unit once, after the second number
        low = str(value[0]) if fact.unit is not None else _format(fact, value[0])
        words.update(low=low, high=_format(fact, value[1]))
        return _("Needed: %(fact)s from %(low)s to %(high)s.") % words
    words["value"] = _format(fact, value)
    if fact.kind == CHOICE and fact.ordered and op in (LT, LTE, GT, GTE):
        return _describe_level(fact, op, value, words)
    templates = {
        EQ: _("Needed: %(fact)s is %(value)s."),
        NE: _("Needed: %(fact)s is not %(value)s."),
        IN: _("Needed: %(fact)s is one of: %(value)s."),
        NOT_IN: _("Needed: %(fact)s is none of: %(value)s."),
        LT: _("Needed: %(fact)s under %(value)s."),
        LTE: _("Needed: %(fact)s at most %(value)s."),
        GT: _("Needed: %(fact)s over %(value)s."),
        GTE: _("Needed: %(fact)s at least %(value)s."),
        ANY_OF: _("Needed: %(fact)s includes at least one of: %(value)s."),
        NONE_OF: _("Needed: %(fact)s includes none of: %(value)s."),
    }
    return templates[op] % words


def _describe_level(fact: Fact, op: str, value: str, words: dict[str, Any]) -> str:
    """A condition on a level (education) in the words people use: "senior high or above"."""
    codes = [code for code, _label in fact.choices]
    if (op == GTE and value == codes[-1]) or (op == LTE and value == codes[0]):
        return _("Needed: %(fact)s: %(value)s.") % words  # the label says "or above" itself
    templates = {
        GTE: _("Needed: %(fact)s: %(value)s or above."),
        LTE: _("Needed: %(fact)s: %(value)s or below."),
        GT: _("Needed: %(fact)s above %(value)s."),
        LT: _("Needed: %(fact)s below %(value)s."),
    }
    return templates[op] % words


def _yours(fact: Fact, op: str, actual: Any, today: datetime.date) -> str:
    if op == MONTHS_SINCE_BETWEEN:
        months = months_since(actual, today)
        if fact.name == "business_licence_date":
            return _("Your business licence is %(months)s months old.") % {"months": months}
        return _("Yours: %(months)s months ago.") % {"months": months}
    return _("Yours: %(value)s.") % {"value": _format(fact, actual)}


@lru_cache(maxsize=8)
def _outcome(language: str, met: bool) -> str:
    return _("This fits.") if met else _("This does not fit.")


def _evaluate_condition(
    condition: Mapping[str, Any], facts: Mapping[str, Any], today: datetime.date
) -> tuple[bool | None, list[Reason], set[str]]:
    fact = FACTS[condition["fact"]]
    requirement = describe_condition(condition)
    actual = facts.get(fact.name)
    if (
        actual is None
        and fact.absent_when
        and facts.get(fact.absent_when[0]) == fact.absent_when[1]
    ):
        other = FACTS[fact.absent_when[0]]
        text = _("%(requirement)s Yours: %(answer)s. This does not fit.") % {
            "requirement": requirement,
            "answer": _("no") if other.kind == BOOL else _format(other, fact.absent_when[1]),
        }
        if fact.name == "business_licence_date":
            text = _("%(requirement)s You have no business licence. This does not fit.") % {
                "requirement": requirement
            }
        return False, [Reason(text, False, fact.name)], set()
    if actual is None:
        text = _("%(requirement)s We do not know this yet: %(question)s") % {
            "requirement": requirement,
            "question": fact.question,
        }
        return None, [Reason(text, None, fact.name)], {fact.name}
    met = _check(fact, condition["op"], condition["value"], actual, today)
    outcome = _outcome(get_language() or "zh-hans", met)
    text = sentences(requirement, _yours(fact, condition["op"], actual, today), outcome)
    return met, [Reason(text, met, fact.name)], set()


def _evaluate_node(node, facts, today) -> tuple[bool | None, list[Reason], set[str]]:
    if "fact" in node:
        return _evaluate_condition(node, facts, today)
    kind = "all" if "all" in node else "any"
    results = [_evaluate_node(child, facts, today) for child in node[kind]]
    reasons = [reason for _met, child_reasons, _missing in results for reason in child_reasons]
    missing = set().union(*(child_missing for _met, _reasons, child_missing in results))
    outcomes = [met for met, _reasons, _missing in results]
    if kind == "all":
        met = False if False in outcomes else (None if None in outcomes else True)
    else:
        met = True if True in outcomes or not outcomes else (None if None in outcomes else False)
        if len(results) > 1 and met:
            # Met: the alternative that fits is the reason; those that do not apply are no
            # reason at all (a red cross beside an eligible verdict only worries people).
            lead = _("One of these is enough, and you have this one:")
            reasons = [
                Reason(sentences(lead, reason.text), reason.met, reason.fact)
                for child_met, child_reasons, _missing in results
                if child_met
                for reason in child_reasons
            ]
        elif len(results) > 1:
            lead = _("One of these is enough:")
            reasons = [
                Reason(sentences(lead, reason.text), reason.met, reason.fact) for reason in reasons
            ]
    return met, reasons, missing


def evaluate(
    rules: Mapping[str, Any] | None,
    facts: Mapping[str, Any],
    *,
    today: datetime.date | None = None,
) -> Verdict:
    """Judge typed facts (see parse_facts) against a rule tree (see validate_rules)."""
    today = today or timezone.localdate()
    if not rules or not (rules.get("all") or rules.get("any") or rules.get("fact")):
        return Verdict(ELIGIBLE, [Reason(_("Open to everyone."), True, "")], [])
    met, reasons, missing = _evaluate_node(rules, facts, today)
    status = {True: ELIGIBLE, False: INELIGIBLE, None: UNKNOWN}[met]
    # Once the verdict is settled, what is still unknown cannot change it.
    return Verdict(status, reasons, sorted(missing) if status == UNKNOWN else [])


def facts_in(rules: Mapping[str, Any] | None) -> set[str]:
    """Every fact a rule tree looks at."""
    return {condition["fact"] for condition in conditions_in(rules)}


def questions_for(rules: Mapping[str, Any] | None) -> set[str]:
    """The facts to ask about for a rule tree: its own, and those they depend on (a licence
    date is asked with "do you have a licence?")."""
    names = facts_in(rules)
    return names | {FACTS[name].absent_when[0] for name in names if FACTS[name].absent_when}


def conditions_in(rules: Mapping[str, Any] | None) -> list[Mapping[str, Any]]:
    """Every condition of a rule tree, in order, however deep."""
    if not rules:
        return []
    if "fact" in rules:
        return [rules]
    children = rules.get("all") or rules.get("any") or []
    return [condition for child in children for condition in conditions_in(child)]


def _members(node: Mapping[str, Any], kind: str) -> list[Mapping[str, Any]]:
    """The members of a group, with same-kind subgroups merged in (they mean the same)."""
    members = []
    for child in node.get(kind, []):
        members.extend(_members(child, kind) if kind in child else [child])
    return members


def _describe_member(node: Mapping[str, Any]) -> str:
    if "fact" in node:
        return describe_condition(node)
    return _(" and ").join(describe_condition(leaf) for leaf in conditions_in(node))


def describe_rules(rules: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """The rules as lines for a programme page: {"text": ...} or {"any": [texts]} per line.

    Every line must hold; of the texts of an "any" line, one is enough.
    """
    if not rules or not (rules.get("all") or rules.get("any") or rules.get("fact")):
        return []
    top = _members(rules, "all") if "all" in rules else [rules]
    lines = []
    for node in top:
        if "any" in node:
            lines.append({"any": [_describe_member(member) for member in _members(node, "any")]})
        else:
            lines.append({"text": _describe_member(node)})
    return lines


def fact_reference() -> list[dict[str, Any]]:
    """Each fact with the tests it allows and the values it takes, for the rule editor."""
    examples = {
        INT: _("a whole number, such as 30, or a range such as 16-60"),
        BOOL: _("yes or no"),
        DATE: _("a date such as 2025-03-01, or for months ago a range such as 12-36"),
    }
    return [
        {
            "name": fact.name,
            "label": fact.label,
            "operators": [OPERATORS[op] for op in operators_for(fact)],
            "choices": fact.choices,
            "example": examples.get(fact.kind, ""),
        }
        for fact in FACTS.values()
    ]


# --- Judging many programmes at once ------------------------------------------------------------
#
# The screener and the eligibility API judge one person against every open programme. Building
# the reasons (a dozen translated sentences per programme) costs far more than the verdict, and
# a person reads the reasons of a page of programmes, not of ten thousand. So the verdict alone
# comes from the rules compiled once into nested functions, and `evaluate` explains only the
# programmes shown. Both read the same rule trees and must agree (tested on every demo rule).

Judge = Any  # Callable[[Mapping[str, Any], datetime.date], bool | None]


def compile_rules(rules: Mapping[str, Any] | None) -> Judge:
    """A function of (facts, today) giving True (fits), False (does not) or None (unknown)."""
    if not rules or not (rules.get("all") or rules.get("any") or rules.get("fact")):
        return _always_fits
    return _compile_node(rules)


def _always_fits(facts, today):
    return True


def _compile_node(node: Mapping[str, Any]) -> Judge:
    if "fact" in node:
        return _compile_condition(node)
    if "all" in node:
        children = [_compile_node(child) for child in node["all"]]

        def all_of(facts, today):
            result = True
            for child in children:
                met = child(facts, today)
                if met is False:
                    return False
                if met is None:
                    result = None
            return result

        return all_of
    children = [_compile_node(child) for child in node["any"]]

    def any_of(facts, today):
        if not children:
            return True
        result = False
        for child in children:
            met = child(facts, today)
            if met is True:
                return True
            if met is None:
                result = None
        return result

    return any_of


def _compile_condition(condition: Mapping[str, Any]) -> Judge:
    fact = FACTS[condition["fact"]]
    op, expected, name = condition["op"], condition["value"], fact.name
    absent_when = fact.absent_when

    def judge(facts, today):
        actual = facts.get(name)
        if actual is None:
            if absent_when and facts.get(absent_when[0]) == absent_when[1]:
                return False
            return None
        return _check(fact, op, expected, actual, today)

    return judge


@lru_cache(maxsize=65536)
def compiled_from_text(text: str) -> Judge:
    """The compiled rules of their stored JSON text: programmes are judged by the thousand, and
    their rules change rarely, so each distinct rule text is parsed and compiled once."""
    return compile_rules(json.loads(text) if text else None)


def judge_status(judge: Judge, facts: Mapping[str, Any], today: datetime.date) -> str:
    return {True: ELIGIBLE, False: INELIGIBLE, None: UNKNOWN}[judge(facts, today)]
