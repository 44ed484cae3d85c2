"""The park manager's forms: a programme, its rules of who may apply, its training sessions."""

import datetime
import re
import unicodedata
from typing import Any

from django import forms
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.bilingual import list_separator
from portal.widgets import DateInput, DateTimeInput, Textarea
from services import addresses, eligibility
from services.eligibility import FACTS, OPERATORS, Fact, RuleError
from services.jurisdictions import is_municipal, session_districts
from services.models import DocumentType, Programme, TrainingSession

# --- Park managers: programmes -----------------------------------------------------------------


ENGLISH_OPTIONAL = gettext_lazy(
    "Optional. Where it is empty, English readers see the Chinese text, marked as Chinese."
)


class ProgrammeForm(forms.ModelForm):
    slug = forms.CharField(
        label=gettext_lazy("Address on the portal"),
        required=False,
        max_length=80,
        help_text=gettext_lazy(
            "Leave it empty: it is made from the Chinese title (in pinyin). Or write small "
            "letters, digits and -."
        ),
    )
    policy_url = forms.URLField(
        label=Programme._meta.get_field("policy_url").verbose_name,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = Programme
        fields = [
            "department",
            "kind",
            "parks",
            "title_zh",
            "title_en",
            "slug",
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
            "title_en": ENGLISH_OPTIONAL,
            "summary_en": ENGLISH_OPTIONAL,
            "description_en": ENGLISH_OPTIONAL,
        }

    def __init__(self, *args, parks, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parks"].queryset = parks
        self.fields["department"].queryset = departments
        self.fields["parks"].required = True
        self.fields["documents"].queryset = DocumentType.objects.order_by("code")
        if self.instance.pk:
            self.fields["slug"].help_text = _(
                "Changing it is safe: the old address keeps leading here. Empty: it stays as it is."
            )

    def clean_slug(self):
        typed = self.cleaned_data.get("slug", "")
        if not typed.strip():
            return self.instance.slug if self.instance.pk else ""
        return addresses.clean_slug(typed)

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
        # The two-field rules are checked in clean() with errors on the right field; the
        # address in services.actions (against former addresses too).
        return super()._get_validation_exclusions() | {"closes_on", "benefit_max", "slug"}


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
_UNITS = re.compile(r"(?<=\d)\s*(?:周岁|岁|个月|月|years?|months?)", re.IGNORECASE)
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
    # Full-width digits and signs (１８－４５) as plain ones; a unit after a number (18-45岁,
    # 12至36个月) is what the fact counts in already.
    text = unicodedata.normalize("NFKC", text or "").strip()
    if fact.kind == eligibility.INT or op == eligibility.MONTHS_SINCE_BETWEEN:
        text = _UNITS.sub("", text).strip()
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


# Facts whose values come from a list: the editor offers the list to tick, not a box to type.
LISTED_KINDS = (eligibility.BOOL, eligibility.CHOICE, eligibility.CHOICES)


def _listed_values(fact: Fact) -> tuple[tuple[str, Any], ...]:
    if fact.kind == eligibility.BOOL:
        return (("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No")))
    return fact.choices


def operators_by_fact() -> dict[str, list[str]]:
    """The tests each fact allows, for the editor to offer only those."""
    return {name: eligibility.operators_for(fact) for name, fact in FACTS.items()}


def value_lists() -> list[dict[str, Any]]:
    """Each fact with a list of values, with the values as the editor's ticks name them."""
    return [
        {
            "name": fact.name,
            "label": fact.label,
            "values": [(f"{fact.name}:{code}", label) for code, label in _listed_values(fact)],
        }
        for fact in FACTS.values()
        if fact.kind in LISTED_KINDS
    ]


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
        help_text=gettext_lazy("A range as 16-60; a list as a, b, c."),
    )
    # Ticked values of facts with a list, as "fact:code" (the ticks of every such fact are in
    # the page; only the chosen fact's count).
    chosen = forms.MultipleChoiceField(
        label=gettext_lazy("Values"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fact"].choices = [("", "—")] + [
            (fact.name, fact.label) for fact in FACTS.values()
        ]
        self.fields["chosen"].choices = [
            value for listed in value_lists() for value in listed["values"]
        ]

    def is_blank(self) -> bool:
        """Nothing chosen or typed (ticks left from a fact no longer chosen are not seen, and
        do not count)."""
        data = getattr(self, "cleaned_data", {})
        return not (data.get("fact") or data.get("op") or data.get("value"))

    def _codes(self, fact: Fact) -> list[str]:
        """The ticked values of this fact (ticks of other facts are hidden: not counted)."""
        return [
            key.split(":", 1)[1]
            for key in self.cleaned_data.get("chosen", [])
            if key.split(":", 1)[0] == fact.name
        ]

    def _ticked(self, fact: Fact, op: str) -> Any:
        """The value from the ticks, or None when nothing of this fact is ticked."""
        codes = self._codes(fact)
        if not codes:
            return None
        if fact.kind == eligibility.BOOL:
            codes = [code == "yes" for code in codes]
        if op in eligibility.LIST_OPERATORS:
            return codes
        if len(codes) > 1:
            self.add_error(
                "chosen",
                _("“%(test)s” takes one value: tick one, or choose “is one of”.")
                % {"test": OPERATORS[op]},
            )
        return codes[0]

    def clean(self):
        data = super().clean()
        if self.errors or self.is_blank():
            return data
        message = _("Fill in the fact, the test and the value of a condition.")
        fact = FACTS.get(data.get("fact") or "")
        listed = fact is not None and fact.kind in LISTED_KINDS
        for name in ("fact", "op"):
            if not data.get(name):
                self.add_error(name, message)
        if not (data.get("value") or (listed and self._codes(fact))):
            if listed:
                self.add_error("chosen", _("Tick the values this condition accepts."))
            else:
                self.add_error("value", message)
        if self.errors:
            return data
        allowed = eligibility.operators_for(fact)
        if data["op"] not in allowed:
            tests = list_separator().join(str(OPERATORS[op]) for op in allowed)
            self.add_error(
                "op",
                _("For “%(fact)s” choose one of: %(tests)s.")
                % {"fact": fact.label, "tests": tests},
            )
            return data
        value = self._ticked(fact, data["op"]) if listed else None
        if self.errors:
            return data
        if value is None:
            if not data.get("value"):
                self.add_error("chosen", _("Tick the values this condition accepts."))
                return data
            value = parse_condition_value(fact, data["op"], data["value"])
        condition = {"fact": fact.name, "op": data["op"], "value": value}
        try:
            data["condition"] = eligibility.validate_condition(condition)
        except RuleError as error:
            self.add_error("chosen" if listed else "value", str(error))
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
    ConditionForm, formset=BaseConditionFormSet, extra=6, can_delete=True, max_num=30
)


