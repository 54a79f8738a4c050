"""s3sandbox: a local S3-compatible test server.

    from s3sandbox import Sandbox
    with Sandbox() as sb:
        sb.client().create_bucket(Bucket="photos")

With pytest, the plugin (installed with this package) gives the `s3sandbox` (one server per
session) and `s3` (a boto3 client, the sandbox reset before each test) fixtures.
"""
from ._binary import find_binary
from ._control import ControlError
from .sandbox import Sandbox

__all__ = ["Sandbox", "ControlError", "find_binary"]
