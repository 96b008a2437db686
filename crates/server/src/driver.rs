//! The drivers' protocol (Python connector, JDBC, ODBC, Go, Node): log in, run queries in a session,
//! keep it alive, renew its token, close it.
//!
//! - `POST /session/v1/login-request` — password (any under `--no-auth`; a registered token works as
//!   a password, as programmatic access tokens do on Snowflake), `SNOWFLAKE_JWT` (key pair), or
//!   `OAUTH` / `PROGRAMMATIC_ACCESS_TOKEN`. The response is complete (session and master tokens with
//!   their validity, session id, parameters, session info) because connector 5.x insists on it.
//! - `POST /queries/v1/query-request` — `Authorization: Snowflake Token="<session token>"`; JSON
//!   rowset results with `rowtype`, `statementTypeId` (so DML reports its row count), the session's
//!   final context; bindings (qmark, and array bindings for `executemany`).
//! - `POST /queries/v1/abort-request`, `POST /session?delete=true`, `POST /session/heartbeat`,
//!   `POST /session/token-request` (RENEW with the master token), `POST /telemetry/send`.
//!
//! Every answer is HTTP 200 with `success` true or false and Snowflake's `code`, as Snowflake does;
//! bodies may be gzip-compressed and are bounded once inflated.

use crate::encode::{self, Dialect};
use crate::exec::{self, Request};
use crate::sessions::{MASTER_VALIDITY, TOKEN_VALIDITY, TokenProblem};
use crate::worker::Refused;
use crate::{Shared, bind, log, too_many_requests};
use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value as JsonValue, json};
use snowglobe_engine::{SessionContext, SqlError};
use std::collections::HashMap;
use std::io::Read;

/// The drivers' routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/session/v1/login-request", post(login))
        .route("/queries/v1/query-request", post(query))
        .route("/queries/v1/abort-request", post(abort))
        .route("/session", post(session))
        .route("/session/heartbeat", post(heartbeat))
        .route("/session/token-request", post(token_request))
        .route("/telemetry/send", post(telemetry))
}

/// The version the login response reports.
const SERVER_VERSION: &str = "9.40.0";

fn success(data: JsonValue) -> Response {
    Json(json!({"data": data, "code": null, "message": null, "success": true})).into_response()
}

fn failure(code: &str, message: &str, data: JsonValue) -> Response {
    Json(json!({"data": data, "code": code, "message": message, "success": false})).into_response()
}

fn token_failure(problem: TokenProblem) -> Response {
    match problem {
        TokenProblem::Expired => failure(
            "390112",
            "Your session has expired. Please login again.",
            JsonValue::Null,
        ),
        TokenProblem::Invalid => failure(
            "390104",
            "User must login again to access the service.",
            JsonValue::Null,
        ),
    }
}

/// The JSON body, inflated when gzip-compressed, at most `limit` bytes once inflated.
/// (Errors are the message of a 390142 failure.)
fn body_json(headers: &HeaderMap, body: &Bytes, limit: usize) -> Result<JsonValue, String> {
    let gzip = headers
        .get(header::CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("gzip"));
    let bytes = if gzip {
        let mut inflated = Vec::new();
        let read = flate2::read::GzDecoder::new(&body[..])
            .take(limit as u64 + 1)
            .read_to_end(&mut inflated);
        if read.is_err() {
            return Err("The request body is not valid gzip.".into());
        }
        if inflated.len() > limit {
            return Err("The request body is too large.".into());
        }
        inflated
    } else {
        body.to_vec()
    };
    serde_json::from_slice(&bytes).map_err(|e| format!("The request body is not valid JSON: {e}."))
}

/// The session token of `Authorization: Snowflake Token="..."`.
fn session_token(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let rest = value.trim().strip_prefix("Snowflake Token=")?;
    Some(rest.trim_matches('"').to_owned())
}

