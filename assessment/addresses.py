"""Whose request is this? The learner's address, for the answer-post limit and the admin lockout.

Without a proxy it is REMOTE_ADDR. Behind N proxies of your own (DJANGO_TRUSTED_PROXY_COUNT=N)
REMOTE_ADDR is your nearest proxy's, and each proxy appends to X-Forwarded-For the address it was
called from. Walking from the right, each address that is one of your proxies (in
DJANGO_TRUSTED_PROXIES) vouches for the entry before it, for at most N hops; the first address
that is not one of your proxies is the learner's (or their network's). Entries further left are
whatever the client claimed, and are ignored. A client that reaches the site without going through
your proxy (a published port) is not in those networks, so its own X-Forwarded-For is never read:
a rotating header used to dodge the admin lockout. This is the rule of Werkzeug's ProxyFix (x_for=N)
with the trusted-network check of nginx's set_real_ip_from.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _is_our_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip in network for network in settings.TRUSTED_PROXIES)


def client_address(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    for _ in range(max(settings.TRUSTED_PROXY_COUNT, 0)):
        if not forwarded or not _is_our_proxy(address):
            break
        claimed = forwarded.pop()
        try:
            address = str(ipaddress.ip_address(claimed))
        except ValueError:
            break  # a proxy of ours would not write that: keep the proxy's own address
    return address


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
