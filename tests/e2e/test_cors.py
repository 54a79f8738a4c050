"""CORS as S3 does it: PutBucketCors / GetBucketCors / DeleteBucketCors with boto3, preflights
(OPTIONS, never authenticated) allowed or refused by the bucket's rules with S3's headers and
errors, the Access-Control-* headers on actual responses (errors included), and the sandbox's
--cors=permissive (default) versus --cors=buckets (S3-faithful) modes."""
import xml.etree.ElementTree as ET

import pytest
import requests
from botocore.exceptions import ClientError

from conftest import error_code, sandbox_fixture, status_of, unique_bucket_name

ORIGIN = "https://app.example.com"
VARY = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method"
NOT_ALLOWED = ("CORSResponse: This CORS request is not allowed. This is usually because the "
               "evalution of Origin, request method / Access-Control-Request-Method or "
               "Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.")

SITE_RULES = {"CORSRules": [
    {"ID": "site", "AllowedOrigins": [ORIGIN, "https://*.example.org"],
     "AllowedMethods": ["GET", "PUT"], "AllowedHeaders": ["content-type", "x-amz-*"],
     "ExposeHeaders": ["ETag", "x-amz-request-id"], "MaxAgeSeconds": 3000},
    {"AllowedOrigins": ["*"], "AllowedMethods": ["HEAD"]},
]}


# A server in --cors=buckets mode: only bucket rules allow anything, as on S3.
faithful = sandbox_fixture("--cors", "buckets")


def new_bucket(s3, rules=None):
    name = unique_bucket_name("cors")
    s3.create_bucket(Bucket=name)
    if rules is not None:
        s3.put_bucket_cors(Bucket=name, CORSConfiguration=rules)
    return name


def preflight(endpoint, path, method="GET", origin=ORIGIN, headers=None):
    h = {}
    if origin is not None:
        h["Origin"] = origin
    if method is not None:
        h["Access-Control-Request-Method"] = method
    if headers is not None:
        h["Access-Control-Request-Headers"] = headers
    return requests.options(endpoint + path, headers=h, timeout=10)


def error_fields(response):
    root = ET.fromstring(response.content)
    return {child.tag: child.text for child in root}


def cors_headers(response):
    return {k: v for k, v in response.headers.items()
            if k.lower().startswith("access-control-") or k.lower() == "vary"}


# ---- Put / Get / DeleteBucketCors ---------------------------------------------------------------


def test_get_bucket_cors_returns_what_was_put(s3):
    name = new_bucket(s3, SITE_RULES)
    got = s3.get_bucket_cors(Bucket=name)
    assert got["CORSRules"] == SITE_RULES["CORSRules"]


def test_get_bucket_cors_without_configuration_is_404(s3):
    name = new_bucket(s3)
    with pytest.raises(ClientError) as e:
        s3.get_bucket_cors(Bucket=name)
    assert status_of(e.value) == 404
    assert error_code(e.value) == "NoSuchCORSConfiguration"
    assert e.value.response["Error"]["Message"].split(" [s3sandbox: ")[0] == "The CORS configuration does not exist"


def test_put_bucket_cors_replaces_the_configuration(s3):
    name = new_bucket(s3, SITE_RULES)
    s3.put_bucket_cors(Bucket=name, CORSConfiguration={
        "CORSRules": [{"AllowedOrigins": ["*"], "AllowedMethods": ["GET"]}]})
    assert s3.get_bucket_cors(Bucket=name)["CORSRules"] == [
        {"AllowedOrigins": ["*"], "AllowedMethods": ["GET"]}]


def test_delete_bucket_cors_is_204_and_removes_it(s3):
    name = new_bucket(s3, SITE_RULES)
    deleted = s3.delete_bucket_cors(Bucket=name)
    assert status_of(deleted) == 204
    with pytest.raises(ClientError) as e:
        s3.get_bucket_cors(Bucket=name)
    assert error_code(e.value) == "NoSuchCORSConfiguration"


def test_put_bucket_cors_on_missing_bucket_is_no_such_bucket(s3):
    with pytest.raises(ClientError) as e:
        s3.put_bucket_cors(Bucket=unique_bucket_name("cors"), CORSConfiguration=SITE_RULES)
    assert error_code(e.value) == "NoSuchBucket"


def test_put_bucket_cors_with_unsupported_method_is_invalid_request(s3):
    name = new_bucket(s3)
    with pytest.raises(ClientError) as e:
        s3.put_bucket_cors(Bucket=name, CORSConfiguration={
            "CORSRules": [{"AllowedOrigins": ["*"], "AllowedMethods": ["GET", "PATCH"]}]})
    assert status_of(e.value) == 400
    assert error_code(e.value) == "InvalidRequest"
    assert e.value.response["Error"]["Message"].split(" [s3sandbox: ")[0] == (
        "Found unsupported HTTP method in CORS config. Unsupported method is PATCH")