fn session_parameters() -> JsonValue {
    json!([
        {"name": "AUTOCOMMIT", "value": true},
        {"name": "CLIENT_SESSION_KEEP_ALIVE", "value": false},
        {"name": "CLIENT_SESSION_KEEP_ALIVE_HEARTBEAT_FREQUENCY", "value": 3600},
        {"name": "CLIENT_PREFETCH_THREADS", "value": 4},
        {"name": "CLIENT_RESULT_CHUNK_SIZE", "value": 160},
        {"name": "CLIENT_STAGE_ARRAY_BINDING_THRESHOLD", "value": i32::MAX},
        {"name": "QUERY_CONTEXT_CACHE_SIZE", "value": 5},
        {"name": "TIMEZONE", "value": "UTC"},
        {"name": "TIMESTAMP_OUTPUT_FORMAT", "value": "YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM"},
        {"name": "TIMESTAMP_NTZ_OUTPUT_FORMAT", "value": "YYYY-MM-DD HH24:MI:SS.FF3"},
        {"name": "DATE_OUTPUT_FORMAT", "value": "YYYY-MM-DD"},
        {"name": "BINARY_OUTPUT_FORMAT", "value": "HEX"},
        {"name": "PYTHON_CONNECTOR_QUERY_RESULT_FORMAT", "value": "JSON"},
        {"name": "JDBC_QUERY_RESULT_FORMAT", "value": "JSON"},
        {"name": "ODBC_QUERY_RESULT_FORMAT", "value": "JSON"},
        {"name": "GO_QUERY_RESULT_FORMAT", "value": "JSON"},
    ])
}

fn session_info(context: &SessionContext) -> JsonValue {
    json!({
        "databaseName": context.database,
        "schemaName": context.schema,
        "warehouseName": context.warehouse,
        "roleName": context.role,
    })
}

async fn login(
    State(state): State<Shared>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body = match body_json(&headers, &body, state.max_body) {
        Ok(b) => b,
        Err(e) => return failure("390142", &e, JsonValue::Null),
    };
    let data = body.get("data").cloned().unwrap_or(JsonValue::Null);
    let field = |name: &str| data.get(name).and_then(JsonValue::as_str).unwrap_or("");
    let login_name = field("LOGIN_NAME").to_owned();
    let authenticator = field("AUTHENTICATOR").to_ascii_uppercase();
    let checked = match authenticator.as_str() {
        "SNOWFLAKE_JWT" => state.auth.check_jwt(field("TOKEN")),
        "OAUTH" | "PROGRAMMATIC_ACCESS_TOKEN" => state.auth.check_token(field("TOKEN")),
        "" | "SNOWFLAKE" => state.auth.check_token(field("PASSWORD")),
        _ => Err(crate::auth::Rejected {
            code: "390100",
            message: "Incorrect username or password was specified.",
        }),
    };
    if checked.is_err() {
        log::line("login refused");
        return failure(
            "390100",
            "Incorrect username or password was specified.",
            json!({"nextAction": null, "authnMethod": "PASSWORD"}),
        );
    }
    let wanted = SessionContext {
        database: query
            .get("databaseName")
            .and_then(|v| exec::context_name(v)),
        schema: query.get("schemaName").and_then(|v| exec::context_name(v)),
        warehouse: query.get("warehouse").and_then(|v| exec::context_name(v)),
        role: query
            .get("roleName")
            .and_then(|v| exec::context_name(v))
            .or_else(|| state.defaults.role.clone()),
        user: Some(login_name.to_ascii_uppercase()).filter(|u| !u.is_empty()),
    };
    let defaults = state.defaults.clone();
    let context = match state
        .worker
        .call(None, None, move |shell| {
            Ok(existing_context(&shell.engine, wanted, defaults))
        })
        .await
    {
        Ok(Ok(c)) => c,
        Ok(Err(_)) | Err(Refused::Stopped) => {
            return failure(
                "000603",
                "Internal error while opening the session.",
                JsonValue::Null,
            );
        }
        Err(Refused::Busy) => return too_many_requests(),
    };
    let tokens = state.sessions().open(context.clone());
    log::line(&format!("session {} opened", tokens.session_id));
    success(json!({
        "masterToken": tokens.master_token,
        "token": tokens.token,
        "validityInSeconds": TOKEN_VALIDITY.as_secs(),
        "masterValidityInSeconds": MASTER_VALIDITY.as_secs(),
        "displayUserName": login_name,
        "serverVersion": SERVER_VERSION,
        "firstLogin": false,
        "remMeToken": null,
        "remMeValidityInSeconds": 0,
        "healthCheckInterval": 45,
        "newClientForUpgrade": null,
        "sessionId": tokens.session_id,
        "parameters": session_parameters(),
        "sessionInfo": session_info(&context),
        "idToken": null,
        "idTokenValidityInSeconds": 0,
        "responseData": null,
        "mfaToken": null,
        "mfaTokenValidityInSeconds": 0,
    }))
}