def rules_to_initial(rules: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of the condition formset for a stored rule tree (two levels deep)."""
    rows = []
    letters = iter("ABC")

    def row(condition, group):
        fact = FACTS[condition["fact"]]
        found = {"group": group, "fact": fact.name, "op": condition["op"]}
        if fact.kind in LISTED_KINDS:
            values = condition["value"]
            values = values if isinstance(values, list) else [values]
            found["chosen"] = [
                f"{fact.name}:{format_condition_value(fact, eligibility.EQ, value)}"
                for value in values
            ]
        else:
            found["value"] = format_condition_value(fact, condition["op"], condition["value"])
        return found

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


SESSION_YEARS_AHEAD = 5


class SessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = ["starts_at", "ends_at", "jurisdiction", "place_zh", "place_en", "seats"]
        help_texts = {"place_en": ENGLISH_OPTIONAL}
        widgets = {
            "starts_at": DateTimeInput,
            "ends_at": DateTimeInput,
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["jurisdiction"]
        field.queryset = session_districts(programme)
        field.label_from_instance = lambda district: district.name
        if not is_municipal(programme):  # one choice: its own district
            field.initial = programme.department.jurisdiction_id
            field.empty_label = None
            field.required = False  # not posted: session_save gives it its only choice

    def _clean_time(self, name):
        """A session is held between 2000 and SESSION_YEARS_AHEAD years from now: year 1 or
        9999 is a typing slip (and beyond what the time zones can convert)."""
        moment = self.cleaned_data[name]
        earliest = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
        latest = timezone.now() + datetime.timedelta(days=365 * SESSION_YEARS_AHEAD)
        if moment is not None and not earliest <= moment <= latest:
            raise forms.ValidationError(
                _("Choose a time between the years %(earliest)s and %(latest)s.")
                % {"earliest": 2000, "latest": timezone.localtime(latest).year},
                code="out_of_range",
            )
        return moment

    def clean_starts_at(self):
        return self._clean_time("starts_at")

    def clean_ends_at(self):
        return self._clean_time("ends_at")

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("A session must end after it starts."))
        return data

    def _get_validation_exclusions(self):
        return super()._get_validation_exclusions() | {"ends_at"}
