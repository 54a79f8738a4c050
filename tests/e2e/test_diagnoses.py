"""Every common mistake, made with a real client, explained where the developer looks: the text
the client prints (boto3's ClientError, the aws CLI's stderr, the <Message> of the body a
presigned URL's fetch gets). One row per mistake; each row is checked three ways:
- the printed text contains the row's key words (what differed),
- it names the fix,
- with --messages s3 the message is S3's exact text (no "[s3sandbox: ...]").
"""
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Callable

import boto3
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import ACCESS_KEY, AWS_CLI, SECRET_KEY, make_client, unique_bucket_name

SIGNATURE = ("The request signature we calculated does not match the signature you provided. "
             "Check your key and signing method.")


def message_of(response):
    """The <Message> of an error document: what curl, fetch() or requests show of a refusal."""
    assert response.status_code >= 400, response.text
    return ET.fromstring(response.content).findtext("Message")


def boto3_text(call):
    """What boto3 prints for a refusal: str(ClientError), and the <Message> it carries."""
    with pytest.raises(ClientError) as refused:
        call()
    return str(refused.value), refused.value.response["Error"]["Message"]


def signer(endpoint, style="path", **kwargs):
    """A boto3 client used only to sign (never sends): any endpoint, any addressing style."""
    params = dict(aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
                  region_name="us-east-1")
    params.update(kwargs)
    return boto3.client("s3", endpoint_url=endpoint, **params,
                        config=Config(signature_version="s3v4", s3={"addressing_style": style},
                                      retries={"total_max_attempts": 1}))


def with_object(sandbox, key="k.txt"):
    s3 = sandbox.client()
    bucket = unique_bucket_name("diag")
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key=key, Body=b"hello")
    return bucket, key


def localhost(sandbox):
    return f"http://localhost:{sandbox.port}"


# Each mistake returns (printed text, message): the text the client shows a developer, and the
# <Message> in it (equal for presigned URLs fetched with requests, where the message is it).

def host_localhost_vs_127(sandbox):
    bucket, key = with_object(sandbox)
    url = signer(localhost(sandbox)).generate_presigned_url(
        "get_object", Params={"Bucket": bucket, "Key": key})
    text = message_of(requests.get(url.replace("localhost", "127.0.0.1", 1)))
    return text, text


def host_missing_port(sandbox):
    bucket, key = with_object(sandbox)
    url = signer("http://localhost").generate_presigned_url(
        "get_object", Params={"Bucket": bucket, "Key": key})
    text = message_of(requests.get(url.replace("http://localhost", localhost(sandbox), 1)))
    return text, text


def wrong_secret_known_default(sandbox):
    s3 = make_client(sandbox.endpoint, secret_key="minioadmin")
    return boto3_text(lambda: s3.list_buckets())


def wrong_secret(sandbox):
    s3 = make_client(sandbox.endpoint, secret_key="not-the-secret")
    return boto3_text(lambda: s3.list_buckets())


def virtual_signed_sent_path_style(sandbox):
    bucket, key = with_object(sandbox)
    url = signer(localhost(sandbox), style="virtual").generate_presigned_url(
        "get_object", Params={"Bucket": bucket, "Key": key})
    assert f"//{bucket}.localhost:" in url
    path_style = url.replace(f"//{bucket}.localhost:{sandbox.port}/",
                             f"//localhost:{sandbox.port}/{bucket}/", 1)
    text = message_of(requests.get(path_style))
    return text, text


def path_signed_sent_virtual_hosted(sandbox):
    bucket, key = with_object(sandbox)
    url = signer(localhost(sandbox)).generate_presigned_url(
        "get_object", Params={"Bucket": bucket, "Key": key})
    virtual = url.replace(f"//localhost:{sandbox.port}/{bucket}/",
                          f"//{bucket}.localhost:{sandbox.port}/", 1)
    # requests resolves bucket.localhost itself on some systems only: connect to 127.0.0.1
    # and send the virtual Host, as a browser does.
    target = virtual.replace(f"//{bucket}.localhost:{sandbox.port}", f"//127.0.0.1:{sandbox.port}")
    text = message_of(requests.get(target,
                                   headers={"Host": f"{bucket}.localhost:{sandbox.port}"}))
    return text, text