/// The context a login asks for, keeping only the database and schema that exist (Snowflake logs
/// in anyway and leaves the missing ones unset); an unnamed one falls back to the server's default.
fn existing_context(
    engine: &snowglobe_engine::Engine,
    wanted: SessionContext,
    defaults: SessionContext,
) -> SessionContext {
    let catalog = engine.catalog();
    let (database, schema) = match wanted.database {
        None => (defaults.database, wanted.schema.or(defaults.schema)),
        Some(db) if catalog.databases.contains_key(&db) => {
            let schema = wanted.schema.unwrap_or_else(|| "PUBLIC".into());
            let exists = catalog.schemas.contains(&(db.clone(), schema.clone()));
            (Some(db), exists.then_some(schema))
        }
        Some(_) => (None, None),
    };
    SessionContext {
        database,
        schema,
        warehouse: wanted.warehouse.or(defaults.warehouse),
        role: wanted.role,
        user: wanted.user,
    }
}

async fn query(State(state): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(token) = session_token(&headers) else {
        return token_failure(TokenProblem::Invalid);
    };
    let (session_id, context) = match state.sessions().by_token(&token) {
        Ok(s) => (s.id, s.context.clone()),
        Err(p) => return token_failure(p),
    };
    let body = match body_json(&headers, &body, state.max_body) {
        Ok(b) => b,
        Err(e) => return failure("390142", &e, JsonValue::Null),
    };
    let Some(sql) = body
        .get("sqlText")
        .and_then(JsonValue::as_str)
        .map(str::to_owned)
    else {
        return failure("390142", "The request has no sqlText.", JsonValue::Null);
    };
    let rows = match bind::rows(body.get("bindings")) {
        Ok(r) => r,
        Err(e) => {
            return failure(
                "002049",
                &format!("SQL compilation error: Invalid bindings: {e}."),
                JsonValue::Null,
            );
        }
    };
    let describe_only = body.get("describeOnly").and_then(JsonValue::as_bool) == Some(true);
    let kind = exec::Kind::of(&sql);
    if describe_only && kind != exec::Kind::Select {
        return success(query_data(&context, "", kind, &described(kind), 0));
    }
    let statement_count = body
        .get("parameters")
        .and_then(|p| p.get("MULTI_STATEMENT_COUNT"))
        .and_then(|v| {
            v.as_u64()
                .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        })
        .map(|n| n as usize);
    let binds = rows.first().map_or(0, Vec::len);
    let request = Request {
        session: session_id,
        context,
        sql,
        rows,
        statement_count,
        rollback_open: false,
        deadline: None,
        cancel: None,
    };
    let outcome = match exec::run(&state.worker, request).await {
        Ok(o) => o,
        Err(Refused::Busy) => return too_many_requests(),
        Err(Refused::Stopped) => {
            return failure("000603", "The engine has stopped.", JsonValue::Null);
        }
    };
    state
        .sessions()
        .set_context(session_id, outcome.context.clone());
    if let Some(failed) = outcome.failed {
        return sql_failure(&failed.query_id, &failed.error);
    }
    let Some(last) = outcome.ran.last() else {
        return failure(
            "001003",
            "SQL compilation error:\nEmpty SQL statement.",
            JsonValue::Null,
        );
    };
    let mut result = last.result.clone();
    if describe_only {
        result.rows.clear();
    }
    let mut data = query_data(&outcome.context, &last.query_id, last.kind, &result, binds);
    if outcome.ran.len() > 1 {
        data["resultIds"] = json!(
            outcome
                .ran
                .iter()
                .map(|r| r.query_id.clone())
                .collect::<Vec<_>>()
                .join(",")
        );
    }
    success(data)
}

/// The columns a statement other than a query would return, without rows (`describeOnly`).
fn described(kind: exec::Kind) -> snowglobe_engine::QueryResult {
    use snowglobe_engine::QueryResult;
    let mut result = match kind {
        exec::Kind::Insert => QueryResult::count("number of rows inserted", 0),
        exec::Kind::Update => QueryResult::counts(&[
            ("number of rows updated", 0),
            ("number of multi-joined rows updated", 0),
        ]),
        exec::Kind::Delete => QueryResult::count("number of rows deleted", 0),
        exec::Kind::Merge => QueryResult::counts(&[
            ("number of rows inserted", 0),
            ("number of rows updated", 0),
            ("number of rows deleted", 0),
        ]),
        _ => QueryResult::status("status", ""),
    };
    result.rows.clear();
    result
}

