"""Listing with boto3 and the aws CLI over 2,500 keys: pagination, delimiters, markers, encoding."""
import concurrent.futures
import uuid

import pytest
from botocore.exceptions import ClientError

from conftest import error_code

# 2,500 keys: 5 top-level folders x 10 subfolders x 49 files, plus 50 keys at the root.
KEYS = sorted(
    [f"top{t}/sub{s:02d}/file{f:03d}.txt" for t in range(5) for s in range(10) for f in range(49)]
    + [f"root{r:03d}.txt" for r in range(50)]
)


@pytest.fixture(scope="module")
def big_bucket(s3):
    name = "list-" + uuid.uuid4().hex[:16]
    s3.create_bucket(Bucket=name)
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        list(pool.map(lambda k: s3.put_object(Bucket=name, Key=k, Body=k.encode()), KEYS))
    return name


def test_v2_paginator_returns_every_key_once(s3, big_bucket):
    keys = []
    pages = 0
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=big_bucket):
        pages += 1
        assert page["KeyCount"] == len(page.get("Contents", []))
        keys += [o["Key"] for o in page.get("Contents", [])]
    assert keys == KEYS
    assert pages == 3


def test_v2_delimiter_pages_common_prefixes(s3, big_bucket):
    seen_prefixes, seen_keys = [], []
    for page in s3.get_paginator("list_objects_v2").paginate(
            Bucket=big_bucket, Delimiter="/", PaginationConfig={"PageSize": 7}):
        seen_prefixes += [p["Prefix"] for p in page.get("CommonPrefixes", [])]
        seen_keys += [o["Key"] for o in page.get("Contents", [])]
    assert seen_prefixes == [f"top{t}/" for t in range(5)]
    assert seen_keys == [k for k in KEYS if "/" not in k]


def test_v2_prefix_and_delimiter(s3, big_bucket):
    r = s3.list_objects_v2(Bucket=big_bucket, Prefix="top3/", Delimiter="/")
    assert [p["Prefix"] for p in r["CommonPrefixes"]] == [f"top3/sub{s:02d}/" for s in range(10)]
    assert "Contents" not in r
    assert r["KeyCount"] == 10


def test_v2_max_keys_start_after_and_token(s3, big_bucket):
    first = s3.list_objects_v2(Bucket=big_bucket, MaxKeys=3, StartAfter=KEYS[10])
    assert [o["Key"] for o in first["Contents"]] == KEYS[11:14]
    assert first["IsTruncated"] is True
    second = s3.list_objects_v2(Bucket=big_bucket, MaxKeys=3,
                                ContinuationToken=first["NextContinuationToken"])
    assert [o["Key"] for o in second["Contents"]] == KEYS[14:17]


def test_v2_fetch_owner(s3, big_bucket):
    without = s3.list_objects_v2(Bucket=big_bucket, MaxKeys=1)
    assert "Owner" not in without["Contents"][0]
    with_owner = s3.list_objects_v2(Bucket=big_bucket, MaxKeys=1, FetchOwner=True)
    assert with_owner["Contents"][0]["Owner"]["ID"]


def test_v2_bad_continuation_token(s3, big_bucket):
    with pytest.raises(ClientError) as e:
        s3.list_objects_v2(Bucket=big_bucket, ContinuationToken="not a token!")
    assert error_code(e.value) == "InvalidArgument"


def test_v1_marker_and_next_marker(s3, big_bucket):
    r = s3.list_objects(Bucket=big_bucket, Delimiter="/", MaxKeys=2, Marker="root010.txt")
    assert [o["Key"] for o in r["Contents"]] == ["root011.txt", "root012.txt"]
    assert r["IsTruncated"] is True
    assert r["NextMarker"] == "root012.txt"
    keys = []
    for page in s3.get_paginator("list_objects").paginate(Bucket=big_bucket):
        keys += [o["Key"] for o in page["Contents"]]
    assert keys == KEYS


def test_encoding_type_url_round_trips_odd_keys(s3, bucket):
    odd = ["sp ace/x", "plus+/y", "percent%/z", "amp&er/w", "ünï/v"]
    for k in odd:
        s3.put_object(Bucket=bucket, Key=k, Body=b"x")
    # boto3 sends EncodingType=url by default and decodes the answer.
    r = s3.list_objects_v2(Bucket=bucket, Delimiter="/")
    assert sorted(p["Prefix"] for p in r["CommonPrefixes"]) == sorted(k.split("/")[0] + "/" for k in odd)
    r = s3.list_objects_v2(Bucket=bucket)
    assert sorted(o["Key"] for o in r["Contents"]) == sorted(odd)


def test_aws_cli_ls_recursive_counts_every_key(aws, big_bucket):
    out = aws("s3", "ls", f"s3://{big_bucket}", "--recursive").stdout
    assert len(out.splitlines()) == len(KEYS)
