"""Whose request is this? The learner's address, for the answer-post limit and the admin lockout.

Without a proxy it is REMOTE_ADDR. Behind N proxies of your own (DJANGO_TRUSTED_PROXY_COUNT=N)
REMOTE_ADDR is your nearest proxy's, and each proxy appends to X-Forwarded-For the address it was
called from, so the N-th entry from the right is the address your outermost proxy saw: the
learner's (or their network's). Entries further left are whatever the client claimed, and are
ignored, so a learner cannot dodge the limit by sending their own X-Forwarded-For. This is the rule
of Werkzeug's ProxyFix (x_for=N).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    if len(forwarded) < proxies:
        return remote  # did not come through every proxy: nothing in the header can be trusted
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:
        return remote


def address_group(address: str) -> str:
    """The unit an address limit counts: an IPv4 address, or an IPv6 address's /64 network.

    One IPv6 subscriber is usually given a whole /64 (often more), so counting single IPv6
    addresses would let one machine post from 2**64 of them. IPv4-mapped addresses count as IPv4.
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6 and ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)