def test_put_bucket_cors_with_two_wildcards_in_origin_is_invalid_request(s3):
    name = new_bucket(s3)
    with pytest.raises(ClientError) as e:
        s3.put_bucket_cors(Bucket=name, CORSConfiguration={
            "CORSRules": [{"AllowedOrigins": ["https://*.*"], "AllowedMethods": ["GET"]}]})
    assert error_code(e.value) == "InvalidRequest"
    assert e.value.response["Error"]["Message"].split(" [s3sandbox: ")[0] == (
        'AllowedOrigin "https://*.*" can not have more than one wildcard.')


def test_put_bucket_cors_with_101_rules_is_malformed_xml(s3):
    name = new_bucket(s3)
    rules = [{"AllowedOrigins": ["*"], "AllowedMethods": ["GET"]}] * 101
    with pytest.raises(ClientError) as e:
        s3.put_bucket_cors(Bucket=name, CORSConfiguration={"CORSRules": rules})
    assert error_code(e.value) == "MalformedXML"


def test_put_bucket_cors_needs_content_md5(s3):
    name = new_bucket(s3)

    def drop(request, **_):
        del request.headers["Content-MD5"]

    s3.meta.events.register_first("before-sign.s3.PutBucketCors", drop)
    try:
        with pytest.raises(ClientError) as e:
            s3.put_bucket_cors(Bucket=name, CORSConfiguration=SITE_RULES)
    finally:
        s3.meta.events.unregister("before-sign.s3.PutBucketCors", drop)
    assert status_of(e.value) == 400
    assert error_code(e.value) == "InvalidRequest"


def test_delete_bucket_takes_its_cors_configuration(s3):
    name = new_bucket(s3, SITE_RULES)
    s3.delete_bucket(Bucket=name)
    s3.create_bucket(Bucket=name)
    with pytest.raises(ClientError) as e:
        s3.get_bucket_cors(Bucket=name)
    assert error_code(e.value) == "NoSuchCORSConfiguration"


# ---- preflight by the bucket's rules (any mode) -------------------------------------------------


def test_preflight_allowed_by_a_rule_has_s3s_headers(sandbox, s3):
    name = new_bucket(s3, SITE_RULES)
    r = preflight(sandbox.endpoint, f"/{name}/photo.jpg", "PUT", headers="Content-Type, X-Amz-Date")
    assert r.status_code == 200
    assert cors_headers(r) == {
        "Access-Control-Allow-Origin": ORIGIN,
        "Access-Control-Allow-Methods": "GET, PUT",
        "Access-Control-Allow-Headers": "content-type, x-amz-date",
        "Access-Control-Expose-Headers": "ETag, x-amz-request-id",
        "Access-Control-Max-Age": "3000",
        "Access-Control-Allow-Credentials": "true",
        "Vary": VARY,
    }


def test_preflight_matching_the_star_origin_answers_star_without_credentials(sandbox, s3):
    name = new_bucket(s3, SITE_RULES)
    r = preflight(sandbox.endpoint, f"/{name}/k", "HEAD", origin="https://elsewhere.test")
    assert r.status_code == 200
    assert cors_headers(r) == {"Access-Control-Allow-Origin": "*",
                               "Access-Control-Allow-Methods": "HEAD", "Vary": VARY}


def test_preflight_with_unlisted_method_is_access_forbidden(sandbox, s3):
    name = new_bucket(s3, SITE_RULES)
    r = preflight(sandbox.endpoint, f"/{name}/k", "DELETE")
    assert r.status_code == 403
    fields = error_fields(r)
    assert fields["Code"] == "AccessForbidden"
    assert fields["Message"].split(" [s3sandbox: ")[0] == NOT_ALLOWED
    assert fields["Method"] == "DELETE"
    assert fields["ResourceType"] == "OBJECT"
    assert "method DELETE" in r.headers["x-s3sandbox-diagnosis"]
    assert "Access-Control-Allow-Origin" not in r.headers


def test_preflight_with_unlisted_header_names_it(sandbox, s3):
    name = new_bucket(s3, SITE_RULES)
    r = preflight(sandbox.endpoint, f"/{name}/k", "PUT", headers="content-type, authorization")
    assert r.status_code == 403
    assert "'authorization'" in r.headers["x-s3sandbox-diagnosis"]


