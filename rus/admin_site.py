from typing import Any

from django.contrib.admin import AdminSite
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _


class RusAdminSite(AdminSite):
    site_header = _("rus administration")
    site_title = _("rus administration")
    index_title = _("Administration")

    def has_permission(self, request: HttpRequest) -> bool:
        from rus.accounts import access

        return request.user.is_active and access.is_administrator(request.user)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        # One login page for everyone, so that throttling and messages live in one place.
        # A logged-in user who is no administrator is refused rather than sent to log in
        # again, which would loop.
        if request.user.is_authenticated:
            raise PermissionDenied(_("The administration is for administrators only."))
        return redirect_to_login(request.GET.get("next", self.index_url()))

    def index_url(self) -> str:
        from django.urls import reverse

        return reverse("admin:index", current_app=self.name)
