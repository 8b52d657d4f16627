from django.contrib.admin.apps import AdminConfig


class PoskoAdminConfig(AdminConfig):
    """django.contrib.admin with the portal's own site (netralitas.admin_situs)."""

    default_site = "netralitas.admin_situs.SitusAdmin"
