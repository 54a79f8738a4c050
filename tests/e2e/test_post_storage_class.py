"""POST Object's x-amz-storage-class form field, read as PutObject reads the header: a class S3
knows is stored and reported by HEAD, GET and ListObjectsV2; another is InvalidStorageClass with
nothing written; and a POST policy can constrain it like any field. boto3's
generate_presigned_post, SigV2 (Debian boto3's default) and SigV4, posted with requests."""
import uuid
import xml.etree.ElementTree as ET

import pytest
import requests
from botocore.exceptions import ClientError

from conftest import error_code


@pytest.fixture(scope="module", params=["s3", "s3v4"])
def signer(request, sandbox):
    return sandbox.client(signature_version=request.param)


@pytest.fixture
def forms(s3):
    name = "sc-forms-" + uuid.uuid4().hex[:12]
    s3.create_bucket(Bucket=name)
    return name


def presigned(signer, bucket, key, fields, conditions):
    return signer.generate_presigned_post(Bucket=bucket, Key=key, Fields=fields,
                                          Conditions=conditions, ExpiresIn=300)


def post(form, override=None):
    fields = {**form["fields"], **(override or {})}
    return requests.post(form["url"], data=fields, allow_redirects=False,
                         files={"file": ("f.txt", b"hello", "text/plain")})


def error_of(response):
    return {child.tag: child.text for child in ET.fromstring(response.content)}


def test_the_field_sets_the_class_that_head_get_and_listings_report(signer, s3, forms):
    form = presigned(signer, forms, "cold.txt", {"x-amz-storage-class": "STANDARD_IA"},
                     [{"x-amz-storage-class": "STANDARD_IA"}])
    r = post(form)
    assert r.status_code == 204, r.text
    assert s3.head_object(Bucket=forms, Key="cold.txt")["StorageClass"] == "STANDARD_IA"
    got = s3.get_object(Bucket=forms, Key="cold.txt")
    assert got["StorageClass"] == "STANDARD_IA" and got["Body"].read() == b"hello"
    listed = s3.list_objects_v2(Bucket=forms)["Contents"]
    assert [(o["Key"], o["StorageClass"]) for o in listed] == [("cold.txt", "STANDARD_IA")]


def test_the_policy_constrains_the_class(signer, s3, forms):
    exact = presigned(signer, forms, "a.txt", {"x-amz-storage-class": "GLACIER"},
                      [["eq", "$x-amz-storage-class", "GLACIER"]])
    r = post(exact, {"x-amz-storage-class": "DEEP_ARCHIVE"})
    assert r.status_code == 403, r.text
    error = error_of(r)
    assert error["Code"] == "AccessDenied"
    assert "x-amz-storage-class" in error["Message"]
    with pytest.raises(ClientError):
        s3.head_object(Bucket=forms, Key="a.txt")  # nothing written
    prefix = presigned(signer, forms, "b.txt", {"x-amz-storage-class": "GLACIER_IR"},
                       [["starts-with", "$x-amz-storage-class", "GLACIER"]])
    assert post(prefix).status_code == 204
    assert s3.head_object(Bucket=forms, Key="b.txt")["StorageClass"] == "GLACIER_IR"


def test_an_unknown_class_is_refused_as_put_refuses_it(signer, s3, forms):
    with pytest.raises(ClientError) as put:
        s3.put_object(Bucket=forms, Key="p.txt", Body=b"x", StorageClass="COLD")
    form = presigned(signer, forms, "bad.txt", {"x-amz-storage-class": "COLD"},
                     [["starts-with", "$x-amz-storage-class", ""]])
    r = post(form)
    assert r.status_code == 400, r.text
    assert error_of(r)["Code"] == "InvalidStorageClass" == error_code(put.value)
    assert error_of(r)["StorageClassRequested"] == "COLD"
    assert "x-amz-storage-class" in r.headers["x-s3sandbox-diagnosis"]
    with pytest.raises(ClientError):
        s3.head_object(Bucket=forms, Key="bad.txt")
