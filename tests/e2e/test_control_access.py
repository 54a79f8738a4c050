"""Who may use the control API (/_sandbox/): loopback clients under a local host name by
default; other peers only with --control open or the --control-token; never a page of another
site (control/access.hpp)."""
import socket
import subprocess

import pytest
import requests

from conftest import BINARY

TOKEN = "e2e-control-token-0123456789"


def non_loopback_address():
    """An address of this machine that is not loopback, or None (then the test is skipped)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: no packet is sent by a UDP connect
            address = s.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_loopback_clients_use_the_control_api(start_sandbox):
    sandbox = start_sandbox()
    r = requests.put(sandbox.endpoint + "/_sandbox/clock?offset=%2B1h")
    assert r.status_code == 200, r.text
    assert r.json()["offset_seconds"] == 3600


def test_a_page_of_another_site_is_refused(start_sandbox):
    sandbox = start_sandbox()
    r = requests.put(sandbox.endpoint + "/_sandbox/clock?offset=%2B1h",
                     headers={"Origin": "http://evil.example"})
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "ControlAccessDenied"
    assert "evil.example" in r.json()["error"]["message"]
    assert requests.get(sandbox.endpoint + "/_sandbox/clock").json()["offset_seconds"] == 0


def test_a_rebound_host_name_is_refused(start_sandbox):
    sandbox = start_sandbox()
    r = requests.get(sandbox.endpoint + "/_sandbox/clock", headers={"Host": "evil.example"})
    assert r.status_code == 403
    assert "DNS-rebinding" in r.json()["error"]["message"]


def test_health_stays_open_for_container_health_checks(start_sandbox):
    sandbox = start_sandbox()
    r = requests.get(sandbox.endpoint + "/_sandbox/health", headers={"Host": "sandbox"})
    assert r.status_code == 200


def test_unknown_endpoints_and_methods_answer_json(start_sandbox):
    sandbox = start_sandbox()
    r = requests.get(sandbox.endpoint + "/_sandbox/nope")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "NoSuchEndpoint"
    assert "GET /_sandbox/health" in r.json()["error"]["message"]
    r = requests.delete(sandbox.endpoint + "/_sandbox/clock")
    assert r.status_code == 405
    assert "GET" in r.headers["Allow"]


def test_a_wrong_token_is_refused_even_from_loopback(start_sandbox):
    sandbox = start_sandbox("--control-token", TOKEN)
    r = requests.get(sandbox.endpoint + "/_sandbox/clock",
                     headers={"Authorization": "Bearer not-the-token"})
    assert r.status_code == 403
    assert "not the one given" in r.json()["error"]["message"]


def test_a_short_token_is_refused_at_start(tmp_path):
    run = subprocess.run([BINARY, "--ephemeral", "--control-token", "short"],
                         capture_output=True, text=True, timeout=10)
    assert run.returncode == 2
    assert "16 characters" in run.stderr


@pytest.mark.parametrize("mode", ["loopback", "token", "open"])
def test_other_peers_need_open_or_the_token(start_sandbox, mode):
    address = non_loopback_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address")
    args = ["--listen", "0.0.0.0:0"]
    if mode == "token":
        args += ["--control-token", TOKEN]
    if mode == "open":
        args += ["--control", "open"]
    sandbox = start_sandbox(*args)
    url = f"http://{address}:{sandbox.port}/_sandbox/clock"
    r = requests.get(url, timeout=10)
    if mode == "open":
        assert r.status_code == 200, r.text
        return
    assert r.status_code == 403
    assert "--control-token" in r.json()["error"]["message"]
    if mode == "token":
        r = requests.get(url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10)
        assert r.status_code == 200, r.text
