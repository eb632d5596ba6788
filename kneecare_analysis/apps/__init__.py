"""The walkthrough and the coach dashboard as apps: a notebook of the kit served with no code, on this machine.

An app is a one-cell notebook beside this module (``walkthrough.ipynb``, ``dashboard.ipynb``) showing the same
widget the notebooks show, served by Voilà — the ipywidgets server the Jupyter project maintains: a kernel per
visitor, no code cells on the page, and the widgets' own browser code, so nothing is written twice. Its
``kneecare`` template (``jupyter/voila/templates/``) drops the icon font Voilà would fetch from a CDN: the page
asks for nothing outside the machine.

The server listens on 127.0.0.1 with a fresh token. ``lan=True`` listens on this machine's address in the local
network instead, so a phone on the same Wi-Fi can open it; the address is printed with its token and as a QR
code in the terminal (segno: pure Python). There is no way to serve without a token.

>>> cmd, env = command("walkthrough", "/tmp/kneecare-data", token="s3cret", port=8866)
>>> cmd[2:4], env["KNEECARE_DATA"]
(['--no-browser', '--port=8866'], '/tmp/kneecare-data')
>>> url("127.0.0.1", 8866, "s3cret")
'http://127.0.0.1:8866/?token=s3cret'
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import shutil
import subprocess
import sys
import threading
import webbrowser
from pathlib import Path

HERE = Path(__file__).resolve().parent
APPS = {"walkthrough": HERE / "walkthrough.ipynb", "dashboard": HERE / "dashboard.ipynb"}
PORTS = {"walkthrough": 8866, "dashboard": 8867}
TEMPLATE = "kneecare"
LOOPBACK = "127.0.0.1"
# A page's kernel is shut down once no page has been connected to it for this long (checked every
# IDLE_S // 3 s): a closed page's kernel is gone within a minute, while an open page keeps its own, however idle.
IDLE_S = 45


def new_token() -> str:
    """A fresh token for one run of an app (128 bits, URL-safe)."""
    return secrets.token_urlsafe(16)


def url(host: str, port: int, token: str) -> str:
    """The address to open, token included."""
    return f"http://{host}:{port}/?token={token}"


# interfaces a phone on the Wi-Fi does not reach: container and VM bridges, VPN tunnels
VIRTUAL_INTERFACES = (
    *("docker", "br-", "veth", "virbr", "vmnet", "vboxnet", "lxc", "lxd", "cni", "flannel", "podman"),
    *("tun", "tap", "utun", "wg", "zt", "tailscale", "ppp"),
)
ROUTE_TABLE = Path("/proc/net/route")  # Linux's routing table, read from a file: no packet is sent to find it


def default_route_interface(table: str | None = None) -> str | None:
    """The interface of the default route, from Linux's routing table (``/proc/net/route``); ``None`` where
    the table cannot be read (another system).

    >>> table = "\\n".join(["Iface Destination Gateway", "docker0 000011AC 0", "wlan0 00000000 0101A8C0"])
    >>> default_route_interface(table)
    'wlan0'
    """
    if table is None:
        try:
            table = ROUTE_TABLE.read_text(encoding="ascii")
        except OSError:
            return None
    for line in table.splitlines()[1:]:
        fields = line.split()
        if len(fields) > 1 and fields[1] == "00000000":
            return fields[0]
    return None


def lan_candidates() -> list[tuple[str, str]]:
    """Every ``(interface, address)`` of this machine in a private IPv4 network, best first for a phone on the
    same Wi-Fi: the default route's interface, then the others, then container and VM bridges and VPN tunnels
    (:data:`VIRTUAL_INTERFACES`)."""
    import psutil

    found = [
        (name, a.address)
        for name, addresses in sorted(psutil.net_if_addrs().items())
        for a in addresses
        if a.family.name == "AF_INET"
        and ipaddress.ip_address(a.address).is_private
        and not ipaddress.ip_address(a.address).is_loopback
        and not a.address.startswith("169.254.")
    ]
    route = default_route_interface()

    def rank(item: tuple[str, str]) -> int:
        name = item[0]
        return 0 if name == route else 2 if name.lower().startswith(VIRTUAL_INTERFACES) else 1

    return sorted(found, key=rank)


def lan_address(address: str | None = None) -> str:
    """This machine's address for ``--lan``: ``address`` when it is one of :func:`lan_candidates`, else the best
    of them.

    Raises ``OSError`` when the machine has none (no Wi-Fi or network cable: a phone cannot reach it), or when
    ``address`` is not one of them (the message lists them)."""
    candidates = lan_candidates()
    if not candidates:
        raise OSError("this machine has no address in a local network (Wi-Fi or cable): a phone cannot reach it")
    if address is None:
        return candidates[0][1]
    if address not in [a for _, a in candidates]:
        listed = ", ".join(f"{a} ({name})" for name, a in candidates)
        raise OSError(f"{address} is not an address of this machine in a local network; its addresses: {listed}")
    return address


def qr_code(text: str) -> str:
    """``text`` as a QR code drawn with block characters, to scan off the terminal with a phone's camera."""
    import io

    import segno

    out = io.StringIO()
    segno.make(text, error="m").terminal(out=out, compact=True)
    return out.getvalue()


