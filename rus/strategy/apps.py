from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "rus.strategy"
    verbose_name = _("Strategies and projects")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from rus.accounts import worklist
        from rus.calendar import registry
        from rus.strategy import selectors
        from rus.strategy.models import (
            CostLine,
            FinancingLine,
            Plan,
            PlanCheck,
            PlanSection,
            PlanTemplate,
            Project,
            ReimbursementRate,
            StatusReport,
            Strategy,
            SubGoal,
            SubGoalStatus,
            TemplateCheck,
            TemplateSection,
            TrustMeasure,
            WorkingGroupMember,
        )

        auditlog.register(Strategy, exclude_fields=["version"])
        auditlog.register(Project, m2m_fields={"goals"}, exclude_fields=["version"])
        auditlog.register(WorkingGroupMember, m2m_fields={"objectives"}, exclude_fields=["version"])
        auditlog.register(Plan, m2m_fields={"goals"}, exclude_fields=["version", "updated_at"])
        auditlog.register(StatusReport, exclude_fields=["version", "updated_at"])
        for model in (
            PlanSection,
            PlanCheck,
            SubGoalStatus,
            CostLine,
            FinancingLine,
            SubGoal,
            PlanTemplate,
            TemplateSection,
            TemplateCheck,
            ReimbursementRate,
            TrustMeasure,
        ):
            auditlog.register(model)
        worklist.register(selectors.worklist_sections)
        registry.register(selectors.calendar_entries)
