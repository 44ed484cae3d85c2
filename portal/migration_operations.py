"""Migration operations for what only PostgreSQL has (the SQLite of `make run` skips them)."""

from django.db import migrations


class AddIndexOnPostgreSQL(migrations.AddIndex):
    """Adds an index (a GIN index, say) on PostgreSQL; elsewhere only records it in the state."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
