"""Bucket operations with boto3, checked against S3's documented answers."""
import pytest
from botocore.exceptions import ClientError

from conftest import error_code, headers_of, status_of, unique_bucket_name


def bucket_names(s3):
    return [b["Name"] for b in s3.list_buckets()["Buckets"]]


def test_create_list_head_delete(s3, bucket_name):
    created = s3.create_bucket(Bucket=bucket_name)
    assert status_of(created) == 200
    assert created["Location"] == "/" + bucket_name
    assert bucket_name in bucket_names(s3)
    head = s3.head_bucket(Bucket=bucket_name)
    assert status_of(head) == 200
    assert headers_of(head)["x-amz-bucket-region"] == "us-east-1"
    deleted = s3.delete_bucket(Bucket=bucket_name)
    assert status_of(deleted) == 204
    assert bucket_name not in bucket_names(s3)


def test_list_buckets_has_owner_and_creation_date(s3, bucket):
    listing = s3.list_buckets()
    assert listing["Owner"]["ID"]
    mine = [b for b in listing["Buckets"] if b["Name"] == bucket]
    assert len(mine) == 1
    assert mine[0]["CreationDate"].tzinfo is not None


def test_list_buckets_is_sorted_by_name(s3):
    for name in ("zz-" + unique_bucket_name(), "aa-" + unique_bucket_name()):
        s3.create_bucket(Bucket=name[:63])
    names = bucket_names(s3)
    assert names == sorted(names)


def test_get_bucket_location_of_us_east_1_bucket_is_null(s3, bucket):
    # S3 answers an empty LocationConstraint for us-east-1, which boto3 maps to None.
    assert s3.get_bucket_location(Bucket=bucket)["LocationConstraint"] is None


def test_location_constraint_is_kept(s3, bucket_name):
    s3.create_bucket(Bucket=bucket_name,
                     CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
    assert s3.get_bucket_location(Bucket=bucket_name)["LocationConstraint"] == "eu-central-1"


def test_location_constraint_us_east_1_is_invalid(s3, bucket_name):
    # us-east-1 is the default and may not be named explicitly.
    with pytest.raises(ClientError) as e:
        s3.create_bucket(Bucket=bucket_name,
                         CreateBucketConfiguration={"LocationConstraint": "us-east-1"})
    assert error_code(e.value) == "InvalidLocationConstraint"
    assert status_of(e.value) == 400


def test_recreating_own_bucket_in_us_east_1_succeeds(s3, bucket):
    # Legacy behaviour kept by S3 in us-east-1 only: 200 OK.
    again = s3.create_bucket(Bucket=bucket)
    assert status_of(again) == 200


def test_recreating_own_bucket_elsewhere_is_bucket_already_owned_by_you(start_sandbox):
    s3 = start_sandbox("--region", "eu-west-1").client(region="eu-west-1")
    name = unique_bucket_name()
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert s3.get_bucket_location(Bucket=name)["LocationConstraint"] == "eu-west-1"
    with pytest.raises(ClientError) as e:
        s3.create_bucket(Bucket=name,
                         CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert error_code(e.value) == "BucketAlreadyOwnedByYou"
    assert status_of(e.value) == 409


def test_regional_endpoint_refuses_bucket_without_location_constraint(start_sandbox):
    s3 = start_sandbox("--region", "eu-west-1").client(region="eu-west-1")
    with pytest.raises(ClientError) as e:
        s3.create_bucket(Bucket=unique_bucket_name())
    assert error_code(e.value) == "IllegalLocationConstraintException"
    assert status_of(e.value) == 400


@pytest.mark.parametrize("name", [
    "ab",                 # shorter than 3
    "a" * 64,             # longer than 63
    "UpperCase",
    "under_score",
    "-starts-with-dash",
    "ends-with-dash-",
    "two..dots",
    "192.168.1.1",        # formatted as an IP address
    "xn--punycode-prefix",
    "ends-with-s3alias",
])
def test_invalid_bucket_name(s3, name):
    with pytest.raises(ClientError) as e:
        s3.create_bucket(Bucket=name)
    assert error_code(e.value) == "InvalidBucketName"
    assert status_of(e.value) == 400


@pytest.mark.parametrize("name", ["abc", "a" * 63, "with.dots.ok", "0-digits-first"])
def test_valid_edge_bucket_names(s3, name):
    s3.create_bucket(Bucket=name)
    assert name in bucket_names(s3)
    s3.delete_bucket(Bucket=name)


def test_delete_non_empty_bucket_is_bucket_not_empty(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    with pytest.raises(ClientError) as e:
        s3.delete_bucket(Bucket=bucket)
    assert error_code(e.value) == "BucketNotEmpty"
    assert status_of(e.value) == 409
    assert bucket in bucket_names(s3)


@pytest.mark.parametrize("operation", [
    "list_objects_v2", "list_objects", "put_object", "get_object", "delete_bucket",
    "get_bucket_location",
])
def test_missing_bucket_is_no_such_bucket(s3, bucket_name, operation):
    calls = {
        "list_objects_v2": lambda: s3.list_objects_v2(Bucket=bucket_name),
        "list_objects": lambda: s3.list_objects(Bucket=bucket_name),
        "put_object": lambda: s3.put_object(Bucket=bucket_name, Key="k", Body=b"x"),
        "get_object": lambda: s3.get_object(Bucket=bucket_name, Key="k"),
        "delete_bucket": lambda: s3.delete_bucket(Bucket=bucket_name),
        "get_bucket_location": lambda: s3.get_bucket_location(Bucket=bucket_name),
    }
    with pytest.raises(ClientError) as e:
        calls[operation]()
    assert error_code(e.value) == "NoSuchBucket"
    assert status_of(e.value) == 404
    assert e.value.response["Error"].get("BucketName") == bucket_name


def test_head_missing_bucket_is_404(s3, bucket_name):
    with pytest.raises(ClientError) as e:
        s3.head_bucket(Bucket=bucket_name)
    assert status_of(e.value) == 404
    assert error_code(e.value) == "404"  # HEAD has no body: botocore uses the status
