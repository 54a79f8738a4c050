"""HTTPS (issue #18, part 5): `--tls auto` makes a local CA and serves https:// on a port of its
own next to http://, and real clients trust it with the CA only: boto3 verify=ca.pem, requests
on a presigned https:// URL, the aws CLI --ca-bundle, curl --cacert. aws:SecureTransport is true
on HTTPS only, SSE-C is accepted over HTTPS without --allow-ssec-over-http, and a client on the
wrong port fails fast with a line in the log saying why.
"""
import base64
import hashlib
import json
import os
import socket
import ssl
import subprocess
import time

import boto3
import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from conftest import ACCESS_KEY, AWS_CLI, REGION, SECRET_KEY, error_code, make_client, \
    sandbox_fixture, status_of, unique_bucket_name

CURL = "/usr/bin/curl"
KEY = bytes(range(32))
ALLOW_SSEC = (b"<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault>"
              b"<SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault>"
              b"<BlockedEncryptionTypes><EncryptionType>NONE</EncryptionType>"
              b"</BlockedEncryptionTypes></Rule></ServerSideEncryptionConfiguration>")


# This module's own server: HTTPS on a port of its own, with --tls auto's CA (ca_bundle).
tls_sandbox = sandbox_fixture("--tls", "auto", "--tls-listen", "127.0.0.1:0", "--no-fsync")


def https_client(endpoint, verify):
    """A boto3 client like conftest's make_client, trusting `verify` (a CA file, or True: the
    system's trust store only)."""
    cfg = Config(s3={"addressing_style": "path"}, retries={"total_max_attempts": 1})
    return boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=ACCESS_KEY,
                        aws_secret_access_key=SECRET_KEY, region_name=REGION, config=cfg,
                        verify=verify)


@pytest.fixture(scope="module")
def https_s3(tls_sandbox):
    return https_client(tls_sandbox.tls_endpoint, tls_sandbox.ca_bundle)


def signed(method, url, body=b"", headers=None, verify=True):
    """A request signed with SigV4 by botocore, sent with requests."""
    headers = dict(headers or {})
    headers["x-amz-content-sha256"] = hashlib.sha256(body).hexdigest()
    if body:
        headers["Content-MD5"] = base64.b64encode(hashlib.md5(body).digest()).decode()
    request = AWSRequest(method=method, url=url, data=body, headers=headers)
    SigV4Auth(Credentials(ACCESS_KEY, SECRET_KEY), "s3", REGION).add_auth(request)
    return requests.request(method, url, data=body, headers=dict(request.headers.items()),
                            verify=verify)


def test_ready_line_gives_both_endpoints_and_the_ca(tls_sandbox):
    assert tls_sandbox.endpoint.startswith("http://127.0.0.1:")
    assert tls_sandbox.tls_endpoint.startswith("https://127.0.0.1:")
    assert tls_sandbox.tls_endpoint != tls_sandbox.endpoint.replace("http:", "https:")
    assert tls_sandbox.ca_bundle.endswith("/tls/ca.pem") and os.path.isfile(tls_sandbox.ca_bundle)
    key = os.path.join(os.path.dirname(tls_sandbox.ca_bundle), "key.pem")
    assert os.stat(key).st_mode & 0o777 == 0o600


def test_boto3_put_get_and_a_large_body_with_verify(https_s3):
    name = unique_bucket_name("tls")
    https_s3.create_bucket(Bucket=name)
    https_s3.put_object(Bucket=name, Key="small", Body=b"over tls")
    assert https_s3.get_object(Bucket=name, Key="small")["Body"].read() == b"over tls"
    # A file body (not inline) streams through the TLS path in pieces, ranges too.
    big = os.urandom(3 * 1024 * 1024 + 17)
    https_s3.put_object(Bucket=name, Key="big", Body=big)
    got = https_s3.get_object(Bucket=name, Key="big")["Body"].read()
    assert hashlib.sha256(got).digest() == hashlib.sha256(big).digest()
    part = https_s3.get_object(Bucket=name, Key="big", Range="bytes=1000000-1000099")
    assert part["Body"].read() == big[1000000:1000100]


def test_boto3_without_the_ca_is_refused_and_the_log_says_why(tls_sandbox):
    s3 = https_client(tls_sandbox.tls_endpoint, True)  # the system's trust store only
    with pytest.raises(Exception) as e:
        s3.list_buckets()
    assert "CERTIFICATE_VERIFY_FAILED" in str(e.value) or "certificate" in str(e.value).lower()
    assert tls_sandbox.wait_for_log("does not trust the server certificate")


