"""Where the s3sandbox executable is: S3SANDBOX_BIN when set, then the wheel's own copy, then
PATH. The variable comes first so that it can replace the bundled binary (a newer build, or a
sanitizer build in CI), as ESBUILD_BINARY_PATH does for esbuild's; unset, the bundled one runs."""
import os
import shutil
import stat
from pathlib import Path

BUNDLED = Path(__file__).resolve().parent / "bin" / "s3sandbox"


def find_binary():
    """The path of the s3sandbox executable, or RuntimeError saying where it looked."""
    env = os.environ.get("S3SANDBOX_BIN")
    if env:
        if os.access(env, os.X_OK):
            return env
        raise RuntimeError(f"S3SANDBOX_BIN={env} is not an executable file")
    if BUNDLED.is_file():
        # An unpacker that drops the mode bits (some zip tools, some build caches) leaves the
        # file unexecutable; restore it for the owner rather than fail.
        if not os.access(BUNDLED, os.X_OK):
            try:
                BUNDLED.chmod(BUNDLED.stat().st_mode | stat.S_IXUSR)
            except OSError:
                pass
        if os.access(BUNDLED, os.X_OK):
            return str(BUNDLED)
    on_path = shutil.which("s3sandbox")
    # The console script this package installs is also called s3sandbox: skip it (it would
    # start itself).
    if on_path and not _is_this_packages_script(on_path):
        return on_path
    raise RuntimeError(
        "no s3sandbox executable: this installation has no bundled binary (the wheels for "
        "linux-x86_64 have one), S3SANDBOX_BIN is not set and there is none on PATH")


def _is_this_packages_script(path):
    try:
        with open(path, "rb") as f:
            head = f.read(256)
    except OSError:
        return False
    return head.startswith(b"#!") and b"python" in head.split(b"\n", 1)[0]
