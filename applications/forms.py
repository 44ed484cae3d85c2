from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications import held
from applications.models import ApplicantProfile, DocumentToFollow
from applications.profiles import (
    consent_missing,
    identity_completed,
    identity_problems,
    normalize_id_number,
    validate_id_number,
)
from applications.uploads import ACCEPT, MAX_FILES_AT_ONCE, check_count, check_upload
from portal.accounts.phones import normalize_phone, validate_mobile_number
from portal.fields import MAX_COUNT, IdField
from portal.widgets import DateInput, Textarea
from services.eligibility import FIVE_TYPES
from services.jurisdictions import districts
from services.models import DocumentType, Programme

NONE_OF_THESE = "none"
YES_NO_UNKNOWN = [
    ("yes", gettext_lazy("Yes")),
    ("no", gettext_lazy("No")),
    ("", gettext_lazy("Not sure")),
]


def _yes_no(label, help_text=""):
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO_UNKNOWN,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


class ProfileForm(forms.ModelForm):
    """The profile, filled in once. Questions that need it carry a plain-language reason."""

    five_types = forms.MultipleChoiceField(
        label=gettext_lazy("Do any of these describe you? Tick all that fit."),
        choices=[*FIVE_TYPES, (NONE_OF_THESE, gettext_lazy("None of these"))],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("Training is free or subsidised for these five groups of people."),
    )
    goals = forms.MultipleChoiceField(
        label=gettext_lazy("What do you want to do now?"),
        choices=ApplicantProfile.Goal.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    district = forms.ModelChoiceField(
        label=gettext_lazy("Which district or county do you live in now?"),
        queryset=districts(),
        to_field_name="code",
        empty_label=gettext_lazy("Choose…"),
        help_text=gettext_lazy(
            "Trainings and start-up loans are handled by the bureau of the district or county "
            "where you live, even if your hukou is registered elsewhere."
        ),
    )
    hukou_in_county = _yes_no(
        gettext_lazy("Is your hukou registered in the district or county where you live now?")
    )
    student_in_chongqing = _yes_no(gettext_lazy("Are you studying at a university in Chongqing?"))
    ready_to_start_business = _yes_no(gettext_lazy("Do you plan to start your own business soon?"))
    has_business_licence = _yes_no(gettext_lazy("Do you have a business licence (营业执照)?"))
    returned_from_abroad = _yes_no(
        gettext_lazy("Did you come back from studying or working abroad?")
    )
    consent = forms.BooleanField(
        label=gettext_lazy(
            "I agree that the county departments use this information to handle my applications."
        ),
        required=False,
    )

    class Meta:
        model = ApplicantProfile
        fields = [
            "name",
            "gender",
            "birth_date",
            "phone",
            "id_number",
            "district",
            "hukou",
            "hukou_in_county",
            "hukou_town",
            "education",
            "destination_region",
            "years_away",
            "return_date",
            "return_reason",
            "industry",
            "goals",
            "skills",
            "five_types",
            "student_in_chongqing",
            "ready_to_start_business",
            "has_business_licence",
            "business_licence_date",
            "children_under_3",
            "returned_from_abroad",
            "sector",
            "disability",
        ]
        widgets = {
            "birth_date": DateInput,
            "return_date": DateInput,
            "business_licence_date": DateInput,
            "gender": forms.RadioSelect,
            "hukou": forms.RadioSelect,
            "skills": Textarea(attrs={"rows": 2}),
            "disability": Textarea(attrs={"rows": 2}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            "id_number": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        }
        help_texts = {
            "id_number": gettext_lazy(
                "The 18 characters on your resident identity card. Only you and the "
                "departments you apply to can see it."
            ),
            "hukou": gettext_lazy(
                "Shown in your hukou booklet (户口簿). Some programmes are for rural or local "
                "hukou only."
            ),
            "hukou_town": gettext_lazy("The town or subdistrict written in your hukou booklet."),
            "business_licence_date": gettext_lazy(
                "Printed on your business licence. Some trainings and loans depend on how old "
                "the business is."
            ),
            "disability": gettext_lazy(
                "Optional. Tell us only if you want help to reach the service centre or to "
                "fill in forms; it never counts against you."
            ),
        }

    def __init__(self, *args, needs_consent=True, on_behalf=False, held_by=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.held_by = held_by  # who chose the consent scan: it is held for them (held.py)
        self.held_scan = None  # (note, file name) of the scan held from an earlier try
        if self.instance.pk and self.instance.district_id and not self.is_bound:
            # The list's values are division codes; the instance holds the row's id.
            self.initial["district"] = self.instance.district.code
        for name in ("name", "phone", "id_number", "hukou"):
            self.fields[name].required = True
        # Both are in the ID card number: left empty, they are taken from it (see clean).
        for name in ("gender", "birth_date"):
            self.fields[name].help_text = _("Left empty, it is taken from your ID card number.")
        # Room for spaces and a +86 prefix: they are taken out before checking.
        self.fields["phone"].max_length = 20
        self.fields["id_number"].max_length = 30
        for name in ("phone", "id_number"):
            self.fields[name].validators = []
            self.fields[name].widget.attrs["maxlength"] = self.fields[name].max_length
        self.fields["gender"].choices = ApplicantProfile.Gender.choices
        self.fields["hukou"].choices = ApplicantProfile.Hukou.choices
        # A list left unanswered says what to do, not "---------".
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select) and not field.widget.allow_multiple_selected:
                field.choices = [
                    ("", _("Choose…")) if value == "" else (value, label)
                    for value, label in field.choices
                ]
        self.needs_consent = needs_consent
        if not needs_consent:
            del self.fields["consent"]
        elif on_behalf:
            # Filled in at the service centre: the returnee's consent is their signed form.
            self.fields["consent"].label = _(
                "The returnee signed the paper consent form after reading it"
            )
            self.fields["consent_scan"] = forms.FileField(
                label=_("Photo or scan of the signed consent form"),
                help_text=_("A PDF, or a photo (JPEG, PNG or HEIC), at most 10 MB."),
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
            )
            self.fields["consent_scan_held"] = forms.CharField(
                required=False, widget=forms.HiddenInput
            )
        if self.instance.pk and self.instance.five_types_known and not self.instance.five_types:
            self.initial["five_types"] = [NONE_OF_THESE]
        for name in ("hukou_in_county", "student_in_chongqing", "ready_to_start_business",
                     "has_business_licence", "returned_from_abroad"):  # fmt: skip
            value = getattr(self.instance, name) if self.instance.pk else None
            if value is None:  # not answered in the profile: the screener's answer, if any
                value = self.initial.get(name)
            if value not in ("yes", "no"):
                self.initial[name] = "" if value is None else ("yes" if value else "no")

    def clean_id_number(self):
        number = normalize_id_number(self.cleaned_data["id_number"])
        validate_id_number(number)
        return number

    def clean_phone(self):
        phone = normalize_phone(self.cleaned_data["phone"])
        validate_mobile_number(phone)
        return phone

    def clean_consent_scan(self):
        """A file chosen now (checked at once, so its problem shows with the others), or else
        the one held from an earlier try of this form."""
        scan = self.cleaned_data.get("consent_scan")
        if scan:
            check_upload(scan)
            return scan
        note = self.data.get("consent_scan_held", "")
        if note and self.held_by is not None:
            scan = held.upload_held(note, by=self.held_by)
            if scan is not None:
                self.held_scan = (note, scan.name)
                return scan
        return None

    def hold_scan(self) -> None:
        """After an error anywhere on the page: hold the chosen consent scan for the next try
        and say so beside its field, as a browser never fills a file field again."""
        if "consent_scan" not in self.fields or self.held_by is None:
            return
        if self.held_scan is None and (scan := self.cleaned_data.get("consent_scan")):
            self.held_scan = held.upload_hold(scan, by=self.held_by)
        if self.held_scan is None:
            return
        note, name = self.held_scan
        self.data = self.data.copy()
        self.data["consent_scan_held"] = note
        kept = _(
            "“%(name)s” is kept: there is no need to choose it again. Choose another file only "
            "to replace it."
        ) % {"name": name}
        # the bound field, made while cleaning, holds its own copy of the help text
        self.fields["consent_scan"].help_text = self["consent_scan"].help_text = kept

    def release_scan(self) -> None:
        """The form was saved: the held scan is stored with the profile, its copy goes."""
        if self.held_scan is not None:
            held.upload_release(self.held_scan[0], by=self.held_by)

    def clean_five_types(self):
        chosen = self.cleaned_data["five_types"]
        if NONE_OF_THESE in chosen and len(chosen) > 1:
            raise forms.ValidationError(_("“None of these” cannot be ticked with another answer."))
        return [value for value in chosen if value != NONE_OF_THESE]

    def clean(self):
        data = super().clean()
        if self.needs_consent and (why := consent_missing(None, data.get("consent", False))):
            self.add_error("consent", why)
        if "birth_date" in data and "gender" in data:
            data["birth_date"], data["gender"] = identity_completed(
                id_number=data.get("id_number", ""),
                birth_date=data["birth_date"],
                gender=data["gender"],
            )
            unknown = {
                "birth_date": _(
                    "Fill in the date of birth, or the ID card number: it holds the date."
                ),
                "gender": _("Choose the gender, or fill in the ID card number: it holds it."),
            }
            for name in ("birth_date", "gender"):
                if not data[name]:
                    self.add_error(name, unknown[name])
        problems = identity_problems(
            id_number=data.get("id_number", ""),
            birth_date=data.get("birth_date"),
            gender=data.get("gender", ""),
            return_date=data.get("return_date"),
            business_licence_date=data.get("business_licence_date"),
        )
        for name, problem in problems.items():
            if name not in self.errors:
                self.add_error(name, problem)
        return data

    def profile_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        if not self.data.getlist(self.add_prefix("five_types")):
            data.pop("five_types")  # not answered: stays unknown
        return data


class ProgrammeChoiceForm(forms.Form):
    programmes = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Programmes to apply for"),
        queryset=Programme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        to_field_name="slug",
        error_messages={"required": gettext_lazy("Choose at least one programme.")},
    )

    def __init__(self, *args, programmes, held=None, fits=None, **kwargs):
        """`held`: what the applicant already has (selectors.programmes_held), said per line;
        `fits`: by programme id, whether they seem to qualify, said per line too."""
        super().__init__(*args, **kwargs)
        self.fields["programmes"].queryset = programmes
        held = held or {}
        fits = fits or {}

        def label(programme):
            had = held.get(programme.pk)
            if had is None:
                if programme.pk not in fits:
                    return programme.title
                fit = (
                    _("you seem to qualify")
                    if fits[programme.pk]
                    else _("you do not seem to qualify")
                )
                return _("%(programme)s (%(fit)s)") % {"programme": programme.title, "fit": fit}
            words = {"programme": programme.title, "date": date_format(had.on)}
            if had.approved:
                return _("%(programme)s (approved for you on %(date)s)") % words
            return _("%(programme)s (applied for on %(date)s, waiting for a decision)") % words

        self.fields["programmes"].label_from_instance = label


class DocumentUploadForm(forms.Form):
    document_type = forms.ModelChoiceField(
        queryset=DocumentType.objects.all(),
        to_field_name="code",
        widget=forms.HiddenInput,
        error_messages={"required": gettext_lazy("Choose which document it is.")},
    )
    file = forms.FileField(
        label=gettext_lazy("Choose a photo or a PDF"),
        help_text=gettext_lazy("A PDF, or a photo (JPEG, PNG or HEIC), at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"required": gettext_lazy("Choose a photo or a PDF first, then upload.")},
    )

    def clean_file(self):
        check_count(_all_files(self, "file"), maximum=1)
        return self.cleaned_data["file"]


class DocumentToFollowForm(forms.Form):
    """A document that follows instead of being uploaded now (an empty reason: upload it)."""

    document_type = forms.ModelChoiceField(
        queryset=DocumentType.objects.all(), to_field_name="code", widget=forms.HiddenInput
    )
    reason = forms.ChoiceField(
        label=gettext_lazy("Why it is not uploaded"),
        choices=[("", ""), *DocumentToFollow.Reason.choices],
        required=False,
    )


def _all_files(form, name) -> list:
    """Every file posted under a field's name (a field keeps only the last one)."""
    files = form.files
    return files.getlist(form.add_prefix(name)) if hasattr(files, "getlist") else []


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your answer"), widget=Textarea(attrs={"rows": 4}), max_length=5000
    )
    files = forms.FileField(
        label=gettext_lazy("Documents (optional)"),
        required=False,
        help_text=gettext_lazy("A PDF, or a photo (JPEG, PNG or HEIC), at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def clean_files(self):
        check_count(_all_files(self, "files"), maximum=MAX_FILES_AT_ONCE)
        return self.cleaned_data["files"]


class CaseActionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    version = IdField(max_value=MAX_COUNT, widget=forms.HiddenInput)
    item = IdField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(
        label=gettext_lazy("Reason, question or note"),
        required=False,
        max_length=5000,
        widget=Textarea(attrs={"rows": 3}),
    )
    assignee = IdField(required=False)
    reply_within = forms.IntegerField(
        label=gettext_lazy("The applicant answers within (working days)"),
        required=False,
        min_value=1,
        max_value=60,
    )


class AssistedFilingForm(forms.Form):
    phone = forms.CharField(
        label=gettext_lazy("The returnee's mobile number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    name = forms.CharField(
        label=gettext_lazy("The returnee's name"),
        max_length=100,
        help_text=gettext_lazy("Needed if the returnee has no account yet: we make one."),
        required=False,
    )
    consent = forms.BooleanField(
        label=gettext_lazy(
            "The returnee is here, has read the notice on personal information and agrees that "
            "I fill in the application for them."
        )
    )
    claim_letter = forms.BooleanField(
        label=gettext_lazy(
            "The returnee does not have this phone with them: print a claim letter instead of "
            "sending a code"
        ),
        required=False,
    )

    def clean_phone(self):
        phone = normalize_phone(self.cleaned_data["phone"])
        validate_mobile_number(phone)
        return phone
