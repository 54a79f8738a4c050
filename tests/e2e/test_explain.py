"""The presigned-URL explainer with live URLs from boto3 and the aws CLI: `s3sandbox explain`
(offline, no server) and POST /_sandbox/explain (the server's own keys and clock). Each verdict
is checked against what the server then does with the same URL: a URL the explainer calls usable
works, and a refusal's diagnosis is the one the server gives."""
import json
import os
import subprocess

import boto3
import requests
from botocore.config import Config

from conftest import ACCESS_KEY, AWS_CLI, BINARY, REGION, SECRET_KEY

CREDENTIAL = f"{ACCESS_KEY}:{SECRET_KEY}"


def explain(url, *args):
    """Runs `s3sandbox explain URL ARGS --json`; returns (exit code, report)."""
    run = subprocess.run([BINARY, "explain", url, *args, "--json"], capture_output=True,
                         text=True, timeout=30)
    assert run.returncode in (0, 1), run.stderr
    return run.returncode, json.loads(run.stdout)


def codes(report):
    return {f["code"] for f in report["findings"]}


def presigner(endpoint, signature_version="s3v4"):
    return boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=ACCESS_KEY,
                        aws_secret_access_key=SECRET_KEY, region_name=REGION,
                        config=Config(signature_version=signature_version,
                                      s3={"addressing_style": "path"}))


def test_a_usable_upload_url_works_and_a_misused_one_fails_with_the_same_diagnosis(s3, bucket,
                                                                                  endpoint):
    url = presigner(endpoint).generate_presigned_url(
        "put_object", Params={"Bucket": bucket, "Key": "up/cat.jpg", "ContentType": "image/jpeg"},
        ExpiresIn=600)
    code, report = explain(url, "--credential", CREDENTIAL, "--method", "PUT",
                           "--header", "Content-Type: image/jpeg")
    assert code == 0 and report["usable"], report
    assert report["signature"]["version"] == "sigv4"
    assert report["target"] == {**report["target"], "bucket": bucket, "key": "up/cat.jpg",
                                "addressing": "path", "operation": "PutObject"}
    assert report["method"]["valid_for"] == ["PUT"]
    signed = {h["name"]: h for h in report["signed_headers"]}
    assert signed["content-type"]["value"] == "image/jpeg"
    assert 0 < report["time"]["remaining_seconds"] <= 600
    put = requests.put(url, data=b"meow", headers={"Content-Type": "image/jpeg"})
    assert put.status_code == 200, put.text

    # Sent with another Content-Type: the explainer's verdict is the server's answer.
    code, report = explain(url, "--credential", CREDENTIAL, "--method", "PUT",
                           "--header", "Content-Type: image/png")
    assert code == 1 and not report["usable"]
    refused = requests.put(url, data=b"meow", headers={"Content-Type": "image/png"})
    assert refused.status_code == 403
    assert report["verdict"]["error"]["code"] == "SignatureDoesNotMatch"
    assert report["verdict"]["error"]["diagnosis"] == refused.headers["x-s3sandbox-diagnosis"]


def test_the_endpoint_checks_with_the_servers_keys_and_clock(s3, bucket, sandbox):
    s3.put_object(Bucket=bucket, Key="k.txt", Body=b"x")
    url = sandbox.client().generate_presigned_url(
        "get_object", Params={"Bucket": bucket, "Key": "k.txt"}, ExpiresIn=60)
    answer = requests.post(sandbox.endpoint + "/_sandbox/explain", json={"url": url})
    assert answer.status_code == 200
    report = answer.json()
    assert report["usable"] and report["verdict"]["credential"] == "server"
    assert report["method"]["valid_for"] == ["GET"]
    assert requests.get(url).content == b"x"
    # As a PUT: refused, and the diagnosis names the method it was signed for.
    report = requests.post(sandbox.endpoint + "/_sandbox/explain",
                           json={"url": url, "method": "PUT"}).json()
    assert not report["usable"]
    assert "signed for GET, used with PUT" in report["verdict"]["error"]["diagnosis"]
    # The sandbox clock moved past the expiry: the endpoint says so, as the server then does.
    requests.put(sandbox.endpoint + "/_sandbox/clock?offset=%2B5m")
    try:
        report = requests.post(sandbox.endpoint + "/_sandbox/explain", json={"url": url}).json()
        assert "expired" in codes(report) and report["time"]["expired"]
        assert requests.get(url).status_code == 403
    finally:
        requests.put(sandbox.endpoint + "/_sandbox/clock?offset=0")
    bad = requests.post(sandbox.endpoint + "/_sandbox/explain", json={"method": "GET"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "InvalidExplainRequest"


def test_sigv2_urls_are_flagged_but_checked(s3, bucket, endpoint):
    s3.put_object(Bucket=bucket, Key="v2.txt", Body=b"two")
    url = presigner(endpoint, "s3").generate_presigned_url(
        "get_object", Params={"Bucket": bucket, "Key": "v2.txt"}, ExpiresIn=300)
    code, report = explain(url, "--credential", CREDENTIAL)
    assert code == 0  # a warning, not an error
    assert report["signature"]["version"] == "sigv2" and "sigv2" in codes(report)
    assert report["method"]["valid_for"] == ["GET"]
    assert requests.get(url).content == b"two"


def test_aws_cli_presign(s3, bucket, endpoint):
    s3.put_object(Bucket=bucket, Key="cli/x.bin", Body=b"cli")
    env = dict(os.environ, AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY,
               AWS_DEFAULT_REGION=REGION, AWS_CONFIG_FILE="/dev/null",
               AWS_SHARED_CREDENTIALS_FILE="/dev/null")
    url = subprocess.run([AWS_CLI, "s3", "presign", f"s3://{bucket}/cli/x.bin",
                          "--endpoint-url", endpoint, "--expires-in", "900"], env=env,
                         check=True, capture_output=True, text=True).stdout.strip()
    code, report = explain(url, "--credential", CREDENTIAL)
    assert code == 0, report
    assert report["time"]["expires_seconds"] == 900 and not report["time"]["over_seven_days"]
    assert report["target"]["key"] == "cli/x.bin"
    assert requests.get(url).content == b"cli"
    # Without a credential: facts and lint, no verdict; the method cannot be read from the URL.
    code, report = explain(url, "--page-origin", "https://app.example.com",
                           "--expect-host", "s3.example.com")
    assert code == 1
    assert report["verdict"]["checked"] is False and report["method"]["valid_for"] == []
    assert {"http-on-https-page", "unexpected-host"} <= codes(report)


def test_text_output_and_bad_usage(endpoint):
    url = presigner(endpoint).generate_presigned_url(
        "get_object", Params={"Bucket": "b", "Key": "k"}, ExpiresIn=60)
    run = subprocess.run([BINARY, "explain", url, "--credential", CREDENTIAL],
                         capture_output=True, text=True, timeout=30)
    assert run.returncode == 0
    assert "valid for GET" in run.stdout and "Usable as given." in run.stdout
    bad = subprocess.run([BINARY, "explain", "--method"], capture_output=True, text=True)
    assert bad.returncode == 2 and "--method needs a value" in bad.stderr
