"""Event notifications with real clients: boto3's Put/GetBucketNotificationConfiguration, S3's
event messages delivered to a webhook, the s3:TestEvent, key filters, delete events, retries, and
GET /_sandbox/events. The example is a media service that makes a thumbnail of every upload."""
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from botocore.exceptions import ClientError

from conftest import unique_bucket_name

QUEUE = "arn:aws:sqs:us-east-1:123456789012:uploads"
TOPIC = "arn:aws:sns:us-east-1:123456789012:audit"
LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:resize"


class Receiver:
    """A webhook on a free port: keeps every JSON body it is POSTed, answers `fail_first` of them
    with 500, and calls `on_message(message)` for the others before answering 200."""

    def __init__(self, fail_first=0, on_message=None):
        self.messages = []
        self.failures_left = fail_first
        self.on_message = on_message
        self.changed = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with receiver.changed:
                    fail = receiver.failures_left > 0
                    receiver.failures_left -= 1 if fail else 0
                if not fail and receiver.on_message:
                    receiver.on_message(json.loads(body))
                with receiver.changed:
                    if not fail:
                        receiver.messages.append(json.loads(body))
                    receiver.changed.notify_all()
                self.send_response(500 if fail else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def wait_for(self, predicate, timeout=10.0):
        """The first message satisfying `predicate`, waiting at most `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                for m in self.messages:
                    if predicate(m):
                        return m
                left = deadline - time.monotonic()
                assert left > 0, f"no matching message within {timeout}s; got {self.messages}"
                self.changed.wait(left)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receivers():
    made = []

    def make(**kwargs):
        r = Receiver(**kwargs)
        made.append(r)
        return r

    yield make
    for r in made:
        r.close()


def events(sandbox, **params):
    r = requests.get(sandbox.endpoint + "/_sandbox/events", params=params)
    assert r.status_code == 200, r.text
    return r.json()["events"]


def wait_for_events(sandbox, count, timeout=10.0, **params):
    """Polls (bounded) until `count` events match and none is still pending."""
    deadline = time.monotonic() + timeout
    while True:
        found = events(sandbox, **params)
        if len(found) >= count and all(e["status"] != "pending" for e in found):
            return found
        assert time.monotonic() < deadline, f"wanted {count} settled events, got {found}"
        time.sleep(0.05)


def queue_config(prefix=None, suffix=None, events_=("s3:ObjectCreated:*",), arn=QUEUE, id_=None):
    c = {"QueueArn": arn, "Events": list(events_)}
    if id_:
        c["Id"] = id_
    rules = ([{"Name": "prefix", "Value": prefix}] if prefix is not None else []) + (
        [{"Name": "suffix", "Value": suffix}] if suffix is not None else [])
    if rules:
        c["Filter"] = {"Key": {"FilterRules": rules}}
    return c


def test_media_service_makes_a_thumbnail_of_every_upload(start_sandbox, receivers):
    """The service's webhook gets ObjectCreated for uploads/, fetches the object and stores
    thumbnails/<name>: the whole loop, with the key form-encoded in the message as S3 does."""
    sandbox = start_sandbox("--auth", "strict")
    s3 = sandbox.client()
    bucket = unique_bucket_name("media")
    s3.create_bucket(Bucket=bucket)

    service = sandbox.client()  # boto3 clients are thread-safe; creating them is not

    def make_thumbnail(message):
        for record in message.get("Records", []):
            key = urllib.parse.unquote_plus(record["s3"]["object"]["key"])
            if not record["eventName"].startswith("ObjectCreated:") or not key.startswith("uploads/"):
                continue
            body = service.get_object(Bucket=bucket, Key=key)["Body"].read()
            thumb = b"thumb:" + body[:8]
            service.put_object(Bucket=bucket, Key="thumbnails/" + key[len("uploads/"):],
                                        Body=thumb)

    webhook = receivers(on_message=make_thumbnail)
    r = requests.put(sandbox.endpoint + "/_sandbox/notify-targets",
                     json={"arn": QUEUE, "url": webhook.url})
    assert r.status_code == 200, r.text
    s3.put_bucket_notification_configuration(
        Bucket=bucket,
        NotificationConfiguration={"QueueConfigurations": [queue_config(prefix="uploads/",
                                                                         id_="thumbnailer")]})

    s3.put_object(Bucket=bucket, Key="uploads/red flower.jpg", Body=b"JPEG-DATA-0123456789")
    message = webhook.wait_for(lambda m: "Records" in m)
    record = message["Records"][0]
    assert record["eventName"] == "ObjectCreated:Put"
    assert record["eventSource"] == "aws:s3"
    assert record["awsRegion"] == "us-east-1"
    assert record["s3"]["configurationId"] == "thumbnailer"
    assert record["s3"]["bucket"]["name"] == bucket
    assert record["s3"]["bucket"]["arn"] == f"arn:aws:s3:::{bucket}"
    assert record["s3"]["object"]["key"] == "uploads/red+flower.jpg"
    assert record["s3"]["object"]["size"] == 20
    assert record["requestParameters"]["sourceIPAddress"] == "127.0.0.1"

    deadline = time.monotonic() + 10
    while True:
        try:
            got = s3.get_object(Bucket=bucket, Key="thumbnails/red flower.jpg")["Body"].read()
            break
        except ClientError as e:
            assert e.response["Error"]["Code"] == "NoSuchKey"
            assert time.monotonic() < deadline, "the thumbnail never appeared"
            time.sleep(0.05)
    assert got == b"thumb:JPEG-DAT"
    # The thumbnail, outside uploads/, produced no event; the upload's was delivered once.
    put_events = wait_for_events(sandbox, 1, bucket=bucket, event="ObjectCreated:Put")
    assert [e["key"] for e in put_events] == ["uploads/red flower.jpg"]
    assert put_events[0]["status"] == "delivered" and put_events[0]["attempts"] == 1
    assert put_events[0]["message"] == message


def test_configuration_round_trips_through_boto3(s3, bucket):
    assert "QueueConfigurations" not in s3.get_bucket_notification_configuration(Bucket=bucket)
    config = {
        "TopicConfigurations": [{"Id": "audit", "TopicArn": TOPIC,
                                 "Events": ["s3:ObjectRemoved:*"]}],
        "QueueConfigurations": [queue_config(prefix="uploads/", suffix=".jpg", id_="jpegs")],
        "LambdaFunctionConfigurations": [{"Id": "resize", "LambdaFunctionArn": LAMBDA,
                                          "Events": ["s3:ObjectCreated:Put"],
                                          "Filter": {"Key": {"FilterRules": [
                                              {"Name": "prefix", "Value": "raw/"}]}}}],
    }
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration=config)
    got = s3.get_bucket_notification_configuration(Bucket=bucket)
    got.pop("ResponseMetadata")
    assert got["TopicConfigurations"] == config["TopicConfigurations"]
    assert got["QueueConfigurations"] == [{
        "Id": "jpegs", "QueueArn": QUEUE, "Events": ["s3:ObjectCreated:*"],
        "Filter": {"Key": {"FilterRules": [{"Name": "Prefix", "Value": "uploads/"},
                                           {"Name": "Suffix", "Value": ".jpg"}]}}}]
    assert got["LambdaFunctionConfigurations"][0]["LambdaFunctionArn"] == LAMBDA
    # Without an Id S3 assigns one; an empty configuration turns notifications off.
    s3.put_bucket_notification_configuration(
        Bucket=bucket, NotificationConfiguration={"QueueConfigurations": [queue_config()]})
    assert s3.get_bucket_notification_configuration(Bucket=bucket)["QueueConfigurations"][0]["Id"]
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={})
    got = s3.get_bucket_notification_configuration(Bucket=bucket)
    assert set(got) == {"ResponseMetadata"}


def test_empty_configuration_is_an_empty_element(sandbox, bucket):
    s3 = sandbox.client(signature_version="s3v4")
    signed = s3.generate_presigned_url("get_bucket_notification_configuration",
                                       Params={"Bucket": bucket})
    r = requests.get(signed)
    assert r.status_code == 200
    assert r.text.endswith(
        '<NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>')


def test_s3_validation_errors(s3, bucket):
    def refused(config):
        with pytest.raises(ClientError) as e:
            s3.put_bucket_notification_configuration(Bucket=bucket,
                                                     NotificationConfiguration=config)
        return e.value.response["Error"]

    err = refused({"QueueConfigurations": [queue_config(events_=("s3:ObjectCreated:Upload",))]})
    assert err["Code"] == "InvalidArgument"
    assert err["Message"].split(" [s3sandbox: ")[0] == "The event is not supported for notifications"
    err = refused({"QueueConfigurations": [queue_config(prefix="images/"),
                                           queue_config(prefix="images/thumbs/")]})
    assert err["Code"] == "InvalidArgument" and "overlap" in err["Message"]
    err = refused({"QueueConfigurations": [queue_config(arn=TOPIC)]})
    assert err["Message"].split(" [s3sandbox: ")[0] == "Unable to validate the following destination configurations"
    with pytest.raises(ClientError) as e:
        s3.put_bucket_notification_configuration(
            Bucket="no-such-bucket-here", NotificationConfiguration={})
    assert e.value.response["Error"]["Code"] == "NoSuchBucket"


def test_test_event_goes_to_queues_and_topics_not_lambdas(start_sandbox, receivers):
    queue, topic, function = receivers(), receivers(), receivers()
    sandbox = start_sandbox("--notify-target", f"{QUEUE}={queue.url}",
                            "--notify-target", f"{TOPIC}={topic.url}",
                            "--notify-target", f"{LAMBDA}={function.url}")
    s3 = sandbox.client()
    bucket = unique_bucket_name("media")
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={
        "QueueConfigurations": [queue_config(prefix="a/")],
        "TopicConfigurations": [{"TopicArn": TOPIC, "Events": ["s3:ObjectRemoved:*"]}],
        "LambdaFunctionConfigurations": [{"LambdaFunctionArn": LAMBDA,
                                          "Events": ["s3:ObjectCreated:*"],
                                          "Filter": {"Key": {"FilterRules": [
                                              {"Name": "prefix", "Value": "b/"}]}}}]})
    for r in (queue, topic):
        test = r.wait_for(lambda m: m.get("Event") == "s3:TestEvent")
        assert set(test) == {"Service", "Event", "Time", "Bucket", "RequestId", "HostId"}
        assert test["Service"] == "Amazon S3" and test["Bucket"] == bucket
    tests = wait_for_events(sandbox, 2, bucket=bucket, event="s3:TestEvent")
    assert sorted(e["destination"] for e in tests) == sorted([QUEUE, TOPIC])
    assert function.messages == []


def test_prefix_and_suffix_filters_and_events_without_a_receiver(sandbox, s3, bucket):
    """No webhook mapped: every event is still recorded, as no-target."""
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={
        "QueueConfigurations": [queue_config(prefix="uploads/", suffix=".jpg")]})
    for key in ("uploads/cat.jpg", "uploads/cat.png", "other/cat.jpg", "uploads/dir/dog.jpg"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    found = events(sandbox, bucket=bucket, event="s3:ObjectCreated:*")
    assert [e["key"] for e in found] == ["uploads/cat.jpg", "uploads/dir/dog.jpg"]
    assert all(e["status"] == "no-target" for e in found)
    assert events(sandbox, bucket=bucket, key="uploads/dir/")[0]["key"] == "uploads/dir/dog.jpg"
    since = found[0]["id"]
    assert [e["key"] for e in events(sandbox, bucket=bucket, since=since)] == ["uploads/dir/dog.jpg"]


def test_every_created_and_removed_event(start_sandbox):
    sandbox = start_sandbox("--min-part-size", "5")
    s3 = sandbox.client()
    bucket = unique_bucket_name("media")
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={
        "QueueConfigurations": [queue_config(events_=("s3:ObjectCreated:*",
                                                      "s3:ObjectRemoved:*"))]})
    s3.put_object(Bucket=bucket, Key="put", Body=b"12345")
    s3.copy_object(Bucket=bucket, Key="copy", CopySource={"Bucket": bucket, "Key": "put"})
    upload = s3.create_multipart_upload(Bucket=bucket, Key="multi")["UploadId"]
    parts = [{"PartNumber": n, "ETag": s3.upload_part(Bucket=bucket, Key="multi", UploadId=upload,
                                                      PartNumber=n, Body=b"abcdef")["ETag"]}
             for n in (1, 2)]
    s3.complete_multipart_upload(Bucket=bucket, Key="multi", UploadId=upload,
                                 MultipartUpload={"Parts": parts})
    post = s3.generate_presigned_post(bucket, "posted")
    assert requests.post(post["url"], data=post["fields"],
                         files={"file": ("f", b"form")}).status_code == 204
    s3.delete_object(Bucket=bucket, Key="put")
    s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "copy"}, {"Key": "multi"}]})

    object_events = [e for e in events(sandbox, bucket=bucket) if e["event"] != "s3:TestEvent"]
    got = [(e["event"], e["key"]) for e in object_events]
    assert got == [("ObjectCreated:Put", "put"), ("ObjectCreated:Copy", "copy"),
                   ("ObjectCreated:CompleteMultipartUpload", "multi"),
                   ("ObjectCreated:Post", "posted"), ("ObjectRemoved:Delete", "put"),
                   ("ObjectRemoved:Delete", "copy"), ("ObjectRemoved:Delete", "multi")]
    records = [e["message"]["Records"][0] for e in object_events]
    assert records[2]["s3"]["object"]["size"] == 12
    assert records[2]["s3"]["object"]["eTag"].endswith("-2")
    assert "size" not in records[4]["s3"]["object"]
    # Sequencers of one key increase.
    put_seq = [r["s3"]["object"]["sequencer"] for r in records if r["s3"]["object"]["key"] == "put"]
    assert put_seq[0] < put_seq[1]
    assert requests.delete(sandbox.endpoint + "/_sandbox/events").status_code == 200
    assert events(sandbox, bucket=bucket) == []


def test_delivery_is_retried_when_the_receiver_fails_first(start_sandbox, receivers):
    flaky = receivers(fail_first=1)
    sandbox = start_sandbox("--notify-target", f"{QUEUE}={flaky.url}")
    s3 = sandbox.client()
    bucket = unique_bucket_name("media")
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_notification_configuration(
        Bucket=bucket, NotificationConfiguration={"QueueConfigurations": [queue_config()]},
        SkipDestinationValidation=True)
    s3.put_object(Bucket=bucket, Key="uploads/a.jpg", Body=b"x")
    flaky.wait_for(lambda m: "Records" in m)
    (event,) = wait_for_events(sandbox, 1, bucket=bucket)
    assert event["status"] == "delivered"
    assert event["attempts"] == 2
    assert event["last_error"] == ""


def test_notify_targets_endpoint(sandbox):
    url = sandbox.endpoint + "/_sandbox/notify-targets"
    assert requests.put(url, json={"arn": QUEUE, "url": "http://127.0.0.1:9/x"}).status_code == 200
    assert requests.get(url).json()["targets"] == [{"arn": QUEUE, "url": "http://127.0.0.1:9/x"}]
    bad = requests.put(url, json={"arn": QUEUE, "url": "https://example.com/"})
    assert bad.status_code == 400 and "http://" in bad.json()["error"]["message"]
    assert requests.delete(url, params={"arn": TOPIC}).status_code == 404
    assert requests.delete(url, params={"arn": QUEUE}).json()["targets"] == []


def test_events_long_poll_waits_for_the_upload(sandbox, s3, bucket):
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={
        "QueueConfigurations": [queue_config(prefix="uploads/")]})
    url = sandbox.endpoint + "/_sandbox/events"
    started = time.monotonic()
    empty = requests.get(url, params={"bucket": bucket, "key": "uploads/", "wait": "0.3"})
    assert empty.json()["events"] == [] and time.monotonic() - started >= 0.25
    uploader = threading.Timer(0.5, lambda: s3.put_object(Bucket=bucket, Key="uploads/late.jpg",
                                                           Body=b"x"))
    uploader.start()
    try:
        found = requests.get(url, params={"bucket": bucket, "key": "uploads/", "wait": 10},
                             timeout=15).json()["events"]
    finally:
        uploader.join()
    assert [e["key"] for e in found] == ["uploads/late.jpg"]
    assert time.monotonic() - started < 10
    assert requests.get(url, params={"wait": "soon"}).status_code == 400
