"""The .deb: its metadata, its files (binary, man page, licences), and its binary's smoke test.

Installing a package into the machine's own root changes the machine (and needs root), so by
default dpkg -i installs it into a temporary root with its own dpkg database (dpkg --root: the
same unpacking, database and removal, without touching /usr), and the installed binary runs from
there. In CI, as root in a throw-away container (S3SANDBOX_TEST_DPKG_INSTALL=1, set by
scripts/test-package.sh when CI is set and it runs as root), it is also installed for real with
dpkg -i, smoke-tested as /usr/bin/s3sandbox and removed."""
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


def test_dpkg_install_into_a_private_root(tmp_path):
    root = tmp_path / "root"
    for d in ("var/lib/dpkg/updates", "var/lib/dpkg/info"):
        (root / d).mkdir(parents=True)
    (root / "var/lib/dpkg/status").touch()
    # The private database has no libc6 (the machine's glibc is what runs the binary), hence
    # --force-depends; the package has no maintainer scripts to chroot into.
    dpkg = ["dpkg", f"--root={root}", "--force-depends", "--force-not-root",
            "--force-script-chrootless"]
    subprocess.run([*dpkg, "-i", str(DEB)], check=True, capture_output=True)
    status = subprocess.run(["dpkg", f"--root={root}", "-s", "s3sandbox"], capture_output=True,
                            text=True, check=True).stdout
    assert "Status: install ok installed" in status
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    smoke(root / "usr/bin/s3sandbox", cwd)
    subprocess.run([*dpkg, "-r", "s3sandbox"], check=True, capture_output=True)
    assert not (root / "usr/bin/s3sandbox").exists()


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
