"""Accounts, Object Ownership and ACLs (issue #17 parts 1 and 9) with boto3 and plain requests.

Two accounts (alice, the first credential, and bob) on one server: buckets belong to their
creator, the other account is refused unless an ACL grant allows it, and anonymous GETs of
public-read objects work under ObjectWriter with Block Public Access off, in both addressing
styles and unsigned boto3.
"""
import pytest
import requests
from botocore import UNSIGNED
from botocore.exceptions import ClientError

from conftest import make_client, unique_bucket_name
from two_accounts import ALICE, BOB, alice, bob, server  # noqa: F401 (fixtures)


def error_of(excinfo):
    err = excinfo.value.response
    return err["Error"]["Code"], err["ResponseMetadata"]["HTTPStatusCode"], \
        err["ResponseMetadata"]["HTTPHeaders"].get("x-s3sandbox-diagnosis", "")


def open_bucket(s3, name):
    """A bucket where public-read ACLs work: ObjectWriter and Block Public Access off."""
    s3.create_bucket(Bucket=name, ObjectOwnership="ObjectWriter")
    s3.delete_public_access_block(Bucket=name)


def test_owner_ids_are_derived_from_the_access_key(alice, bob):
    name = unique_bucket_name("acct")
    alice.create_bucket(Bucket=name)
    acl = alice.get_bucket_acl(Bucket=name)
    assert len(acl["Owner"]["ID"]) == 64
    assert acl["Owner"]["DisplayName"] == "alice"
    assert acl["Grants"] == [{"Grantee": {"ID": acl["Owner"]["ID"], "DisplayName": "alice",
                                          "Type": "CanonicalUser"},
                              "Permission": "FULL_CONTROL"}]
    assert alice.list_buckets()["Owner"]["ID"] == acl["Owner"]["ID"]
    assert bob.list_buckets()["Owner"]["ID"] != acl["Owner"]["ID"]


def test_other_account_is_refused_with_a_diagnosis(alice, bob):
    name = unique_bucket_name("acct")
    alice.create_bucket(Bucket=name)
    alice.put_object(Bucket=name, Key="k", Body=b"alice's")
    for call in (lambda: bob.get_object(Bucket=name, Key="k"),
                 lambda: bob.put_object(Bucket=name, Key="k", Body=b"bob's"),
                 lambda: bob.list_objects_v2(Bucket=name),
                 lambda: bob.delete_bucket(Bucket=name)):
        with pytest.raises(ClientError) as e:
            call()
        code, status, diagnosis = error_of(e)
        assert (code, status) == ("AccessDenied", 403)
        assert "belongs to account" in diagnosis and "alice" in diagnosis
    assert alice.get_object(Bucket=name, Key="k")["Body"].read() == b"alice's"
    # Each account lists its own buckets only.
    assert name in [b["Name"] for b in alice.list_buckets()["Buckets"]]
    assert name not in [b["Name"] for b in bob.list_buckets()["Buckets"]]


def test_create_bucket_taken_by_another_account(alice, bob):
    name = unique_bucket_name("acct")
    alice.create_bucket(Bucket=name)
    with pytest.raises(ClientError) as e:
        bob.create_bucket(Bucket=name)
    assert error_of(e)[:2] == ("BucketAlreadyExists", 409)
    alice.create_bucket(Bucket=name)  # us-east-1: the owner's re-create is a 200


def test_listing_owner_is_the_bucket_owner(alice):
    name = unique_bucket_name("acct")
    alice.create_bucket(Bucket=name)
    alice.put_object(Bucket=name, Key="k", Body=b"x")
    owner = alice.get_bucket_acl(Bucket=name)["Owner"]["ID"]
    listed = alice.list_objects(Bucket=name)["Contents"][0]["Owner"]
    assert listed["ID"] == owner


