//! Snowflake's SQL API v2: `POST /api/v2/statements`, `GET /api/v2/statements/{handle}`
//! (`?partition=N`) and `POST /api/v2/statements/{handle}/cancel`.
//!
//! Each request is its own session: the server's default context, overridden by the body's
//! `database`, `schema`, `warehouse` and `role`; a transaction left open is rolled back. A statement
//! that has not finished within 45 seconds — or any statement under `async=true` — is answered 202
//! with its handle, to be polled. Results are cut into partitions (`partitionInfo`); partition 0
//! carries the metadata, later ones only `data`. Errors: 422 for SQL errors (Snowflake's code,
//! sqlState and message), 400 for malformed requests, 401 for bad credentials, 404 for unknown
//! handles, 405 for other methods (empty body), 408 past the request timeout, 413 for oversized
//! bodies, 415 for non-JSON bodies and 429 when overloaded.

use crate::exec::{self, Failed, Request};
use crate::results::{CancelOutcome, Finished, Status};
use crate::worker::Refused;
use crate::{Shared, bind, too_many_requests};
use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::Value as JsonValue;
use snowglobe_sqlapi::{
    CODE_CANCELED, CODE_SUCCESS, PartitionInfo, ResultSet, ResultSetMetaData, StatementStatus,
    StatusQuery, SubmitQuery, status_url,
};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The longest statement timeout a request may ask for (Snowflake's maximum, 7 days).
const MAX_TIMEOUT: u64 = 604_800;

/// The SQL API's routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/api/v2/statements", post(submit))
        .route("/api/v2/statements/{handle}", get(status))
        .route("/api/v2/statements/{handle}/cancel", post(cancel))
}

fn error(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    (status, Json(StatementStatus::refused(code, message))).into_response()
}

fn bad_request(message: impl Into<String>) -> Response {
    error(StatusCode::BAD_REQUEST, "390142", message)
}

fn unauthorized(r: crate::auth::Rejected) -> Response {
    error(StatusCode::UNAUTHORIZED, r.code, r.message)
}

fn authorize(state: &Shared, headers: &HeaderMap) -> Result<Option<String>, crate::auth::Rejected> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    state.auth.check_bearer(
        text("authorization"),
        text("x-snowflake-authorization-token-type"),
    )
}

/// A context field of the body, as a name.
fn context_name(value: &JsonValue) -> Option<String> {
    value.as_str().and_then(exec::context_name)
}

