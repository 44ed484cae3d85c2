"""Documents people uploaded before 我的材料 existed become their own: the newest upload of each
type from their own applications (not one a park manager filed), with a copy of its file."""

import secrets

from django.core.files import File
from django.db import migrations
from django.db.migrations.recorder import MigrationRecorder


def keep_earlier_uploads(apps, schema_editor):
    Document = apps.get_model("applications", "Document")
    WalletDocument = apps.get_model("applications", "WalletDocument")
    held = set(WalletDocument.objects.values_list("owner_id", "document_type_id"))
    # Since 我的材料 exists (0012), every own upload is kept there as well: a type missing from
    # it with an upload since then was deleted by its owner, and stays deleted.
    recorded = (
        MigrationRecorder(schema_editor.connection)
        .migration_qs.filter(app="applications", name="0012_wallet")
        .first()
    )
    since = recorded.applied if recorded else None
    newest, deleted = {}, set()
    uploads = Document.objects.filter(
        document_type__isnull=False,
        message__isnull=True,
        application__filed_by__isnull=True,
    ).order_by("uploaded_at", "pk")
    for pk, owner_id, document_type_id, uploaded_at in uploads.values_list(
        "pk", "application__applicant_id", "document_type_id", "uploaded_at"
    ).iterator():
        pair = (owner_id, document_type_id)
        if since is not None and uploaded_at >= since:
            deleted.add(pair)
        elif pair not in held:
            newest[pair] = pk
    for pair in deleted:
        newest.pop(pair, None)
    for (owner_id, document_type_id), pk in newest.items():
        source = Document.objects.get(pk=pk)
        storage = source.file.storage
        if not source.file.name or not storage.exists(source.file.name):
            continue  # its file is gone (a purged draft): nothing to keep
        own = WalletDocument(
            owner_id=owner_id,
            document_type_id=document_type_id,
            token=secrets.token_urlsafe(24),
            original_name=source.original_name,
            content_type=source.content_type,
            size=source.size,
            sha256=source.sha256,
            uploaded_at=source.uploaded_at,
        )
        with storage.open(source.file.name, "rb") as content:
            own.file.save(source.original_name, File(content), save=False)
        own.save()
        Document.objects.filter(pk=pk).update(from_wallet=own)


class Migration(migrations.Migration):
    dependencies = [("applications", "0014_item_asked_documents")]

    operations = [migrations.RunPython(keep_earlier_uploads, migrations.RunPython.noop)]
