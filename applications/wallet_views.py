"""我的材料: the returnee's documents of their own, to see, replace, add or delete."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import actions, wallet_selectors
from applications.forms import DocumentUploadForm
from applications.storage import private_file_response
from applications.uploads import ACCEPT
from applications.views import _applicant_required
from services.models import DocumentType


@_applicant_required
def my_documents(request):
    """The list, with a replace form on each document and one form to add another kind."""
    form = DocumentUploadForm()
    failed_code = ""
    if request.method == "POST":
        form = DocumentUploadForm(request.POST, request.FILES)
        failed_code = request.POST.get("document_type", "")
        if form.is_valid():
            document_type = form.cleaned_data["document_type"]
            try:
                own = actions.wallet_upload(
                    owner=request.user,
                    document_type=document_type,
                    upload=form.cleaned_data["file"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("“%(document)s” is kept.") % {"document": own.document_type.name}
                )
                return redirect(reverse("applications:my_documents") + f"#own-{document_type.code}")
    rows = wallet_selectors.wallet_rows(owner=request.user)
    held = {row.document.document_type_id for row in rows}
    held_codes = {row.document.document_type.code for row in rows}
    return render(
        request,
        "applications/my_documents.html",
        {
            "rows": rows,
            "form": form,
            # Whose error it is: the card of a document held, else the form to add one.
            "failed": failed_code if failed_code in held_codes else "add",
            "chosen": failed_code,
            "accept": ACCEPT,
            "today": timezone.localdate(),
            "other_types": [kind for kind in DocumentType.objects.all() if kind.pk not in held],
        },
    )


@_applicant_required
def my_document_file(request, document_id):
    # Only the owner opens it: not a sight of someone else's data to note.
    return private_file_response(
        wallet_selectors.wallet_document_for(user=request.user, document_id=document_id)
    )


@_applicant_required
def my_document_delete(request, document_id):
    """Asks first, saying what stays: a sent application keeps its copy."""
    own = wallet_selectors.wallet_document_for(user=request.user, document_id=document_id)
    if request.method == "POST":
        drafts = actions.wallet_delete(owner=request.user, document=own)
        said = _("“%(document)s” is deleted from your documents.") % {
            "document": own.document_type.name
        }
        if drafts:
            said += " " + _("It was also taken out of your unsent applications.")
        messages.success(request, said)
        return redirect("applications:my_documents")
    return render(
        request,
        "applications/my_document_delete.html",
        {"own": own, "sent": wallet_selectors.sent_copies(document=own)},
    )
