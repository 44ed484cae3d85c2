import datetime
import re
from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.widgets import DateInput, DateTimeInput, Textarea
from services import eligibility
from services.eligibility import FACTS, OPERATORS, Fact, RuleError
from services.models import DocumentType, Programme, TrainingSession
from services.selectors import SORTS, CatalogueFilters

# --- Catalogue ---------------------------------------------------------------------------------

SORT_LABELS = {
    "relevance": gettext_lazy("Best match"),
    "closing": gettext_lazy("Closing soonest"),
    "newest": gettext_lazy("Newest"),
}


class CatalogueFilterForm(forms.Form):
    """The catalogue's query string. Unknown values are dropped, never an error page."""

    q = forms.CharField(
        label=gettext_lazy("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": gettext_lazy("e.g. 创业培训, 贷款, loan")}
        ),
    )
    department = forms.CharField(required=False, max_length=32)
    kind = forms.ChoiceField(required=False, choices=[("", ""), *list(Programme.Kind.choices)])
    park = forms.CharField(required=False, max_length=64)
    sort = forms.ChoiceField(required=False, choices=[("", "")] + [(s, s) for s in SORTS])
    closed = forms.BooleanField(required=False)

    def filters(self) -> CatalogueFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return CatalogueFilters(
            q=data.get("q", "").strip(),
            department=data.get("department", ""),
            kind=data.get("kind", ""),
            park=data.get("park", ""),
            include_closed=data.get("closed", False),
            sort=data.get("sort", ""),
        )


# --- Screener ----------------------------------------------------------------------------------

NONE_OF_THESE = "none"

# The screener asks these first; the rest sit under "more questions".
MAIN_FACTS = [
    "age",
    "gender",
    "hukou",
    "hukou_in_county",
    "five_types",
    "ready_to_start_business",
    "has_business_licence",
    "business_licence_date",
    "education",
    "children_under_3",
    "returned_from_abroad",
]
MORE_FACTS = [name for name in FACTS if name not in MAIN_FACTS]


def _fact_field(fact: Fact) -> forms.Field:
    common = {"label": fact.question, "help_text": fact.help, "required": False}
    if fact.kind == eligibility.INT:
        return forms.IntegerField(
            min_value=fact.minimum,
            max_value=fact.maximum,
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            **common,
        )
    if fact.kind == eligibility.BOOL:
        return forms.TypedChoiceField(
            choices=[("yes", _("Yes")), ("no", _("No")), ("", _("Not sure"))],
            coerce=lambda value: value == "yes",
            empty_value=None,
            widget=forms.RadioSelect,
            **common,
        )
    if fact.kind == eligibility.DATE:
        return forms.DateField(widget=DateInput, **common)
    if fact.kind == eligibility.CHOICE:
        return forms.ChoiceField(
            choices=[*fact.choices, ("", _("Not sure, or prefer not to say"))],
            widget=forms.RadioSelect,
            **common,
        )
    return forms.MultipleChoiceField(
        choices=[*fact.choices, (NONE_OF_THESE, _("None of these"))],
        widget=forms.CheckboxSelectMultiple,
        **common,
    )


class ScreenerForm(forms.Form):
    """A short questionnaire; every question may be skipped ("not sure")."""

    def __init__(self, *args, focus: set[str] | frozenset[str] = frozenset(), **kwargs):
        """`focus`: the facts one programme asks about, asked first."""
        super().__init__(*args, **kwargs)
        for name in MAIN_FACTS + MORE_FACTS:
            self.fields[name] = _fact_field(FACTS[name])
        self.focus = [name for name in MAIN_FACTS + MORE_FACTS if name in focus]

    @classmethod
    def initial_from_facts(cls, facts: dict[str, Any]) -> dict[str, Any]:
        initial = {}
        for name, value in facts.items():
            fact = FACTS.get(name)
            if fact is None:
                continue
            if fact.kind == eligibility.BOOL:
                initial[name] = "yes" if value else "no"
            elif fact.kind == eligibility.CHOICES:
                initial[name] = list(value) or [NONE_OF_THESE]
            else:
                initial[name] = value
        return initial

    def clean(self):
        data = super().clean()
        for name in FACTS:
            if FACTS[name].kind == eligibility.CHOICES and name in data:
                chosen = data[name]
                if NONE_OF_THESE in chosen and len(chosen) > 1:
                    self.add_error(name, _("“None of these” cannot be ticked with another answer."))
        if data.get("has_business_licence") is False and data.get("business_licence_date"):
            self.add_error(
                "business_licence_date",
                _("You said you have no business licence: leave its date empty, or answer yes."),
            )
        elif data.get("business_licence_date") and data.get("has_business_licence") is None:
            data["has_business_licence"] = True
        # The engine's own checks (no future licence or return date), next to each field.
        for name in ("business_licence_date", "return_date"):
            if data.get(name):
                try:
                    eligibility.parse_fact(name, data[name])
                except eligibility.FactError as error:
                    self.add_error(name, error.message)
        return data

    def facts(self) -> dict[str, Any]:
        """The answers as facts (JSON-ready: dates as text); skipped questions are left out."""
        facts = {}
        for name, value in self.cleaned_data.items():
            if FACTS[name].kind == eligibility.CHOICES:
                if not value:
                    continue
                value = [item for item in value if item != NONE_OF_THESE]
            if value is None or value == "":
                continue
            if isinstance(value, datetime.date):
                value = value.isoformat()
            facts[name] = value
        return facts

    def focus_fields(self):
        return [self[name] for name in self.focus]

    def main_fields(self):
        return [self[name] for name in MAIN_FACTS if name not in self.focus]

    def more_fields(self):
        return [self[name] for name in MORE_FACTS if name not in self.focus]


