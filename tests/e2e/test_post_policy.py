"""Browser form uploads (POST Object) with boto3's generate_presigned_post, SigV2 (Debian boto3's
default) and SigV4, posted with requests as a browser would post the form."""
import base64
import hashlib
import json
import uuid
import xml.etree.ElementTree as ET

import pytest
import requests
from botocore.exceptions import ClientError

from conftest import error_code

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


@pytest.fixture(scope="module", params=["s3", "s3v4"])
def signer(request, sandbox):
    return sandbox.client(signature_version=request.param)


@pytest.fixture
def uploads(s3):
    name = "forms-" + uuid.uuid4().hex[:12]
    s3.create_bucket(Bucket=name)
    return name


def presigned_post(signer, bucket, conditions=(), fields=None, key="uploads/${filename}", expires=300):
    return signer.generate_presigned_post(
        Bucket=bucket, Key=key, Fields=dict(fields or {}), Conditions=list(conditions),
        ExpiresIn=expires)


def post(form, data=PNG, filename="cat.png", content_type="image/png", extra=None):
    fields = dict(form["fields"])
    fields.update(extra or {})
    return requests.post(form["url"], data=fields, allow_redirects=False,
                         files={"file": (filename, data, content_type)})


def error_of(response):
    root = ET.fromstring(response.content)
    return {child.tag: child.text for child in root}


def test_upload_with_filename_substitution_gives_204(signer, s3, uploads):
    form = presigned_post(signer, uploads, conditions=[["starts-with", "$Content-Type", "image/"]],
                          fields={"Content-Type": "image/png"})
    r = post(form)
    assert r.status_code == 204, r.text
    assert r.headers["ETag"] == '"' + hashlib.md5(PNG).hexdigest() + '"'
    got = s3.get_object(Bucket=uploads, Key="uploads/cat.png")
    assert got["Body"].read() == PNG
    assert got["ContentType"] == "image/png"


def test_success_action_status_201_returns_post_response(signer, s3, uploads):
    form = presigned_post(signer, uploads, conditions=[{"success_action_status": "201"}],
                          fields={"success_action_status": "201"}, key="fixed.png")
    r = post(form)
    assert r.status_code == 201, r.text
    root = ET.fromstring(r.content)
    assert root.tag == "PostResponse"
    assert root.find("Bucket").text == uploads
    assert root.find("Key").text == "fixed.png"
    assert root.find("ETag").text == '"' + hashlib.md5(PNG).hexdigest() + '"'


def test_success_action_redirect_gives_303_with_bucket_key_etag(signer, uploads):
    target = "http://app.example/done"
    form = presigned_post(signer, uploads, conditions=[{"success_action_redirect": target}],
                          fields={"success_action_redirect": target}, key="r.png")
    r = post(form)
    assert r.status_code == 303
    location = r.headers["Location"]
    assert location.startswith(target + "?bucket=" + uploads + "&key=r.png&etag=")


def test_file_one_byte_over_content_length_range_is_entity_too_large(signer, s3, uploads):
    form = presigned_post(signer, uploads, conditions=[["content-length-range", 1, len(PNG)]],
                          key="sized.png")
    assert post(form).status_code == 204
    r = post(form, data=PNG + b"x")
    assert r.status_code == 400
    assert error_of(r)["Code"] == "EntityTooLarge"
    assert s3.head_object(Bucket=uploads, Key="sized.png")["ContentLength"] == len(PNG)


def test_content_type_outside_the_policy_is_refused(signer, s3, uploads):
    form = presigned_post(signer, uploads, conditions=[["starts-with", "$Content-Type", "image/"]],
                          fields={"Content-Type": "image/png"}, key="typed.png")
    r = post(form, extra={"Content-Type": "text/html"})
    assert r.status_code == 403
    error = error_of(r)
    assert error["Code"] == "AccessDenied"
    assert error["Message"].startswith("Invalid according to Policy: Policy Condition failed")
    assert "Content-Type" in r.headers["x-s3sandbox-diagnosis"] or \
        "content-type" in r.headers["x-s3sandbox-diagnosis"].lower()
    assert requests.head(s3.generate_presigned_url(
        "head_object", Params={"Bucket": uploads, "Key": "typed.png"})).status_code == 404


