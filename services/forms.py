import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.widgets import DateInput
from services import eligibility
from services.eligibility import FACTS, Fact
from services.jurisdictions import DISTRICT_VALUE, districts, known_district
from services.models import Programme
from services.selectors import SORTS, CatalogueFilters

# --- Catalogue ---------------------------------------------------------------------------------

SORT_LABELS = {
    "relevance": gettext_lazy("Best match"),
    "closing": gettext_lazy("Closing soonest"),
    "newest": gettext_lazy("Newest"),
}


DISTRICT_ALL = "all"


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
    department = forms.CharField(required=False, max_length=48)
    kind = forms.ChoiceField(required=False, choices=[("", ""), *list(Programme.Kind.choices)])
    park = forms.CharField(required=False, max_length=64)
    sort = forms.ChoiceField(required=False, choices=[("", "")] + [(s, s) for s in SORTS])
    closed = forms.BooleanField(required=False)
    # A district's division code, or "all" for the whole municipality (DISTRICT_ALL).
    district = forms.RegexField(regex=DISTRICT_VALUE, required=False)

    def filters(self, *, district: str = "") -> CatalogueFilters:
        """`district`: where the visitor lives when the query string does not say (the
        profile's or the one chosen before, from the cookie); not applied to a department
        asked for by name (a link from the list of departments)."""
        data = self.cleaned_data if self.is_valid() else {}
        asked = known_district(data.get("district")) or ("" if data.get("department") else district)
        return CatalogueFilters(
            district="" if asked == DISTRICT_ALL else asked,
            q=data.get("q", "").strip(),
            department=data.get("department", ""),
            kind=data.get("kind", ""),
            park=data.get("park", ""),
            include_closed=data.get("closed", False),
            sort=data.get("sort", ""),
        )


# --- Screener ----------------------------------------------------------------------------------

NONE_OF_THESE = "none"
DISTRICT = "district"  # the screener's question of where one lives

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
        # Where one lives decides which programmes are offered (not a rule's fact): asked
        # first, remembered like the catalogue's choice.
        self.fields[DISTRICT] = forms.ChoiceField(
            label=_("Which district or county do you live in now?"),
            help_text=_(
                "Each district or county offers its own programmes besides the municipal ones."
            ),
            choices=[
                ("", _("Not sure, or prefer not to say")),
                *((place.code, place.name) for place in districts()),
            ],
            required=False,
        )
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
            if name == DISTRICT:
                continue  # where one lives: `district`
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
        return [self[DISTRICT], *(self[name] for name in MAIN_FACTS if name not in self.focus)]

    def district(self) -> str:
        """The district's code answered, or "" (not sure)."""
        return self.cleaned_data.get(DISTRICT, "")

    def more_fields(self):
        return [self[name] for name in MORE_FACTS if name not in self.focus]
