from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rus.areas.models import Area
from rus.goals.models import Goal


def home(request: HttpRequest) -> HttpResponse:
    objectives = Goal.objects.filter(framework__code="miljomal", kind=Goal.Kind.OBJECTIVE).order_by(
        "number"
    )
    generational = Goal.objects.filter(kind=Goal.Kind.GENERATIONAL_GOAL).first()
    ctx = {
        "objectives": objectives,
        "generational": generational,
        "county_count": Area.objects.filter(level=Area.Level.COUNTY).count(),
        "municipality_count": Area.objects.filter(level=Area.Level.MUNICIPALITY).count(),
    }
    return render(request, "front/home.html", ctx)
