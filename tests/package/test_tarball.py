"""The portable tarball: checksum, contents, static linking, runs from an empty directory."""
import hashlib
import os
import re
import subprocess
import tarfile

from conftest import REPO, TARBALL, VERSION, smoke, start, stop

# What a binary that is static except glibc may load (ldd's names).
ALLOWED = ("linux-vdso.so", "libc.so", "libm.so", "libgcc_s.so", "ld-linux-x86-64.so")


def extract(tmp_path):
    with tarfile.open(TARBALL) as tar:
        tar.extractall(tmp_path)
    return tmp_path / f"s3sandbox-{VERSION}-linux-x86_64"


def test_sha256_file_matches():
    line = (TARBALL.parent / (TARBALL.name + ".sha256")).read_text()
    digest, name = line.split()
    assert name == TARBALL.name
    assert digest == hashlib.sha256(TARBALL.read_bytes()).hexdigest()


def test_contents_and_licences(tmp_path):
    root = extract(tmp_path)
    assert os.access(root / "bin" / "s3sandbox", os.X_OK)
    licences = {p.name for p in (root / "licenses").iterdir()}
    assert {"openssl", "sqlite", "pugixml", "boost", "libstdc++-libgcc", "isa-l",
            "mimalloc", "glibc"} <= licences


def test_links_only_glibc(tmp_path):
    binary = extract(tmp_path) / "bin" / "s3sandbox"
    out = subprocess.run(["ldd", str(binary)], capture_output=True, text=True, check=True).stdout
    libs = [line.split()[0] for line in out.splitlines() if line.strip()]
    unexpected = [lib for lib in libs if not lib.split("/")[-1].startswith(ALLOWED)]
    assert not unexpected, f"shared libraries beyond glibc: {unexpected}\n{out}"


def test_mimalloc_is_the_allocator(tmp_path, empty_dir):
    """Statically linked mimalloc still replaces malloc: MIMALLOC_VERBOSE makes it speak."""
    binary = extract(tmp_path) / "bin" / "s3sandbox"
    env = dict(os.environ, MIMALLOC_VERBOSE="1")
    proc, _ = start(binary, empty_dir, env=env)
    assert "mimalloc" in stop(proc)


def test_runs_from_an_empty_directory(tmp_path, empty_dir):
    binary = extract(tmp_path) / "bin" / "s3sandbox"
    smoke(binary, empty_dir)
    assert list(empty_dir.iterdir()) == [], "the binary wrote into its working directory"


def newest_glibc_symbol(binary):
    out = subprocess.run(["objdump", "-T", str(binary)], capture_output=True, text=True,
                         check=True).stdout
    versions = {tuple(int(n) for n in v.split(".")) for v in re.findall(r"GLIBC_([0-9.]+)", out)}
    return max(versions)


def test_glibc_requirement_matches_the_documented_one(tmp_path):
    """The README, the wheel's manylinux tag and the .deb's Depends promise glibc 2.36."""
    binary = extract(tmp_path) / "bin" / "s3sandbox"
    assert newest_glibc_symbol(binary) <= (2, 36)
    assert "manylinux_2_36_x86_64" in (REPO / "packages/python/setup.cfg").read_text()
