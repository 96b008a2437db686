"""The SQL API conformance client (test_sqlapi), pointed at `snowglobe proxy` instead of the
server, holding no credential: the proxy signs its own key-pair JWTs (with a key made by openssl
and registered with the stand-in) and forwards every documented request shape — results with every
field, nullable=false, 422 errors, bindings, async 202 and polling, 100,000 rows in partitions,
multi-statement requests, idempotent retries by requestId.

Checks that are about the server's own authentication or log stay in test_sqlapi: through the
proxy, a client's credential is never what reaches the account.
"""

import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import test_sqlapi  # noqa: E402
from serve import Proxy  # noqa: E402

FORWARDED = [
    "test_a_query_returns_every_documented_field",
    "test_nullable_false_sends_null_as_text",
    "test_sql_errors_are_422_with_code_state_and_message",
    "test_bindings",
    "test_async_submission_is_202_then_polled",
    "test_partitions_over_100000_rows",
    "test_multi_statement_requests",
    "test_request_ids_make_retries_idempotent",
]


class ClientAt:
    """What `call` needs of a server: its URL."""

    def __init__(self, url):
        self.url = url


class SqlApiThroughProxy(test_sqlapi.SqlApiConformance):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stand_in = cls.server
        cls.proxy = Proxy(cls.stand_in.url, "--account", test_sqlapi.ACCOUNT, "--user", test_sqlapi.USER,
                          "--private-key", cls.keys.private, "--no-site").__enter__()
        cls.server = ClientAt(cls.proxy.url)
        cls.jwt = None

    @classmethod
    def tearDownClass(cls):
        cls.proxy.__exit__(None, None, None)
        cls.server = cls.stand_in
        super().tearDownClass()
        assert "PRIVATE KEY" not in cls.proxy.log and "eyJ" not in cls.proxy.log, "no key or token in the log"


def load_tests(loader, tests, pattern):
    return unittest.TestSuite(SqlApiThroughProxy(name) for name in FORWARDED)


if __name__ == "__main__":
    unittest.main()
