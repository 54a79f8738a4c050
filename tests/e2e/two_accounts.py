"""Two accounts on one server, for the access-control tests (test_acl.py, test_policy.py):
alice (the first credential, so buckets made before accounts existed are hers) and bob.

A test module imports the fixtures it uses (`from two_accounts import ALICE, BOB, server, alice,
bob`); being module-scoped, each module gets its own server.
"""
import pytest

from conftest import sandbox_fixture

ALICE = ("alice", "alice-secret-key-0001")
BOB = ("bob", "bob-secret-key-0000002")

# The plugin's Sandbox with two accounts: alice's credential first, then bob's.
server = sandbox_fixture(access_key=ALICE[0], secret_key=ALICE[1], extra_credentials=[BOB])


@pytest.fixture(scope="module")
def alice(server):
    return server.client()


@pytest.fixture(scope="module")
def bob(server):
    return server.client(access_key=BOB[0])
