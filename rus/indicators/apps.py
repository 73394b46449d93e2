from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "rus.indicators"
    verbose_name = "Indicators"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from rus.accounts import worklist
        from rus.indicators import selectors

        # Observations are audited through their import batches, not row by row.
        for name in (
            "Indicator",
            "IndicatorTarget",
            "UpdateRound",
            "IndicatorUpdate",
            "RoundValue",
        ):
            auditlog.register(self.get_model(name), exclude_fields=["version"])
        worklist.register(selectors.worklist_sections)

        from rus.calendar import registry

        registry.register(selectors.calendar_entries)
