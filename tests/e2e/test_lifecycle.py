"""Bucket lifecycle on the sandbox clock (issue #17 part 6), with boto3 and the aws CLI:
Put/Get/DeleteBucketLifecycleConfiguration with S3's validation errors, x-amz-expiration on the
objects a rule covers (boto3's `Expiration`), and the cleanup itself: advancing the sandbox
clock two days (POST /_sandbox/clock) runs the rules before it answers, so a 1-day rule's objects
and an abandoned multipart upload are gone, each removal in the request journal.

The clock is moved forward and back again: requests are signed with the real time, and S3 (so
the sandbox) refuses a signature more than 15 minutes off its clock."""
import json

import pytest
import requests
from botocore.exceptions import ClientError

from conftest import error_code, headers_of, status_of

ONE_DAY_TMP = {"Rules": [
    {"ID": "tmp-1d", "Filter": {"Prefix": "tmp/"}, "Status": "Enabled",
     "Expiration": {"Days": 1}},
    {"ID": "abandoned-uploads", "Filter": {"Prefix": ""}, "Status": "Enabled",
     "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1}},
]}


def move_clock(sandbox, advance):
    r = requests.post(sandbox.endpoint + "/_sandbox/clock", json={"advance": advance})
    assert r.status_code == 200, r.text
    return r.json()


def journal(sandbox, **params):
    r = requests.get(sandbox.endpoint + "/_sandbox/requests", params=params)
    assert r.status_code == 200, r.text
    return r.json()["requests"]


def test_put_get_delete_configuration(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.get_bucket_lifecycle_configuration(Bucket=bucket)
    assert status_of(e.value) == 404
    assert error_code(e.value) == "NoSuchLifecycleConfiguration"

    put = s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration=ONE_DAY_TMP)
    assert status_of(put) == 200
    assert headers_of(put)["x-amz-transition-default-minimum-object-size"] == \
        "all_storage_classes_128K"
    got = s3.get_bucket_lifecycle_configuration(Bucket=bucket)
    assert [r["ID"] for r in got["Rules"]] == ["tmp-1d", "abandoned-uploads"]
    assert got["Rules"][0]["Filter"] == {"Prefix": "tmp/"}
    assert got["Rules"][0]["Expiration"] == {"Days": 1}
    assert got["Rules"][1]["AbortIncompleteMultipartUpload"] == {"DaysAfterInitiation": 1}

    deleted = s3.delete_bucket_lifecycle(Bucket=bucket)
    assert status_of(deleted) == 204
    with pytest.raises(ClientError) as e:
        s3.get_bucket_lifecycle_configuration(Bucket=bucket)
    assert error_code(e.value) == "NoSuchLifecycleConfiguration"


def test_rules_without_an_id_get_one_and_transitions_are_kept(s3, bucket):
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [
        {"Filter": {"And": {"Prefix": "logs/", "Tags": [{"Key": "k", "Value": "v"}],
                            "ObjectSizeGreaterThan": 100}},
         "Status": "Disabled",
         "Transitions": [{"Days": 30, "StorageClass": "GLACIER"}],
         "Expiration": {"Days": 365}}]})
    rule = s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"][0]
    assert len(rule["ID"]) > 0
    assert rule["Status"] == "Disabled"
    assert rule["Filter"]["And"]["Prefix"] == "logs/"
    assert rule["Filter"]["And"]["ObjectSizeGreaterThan"] == 100
    assert rule["Transitions"] == [{"Days": 30, "StorageClass": "GLACIER"}]
    assert rule["Expiration"] == {"Days": 365}