def test_presigned_url_over_https_with_requests(https_s3, tls_sandbox):
    name = unique_bucket_name("tls")
    https_s3.create_bucket(Bucket=name)
    put = https_s3.generate_presigned_url("put_object", Params={"Bucket": name, "Key": "p"},
                                          ExpiresIn=300)
    assert put.startswith(tls_sandbox.tls_endpoint + "/")
    assert requests.put(put, data=b"presigned", verify=tls_sandbox.ca_bundle).status_code == 200
    get = https_s3.generate_presigned_url("get_object", Params={"Bucket": name, "Key": "p"},
                                          ExpiresIn=300)
    r = requests.get(get, verify=tls_sandbox.ca_bundle)
    assert r.status_code == 200 and r.content == b"presigned"


def test_sandbox_presign_answers_https_urls_when_asked_over_https(https_s3, tls_sandbox):
    name = unique_bucket_name("tls")
    https_s3.create_bucket(Bucket=name)
    https_s3.put_object(Bucket=name, Key="k", Body=b"by the control api")
    r = requests.post(f"{tls_sandbox.tls_endpoint}/_sandbox/presign",
                      json={"bucket": name, "key": "k"}, verify=tls_sandbox.ca_bundle)
    assert r.status_code == 200, r.text
    url = r.json()["url"]
    assert url.startswith(tls_sandbox.tls_endpoint + "/"), url
    assert requests.get(url, verify=tls_sandbox.ca_bundle).content == b"by the control api"
    plain = requests.post(f"{tls_sandbox.endpoint}/_sandbox/presign",
                          json={"bucket": name, "key": "k"})
    assert plain.json()["url"].startswith(tls_sandbox.endpoint + "/")


def test_aws_cli_with_ca_bundle(tls_sandbox, aws_env, tmp_path):
    def aws(*args):
        return subprocess.run([AWS_CLI, "--endpoint-url", tls_sandbox.tls_endpoint,
                               "--ca-bundle", tls_sandbox.ca_bundle, *map(str, args)],
                              env=aws_env, capture_output=True, text=True, timeout=120)

    name = unique_bucket_name("tls-cli")
    made = aws("s3", "mb", f"s3://{name}")
    assert made.returncode == 0, made.stderr
    src = tmp_path / "up.bin"
    src.write_bytes(os.urandom(200_000))
    up = aws("s3", "cp", src, f"s3://{name}/up.bin")
    assert up.returncode == 0, up.stderr
    down = aws("s3", "cp", f"s3://{name}/up.bin", tmp_path / "down.bin")
    assert down.returncode == 0, down.stderr
    assert (tmp_path / "down.bin").read_bytes() == src.read_bytes()
    # Without the bundle the CLI refuses the certificate.
    refused = subprocess.run([AWS_CLI, "--endpoint-url", tls_sandbox.tls_endpoint, "s3", "ls"],
                             env=aws_env, capture_output=True, text=True, timeout=120)
    assert refused.returncode != 0
    assert "certificate verify failed" in refused.stderr.lower() or "SSL" in refused.stderr


