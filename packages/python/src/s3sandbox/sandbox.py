"""s3sandbox.Sandbox: one s3sandbox server process on a free port, for tests."""
import os
import re
import secrets
import select
import signal
import subprocess
import sys
import tempfile
import time

from ._binary import find_binary
from ._control import Clock, Control, Faults

DEFAULT_ACCESS_KEY = "s3sandbox"
DEFAULT_SECRET_KEY = "s3sandbox-secret"
DEFAULT_REGION = "us-east-1"
# With --tls auto the CA comes first on a line of its own, and the https:// endpoint after the
# http:// one on the ready line.
_READY_LINE = re.compile(
    rb"^(?:s3sandbox tls ca (\S+)\n)?s3sandbox ready (http://\S+)(?: (https://\S+))?\n$")


class Sandbox:
    """A running s3sandbox. As a context manager it starts on enter and stops on exit:

        with Sandbox() as sb:
            s3 = sb.client()
            s3.create_bucket(Bucket="photos")

    args: extra command-line options (see `s3sandbox --help`), e.g. ["--fixtures", "fixtures"].
    data_dir: keep the data there; by default the sandbox is --ephemeral (a temporary directory
    removed when it stops). The server's stderr (the access log) goes to `log_path`; without
    one, to a temporary /tmp/s3sandbox-*.log that a clean stop (exit code 0) removes, unless
    keep_log=True. A failed start or stop keeps it, and prints its path: the reason is there.
    tls=True: also serve HTTPS (--tls auto, a local CA made in the data dir): `tls_endpoint` is
    https://127.0.0.1:PORT, `ca_bundle` the CA to trust (boto3 verify=, requests verify=), and
    client() talks HTTPS with it.
    extra_credentials: more (access key, secret key) pairs, each its own account, after the
    first one (access_key, secret_key), which owns the buckets: e.g. [("bob", "bob-secret")].
    client_config: botocore Config arguments every client() starts from, e.g.
    {"retries": {"total_max_attempts": 1}} (a test sees an error at once rather than after
    retries; botocore's "max_attempts" counts retries, so max_attempts=1 still retries once).
    env: environment variables added to the server's (S3SANDBOX_*, ASAN_OPTIONS, ...).
    A --credential or --region among args replaces the Sandbox's own, as on the command line
    (then pass access_key/secret_key too, for client() to sign with one of them).
    """

    def __init__(self, args=(), *, data_dir=None, binary=None, access_key=DEFAULT_ACCESS_KEY,
                 secret_key=DEFAULT_SECRET_KEY, region=DEFAULT_REGION, ready_timeout=15.0,
                 log_path=None, tls=False, extra_credentials=(), client_config=None,
                 stop_timeout=10.0, env=None, keep_log=False):
        self.binary = str(binary or find_binary())
        self.access_key = access_key
        self.secret_key = secret_key
        self.region = region
        self.ready_timeout = ready_timeout
        self.stop_timeout = stop_timeout
        self.extra_credentials = [tuple(c) for c in extra_credentials]
        self.client_config = dict(client_config or {})
        self._args = [str(a) for a in args]
        self.env = dict(env or {})
        for flag, value in zip(self._args, self._args[1:]):
            if flag == "--region":  # the server's region, so clients sign for it
                self.region = value
        self._data_dir = data_dir
        self._log_path = log_path
        self.keep_log = keep_log
        self._own_log = False  # log_path is a temporary file this Sandbox made
        self.tls = tls
        self._log_start = 0  # log() reads from here: the last clean()
        self._marks_logged = True  # clean()'s line is expected in the log (see _mark_log)
        self.proc = None
        self.endpoint = None
        self.tls_endpoint = None
        self.ca_bundle = None
        self.log_path = None
        self.command = None
        self.returncode = None  # the exit code, once stopped

    # -- lifecycle ------------------------------------------------------------------------
    def start(self):
        if self.proc is not None:
            raise RuntimeError("this Sandbox is already started")
        args = [self.binary, "--listen", "127.0.0.1:0"]
        if "--region" not in self._args:
            args += ["--region", self.region]
        if "--credential" not in self._args:
            for key, secret in [(self.access_key, self.secret_key), *self.extra_credentials]:
                args += ["--credential", f"{key}:{secret}"]
        args += self._args
        if self._data_dir is not None:
            args += ["--data-dir", str(self._data_dir)]
        elif "--data-dir" not in self._args:
            args.append("--ephemeral")
        if self.tls:
            args += ["--tls", "auto", "--tls-listen", "127.0.0.1:0"]
        if self._log_path is None:
            fd, self.log_path = tempfile.mkstemp(prefix="s3sandbox-", suffix=".log")
            os.close(fd)
            self._own_log = True
        else:
            self.log_path = str(self._log_path)
            self._own_log = False
        self.command = args
        self.returncode = None
        self._log_start = 0
        self._marks_logged = True
        # stderr to a file, never to an unread pipe: a full pipe would block the server.
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                         stdout=subprocess.PIPE, stderr=log,
                                         env={**os.environ, **self.env} if self.env else None)
        try:
            self.endpoint = self._read_ready_line(args)
        except BaseException:
            self._kill()  # the log is kept (a failure): the error names it
            raise
        self._control = Control(self.endpoint)
        self.clock = Clock(self._control)
        self.faults = Faults(self._control)
        return self

    def _read_ready_line(self, args):
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + self.ready_timeout
        out = b""
        while not (out.endswith(b"\n") and b"s3sandbox ready " in out):
            remaining = deadline - time.monotonic()
            readable, _, _ = select.select([fd], [], [], max(remaining, 0))
            chunk = os.read(fd, 4096) if readable else b""
            if not chunk:
                why = "did not print its ready line in time" if not readable else "exited"
                raise RuntimeError(f"s3sandbox {why}; args={args}; log ({self.log_path}):\n"
                                   f"{self.log_tail()}")
            out += chunk
        match = _READY_LINE.match(out)
        if not match:
            raise RuntimeError(f"unexpected s3sandbox ready line {out!r}")
        if match.group(1):
            self.ca_bundle = match.group(1).decode()
        if match.group(3):
            self.tls_endpoint = match.group(3).decode()
        return match.group(2).decode()

    def stop(self, timeout=None, sig=signal.SIGTERM):
        """Sends `sig` (SIGTERM), then returns the exit code (SIGKILL after `timeout` seconds,
        default stop_timeout; the code is then the kill's, -9). None when already stopped."""
        if self.proc is None:
            return None
        proc, self.proc = self.proc, None
        if proc.poll() is None:
            proc.send_signal(sig)
        try:
            code = proc.wait(timeout=self.stop_timeout if timeout is None else timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            code = proc.wait()
        proc.stdout.close()
        self.returncode = code
        self._settle_log(code)
        return code

    def _settle_log(self, code):
        """A temporary log goes on a clean stop (exit code 0), unless keep_log; after a failure it
        stays, and its path is printed, since the reason is in it. A log_path given is left
        alone."""
        if not self._own_log:
            return
        if code == 0 and not self.keep_log:
            try:
                os.unlink(self.log_path)
            except OSError:
                pass
            self._own_log = False
        elif code != 0:
            print(f"s3sandbox exited {code}; its log is kept: {self.log_path}", file=sys.stderr)

    def kill(self):
        """SIGKILL, as a power cut would (the data dir is left as the crash left it; so is the
        log, whose path is printed)."""
        if self.proc is not None:
            self._kill()
            self._settle_log(self.returncode)

    def _kill(self):
        if self.proc is not None:
            self.proc.kill()
            self.returncode = self.proc.wait()
            self.proc.stdout.close()
            self.proc = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False

    @property
    def running(self):
        return self.proc is not None and self.proc.poll() is None

    @property
    def port(self):
        return int(self.endpoint.rsplit(":", 1)[1]) if self.endpoint else None

    def log(self, whole=False):
        """What the server wrote on stderr (the access log among it) since the last clean()
        (under the pytest plugin: since the test started), or since it started (whole=True)."""
        try:
            with open(self.log_path, "rb") as f:
                f.seek(0 if whole else self._log_start)
                return f.read().decode("utf-8", errors="replace")
        except (OSError, TypeError):
            return ""

    def log_tail(self, lines=30):
        return "\n".join(self.log(whole=True).splitlines()[-lines:])

    def wait_for_log(self, text, timeout=5.0):
        """True once `text` appears in log(), False after `timeout` seconds. The access log is
        written in batches (within 50 ms), after the response: a client can see the answer
        before its line."""
        deadline = time.monotonic() + timeout
        while text not in self.log():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return True

    def _mark_log(self, line_with=None, timeout=1.0):
        """log() reads from here on: after the line holding `line_with` (a control call's; the
        server writes those at once, after the lines its worker still held), or the file's end.
        The file's size alone is not enough: S3 requests' lines wait up to 50 ms in the server's
        batch, so the previous test's last lines would come after such a mark."""
        if line_with is None or not self._marks_logged:
            self._log_start = self._log_size()
            return
        needle = line_with.encode()
        deadline = time.monotonic() + timeout
        while True:
            try:
                with open(self.log_path, "rb") as f:
                    f.seek(self._log_start)  # the mark is after the previous one
                    data = f.read()
            except (OSError, TypeError):
                self._log_start = 0
                return
            at = data.find(needle)
            if at >= 0:
                end = data.find(b"\n", at)
                self._log_start += len(data) if end < 0 else end + 1
                return
            if time.monotonic() > deadline or not self.running:
                # No access log (--log-level warn, or it is off): mark at the end from now on.
                self._marks_logged = False
                self._log_start += len(data)
                return
            time.sleep(0.002)

    def _log_size(self):
        try:
            return os.path.getsize(self.log_path)
        except (OSError, TypeError):
            return 0

    # -- clients --------------------------------------------------------------------------
    @property
    def credentials(self):
        """Keyword arguments for boto3.client / boto3.Session (keys and region)."""
        return {"aws_access_key_id": self.access_key,
                "aws_secret_access_key": self.secret_key,
                "region_name": self.region}

    def client(self, service="s3", *, access_key=None, secret_key=None, region=None, **config):
        """A boto3 S3 client for this sandbox: path-style addressing (no DNS for bucket names
        needed). Other keyword arguments go to botocore's Config over `client_config` (e.g.
        signature_version="s3v4"). access_key picks another account (its secret is known when it
        is one of extra_credentials); secret_key alone signs with a wrong secret."""
        import boto3
        from botocore.config import Config

        key = access_key or self.access_key
        if secret_key is None:
            secret_key = dict([(self.access_key, self.secret_key),
                               *self.extra_credentials]).get(key, self.secret_key)
        config = {**self.client_config, **config}
        s3_config = dict(config.pop("s3", {}))
        s3_config.setdefault("addressing_style", "path")
        if self.tls_endpoint:  # tls=True: HTTPS, trusting the sandbox's CA
            return boto3.client(service, endpoint_url=self.tls_endpoint, verify=self.ca_bundle,
                                config=Config(s3=s3_config, **config), **self.credentials)
        return boto3.client(service, endpoint_url=self.endpoint,
                            config=Config(s3=s3_config, **config), aws_access_key_id=key,
                            aws_secret_access_key=secret_key, region_name=region or self.region)

    # -- the sandbox API ------------------------------------------------------------------
    def health(self):
        return self._control.call("GET", "health")

    def clean(self, snapshot=None):
        """Everything as a new test wants it: the data reset (or the snapshot restored), the
        clock real, no fault rule, the request journal and the event record empty, and log()
        reading from here. One call, POST /_sandbox/clean; returns its answer. RuntimeError,
        with the log's tail, if the server has exited."""
        if not self.running:
            code = self.proc.poll() if self.proc is not None else self.returncode
            raise RuntimeError(f"s3sandbox is not running (exit code {code}); "
                               f"log:\n{self.log_tail()}")
        # A token the server's access log shows on this call's line: log() starts after it.
        mark = secrets.token_hex(8)
        params = {"log-mark": mark}
        if snapshot is not None:
            params["snapshot"] = snapshot
        answer = self._control.call("POST", "clean", params=params)
        self._mark_log(f"log-mark={mark}")
        return answer

    def reset(self, bucket=None, fixtures=False):
        """Empties everything (or one bucket); fixtures=True re-imports --fixtures."""
        params = {}
        if bucket:
            params["bucket"] = bucket
        if fixtures:
            params["fixtures"] = 1
        return self._control.call("POST", "reset", params=params)

    def requests(self, **filters):
        """The request journal, oldest first: filters bucket=, key=, operation=, status=
        (403 or "4xx"), auth=, since=, wait= (seconds to wait for a first match)."""
        return self._control.call("GET", "requests", params=filters)["requests"]

    def clear_requests(self):
        self._control.call("DELETE", "requests")

    def snapshot(self, name):
        """Saves the whole state as NAME (replacing one of that name); returns its summary."""
        return self._control.call("POST", f"snapshots/{name}")

    def restore(self, name):
        """Brings back the state saved as NAME (the snapshot stays)."""
        return self._control.call("POST", f"snapshots/{name}/restore")

    def snapshots(self):
        return self._control.call("GET", "snapshots")["snapshots"]

    def delete_snapshot(self, name):
        self._control.call("DELETE", f"snapshots/{name}")
