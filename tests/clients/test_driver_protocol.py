"""The drivers' protocol of `snowglobe serve` spoken by hand (standard library only), for what the
connector tests cannot reach: the complete login response connector 5.x insists on, token renewal
with the master token, heartbeat, logout, authentication choices, and hostile bodies (not JSON,
broken gzip, a gzip bomb, no or unknown token). Every answer is HTTP 200 with Snowflake's
`success`/`code` envelope, as Snowflake's own server answers drivers.
"""

import gzip
import json
import socket
import subprocess
import time
import sys
import tempfile
import unittest
import urllib.error
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve import BIN, ROOT, Server  # noqa: E402

TOKEN = "pat-" + uuid.uuid4().hex


def post(server, path, body=None, token=None, raw=None, gzipped=False):
    data = raw if raw is not None else json.dumps(body or {}).encode()
    if gzipped:
        data = gzip.compress(data)
    request = urllib.request.Request(server.url + path, data=data, method="POST")
    request.add_header("Content-Type", "application/json")
    if gzipped:
        request.add_header("Content-Encoding", "gzip")
    if token:
        request.add_header("Authorization", f'Snowflake Token="{token}"')
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as e:
        text = e.read()
        return e.code, (json.loads(text) if text.startswith(b"{") else text.decode())


