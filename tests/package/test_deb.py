"""The .deb: its metadata, its files (binary, man page, licences), and its binary's smoke test.

Installing a package changes the machine, so by default the .deb is unpacked into a temporary
root (dpkg-deb -x: the same files dpkg -i would place) and run from there. In CI, as root in a
throw-away container (S3SANDBOX_TEST_DPKG_INSTALL=1, set by scripts/test-package.sh when CI is
set and it runs as root), it is also installed with dpkg -i, smoke-tested as /usr/bin/s3sandbox
and removed."""
import os
import subprocess

import pytest

from conftest import DEB, VERSION, smoke


def dpkg_field(field):
    return subprocess.run(["dpkg-deb", "--field", str(DEB), field], capture_output=True,
                          text=True, check=True).stdout.strip()


def test_metadata():
    assert dpkg_field("Package") == "s3sandbox"
    assert dpkg_field("Version") == VERSION
    assert dpkg_field("Architecture") == "amd64"
    # Static except glibc: libc6 is the only dependency.
    depends = dpkg_field("Depends")
    assert depends.startswith("libc6"), depends
    assert "," not in depends, depends


def test_files_and_man_page(tmp_path):
    subprocess.run(["dpkg-deb", "-x", str(DEB), str(tmp_path)], check=True)
    assert os.access(tmp_path / "usr/bin/s3sandbox", os.X_OK)
    licences = {p.name for p in (tmp_path / "usr/share/doc/s3sandbox/licenses").iterdir()}
    assert {"openssl", "sqlite", "boost", "isa-l", "mimalloc"} <= licences
    man = tmp_path / "usr/share/man/man1/s3sandbox.1.gz"
    text = subprocess.run(["zcat", str(man)], capture_output=True, text=True,
                          check=True).stdout
    # help2man's page carries the --help text: the options are there.
    assert ".TH S3SANDBOX" in text.upper()
    assert "--listen" in text.replace("\\-", "-")


def test_unpacked_binary_smoke(tmp_path):
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(DEB), str(root)], check=True)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    smoke(root / "usr/bin/s3sandbox", cwd)


@pytest.mark.skipif(os.environ.get("S3SANDBOX_TEST_DPKG_INSTALL") != "1" or os.geteuid() != 0,
                    reason="dpkg -i only as root in a throw-away CI container "
                           "(S3SANDBOX_TEST_DPKG_INSTALL=1)")
def test_dpkg_install(tmp_path):
    subprocess.run(["dpkg", "-i", str(DEB)], check=True)
    try:
        smoke("/usr/bin/s3sandbox", tmp_path)
        assert os.path.isfile("/usr/share/man/man1/s3sandbox.1.gz")
    finally:
        subprocess.run(["dpkg", "-r", "s3sandbox"], check=True)