# --- Park managers: programmes -----------------------------------------------------------------


class ProgrammeForm(forms.ModelForm):
    policy_url = forms.URLField(
        label=Programme._meta.get_field("policy_url").verbose_name,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = Programme
        fields = [
            "slug",
            "department",
            "kind",
            "parks",
            "title_zh",
            "title_en",
            "summary_zh",
            "summary_en",
            "description_zh",
            "description_en",
            "benefit_min",
            "benefit_max",
            "benefit_text_zh",
            "benefit_text_en",
            "documents",
            "opens_on",
            "closes_on",
            "sla_days",
            "channel",
            "once_per_person",
            "provides",
            "policy_reference",
            "policy_url",
            "appeal_zh",
            "appeal_en",
        ]
        widgets = {
            "parks": forms.CheckboxSelectMultiple,
            "documents": forms.CheckboxSelectMultiple,
            "opens_on": DateInput,
            "closes_on": DateInput,
            "summary_zh": Textarea,
            "summary_en": Textarea,
            "description_zh": Textarea(attrs={"rows": 4}),
            "description_en": Textarea(attrs={"rows": 4}),
            "appeal_zh": Textarea(attrs={"rows": 2}),
            "appeal_en": Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "slug": gettext_lazy(
                "The programme's address on the portal: small letters, digits and -."
            ),
        }

    def __init__(self, *args, parks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parks"].queryset = parks
        self.fields["parks"].required = True
        self.fields["documents"].queryset = DocumentType.objects.order_by("code")
        if self.instance.pk:
            self.fields["slug"].disabled = True
            self.fields["slug"].help_text = _("The address stays the same once made.")

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The intake cannot close before it opens."))
        low, high = data.get("benefit_min"), data.get("benefit_max")
        if low is not None and high is not None and high < low:
            self.add_error("benefit_max", _("The highest benefit is below the lowest."))
        return data

    def _get_validation_exclusions(self):
        # The two-field rules are checked in clean() with errors on the right field.
        return super()._get_validation_exclusions() | {"closes_on", "benefit_max"}


GROUP_CHOICES = [
    ("", gettext_lazy("Must be met")),
    ("A", gettext_lazy("Group A: one of the group is enough")),
    ("B", gettext_lazy("Group B: one of the group is enough")),
    ("C", gettext_lazy("Group C: one of the group is enough")),
]
_SPLIT_LIST = re.compile(r"\s*[,，、;；]\s*")
_SPLIT_RANGE = re.compile(r"\s*(?:,|，|~|～|–|—|至|到|\bto\b|(?<=\d)-(?=\d))\s*")
# Dates hold hyphens themselves: their ranges are split on words and signs only.
_SPLIT_DATE_RANGE = re.compile(r"\s*(?:,|，|~|～|–|—|至|到|\bto\b)\s*")
_YES = {"yes", "true", "是", "y", "1"}
_NO = {"no", "false", "否", "n", "0"}


def _choice_code(fact: Fact, text: str) -> str:
    """A choice's code from its code or its label in either language."""
    wanted = text.strip().lower()
    for code, label in fact.choices:
        names = {code.lower()}
        for language in ("zh-hans", "en"):
            with translation.override(language):
                names.add(str(label).lower())
        if wanted in names:
            return code
    return text.strip()


def _single_value(fact: Fact, text: str) -> Any:
    text = text.strip()
    if fact.kind == eligibility.INT:
        return int(text) if re.fullmatch(r"-?\d+", text) else text
    if fact.kind == eligibility.BOOL:
        lowered = text.lower()
        return True if lowered in _YES else False if lowered in _NO else text
    if fact.kind in (eligibility.CHOICE, eligibility.CHOICES):
        return _choice_code(fact, text)
    return text


def parse_condition_value(fact: Fact, op: str, text: str) -> Any:
    """What a manager typed for a condition's value, as the rule's value (then validated)."""
    text = (text or "").strip()
    if op in eligibility.RANGE_OPERATORS:
        dated = fact.kind == eligibility.DATE and op != eligibility.MONTHS_SINCE_BETWEEN
        parts = [
            part for part in (_SPLIT_DATE_RANGE if dated else _SPLIT_RANGE).split(text) if part
        ]
        if op == eligibility.MONTHS_SINCE_BETWEEN:
            return [int(part) if part.isdigit() else part for part in parts]
        return [_single_value(fact, part) for part in parts]
    if op in eligibility.LIST_OPERATORS:
        return [_single_value(fact, part) for part in _SPLIT_LIST.split(text) if part]
    return _single_value(fact, text)


def format_condition_value(fact: Fact, op: str, value: Any) -> str:
    """A rule's value as the manager types it (the inverse of parse_condition_value)."""
    if isinstance(value, list):
        if op in eligibility.RANGE_OPERATORS:
            joiner = (
                " to " if fact.kind == eligibility.DATE and op != "months_since_between" else "-"
            )
            return joiner.join(str(item) for item in value)
        return ", ".join(format_condition_value(fact, eligibility.EQ, item) for item in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


class ConditionForm(forms.Form):
    group = forms.ChoiceField(label=gettext_lazy("How"), choices=GROUP_CHOICES, required=False)
    fact = forms.ChoiceField(label=gettext_lazy("Fact"), required=False)
    op = forms.ChoiceField(
        label=gettext_lazy("Test"), choices=[("", "—"), *OPERATORS.items()], required=False
    )
    value = forms.CharField(
        label=gettext_lazy("Value"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("A range as 16-60; a list as a, b, c; yes or no."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fact"].choices = [("", "—")] + [
            (fact.name, fact.label) for fact in FACTS.values()
        ]

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (data.get("fact") or data.get("op") or data.get("value"))

    def clean(self):
        data = super().clean()
        if self.errors or self.is_blank():
            return data
        for name in ("fact", "op", "value"):
            if not data.get(name):
                self.add_error(name, _("Fill in the fact, the test and the value of a condition."))
        if self.errors:
            return data
        fact = FACTS[data["fact"]]
        condition = {
            "fact": fact.name,
            "op": data["op"],
            "value": parse_condition_value(fact, data["op"], data["value"]),
        }
        try:
            data["condition"] = eligibility.validate_condition(condition)
        except RuleError as error:
            self.add_error("value", str(error))
        return data


class BaseConditionFormSet(forms.BaseFormSet):
    def rules(self) -> dict[str, Any]:
        """The conditions as a rule tree: ungrouped ones must all hold; one per group suffices."""
        required, groups = [], {}
        for form in self.forms:
            if not form.has_changed() or self._should_delete_form(form) or form.is_blank():
                continue
            condition = form.cleaned_data["condition"]
            group = form.cleaned_data.get("group") or ""
            if group:
                groups.setdefault(group, []).append(condition)
            else:
                required.append(condition)
        tree = list(required)
        for group in sorted(groups):
            members = groups[group]
            tree.append({"any": members} if len(members) > 1 else members[0])
        return {"all": tree}


ConditionFormSet = forms.formset_factory(
    ConditionForm, formset=BaseConditionFormSet, extra=2, can_delete=True, max_num=30
)


def rules_to_initial(rules: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of the condition formset for a stored rule tree (two levels deep)."""
    rows = []
    letters = iter("ABC")

    def row(condition, group):
        fact = FACTS[condition["fact"]]
        return {
            "group": group,
            "fact": fact.name,
            "op": condition["op"],
            "value": format_condition_value(fact, condition["op"], condition["value"]),
        }

    top = rules.get("all", []) if rules else []
    if rules and "any" in rules:
        top = [rules]
    for node in top:
        if "fact" in node:
            rows.append(row(node, ""))
        else:
            group = next(letters, "C")
            rows.extend(row(child, group) for child in node.get("any", node.get("all", [])))
    return rows


# --- Park managers: sessions -------------------------------------------------------------------


class SessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = ["starts_at", "ends_at", "place_zh", "place_en", "seats"]
        widgets = {
            "starts_at": DateTimeInput,
            "ends_at": DateTimeInput,
        }

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("A session must end after it starts."))
        return data

    def _get_validation_exclusions(self):
        return super()._get_validation_exclusions() | {"ends_at"}
