"""The request journal (GET/DELETE /_sandbox/requests, --journal-size, --journal-file): a
browser's presigned upload recorded with its operation, authentication and signed headers; the
long-poll; refusals with their code and diagnosis; filters and paging; no signature ever stored."""
import json
import threading
import time

import pytest
import requests

from conftest import unique_bucket_name


@pytest.fixture
def journal_sandbox(start_sandbox, tmp_path):
    path = tmp_path / "journal.jsonl"
    sandbox = start_sandbox("--journal-file", path)
    sandbox.journal_path = path
    return sandbox


def new_bucket(s3):
    bucket = unique_bucket_name("journal")
    s3.create_bucket(Bucket=bucket)
    return bucket


def journal(sandbox, **params):
    r = requests.get(sandbox.endpoint + "/_sandbox/requests", params=params, timeout=70)
    assert r.status_code == 200, r.text
    return r.json()


def test_browser_presigned_put_is_recorded_without_its_signature(journal_sandbox):
    sandbox = journal_sandbox
    s3 = sandbox.client(signature_version="s3v4")
    bucket = new_bucket(s3)
    url = s3.generate_presigned_url(
        "put_object", Params={"Bucket": bucket, "Key": "uploads/cat.jpg",
                              "ContentType": "image/jpeg"}, ExpiresIn=600)
    signature = url.split("X-Amz-Signature=")[1].split("&")[0]
    # The "browser": a plain HTTP PUT of the presigned URL.
    put = requests.put(url, data=b"\xff\xd8 fake jpeg", headers={
        "Content-Type": "image/jpeg", "User-Agent": "Mozilla/5.0 (test browser)"})
    assert put.status_code == 200, put.text

    found = journal(sandbox, key="uploads/cat.jpg", wait=5)["requests"]
    assert len(found) == 1
    entry = found[0]
    assert entry["operation"] == "PutObject"
    assert entry["method"] == "PUT" and entry["status"] == 200
    assert entry["bucket"] == bucket and entry["key"] == "uploads/cat.jpg"
    assert entry["auth"]["kind"] == "sigv4-presigned"
    assert entry["auth"]["verdict"] == "ok"
    assert entry["auth"]["access_key"] == "s3sandbox"
    assert "content-type" in entry["auth"]["signed_headers"]
    assert 590 <= entry["auth"]["seconds_left"] <= 600
    assert entry["user_agent"] == "Mozilla/5.0 (test browser)"
    assert entry["bytes_in"] == len(b"\xff\xd8 fake jpeg")
    assert entry["error_code"] is None and entry["fault"] is None
    assert "X-Amz-Signature=REDACTED" in entry["path"]
    # The signature is nowhere: not in the API's answer, not in the JSON Lines file.
    everything = requests.get(sandbox.endpoint + "/_sandbox/requests").text
    assert signature not in everything
    lines = sandbox.journal_path.read_text().splitlines()
    assert signature not in "\n".join(lines)
    recorded = [json.loads(line) for line in lines]
    assert any(e["key"] == "uploads/cat.jpg" and e["operation"] == "PutObject" for e in recorded)
    assert [e["id"] for e in recorded] == sorted(e["id"] for e in recorded)


def test_long_poll_returns_as_soon_as_the_upload_arrives(journal_sandbox):
    sandbox = journal_sandbox
    s3 = sandbox.client()
    bucket = new_bucket(s3)
    since = journal(sandbox)["next_since"]

    def upload_later():
        time.sleep(1)
        s3.put_object(Bucket=bucket, Key="late/cat.jpg", Body=b"meow",
                      ContentType="image/jpeg")

    uploader = threading.Thread(target=upload_later)
    started = time.monotonic()
    uploader.start()
    answer = journal(sandbox, bucket=bucket, key="late/", since=since, wait=10)
    elapsed = time.monotonic() - started
    uploader.join()
    assert [e["key"] for e in answer["requests"]] == ["late/cat.jpg"]
    assert 0.9 <= elapsed < 5, elapsed
    assert answer["next_since"] >= answer["requests"][0]["id"]
    # Nothing more after it: a short wait answers empty at its deadline.
    started = time.monotonic()
    empty = journal(sandbox, bucket=bucket, since=answer["next_since"], wait=0.5)
    assert empty["requests"] == [] and 0.4 <= time.monotonic() - started < 3


