"""Versioning across access control and events, with boto3: DeleteObjects authorized per key
(s3:DeleteObject, or s3:DeleteObjectVersion with a VersionId, against each object's ARN: a
refused key is an AccessDenied entry of a 200 answer while the others are deleted), object ACLs
per version (GetObjectAcl / PutObjectAcl with VersionId), and s3.object.versionId in event
messages (created, DeleteMarkerCreated, a version removed).
"""
import json

import pytest
import requests
from botocore.exceptions import ClientError

from conftest import unique_bucket_name
from two_accounts import ALICE, BOB, alice, bob, server  # noqa: F401 (fixtures)

ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


def policy(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def versioned_bucket(s3, prefix="ver"):
    name = unique_bucket_name(prefix)
    s3.create_bucket(Bucket=name)
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    return name


def account_arn(client, bucket):
    """The requester's account ARN, as an AccessDenied's diagnosis names it for the policy."""
    with pytest.raises(ClientError) as e:
        client.get_object(Bucket=bucket, Key="no-such-key-for-the-arn")
    diagnosis = e.value.response["ResponseMetadata"]["HTTPHeaders"]["x-s3sandbox-diagnosis"]
    return diagnosis.split('{"AWS": "')[1].split('"')[0]


def test_a_deny_on_delete_object_version_refuses_only_the_versioned_keys(alice, server):
    name = versioned_bucket(alice)
    v_a = alice.put_object(Bucket=name, Key="a", Body=b"1")["VersionId"]
    alice.put_object(Bucket=name, Key="b", Body=b"2")
    alice.put_bucket_policy(Bucket=name, Policy=policy(
        {"Sid": "KeepHistory", "Effect": "Deny", "Principal": "*",
         "Action": "s3:DeleteObjectVersion", "Resource": f"arn:aws:s3:::{name}/*"}))

    got = alice.delete_objects(Bucket=name, Delete={"Objects": [
        {"Key": "a", "VersionId": v_a}, {"Key": "b"}]})
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 200
    (error,) = got["Errors"]
    assert (error["Key"], error["VersionId"], error["Code"]) == ("a", v_a, "AccessDenied")
    assert error["Message"].startswith("Access Denied")
    assert "KeepHistory" in error["Message"]  # the reason, as every refusal gives it
    (deleted,) = got["Deleted"]
    assert deleted["Key"] == "b" and deleted["DeleteMarker"] is True
    # The version refused is still there; the plain key now has a delete marker on top.
    assert alice.get_object(Bucket=name, Key="a", VersionId=v_a)["Body"].read() == b"1"
    with pytest.raises(ClientError) as e:
        alice.head_object(Bucket=name, Key="b")
    assert e.value.response["Error"]["Code"] == "404"

    # Quiet mode lists only the refusal.
    alice.put_object(Bucket=name, Key="c", Body=b"3")
    quiet = alice.delete_objects(Bucket=name, Delete={"Quiet": True, "Objects": [
        {"Key": "a", "VersionId": v_a}, {"Key": "c"}]})
    assert "Deleted" not in quiet
    assert [(e["Key"], e["Code"]) for e in quiet["Errors"]] == [("a", "AccessDenied")]

    # The journal's entry says which key was refused and why.
    entries = requests.get(server.endpoint + "/_sandbox/requests",
                           params={"operation": "DeleteObjects", "bucket": name}).json()
    diagnoses = [e.get("diagnosis") or "" for e in entries["requests"]]
    assert any(f"key 'a' version {v_a}" in d and "KeepHistory" in d for d in diagnoses), diagnoses


def test_a_policy_scoped_to_a_prefix_applies_to_each_key(alice, bob):
    name = versioned_bucket(alice)
    for key in ("tmp/x", "data/y"):
        alice.put_object(Bucket=name, Key=key, Body=b"x")
    alice.put_bucket_policy(Bucket=name, Policy=policy(
        {"Effect": "Allow", "Principal": {"AWS": account_arn(bob, name)},
         "Action": "s3:DeleteObject", "Resource": f"arn:aws:s3:::{name}/tmp/*"}))
    got = bob.delete_objects(Bucket=name, Delete={"Objects": [{"Key": "tmp/x"},
                                                              {"Key": "data/y"}]})
    assert [d["Key"] for d in got["Deleted"]] == ["tmp/x"]
    assert [(e["Key"], e["Code"]) for e in got["Errors"]] == [("data/y", "AccessDenied")]
    assert alice.get_object(Bucket=name, Key="data/y")["Body"].read() == b"x"


def test_object_acls_are_per_version(alice):
    name = versioned_bucket(alice, "acl")
    alice.put_bucket_ownership_controls(Bucket=name, OwnershipControls={
        "Rules": [{"ObjectOwnership": "ObjectWriter"}]})
    alice.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
        "BlockPublicAcls": False, "IgnorePublicAcls": False,
        "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    old = alice.put_object(Bucket=name, Key="k", Body=b"old", ACL="public-read")["VersionId"]
    new = alice.put_object(Bucket=name, Key="k", Body=b"new")["VersionId"]

    got = alice.get_object_acl(Bucket=name, Key="k", VersionId=old)
    assert got["ResponseMetadata"]["HTTPHeaders"]["x-amz-version-id"] == old
    assert any(g["Grantee"].get("URI") == ALL_USERS for g in got["Grants"])
    latest = alice.get_object_acl(Bucket=name, Key="k")
    assert latest["ResponseMetadata"]["HTTPHeaders"]["x-amz-version-id"] == new
    assert not any(g["Grantee"].get("URI") == ALL_USERS for g in latest["Grants"])

    # PutObjectAcl on the old version changes that version only.
    put = alice.put_object_acl(Bucket=name, Key="k", VersionId=old, ACL="private")
    assert put["ResponseMetadata"]["HTTPHeaders"]["x-amz-version-id"] == old
    assert not any(g["Grantee"].get("URI") == ALL_USERS
                   for g in alice.get_object_acl(Bucket=name, Key="k", VersionId=old)["Grants"])
    alice.put_object_acl(Bucket=name, Key="k", VersionId=new, ACL="public-read")
    assert any(g["Grantee"].get("URI") == ALL_USERS
               for g in alice.get_object_acl(Bucket=name, Key="k")["Grants"])

    with pytest.raises(ClientError) as e:
        alice.get_object_acl(Bucket=name, Key="k", VersionId="0" * 32)
    assert e.value.response["Error"]["Code"] == "NoSuchVersion"
    marker = alice.delete_object(Bucket=name, Key="k")["VersionId"]
    with pytest.raises(ClientError) as e:
        alice.get_object_acl(Bucket=name, Key="k", VersionId=marker)
    response = e.value.response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 405
    assert response["Error"]["Code"] == "MethodNotAllowed"
    assert response["ResponseMetadata"]["HTTPHeaders"]["x-amz-delete-marker"] == "true"


def events_of(server, bucket):
    r = requests.get(server.endpoint + "/_sandbox/events", params={"bucket": bucket})
    assert r.status_code == 200, r.text
    return [e for e in r.json()["events"] if e["event"] != "s3:TestEvent"]


def test_event_messages_carry_the_version_id(alice, server):
    name = versioned_bucket(alice, "evt")
    alice.put_bucket_notification_configuration(Bucket=name, NotificationConfiguration={
        "QueueConfigurations": [{"QueueArn": "arn:aws:sqs:us-east-1:123456789012:q",
                                 "Events": ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"]}]})
    v1 = alice.put_object(Bucket=name, Key="k", Body=b"1")["VersionId"]
    marker = alice.delete_object(Bucket=name, Key="k")["VersionId"]
    alice.delete_objects(Bucket=name, Delete={"Objects": [{"Key": "k", "VersionId": v1}]})

    records = [e["message"]["Records"][0] for e in events_of(server, name)]
    got = [(r["eventName"], r["s3"]["object"].get("versionId")) for r in records]
    assert got == [("ObjectCreated:Put", v1), ("ObjectRemoved:DeleteMarkerCreated", marker),
                   ("ObjectRemoved:Delete", v1)]