def content_type_differs(sandbox):
    bucket, _ = with_object(sandbox)
    url = signer(sandbox.endpoint).generate_presigned_url(
        "put_object", Params={"Bucket": bucket, "Key": "photo", "ContentType": "image/png"})
    text = message_of(requests.put(url, data=b"\xff\xd8", headers={"Content-Type": "image/jpeg"}))
    return text, text


def similar_bucket(sandbox):
    s3 = sandbox.client()
    s3.create_bucket(Bucket="media-uploads")
    return boto3_text(lambda: s3.put_object(Bucket="media_uploads", Key="k", Body=b"x"))


def wrong_region(sandbox):
    bucket, key = with_object(sandbox)
    url = signer(sandbox.endpoint, region_name="eu-west-1").generate_presigned_url(
        "get_object", Params={"Bucket": bucket, "Key": key})
    text = message_of(requests.get(url))
    return text, text


def clock_moved(sandbox):
    s3 = sandbox.client()
    return boto3_text(lambda: s3.list_buckets())


def post_over_content_length_range(sandbox):
    bucket, _ = with_object(sandbox)
    post = sandbox.client().generate_presigned_post(
        bucket, "big.bin", Conditions=[["content-length-range", 0, 1000]])
    r = requests.post(post["url"], data=post["fields"],
                      files={"file": ("big.bin", b"x" * 5000)})
    text = message_of(r)
    return text, text


