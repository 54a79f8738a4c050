"""Bucket tagging and the small rest of issue #17 part 7, with boto3 and the aws CLI:
Put/Get/DeleteBucketTagging with S3's limits, ListBuckets with max-buckets, continuation-token,
prefix and bucket-region (sent as signed raw requests: boto3 1.26 and the Debian aws CLI predate
those parameters), x-amz-bucket-region on HeadBucket.
"""
import hashlib
import re
import urllib.parse

import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from conftest import ACCESS_KEY, REGION, SECRET_KEY, error_code, headers_of, status_of, \
    unique_bucket_name


def signed_get(url):
    request = AWSRequest(method="GET", url=url,
                         headers={"x-amz-content-sha256": hashlib.sha256(b"").hexdigest()})
    SigV4Auth(Credentials(ACCESS_KEY, SECRET_KEY), "s3", REGION).add_auth(request)
    return requests.get(url, headers=dict(request.headers.items()))


def test_bucket_tagging_put_get_delete(s3, bucket, aws):
    with pytest.raises(ClientError) as e:
        s3.get_bucket_tagging(Bucket=bucket)
    assert status_of(e.value) == 404
    assert error_code(e.value) == "NoSuchTagSet"
    put = s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [
        {"Key": "team", "Value": "media"}, {"Key": "env", "Value": "test"}]})
    assert status_of(put) == 204
    assert s3.get_bucket_tagging(Bucket=bucket)["TagSet"] == [
        {"Key": "team", "Value": "media"}, {"Key": "env", "Value": "test"}]
    out = aws("s3api", "get-bucket-tagging", "--bucket", bucket).stdout
    assert '"team"' in out
    aws("s3api", "delete-bucket-tagging", "--bucket", bucket)
    with pytest.raises(ClientError) as e:
        s3.get_bucket_tagging(Bucket=bucket)
    assert error_code(e.value) == "NoSuchTagSet"


def test_bucket_tagging_limits(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [
            {"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}]})
    assert error_code(e.value) == "InvalidTag"
    with pytest.raises(ClientError) as e:
        s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [
            {"Key": f"k{i}", "Value": "v"} for i in range(51)]})
    assert error_code(e.value) == "InvalidTag"
    with pytest.raises(ClientError) as e:
        s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "aws:x", "Value": "v"}]})
    assert error_code(e.value) == "InvalidTag"
    # Fifty tags are fine (objects take ten).
    s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [
        {"Key": f"k{i}", "Value": "v"} for i in range(50)]})
    assert len(s3.get_bucket_tagging(Bucket=bucket)["TagSet"]) == 50


def test_list_buckets_pages_and_filters(sandbox, s3):
    prefix = unique_bucket_name("lb")
    names = sorted(f"{prefix}-{i}" for i in range(5))
    for name in names:
        s3.create_bucket(Bucket=name)
    seen, token = [], None
    while True:
        query = {"max-buckets": "2", "prefix": prefix}
        if token:
            query["continuation-token"] = token
        r = signed_get(f"{sandbox.endpoint}/?{urllib.parse.urlencode(query)}")
        assert r.status_code == 200, r.text
        page = re.findall(r"<Name>([^<]+)</Name>", r.text)
        assert len(page) <= 2
        assert f"<Prefix>{prefix}</Prefix>" in r.text
        assert "<BucketRegion>us-east-1</BucketRegion>" in r.text
        seen += page
        match = re.search(r"<ContinuationToken>([^<]+)</ContinuationToken>", r.text)
        if not match:
            break
        token = match.group(1)
    assert seen == names
    other = signed_get(f"{sandbox.endpoint}/?bucket-region=eu-west-1&prefix={prefix}")
    assert "<Name>" not in other.text
    bad = signed_get(f"{sandbox.endpoint}/?max-buckets=10001")
    assert bad.status_code == 400
    # Without parameters every bucket is listed, as before.
    listed = {b["Name"] for b in s3.list_buckets()["Buckets"]}
    assert set(names) <= listed


def test_head_bucket_names_its_region(s3, bucket):
    assert headers_of(s3.head_bucket(Bucket=bucket))["x-amz-bucket-region"] == "us-east-1"
