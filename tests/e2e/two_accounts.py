"""Two accounts on one server, for the access-control tests (test_acl.py, test_policy.py):
alice (the first credential, so buckets made before accounts existed are hers) and bob.

A test module imports the fixtures it uses (`from two_accounts import ALICE, BOB, server, alice,
bob`); being module-scoped, each module gets its own server.
"""
import pytest

from conftest import Sandbox, make_client, stop_cleanly

ALICE = ("alice", "alice-secret-key-0001")
BOB = ("bob", "bob-secret-key-0000002")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    sandbox = Sandbox(tmp_path_factory.mktemp("two-accounts-logs"),
                      "--credential", f"{ALICE[0]}:{ALICE[1]}",
                      "--credential", f"{BOB[0]}:{BOB[1]}")
    yield sandbox
    stop_cleanly(sandbox)


@pytest.fixture(scope="module")
def alice(server):
    return make_client(server.endpoint, *ALICE)


@pytest.fixture(scope="module")
def bob(server):
    return make_client(server.endpoint, *BOB)
