from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from rus.accounts import access, worklist
from rus.areas.models import Area


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """The page every user lands on after logging in: their work, returned work first."""
    user = access.acting_user(request.user)
    filters = worklist.Filters(
        county=request.GET.get("lan", "")[:4], kind=request.GET.get("typ", "")[:20]
    )
    sections = worklist.sections_for(user, filters)
    ctx = {
        "sections": sections,
        "today": timezone.localdate(),
        "filters": filters,
        "can_review": access.can_review(user),
        "counties": Area.objects.filter(level=Area.Level.COUNTY).order_by("code"),
        "organisations": access.visible_organisations(user)
        if not access.has_national_view(user)
        else [],
    }
    return render(request, "accounts/start.html", ctx)
