"""Listing with boto3 and the aws CLI over 2,500 keys: pagination, delimiters, markers, encoding.

S3 lists keys in ascending UTF-8 byte order, at most 1,000 per page; boto3 asks for
EncodingType=url by default and decodes keys and prefixes itself.
"""
import concurrent.futures
import uuid

import pytest
from botocore.exceptions import ClientError

from conftest import error_code, status_of

# 2,500 keys in a nested layout: 5 top folders x 10 subfolders x 49 files = 2,450,
# plus 50 keys at the root. Sorted bytewise, as S3 lists them.
KEYS = sorted(
    [f"top{t}/sub{s:02d}/file{f:03d}.txt" for t in range(5) for s in range(10) for f in range(49)]
    + [f"root{r:03d}.txt" for r in range(50)],
    key=lambda k: k.encode())
assert len(KEYS) == 2500


@pytest.fixture(scope="module")
def big_bucket_snapshot(sandbox):
    """The 2,500 keys, uploaded once for the module and saved as a sandbox snapshot: each test's
    `s3` empties the sandbox, and big_bucket brings the keys back in one index copy."""
    s3 = sandbox.client(max_pool_connections=16)  # one connection per uploading thread
    name = "list-" + uuid.uuid4().hex[:16]
    s3.create_bucket(Bucket=name)
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        results = list(pool.map(lambda k: s3.put_object(Bucket=name, Key=k, Body=k.encode()),
                                KEYS))
    assert all(status_of(r) == 200 for r in results)
    snapshot = "listing-" + name
    sandbox.snapshot(snapshot)
    yield name, snapshot
    sandbox.delete_snapshot(snapshot)


@pytest.fixture
def big_bucket(big_bucket_snapshot, s3, sandbox):
    """The bucket of 2,500 keys, restored after `s3` cleaned the sandbox for this test."""
    name, snapshot = big_bucket_snapshot
    sandbox.restore(snapshot)
    return name


def collect_v2(s3, **kwargs):
    keys, prefixes, pages = [], [], []
    for page in s3.get_paginator("list_objects_v2").paginate(**kwargs):
        pages.append(page)
        keys += [o["Key"] for o in page.get("Contents", [])]
        prefixes += [p["Prefix"] for p in page.get("CommonPrefixes", [])]
    return keys, prefixes, pages


def test_v2_paginator_returns_every_key_exactly_once_in_order(s3, big_bucket):
    keys, prefixes, pages = collect_v2(s3, Bucket=big_bucket)
    assert keys == KEYS
    assert prefixes == []
    assert [len(p["Contents"]) for p in pages] == [1000, 1000, 500]  # S3's default page size
    assert [p["IsTruncated"] for p in pages] == [True, True, False]
    for page in pages:
        assert page["KeyCount"] == len(page["Contents"])
        assert page["MaxKeys"] == 1000


def test_v2_paginator_with_small_pages(s3, big_bucket):
    keys, _, pages = collect_v2(s3, Bucket=big_bucket, PaginationConfig={"PageSize": 333})
    assert keys == KEYS
    assert len(pages) == 8  # ceil(2500 / 333)


def test_v2_delimiter_collects_every_prefix_and_key_once(s3, big_bucket):
    keys, prefixes, pages = collect_v2(s3, Bucket=big_bucket, Delimiter="/",
                                       PaginationConfig={"PageSize": 7})
    assert prefixes == [f"top{t}/" for t in range(5)]
    assert keys == [k for k in KEYS if "/" not in k]
    # Every page holds at most MaxKeys entries, keys and prefixes counted together.
    for page in pages:
        entries = len(page.get("Contents", [])) + len(page.get("CommonPrefixes", []))
        assert entries <= 7
        assert page["KeyCount"] == entries
    assert len(pages) == 8  # 55 entries / 7


def test_v2_nested_prefix_and_delimiter_with_pagination(s3, big_bucket):
    keys, prefixes, _ = collect_v2(s3, Bucket=big_bucket, Prefix="top3/", Delimiter="/",
                                   PaginationConfig={"PageSize": 3})
    assert prefixes == [f"top3/sub{s:02d}/" for s in range(10)]
    assert keys == []
    keys, prefixes, _ = collect_v2(s3, Bucket=big_bucket, Prefix="top3/sub04/", Delimiter="/",
                                   PaginationConfig={"PageSize": 10})
    assert prefixes == []
    assert keys == [k for k in KEYS if k.startswith("top3/sub04/")]
    assert len(keys) == 49


def test_v2_delimiter_that_is_not_a_slash(s3, big_bucket):
    r = s3.list_objects_v2(Bucket=big_bucket, Prefix="top1/sub0", Delimiter="file")
    assert [p["Prefix"] for p in r["CommonPrefixes"]] == \
        [f"top1/sub0{s}/file" for s in range(10)]
    assert "Contents" not in r


