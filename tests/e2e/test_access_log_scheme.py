"""The access log line says which scheme a request came over (scheme=https on the --tls-listen
port, scheme=http on the other), as the journal's "tls" and health do."""
import boto3
from botocore.config import Config

from conftest import ACCESS_KEY, REGION, SECRET_KEY, sandbox_fixture

tls_sandbox = sandbox_fixture("--tls", "auto", "--tls-listen", "127.0.0.1:0", "--no-fsync")


def client(endpoint, verify=None):
    return boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=ACCESS_KEY,
                        aws_secret_access_key=SECRET_KEY, region_name=REGION, verify=verify,
                        config=Config(s3={"addressing_style": "path"},
                                      retries={"total_max_attempts": 1}))


def line_with(sandbox, text):
    assert sandbox.wait_for_log(text), sandbox.log()
    return next(line for line in sandbox.log().splitlines() if text in line)


def test_the_access_log_line_names_the_scheme(tls_sandbox):
    client(tls_sandbox.tls_endpoint, tls_sandbox.ca_bundle).create_bucket(Bucket="over-tls")
    client(tls_sandbox.endpoint).create_bucket(Bucket="over-plain")
    secure = line_with(tls_sandbox, "PUT /over-tls ")
    plain = line_with(tls_sandbox, "PUT /over-plain ")
    assert " scheme=https " in secure and "CreateBucket" in secure
    assert " scheme=http " in plain and "scheme=https" not in plain
    # In the line's key=value part, after the byte counts.
    assert secure.index(" out=") < secure.index(" scheme=https ") < secure.index("ms CreateBucket")
