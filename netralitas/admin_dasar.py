"""Pieces shared by the apps' admins."""


class HanyaBacaMixin:
    """An admin (or inline) that shows rows and never adds, changes or deletes them: data that comes
    from elsewhere (official regions, the audit log, the outbox, finished exports)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
