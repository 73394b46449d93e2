from django.contrib.admin.apps import AdminConfig


class RusAdminConfig(AdminConfig):
    default_site = "rus.admin_site.RusAdminSite"