@pytest.mark.parametrize("rule, code, message", [
    ({"ID": "x", "Filter": {}, "Status": "Enabled", "Expiration": {"Days": 0}},
     "InvalidArgument", "'Days' for Expiration action must be a positive integer"),
    ({"ID": "x", "Filter": {}, "Status": "Enabled",
      "Expiration": {"Date": "2030-01-01T12:00:00Z"}},
     "InvalidArgument", "'Date' must be at midnight GMT"),
    ({"ID": "x" * 256, "Filter": {}, "Status": "Enabled", "Expiration": {"Days": 1}},
     "InvalidArgument", "ID length should not exceed allowed limit of 255"),
    ({"ID": "x", "Filter": {"Prefix": "a", "ObjectSizeGreaterThan": 5}, "Status": "Enabled",
      "Expiration": {"Days": 1}},
     "MalformedXML", None),
    ({"ID": "x", "Filter": {}, "Status": "Enabled",
      "Expiration": {"Days": 1, "ExpiredObjectDeleteMarker": True}},
     "InvalidArgument", "ExpiredObjectDeleteMarker cannot be specified with Days or Date"),
    ({"ID": "x", "Filter": {}, "Status": "Enabled"},
     "InvalidRequest", "At least one action needs to be specified in a rule."),
])
def test_validation_errors(s3, bucket, rule, code, message):
    with pytest.raises(ClientError) as e:
        s3.put_bucket_lifecycle_configuration(Bucket=bucket,
                                              LifecycleConfiguration={"Rules": [rule]})
    assert status_of(e.value) == 400
    assert error_code(e.value) == code
    if message:
        assert e.value.response["Error"]["Message"].startswith(message)
    # Nothing was stored.
    with pytest.raises(ClientError) as e:
        s3.get_bucket_lifecycle_configuration(Bucket=bucket)
    assert error_code(e.value) == "NoSuchLifecycleConfiguration"


def test_duplicate_rule_ids(s3, bucket):
    rule = {"ID": "same", "Filter": {}, "Status": "Enabled", "Expiration": {"Days": 1}}
    with pytest.raises(ClientError) as e:
        s3.put_bucket_lifecycle_configuration(Bucket=bucket,
                                              LifecycleConfiguration={"Rules": [rule, rule]})
    assert error_code(e.value) == "InvalidArgument"
    assert "Rule ID must be unique" in e.value.response["Error"]["Message"]


def test_one_day_rule_and_clock_advance(sandbox, s3, bucket):
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration=ONE_DAY_TMP)
    put = s3.put_object(Bucket=bucket, Key="tmp/scratch.bin", Body=b"scratch")
    assert 'rule-id="tmp-1d"' in put["Expiration"]
    assert put["Expiration"].startswith('expiry-date="')
    head = s3.head_object(Bucket=bucket, Key="tmp/scratch.bin")
    assert head["Expiration"] == put["Expiration"]
    assert s3.get_object(Bucket=bucket, Key="tmp/scratch.bin")["Expiration"] == put["Expiration"]
    kept = s3.put_object(Bucket=bucket, Key="keep/original.jpg", Body=b"keep")
    assert "Expiration" not in kept
    upload = s3.create_multipart_upload(Bucket=bucket, Key="big/video.mp4")
    assert upload["AbortRuleId"] == "abandoned-uploads"
    assert upload["AbortDate"] is not None

    # One day on: not yet (S3 rounds up to the next midnight UTC after creation + 1 day).
    move_clock(sandbox, "+86400s")
    move_clock(sandbox, "-86400s")
    assert s3.head_object(Bucket=bucket, Key="tmp/scratch.bin")["ContentLength"] == 7

    # Two days on: the clock's answer says what the rules removed, and it is gone.
    state = move_clock(sandbox, "+172800s")
    assert state["lifecycle"]["expired"] >= 1
    assert state["lifecycle"]["aborted"] >= 1
    move_clock(sandbox, "-172800s")
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=bucket, Key="tmp/scratch.bin")
    assert status_of(e.value) == 404
    assert s3.get_object(Bucket=bucket, Key="keep/original.jpg")["Body"].read() == b"keep"
    assert "Uploads" not in s3.list_multipart_uploads(Bucket=bucket)
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
    assert keys == ["keep/original.jpg"]

    expired = journal(sandbox, bucket=bucket, operation="Lifecycle.Expiration")
    assert [e["key"] for e in expired] == ["tmp/scratch.bin"]
    assert "tmp-1d" in expired[0]["diagnosis"]
    aborted = journal(sandbox, bucket=bucket, operation="Lifecycle.AbortIncompleteMultipartUpload")
    assert [e["key"] for e in aborted] == ["big/video.mp4"]