def test_curl_cacert_and_health_says_tls(tls_sandbox):
    out = subprocess.run([CURL, "-sS", "--cacert", tls_sandbox.ca_bundle,
                          f"{tls_sandbox.tls_endpoint}/_sandbox/health"],
                         capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    health = json.loads(out.stdout)
    assert health["tls"] is True and health["https"] is True
    assert health["tls_ca"] == tls_sandbox.ca_bundle
    plain = requests.get(f"{tls_sandbox.endpoint}/_sandbox/health").json()
    assert plain["tls"] is False and plain["https"] is True
    # localhost is in the certificate too.
    port = tls_sandbox.tls_endpoint.rsplit(":", 1)[1]
    by_name = subprocess.run([CURL, "-sS", "--cacert", tls_sandbox.ca_bundle,
                              f"https://localhost:{port}/_sandbox/health"],
                             capture_output=True, text=True, timeout=30)
    assert by_name.returncode == 0, by_name.stderr
    # Without --cacert curl refuses (60: the peer certificate cannot be authenticated).
    refused = subprocess.run([CURL, "-sS", f"{tls_sandbox.tls_endpoint}/_sandbox/health"],
                             capture_output=True, text=True, timeout=30)
    assert refused.returncode == 60, refused.stderr


def test_journal_records_whether_a_request_came_over_tls(https_s3, tls_sandbox):
    name = unique_bucket_name("tls-journal")
    https_s3.create_bucket(Bucket=name)
    make_client(tls_sandbox.endpoint).head_bucket(Bucket=name)
    requests.get(f"{tls_sandbox.endpoint}/_sandbox/requests",  # the last one, recorded as it leaves
                 params={"bucket": name, "operation": "HeadBucket", "wait": 5})
    entries = requests.get(f"{tls_sandbox.endpoint}/_sandbox/requests",
                           params={"bucket": name}).json()["requests"]
    kinds = {(e["operation"], e["tls"]) for e in entries}
    assert ("CreateBucket", True) in kinds and ("HeadBucket", False) in kinds, entries


def test_secure_transport_deny_applies_on_http_only(https_s3, tls_sandbox):
    name = unique_bucket_name("tls-policy")
    https_s3.create_bucket(Bucket=name)
    https_s3.put_bucket_policy(Bucket=name, Policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Sid": "HttpsOnly", "Effect": "Deny", "Principal": "*",
                       "Action": "s3:*",
                       "Resource": [f"arn:aws:s3:::{name}", f"arn:aws:s3:::{name}/*"],
                       "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}))
    https_s3.put_object(Bucket=name, Key="k", Body=b"over https")
    assert https_s3.get_object(Bucket=name, Key="k")["Body"].read() == b"over https"
    http_s3 = make_client(tls_sandbox.endpoint)
    with pytest.raises(ClientError) as e:
        http_s3.get_object(Bucket=name, Key="k")
    assert status_of(e.value) == 403 and error_code(e.value) == "AccessDenied"
    assert "HttpsOnly" in e.value.response["Error"]["Message"]
    # Over HTTPS the statement does not apply: the owner removes it.
    https_s3.delete_bucket_policy(Bucket=name)
    assert http_s3.get_object(Bucket=name, Key="k")["Body"].read() == b"over https"


def test_sse_c_accepted_over_https_refused_over_http(https_s3, tls_sandbox):
    name = unique_bucket_name("tls-ssec")
    https_s3.create_bucket(Bucket=name)
    r = signed("PUT", f"{tls_sandbox.tls_endpoint}/{name}?encryption", ALLOW_SSEC,
               verify=tls_sandbox.ca_bundle)
    assert r.status_code == 200, r.text
    https_s3.put_object(Bucket=name, Key="c", Body=b"secret", SSECustomerAlgorithm="AES256",
                        SSECustomerKey=KEY)
    got = https_s3.get_object(Bucket=name, Key="c", SSECustomerAlgorithm="AES256",
                              SSECustomerKey=KEY)
    assert got["Body"].read() == b"secret"
    with pytest.raises(ClientError) as e:
        make_client(tls_sandbox.endpoint).get_object(Bucket=name, Key="c",
                                                     SSECustomerAlgorithm="AES256",
                                                     SSECustomerKey=KEY)
    assert status_of(e.value) == 400 and error_code(e.value) == "InvalidRequest"


def test_plain_http_to_the_https_port_is_answered_at_once(tls_sandbox):
    port = int(tls_sandbox.tls_endpoint.rsplit(":", 1)[1])
    started = time.monotonic()
    r = requests.get(f"http://127.0.0.1:{port}/_sandbox/health", timeout=5)
    assert time.monotonic() - started < 2
    assert r.status_code == 400 and "speaks HTTPS" in r.text
    assert tls_sandbox.wait_for_log("plain HTTP from 127.0.0.1")


def test_tls_handshake_to_the_http_port_fails_fast(tls_sandbox):
    context = ssl.create_default_context(cafile=tls_sandbox.ca_bundle)
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", tls_sandbox.port), timeout=5) as raw:
        with pytest.raises((ssl.SSLError, ConnectionError, OSError)):
            with context.wrap_socket(raw, server_hostname="localhost"):
                pass
    assert time.monotonic() - started < 2
    assert tls_sandbox.wait_for_log("TLS handshake from 127.0.0.1")


def test_a_silent_client_on_the_https_port_holds_no_worker(tls_sandbox, https_s3):
    # Connected, never a ClientHello: other clients are served meanwhile.
    with socket.create_connection(("127.0.0.1", int(tls_sandbox.tls_endpoint.rsplit(":", 1)[1]))):
        https_s3.list_buckets()
        assert requests.get(f"{tls_sandbox.endpoint}/_sandbox/health").status_code == 200


def test_restart_reuses_the_ca_and_a_new_domain_renews_the_certificate(start_sandbox, tmp_path):
    data = tmp_path / "data"
    first = start_sandbox("--data-dir", data, "--tls", "auto", "--tls-listen", "127.0.0.1:0")
    ca = open(first.ca_bundle, "rb").read()
    cert = (data / "tls" / "cert.pem").read_bytes()
    assert first.stop() == 0
    again = start_sandbox("--data-dir", data, "--tls", "auto", "--tls-listen", "127.0.0.1:0")
    assert open(again.ca_bundle, "rb").read() == ca
    assert (data / "tls" / "cert.pem").read_bytes() == cert
    assert again.stop() == 0
    renewed = start_sandbox("--data-dir", data, "--tls", "auto", "--tls-listen", "127.0.0.1:0",
                            "--domain", "s3.test")
    assert open(renewed.ca_bundle, "rb").read() == ca  # clients keep trusting it
    assert (data / "tls" / "cert.pem").read_bytes() != cert
    context = ssl.create_default_context(cafile=renewed.ca_bundle)
    port = int(renewed.tls_endpoint.rsplit(":", 1)[1])
    # The certificate names the new domain's virtual hosts.
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        with context.wrap_socket(raw, server_hostname="photos.s3.test") as tls:
            assert tls.version() in ("TLSv1.2", "TLSv1.3")


def free_port_pair():
    """A free port whose next one is free too, both held while probing. (Probing one alone
    skipped the test whenever the next was another sandbox's, which in a full run is often.)"""
    for _ in range(50):
        with socket.socket() as first, socket.socket() as second:
            first.bind(("127.0.0.1", 0))
            port = first.getsockname()[1]
            if port >= 65535:
                continue
            try:
                second.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
            return port
    pytest.fail("no free pair of adjacent ports in 50 tries")


def test_own_certificate_files_and_default_port(start_sandbox, tmp_path):
    # A certificate made by another run's --tls auto, given as --tls-cert/--tls-key.
    made = start_sandbox("--data-dir", tmp_path / "maker", "--tls", "auto",
                         "--tls-listen", "127.0.0.1:0")
    tls_dir = tmp_path / "maker" / "tls"
    assert made.stop() == 0
    port = free_port_pair()
    try:
        own = start_sandbox("--listen", f"127.0.0.1:{port}", "--tls-cert", tls_dir / "cert.pem",
                            "--tls-key", tls_dir / "key.pem")
    except RuntimeError as e:  # the port was taken between the probe and the start
        pytest.skip(f"port race: {e}")
    assert own.ca_bundle is None  # the CA of one's own certificate is one's own business
    assert own.tls_endpoint == f"https://127.0.0.1:{port + 1}"
    r = requests.get(f"{own.tls_endpoint}/_sandbox/health", verify=str(tls_dir / "ca.pem"))
    assert r.json()["tls"] is True


def test_unusable_certificate_stops_the_start_with_the_reason(tmp_path):
    from conftest import BINARY
    (tmp_path / "cert.pem").write_text("not a certificate")
    out = subprocess.run([BINARY, "--listen", "127.0.0.1:0", "--ephemeral", "--tls-cert",
                          tmp_path / "cert.pem", "--tls-key", tmp_path / "cert.pem"],
                         capture_output=True, text=True, timeout=30)
    assert out.returncode != 0
    assert "cannot use the certificate" in out.stderr and str(tmp_path) in out.stderr


def test_python_package_sandbox_with_tls(monkeypatch):
    """The Python package's Sandbox(tls=True) (the plugin's, as every server here): client() talks HTTPS
    trusting ca_bundle."""
    from conftest import BINARY, Sandbox
    with Sandbox(tls=True, binary=BINARY) as sb:
        assert sb.tls_endpoint.startswith("https://127.0.0.1:")
        assert sb.endpoint.startswith("http://127.0.0.1:")
        assert os.path.isfile(sb.ca_bundle)
        s3 = sb.client()
        assert s3.meta.endpoint_url == sb.tls_endpoint
        s3.create_bucket(Bucket="pkg-tls")
        s3.put_object(Bucket="pkg-tls", Key="k", Body=b"package over tls")
        url = s3.generate_presigned_url("get_object", Params={"Bucket": "pkg-tls", "Key": "k"})
        assert requests.get(url, verify=sb.ca_bundle).content == b"package over tls"
        assert sb.requests(bucket="pkg-tls")[0]["tls"] is True
