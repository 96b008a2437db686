"""Conformance of `snowglobe serve` to Snowflake's SQL API v2, checked by a client written from
Snowflake's documented request and response format (docs: developer-guide/sql-api — reference,
submitting-requests, handling-responses, authenticating), with the standard library only.

Key-pair authentication uses a key made here by `openssl`; the JWT is signed and the key's
fingerprint computed by `openssl` too (`SHA256:` + base64 of the SHA-256 of the public key's DER),
never by the server's code.
"""

import base64
import json
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve import BIN, ROOT, Server  # noqa: E402

ACCOUNT, USER = "ACME", "ALICE"
TOKEN = "pat-" + uuid.uuid4().hex


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def openssl(*args, data=None):
    return subprocess.run(["openssl", *args], input=data, capture_output=True, check=True).stdout


class Keys:
    """An RSA key pair made by openssl, and JWTs signed with it."""

    def __init__(self, directory):
        self.private = Path(directory) / f"key-{uuid.uuid4().hex}.pem"
        self.public = self.private.with_suffix(".pub")
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", str(self.private))
        openssl("pkey", "-in", str(self.private), "-pubout", "-out", str(self.public))
        der = openssl("pkey", "-pubin", "-in", str(self.public), "-outform", "DER")
        self.fingerprint = "SHA256:" + base64.b64encode(openssl("dgst", "-sha256", "-binary", data=der)).decode()

    def jwt(self, account=ACCOUNT, user=USER, lifetime=3600, fingerprint=None, now=None):
        now = int(time.time()) if now is None else now
        header = {"alg": "RS256", "typ": "JWT"}
        claims = {"iss": f"{account}.{user}.{fingerprint or self.fingerprint}", "sub": f"{account}.{user}",
                  "iat": now, "exp": now + lifetime}
        signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}"
        signature = openssl("dgst", "-sha256", "-sign", str(self.private), data=signing_input.encode())
        return f"{signing_input}.{b64url(signature)}"


def call(server, method, path, body=None, token=None, token_type="KEYPAIR_JWT", content_type="application/json",
         raw=None):
    """Sends one request; returns (status, parsed JSON or None, headers)."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(server.url + path, data=data, method=method)
    request.add_header("User-Agent", "snowglobe-conformance/1.0")
    request.add_header("Accept", "application/json")
    if content_type:
        request.add_header("Content-Type", content_type)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
        if token_type:
            request.add_header("X-Snowflake-Authorization-Token-Type", token_type)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            status, text, headers = response.status, response.read(), response.headers
    except urllib.error.HTTPError as e:
        status, text, headers = e.code, e.read(), e.headers
    try:
        parsed = json.loads(text) if text else None
    except ValueError:
        parsed = text.decode(errors="replace")
    return status, parsed, headers


def driver_login(server):
    """A drivers'-protocol session (to hold a transaction while SQL API requests wait)."""
    body = {"data": {"LOGIN_NAME": USER, "PASSWORD": TOKEN, "ACCOUNT_NAME": ACCOUNT}}
    _, reply, _ = call(server, "POST", "/session/v1/login-request?databaseName=CONF", body)
    return reply["data"]["token"]


def driver_query(server, session_token, sql):
    request = urllib.request.Request(server.url + "/queries/v1/query-request",
                                     data=json.dumps({"sqlText": sql}).encode(), method="POST")
    request.add_header("Content-Type", "application/json")
    request.add_header("Authorization", f'Snowflake Token="{session_token}"')
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


