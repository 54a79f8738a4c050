"""Object tagging with boto3 and the aws CLI: Put/Get/DeleteObjectTagging, x-amz-tagging on
PutObject, CreateMultipartUpload, CopyObject (x-amz-tagging-directive) and POST Object, the
x-amz-tagging-count header, S3's limits and errors, and presigned PUTs that carry tags (boto3
signs the x-amz-tagging header; aws-sdk-js v3 puts it in the query: tests/e2e/js/tagging.test.mjs).
"""
import json

import pytest
import requests
from botocore.exceptions import ClientError

from conftest import error_code, headers_of, status_of


def tags_of(s3, bucket, key):
    return {t["Key"]: t["Value"] for t in s3.get_object_tagging(Bucket=bucket, Key=key)["TagSet"]}


def test_put_get_delete_object_tagging(s3, bucket):
    s3.put_object(Bucket=bucket, Key="cat.jpg", Body=b"meow")
    before = s3.head_object(Bucket=bucket, Key="cat.jpg")
    assert s3.get_object_tagging(Bucket=bucket, Key="cat.jpg")["TagSet"] == []
    assert "x-amz-tagging-count" not in headers_of(before)

    s3.put_object_tagging(Bucket=bucket, Key="cat.jpg", Tagging={"TagSet": [
        {"Key": "kind", "Value": "thumbnail"}, {"Key": "size", "Value": "128 px"}]})
    assert tags_of(s3, bucket, "cat.jpg") == {"kind": "thumbnail", "size": "128 px"}
    after = s3.head_object(Bucket=bucket, Key="cat.jpg")
    assert headers_of(after)["x-amz-tagging-count"] == "2"
    assert s3.get_object(Bucket=bucket, Key="cat.jpg")["TagCount"] == 2
    # Tags are not part of the object's data: ETag and Last-Modified stay.
    assert after["ETag"] == before["ETag"]
    assert after["LastModified"] == before["LastModified"]

    deleted = s3.delete_object_tagging(Bucket=bucket, Key="cat.jpg")
    assert status_of(deleted) == 204
    assert s3.get_object_tagging(Bucket=bucket, Key="cat.jpg")["TagSet"] == []


def test_put_object_with_tagging_header_and_overwrite_replaces_tags(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"1", Tagging="a=1&b=two%20words")
    assert tags_of(s3, bucket, "k") == {"a": "1", "b": "two words"}
    s3.put_object(Bucket=bucket, Key="k", Body=b"2")
    assert tags_of(s3, bucket, "k") == {}


def test_tags_go_with_a_deleted_object(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"1", Tagging="a=1")
    s3.delete_object(Bucket=bucket, Key="k")
    s3.put_object(Bucket=bucket, Key="k", Body=b"1")
    assert tags_of(s3, bucket, "k") == {}