def test_preflight_from_unlisted_origin_is_refused_even_when_permissive(sandbox, s3):
    name = new_bucket(s3, SITE_RULES)
    r = preflight(sandbox.endpoint, f"/{name}", "GET", origin="https://evil.test")
    assert r.status_code == 403
    assert error_fields(r)["ResourceType"] == "BUCKET"
    # The '*' rule (HEAD only) is the closest: its origin matches, its method does not.
    assert "rule 2 comes closest" in r.headers["x-s3sandbox-diagnosis"]
    assert "method GET" in r.headers["x-s3sandbox-diagnosis"]


def test_preflight_without_origin_is_bad_request(sandbox, s3):
    name = new_bucket(s3, SITE_RULES)
    r = preflight(sandbox.endpoint, f"/{name}/k", "GET", origin=None)
    assert r.status_code == 400
    fields = error_fields(r)
    assert fields["Code"] == "BadRequest"
    assert fields["Message"].split(" [s3sandbox: ")[0] == "Insufficient information. Origin request header needed."


def test_preflight_without_request_method_is_bad_request(sandbox, s3):
    name = new_bucket(s3, SITE_RULES)
    r = preflight(sandbox.endpoint, f"/{name}/k", method=None)
    assert r.status_code == 400
    assert error_fields(r)["Message"].split(" [s3sandbox: ")[0] == "Invalid Access-Control-Request-Method: null"


def test_preflight_never_needs_authentication(sandbox, s3):
    name = new_bucket(s3, SITE_RULES)
    r = requests.options(f"{sandbox.endpoint}/{name}/k?X-Amz-Signature=bogus", headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": "GET",
        "Authorization": "AWS4-HMAC-SHA256 Credential=nobody/20200101/us-east-1/s3/aws4_request, "
                         "SignedHeaders=host, Signature=00"}, timeout=10)
    assert r.status_code == 200
    assert r.headers["Access-Control-Allow-Origin"] == ORIGIN


# ---- actual responses ---------------------------------------------------------------------------


def test_actual_get_with_matching_origin_gets_the_rules_headers(sandbox, s3):
    name = new_bucket(s3, SITE_RULES)
    s3.put_object(Bucket=name, Key="k", Body=b"hello")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": name, "Key": "k"})
    r = requests.get(url, headers={"Origin": ORIGIN}, timeout=10)
    assert r.status_code == 200
    assert cors_headers(r) == {
        "Access-Control-Allow-Origin": ORIGIN,
        "Access-Control-Allow-Methods": "GET, PUT",
        "Access-Control-Expose-Headers": "ETag, x-amz-request-id",
        "Access-Control-Max-Age": "3000",
        "Access-Control-Allow-Credentials": "true",
        "Vary": VARY,
    }


def test_actual_put_with_matching_origin_gets_the_headers(sandbox, s3):
    name = new_bucket(s3, SITE_RULES)
    url = s3.generate_presigned_url("put_object", Params={"Bucket": name, "Key": "up"})
    r = requests.put(url, data=b"bytes", headers={"Origin": "https://cdn.example.org"},
                     timeout=10)
    assert r.status_code == 200
    assert r.headers["Access-Control-Allow-Origin"] == "https://cdn.example.org"


def test_error_responses_carry_cors_headers_too(sandbox, s3):
    name = new_bucket(s3, SITE_RULES)
    missing = s3.generate_presigned_url("get_object", Params={"Bucket": name, "Key": "nope"})
    r = requests.get(missing, headers={"Origin": ORIGIN}, timeout=10)
    assert r.status_code == 404
    assert r.headers["Access-Control-Allow-Origin"] == ORIGIN
    tampered = missing.replace("Signature=", "Signature=0")
    r = requests.get(tampered, headers={"Origin": ORIGIN}, timeout=10)
    assert r.status_code == 403
    assert r.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert r.headers["Access-Control-Expose-Headers"] == "ETag, x-amz-request-id"


def test_actual_request_with_unlisted_method_gets_no_cors_headers(sandbox, s3):
    name = new_bucket(s3, SITE_RULES)
    url = s3.generate_presigned_url("delete_object", Params={"Bucket": name, "Key": "k"})
    r = requests.delete(url, headers={"Origin": ORIGIN}, timeout=10)
    assert r.status_code == 204
    assert cors_headers(r) == {}


def test_request_without_origin_gets_no_cors_headers(sandbox, s3):
    name = new_bucket(s3, SITE_RULES)
    s3.put_object(Bucket=name, Key="k", Body=b"hello")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": name, "Key": "k"})
    r = requests.get(url, timeout=10)
    assert r.status_code == 200
    assert cors_headers(r) == {}


# ---- --cors=permissive (the default) ------------------------------------------------------------