def test_refusals_are_recorded_with_code_and_diagnosis(journal_sandbox):
    sandbox = journal_sandbox
    bad = sandbox.client(secret_key="not-the-secret")
    bucket = unique_bucket_name("journal")
    sandbox.client().create_bucket(Bucket=bucket)
    with pytest.raises(Exception):
        bad.put_object(Bucket=bucket, Key="denied.txt", Body=b"x")
    anonymous = requests.get(f"{sandbox.endpoint}/{bucket}/nobody.txt")
    assert anonymous.status_code == 403

    # The last request is recorded as its response leaves: wait for it, then read them all.
    journal(sandbox, bucket=bucket, key="nobody.txt", wait=5)
    refused = journal(sandbox, bucket=bucket, status="4xx")["requests"]
    by_key = {e["key"]: e for e in refused}
    put = by_key["denied.txt"]
    assert put["status"] == 403 and put["error_code"] == "SignatureDoesNotMatch"
    assert put["auth"]["verdict"] == "refused" and put["auth"]["kind"] == "sigv4-header"
    assert put["diagnosis"]
    get = by_key["nobody.txt"]
    assert get["auth"]["kind"] == "anonymous" and get["error_code"] == "AccessDenied"
    assert journal(sandbox, bucket=bucket, status=403, auth="anonymous")["requests"] == [get]


def test_filters_paging_clear_and_no_control_requests(journal_sandbox):
    sandbox = journal_sandbox
    s3 = sandbox.client()
    bucket = new_bucket(s3)
    for i in range(5):
        s3.put_object(Bucket=bucket, Key=f"k{i}", Body=b"x")
    s3.get_object(Bucket=bucket, Key="k0")["Body"].read()
    for _ in range(3):  # polling the journal does not fill it
        journal(sandbox)

    puts = journal(sandbox, bucket=bucket, operation="PutObject")["requests"]
    assert [e["key"] for e in puts] == [f"k{i}" for i in range(5)]
    gets = journal(sandbox, bucket=bucket, operation="getobject")["requests"]
    assert [(e["key"], e["bytes_out"]) for e in gets] == [("k0", 1)]
    assert not [e for e in journal(sandbox)["requests"] if "/_sandbox/" in e["path"]]

    first = journal(sandbox, bucket=bucket, operation="PutObject", since=0, limit=2)
    assert [e["key"] for e in first["requests"]] == ["k0", "k1"]
    rest = journal(sandbox, bucket=bucket, operation="PutObject", since=first["next_since"])
    assert [e["key"] for e in rest["requests"]] == ["k2", "k3", "k4"]
    newest = journal(sandbox, bucket=bucket, operation="PutObject", limit=1)
    assert [e["key"] for e in newest["requests"]] == ["k4"]

    bad = requests.get(sandbox.endpoint + "/_sandbox/requests?status=teapot")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "InvalidJournalQuery"

    assert requests.delete(sandbox.endpoint + "/_sandbox/requests").json() == {"cleared": True}
    assert journal(sandbox, bucket=bucket)["requests"] == []
    s3.head_object(Bucket=bucket, Key="k1")
    assert [e["operation"] for e in journal(sandbox, bucket=bucket, wait=5)["requests"]] == [
        "HeadObject"]


def test_ring_keeps_the_last_n_and_size_zero_turns_it_off(start_sandbox):
    small = start_sandbox("--journal-size", "3")
    s3 = small.client()
    bucket = new_bucket(s3)
    for i in range(6):
        s3.put_object(Bucket=bucket, Key=f"k{i}", Body=b"x")
    assert [e["key"] for e in journal(small)["requests"]] == ["k3", "k4", "k5"]

    off = start_sandbox("--journal-size", "0")
    r = requests.get(off.endpoint + "/_sandbox/requests")
    assert r.status_code == 404 and r.json()["error"]["code"] == "NoSuchEndpoint"