def test_v2_prefix_without_delimiter(s3, big_bucket):
    keys, _, _ = collect_v2(s3, Bucket=big_bucket, Prefix="top2/sub09/file04")
    assert keys == [f"top2/sub09/file{f:03d}.txt" for f in range(40, 49)]


def test_v2_prefix_matching_nothing(s3, big_bucket):
    r = s3.list_objects_v2(Bucket=big_bucket, Prefix="nothing-here/")
    assert r["KeyCount"] == 0
    assert "Contents" not in r
    assert r["IsTruncated"] is False


def test_v2_max_keys_start_after_and_continuation_token(s3, big_bucket):
    first = s3.list_objects_v2(Bucket=big_bucket, MaxKeys=3, StartAfter=KEYS[10])
    assert [o["Key"] for o in first["Contents"]] == KEYS[11:14]
    assert first["IsTruncated"] is True
    assert first["StartAfter"] == KEYS[10]
    second = s3.list_objects_v2(Bucket=big_bucket, MaxKeys=3, StartAfter=KEYS[10],
                                ContinuationToken=first["NextContinuationToken"])
    assert [o["Key"] for o in second["Contents"]] == KEYS[14:17]
    assert second["ContinuationToken"] == first["NextContinuationToken"]


def test_v2_start_after_a_key_that_does_not_exist(s3, big_bucket):
    r = s3.list_objects_v2(Bucket=big_bucket, MaxKeys=2, StartAfter="top1/sub05/file0005")
    assert [o["Key"] for o in r["Contents"]] == ["top1/sub05/file001.txt",
                                                 "top1/sub05/file002.txt"]


def test_v2_max_keys_zero_returns_nothing(s3, big_bucket):
    r = s3.list_objects_v2(Bucket=big_bucket, MaxKeys=0)
    assert r["KeyCount"] == 0
    assert "Contents" not in r


def test_v2_max_keys_above_1000_is_capped(s3, big_bucket):
    r = s3.list_objects_v2(Bucket=big_bucket, MaxKeys=5000)
    assert len(r["Contents"]) == 1000
    assert r["IsTruncated"] is True


def test_v2_entries_carry_size_etag_and_storage_class(s3, big_bucket):
    r = s3.list_objects_v2(Bucket=big_bucket, Prefix=KEYS[0])
    (entry,) = r["Contents"]
    assert entry["Size"] == len(KEYS[0].encode())
    head = s3.head_object(Bucket=big_bucket, Key=KEYS[0])
    assert entry["ETag"] == head["ETag"]
    assert entry["StorageClass"] == "STANDARD"


def test_v2_last_modified_equals_head_last_modified(s3, big_bucket):
    # S3 keeps whole seconds: listings show ".000Z" and agree with HEAD's Last-Modified.
    (entry,) = s3.list_objects_v2(Bucket=big_bucket, Prefix=KEYS[0])["Contents"]
    assert entry["LastModified"] == s3.head_object(Bucket=big_bucket, Key=KEYS[0])["LastModified"]


def test_v2_fetch_owner(s3, big_bucket):
    without = s3.list_objects_v2(Bucket=big_bucket, MaxKeys=1)
    assert "Owner" not in without["Contents"][0]
    with_owner = s3.list_objects_v2(Bucket=big_bucket, MaxKeys=1, FetchOwner=True)
    assert with_owner["Contents"][0]["Owner"]["ID"]


def test_v2_bad_continuation_token_is_invalid_argument(s3, big_bucket):
    with pytest.raises(ClientError) as e:
        s3.list_objects_v2(Bucket=big_bucket, ContinuationToken="not a token!")
    assert error_code(e.value) == "InvalidArgument"
    assert status_of(e.value) == 400


def test_v1_marker_and_next_marker_with_delimiter(s3, big_bucket):
    r = s3.list_objects(Bucket=big_bucket, Delimiter="/", MaxKeys=2, Marker="root010.txt")
    assert [o["Key"] for o in r["Contents"]] == ["root011.txt", "root012.txt"]
    assert r["IsTruncated"] is True
    assert r["Marker"] == "root010.txt"
    # NextMarker is returned when a delimiter is given: the last key or prefix of the page.
    assert r["NextMarker"] == "root012.txt"
    nxt = s3.list_objects(Bucket=big_bucket, Delimiter="/", MaxKeys=2, Marker=r["NextMarker"])
    assert [o["Key"] for o in nxt["Contents"]] == ["root013.txt", "root014.txt"]


