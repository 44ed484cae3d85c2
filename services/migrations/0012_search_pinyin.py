"""Every programme indexed again for search that forgives (services/search.py): traditional
characters as simplified, each Chinese word's pinyin, a title's initials."""

from django.db import migrations
from django.utils import translation


def reindex(apps, schema_editor):
    from services import search
    from services.models import Programme as Current  # the kinds' labels, in both languages

    Programme = apps.get_model("services", "Programme")
    labels = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for value, label in Current.Kind.choices:
                labels.setdefault(value, []).append(str(label))
    programmes = Programme.objects.select_related("department").prefetch_related("parks")
    for programme in programmes.iterator(chunk_size=500):
        texts = search.programme_texts(
            programme, programme.department, list(programme.parks.all()), labels.get(programme.kind, [])
        )
        parts = search.document_parts(texts)
        updates = {"search_document": " ".join(parts.values())}
        if schema_editor.connection.vendor == "postgresql":
            updates["search_vector"] = search.weighted_vector(parts)
        Programme.objects.filter(pk=programme.pk).update(**updates)


class Migration(migrations.Migration):
    dependencies = [("services", "0011_session_jurisdiction")]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
