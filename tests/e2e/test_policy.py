"""Bucket policies (issue #17 part 3) with boto3, plain requests and unsigned boto3: S3's
validation, a public prefix, another account by ARN, explicit Deny, conditions on the sandbox
clock and on the transport, Block Public Access and the owner's own rights over the policy."""
import json

import pytest
import requests
from botocore import UNSIGNED
from botocore.exceptions import ClientError

from conftest import make_client, unique_bucket_name
from two_accounts import ALICE, BOB, alice, bob, server  # noqa: F401 (fixtures)


def error_of(excinfo):
    err = excinfo.value.response
    return err["Error"]["Code"], err["ResponseMetadata"]["HTTPStatusCode"], \
        err["Error"].get("Message", ""), \
        err["ResponseMetadata"]["HTTPHeaders"].get("x-s3sandbox-diagnosis", "")


def policy(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def public_bucket(s3):
    """A bucket whose Block Public Access lets public policies in and apply."""
    name = unique_bucket_name("pol")
    s3.create_bucket(Bucket=name)
    s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True,
        "BlockPublicPolicy": False, "RestrictPublicBuckets": False})
    return name


def test_put_get_delete_and_status(alice):
    name = unique_bucket_name("pol")
    alice.create_bucket(Bucket=name)
    with pytest.raises(ClientError) as e:
        alice.get_bucket_policy(Bucket=name)
    assert error_of(e)[:2] == ("NoSuchBucketPolicy", 404)
    account_id = "arn:aws:iam::000000000000:root"
    doc = policy({"Effect": "Allow", "Principal": {"AWS": account_id}, "Action": "s3:GetObject",
                  "Resource": f"arn:aws:s3:::{name}/*"})
    alice.put_bucket_policy(Bucket=name, Policy=doc)
    assert json.loads(alice.get_bucket_policy(Bucket=name)["Policy"]) == json.loads(doc)
    assert alice.get_bucket_policy_status(Bucket=name)["PolicyStatus"]["IsPublic"] is False
    alice.delete_bucket_policy(Bucket=name)
    with pytest.raises(ClientError):
        alice.get_bucket_policy(Bucket=name)