def test_aws_cli_put_bucket_lifecycle_configuration(s3, bucket, aws, tmp_path):
    config = tmp_path / "lifecycle.json"
    config.write_text(json.dumps({"Rules": [
        {"ID": "cli-rule", "Filter": {"Prefix": "cache/"}, "Status": "Enabled",
         "Expiration": {"Days": 7}}]}))
    aws("s3api", "put-bucket-lifecycle-configuration", "--bucket", bucket,
        "--lifecycle-configuration", f"file://{config}")
    out = json.loads(aws("s3api", "get-bucket-lifecycle-configuration", "--bucket", bucket).stdout)
    assert out["Rules"][0]["ID"] == "cli-rule"
    assert out["Rules"][0]["Expiration"] == {"Days": 7}
    bad = aws("s3api", "put-bucket-lifecycle-configuration", "--bucket", bucket,
              "--lifecycle-configuration",
              json.dumps({"Rules": [{"ID": "x", "Filter": {}, "Status": "Enabled",
                                     "Expiration": {"Days": -1}}]}), check=False)
    assert bad.returncode != 0
    assert "InvalidArgument" in bad.stderr


# A rule's actions against each other: an object expires after it transitions (current and
# noncurrent versions), and a rule counts in Days or falls on Dates, not both. S3 documents the
# rules but not its messages: the messages are s3sandbox's (src/xml/lifecycle_order.cpp).
@pytest.mark.parametrize("rule, code, message, why", [
    ({"Transitions": [{"Days": 90, "StorageClass": "GLACIER"}], "Expiration": {"Days": 90}},
     "InvalidArgument",
     "'Days' in the Expiration action must be greater than 'Days' in the Transition action",
     "after 90 days but moves them to GLACIER after 90"),
    ({"NoncurrentVersionTransitions": [{"NoncurrentDays": 30, "StorageClass": "STANDARD_IA"}],
      "NoncurrentVersionExpiration": {"NoncurrentDays": 7}},
     "InvalidArgument",
     "'NoncurrentDays' in the NoncurrentVersionExpiration action must be greater than "
     "'NoncurrentDays' in the NoncurrentVersionTransition action",
     "expires noncurrent versions after 7 days"),
    ({"Transitions": [{"Date": "2031-01-01T00:00:00Z", "StorageClass": "GLACIER"}],
      "Expiration": {"Date": "2031-01-01T00:00:00Z"}},
     "InvalidArgument",
     "'Date' in the Expiration action must be later than 'Date' in the Transition action",
     "on 2031-01-01"),
    ({"Transitions": [{"Days": 30, "StorageClass": "GLACIER"}],
      "Expiration": {"Date": "2031-01-01T00:00:00Z"}},
     "InvalidRequest",
     "Found mixed 'Date' and 'Days' based Expiration and Transition actions in lifecycle rule",
     "split it into two rules"),
    ({"Transitions": [{"Days": 10, "StorageClass": "ONEZONE_IA"}]},
     "InvalidArgument",
     "'Days' in Transition action must be greater than or equal to 30 for storageClass "
     "'ONEZONE_IA'", "30 days"),
], ids=["expiration-days", "noncurrent-days", "dates", "mixed", "onezone-ia"])
def test_actions_out_of_order_are_refused(s3, bucket, rule, code, message, why):
    with pytest.raises(ClientError) as e:
        s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [
            {"ID": "r", "Filter": {"Prefix": "logs/"}, "Status": "Enabled", **rule}]})
    assert status_of(e.value) == 400
    assert error_code(e.value) == code
    assert e.value.response["Error"]["Message"].startswith(message)
    assert why in headers_of(e.value)["x-s3sandbox-diagnosis"]
    with pytest.raises(ClientError) as none:
        s3.get_bucket_lifecycle_configuration(Bucket=bucket)  # nothing stored
    assert error_code(none.value) == "NoSuchLifecycleConfiguration"