def test_bucket_owner_enforced_is_the_default(alice):
    name = unique_bucket_name("own")
    alice.create_bucket(Bucket=name)
    rules = alice.get_bucket_ownership_controls(Bucket=name)["OwnershipControls"]["Rules"]
    assert rules == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    # ACLs other than bucket-owner-full-control are refused on writes...
    for acl in ("public-read", "private"):
        with pytest.raises(ClientError) as e:
            alice.put_object(Bucket=name, Key="k", Body=b"x", ACL=acl)
        code, status, diagnosis = error_of(e)
        assert (code, status) == ("AccessControlListNotSupported", 400)
        assert "BucketOwnerEnforced" in diagnosis and "ObjectWriter" in diagnosis
    with pytest.raises(ClientError) as e:
        alice.create_multipart_upload(Bucket=name, Key="m", ACL="public-read")
    assert error_of(e)[0] == "AccessControlListNotSupported"
    alice.put_object(Bucket=name, Key="k", Body=b"x", ACL="bucket-owner-full-control")
    # ...Put*Acl fail for any ACL, reads show the owner's FULL_CONTROL.
    with pytest.raises(ClientError) as e:
        alice.put_object_acl(Bucket=name, Key="k", ACL="private")
    assert error_of(e)[0] == "AccessControlListNotSupported"
    with pytest.raises(ClientError) as e:
        alice.put_bucket_acl(Bucket=name, ACL="private")
    assert error_of(e)[0] == "AccessControlListNotSupported"
    grants = alice.get_object_acl(Bucket=name, Key="k")["Grants"]
    assert [g["Permission"] for g in grants] == ["FULL_CONTROL"]


def test_create_bucket_acl_under_bucket_owner_enforced(alice):
    alice.create_bucket(Bucket=unique_bucket_name("own"), ACL="private")  # rclone's default
    with pytest.raises(ClientError) as e:
        alice.create_bucket(Bucket=unique_bucket_name("own"), ACL="public-read")
    assert error_of(e)[:2] == ("InvalidBucketAclWithObjectOwnership", 400)


def test_ownership_controls_put_get_delete(alice):
    name = unique_bucket_name("own")
    alice.create_bucket(Bucket=name)
    alice.put_bucket_ownership_controls(
        Bucket=name, OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]})
    rules = alice.get_bucket_ownership_controls(Bucket=name)["OwnershipControls"]["Rules"]
    assert rules == [{"ObjectOwnership": "BucketOwnerPreferred"}]
    alice.delete_bucket_ownership_controls(Bucket=name)
    with pytest.raises(ClientError) as e:
        alice.get_bucket_ownership_controls(Bucket=name)
    assert error_of(e)[:2] == ("OwnershipControlsNotFoundError", 404)


def test_public_read_object_under_object_writer(alice, server):
    name = unique_bucket_name("pub")
    open_bucket(alice, name)
    alice.put_object(Bucket=name, Key="thumb.jpg", Body=b"jpeg bytes", ACL="public-read",
                     ContentType="image/jpeg")
    alice.put_object(Bucket=name, Key="secret.txt", Body=b"secret")
    acl = alice.get_object_acl(Bucket=name, Key="thumb.jpg")
    assert {"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"},
            "Permission": "READ"} in acl["Grants"]
    # Plain HTTP, path style and virtual-hosted style (Host: bucket.localhost).
    r = requests.get(f"{server.endpoint}/{name}/thumb.jpg")
    assert r.status_code == 200 and r.content == b"jpeg bytes"
    r = requests.get(f"http://127.0.0.1:{server.port}/thumb.jpg",
                     headers={"Host": f"{name}.localhost:{server.port}"})
    assert r.status_code == 200 and r.content == b"jpeg bytes"
    # Unsigned boto3.
    unsigned = make_client(server.endpoint, *ALICE, signature_version=UNSIGNED)
    assert unsigned.get_object(Bucket=name, Key="thumb.jpg")["Body"].read() == b"jpeg bytes"
    # Private objects and listings stay closed, with a diagnosis that says what would open them.
    r = requests.get(f"{server.endpoint}/{name}/secret.txt")
    assert r.status_code == 403 and "<Code>AccessDenied</Code>" in r.text
    assert "anonymous" in r.headers["x-s3sandbox-diagnosis"]
    r = requests.get(f"{server.endpoint}/{name}")
    assert r.status_code == 403
    with pytest.raises(ClientError) as e:
        unsigned.put_object(Bucket=name, Key="x", Body=b"x")
    assert error_of(e)[:2] == ("AccessDenied", 403)


