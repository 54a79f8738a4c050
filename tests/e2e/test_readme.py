"""The README's code blocks run as pasted, against a real sandbox, so that they stay true.

Each fenced block is run by its language:
- python: the blocks run in README order in one namespace, as a reader pastes them one after
  another (a later block uses the client an earlier one made), in a scratch directory holding the
  files they name; a block that defines `test_...` functions is a pytest example and runs under
  pytest instead;
- js: written beside the repository's node_modules and run with the pinned Node.js
  (scripts/node.sh); a block importing "node:test" runs under `node --test`;
- sh: run by bash when its commands are aws CLI or curl calls (install and build commands are
  not: CI runs those itself).
Blocks in other languages (cmake, cpp: the outside-consumer test builds those) and blocks marked
with `<!-- readme-test: skip -->` on the line before are not run. Every block's endpoint
(127.0.0.1:9000, localhost:9000) is replaced by the test sandbox's.
"""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import AWS_CLI, REPO

README = REPO / "README.md"
SKIP_MARK = "<!-- readme-test: skip -->"
NODE_SH = REPO / "scripts" / "node.sh"


class Block:
    def __init__(self, section, lang, code, line):
        self.section, self.lang, self.code, self.line = section, lang, code, line

    def __repr__(self):
        return f"README.md:{self.line} ({self.lang}, {self.section})"


def readme_blocks():
    """The fenced blocks to run, with their section and line."""
    blocks, section, lines = [], "", README.read_text().splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#"):
            section = line.lstrip("#").strip()
        fence = re.match(r"^```(\w*)\s*$", line)
        if fence:
            start = i
            i += 1
            body = []
            while i < len(lines) and not lines[i].startswith("```"):
                body.append(lines[i])
                i += 1
            skipped = start > 0 and lines[start - 1].strip() == SKIP_MARK
            if not skipped and runnable(fence.group(1), body):
                blocks.append(Block(section, fence.group(1), "\n".join(body) + "\n", start + 1))
        i += 1
    return blocks


def runnable(lang, body):
    if lang in ("python", "js"):
        return True
    if lang == "sh":
        commands = [ln.strip() for ln in body if ln.strip() and not ln.strip().startswith("#")]
        return bool(commands) and all(c.split()[0] in ("aws", "curl", "export") for c in commands)
    return False


def localize(code, endpoint):
    host = endpoint.removeprefix("http://")
    return code.replace("127.0.0.1:9000", host).replace("localhost:9000", host)


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """A working directory with the files the README's snippets name."""
    (tmp_path / "cat.jpg").write_bytes(b"\xff\xd8\xff\xe0 a cat " * 100)
    (tmp_path / "picture.jpg").write_bytes(b"\xff\xd8\xff\xe0 a picture " * 100)
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<h1>site</h1>")
    monkeypatch.chdir(tmp_path)
    return tmp_path


BLOCKS = readme_blocks()


def test_the_readme_has_runnable_blocks_of_each_kind():
    kinds = {b.lang for b in BLOCKS}
    assert {"python", "js", "sh"} <= kinds, kinds


def test_python_snippets_run_as_pasted(start_sandbox, scratch):
    sandbox = start_sandbox()
    namespace = {"__name__": "readme"}
    for block in [b for b in BLOCKS if b.lang == "python" and "def test_" not in b.code]:
        try:
            exec(compile(localize(block.code, sandbox.endpoint), str(block), "exec"), namespace)
        except Exception as e:  # the README line and the error: what a reader would hit
            pytest.fail(f"{block} fails as pasted: {type(e).__name__}: {e}")


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.lang == "python"
                                   and "def test_" in b.code], ids=repr)
def test_pytest_examples_pass(start_sandbox, scratch, block):
    sandbox = start_sandbox()
    test_file = scratch / "test_readme_example.py"
    test_file.write_text(localize(block.code, sandbox.endpoint))
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          str(test_file)], capture_output=True, text=True, timeout=120,
                         env=dict(os.environ, S3SANDBOX_ENDPOINT=sandbox.endpoint))
    assert run.returncode == 0, f"{block}:\n{run.stdout}\n{run.stderr}"


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.lang == "js"], ids=repr)
def test_js_snippets_run_as_pasted(start_sandbox, block):
    if not (REPO / "node_modules" / "@aws-sdk" / "client-s3").is_dir():
        pytest.skip("npm ci has not been run (scripts/test.sh runs it before these tests)")
    sandbox = start_sandbox()
    # Beside the repository's node_modules, so that its imports resolve as in a user's project.
    script = REPO / "tests" / "e2e" / "js" / f".readme-{block.line}.mjs"
    script.write_text(localize(block.code, sandbox.endpoint))
    try:
        args = ["--test", str(script)] if "node:test" in block.code else [str(script)]
        run = subprocess.run([str(NODE_SH), *args], capture_output=True, text=True, timeout=120,
                             env=dict(os.environ, S3SANDBOX_ENDPOINT=sandbox.endpoint))
    finally:
        script.unlink()
    assert run.returncode == 0, f"{block}:\n{run.stdout}\n{run.stderr}"


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.lang == "sh"], ids=repr)
def test_shell_snippets_run_as_pasted(start_sandbox, scratch, block, tmp_path):
    sandbox = start_sandbox()
    # `aws` in the snippet is the CLI under test (AWS_CLI), with no user configuration.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "aws").symlink_to(AWS_CLI)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(tmp_path),
           "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"}
    run = subprocess.run(["bash", "-euo", "pipefail", "-c", localize(block.code, sandbox.endpoint)],
                         capture_output=True, text=True, timeout=120, env=env)
    assert run.returncode == 0, f"{block}:\n{run.stdout}\n{run.stderr}"
