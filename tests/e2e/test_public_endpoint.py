"""The two-host split of docker-compose.yml, without containers: the media service calls S3 by
one name (S3_ENDPOINT, in compose http://s3sandbox:9000) and signs the browser's URLs for the
name the browser reaches (S3_PUBLIC_ENDPOINT, http://localhost:9000). Here the service's name is
127.0.0.1 and the browser's is localhost: SigV4 signs the Host, so only the split works, and a
URL signed for the service's name used by the browser's is refused with a diagnosis naming the
host it was signed for."""
import socket
import subprocess
import sys

import requests

from conftest import REPO

SERVICE = REPO / "examples" / "media-service" / "server.py"


def start_service(*args):
    proc = subprocess.Popen([sys.executable, str(SERVICE), "--port", "0", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    assert line.startswith("media-service ready http://"), line
    return proc, line.split()[2]


def presign_put(service_url):
    answer = requests.post(service_url + "/api/presign-put", json={
        "filename": "cat.png", "contentType": "image/png", "size": 4}, timeout=10)
    answer.raise_for_status()
    return answer.json()


def test_public_endpoint_signs_for_the_browsers_host(start_sandbox):
    # The aliases name the port, so choose it first (as compose does: 9000).
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # As in docker-compose.yml: both names the server is reached by.
    start_sandbox("--listen", f"127.0.0.1:{port}", "--host-alias", f"127.0.0.1:{port}",
                  "--host-alias", f"localhost:{port}")
    internal, public = f"http://127.0.0.1:{port}", f"http://localhost:{port}"

    proc, service = start_service("--endpoint", internal, "--public-endpoint", public)
    try:
        signed = presign_put(service)
        assert signed["url"].startswith(public + "/"), signed["url"]
        put = requests.put(signed["url"], data=b"\x89PNG", headers=signed["headers"], timeout=10)
        assert put.status_code == 200, put.text
    finally:
        proc.terminate()
        proc.wait()

    # Without the split the URL names the service's host; the browser's request (another Host)
    # is refused, and the diagnosis says which host the URL was signed for.
    proc, service = start_service("--endpoint", internal)
    try:
        signed = presign_put(service)
        assert signed["url"].startswith(internal + "/")
        browser_url = signed["url"].replace(internal, public, 1)
        put = requests.put(browser_url, data=b"\x89PNG", headers=signed["headers"], timeout=10)
        assert put.status_code == 403, put.text
        assert "<Code>SignatureDoesNotMatch</Code>" in put.text
        assert "127.0.0.1" in put.headers.get("x-s3sandbox-diagnosis", ""), put.headers
    finally:
        proc.terminate()
        proc.wait()
