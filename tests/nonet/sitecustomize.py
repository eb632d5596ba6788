"""Loaded by every Python process started with this folder on PYTHONPATH (notebook kernels included): any
socket connection or name lookup that is not for this machine fails before anything is sent."""

import ipaddress
import socket

_connect, _connect_ex, _getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo
LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


class NetworkBlocked(OSError):
    """A connection to another machine was attempted."""


def allowed(address) -> bool:
    if not isinstance(address, tuple):  # a Unix socket path
        return True
    host = str(address[0]).split("%")[0]
    if host in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def guarded_connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not allowed(address):
        raise NetworkBlocked(f"network connection to {address!r} refused in this test")
    return _connect(self, address)


def guarded_connect_ex(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not allowed(address):
        raise NetworkBlocked(f"network connection to {address!r} refused in this test")
    return _connect_ex(self, address)


def guarded_getaddrinfo(host, *args, **kwargs):
    if not allowed((host if isinstance(host, str) else (host or b"").decode(), 0)):
        raise NetworkBlocked(f"name lookup of {host!r} refused in this test")
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect = guarded_connect
socket.socket.connect_ex = guarded_connect_ex
socket.getaddrinfo = guarded_getaddrinfo
