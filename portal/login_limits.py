"""Rate limits on the login forms: attempts per address and per network (IPv4 /24, IPv6 /64)."""
from ipaddress import ip_network

from flask import current_app
from flask_limiter.util import get_remote_address

from portal.extensions import limiter

NETWORK_PREFIX = {4: 24, 6: 64}


def network_of_address() -> str:
    """The requesting address's network, so a block of neighbouring addresses counts as one."""
    address = get_remote_address() or ""
    try:
        network = ip_network(address, strict=False)
    except ValueError:
        return address
    return str(network.supernet(new_prefix=NETWORK_PREFIX[network.version]))


def login_limits(face: str):
    """Decorator: POSTs to `face`'s login form within {face}_LOGIN_RATE_LIMIT per address and
    {face}_LOGIN_NETWORK_RATE_LIMIT per network (face: OFFICER or CITIZEN)."""
    per_address = limiter.shared_limit(
        lambda: current_app.config[f"{face}_LOGIN_RATE_LIMIT"], scope=f"{face}-login-address",
        key_func=get_remote_address, methods=["POST"])
    per_network = limiter.shared_limit(
        lambda: current_app.config[f"{face}_LOGIN_NETWORK_RATE_LIMIT"],
        scope=f"{face}-login-network", key_func=network_of_address, methods=["POST"])
    return lambda view: per_network(per_address(view))
