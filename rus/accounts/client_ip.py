"""The address a request comes from, as the login lockout must see it.

Behind the documented reverse proxy every request arrives from the proxy's address. With
``RUS_TRUSTED_PROXIES`` set to the number of proxies in front of rus (1 for one nginx), the
client is the entry that many places from the end of X-Forwarded-For: each trusted proxy
appends the address it saw, so entries further left are the client's own word and are ignored.
Without trusted proxies the header is ignored altogether, so it cannot be forged.
"""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies = int(getattr(settings, "RUS_TRUSTED_PROXIES", 0))
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    if proxies <= 0 or not forwarded:
        return remote
    hops = [h.strip() for h in forwarded.split(",") if h.strip()]
    if len(hops) < proxies:
        return hops[0] if hops else remote
    return hops[-proxies]