@pytest.mark.parametrize("doc, message", [
    ("{not json", "Policies must be valid JSON and the first byte must be '{'"),
    (policy({"Effect": "Allow", "Principal": "*", "Action": "s3:Teleport",
             "Resource": "arn:aws:s3:::BUCKET/*"}), "Policy has invalid action"),
    (policy({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
             "Resource": "arn:aws:s3:::someone-else/*"}), "Policy has invalid resource"),
    (policy({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::BUCKET/*"}),
     "Missing required field Principal"),
    (policy({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
             "Resource": "arn:aws:s3:::BUCKET/*",
             "Condition": {"StringEquals": {"aws:SourceVpc": "vpc-1"}}}),
     "Policy has an invalid condition key"),
])
def test_malformed_policies(alice, doc, message):
    name = unique_bucket_name("pol")
    alice.create_bucket(Bucket=name)
    with pytest.raises(ClientError) as e:
        alice.put_bucket_policy(Bucket=name, Policy=doc.replace("BUCKET", name))
    code, status, msg, diagnosis = error_of(e)
    # S3's message first; the sandbox appends its diagnosis (unless --messages s3).
    assert (code, status, msg.split(" [s3sandbox: ")[0]) == ("MalformedPolicy", 400, message)
    assert msg.startswith(message + " [s3sandbox: ") and diagnosis



def test_public_policy_refused_under_block_public_policy(alice):
    name = unique_bucket_name("pol")
    alice.create_bucket(Bucket=name)
    with pytest.raises(ClientError) as e:
        alice.put_bucket_policy(Bucket=name, Policy=policy(
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
             "Resource": f"arn:aws:s3:::{name}/*"}))
    code, status, _, diagnosis = error_of(e)
    assert (code, status) == ("AccessDenied", 403)
    assert "BlockPublicPolicy" in diagnosis


def test_public_prefix_for_anonymous_clients(alice, server):
    name = public_bucket(alice)
    alice.put_bucket_policy(Bucket=name, Policy=policy(
        {"Sid": "PublicMedia", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
         "Resource": f"arn:aws:s3:::{name}/public/*"}))
    assert alice.get_bucket_policy_status(Bucket=name)["PolicyStatus"]["IsPublic"] is True
    alice.put_object(Bucket=name, Key="public/a.png", Body=b"png")
    alice.put_object(Bucket=name, Key="private/b.png", Body=b"nope")
    assert requests.get(f"{server.endpoint}/{name}/public/a.png").content == b"png"
    r = requests.get(f"http://127.0.0.1:{server.port}/public/a.png",
                     headers={"Host": f"{name}.localhost:{server.port}"})
    assert r.status_code == 200 and r.content == b"png"
    unsigned = make_client(server.endpoint, *ALICE, signature_version=UNSIGNED)
    assert unsigned.get_object(Bucket=name, Key="public/a.png")["Body"].read() == b"png"
    r = requests.get(f"{server.endpoint}/{name}/private/b.png")
    assert r.status_code == 403 and "no policy statement allows it" in \
        r.headers["x-s3sandbox-diagnosis"]
    # RestrictPublicBuckets limits a public policy to the owner's account.
    alice.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True,
        "BlockPublicPolicy": False, "RestrictPublicBuckets": True})
    r = requests.get(f"{server.endpoint}/{name}/public/a.png")
    assert r.status_code == 403 and "RestrictPublicBuckets" in r.headers["x-s3sandbox-diagnosis"]


def test_another_account_by_arn_and_the_405_on_policy_calls(alice, bob):
    name = unique_bucket_name("pol")
    alice.create_bucket(Bucket=name)
    alice.put_object(Bucket=name, Key="k", Body=b"shared")
    with pytest.raises(ClientError):
        bob.get_object(Bucket=name, Key="k")
    # Bob's account id is in the refusal's diagnosis, as the principal to allow.
    with pytest.raises(ClientError) as e:
        bob.get_object(Bucket=name, Key="k")
    diagnosis = error_of(e)[3]
    bob_arn = diagnosis.split('{"AWS": "')[1].split('"')[0]
    assert bob_arn.startswith("arn:aws:iam::") and bob_arn.endswith(":root")
    alice.put_bucket_policy(Bucket=name, Policy=policy(
        {"Effect": "Allow", "Principal": {"AWS": bob_arn},
         "Action": ["s3:GetObject", "s3:ListBucket", "s3:GetBucketPolicy"],
         "Resource": [f"arn:aws:s3:::{name}", f"arn:aws:s3:::{name}/*"]}))
    assert bob.get_object(Bucket=name, Key="k")["Body"].read() == b"shared"
    assert [o["Key"] for o in bob.list_objects_v2(Bucket=name)["Contents"]] == ["k"]
    with pytest.raises(ClientError) as e:
        bob.put_object(Bucket=name, Key="k2", Body=b"x")
    assert error_of(e)[:2] == ("AccessDenied", 403)
    with pytest.raises(ClientError) as e:
        bob.get_bucket_policy(Bucket=name)
    assert error_of(e)[:2] == ("MethodNotAllowed", 405)


def test_explicit_deny_wins_even_for_the_owner_but_not_over_the_policy(alice):
    name = unique_bucket_name("pol")
    alice.create_bucket(Bucket=name)
    alice.put_object(Bucket=name, Key="locked/k", Body=b"x")
    alice.put_bucket_policy(Bucket=name, Policy=policy(
        {"Sid": "NoDeletes", "Effect": "Deny", "Principal": "*", "Action": "s3:Delete*",
         "Resource": f"arn:aws:s3:::{name}/locked/*"},
        {"Sid": "NoPolicyEdits", "Effect": "Deny", "Principal": "*", "Action": "s3:*Policy",
         "Resource": f"arn:aws:s3:::{name}"}))
    with pytest.raises(ClientError) as e:
        alice.delete_object(Bucket=name, Key="locked/k")
    code, status, _, diagnosis = error_of(e)
    assert (code, status) == ("AccessDenied", 403) and "NoDeletes" in diagnosis
    # The owner can always manage the policy itself.
    alice.get_bucket_policy(Bucket=name)
    alice.delete_bucket_policy(Bucket=name)
    alice.delete_object(Bucket=name, Key="locked/k")


def test_conditions_secure_transport_and_sandbox_clock(alice, server):
    name = public_bucket(alice)
    alice.put_object(Bucket=name, Key="k", Body=b"x")
    alice.put_bucket_policy(Bucket=name, Policy=policy(
        {"Sid": "HttpsOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject",
         "Resource": f"arn:aws:s3:::{name}/*",
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
        {"Sid": "Until2030", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
         "Resource": f"arn:aws:s3:::{name}/*",
         "Condition": {"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}}))
    with pytest.raises(ClientError) as e:
        alice.put_object(Bucket=name, Key="k", Body=b"plain http")
    assert "HttpsOnly" in error_of(e)[3]
    assert requests.get(f"{server.endpoint}/{name}/k").status_code == 200
    # Move the sandbox clock past the date: the Allow no longer applies.
    r = requests.post(f"{server.endpoint}/_sandbox/clock", json={"freeze": "2031-01-01T00:00:00Z"})
    assert r.status_code == 200, r.text
    try:
        assert requests.get(f"{server.endpoint}/{name}/k").status_code == 403
    finally:
        requests.post(f"{server.endpoint}/_sandbox/clock", json={"unfreeze": True, "offset": "0s"})