def test_integrity_cors_and_warn_mode_are_recorded(start_sandbox):
    sandbox = start_sandbox("--auth", "warn")
    s3 = sandbox.client()
    bucket = new_bucket(s3)
    s3.put_object(Bucket=bucket, Key="md5.txt", Body=b"hello", ChecksumAlgorithm="CRC32")
    # A wrong Content-MD5: refused with BadDigest, nothing verified.
    with pytest.raises(Exception, match="BadDigest"):
        s3.put_object(Bucket=bucket, Key="bad.txt", Body=b"hello",
                      ContentMD5="AAAAAAAAAAAAAAAAAAAAAA==")
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [
        {"ID": "uploads", "AllowedOrigins": ["http://app.localhost:5173"],
         "AllowedMethods": ["PUT"], "AllowedHeaders": ["*"]}]})
    preflight = requests.options(f"{sandbox.endpoint}/{bucket}/up.jpg", headers={
        "Origin": "http://app.localhost:5173", "Access-Control-Request-Method": "PUT"})
    assert preflight.status_code == 200
    refused = requests.options(f"{sandbox.endpoint}/{bucket}/up.jpg", headers={
        "Origin": "http://evil.example", "Access-Control-Request-Method": "PUT"})
    assert refused.status_code == 403
    sandbox.client(secret_key="wrong").put_object(Bucket=bucket, Key="warned.txt", Body=b"x")

    # The last request is recorded as its response leaves: wait for it, then read them all.
    journal(sandbox, bucket=bucket, key="warned.txt", wait=5)
    entries = {(e["method"], e["key"], (e["cors"] or {}).get("origin")): e
               for e in journal(sandbox, bucket=bucket)["requests"]}
    good = entries[("PUT", "md5.txt", None)]
    assert "crc32" in good["integrity"]["promised"]
    assert good["integrity"]["verified"] == good["integrity"]["promised"]
    digest = entries[("PUT", "bad.txt", None)]
    assert digest["error_code"] == "BadDigest"
    assert "md5" in digest["integrity"]["promised"] and digest["integrity"]["verified"] == []
    allowed = entries[("OPTIONS", "up.jpg", "http://app.localhost:5173")]
    assert allowed["cors"] == {"origin": "http://app.localhost:5173", "preflight": "allowed",
                               "rule": "rule 1 (ID uploads)"}
    assert allowed["auth"]["kind"] is None  # S3 never authenticates a preflight
    denied = entries[("OPTIONS", "up.jpg", "http://evil.example")]
    assert denied["cors"]["preflight"] == "refused" and denied["cors"]["rule"] is None
    assert denied["error_code"] == "AccessForbidden"
    warned = entries[("PUT", "warned.txt", None)]
    assert warned["status"] == 200 and warned["auth"]["verdict"] == "relaxed-by-warn-mode"


def test_requests_refused_before_routing_are_recorded(journal_sandbox):
    sandbox = journal_sandbox
    r = requests.get(f"{sandbox.endpoint}/bucket/%FF")  # a key that is not UTF-8
    assert r.status_code == 400
    [entry] = journal(sandbox, status=400, wait=5)["requests"]
    assert entry["operation"] is None and entry["error_code"] == "InvalidURI"
    assert entry["path"] == "/bucket/%FF" and entry["auth"]["kind"] is None


def test_form_upload_is_recorded_with_the_policy_signer(journal_sandbox):
    sandbox = journal_sandbox
    s3 = sandbox.client(signature_version="s3v4")
    bucket = new_bucket(s3)
    form = s3.generate_presigned_post(
        Bucket=bucket, Key="forms/${filename}", ExpiresIn=300,
        Fields={"Content-Type": "image/png"},
        Conditions=[["starts-with", "$Content-Type", "image/"]])
    ok = requests.post(form["url"], data=form["fields"],
                       files={"file": ("cat.png", b"png", "image/png")})
    assert ok.status_code == 204, ok.text
    refused = requests.post(form["url"], data=dict(form["fields"], **{"Content-Type": "text/html"}),
                            files={"file": ("x.html", b"<p>", "text/html")})
    assert refused.status_code == 403
    # The last request is recorded as its response leaves: wait for it, then read them all.
    journal(sandbox, bucket=bucket, operation="PostObject", status=403, wait=5)
    posts = journal(sandbox, bucket=bucket, operation="PostObject")["requests"]
    assert [(e["status"], e["auth"]["kind"], e["auth"]["verdict"], e["auth"]["access_key"])
            for e in posts] == [(204, "post-policy", "ok", "s3sandbox"),
                                (403, "post-policy", "refused", None)]
    assert posts[0]["key"] == "forms/cat.png"
    assert posts[1]["error_code"] == "AccessDenied" and posts[1]["diagnosis"]