async fn submit(
    State(state): State<Shared>,
    Query(query): Query<SubmitQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let user = match authorize(&state, &headers) {
        Ok(user) => user,
        Err(r) => return unauthorized(r),
    };
    if !crate::is_json(&headers) {
        return error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "390142",
            "Content-Type must be application/json.",
        );
    }
    let body: JsonValue = match serde_json::from_slice(&body) {
        Ok(v @ JsonValue::Object(_)) => v,
        Ok(_) => return bad_request("The request body must be a JSON object."),
        Err(e) => return bad_request(format!("The request body is not valid JSON: {e}.")),
    };
    let Some(sql) = body.get("statement").and_then(JsonValue::as_str) else {
        return bad_request("The request body has no 'statement'.");
    };
    let rows = match bind::rows(body.get("bindings")) {
        Ok(rows) => rows,
        Err(e) => return bad_request(format!("Invalid bindings: {e}.")),
    };
    let parameters = body.get("parameters");
    let statement_count = match parameters.and_then(|p| p.get("MULTI_STATEMENT_COUNT")) {
        None | Some(JsonValue::Null) => None,
        Some(v) => match v
            .as_u64()
            .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
        {
            Some(n) => Some(n as usize),
            None => return bad_request("MULTI_STATEMENT_COUNT must be a whole number."),
        },
    };
    let timeout = match body.get("timeout") {
        None | Some(JsonValue::Null) => None,
        Some(v) => match v.as_u64() {
            Some(0) => None,
            Some(n) if n <= MAX_TIMEOUT => Some(Duration::from_secs(n)),
            _ => {
                return bad_request(format!(
                    "timeout must be a whole number of seconds up to {MAX_TIMEOUT}."
                ));
            }
        },
    };
    if let Some(id) = &query.request_id {
        if uuid::Uuid::parse_str(id).is_err() {
            return bad_request("requestId must be a UUID.");
        }
        let started = state.results().handle_of_request(id);
        if let Some(handle) = started {
            if query.retry == Some(true) {
                return respond(&state, &handle, 0, query.nullable != Some(false));
            }
            return error(
                StatusCode::CONFLICT,
                "390142",
                format!(
                    "Request {id} was already submitted; resubmit it with retry=true to read its outcome."
                ),
            );
        }
    }
    let mut context = state.defaults.clone();
    for (field, slot) in [
        ("database", &mut context.database),
        ("schema", &mut context.schema),
        ("warehouse", &mut context.warehouse),
        ("role", &mut context.role),
    ] {
        if let Some(name) = body.get(field).and_then(context_name) {
            *slot = Some(name);
        }
    }
    if body.get("database").and_then(context_name).is_some()
        && body.get("schema").and_then(context_name).is_none()
    {
        context.schema = Some("PUBLIC".into());
    }
    context.user = user;
    let handle = uuid::Uuid::new_v4().to_string();
    let created_on = chrono::Utc::now().timestamp_millis();
    let cancel = state
        .results()
        .start(&handle, query.request_id.as_deref(), created_on);
    let request = Request {
        session: session_of(&handle),
        context,
        sql: sql.to_owned(),
        rows,
        statement_count,
        rollback_open: true,
        deadline: timeout.map(|t| Instant::now() + t),
        cancel: Some(cancel),
    };
    let task = tokio::spawn(run_and_store(
        state.clone(),
        handle.clone(),
        request,
        created_on,
    ));
    let nullable = query.nullable != Some(false);
    if query.asynchronous == Some(true) {
        return accepted(&handle);
    }
    match tokio::time::timeout(state.sync_wait, task).await {
        Ok(Ok(Some(busy))) => busy,
        Ok(_) => respond(&state, &handle, 0, nullable),
        Err(_) => accepted(&handle),
    }
}

/// A session number for a SQL API request (its own session, for transaction ownership).
fn session_of(handle: &str) -> u64 {
    let hex: String = handle
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(15)
        .collect();
    u64::from_str_radix(&hex, 16).unwrap_or(0) | (1 << 62)
}

/// Runs a request and stores its outcome; returns a response only when the engine refused the job.
async fn run_and_store(
    state: Shared,
    handle: String,
    request: Request,
    created_on: i64,
) -> Option<Response> {
    let multi = request.statement_count != Some(1) && request.statement_count.is_some();
    let outcome = match exec::run(&state.worker, request).await {
        Ok(o) => o,
        Err(Refused::Busy) => {
            let failed = Failed {
                query_id: handle.clone(),
                error: snowglobe_engine::SqlError::internal(
                    "The server was too busy to run the statement; it did not run. Submit it again.",
                ),
            };
            state.results().finish(&handle, Status::Failed(failed));
            return Some(too_many_requests());
        }
        Err(Refused::Stopped) => {
            let failed = Failed {
                query_id: handle.clone(),
                error: snowglobe_engine::SqlError::internal("The engine has stopped."),
            };
            state.results().finish(&handle, Status::Failed(failed));
            return None;
        }
    };
    let mut results = state.results();
    let status = match outcome.failed {
        Some(failed) => Status::Failed(failed),
        None if multi => {
            let children = results.add_children(&outcome.ran, created_on);
            let summary = snowglobe_engine::QueryResult::status(
                "multiple statement execution",
                "Multiple statements executed successfully.",
            );
            let mut finished = Finished::new(&summary);
            finished.children = children;
            Status::Done(Arc::new(finished))
        }
        None => match outcome.ran.last() {
            Some(ran) => Status::Done(Arc::new(Finished::new(&ran.result))),
            None => Status::Done(Arc::new(Finished::new(&Default::default()))),
        },
    };
    results.finish(&handle, status);
    None
}

fn accepted(handle: &str) -> Response {
    (
        StatusCode::ACCEPTED,
        Json(StatementStatus::in_progress(handle)),
    )
        .into_response()
}