class DriverProtocol(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        tokens = Path(cls.dir.name) / "tokens"
        tokens.write_text(TOKEN)
        setup = Path(cls.dir.name) / "setup.sql"
        setup.write_text("CREATE DATABASE d; CREATE TABLE t (a NUMBER); USE WAREHOUSE wh;")
        cls.server = Server(setup, "--token-file", tokens, "--max-body", 100000, "--clock", "manual").__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)
        cls.dir.cleanup()

    def login(self, **data):
        fields = {"LOGIN_NAME": "dev", "PASSWORD": TOKEN}
        fields.update(data)
        return post(self.server, "/session/v1/login-request?databaseName=d&schemaName=public", {"data": fields},
                    gzipped=True)

    def test_login_response_is_complete(self):
        status, reply = self.login()
        self.assertEqual((status, reply["success"]), (200, True))
        data = reply["data"]
        for key in ("token", "masterToken", "validityInSeconds", "masterValidityInSeconds", "sessionId",
                    "parameters", "sessionInfo", "serverVersion", "displayUserName", "healthCheckInterval"):
            self.assertIn(key, data)
        self.assertEqual((data["validityInSeconds"], data["masterValidityInSeconds"]), (3600, 14400))
        self.assertEqual(data["sessionInfo"]["databaseName"], "D")
        self.assertEqual(data["sessionInfo"]["schemaName"], "PUBLIC")
        self.assertEqual(data["sessionInfo"]["warehouseName"], "WH")

    def test_credentials_are_checked(self):
        for fields in ({"PASSWORD": "wrong"}, {"AUTHENTICATOR": "OAUTH", "TOKEN": "wrong"},
                       {"AUTHENTICATOR": "SNOWFLAKE_JWT", "TOKEN": "a.b.c"}, {"AUTHENTICATOR": "EXTERNALBROWSER"}):
            status, reply = self.login(**fields)
            self.assertEqual((status, reply["success"], reply["code"]), (200, False, "390100"), fields)
        status, reply = self.login(AUTHENTICATOR="PROGRAMMATIC_ACCESS_TOKEN", TOKEN=TOKEN)
        self.assertTrue(reply["success"])

    def test_a_missing_database_is_left_unset(self):
        status, reply = post(self.server, "/session/v1/login-request?databaseName=nowhere",
                             {"data": {"PASSWORD": TOKEN}})
        self.assertTrue(reply["success"])
        self.assertIsNone(reply["data"]["sessionInfo"]["databaseName"])

    def test_renewal_heartbeat_and_logout(self):
        data = self.login()[1]["data"]
        old, master = data["token"], data["masterToken"]
        _, reply = post(self.server, "/session/token-request", {"oldSessionToken": old, "requestType": "RENEW"},
                        token=master)
        self.assertTrue(reply["success"], reply)
        new = reply["data"]["sessionToken"]
        self.assertNotEqual(new, old)
        _, reply = post(self.server, "/queries/v1/query-request", {"sqlText": "SELECT 1"}, token=old)
        self.assertEqual((reply["success"], reply["code"]), (False, "390104"))
        _, reply = post(self.server, "/queries/v1/query-request", {"sqlText": "SELECT 1"}, token=new)
        self.assertEqual(reply["data"]["rowset"], [["1"]])
        self.assertTrue(post(self.server, "/session/heartbeat", token=new)[1]["success"])
        self.assertTrue(post(self.server, "/session?delete=true", token=new)[1]["success"])
        _, reply = post(self.server, "/queries/v1/query-request", {"sqlText": "SELECT 1"}, token=new)
        self.assertEqual(reply["code"], "390104")

    def test_dml_reports_its_statement_type_and_count(self):
        token = self.login()[1]["data"]["token"]
        _, reply = post(self.server, "/queries/v1/query-request",
                        {"sqlText": "INSERT INTO t VALUES (?), (?)",
                         "bindings": {"1": {"type": "FIXED", "value": "1"}, "2": {"type": "FIXED", "value": "2"}}},
                        token=token, gzipped=True)
        data = reply["data"]
        self.assertEqual((data["statementTypeId"], data["rowset"]), (12544, [["2"]]))
        self.assertEqual(data["rowtype"][0]["name"], "number of rows inserted")
        self.assertEqual((data["finalDatabaseName"], data["queryResultFormat"]), ("D", "json"))
        _, reply = post(self.server, "/queries/v1/query-request", {"sqlText": "SELECT nope FROM t"}, token=token)
        self.assertEqual((reply["success"], reply["code"], reply["data"]["sqlState"]), (False, "000904", "42000"))
        self.assertTrue(reply["data"]["queryId"])

    def test_a_session_left_in_a_transaction_is_rolled_back_at_logout(self):
        token = self.login()[1]["data"]["token"]
        post(self.server, "/queries/v1/query-request", {"sqlText": "BEGIN"}, token=token)
        post(self.server, "/queries/v1/query-request", {"sqlText": "INSERT INTO t VALUES (999)"}, token=token)
        post(self.server, "/session?delete=true", token=token)
        other = self.login()[1]["data"]["token"]
        _, reply = post(self.server, "/queries/v1/query-request",
                        {"sqlText": "SELECT COUNT(*) FROM t WHERE a = 999"}, token=other)
        self.assertEqual(reply["data"]["rowset"], [["0"]])

    def test_hostile_bodies(self):
        token = self.login()[1]["data"]["token"]
        _, reply = post(self.server, "/queries/v1/query-request", raw=b"{not json", token=token)
        self.assertEqual((reply["success"], reply["code"]), (False, "390142"))
        request = urllib.request.Request(self.server.url + "/queries/v1/query-request", data=b"not gzip",
                                         method="POST", headers={"Content-Encoding": "gzip",
                                                                 "Authorization": f'Snowflake Token="{token}"'})
        with urllib.request.urlopen(request) as response:
            self.assertEqual(json.loads(response.read())["code"], "390142")
        bomb = json.dumps({"sqlText": "SELECT '" + " " * 5_000_000 + "'"}).encode()
        self.assertLess(len(gzip.compress(bomb)), 100_000)
        _, reply = post(self.server, "/queries/v1/query-request", raw=bomb, token=token, gzipped=True)
        self.assertEqual((reply["success"], reply["message"]), (False, "The request body is too large."))
        status, _ = post(self.server, "/queries/v1/query-request", raw=b"x" * 200_000, token=token)
        self.assertEqual(status, 413)
        _, reply = post(self.server, "/queries/v1/query-request", {"sqlText": "SELECT 1"})
        self.assertEqual(reply["code"], "390104")
        _, reply = post(self.server, "/queries/v1/query-request", {"sqlText": "SELECT 1"}, token="made-up")
        self.assertEqual(reply["code"], "390104")
        _, reply = post(self.server, "/queries/v1/query-request", {"sqlText": "SELECT 1"}, token=token)
        self.assertEqual(reply["data"]["rowset"], [["1"]], "the server still answers")

    def test_no_credential_in_the_log(self):
        self.login()
        self.server._err.seek(0)
        self.assertNotIn(TOKEN, self.server._err.read())


