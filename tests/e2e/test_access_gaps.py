"""Issue #17's remaining access gaps with boto3, two accounts on one server (alice and bob):

- the Owner of listings follows the bucket's Object Ownership, never the requester: each
  object's writer under ObjectWriter, the bucket owner under BucketOwnerEnforced; a multipart
  upload's Initiator is whoever created it (ListObjects V1/V2, ListMultipartUploads, ListParts,
  GetObjectAcl);
- CopyObject and UploadPartCopy need read access to the source: another account's object is
  AccessDenied until its ACL or its bucket's policy allows it;
- x-amz-expected-bucket-owner is compared with the bucket's owner, whoever asks (another
  account, an anonymous request), and uses the same account id as policy principals.
"""
import hashlib
import json

import pytest
import requests
from botocore import UNSIGNED
from botocore.exceptions import ClientError

from conftest import make_client, unique_bucket_name
from two_accounts import ALICE, BOB, alice, bob, server  # noqa: F401 (fixtures)


def account_id(access_key):
    """s3sandbox's 12-digit account id for an access key (app/accounts.cpp)."""
    digest = hashlib.sha256(f"s3sandbox-account:{access_key}".encode()).hexdigest()
    return f"{int(digest[:15], 16) % 10**12:012d}"


def error_of(excinfo):
    err = excinfo.value.response
    return err["Error"]["Code"], err["ResponseMetadata"]["HTTPStatusCode"], \
        err["ResponseMetadata"]["HTTPHeaders"].get("x-s3sandbox-diagnosis", "")


def shared_bucket(alice, bob, ownership):
    """alice's bucket where bob may write (a bucket WRITE grant) and read (a policy)."""
    name = unique_bucket_name("own")
    alice.create_bucket(Bucket=name, ObjectOwnership=ownership)
    bob_id = bob.list_buckets()["Owner"]["ID"]
    alice_id = alice.list_buckets()["Owner"]["ID"]
    if ownership != "BucketOwnerEnforced":
        acl = alice.get_bucket_acl(Bucket=name)
        alice.put_bucket_acl(Bucket=name, AccessControlPolicy={
            "Owner": acl["Owner"],
            "Grants": acl["Grants"] + [
                {"Grantee": {"Type": "CanonicalUser", "ID": bob_id}, "Permission": "WRITE"}]})
    alice.put_bucket_policy(Bucket=name, Policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow",
                       "Principal": {"AWS": f"arn:aws:iam::{account_id(BOB[0])}:root"},
                       "Action": ["s3:PutObject", "s3:ListBucket",
                                  "s3:ListBucketMultipartUploads", "s3:ListMultipartUploadParts",
                                  "s3:AbortMultipartUpload"],
                       "Resource": [f"arn:aws:s3:::{name}", f"arn:aws:s3:::{name}/*"]}]}))
    return name, alice_id, bob_id


def owners_of(listing):
    return {o["Key"]: o["Owner"]["ID"] for o in listing["Contents"]}