/// The response for a statement's current status, at one partition.
fn respond(state: &Shared, handle: &str, partition: usize, nullable: bool) -> Response {
    let record = match state.results().get(handle) {
        Some(r) => r.clone(),
        None => {
            return error(
                StatusCode::NOT_FOUND,
                "000709",
                format!("Statement {handle} not found."),
            );
        }
    };
    let created_on = record.created_on;
    match record.status {
        Status::Running => accepted(handle),
        Status::Canceled => sql_error(
            handle,
            created_on,
            CODE_CANCELED,
            "57014",
            "SQL execution canceled",
        ),
        Status::Failed(f) => sql_error(
            handle,
            created_on,
            f.error.code,
            f.error.sqlstate,
            &f.error.protocol_message(),
        ),
        Status::Done(finished) => {
            let Some(rows) = finished.partitions.get(partition) else {
                return bad_request(format!(
                    "Partition {partition} does not exist: the result has {} partition(s).",
                    finished.partitions.len()
                ));
            };
            let data: Vec<Vec<Option<String>>> = rows
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|c| match c.as_str() {
                            Some(text) => Some(text.to_owned()),
                            None if nullable => None,
                            None => Some("null".to_owned()),
                        })
                        .collect()
                })
                .collect();
            if partition > 0 {
                let body = ResultSet {
                    data,
                    ..ResultSet::default()
                };
                return (StatusCode::OK, Json(body)).into_response();
            }
            let partition_info = finished
                .partitions
                .iter()
                .zip(&finished.sizes)
                .map(|(p, size)| PartitionInfo {
                    row_count: p.len(),
                    uncompressed_size: *size,
                })
                .collect();
            let body = ResultSet {
                meta: Some(ResultSetMetaData {
                    num_rows: finished.num_rows,
                    format: "jsonv2".to_owned(),
                    partition_info,
                    row_type: finished.row_type.clone(),
                }),
                data,
                code: Some(CODE_SUCCESS.to_owned()),
                sql_state: Some("00000".to_owned()),
                message: Some("Statement executed successfully.".to_owned()),
                statement_handle: Some(handle.to_owned()),
                statement_handles: (!finished.children.is_empty())
                    .then(|| finished.children.clone()),
                statement_status_url: Some(status_url(handle)),
                created_on: Some(created_on),
            };
            let mut response = (StatusCode::OK, Json(body)).into_response();
            if finished.partitions.len() > 1
                && let Ok(link) = header::HeaderValue::from_str(&partition_links(
                    handle,
                    finished.partitions.len(),
                ))
            {
                response.headers_mut().insert(header::LINK, link);
            }
            response
        }
    }
}

/// The `Link` header of a partitioned result: first, next and last partitions.
fn partition_links(handle: &str, count: usize) -> String {
    let url = status_url(handle);
    format!(
        "<{url}?partition=0>; rel=\"first\",<{url}?partition=1>; rel=\"next\",<{url}?partition={}>; rel=\"last\"",
        count - 1
    )
}

fn sql_error(
    handle: &str,
    created_on: i64,
    code: &str,
    sql_state: &str,
    message: &str,
) -> Response {
    let body = StatementStatus {
        created_on: Some(created_on),
        ..StatementStatus::of(handle, code, Some(sql_state), message)
    };
    (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
}

async fn status(
    State(state): State<Shared>,
    Path(handle): Path<String>,
    Query(query): Query<StatusQuery>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = authorize(&state, &headers) {
        return unauthorized(r);
    }
    respond(
        &state,
        &handle,
        query.partition.unwrap_or(0),
        query.nullable != Some(false),
    )
}

async fn cancel(
    State(state): State<Shared>,
    Path(handle): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = authorize(&state, &headers) {
        return unauthorized(r);
    }
    let outcome = state.results().cancel(&handle);
    let not_canceled = |message: &str| {
        let body = StatementStatus::of(&handle, "000605", Some("01000"), message);
        (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
    };
    match outcome {
        None => error(
            StatusCode::NOT_FOUND,
            "000709",
            format!("Statement {handle} not found."),
        ),
        Some(CancelOutcome::Canceled) => (
            StatusCode::OK,
            Json(StatementStatus::of(
                &handle,
                CODE_CANCELED,
                Some("57014"),
                "SQL execution canceled",
            )),
        )
            .into_response(),
        Some(CancelOutcome::Started) => not_canceled(
            "The statement is already running in the engine, which does not stop a statement midway; it will complete.",
        ),
        Some(CancelOutcome::Finished) => {
            not_canceled("Identified SQL statement is not currently executing.")
        }
    }
}
