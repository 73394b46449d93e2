"""Caching of public pages, invalidated by publication.

The key of every cached page includes a stamp that changes whenever anything public may have
changed: an assessment, a round (publication, summary) or indicator data (every change of
values is an import batch). Only anonymous GET requests are cached, so nobody's page carries
another person's name or form token.
"""

import hashlib

from django.db.models import Count, Max
from django.utils.translation import get_language

from rus.lib.caching import cached_until

TIMEOUT = 24 * 3600


def publication_stamp() -> str:
    from rus.followup.models import Assessment, FollowUpRound
    from rus.indicators.models import ImportBatch, UpdateRound

    a = Assessment.objects.aggregate(changed=Max("updated_at"), count=Count("pk"))
    rounds = list(
        FollowUpRound.objects.values_list("year", "state", "published_at", "national_summary")
    )
    updates = list(UpdateRound.objects.values_list("pk", "state"))
    batch = ImportBatch.objects.aggregate(latest=Max("pk"))["latest"]
    digest = hashlib.sha256(repr((rounds, updates)).encode()).hexdigest()[:16]
    return f"{a['changed']}:{a['count']}:{digest}:{batch}"


def cache_key(prefix: str, *parts: object) -> str:
    state = ":".join(str(p) for p in (*parts, get_language(), publication_stamp()))
    return f"{prefix}:" + hashlib.sha256(state.encode()).hexdigest()


public_page = cached_until(publication_stamp, prefix="page", anonymous_only=True, timeout=TIMEOUT)