def test_public_acl_refused_while_block_public_access_is_on(alice):
    name = unique_bucket_name("pub")
    alice.create_bucket(Bucket=name, ObjectOwnership="ObjectWriter")
    with pytest.raises(ClientError) as e:
        alice.put_object(Bucket=name, Key="k", Body=b"x", ACL="public-read")
    code, status, diagnosis = error_of(e)
    assert (code, status) == ("AccessDenied", 403)
    assert "BlockPublicAcls" in diagnosis


def test_ignore_public_acls_hides_existing_public_grants(alice, server):
    name = unique_bucket_name("pub")
    open_bucket(alice, name)
    alice.put_object(Bucket=name, Key="k", Body=b"x", ACL="public-read")
    assert requests.get(f"{server.endpoint}/{name}/k").status_code == 200
    alice.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
        "BlockPublicAcls": False, "IgnorePublicAcls": True,
        "BlockPublicPolicy": False, "RestrictPublicBuckets": False})
    r = requests.get(f"{server.endpoint}/{name}/k")
    assert r.status_code == 403 and "IgnorePublicAcls" in r.headers["x-s3sandbox-diagnosis"]


def test_grants_to_another_account(alice, bob):
    name = unique_bucket_name("grant")
    alice.create_bucket(Bucket=name, ObjectOwnership="ObjectWriter")
    bob_id = bob.list_buckets()["Owner"]["ID"]
    alice.put_object(Bucket=name, Key="shared", Body=b"for bob",
                     GrantRead=f'id="{bob_id}"')
    assert bob.get_object(Bucket=name, Key="shared")["Body"].read() == b"for bob"
    with pytest.raises(ClientError):
        bob.put_object(Bucket=name, Key="shared", Body=b"no")
    # A bucket WRITE grant lets bob upload; under ObjectWriter he owns what he writes.
    alice_acl = alice.get_bucket_acl(Bucket=name)
    alice.put_bucket_acl(Bucket=name, AccessControlPolicy={
        "Owner": alice_acl["Owner"],
        "Grants": alice_acl["Grants"] + [
            {"Grantee": {"Type": "CanonicalUser", "ID": bob_id}, "Permission": "WRITE"}]})
    bob.put_object(Bucket=name, Key="bobs", Body=b"bob wrote")
    assert bob.get_object_acl(Bucket=name, Key="bobs")["Owner"]["ID"] == bob_id
    grants = alice.get_bucket_acl(Bucket=name)["Grants"]
    assert {"Grantee": {"Type": "CanonicalUser", "ID": bob_id, "DisplayName": "bob"},
            "Permission": "WRITE"} in grants


def test_canned_acl_on_copy_and_multipart(alice, server):
    name = unique_bucket_name("pub")
    open_bucket(alice, name)
    alice.put_object(Bucket=name, Key="src", Body=b"copied")
    alice.copy_object(Bucket=name, Key="copy", CopySource={"Bucket": name, "Key": "src"},
                      ACL="public-read")
    assert requests.get(f"{server.endpoint}/{name}/copy").content == b"copied"
    up = alice.create_multipart_upload(Bucket=name, Key="mp", ACL="public-read")
    part = alice.upload_part(Bucket=name, Key="mp", UploadId=up["UploadId"], PartNumber=1,
                             Body=b"multi")
    alice.complete_multipart_upload(Bucket=name, Key="mp", UploadId=up["UploadId"],
                                    MultipartUpload={"Parts": [{"PartNumber": 1,
                                                                "ETag": part["ETag"]}]})
    assert requests.get(f"{server.endpoint}/{name}/mp").content == b"multi"
    # PutObjectAcl back to private closes it.
    alice.put_object_acl(Bucket=name, Key="mp", ACL="private")
    assert requests.get(f"{server.endpoint}/{name}/mp").status_code == 403


def test_unsigned_request_to_missing_bucket_is_no_such_bucket(server):
    r = requests.get(f"{server.endpoint}/{unique_bucket_name('none')}/k")
    assert r.status_code == 404 and "<Code>NoSuchBucket</Code>" in r.text
