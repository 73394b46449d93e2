from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "rus.newsletter"
    verbose_name = _("Newsletter")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from rus.accounts import worklist
        from rus.newsletter import selectors
        from rus.newsletter.models import Block, Issue

        auditlog.register(Issue, m2m_fields={"lists"}, exclude_fields=["version", "sent_html"])
        auditlog.register(Block)
        worklist.register(selectors.worklist_sections)
