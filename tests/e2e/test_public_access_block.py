"""Block Public Access (issue #17 part 2) with boto3 and the aws CLI: the 2023 defaults (all
four settings on), Put/Get/Delete, and what each setting blocks."""
import json
import subprocess

import pytest
import requests
from botocore.exceptions import ClientError

from conftest import AWS_CLI, unique_bucket_name

ALL_ON = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
          "RestrictPublicBuckets": True}


def error_of(excinfo):
    err = excinfo.value.response
    return err["Error"]["Code"], err["ResponseMetadata"]["HTTPStatusCode"], \
        err["ResponseMetadata"]["HTTPHeaders"].get("x-s3sandbox-diagnosis", "")


def test_new_buckets_block_everything(s3, bucket):
    assert s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"] == ALL_ON


def test_put_get_delete(s3, bucket):
    config = {"BlockPublicAcls": False, "IgnorePublicAcls": True, "BlockPublicPolicy": False,
              "RestrictPublicBuckets": True}
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=config)
    assert s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"] == config
    s3.delete_public_access_block(Bucket=bucket)
    with pytest.raises(ClientError) as e:
        s3.get_public_access_block(Bucket=bucket)
    assert error_of(e)[:2] == ("NoSuchPublicAccessBlockConfiguration", 404)


def test_missing_elements_are_false(s3, bucket):
    s3.put_public_access_block(Bucket=bucket,
                               PublicAccessBlockConfiguration={"BlockPublicAcls": True})
    assert s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True, "IgnorePublicAcls": False, "BlockPublicPolicy": False,
        "RestrictPublicBuckets": False}


def test_block_public_policy(s3, bucket):
    doc = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket}/*"}]})
    with pytest.raises(ClientError) as e:
        s3.put_bucket_policy(Bucket=bucket, Policy=doc)
    code, status, diagnosis = error_of(e)
    assert (code, status) == ("AccessDenied", 403) and "BlockPublicPolicy" in diagnosis
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={
        **ALL_ON, "BlockPublicPolicy": False})
    s3.put_bucket_policy(Bucket=bucket, Policy=doc)


def test_block_public_acls_on_put_bucket_acl(s3):
    name = unique_bucket_name("bpa")
    s3.create_bucket(Bucket=name, ObjectOwnership="ObjectWriter")
    with pytest.raises(ClientError) as e:
        s3.put_bucket_acl(Bucket=name, ACL="public-read")
    assert error_of(e)[:2] == ("AccessDenied", 403)
    s3.delete_public_access_block(Bucket=name)
    s3.put_bucket_acl(Bucket=name, ACL="public-read")
    grants = s3.get_bucket_acl(Bucket=name)["Grants"]
    assert any(g["Grantee"].get("URI", "").endswith("AllUsers") for g in grants)


def test_aws_cli_round_trip(sandbox, bucket, aws_env):
    def cli(*args):
        return subprocess.run([AWS_CLI, "--endpoint-url", sandbox.endpoint, "s3api", *args],
                              env=aws_env, capture_output=True, text=True, timeout=60)
    r = cli("put-public-access-block", "--bucket", bucket, "--public-access-block-configuration",
            "BlockPublicAcls=false,IgnorePublicAcls=false,BlockPublicPolicy=true,"
            "RestrictPublicBuckets=true")
    assert r.returncode == 0, r.stderr
    r = cli("get-public-access-block", "--bucket", bucket)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": False, "IgnorePublicAcls": False, "BlockPublicPolicy": True,
        "RestrictPublicBuckets": True}
    r = cli("get-bucket-ownership-controls", "--bucket", bucket)
    assert r.returncode == 0 and "BucketOwnerEnforced" in r.stdout, r.stderr