fn query_data(
    context: &SessionContext,
    query_id: &str,
    kind: exec::Kind,
    result: &snowglobe_engine::QueryResult,
    binds: usize,
) -> JsonValue {
    let rowset = encode::rows(result, Dialect::Driver);
    json!({
        "parameters": [],
        "rowtype": encode::row_type(result),
        "rowset": rowset,
        "total": rowset.len(),
        "returned": rowset.len(),
        "queryId": query_id,
        "databaseProvider": null,
        "finalDatabaseName": context.database,
        "finalSchemaName": context.schema,
        "finalWarehouseName": context.warehouse,
        "finalRoleName": context.role,
        "numberOfBinds": binds,
        "arrayBindSupported": false,
        "statementTypeId": kind.type_id(),
        "version": 1,
        "sendResultTime": chrono::Utc::now().timestamp_millis(),
        "queryResultFormat": "json",
        "queryContext": {"entries": []},
    })
}

fn sql_failure(query_id: &str, error: &SqlError) -> Response {
    let (line, pos) = error
        .position
        .map_or((-1, -1), |p| (p.line as i64, p.column as i64));
    failure(
        error.code,
        &error.protocol_message(),
        json!({
            "internalError": false,
            "errorCode": error.code,
            "age": 0,
            "sqlState": error.sqlstate,
            "queryId": query_id,
            "line": line,
            "pos": pos,
            "type": "COMPILATION",
        }),
    )
}

async fn abort(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let Some(token) = session_token(&headers) else {
        return token_failure(TokenProblem::Invalid);
    };
    match state.sessions().by_token(&token) {
        Ok(_) => success(JsonValue::Null),
        Err(p) => token_failure(p),
    }
}

async fn session(
    State(state): State<Shared>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if query.get("delete").map(String::as_str) != Some("true") {
        return failure("390142", "Unsupported session request.", JsonValue::Null);
    }
    let Some(token) = session_token(&headers) else {
        return token_failure(TokenProblem::Invalid);
    };
    let closed = state.sessions().close_by_token(&token);
    if let Some(id) = closed {
        log::line(&format!("session {id} closed"));
        let rollback = state
            .worker
            .call(Some(id), None, |shell| {
                if shell.engine.in_transaction() {
                    shell.engine.execute("ROLLBACK").map(|_| ())
                } else {
                    Ok(())
                }
            })
            .await;
        if rollback.is_err() {
            log::line(&format!(
                "session {id}: its open transaction could not be rolled back"
            ));
        }
    }
    success(JsonValue::Null)
}

async fn heartbeat(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let Some(token) = session_token(&headers) else {
        return token_failure(TokenProblem::Invalid);
    };
    let beat = state.sessions().heartbeat(&token);
    match beat {
        Ok(()) => success(JsonValue::Null),
        Err(p) => token_failure(p),
    }
}

async fn token_request(State(state): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(master) = session_token(&headers) else {
        return token_failure(TokenProblem::Invalid);
    };
    let body = match body_json(&headers, &body, state.max_body) {
        Ok(b) => b,
        Err(e) => return failure("390142", &e, JsonValue::Null),
    };
    let old = body
        .get("oldSessionToken")
        .and_then(JsonValue::as_str)
        .unwrap_or("");
    let renewed = state.sessions().renew(&master, old);
    match renewed {
        Ok(t) => success(json!({
            "sessionToken": t.token,
            "validityInSecondsST": TOKEN_VALIDITY.as_secs(),
            "masterToken": t.master_token,
            "validityInSecondsMT": MASTER_VALIDITY.as_secs(),
            "sessionId": t.session_id,
        })),
        Err(TokenProblem::Expired) => failure(
            "390114",
            "Authentication token has expired.  The user must authenticate again.",
            JsonValue::Null,
        ),
        Err(TokenProblem::Invalid) => token_failure(TokenProblem::Invalid),
    }
}

async fn telemetry() -> Response {
    success(JsonValue::Null)
}
