from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from rus.accounts import access
from rus.outbox.models import Delivery, Message


def _counts() -> dict[str, Count]:
    return {
        state: Count("deliveries", filter=Q(deliveries__state=state))
        for state in Delivery.State.values
    }


@login_required
def message_list(request: HttpRequest) -> HttpResponse:
    """Every message rus has sent or is sending, newest first, with its deliveries counted."""
    access.require_administrator(request.user)
    messages = Message.objects.annotate(total=Count("deliveries"), **_counts())[:200]
    return render(request, "outbox/message_list.html", {"messages_sent": messages})


@login_required
def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_administrator(request.user)
    message = get_object_or_404(
        Message.objects.annotate(total=Count("deliveries"), **_counts()), pk=pk
    )
    deliveries = message.deliveries.order_by("state", "email")
    state = request.GET.get("status", "")
    if state in Delivery.State.values:
        deliveries = deliveries.filter(state=state)
    ctx = {
        "message": message,
        "deliveries": deliveries,
        "state": state,
        "states": list(Delivery.State),
    }
    return render(request, "outbox/message_detail.html", ctx)
