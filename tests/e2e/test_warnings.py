"""What would fail on real S3 but was let through: listed by GET /_sandbox/health and printed
when the server stops, so that a developer who never reads the log still sees it."""
import requests


def health(sandbox):
    return requests.get(sandbox.endpoint + "/_sandbox/health").json()


def test_a_clean_run_has_nothing_to_report(start_sandbox):
    sandbox = start_sandbox()
    s3 = sandbox.client()
    s3.create_bucket(Bucket="clean")
    s3.put_object(Bucket="clean", Key="k", Body=b"x")
    h = health(sandbox)
    assert h["would_fail_on_s3"] == 0 and h["warnings"] == []
    assert sandbox.stop() == 0
    assert "would fail on real S3" not in sandbox.log()


def test_auth_warn_relaxations_are_listed_and_summarised_at_shutdown(start_sandbox):
    sandbox = start_sandbox("--auth", "warn")
    good = sandbox.client()
    good.create_bucket(Bucket="relaxed")
    bad = sandbox.client(secret_key="not-the-secret")
    for i in range(3):
        bad.put_object(Bucket="relaxed", Key=f"k{i}", Body=b"let through")
    h = health(sandbox)
    assert h["would_fail_on_s3"] == 1
    (warning,) = h["warnings"]
    assert warning["kind"] == "auth-warn"
    assert warning["count"] == 3
    assert "--auth warn let through requests S3 refuses with SignatureDoesNotMatch" in \
        warning["summary"]
    assert sandbox.stop() == 0
    log = sandbox.log()
    assert "s3sandbox: 1 thing would fail on real S3" in log
    assert "SignatureDoesNotMatch" in log and "(3 requests)" in log


def test_a_permissive_preflight_names_the_cors_rule_that_would_pass(start_sandbox):
    sandbox = start_sandbox()
    sandbox.client().create_bucket(Bucket="nocors")
    r = requests.options(sandbox.endpoint + "/nocors/pic.png",
                         headers={"Origin": "http://app.example",
                                  "Access-Control-Request-Method": "PUT",
                                  "Access-Control-Request-Headers": "content-type"})
    assert r.status_code == 200  # allowed by --cors permissive (the default)
    (warning,) = health(sandbox)["warnings"]
    assert warning["kind"] == "cors-permissive"
    summary = warning["summary"]
    assert "http://app.example" in summary and "'nocors'" in summary
    assert "CORS is not enabled for this bucket" in summary
    assert 'AllowedOrigins ["http://app.example"], AllowedMethods ["PUT"], ' \
           'AllowedHeaders ["content-type"]' in summary
    # The access log line says it too.
    assert sandbox.wait_for_log("preflight cors=permissive allowed this preflight; bucket 'nocors' "
                                "has no CORS configuration")


def test_sigv2_presigned_urls_are_flagged(start_sandbox):
    sandbox = start_sandbox()
    s3 = sandbox.client()
    s3.create_bucket(Bucket="sigv2-urls")
    s3.put_object(Bucket="sigv2-urls", Key="k", Body=b"hello")
    url = sandbox.client(signature_version="s3").generate_presigned_url(
        "get_object", Params={"Bucket": "sigv2-urls", "Key": "k"})
    assert "Signature=" in url and "X-Amz-Signature" not in url
    for _ in range(2):
        assert requests.get(url).content == b"hello"
    (warning,) = health(sandbox)["warnings"]
    assert warning["kind"] == "sigv2" and warning["count"] == 2
    assert "presigned URLs signed with SigV2" in warning["summary"]
    assert 'signature_version="s3v4"' in warning["summary"]