def test_tagging_of_a_missing_object_is_no_such_key(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.get_object_tagging(Bucket=bucket, Key="nope")
    assert error_code(e.value) == "NoSuchKey"
    with pytest.raises(ClientError) as e:
        s3.put_object_tagging(Bucket=bucket, Key="nope",
                              Tagging={"TagSet": [{"Key": "a", "Value": "b"}]})
    assert error_code(e.value) == "NoSuchKey"


def test_multipart_upload_carries_its_tags_to_the_object(s3, bucket):
    up = s3.create_multipart_upload(Bucket=bucket, Key="mp", Tagging="stage=raw")
    part = s3.upload_part(Bucket=bucket, Key="mp", UploadId=up["UploadId"], PartNumber=1,
                          Body=b"only part")
    s3.complete_multipart_upload(Bucket=bucket, Key="mp", UploadId=up["UploadId"],
                                 MultipartUpload={"Parts": [{"PartNumber": 1,
                                                             "ETag": part["ETag"]}]})
    assert tags_of(s3, bucket, "mp") == {"stage": "raw"}


def test_copy_object_copies_or_replaces_tags(s3, bucket):
    s3.put_object(Bucket=bucket, Key="src", Body=b"x", Tagging="origin=upload")
    s3.copy_object(Bucket=bucket, Key="copied", CopySource={"Bucket": bucket, "Key": "src"})
    assert tags_of(s3, bucket, "copied") == {"origin": "upload"}
    s3.copy_object(Bucket=bucket, Key="replaced", CopySource={"Bucket": bucket, "Key": "src"},
                   TaggingDirective="REPLACE", Tagging="origin=copy")
    assert tags_of(s3, bucket, "replaced") == {"origin": "copy"}
    s3.copy_object(Bucket=bucket, Key="cleared", CopySource={"Bucket": bucket, "Key": "src"},
                   TaggingDirective="REPLACE")
    assert tags_of(s3, bucket, "cleared") == {}


def test_more_than_ten_tags_is_bad_request(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"1")
    with pytest.raises(ClientError) as e:
        s3.put_object_tagging(Bucket=bucket, Key="k", Tagging={"TagSet": [
            {"Key": f"k{i}", "Value": "v"} for i in range(11)]})
    assert status_of(e.value) == 400
    assert error_code(e.value) == "BadRequest"
    assert e.value.response["Error"]["Message"].split(" [s3sandbox: ")[0] == "Object tags cannot be greater than 10"
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="k2", Body=b"1",
                      Tagging="&".join(f"k{i}=v" for i in range(11)))
    assert error_code(e.value) == "BadRequest"
    assert "k2" not in [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]


@pytest.mark.parametrize("tag_set, message", [
    ([{"Key": "k" * 129, "Value": "v"}], "The TagKey you have provided is invalid"),
    ([{"Key": "k", "Value": "v" * 257}], "The TagValue you have provided is invalid"),
    ([{"Key": "k", "Value": "a"}, {"Key": "k", "Value": "b"}],
     "Cannot provide multiple Tags with the same key"),
])
def test_invalid_tags_are_invalid_tag(s3, bucket, tag_set, message):
    s3.put_object(Bucket=bucket, Key="k", Body=b"1", Tagging="keep=me")
    with pytest.raises(ClientError) as e:
        s3.put_object_tagging(Bucket=bucket, Key="k", Tagging={"TagSet": tag_set})
    assert status_of(e.value) == 400
    assert error_code(e.value) == "InvalidTag"
    assert e.value.response["Error"]["Message"].split(" [s3sandbox: ")[0] == message
    assert tags_of(s3, bucket, "k") == {"keep": "me"}  # nothing half-written


def test_unicode_keys_count_characters_not_bytes(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"1")
    key = "é" * 128  # 256 bytes, 128 characters: allowed
    s3.put_object_tagging(Bucket=bucket, Key="k", Tagging={"TagSet": [{"Key": key, "Value": "v"}]})
    assert tags_of(s3, bucket, "k") == {key: "v"}


def test_malformed_tagging_document_is_malformed_xml(sandbox, s3, bucket):
    # boto3 only sends well-formed documents: sign a hand-made one with botocore's SigV4 signer.
    from botocore.auth import S3SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    from conftest import ACCESS_KEY, SECRET_KEY

    s3.put_object(Bucket=bucket, Key="k", Body=b"1", Tagging="keep=me")
    body = b"<Tagging><NoTagSet/></Tagging>"
    request = AWSRequest(method="PUT", url=f"{sandbox.endpoint}/{bucket}/k?tagging", data=body)
    S3SigV4Auth(Credentials(ACCESS_KEY, SECRET_KEY), "s3", "us-east-1").add_auth(request)
    r = requests.put(request.url, data=body, headers=dict(request.headers))
    assert r.status_code == 400, r.text
    assert "<Code>MalformedXML</Code>" in r.text
    assert tags_of(s3, bucket, "k") == {"keep": "me"}


