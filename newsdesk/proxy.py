"""The client's address for login throttling, trusting X-Forwarded-For only when told to.

Behind N proxies that each append the address they saw (``NEWSDESK_TRUSTED_PROXIES=N``), the
client is the N-th address from the right of X-Forwarded-For; anything further left was written
by the client and could be forged. With no proxy configured the header is ignored.
"""

from django.conf import settings


def client_ip(request):
    proxies = getattr(settings, "NEWSDESK_TRUSTED_PROXIES", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")
