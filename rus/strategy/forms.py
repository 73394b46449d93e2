from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from rus.goals.models import Goal
from rus.indicators.models import Indicator
from rus.lib.forms import KronorField
from rus.lib.versioned import VersionedForm
from rus.organisations.models import Organisation
from rus.strategy import selectors
from rus.strategy.models import (
    GOAL_LEVELS,
    PROGRESS_SYMBOLS,
    Plan,
    PlanKind,
    PlanTemplate,
    Progress,
    Project,
    StatusReport,
    Strategy,
    WorkingGroupMember,
)
from rus.strategy.services import BudgetRow


def objectives() -> QuerySet[Goal]:
    return Goal.objects.filter(framework__code="miljomal", kind=Goal.Kind.OBJECTIVE).order_by(
        "number"
    )


def _labelled_goals(strategy: Strategy, max_depth: int = 9) -> list[tuple[int, str]]:
    return [
        (g.pk, f"{'– ' * depth}{g.code} {g.name} ({GOAL_LEVELS[min(depth, 2)]})")
        for g, depth in selectors.goal_tree(strategy)
        if depth <= max_depth
    ]


class StrategyForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Strategy
        fields = ["title", "vision", "starts", "ends", "public"]
        widgets = {"vision": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.fields["version"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts") and data.get("ends") and data["ends"] < data["starts"]:
            self.add_error("ends", _("The last year is before the first."))
        return data


class GoalForm(forms.Form):
    parent = forms.TypedChoiceField(
        label=_("Placed under"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_(
            "Empty for an overall goal; a sub-goal goes under an overall goal, a "
            "priority under a sub-goal."
        ),
    )
    number = forms.IntegerField(
        label=_("Number in the goal tree"),
        min_value=1,
        required=False,
        help_text=_("1 for the first goal at its level, 2 for the next, …"),
    )
    name_sv = forms.CharField(label=_("Name (Swedish)"), max_length=300)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300, required=False)
    text_sv = forms.CharField(
        label=_("Description (Swedish)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    text_en = forms.CharField(
        label=_("Description (English)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    objectives = forms.ModelMultipleChoiceField(
        label=_("Environmental objectives it contributes to"),
        queryset=Goal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    sdg_targets = forms.CharField(
        label=_("Agenda 2030 targets"),
        required=False,
        help_text=_("Target numbers separated by commas, for example 7.2, 11.6"),
    )
    indicators = forms.ModelMultipleChoiceField(
        label=_("Indicators that follow it"),
        queryset=Indicator.objects.order_by("name_sv"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, strategy: Strategy, goal: Goal | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self.strategy = strategy
        choices = [
            (pk, label) for pk, label in _labelled_goals(strategy, 1) if not goal or pk != goal.pk
        ]
        parent = self.fields["parent"]
        assert isinstance(parent, forms.TypedChoiceField)
        parent.choices = [("", _("— none: an overall goal —")), *choices]
        field = self.fields["objectives"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = objectives()

    def clean_sdg_targets(self) -> list[Goal]:
        raw = self.cleaned_data.get("sdg_targets", "")
        codes = [c.strip() for c in raw.replace(";", ",").split(",") if c.strip()]
        found = {
            g.code: g
            for g in Goal.objects.filter(
                framework__code="agenda2030", kind=Goal.Kind.SDG_TARGET, code__in=codes
            )
        }
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError(
                _("No Agenda 2030 target has the number %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return [found[c] for c in codes]

    def clean_parent(self) -> Goal | None:
        pk = self.cleaned_data.get("parent")
        return self.strategy.framework.goals.get(pk=pk) if pk else None


class PlanCreateForm(forms.Form):
    template = forms.ModelChoiceField(label=_("Template"), queryset=PlanTemplate.objects.none())
    title = forms.CharField(label=_("Title"), max_length=300)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    goals = forms.MultipleChoiceField(
        label=_("Goals of the strategy the plan serves"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, strategy: Strategy | None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        kinds = (
            [PlanKind.ACTION_PLAN]
            if strategy
            else [PlanKind.ACTIVITY_PLAN, PlanKind.ACTIVITY_REPORT]
        )
        field = self.fields["template"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = PlanTemplate.objects.filter(kind__in=kinds)
        goals = self.fields["goals"]
        assert isinstance(goals, forms.MultipleChoiceField)
        if strategy is None:
            del self.fields["goals"]
        else:
            goals.choices = _labelled_goals(strategy)
        self.strategy = strategy

    def clean_goals(self) -> list[Goal]:
        pks = [int(p) for p in self.cleaned_data.get("goals", [])]
        return list(self.strategy.framework.goals.filter(pk__in=pks)) if self.strategy else []


class PlanForm(VersionedForm, forms.Form):
    """A plan's texts and checklist: one field per section, a tick and a comment per item."""

    title = forms.CharField(label=_("Title"), max_length=300)
    owner = forms.CharField(
        label=_("Owner"), max_length=200, required=False, help_text=_("Who answers for the plan.")
    )

    def __init__(self, *args: Any, plan: Plan, **kw: Any) -> None:
        initial = kw.pop("initial", {}) or {}
        initial.update({"title": plan.title, "owner": plan.owner, "version": plan.version})
        if plan.strategy_id:
            initial["goals"] = [str(g.pk) for g in plan.goals.all()]
        self.plan = plan
        self.sections = list(plan.sections.all())
        self.checks = list(plan.checks.all())
        for s in self.sections:
            initial[f"section_{s.key}"] = s.text
        for c in self.checks:
            initial[f"check_{c.key}"] = c.done
            initial[f"note_{c.key}"] = c.comment
        super().__init__(*args, initial=initial, **kw)
        if plan.strategy is not None:
            self.fields["goals"] = forms.MultipleChoiceField(
                label=_("Goals of the strategy the plan serves"),
                choices=_labelled_goals(plan.strategy),
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
            self.fields["goals"].show_hidden_initial = True
        for s in self.sections:
            self.fields[f"section_{s.key}"] = forms.CharField(
                label=s.title,
                help_text=s.guidance,
                required=False,
                widget=forms.Textarea(attrs={"rows": 5}),
            )
        for c in self.checks:
            self.fields[f"check_{c.key}"] = forms.BooleanField(label=c.text, required=False)
            self.fields[f"note_{c.key}"] = forms.CharField(
                label=_("Comment on “%(item)s”") % {"item": c.text}, max_length=500, required=False
            )
        for name, f in self.fields.items():
            if name != "version":
                f.show_hidden_initial = True

    def section_fields(self) -> list[Any]:
        return [self[f"section_{s.key}"] for s in self.sections]

    def check_fields(self) -> list[tuple[Any, Any, Any]]:
        return [(c, self[f"check_{c.key}"], self[f"note_{c.key}"]) for c in self.checks]

    def content(self) -> dict[str, Any]:
        """The cleaned form as the plan's versioned content."""
        d = self.cleaned_data
        data: dict[str, Any] = {
            "title": d["title"],
            "owner": d["owner"],
            "sections": {s.key: d[f"section_{s.key}"] for s in self.sections},
            "checks": {c.key: [d[f"check_{c.key}"], d[f"note_{c.key}"]] for c in self.checks},
        }
        if "goals" in self.fields and self.plan.strategy is not None:
            data["goals"] = list(
                self.plan.strategy.framework.goals.filter(pk__in=[int(p) for p in d["goals"]])
            )
        return data


SUBGOALS_HELP = _(
    "One sub-goal per line; under each, its activities on lines that begin with a hyphen (-)."
)


def parse_subgoals(text: str) -> list[tuple[str, str]]:
    result: list[tuple[str, list[str]]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith(("-", "–", "•")):
            if not result:
                raise forms.ValidationError(
                    _("The first line is an activity; write the sub-goal it belongs to above it.")
                )
            result[-1][1].append(line.lstrip("-–• ").strip())
        else:
            result.append((line, []))
    return [(title, "\n".join(acts)) for title, acts in result]


def format_subgoals(project: Project) -> str:
    lines = []
    for s in project.subgoals.all():
        lines.append(s.title)
        lines += [f"- {a}" for a in s.activity_list()]
    return "\n".join(lines)


class ProjectForm(VersionedForm, forms.ModelForm):
    goals = forms.MultipleChoiceField(
        label=_("Goals of the strategy"), widget=forms.CheckboxSelectMultiple, required=False
    )
    grant_cap = KronorField(label=_("Grant at most (SEK)"), required=False)
    slug = forms.SlugField(
        label=_("Short name in the address"),
        required=False,
        max_length=80,
        help_text=_(
            "Lower-case letters a–z, digits and hyphens, e.g. energieffektiva-bostader. "
            "Empty: made from the title."
        ),
        error_messages={
            "invalid": _(
                "Use only lower-case letters a–z, digits and hyphens (no å, ä, ö or spaces)."
            )
        },
    )
    subgoals = forms.CharField(
        label=_("Sub-goals and activities"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=SUBGOALS_HELP,
    )

    class Meta:
        model = Project
        fields = [
            "title",
            "slug",
            "owner",
            "description",
            "starts",
            "ends",
            "goals",
            "action_plan",
            "grant_percent",
            "grant_cap",
            "report_interval_months",
            "report_due_days",
            "contact_name",
            "contact_email",
            "public",
        ]
        widgets = {
            "starts": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, strategy: Strategy, **kw: Any) -> None:
        instance = kw.get("instance")
        if instance is not None and instance.pk:
            initial = kw.setdefault("initial", {})
            initial.setdefault("subgoals", format_subgoals(instance))
            initial.setdefault("goals", [str(g.pk) for g in instance.goals.all()])
        super().__init__(*args, **kw)
        self.strategy = strategy
        goals = self.fields["goals"]
        assert isinstance(goals, forms.MultipleChoiceField)
        goals.choices = _labelled_goals(strategy)
        plan = self.fields["action_plan"]
        assert isinstance(plan, forms.ModelChoiceField)
        plan.queryset = Plan.objects.filter(strategy=strategy)
        plan.empty_label = _("— none —")
        percent = self.fields["grant_percent"]
        percent.help_text = _("For example 42. Empty when the project has no grant.")
        if self.instance.pk is None:
            self.fields["version"].required = False

    def clean_goals(self) -> list[Goal]:
        pks = [int(p) for p in self.cleaned_data.get("goals", [])]
        return list(self.strategy.framework.goals.filter(pk__in=pks))

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug") or ""
        if slug or self.instance.pk:
            return slug or self.instance.slug
        base = slugify(self.data.get("title", ""))[:70] or "projekt"
        slug, n = base, 1
        while Project.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug

    def clean_subgoals(self) -> list[tuple[str, str]]:
        return parse_subgoals(self.cleaned_data.get("subgoals", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts") and data.get("ends") and data["ends"] < data["starts"]:
            self.add_error("ends", _("The end is before the start."))
        percent = data.get("grant_percent")
        if percent is not None and not 0 <= percent <= 100:
            self.add_error("grant_percent", _("A share is from 0 to 100 per cent."))
        if data.get("grant_cap") is not None and percent is None:
            self.add_error("grant_percent", _("Give the percentage the cap applies to."))
        interval = data.get("report_interval_months")
        if interval is not None and not 1 <= interval <= 12:
            self.add_error("report_interval_months", _("Between 1 and 12 months."))
        return data


class BudgetForm(VersionedForm, forms.Form):
    """The budget grid: a row per cost category and per financier, a column per year of
    the project, with blank rows to add new ones."""

    BLANK_ROWS = 2

    def __init__(self, *args: Any, project: Project, **kw: Any) -> None:
        self.project = project
        self.years = project.years()
        data = args[0] if args else kw.get("data")
        self.groups: dict[str, list[str]] = {}
        initial: dict[str, Any] = {"version": project.version}
        lines = {
            "cost": [(c.category, c.year, c.amount) for c in project.costs.all()],
            "fin": [(f.financier, f.year, f.amount) for f in project.financing.all()],
        }
        for prefix, rows in lines.items():
            names: list[str] = []
            for name, _year, _amount in rows:
                if name not in names:
                    names.append(name)
            count = len(names) + self.BLANK_ROWS
            if data is not None:
                raw = str(data.get(f"{prefix}_rows", ""))
                count = max(count, min(int(raw), 200) if raw.isdigit() else 0)
            self.groups[prefix] = [f"{prefix}_{i}" for i in range(count)]
            for i, name in enumerate(names):
                initial[f"{prefix}_{i}_name"] = name
            for name, year, amount in rows:
                initial[f"{prefix}_{names.index(name)}_{year}"] = amount
        super().__init__(*args, initial=initial, **kw)
        labels = {"cost": _("Cost category"), "fin": _("Financier")}
        for prefix, names_of_rows in self.groups.items():
            for i, row in enumerate(names_of_rows, 1):
                self.fields[f"{row}_name"] = forms.CharField(
                    label=f"{labels[prefix]} {i}", max_length=200, required=False
                )
                for year in self.years:
                    self.fields[f"{row}_{year}"] = KronorField(
                        label=f"{labels[prefix]} {i}, {year}", required=False
                    )

    def grid(self, prefix: str) -> list[tuple[Any, list[Any]]]:
        return [
            (self[f"{row}_name"], [self[f"{row}_{y}"] for y in self.years])
            for row in self.groups[prefix]
        ]

    def _rows(self, prefix: str) -> list[BudgetRow]:
        rows = []
        for row in self.groups[prefix]:
            name = (self.cleaned_data.get(f"{row}_name") or "").strip()
            amounts = {
                y: self.cleaned_data[f"{row}_{y}"]
                for y in self.years
                if self.cleaned_data.get(f"{row}_{y}") is not None
            }
            if name and amounts:
                rows.append(BudgetRow(name, amounts))
            elif amounts and not name:
                self.add_error(f"{row}_name", _("Name the row its amounts belong to."))
        return rows

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.costs = self._rows("cost")
        self.financing = self._rows("fin")
        return data


class StatusReportForm(VersionedForm, forms.Form):
    summary = forms.CharField(
        label=_("Summary of the period"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("What was done, what was achieved, what did not go as planned."),
    )
    spent = KronorField(
        label=_("Costs booked so far (SEK)"),
        required=False,
        help_text=_("All costs booked from the start of the project to the end of the period."),
    )

    def __init__(self, *args: Any, report: StatusReport, **kw: Any) -> None:
        self.report = report
        self.subgoals = list(report.project.subgoals.all())
        given = {p.subgoal_id: p for p in report.progress.all()}
        initial = {"summary": report.summary, "spent": report.spent, "version": report.version}
        for s in self.subgoals:
            p = given.get(s.pk)
            initial[f"status_{s.number}"] = p.status if p else ""
            initial[f"comment_{s.number}"] = p.comment if p else ""
        super().__init__(*args, initial=initial, **kw)
        for s in self.subgoals:
            self.fields[f"status_{s.number}"] = forms.ChoiceField(
                label=_("Status"),
                choices=[
                    ("", _("— choose —")),
                    *[
                        (v, f"{PROGRESS_SYMBOLS[Progress(v)]} {label}")
                        for v, label in Progress.choices
                    ],
                ],
                required=False,
            )
            self.fields[f"comment_{s.number}"] = forms.CharField(
                label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False
            )
            for name in (f"status_{s.number}", f"comment_{s.number}"):
                self.fields[name].show_hidden_initial = True

    def subgoal_fields(self) -> list[tuple[Any, Any, Any]]:
        return [(s, self[f"status_{s.number}"], self[f"comment_{s.number}"]) for s in self.subgoals]

    def content(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "summary": d["summary"],
            "spent": d["spent"],
            "progress": {
                str(s.number): [d[f"status_{s.number}"], d[f"comment_{s.number}"]]
                for s in self.subgoals
            },
        }


class MemberForm(VersionedForm, forms.ModelForm):
    objectives = forms.ModelMultipleChoiceField(
        label=_("Objectives responsible for"),
        queryset=Goal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = WorkingGroupMember
        fields = [
            "year",
            "name",
            "email",
            "organisation",
            "share_percent",
            "lead",
            "objectives",
            "areas",
        ]

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        org = self.fields["organisation"]
        assert isinstance(org, forms.ModelChoiceField)
        org.queryset = Organisation.objects.filter(kind=Organisation.Kind.COUNTY_BOARD).order_by(
            "area__code"
        )
        field = self.fields["objectives"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = objectives()
        if self.instance.pk is None:
            self.fields["version"].required = False

    def clean_share_percent(self) -> int:
        share = self.cleaned_data["share_percent"]
        if share > 100:
            raise forms.ValidationError(_("A share is at most 100 per cent."))
        return int(share)


class RateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    annual_cost = KronorField(label=_("Cost of a full-time year (SEK)"))