def test_presigned_put_with_signed_tagging_header(sandbox, s3, bucket):
    # boto3's SigV4 presigner signs x-amz-tagging as a header (listed in X-Amz-SignedHeaders):
    # the upload must send it, with the signed value.
    signer = sandbox.client(signature_version="s3v4")
    url = signer.generate_presigned_url("put_object", Params={
        "Bucket": bucket, "Key": "up.jpg", "Tagging": "source=browser"}, ExpiresIn=60)
    assert "x-amz-tagging" in url.split("X-Amz-SignedHeaders=", 1)[1].split("&", 1)[0]
    refused = requests.put(url, data=b"jpeg")
    assert refused.status_code == 403, refused.text
    wrong = requests.put(url, data=b"jpeg", headers={"x-amz-tagging": "source=elsewhere"})
    assert wrong.status_code == 403, wrong.text
    ok = requests.put(url, data=b"jpeg", headers={"x-amz-tagging": "source=browser"})
    assert ok.status_code == 200, ok.text
    assert tags_of(s3, bucket, "up.jpg") == {"source": "browser"}


def test_sigv2_presigned_put_carries_tags_in_its_signed_query(sandbox, s3, bucket):
    # boto3's SigV2 presigner (Debian boto3's default) moves x-amz-tagging into the query, where
    # the signature covers it: the upload needs no header, and a changed value is refused.
    signer = sandbox.client(signature_version="s3")
    url = signer.generate_presigned_url("put_object", Params={
        "Bucket": bucket, "Key": "v2.jpg", "Tagging": "source=browser"}, ExpiresIn=60)
    assert "x-amz-tagging=source%3Dbrowser" in url
    tampered = requests.put(url.replace("source%3Dbrowser", "source%3Devil"), data=b"jpeg")
    assert tampered.status_code == 403, tampered.text
    ok = requests.put(url, data=b"jpeg")
    assert ok.status_code == 200, ok.text
    assert tags_of(s3, bucket, "v2.jpg") == {"source": "browser"}


def test_tags_in_a_presigned_query_are_applied(sandbox, s3, bucket):
    # aws-sdk-js v3 and the Java v2 presigner hoist x-amz-tagging into the signed query string
    # instead of a header; botocore's query signer makes the same shape from such a URL.
    from urllib.parse import quote

    from botocore.auth import S3SigV4QueryAuth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    from conftest import ACCESS_KEY, SECRET_KEY

    request = AWSRequest(method="PUT", url=f"{sandbox.endpoint}/{bucket}/q.jpg?x-amz-tagging="
                         + quote("source=js&step=1", safe=""))
    S3SigV4QueryAuth(Credentials(ACCESS_KEY, SECRET_KEY), "s3", "us-east-1",
                     expires=60).add_auth(request)
    assert "x-amz-tagging=" in request.url
    r = requests.put(request.url, data=b"jpeg")
    assert r.status_code == 200, r.text
    assert tags_of(s3, bucket, "q.jpg") == {"source": "js", "step": "1"}


def test_post_object_tagging_field(sandbox, s3, bucket):
    signer = sandbox.client(signature_version="s3v4")
    tagging = ("<Tagging><TagSet><Tag><Key>via</Key><Value>form</Value></Tag></TagSet>"
               "</Tagging>")
    form = signer.generate_presigned_post(Bucket=bucket, Key="form.png",
                                          Fields={"tagging": tagging},
                                          Conditions=[{"tagging": tagging}], ExpiresIn=60)
    r = requests.post(form["url"], data=form["fields"], files={"file": ("f.png", b"png")})
    assert r.status_code == 204, r.text
    assert tags_of(s3, bucket, "form.png") == {"via": "form"}


def test_aws_cli_put_and_get_object_tagging(aws, s3, bucket, tmp_path):
    s3.put_object(Bucket=bucket, Key="cli", Body=b"1")
    aws("s3api", "put-object-tagging", "--bucket", bucket, "--key", "cli",
        "--tagging", "TagSet=[{Key=team,Value=media}]")
    out = json.loads(aws("s3api", "get-object-tagging", "--bucket", bucket, "--key", "cli").stdout)
    assert out["TagSet"] == [{"Key": "team", "Value": "media"}]
    aws("s3api", "delete-object-tagging", "--bucket", bucket, "--key", "cli")
    assert tags_of(s3, bucket, "cli") == {}