class SlowClients(unittest.TestCase):
    def test_a_stalled_upload_is_cut_off_and_the_server_goes_on(self):
        with Server("--no-auth", "--request-timeout", "1", "--max-concurrent", "1") as server:
            with socket.create_connection(("127.0.0.1", server.port)) as stalled:
                stalled.sendall(b"POST /api/v2/statements HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                b"Content-Length: 100\r\n\r\n{\"statement\"")
                stalled.settimeout(30)
                self.assertIn(b" 408 ", stalled.recv(4096).split(b"\r\n")[0] + b" ")
            _, reply = post(server, "/session/v1/login-request", {"data": {"PASSWORD": "x"}})
            self.assertTrue(reply["success"])


class Generator(unittest.TestCase):
    def test_the_generator_feeds_the_bronze_table_as_the_clock_runs(self):
        with Server("sql/ecomm_cdc.sql", "--no-auth", "--speed", "600", "--generator", "1") as server:
            _, reply = post(server, "/session/v1/login-request?databaseName=ECOMM_CDC", {"data": {"PASSWORD": "x"}})
            token = reply["data"]["token"]
            count = 0
            for _ in range(100):
                _, answer = post(server, "/queries/v1/query-request", {"sqlText": "SELECT COUNT(*) FROM raw_orders"},
                                 token=token)
                count = int(answer["data"]["rowset"][0][0])
                if count >= 50:
                    break
                time.sleep(0.1)
            self.assertGreaterEqual(count, 50, "600 virtual seconds per second at 1 event per virtual second")

    def test_it_needs_the_wall_clock(self):
        done = subprocess.run([BIN, "serve", "--no-auth", "--generator", "--clock", "manual"], cwd=ROOT,
                              capture_output=True, text=True, timeout=30)
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("cannot run with --clock manual", done.stderr)


class StateFile(unittest.TestCase):
    """`--state FILE`: a restart replays the committed work and resumes the clock."""

    def session(self, server):
        _, reply = post(server, "/session/v1/login-request?databaseName=d", {"data": {"PASSWORD": "any"}})
        token = reply["data"]["token"]

        def run(sql, bindings=None):
            body = {"sqlText": sql}
            if bindings:
                body["bindings"] = bindings
            _, answer = post(server, "/queries/v1/query-request", body, token=token)
            self.assertTrue(answer["success"], answer)
            return answer["data"]["rowset"]
        return run

    def test_restart_resumes_the_session(self):
        with tempfile.TemporaryDirectory() as tmp:
            setup = Path(tmp) / "setup.sql"
            setup.write_text("CREATE DATABASE d; CREATE TABLE t (a NUMBER, b STRING);")
            state = Path(tmp) / "session.jsonl"
            args = (setup, "--no-auth", "--clock", "manual", "--start", "2026-01-15 09:00:00", "--state", state)
            with Server(*args) as server:
                run = self.session(server)
                run("INSERT INTO t VALUES (?, ?)", {"1": {"type": "FIXED", "value": "1"},
                                                     "2": {"type": "TEXT", "value": "kept"}})
                run("BEGIN")
                run("INSERT INTO t VALUES (2, 'rolled back')")
                run("ROLLBACK")
                run("CREATE DYNAMIC TABLE n TARGET_LAG = '1 minute' WAREHOUSE = wh AS SELECT COUNT(*) AS c FROM t")
                run("BEGIN")
                run("INSERT INTO t VALUES (3, 'committed')")
                run("COMMIT")
                run("CALL SYSTEM$ADVANCE_CLOCK('10 minutes')")
                run("SELECT * FROM t")
            with Server(*args) as server:
                run = self.session(server)
                self.assertEqual(run("SELECT a, b FROM t ORDER BY a"), [["1", "kept"], ["3", "committed"]])
                self.assertEqual(run("SELECT c FROM n"), [["2"]])
                self.assertEqual(run("SELECT TO_VARCHAR(CURRENT_TIMESTAMP(), 'YYYY-MM-DD HH24:MI')"),
                                 [["2026-01-15 09:10"]])
            self.assertIn("state: replayed", server.log)


if __name__ == "__main__":
    unittest.main()