def command(
    app: str,
    data: str | Path,
    *,
    token: str,
    port: int,
    host: str = LOOPBACK,
    athlete: str | None = None,
    pdf_folder: str | Path | None = None,
    idle_s: int = IDLE_S,
) -> tuple[list[str], dict[str, str]]:
    """The Voilà command serving ``app`` (``"walkthrough"`` or ``"dashboard"``) on ``data``, and its
    environment. Refuses an empty token: the apps are never served without one. A kernel no page is connected
    to is shut down after ``idle_s`` seconds (Jupyter Server's culler; Voilà starts a kernel per page load)."""
    if app not in APPS:
        raise ValueError(f"no app {app!r}; apps: {', '.join(APPS)}")
    if not token:
        raise ValueError("an app is never served without a token")
    voila = shutil.which("voila", path=str(Path(sys.executable).parent)) or shutil.which("voila") or "voila"
    cmd = [
        voila,
        str(APPS[app]),
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={host}",
        "--Voila.port_retries=0",
        f"--token={token}",
        f"--template={TEMPLATE}",
        "--theme=light",
        "--show_tracebacks=False",
        f"--MappingKernelManager.cull_idle_timeout={idle_s}",
        f"--MappingKernelManager.cull_interval={max(1, idle_s // 3)}",
        "--MappingKernelManager.cull_connected=False",  # an open page keeps its kernel, however long it is idle
    ]
    env = dict(os.environ)
    env["KNEECARE_DATA"] = str(data)
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(HERE / "jupyter"), env.get("JUPYTER_PATH")]))
    if athlete:
        env["KNEECARE_ATHLETE"] = athlete
    if app == "dashboard":  # the squad given, whatever folder a runner's KNEECARE_DATA names
        env["KNEECARE_SQUAD"] = str(data)
        env.pop("KNEECARE_PDF_FOLDER", None)  # a copy of each PDF only where this run was asked to save one
    if pdf_folder is not None:
        env["KNEECARE_PDF_FOLDER"] = str(pdf_folder)
    return cmd, env


def serve(
    app: str,
    data: str | Path,
    *,
    lan: bool = False,
    port: int | None = None,
    athlete: str | None = None,
    pdf_folder: str | Path | None = None,
    open_browser: bool | None = None,
    address: str | None = None,
) -> int:
    """Serve ``app`` until Ctrl+C; prints where to open it (and, with ``lan=True``, a QR code of it, on the
    default route's address or ``address``, with the machine's other addresses listed)."""
    host = lan_address(address) if lan else LOOPBACK
    port = PORTS[app] if port is None else port
    token = new_token()
    cmd, env = command(
        app,
        Path(data).expanduser().resolve(),
        token=token,
        port=port,
        host=host,
        athlete=athlete,
        pdf_folder=pdf_folder,
    )
    link = url(host, port, token)
    what = {"walkthrough": "The routine walkthrough", "dashboard": "The coach dashboard"}[app]
    shown = data
    if app == "dashboard" and _is_sample(data):
        shown = "the made-up sample squad (kneecare dashboard DIR opens your squad's folder)"
    print(f"{what} for {shown}:\n\n    {link}\n")
    if app == "dashboard" and pdf_folder is not None:
        print(f"The PDF buttons download each PDF and save a copy in {pdf_folder}.\n")
    if lan:
        others = [f"{a} ({name})" for name, a in lan_candidates() if a != host]
        if others:
            print(f"Other addresses of this machine: {', '.join(others)}; choose one with --address.\n")
        print("On your phone, on the same Wi-Fi as this machine, open that address or scan this:\n")
        print(qr_code(link))
        print("Anyone with the address and its token can open it: share it only with your own phone.")
    print("Ctrl+C stops it.", flush=True)
    if open_browser is None:
        open_browser = not lan and not (sys.platform.startswith("linux") and not os.environ.get("DISPLAY"))
    server = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True, bufsize=1)
    relay = threading.Thread(target=_relay, args=(server.stderr, link if open_browser else None), daemon=True)
    relay.start()
    try:
        return server.wait()
    except KeyboardInterrupt:
        server.terminate()
        return server.wait()


def _is_sample(folder: str | Path) -> bool:
    from ..paths import is_sample

    return is_sample(folder)


def _relay(log, address: str | None) -> None:
    """Pass Voilà's log on to the terminal; open ``address`` in the browser once Voilà says it is listening
    (its own opening would leave out the token)."""
    for line in log:
        sys.stderr.write(line)
        if address is not None and "is running at" in line:
            webbrowser.open(address)
            address = None
