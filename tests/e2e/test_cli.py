"""The aws CLI v2 (Debian's /usr/bin/aws) against the sandbox: mb, cp, ls, sync, rm, rb, presign."""
import filecmp
import hashlib
import os
import random
import time

import pytest
import requests
from botocore.exceptions import ClientError

from conftest import status_of, unique_bucket_name


def write_tree(root):
    """Files in three levels, text and random binary, with a space and unicode in names.
    (The empty file has its own test: it exposed a stall with Expect: 100-continue.)"""
    rng = random.Random(1234)
    files = {
        "readme.txt": b"top level\n",
        "level1/notes with space.txt": b"one\n" * 100,
        "level1/blob.bin": os.urandom(200_000),
        "level1/level2/ünïcode.dat": os.urandom(4096),
        "level1/level2/deep.txt": b"deep\n",
        "level1/level2/level3/leaf.bin": os.urandom(1_500_000),
        "other/x+y=z.txt": b"plus and equals\n",
    }
    for i in range(12):
        files[f"other/many/file{i:02d}.bin"] = bytes(rng.getrandbits(8) for _ in range(1000 + i))
    # Files dated an hour back: `aws s3 sync` re-uploads a file whose mtime is newer than the
    # object's Last-Modified, which S3 keeps to the second; a file written in the same second as
    # its upload would otherwise look newer and be uploaded again (with S3 too).
    an_hour_ago = time.time() - 3600
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        os.utime(path, (an_hour_ago, an_hour_ago))
    return files


def assert_same_tree(left, right):
    """Recursively identical: same names at every level and the same bytes in every file."""
    cmp = filecmp.dircmp(left, right)
    assert cmp.left_only == [] and cmp.right_only == [], (cmp.left_only, cmp.right_only)
    _, mismatch, errors = filecmp.cmpfiles(left, right, cmp.common_files, shallow=False)
    assert mismatch == [] and errors == [], (mismatch, errors)
    for sub in cmp.common_dirs:
        assert_same_tree(left / sub, right / sub)


@pytest.fixture
def cli_bucket(aws):
    name = unique_bucket_name("cli")
    aws("s3", "mb", f"s3://{name}")
    return name


def test_mb_creates_a_bucket_and_rb_removes_it(aws, s3):
    name = unique_bucket_name("cli")
    out = aws("s3", "mb", f"s3://{name}").stdout
    assert f"make_bucket: {name}" in out
    assert status_of(s3.head_bucket(Bucket=name)) == 200
    assert name in aws("s3", "ls").stdout
    out = aws("s3", "rb", f"s3://{name}").stdout
    assert f"remove_bucket: {name}" in out
    with pytest.raises(ClientError) as e:
        s3.head_bucket(Bucket=name)
    assert status_of(e.value) == 404


def test_rb_of_non_empty_bucket_fails_without_force(aws, cli_bucket, s3):
    s3.put_object(Bucket=cli_bucket, Key="k", Body=b"x")
    result = aws("s3", "rb", f"s3://{cli_bucket}", check=False)
    assert result.returncode != 0
    assert "BucketNotEmpty" in result.stderr
    aws("s3", "rb", f"s3://{cli_bucket}", "--force")
    with pytest.raises(ClientError):
        s3.head_bucket(Bucket=cli_bucket)


def test_cp_up_and_down_keeps_bytes(aws, cli_bucket, s3, tmp_path):
    data = os.urandom(300_000)
    src = tmp_path / "up.bin"
    src.write_bytes(data)
    aws("s3", "cp", src, f"s3://{cli_bucket}/dir/up.bin")
    head = s3.head_object(Bucket=cli_bucket, Key="dir/up.bin")
    assert head["ContentLength"] == len(data)
    assert head["ETag"] == '"' + hashlib.md5(data).hexdigest() + '"'
    dst = tmp_path / "down.bin"
    aws("s3", "cp", f"s3://{cli_bucket}/dir/up.bin", dst)
    assert dst.read_bytes() == data


def test_cp_guesses_content_type(aws, cli_bucket, s3, tmp_path):
    src = tmp_path / "page.html"
    src.write_text("<html></html>")
    aws("s3", "cp", src, f"s3://{cli_bucket}/page.html")
    assert s3.head_object(Bucket=cli_bucket, Key="page.html")["ContentType"] == "text/html"


def test_cp_missing_object_fails(aws, cli_bucket, tmp_path):
    result = aws("s3", "cp", f"s3://{cli_bucket}/nope", tmp_path / "nope", check=False)
    assert result.returncode != 0
    assert "404" in result.stderr or "Not Found" in result.stderr


def test_ls_lists_prefixes_and_objects(aws, cli_bucket, s3):
    for key in ("a.txt", "dir/b.txt", "dir/sub/c.txt"):
        s3.put_object(Bucket=cli_bucket, Key=key, Body=b"12345")
    top = aws("s3", "ls", f"s3://{cli_bucket}/").stdout.splitlines()
    assert any(line.split() == ["PRE", "dir/"] for line in top)
    assert any(line.endswith(" 5 a.txt") for line in top)
    inner = aws("s3", "ls", f"s3://{cli_bucket}/dir/").stdout.splitlines()
    assert any(line.split() == ["PRE", "sub/"] for line in inner)
    assert any(line.endswith(" b.txt") for line in inner)