def test_listing_owner_is_the_writer_under_object_writer(alice, bob):
    name, alice_id, bob_id = shared_bucket(alice, bob, "ObjectWriter")
    alice.put_object(Bucket=name, Key="a", Body=b"alice's")
    bob.put_object(Bucket=name, Key="b", Body=b"bob's")
    expected = {"a": alice_id, "b": bob_id}
    # The same answer whoever lists: never the requester.
    for client in (alice, bob):
        assert owners_of(client.list_objects(Bucket=name)) == expected
        assert owners_of(client.list_objects_v2(Bucket=name, FetchOwner=True)) == expected
        assert "Owner" not in client.list_objects_v2(Bucket=name)["Contents"][0]
    assert alice.get_object_acl(Bucket=name, Key="b")["Owner"]["ID"] == bob_id
    # bucket-owner-full-control under BucketOwnerPreferred hands the object to the bucket owner.
    alice.put_bucket_ownership_controls(Bucket=name, OwnershipControls={
        "Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]})
    bob.put_object(Bucket=name, Key="c", Body=b"given", ACL="bucket-owner-full-control")
    bob.put_object(Bucket=name, Key="d", Body=b"kept")
    listed = owners_of(alice.list_objects(Bucket=name))
    assert listed["c"] == alice_id and listed["d"] == bob_id
    # BucketOwnerEnforced: the bucket owner owns every object, whoever wrote it.
    alice.put_bucket_ownership_controls(Bucket=name, OwnershipControls={
        "Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})
    assert set(owners_of(bob.list_objects(Bucket=name)).values()) == {alice_id}
    assert alice.get_object_acl(Bucket=name, Key="b")["Owner"]["ID"] == alice_id


def test_multipart_initiator_and_owner(alice, bob):
    name, alice_id, bob_id = shared_bucket(alice, bob, "ObjectWriter")
    up = bob.create_multipart_upload(Bucket=name, Key="m")
    listed = alice.list_multipart_uploads(Bucket=name)["Uploads"]
    assert [(u["Initiator"]["ID"], u["Owner"]["ID"]) for u in listed] == [(bob_id, bob_id)]
    parts = alice.list_parts(Bucket=name, Key="m", UploadId=up["UploadId"])
    assert (parts["Initiator"]["ID"], parts["Owner"]["ID"]) == (bob_id, bob_id)
    alice.put_bucket_ownership_controls(Bucket=name, OwnershipControls={
        "Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})
    parts = bob.list_parts(Bucket=name, Key="m", UploadId=up["UploadId"])
    assert (parts["Initiator"]["ID"], parts["Owner"]["ID"]) == (bob_id, alice_id)
    listed = bob.list_multipart_uploads(Bucket=name)["Uploads"]
    assert [(u["Initiator"]["ID"], u["Owner"]["ID"]) for u in listed] == [(bob_id, alice_id)]
    # The completed object does not carry the upload's initiator along.
    part = bob.upload_part(Bucket=name, Key="m", UploadId=up["UploadId"], PartNumber=1,
                           Body=b"part")
    bob.complete_multipart_upload(Bucket=name, Key="m", UploadId=up["UploadId"],
                                  MultipartUpload={"Parts": [{"PartNumber": 1,
                                                              "ETag": part["ETag"]}]})
    assert owners_of(alice.list_objects(Bucket=name))["m"] == alice_id


def test_copies_need_read_access_to_the_source(alice, bob):
    source = unique_bucket_name("src")
    alice.create_bucket(Bucket=source)
    alice.put_object(Bucket=source, Key="original", Body=b"x" * (5 * 1024 * 1024))
    mine = unique_bucket_name("dst")
    bob.create_bucket(Bucket=mine)
    with pytest.raises(ClientError) as e:
        bob.copy_object(Bucket=mine, Key="c", CopySource={"Bucket": source, "Key": "original"})
    code, status, diagnosis = error_of(e)
    assert (code, status) == ("AccessDenied", 403)
    assert "copy source" in diagnosis and source in diagnosis
    up = bob.create_multipart_upload(Bucket=mine, Key="m")
    with pytest.raises(ClientError) as e:
        bob.upload_part_copy(Bucket=mine, Key="m", UploadId=up["UploadId"], PartNumber=1,
                             CopySource={"Bucket": source, "Key": "original"})
    code, status, diagnosis = error_of(e)
    assert (code, status) == ("AccessDenied", 403)
    assert "copy source" in diagnosis
    assert bob.list_parts(Bucket=mine, Key="m", UploadId=up["UploadId"]).get("Parts", []) == []
    # A policy granting bob s3:GetObject on the source opens both.
    alice.put_bucket_policy(Bucket=source, Policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow",
                       "Principal": {"AWS": f"arn:aws:iam::{account_id(BOB[0])}:root"},
                       "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{source}/*"}]}))
    bob.copy_object(Bucket=mine, Key="c", CopySource={"Bucket": source, "Key": "original"})
    part = bob.upload_part_copy(Bucket=mine, Key="m", UploadId=up["UploadId"], PartNumber=1,
                                CopySource={"Bucket": source, "Key": "original"},
                                CopySourceRange="bytes=0-9")
    assert part["CopyPartResult"]["ETag"] == '"' + hashlib.md5(b"x" * 10).hexdigest() + '"'


def test_expected_bucket_owner_is_the_buckets_owner_for_everyone(alice, bob, server):
    name = unique_bucket_name("exp")
    alice.create_bucket(Bucket=name)
    alice.delete_public_access_block(Bucket=name)
    alice.put_bucket_policy(Bucket=name, Policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                       "Resource": f"arn:aws:s3:::{name}/*"}]}))
    alice.put_object(Bucket=name, Key="k", Body=b"public")
    alices, bobs = account_id(ALICE[0]), account_id(BOB[0])
    assert alice.get_object(Bucket=name, Key="k", ExpectedBucketOwner=alices)["Body"].read() \
        == b"public"
    # Bob naming alice's account: the bucket is hers, so it holds; naming his own does not.
    assert bob.get_object(Bucket=name, Key="k", ExpectedBucketOwner=alices)["Body"].read() \
        == b"public"
    with pytest.raises(ClientError) as e:
        bob.get_object(Bucket=name, Key="k", ExpectedBucketOwner=bobs)
    code, status, diagnosis = error_of(e)
    assert (code, status) == ("AccessDenied", 403)
    assert alices in diagnosis
    # Anonymous requests are checked too.
    anonymous = make_client(server.endpoint, signature_version=UNSIGNED)
    assert anonymous.get_object(Bucket=name, Key="k", ExpectedBucketOwner=alices)["Body"] \
        .read() == b"public"
    with pytest.raises(ClientError) as e:
        anonymous.get_object(Bucket=name, Key="k", ExpectedBucketOwner=bobs)
    assert error_of(e)[:2] == ("AccessDenied", 403)
    r = requests.get(f"{server.endpoint}/{name}/k",
                     headers={"x-amz-expected-bucket-owner": "111122223333"})
    assert r.status_code == 403 and "<Code>AccessDenied</Code>" in r.text
    # The source's owner for copies.
    mine = unique_bucket_name("exp-dst")
    bob.create_bucket(Bucket=mine)
    bob.copy_object(Bucket=mine, Key="c", CopySource={"Bucket": name, "Key": "k"},
                    ExpectedSourceBucketOwner=alices, ExpectedBucketOwner=bobs)
    with pytest.raises(ClientError) as e:
        bob.copy_object(Bucket=mine, Key="c", CopySource={"Bucket": name, "Key": "k"},
                        ExpectedSourceBucketOwner=bobs)
    assert error_of(e)[:2] == ("AccessDenied", 403)