class SqlApiConformance(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        cls.keys = Keys(cls.dir.name)
        cls.other_keys = Keys(cls.dir.name)
        token_file = Path(cls.dir.name) / "tokens"
        token_file.write_text(TOKEN + "\n")
        script = Path(cls.dir.name) / "setup.sql"
        script.write_text("CREATE DATABASE conf; CREATE TABLE ten (n NUMBER);"
                          "INSERT INTO ten VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9);"
                          "CREATE TABLE counter (n NUMBER);")
        cls.server = Server(script, "--jwt-public-key", cls.keys.public, "--account", ACCOUNT.lower(),
                            "--user", USER.lower(), "--token-file", token_file, "--max-body", 65536,
                            "--max-concurrent", 4, "--clock", "manual").__enter__()
        cls.jwt = cls.keys.jwt()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)
        cls.dir.cleanup()

    def submit(self, statement, query="", **fields):
        body = {"statement": statement, "timeout": 60}
        body.update(fields)
        return call(self.server, "POST", "/api/v2/statements" + query, body, token=self.jwt)

    def test_a_query_returns_every_documented_field(self):
        status, reply, _ = self.submit(
            "SELECT 1::NUMBER(10,2) AS n, 'x' AS t, TRUE AS b, '2020-01-01'::DATE AS d, "
            "'2020-01-01 00:00:01.5'::TIMESTAMP_NTZ AS ts, NULL::VARCHAR AS z", database="conf")
        self.assertEqual(status, 200, reply)
        meta = reply["resultSetMetaData"]
        self.assertEqual(meta["numRows"], 1)
        self.assertEqual(meta["format"], "jsonv2")
        self.assertEqual(meta["partitionInfo"], [{"rowCount": 1, "uncompressedSize": meta["partitionInfo"][0]["uncompressedSize"]}])
        names = [c["name"] for c in meta["rowType"]]
        self.assertEqual(names, ["N", "T", "B", "D", "TS", "Z"])
        types = {c["name"]: c for c in meta["rowType"]}
        self.assertEqual((types["N"]["type"], types["N"]["precision"], types["N"]["scale"]), ("fixed", 10, 2))
        self.assertEqual(types["T"]["type"], "text")
        self.assertEqual(types["B"]["type"], "boolean")
        self.assertEqual(types["D"]["type"], "date")
        self.assertEqual((types["TS"]["type"], types["TS"]["scale"]), ("timestamp_ntz", 9))
        for column in meta["rowType"]:
            for key in ("name", "database", "schema", "table", "type", "scale", "precision", "length",
                        "byteLength", "nullable", "collation"):
                self.assertIn(key, column)
        # Cells are strings: FIXED as decimal text at its scale, BOOLEAN true/false, DATE as days since
        # the epoch (2020-01-01 is day 18262), TIMESTAMP_NTZ as seconds with 9 decimals, NULL as null.
        self.assertEqual(reply["data"], [["1.00", "x", "true", "18262", "1577836801.500000000", None]])
        self.assertEqual(reply["code"], "090001")
        self.assertEqual(reply["sqlState"], "00000")
        uuid.UUID(reply["statementHandle"])
        self.assertEqual(reply["statementStatusUrl"], f"/api/v2/statements/{reply['statementHandle']}")
        self.assertIsInstance(reply["createdOn"], int)
        self.assertIn("message", reply)
        status, again, _ = call(self.server, "GET", reply["statementStatusUrl"], token=self.jwt)
        self.assertEqual((status, again["data"]), (200, reply["data"]))

    def test_nullable_false_sends_null_as_text(self):
        status, reply, _ = self.submit("SELECT NULL::VARCHAR AS z", "?nullable=false")
        self.assertEqual((status, reply["data"]), (200, [["null"]]))

    def test_sql_errors_are_422_with_code_state_and_message(self):
        status, reply, _ = self.submit("SELECT nope FROM ten", database="conf")
        self.assertEqual(status, 422)
        self.assertEqual((reply["code"], reply["sqlState"]), ("000904", "42000"))
        self.assertIn("invalid identifier 'NOPE'", reply["message"])
        uuid.UUID(reply["statementHandle"])
        status, _, _ = call(self.server, "GET", f"/api/v2/statements/{reply['statementHandle']}", token=self.jwt)
        self.assertEqual(status, 422)

    def test_bindings(self):
        status, reply, _ = self.submit("SELECT ? + 1 AS n, ? AS t", bindings={
            "1": {"type": "FIXED", "value": "41"}, "2": {"type": "TEXT", "value": "it's"}})
        self.assertEqual((status, reply["data"]), (200, [["42", "it's"]]))

    def test_key_pair_jwts_are_checked(self):
        bad = {
            "expired": self.keys.jwt(now=int(time.time()) - 7200, lifetime=60),
            "forged (signed by another key)": self.other_keys.jwt(fingerprint=self.keys.fingerprint),
            "another key's fingerprint": self.other_keys.jwt(),
            "another user": self.keys.jwt(user="MALLORY"),
            "garbage": "a.b.c",
        }
        for what, token in bad.items():
            status, reply, _ = call(self.server, "POST", "/api/v2/statements", {"statement": "SELECT 1"}, token=token)
            self.assertEqual(status, 401, what)
            self.assertIn("code", reply)
        status, _, _ = call(self.server, "POST", "/api/v2/statements", {"statement": "SELECT 1"})
        self.assertEqual(status, 401)
        lower = self.keys.jwt(account="acme", user="alice")
        status, _, _ = call(self.server, "POST", "/api/v2/statements", {"statement": "SELECT 1"}, token=lower)
        self.assertEqual(status, 200, "account and user compare without case")

    def test_programmatic_access_tokens(self):
        for token_type in ("PROGRAMMATIC_ACCESS_TOKEN", "OAUTH"):
            status, _, _ = call(self.server, "POST", "/api/v2/statements", {"statement": "SELECT 1"},
                                token=TOKEN, token_type=token_type)
            self.assertEqual(status, 200, token_type)
        status, _, _ = call(self.server, "POST", "/api/v2/statements", {"statement": "SELECT 1"},
                            token="pat-wrong", token_type="PROGRAMMATIC_ACCESS_TOKEN")
        self.assertEqual(status, 401)

    def test_async_submission_is_202_then_polled(self):
        status, reply, _ = self.submit("SELECT 7 AS n", "?async=true")
        self.assertEqual(status, 202)
        self.assertEqual(reply["code"], "333334")
        url = reply["statementStatusUrl"]
        for _ in range(100):
            status, polled, _ = call(self.server, "GET", url, token=self.jwt)
            if status != 202:
                break
            time.sleep(0.05)
        self.assertEqual((status, polled["data"]), (200, [["7"]]))

    def test_partitions_over_100000_rows(self):
        status, reply, _ = self.submit(
            "CREATE OR REPLACE TABLE big AS SELECT a.n * 10000 + b.n * 1000 + c.n * 100 + d.n * 10 + e.n AS id, "
            "'row-' || TO_VARCHAR(a.n * 10000 + b.n * 1000 + c.n * 100 + d.n * 10 + e.n) AS label "
            "FROM ten a, ten b, ten c, ten d, ten e", database="conf")
        self.assertEqual(status, 200, reply)
        status, first, headers = self.submit("SELECT id, label FROM big ORDER BY id", database="conf")
        self.assertEqual(status, 200)
        meta = first["resultSetMetaData"]
        self.assertEqual(meta["numRows"], 100_000)
        partitions = meta["partitionInfo"]
        self.assertGreater(len(partitions), 1)
        self.assertEqual(sum(p["rowCount"] for p in partitions), 100_000)
        self.assertIn('rel="next"', headers.get("Link", ""))
        rows = list(first["data"])
        self.assertEqual(len(rows), partitions[0]["rowCount"])
        for n in range(1, len(partitions)):
            status, page, _ = call(self.server, "GET", f"{first['statementStatusUrl']}?partition={n}", token=self.jwt)
            self.assertEqual(status, 200)
            self.assertNotIn("resultSetMetaData", page)
            self.assertEqual(len(page["data"]), partitions[n]["rowCount"])
            rows += page["data"]
        self.assertEqual([int(r[0]) for r in rows], list(range(100_000)))
        self.assertEqual(rows[12345], ["12345", "row-12345"])
        status, _, _ = call(self.server, "GET", f"{first['statementStatusUrl']}?partition={len(partitions)}", token=self.jwt)
        self.assertEqual(status, 400)

    def test_multi_statement_requests(self):
        status, reply, _ = self.submit("SELECT 1; SELECT 2", parameters={"MULTI_STATEMENT_COUNT": "2"})
        self.assertEqual(status, 200, reply)
        handles = reply["statementHandles"]
        self.assertEqual(len(handles), 2)
        answers = [call(self.server, "GET", f"/api/v2/statements/{h}", token=self.jwt)[1]["data"] for h in handles]
        self.assertEqual(answers, [[["1"]], [["2"]]])
        status, reply, _ = self.submit("SELECT 1; SELECT 2")
        self.assertEqual(status, 422)
        self.assertIn("Actual statement count 2 did not match the desired statement count 1.", reply["message"])
        status, reply, _ = self.submit("SELECT 1; SELECT 2; SELECT 3", parameters={"MULTI_STATEMENT_COUNT": 0})
        self.assertEqual((status, len(reply["statementHandles"])), (200, 3))

    def test_request_ids_make_retries_idempotent(self):
        request_id = str(uuid.uuid4())
        for query in (f"?requestId={request_id}", f"?requestId={request_id}&retry=true"):
            status, reply, _ = self.submit("INSERT INTO counter VALUES (1)", query, database="conf")
            self.assertEqual(status, 200, reply)
        status, reply, _ = self.submit("SELECT COUNT(*) FROM counter", database="conf")
        self.assertEqual(reply["data"], [["1"]])

    def test_cancel_and_429_while_another_session_holds_a_transaction(self):
        session = driver_login(self.server)
        self.assertTrue(driver_query(self.server, session, "BEGIN")["success"])
        status, queued, _ = self.submit("INSERT INTO counter VALUES (100)", "?async=true", database="conf")
        self.assertEqual(status, 202)
        status, reply, _ = call(self.server, "POST", f"{queued['statementStatusUrl']}/cancel", token=self.jwt)
        self.assertEqual((status, reply["code"]), (200, "000604"))
        # Four synchronous requests wait behind the transaction, each with a 2-second timeout: while
        # they hold the four request slots, a fifth is shed with 429; then each times out.
        outcomes = []
        waiting = [threading.Thread(target=lambda: outcomes.append(self.submit("SELECT 1", timeout=2)))
                   for _ in range(4)]
        for t in waiting:
            t.start()
        time.sleep(0.5)
        status, reply, _ = self.submit("SELECT 1")
        self.assertEqual((status, reply["code"]), (429, "390505"))
        for t in waiting:
            t.join()
        self.assertEqual(sorted((o[0], o[1]["code"]) for o in outcomes), [(422, "000630")] * 4)
        self.assertTrue(driver_query(self.server, session, "COMMIT")["success"])
        status, reply, _ = call(self.server, "GET", queued["statementStatusUrl"], token=self.jwt)
        self.assertEqual((status, reply["code"]), (422, "000604"))
        status, reply, _ = self.submit("SELECT COUNT(*) FROM counter WHERE n = 100", database="conf")
        self.assertEqual(reply["data"], [["0"]], "a canceled statement never ran")
        status, reply, _ = call(self.server, "POST", f"{queued['statementStatusUrl']}/cancel", token=self.jwt)
        self.assertEqual(status, 200)

    def test_bad_requests(self):
        url = "/api/v2/statements"
        status, reply, _ = call(self.server, "POST", url, token=self.jwt, raw=b"{not json")
        self.assertEqual(status, 400)
        self.assertIn("code", reply)
        status, _, _ = call(self.server, "POST", url, {"statement": "SELECT 1"}, token=self.jwt, content_type="text/plain")
        self.assertEqual(status, 415)
        status, _, _ = call(self.server, "POST", url, {"timeout": 5}, token=self.jwt)
        self.assertEqual(status, 400)
        status, _, _ = call(self.server, "POST", url, {"statement": "SELECT '" + "x" * 70000 + "'"}, token=self.jwt)
        self.assertEqual(status, 413)
        status, reply, _ = call(self.server, "GET", f"{url}/{uuid.uuid4()}", token=self.jwt)
        self.assertEqual((status, reply["code"]), (404, "000709"))
        status, reply, _ = call(self.server, "GET", url, token=self.jwt)
        self.assertEqual((status, reply), (405, None))
        status, reply, _ = call(self.server, "POST", f"{url}/{uuid.uuid4()}/cancel", token=self.jwt)
        self.assertEqual(status, 404)

    def test_credentials_never_reach_the_log(self):
        self.submit("SELECT 1")
        self.server._err.seek(0)
        log = self.server._err.read()
        self.assertIn("ok", log)
        for secret in (TOKEN, self.jwt, self.jwt.split(".")[2]):
            self.assertNotIn(secret, log)


class Startup(unittest.TestCase):
    def test_refuses_to_run_open_without_a_choice(self):
        done = subprocess.run([BIN, "serve", "--port", "0"], cwd=ROOT, capture_output=True, text=True, timeout=30)
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("refusing to serve without authentication", done.stderr)

    def test_ctrl_c_shuts_down_cleanly(self):
        with Server("--no-auth") as server:
            status, _, _ = call(server, "POST", "/api/v2/statements", {"statement": "SELECT 1"})
            self.assertEqual(status, 200)
        self.assertIn("shutting down", server.log)


if __name__ == "__main__":
    unittest.main()
