"""The apps' server glue: the command it runs, the token it never goes without, the LAN address and its QR
code, what ``kneecare walkthrough`` / ``kneecare dashboard`` print. The apps in a browser are in
test_browser.py."""

from __future__ import annotations

import json
import re
import subprocess
from collections import namedtuple
from pathlib import Path

import pytest

from kneecare_analysis import apps
from kneecare_analysis.cli import main

from .conftest import SAMPLE

Address = namedtuple("Address", "family address")
Family = namedtuple("Family", "name")
IPV4, IPV6 = Family("AF_INET"), Family("AF_INET6")


def test_an_app_is_served_on_loopback_with_the_kit_template_and_the_data_folder(tmp_path):
    cmd, env = apps.command("dashboard", tmp_path, token="abc123", port=9000, pdf_folder=tmp_path / "pdfs")
    assert Path(cmd[1]).name == "dashboard.ipynb" and Path(cmd[1]).is_file()
    assert {"--port=9000", "--Voila.ip=127.0.0.1", "--token=abc123", "--template=kneecare"} <= set(cmd)
    assert "--Voila.port_retries=0" in cmd  # a busy port is an error, never a silent other port
    assert env["KNEECARE_DATA"] == str(tmp_path) and env["KNEECARE_PDF_FOLDER"] == str(tmp_path / "pdfs")
    template = Path(env["JUPYTER_PATH"].split(":")[0]) / "voila" / "templates" / "kneecare"
    assert json.loads((template / "conf.json").read_text()) == {"base_template": "lab"}


@pytest.mark.parametrize("token", ["", None])
def test_no_app_without_a_token(tmp_path, token):
    with pytest.raises(ValueError, match="never served without a token"):
        apps.command("walkthrough", tmp_path, token=token, port=9000)


def test_unknown_app(tmp_path):
    with pytest.raises(ValueError, match="apps: walkthrough, dashboard"):
        apps.command("settings", tmp_path, token="t", port=9000)


def test_tokens_are_fresh_and_long():
    tokens = {apps.new_token() for _ in range(50)}
    assert len(tokens) == 50 and all(len(t) >= 22 for t in tokens)


def test_the_lan_address_is_a_private_ipv4_one(monkeypatch):
    import psutil

    interfaces = {
        "lo": [Address(IPV4, "127.0.0.1")],
        "docker0": [Address(IPV4, "169.254.3.1")],  # link-local: no phone reaches it
        "eth0": [Address(IPV6, "fe80::1"), Address(IPV4, "8.8.8.8")],  # public: never for health data
        "wlan0": [Address(IPV4, "192.168.1.23")],
    }
    monkeypatch.setattr(psutil, "net_if_addrs", lambda: interfaces)
    monkeypatch.setattr(apps, "default_route_interface", lambda: None)  # a system without /proc/net/route
    assert apps.lan_address() == "192.168.1.23"
    monkeypatch.setattr(psutil, "net_if_addrs", lambda: {"lo": [Address(IPV4, "127.0.0.1")]})
    with pytest.raises(OSError, match="no address in a local network"):
        apps.lan_address()


# a laptop on Wi-Fi that also runs containers, a VM and a VPN (the addresses are made up; nothing is sent to them)
BUSY_LAPTOP = {
    "br-5e1f": [Address(IPV4, "172.18.0.1")],
    "docker0": [Address(IPV4, "172.17.0.1")],
    "tun0": [Address(IPV4, "10.8.0.6")],
    "virbr0": [Address(IPV4, "192.168.122.1")],
    "wlp2s0": [Address(IPV4, "192.168.1.40")],
}
ROUTES = (
    "Iface\tDestination\tGateway\tFlags\n"
    "docker0\t000011AC\t00000000\t0001\n"
    "wlp2s0\t00000000\t0101A8C0\t0003\n"
    "wlp2s0\t0001A8C0\t00000000\t0001\n"
)


def test_lan_prefers_the_default_routes_interface_and_lists_the_others(monkeypatch, tmp_path):
    import psutil

    monkeypatch.setattr(psutil, "net_if_addrs", lambda: BUSY_LAPTOP)
    route_file = tmp_path / "route"
    route_file.write_text(ROUTES)
    monkeypatch.setattr(apps, "ROUTE_TABLE", route_file)
    assert apps.default_route_interface() == "wlp2s0"
    assert apps.lan_address() == "192.168.1.40"  # not docker0's, which sorts first by name
    route_file.write_text("Iface\tDestination\tGateway\n")  # no default route: bridges and tunnels go last
    assert [name for name, _ in apps.lan_candidates()] == ["wlp2s0", "br-5e1f", "docker0", "tun0", "virbr0"]
    assert apps.lan_address("10.8.0.6") == "10.8.0.6"  # --address picks one of them
    with pytest.raises(OSError, match=r"192\.168\.9\.9 is not an address of this machine.*192\.168\.1\.40 \(wlp2s0\)"):
        apps.lan_address("192.168.9.9")
    monkeypatch.setattr(apps, "ROUTE_TABLE", tmp_path / "no-such-table")
    assert apps.default_route_interface() is None and apps.lan_address() == "192.168.1.40"


