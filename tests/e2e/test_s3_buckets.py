"""Bucket operations with boto3, checked against S3's documented answers."""
import uuid

import pytest
from botocore.exceptions import ClientError

from conftest import error_code, status_of


def new_name():
    return "bk-" + uuid.uuid4().hex[:16]


def test_create_list_head_delete(s3):
    name = new_name()
    created = s3.create_bucket(Bucket=name)
    assert created["Location"] == "/" + name
    assert name in [b["Name"] for b in s3.list_buckets()["Buckets"]]
    head = s3.head_bucket(Bucket=name)
    assert head["ResponseMetadata"]["HTTPHeaders"]["x-amz-bucket-region"] == "us-east-1"
    assert s3.get_bucket_location(Bucket=name)["LocationConstraint"] is None
    s3.delete_bucket(Bucket=name)
    assert name not in [b["Name"] for b in s3.list_buckets()["Buckets"]]


def test_recreating_own_bucket_in_us_east_1_succeeds(s3):
    # S3 keeps this legacy behaviour in us-east-1 only; elsewhere BucketAlreadyOwnedByYou.
    name = new_name()
    s3.create_bucket(Bucket=name)
    s3.create_bucket(Bucket=name)


def test_recreating_own_bucket_elsewhere_is_bucket_already_owned_by_you(start_sandbox):
    sandbox = start_sandbox("--region", "eu-west-1")
    s3 = sandbox.client(region="eu-west-1")
    name = new_name()
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert s3.get_bucket_location(Bucket=name)["LocationConstraint"] == "eu-west-1"
    with pytest.raises(ClientError) as e:
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert error_code(e.value) == "BucketAlreadyOwnedByYou"
    assert status_of(e.value) == 409
    with pytest.raises(ClientError) as e:
        s3.create_bucket(Bucket=new_name())  # no LocationConstraint on a regional endpoint
    assert error_code(e.value) == "IllegalLocationConstraintException"


def test_location_constraint_is_kept(s3):
    name = new_name()
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
    assert s3.get_bucket_location(Bucket=name)["LocationConstraint"] == "eu-central-1"


@pytest.mark.parametrize("name", ["ab", "UpperCase", "under_score", "-start", "a" * 64,
                                  "192.168.1.1", "two..dots"])
def test_invalid_bucket_names(s3, name):
    with pytest.raises(ClientError) as e:
        s3.create_bucket(Bucket=name)
    assert error_code(e.value) == "InvalidBucketName"
    assert status_of(e.value) == 400


def test_delete_non_empty_bucket_is_bucket_not_empty(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    with pytest.raises(ClientError) as e:
        s3.delete_bucket(Bucket=bucket)
    assert error_code(e.value) == "BucketNotEmpty"
    assert status_of(e.value) == 409


def test_missing_bucket_is_no_such_bucket(s3):
    name = new_name()
    for call in (lambda: s3.list_objects_v2(Bucket=name),
                 lambda: s3.put_object(Bucket=name, Key="k", Body=b"x"),
                 lambda: s3.delete_bucket(Bucket=name),
                 lambda: s3.get_bucket_location(Bucket=name)):
        with pytest.raises(ClientError) as e:
            call()
        assert error_code(e.value) == "NoSuchBucket"
        assert status_of(e.value) == 404
    with pytest.raises(ClientError) as e:
        s3.head_bucket(Bucket=name)
    assert status_of(e.value) == 404