def test_field_not_in_the_policy_is_refused(signer, uploads):
    form = presigned_post(signer, uploads, key="extra.png")
    r = post(form, extra={"x-amz-meta-sneaky": "1"})
    assert r.status_code == 403
    assert "Extra input fields" in error_of(r)["Message"]


def test_tampered_policy_is_refused(signer, uploads):
    form = presigned_post(signer, uploads, key="t.png",
                          conditions=[["content-length-range", 1, 10]])
    policy = json.loads(base64.b64decode(form["fields"]["policy"]))
    policy["conditions"] = [c for c in policy["conditions"]
                            if not (isinstance(c, list) and c[0] == "content-length-range")]
    form["fields"]["policy"] = base64.b64encode(json.dumps(policy).encode()).decode()
    r = post(form)
    assert r.status_code == 403
    assert error_of(r)["Code"] == "SignatureDoesNotMatch"


def test_expired_policy_is_refused(sandbox, signer, uploads):
    form = presigned_post(signer, uploads, key="late.png", expires=60)
    try:
        assert requests.put(sandbox.endpoint + "/_sandbox/clock?offset=%2B2m").status_code == 200
        r = post(form)
        assert r.status_code == 403
        error = error_of(r)
        assert error["Code"] == "AccessDenied"
        assert error["Message"].split(" [s3sandbox: ")[0] == "Invalid according to Policy: Policy expired."
    finally:
        requests.put(sandbox.endpoint + "/_sandbox/clock?offset=0")
    assert post(form).status_code == 204


def signed_fields(signer, bucket, key, fields):
    """A form whose policy names each field exactly, as a browser app signs them."""
    return presigned_post(signer, bucket, key=key, fields=fields,
                          conditions=[{name: value} for name, value in fields.items()])


def test_object_lock_fields_are_refused_as_the_headers_are(signer, s3, uploads):
    fields = {"x-amz-object-lock-mode": "GOVERNANCE",
              "x-amz-object-lock-retain-until-date": "2030-01-01T00:00:00Z"}
    r = post(signed_fields(signer, uploads, "locked.png", fields))
    assert r.status_code == 400, r.text
    error = error_of(r)
    assert error["Code"] == "InvalidRequest"
    assert error["Message"].split(" [s3sandbox: ")[0] == "Bucket is missing ObjectLockConfiguration"
    assert "x-amz-object-lock-mode" in r.headers["x-s3sandbox-diagnosis"]
    assert requests.head(s3.generate_presigned_url(
        "head_object", Params={"Bucket": uploads, "Key": "locked.png"})).status_code == 404


def test_encryption_and_redirect_fields_are_honoured(signer, s3, uploads):
    context = base64.b64encode(b'{"app":"gallery"}').decode()
    fields = {"x-amz-server-side-encryption": "aws:kms",
              "x-amz-server-side-encryption-aws-kms-key-id": "gallery-key",
              "x-amz-server-side-encryption-context": context,
              "x-amz-website-redirect-location": "/gallery/index.html"}
    r = post(signed_fields(signer, uploads, "enc.png", fields))
    assert r.status_code == 204, r.text
    assert r.headers["x-amz-server-side-encryption"] == "aws:kms"
    assert "x-amz-server-side-encryption-context" not in r.headers  # not in S3's POST answer
    head = s3.head_object(Bucket=uploads, Key="enc.png")
    assert head["ServerSideEncryption"] == "aws:kms"
    assert head["SSEKMSKeyId"].endswith(":key/gallery-key")
    assert head["WebsiteRedirectLocation"] == "/gallery/index.html"
    # A bad value is refused as the header would be, and nothing is stored.
    bad = post(signed_fields(signer, uploads, "bad.png",
                             {"x-amz-server-side-encryption": "aws:kms",
                              "x-amz-server-side-encryption-context": "not-a-context"}))
    assert bad.status_code == 400 and error_of(bad)["Code"] == "InvalidArgument"
    plain = post(presigned_post(signer, uploads, key="plain.png"))
    assert plain.headers["x-amz-server-side-encryption"] == "AES256"


