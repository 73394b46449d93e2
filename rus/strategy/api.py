from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from rus.strategy import services, views

router = Router(tags=["strategies and projects"])


class ProjectCost(Schema):
    category: str
    year: int
    amount: int


class ProjectFinancing(Schema):
    financier: str
    year: int
    amount: int


class ProjectGrant(Schema):
    percent: float
    cap: int | None


class GrantTotals(Schema):
    amount: int
    uncapped: int
    binding: str
    by_year: dict[str, int]


class ProjectTotals(Schema):
    costs_by_year: dict[str, int]
    costs_by_category: dict[str, int]
    costs: int
    financing_by_year: dict[str, int]
    financing_by_financier: dict[str, int]
    financing: int
    balanced: bool
    grant: GrantTotals | None


class ProjectOut(Schema):
    slug: str
    title: str
    owner: str
    start: str
    end: str
    grant: ProjectGrant | None
    costs: list[ProjectCost]
    financing: list[ProjectFinancing]
    totals: ProjectTotals


@router.get("/projects/{slug}", response=ProjectOut, auth=None)
def project(request: HttpRequest, slug: str) -> dict[str, Any]:
    """A project's budget, financing and grant, in the format of ``manage.py
    import_project`` with its totals; public projects for everyone, others for the
    region's own people."""
    return services.export_project(views._project(request, slug))