def test_the_lan_command_says_which_address_and_offers_the_others(monkeypatch, tmp_path, capsys):
    import psutil

    started = []

    class Server:
        stderr = iter(["[Voila] Voilà is running at:\n"])

        def __init__(self, cmd, **_kwargs):
            started.append(cmd)

        def wait(self):
            return 0

    monkeypatch.setattr(psutil, "net_if_addrs", lambda: BUSY_LAPTOP)
    monkeypatch.setattr(apps, "default_route_interface", lambda: "wlp2s0")
    monkeypatch.setattr(subprocess, "Popen", Server)
    assert main(["walkthrough", str(tmp_path), "--lan"]) == 0
    out = capsys.readouterr().out
    assert "http://192.168.1.40:8866/?token=" in out and "--Voila.ip=192.168.1.40" in started[0]
    assert "Other addresses of this machine: 172.18.0.1 (br-5e1f), 172.17.0.1 (docker0), 10.8.0.6 (tun0)" in out
    assert main(["walkthrough", str(tmp_path), "--lan", "--address", "10.8.0.6"]) == 0
    assert "--Voila.ip=10.8.0.6" in started[1]
    assert main(["walkthrough", str(tmp_path), "--lan", "--address", "192.168.9.9"]) == 1
    assert "is not an address of this machine" in capsys.readouterr().err


def test_the_qr_code_holds_the_address():
    import segno

    address = apps.url("192.168.1.23", 8866, "abc")
    drawn = apps.qr_code(address).splitlines()
    assert len(drawn) > 10 and len({len(line) for line in drawn}) == 1  # a square of block characters
    assert set("".join(drawn)) <= {"█", "▀", "▄", " "}
    expected = segno.make(address, error="m")  # the same symbol, drawn two rows a line
    assert len(drawn) == (expected.symbol_size()[1] + 1) // 2


def test_lan_prints_the_address_with_its_token_and_a_qr_code(monkeypatch, tmp_path, capsys):
    started = []

    class Server:
        stderr = iter(["[Voila] Voilà is running at:\n"])

        def __init__(self, cmd, env, **_kwargs):
            started.append((cmd, env))

        def wait(self):
            return 0

    monkeypatch.setattr(apps, "lan_address", lambda _address=None: "192.168.1.23")
    monkeypatch.setattr(subprocess, "Popen", Server)
    assert main(["walkthrough", str(tmp_path), "--lan", "--athlete", "Ana"]) == 0
    out = capsys.readouterr().out
    token = re.search(r"http://192\.168\.1\.23:8866/\?token=([\w-]+)", out).group(1)
    cmd, env = started[0]
    assert f"--token={token}" in cmd and "--Voila.ip=192.168.1.23" in cmd
    assert env["KNEECARE_ATHLETE"] == "Ana" and env["KNEECARE_DATA"] == str(tmp_path.resolve())
    assert "█" in out and "same Wi-Fi" in out


def test_the_dashboard_needs_a_folder(tmp_path, capsys):
    assert main(["dashboard", str(tmp_path / "nowhere")]) == 1
    assert "is not a folder" in capsys.readouterr().err


def test_a_closed_pages_kernel_is_culled_within_a_minute_and_an_open_pages_never(tmp_path):
    cmd, _ = apps.command("walkthrough", tmp_path, token="t0k", port=9000)
    options = dict(arg.split("=", 1) for arg in cmd if arg.startswith("--MappingKernelManager."))
    timeout, interval = (
        int(options["--MappingKernelManager.cull_idle_timeout"]),
        int(options["--MappingKernelManager.cull_interval"]),
    )
    assert timeout > 0 and timeout + interval <= 60  # idle, then found at the next check: within a minute
    assert options["--MappingKernelManager.cull_connected"] == "False"  # a page still open keeps its kernel


def test_the_dashboard_reads_the_squad_named_and_saves_pdfs_only_where_asked(monkeypatch, tmp_path, capsys):
    started = []

    class Server:
        stderr = iter(["[Voila] Voilà is running at:\n"])

        def __init__(self, cmd, env, **_kwargs):
            started.append((cmd, env))

        def wait(self):
            return 0

    monkeypatch.setattr(subprocess, "Popen", Server)
    monkeypatch.setenv("KNEECARE_DATA", str(tmp_path / "a-runner"))  # a runner's own folder: not the squad
    monkeypatch.setenv("KNEECARE_PDF_FOLDER", str(tmp_path / "old"))  # left over from elsewhere: not asked here
    assert main(["dashboard", "--port", "9100"]) == 0
    out = capsys.readouterr().out
    _, env = started[0]
    assert Path(env["KNEECARE_SQUAD"]) == (SAMPLE / "squad").resolve()
    assert "KNEECARE_PDF_FOLDER" not in env  # no copy of a PDF anywhere unless asked (--pdfs)
    assert "The coach dashboard for the made-up sample squad" in out
    squad = tmp_path / "harriers"
    squad.mkdir()
    assert main(["dashboard", str(squad), "--pdfs", str(tmp_path / "pdfs"), "--port", "9100"]) == 0
    _, env = started[1]
    assert env["KNEECARE_SQUAD"] == str(squad.resolve())
    assert env["KNEECARE_PDF_FOLDER"] == str((tmp_path / "pdfs").resolve())
    assert f"save a copy in {(tmp_path / 'pdfs').resolve()}" in capsys.readouterr().out
