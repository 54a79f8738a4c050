"""Debian's aws CLI v2 against s3sandbox: mb, cp, ls, sync up and down, rm, rb, presign."""
import filecmp
import os
import uuid

import requests


def make_tree(root):
    files = {
        "index.html": b"<h1>hi</h1>",
        "css/site.css": b"body{}",
        "img/a/logo.bin": os.urandom(300_000),
        "img/a/b/deep.bin": os.urandom(5000),
        "docs/readme with space.txt": b"spaces",
        "empty.txt": b"",
    }
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return files


def assert_same_tree(a, b):
    cmp = filecmp.dircmp(a, b)

    def check(c):
        assert not c.left_only and not c.right_only and not c.diff_files, (
            c.left_only, c.right_only, c.diff_files)
        _, mismatch, errors = filecmp.cmpfiles(c.left, c.right, c.common_files, shallow=False)
        assert not mismatch and not errors
        for sub in c.subdirs.values():
            check(sub)

    check(cmp)


def test_sync_up_and_down_is_byte_identical(aws, tmp_path):
    bucket = "cli-" + uuid.uuid4().hex[:12]
    src = tmp_path / "src"
    files = make_tree(src)
    aws("s3", "mb", f"s3://{bucket}")
    aws("s3", "sync", str(src), f"s3://{bucket}/site")
    listing = aws("s3", "ls", f"s3://{bucket}/site/", "--recursive").stdout
    assert len(listing.splitlines()) == len(files)
    dst = tmp_path / "dst"
    aws("s3", "sync", f"s3://{bucket}/site", str(dst))
    assert_same_tree(src, dst)
    # A second sync finds nothing to do.
    again = aws("s3", "sync", str(src), f"s3://{bucket}/site").stdout
    assert "upload:" not in again
    aws("s3", "rm", f"s3://{bucket}", "--recursive")
    aws("s3", "rb", f"s3://{bucket}")
    assert bucket not in aws("s3", "ls").stdout


def test_cp_up_and_down(aws, tmp_path):
    bucket = "cli-" + uuid.uuid4().hex[:12]
    aws("s3", "mb", f"s3://{bucket}")
    src = tmp_path / "file.bin"
    src.write_bytes(os.urandom(1_000_000))
    aws("s3", "cp", str(src), f"s3://{bucket}/dir/file.bin")
    back = tmp_path / "back.bin"
    aws("s3", "cp", f"s3://{bucket}/dir/file.bin", str(back))
    assert back.read_bytes() == src.read_bytes()


def test_presign_url_downloads(aws, tmp_path):
    bucket = "cli-" + uuid.uuid4().hex[:12]
    aws("s3", "mb", f"s3://{bucket}")
    src = tmp_path / "p.txt"
    src.write_bytes(b"presigned by the aws CLI")
    aws("s3", "cp", str(src), f"s3://{bucket}/p.txt")
    url = aws("s3", "presign", f"s3://{bucket}/p.txt", "--expires-in", "60").stdout.strip()
    assert "X-Amz-Signature=" in url  # CLI v2 presigns with SigV4
    r = requests.get(url)
    assert r.status_code == 200
    assert r.content == b"presigned by the aws CLI"
    tampered = url.replace("X-Amz-Expires=60", "X-Amz-Expires=61")
    assert requests.get(tampered).status_code == 403