def test_sync_up_and_down_gives_identical_tree(aws, cli_bucket, s3, tmp_path):
    src = tmp_path / "src"
    files = write_tree(src)
    aws("s3", "sync", src, f"s3://{cli_bucket}/tree")
    listed = {o["Key"]: o["Size"]
              for page in s3.get_paginator("list_objects_v2").paginate(Bucket=cli_bucket)
              for o in page.get("Contents", [])}
    assert listed == {f"tree/{rel}": len(data) for rel, data in files.items()}
    dst = tmp_path / "dst"
    aws("s3", "sync", f"s3://{cli_bucket}/tree", dst)
    assert_same_tree(src, dst)


def test_second_sync_uploads_nothing(aws, cli_bucket, tmp_path):
    src = tmp_path / "src"
    write_tree(src)
    aws("s3", "sync", src, f"s3://{cli_bucket}/tree")
    again = aws("s3", "sync", src, f"s3://{cli_bucket}/tree").stdout
    assert "upload:" not in again


def test_sync_with_delete_removes_remote_extras(aws, cli_bucket, s3, tmp_path):
    src = tmp_path / "src"
    files = write_tree(src)
    aws("s3", "sync", src, f"s3://{cli_bucket}/tree")
    (src / "readme.txt").unlink()
    out = aws("s3", "sync", src, f"s3://{cli_bucket}/tree", "--delete").stdout
    assert f"delete: s3://{cli_bucket}/tree/readme.txt" in out
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket=cli_bucket)["Contents"]}
    assert keys == {f"tree/{rel}" for rel in files if rel != "readme.txt"}


def test_rm_recursive_empties_the_prefix(aws, cli_bucket, s3, tmp_path):
    src = tmp_path / "src"
    files = write_tree(src)
    aws("s3", "sync", src, f"s3://{cli_bucket}/tree")
    s3.put_object(Bucket=cli_bucket, Key="keep-me", Body=b"x")
    out = aws("s3", "rm", f"s3://{cli_bucket}/tree", "--recursive").stdout
    assert out.count("delete: ") == len(files)
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=cli_bucket)["Contents"]]
    assert keys == ["keep-me"]
    aws("s3", "rm", f"s3://{cli_bucket}/keep-me")
    aws("s3", "rb", f"s3://{cli_bucket}")
    with pytest.raises(ClientError) as e:
        s3.head_bucket(Bucket=cli_bucket)
    assert status_of(e.value) == 404


def test_s3api_put_and_head_object(aws, cli_bucket, tmp_path):
    src = tmp_path / "meta.txt"
    src.write_bytes(b"metadata")
    aws("s3api", "put-object", "--bucket", cli_bucket, "--key", "m", "--body", src,
        "--metadata", "color=blue", "--content-type", "text/plain")
    out = aws("s3api", "head-object", "--bucket", cli_bucket, "--key", "m").stdout
    assert '"color": "blue"' in out
    assert '"ContentType": "text/plain"' in out
    assert '"ContentLength": 8' in out


def test_sync_of_a_folder_with_an_empty_file_does_not_stall(aws, cli_bucket, s3, tmp_path):
    # The CLI sends "Expect: 100-continue" with every upload, also an empty one. If the server
    # answers an empty upload without "100 Continue", botocore keeps that early status for the
    # next upload on the same connection and misreads its response until the read times out.
    src = tmp_path / "src"
    src.mkdir()
    files = {"a-empty.txt": b""}
    files.update({f"b-data{i:02d}.bin": os.urandom(5_000 + i) for i in range(30)})
    for name, data in files.items():
        (src / name).write_bytes(data)
    aws("s3", "sync", src, f"s3://{cli_bucket}/e", timeout=20)
    sizes = {o["Key"]: o["Size"] for o in s3.list_objects_v2(Bucket=cli_bucket)["Contents"]}
    assert sizes == {f"e/{name}": len(data) for name, data in files.items()}
    dst = tmp_path / "dst"
    aws("s3", "sync", f"s3://{cli_bucket}/e", dst, timeout=20)
    assert_same_tree(src, dst)


def test_presign_gives_a_working_sigv4_url(aws, cli_bucket, tmp_path):
    src = tmp_path / "p.txt"
    src.write_bytes(b"presigned by the aws CLI")
    aws("s3", "cp", src, f"s3://{cli_bucket}/p.txt")
    url = aws("s3", "presign", f"s3://{cli_bucket}/p.txt", "--expires-in", "60").stdout.strip()
    assert "X-Amz-Signature=" in url  # CLI v2 presigns with SigV4
    r = requests.get(url)
    assert r.status_code == 200
    assert r.content == b"presigned by the aws CLI"
    tampered = url.replace("X-Amz-Expires=60", "X-Amz-Expires=61")
    assert requests.get(tampered).status_code == 403