def test_v1_next_marker_can_be_a_common_prefix(s3, big_bucket):
    r = s3.list_objects(Bucket=big_bucket, Delimiter="/", MaxKeys=2, Marker="root048.txt")
    assert [o["Key"] for o in r["Contents"]] == ["root049.txt"]
    assert [p["Prefix"] for p in r["CommonPrefixes"]] == ["top0/"]
    assert r["NextMarker"] == "top0/"
    nxt = s3.list_objects(Bucket=big_bucket, Delimiter="/", MaxKeys=10, Marker="top0/")
    assert [p["Prefix"] for p in nxt["CommonPrefixes"]] == [f"top{t}/" for t in range(1, 5)]
    assert nxt["IsTruncated"] is False


def test_v1_paginator_returns_every_key_once(s3, big_bucket):
    keys = []
    for page in s3.get_paginator("list_objects").paginate(Bucket=big_bucket):
        keys += [o["Key"] for o in page["Contents"]]
    assert keys == KEYS


def test_v1_paginator_with_delimiter(s3, big_bucket):
    keys, prefixes = [], []
    for page in s3.get_paginator("list_objects").paginate(
            Bucket=big_bucket, Delimiter="/", Prefix="top4/", PaginationConfig={"PageSize": 4}):
        keys += [o["Key"] for o in page.get("Contents", [])]
        prefixes += [p["Prefix"] for p in page.get("CommonPrefixes", [])]
    assert keys == []
    assert prefixes == [f"top4/sub{s:02d}/" for s in range(10)]


ODD_KEYS = ["sp ace/x", "plus+/y", "percent%/z", "amp&er/w", "ünï/v", "lt<gt>/u",
            "tab\tkey", "ctl\x01key", "quote\"'/q"]


@pytest.fixture
def odd_bucket(s3):
    name = "odd-" + uuid.uuid4().hex[:16]
    s3.create_bucket(Bucket=name)
    for k in ODD_KEYS:
        s3.put_object(Bucket=name, Key=k, Body=b"x")
    return name


def raw_bodies(s3, operation):
    """Captures the raw XML bodies botocore receives for one operation."""
    bodies = []

    def capture(response=None, **_):
        if response is not None:
            bodies.append(response[0].content)  # (http_response, parsed)

    s3.meta.events.register(f"needs-retry.s3.{operation}", capture)
    return bodies


def test_explicit_encoding_type_url_returns_encoded_keys(s3, odd_bucket):
    r = s3.list_objects_v2(Bucket=odd_bucket, Prefix="sp ace/", EncodingType="url")
    assert r["EncodingType"] == "url"
    assert [o["Key"] for o in r["Contents"]] in (["sp%20ace/x"], ["sp+ace/x"])
    r = s3.list_objects_v2(Bucket=odd_bucket, Prefix="plus+/", EncodingType="url")
    assert [o["Key"] for o in r["Contents"]] == ["plus%2B/y"]
    assert r["Prefix"] == "plus%2B/"


@pytest.mark.parametrize("operation", ["list_objects_v2", "list_objects"])
def test_encoding_type_url_round_trips_odd_keys(sandbox, odd_bucket, operation):
    s3 = sandbox.client()
    bodies = raw_bodies(s3, "ListObjectsV2" if operation.endswith("v2") else "ListObjects")
    # boto3 adds EncodingType=url itself and then decodes Key and Prefix; an explicit
    # EncodingType would turn its decoding off.
    r = getattr(s3, operation)(Bucket=odd_bucket)
    assert [o["Key"] for o in r["Contents"]] == sorted(ODD_KEYS, key=str.encode)
    assert b"<EncodingType>url</EncodingType>" in bodies[-1]
    assert b"\x01" not in bodies[-1]  # a control character cannot travel in XML 1.0
    r = getattr(s3, operation)(Bucket=odd_bucket, Delimiter="/")
    assert [p["Prefix"] for p in r["CommonPrefixes"]] == \
        sorted({k.split("/")[0] + "/" for k in ODD_KEYS if "/" in k}, key=str.encode)


def test_prefix_with_special_characters(s3, odd_bucket):
    r = s3.list_objects_v2(Bucket=odd_bucket, Prefix="plus+")
    assert [o["Key"] for o in r["Contents"]] == ["plus+/y"]
    r = s3.list_objects_v2(Bucket=odd_bucket, Prefix="sp ace/")
    assert [o["Key"] for o in r["Contents"]] == ["sp ace/x"]


def test_aws_cli_ls_recursive_counts_every_key(aws, big_bucket):
    out = aws("s3", "ls", f"s3://{big_bucket}", "--recursive").stdout
    lines = out.splitlines()
    assert len(lines) == len(KEYS)
    assert sorted(line.split()[-1] for line in lines) == sorted(KEYS)


def test_aws_cli_ls_shows_prefixes(aws, big_bucket):
    out = aws("s3", "ls", f"s3://{big_bucket}/").stdout.splitlines()
    assert sum(1 for line in out if line.strip().startswith("PRE ")) == 5
    assert sum(1 for line in out if line.endswith(".txt")) == 50