def test_sse_c_fields_are_read_not_dropped(signer, s3, uploads):
    """The SSE-C fields are checked as the headers are: over plain HTTP S3 refuses them."""
    key = bytes(range(32))
    fields = {"x-amz-server-side-encryption-customer-algorithm": "AES256",
              "x-amz-server-side-encryption-customer-key": base64.b64encode(key).decode(),
              "x-amz-server-side-encryption-customer-key-MD5":
                  base64.b64encode(hashlib.md5(key).digest()).decode()}
    r = post(signed_fields(signer, uploads, "ssec.png", fields))
    assert r.status_code == 400, r.text
    error = error_of(r)
    assert error["Code"] == "InvalidRequest"
    assert "secure connection" in error["Message"]
    assert "--allow-ssec-over-http" in r.headers["x-s3sandbox-diagnosis"]
    assert requests.head(s3.generate_presigned_url(
        "head_object", Params={"Bucket": uploads, "Key": "ssec.png"})).status_code == 404


# x-amz-storage-class, read as PutObject reads the header: a class S3 knows is stored and
# reported by HEAD, GET and ListObjectsV2; another is InvalidStorageClass with nothing written;
# the policy constrains it like any field.
def test_storage_class_field_is_stored_and_reported(signer, s3, uploads):
    form = presigned_post(signer, uploads, key="cold.png",
                          fields={"x-amz-storage-class": "STANDARD_IA"},
                          conditions=[{"x-amz-storage-class": "STANDARD_IA"}])
    r = post(form)
    assert r.status_code == 204, r.text
    assert s3.head_object(Bucket=uploads, Key="cold.png")["StorageClass"] == "STANDARD_IA"
    got = s3.get_object(Bucket=uploads, Key="cold.png")
    assert got["StorageClass"] == "STANDARD_IA" and got["Body"].read() == PNG
    listed = s3.list_objects_v2(Bucket=uploads)["Contents"]
    assert [(o["Key"], o["StorageClass"]) for o in listed] == [("cold.png", "STANDARD_IA")]


def test_storage_class_field_is_held_by_the_policy(signer, s3, uploads):
    exact = presigned_post(signer, uploads, key="a.png", fields={"x-amz-storage-class": "GLACIER"},
                           conditions=[["eq", "$x-amz-storage-class", "GLACIER"]])
    r = post(exact, extra={"x-amz-storage-class": "DEEP_ARCHIVE"})
    assert r.status_code == 403, r.text
    assert error_of(r)["Code"] == "AccessDenied"
    assert "x-amz-storage-class" in error_of(r)["Message"]
    with pytest.raises(ClientError):
        s3.head_object(Bucket=uploads, Key="a.png")  # nothing written
    prefix = presigned_post(signer, uploads, key="b.png",
                            fields={"x-amz-storage-class": "GLACIER_IR"},
                            conditions=[["starts-with", "$x-amz-storage-class", "GLACIER"]])
    assert post(prefix).status_code == 204
    assert s3.head_object(Bucket=uploads, Key="b.png")["StorageClass"] == "GLACIER_IR"


def test_unknown_storage_class_field_is_refused_as_put_refuses_it(signer, s3, uploads):
    with pytest.raises(ClientError) as put:
        s3.put_object(Bucket=uploads, Key="p.png", Body=b"x", StorageClass="COLD")
    form = presigned_post(signer, uploads, key="bad.png", fields={"x-amz-storage-class": "COLD"},
                          conditions=[["starts-with", "$x-amz-storage-class", ""]])
    r = post(form)
    assert r.status_code == 400, r.text
    assert error_of(r)["Code"] == "InvalidStorageClass" == error_code(put.value)
    assert error_of(r)["StorageClassRequested"] == "COLD"
    assert "x-amz-storage-class" in r.headers["x-s3sandbox-diagnosis"]
    with pytest.raises(ClientError):
        s3.head_object(Bucket=uploads, Key="bad.png")