def aws_cli_wrong_secret(sandbox):
    env = {"AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": "not-the-secret",
           "AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
           "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
           "PATH": "/usr/bin:/bin"}
    done = subprocess.run([AWS_CLI, "--endpoint-url", sandbox.endpoint, "s3", "ls"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    printed = done.stderr
    # The CLI prints "An error occurred (Code) when calling the Op operation: <Message>".
    return printed, printed.split("operation: ", 1)[1].strip()


@dataclass
class Mistake:
    name: str
    make: Callable
    key_words: list
    fix: list
    s3_message: str
    args: list = field(default_factory=list)


ROWS = [
    Mistake("host: localhost signed, 127.0.0.1 sent", host_localhost_vs_127,
            ["signed for host 'localhost:", "sent to '127.0.0.1:"],
            ["same endpoint name for signing and for sending"], SIGNATURE),
    Mistake("host: no port signed, port sent", host_missing_port,
            ["signed for host 'localhost'", "port"], ["endpoint with exactly the port"],
            SIGNATURE),
    Mistake("secret: MinIO's default", wrong_secret_known_default,
            ["different secret key for access key 's3sandbox'", "minioadmin"],
            ["--credential"], SIGNATURE),
    Mistake("secret: unknown", wrong_secret,
            ["[s3sandbox: The signature was computed with a different secret key for access key "
             "'s3sandbox'"], ["--credential"], SIGNATURE),
    Mistake("addressing: virtual-hosted signed, path-style sent", virtual_signed_sent_path_style,
            ["signed virtual-hosted style", "sent path-style"], ["addressing_style"], SIGNATURE),
    Mistake("addressing: path-style signed, virtual-hosted sent", path_signed_sent_virtual_hosted,
            ["signed path-style", "sent virtual-hosted style"], ["forcePathStyle"], SIGNATURE),
    Mistake("signed header: Content-Type", content_type_differs,
            ["Content-Type was signed as 'image/png' but sent as 'image/jpeg'",
             "trying common values"], ["sent with exactly the signed value"], SIGNATURE),
    Mistake("bucket: similar name exists", similar_bucket,
            ["no bucket 'media_uploads'", "there is a bucket 'media-uploads'"],
            ["Use 'media-uploads'"], "The specified bucket does not exist"),
    Mistake("region", wrong_region, ["signed for region 'eu-west-1'", "'us-east-1'"],
            ["with region 'us-east-1'"],
            "Error parsing the X-Amz-Credential parameter; the region 'eu-west-1' is wrong; "
            "expecting 'us-east-1'"),
    Mistake("clock: sandbox clock moved 2 h", clock_moved,
            ["RequestTimeTooSkewed", "SANDBOX clock was moved 2 h ahead"],
            ["PUT /_sandbox/clock?offset=0"],
            "The difference between the request time and the current time is too large.",
            ["--clock-offset", "+2h"]),
    Mistake("POST policy: over content-length-range", post_over_content_length_range,
            ["allows at most 1000 bytes", "the whole form is"], ["Upload a smaller file"],
            "Your proposed upload exceeds the maximum allowed size"),
    Mistake("aws CLI: wrong secret", aws_cli_wrong_secret,
            ["SignatureDoesNotMatch", "different secret key for access key 's3sandbox'"],
            ["--credential"], SIGNATURE),
]


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_the_printed_text_names_what_differed_and_the_fix(start_sandbox, row):
    printed, message = row.make(start_sandbox(*row.args))
    assert message.startswith(row.s3_message + " [s3sandbox: "), printed
    for words in row.key_words + row.fix:
        assert words in printed, f"{words!r} not in {printed!r}"


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_messages_s3_gives_s3s_exact_message(start_sandbox, row):
    _, message = row.make(start_sandbox("--messages", "s3", *row.args))
    assert message == row.s3_message


def test_s3sandbox_messages_environment_variable(start_sandbox):
    """S3SANDBOX_MESSAGES=s3 is --messages s3."""
    sandbox = start_sandbox(env={"S3SANDBOX_MESSAGES": "s3"})
    _, message = wrong_secret(sandbox)
    assert message == SIGNATURE


def test_diagnosis_header_and_element_stay_with_messages_s3(start_sandbox):
    sandbox = start_sandbox("--messages", "s3")
    s3 = make_client(sandbox.endpoint, secret_key="not-the-secret")
    with pytest.raises(ClientError) as refused:
        s3.list_buckets()
    response = refused.value.response
    assert "different secret key" in response["Error"]["Diagnosis"]
    assert "different secret key" in response["ResponseMetadata"]["HTTPHeaders"][
        "x-s3sandbox-diagnosis"]


def test_form_post_without_cors_headers_is_named_in_the_log(start_sandbox):
    """A page's fetch() of a form POST that gets no CORS headers sees only 'Failed to fetch',
    whether the upload was stored or refused: the access log names the origin."""
    sandbox = start_sandbox("--cors", "buckets")
    bucket, _ = with_object(sandbox)
    post = sandbox.client().generate_presigned_post(bucket, "up.txt")
    origin = "http://localhost:5173"
    r = requests.post(post["url"], data=post["fields"], files={"file": ("up.txt", b"hi")},
                      headers={"Origin": origin})
    assert r.status_code == 204
    assert "Access-Control-Allow-Origin" not in r.headers
    assert sandbox.wait_for_log(f"no CORS headers for origin {origin}"), sandbox.log_tail()
    assert "Failed to fetch" in sandbox.log()


def test_access_log_names_the_bucket_of_virtual_hosted_requests(start_sandbox):
    sandbox = start_sandbox()
    bucket, key = with_object(sandbox)
    r = requests.get(f"http://127.0.0.1:{sandbox.port}/{key}",
                     headers={"Host": f"{bucket}.localhost:{sandbox.port}"})
    assert r.status_code == 403  # anonymous; the line is written all the same
    assert sandbox.wait_for_log(f"GET /{key} 403"), sandbox.log_tail()
    line = [l for l in sandbox.log().splitlines() if f"GET /{key} 403" in l][-1]
    assert f"bucket={bucket}" in line, line