def test_permissive_allows_preflight_to_bucket_without_configuration(sandbox, s3):
    name = new_bucket(s3)
    r = preflight(sandbox.endpoint, f"/{name}/k", "PUT", origin="http://localhost:5173",
                  headers="content-type,x-amz-checksum-crc32")
    assert r.status_code == 200
    assert r.headers["Access-Control-Allow-Origin"] == "http://localhost:5173"
    assert r.headers["Access-Control-Allow-Methods"] == "PUT"
    assert r.headers["Access-Control-Allow-Headers"] == "content-type, x-amz-checksum-crc32"
    assert r.headers["Access-Control-Max-Age"] == "3600"
    assert r.headers["Access-Control-Allow-Credentials"] == "true"
    assert "cors=permissive" in r.headers["x-s3sandbox-diagnosis"]


def test_permissive_allows_preflight_to_missing_bucket_and_service_root(sandbox):
    r = preflight(sandbox.endpoint, "/" + unique_bucket_name("cors"), "PUT")
    assert r.status_code == 200
    r = preflight(sandbox.endpoint, "/", "GET")
    assert r.status_code == 200


def test_permissive_allows_preflight_to_sandbox_api(sandbox):
    r = preflight(sandbox.endpoint, "/_sandbox/health", "GET")
    assert r.status_code == 200
    assert r.headers["Access-Control-Allow-Origin"] == ORIGIN


def test_permissive_actual_response_exposes_sandbox_headers(sandbox, s3):
    name = new_bucket(s3)
    s3.put_object(Bucket=name, Key="k", Body=b"hello")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": name, "Key": "k"})
    r = requests.get(url, headers={"Origin": "http://localhost:5173"}, timeout=10)
    assert r.headers["Access-Control-Allow-Origin"] == "http://localhost:5173"
    exposed = [h.strip() for h in r.headers["Access-Control-Expose-Headers"].split(",")]
    for header in ("ETag", "x-amz-request-id", "x-amz-version-id", "x-amz-checksum-crc64nvme",
                   "x-amz-checksum-type", "x-s3sandbox-diagnosis", "Content-Range"):
        assert header in exposed


def test_permissive_error_response_exposes_the_diagnosis(sandbox, s3):
    url = s3.generate_presigned_url("get_object",
                                    Params={"Bucket": unique_bucket_name("cors"), "Key": "k"})
    r = requests.get(url, headers={"Origin": "http://localhost:5173"}, timeout=10)
    assert r.status_code == 404
    assert r.headers["Access-Control-Allow-Origin"] == "http://localhost:5173"
    assert "x-s3sandbox-diagnosis" in r.headers["Access-Control-Expose-Headers"]


# ---- --cors=buckets (S3-faithful) ---------------------------------------------------------------


def test_buckets_mode_refuses_preflight_to_bucket_without_configuration(faithful):
    s3 = faithful.client()
    name = new_bucket(s3)
    r = preflight(faithful.endpoint, f"/{name}/k", "PUT")
    assert r.status_code == 403
    fields = error_fields(r)
    assert fields["Code"] == "AccessForbidden"
    assert fields["Message"].split(" [s3sandbox: ")[0] == "CORSResponse: CORS is not enabled for this bucket."
    assert "PutBucketCors or start with --cors=permissive" in r.headers["x-s3sandbox-diagnosis"]


def test_buckets_mode_refuses_preflight_to_missing_bucket(faithful):
    r = preflight(faithful.endpoint, "/" + unique_bucket_name("cors") + "/k", "GET")
    assert r.status_code == 403
    fields = error_fields(r)
    assert fields["Code"] == "AccessForbidden"
    assert fields["Message"].split(" [s3sandbox: ")[0] == "CORSResponse: Bucket not found"


def test_buckets_mode_allows_preflight_by_bucket_rules(faithful):
    s3 = faithful.client()
    name = new_bucket(s3, SITE_RULES)
    r = preflight(faithful.endpoint, f"/{name}/k", "PUT", headers="content-type")
    assert r.status_code == 200
    assert r.headers["Access-Control-Allow-Origin"] == ORIGIN


def test_buckets_mode_sends_no_cors_headers_without_configuration(faithful):
    s3 = faithful.client()
    name = new_bucket(s3)
    s3.put_object(Bucket=name, Key="k", Body=b"hello")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": name, "Key": "k"})
    r = requests.get(url, headers={"Origin": ORIGIN}, timeout=10)
    assert r.status_code == 200
    assert cors_headers(r) == {}


def test_cors_mode_from_environment_is_honoured(start_sandbox, monkeypatch):
    monkeypatch.setenv("S3SANDBOX_CORS", "buckets")
    server = start_sandbox()
    r = preflight(server.endpoint, "/", "GET")
    assert r.status_code == 403
