//! Forwarding the SQL API v2 to the account: the request's own body and parameters, the default
//! context where the request names none, the statement timeout capped, a `requestId` added so a
//! retried submission never runs twice, and the credential — then the account's answer back,
//! unchanged but for relative partition links.
//!
//! Upstream trouble becomes an answer the page can show, in the SQL API's error shape:
//! - unreachable → 502 `250001` (the statement was not sent);
//! - no answer within the upstream timeout → 504 `250003`, naming the `requestId` to resubmit
//!   with `retry=true`;
//! - 429 and 502/503/504 → retried with exponential backoff (honouring `Retry-After`, with
//!   `retry=true` on submissions), then passed on;
//! - an answer that is not JSON → 502 `250003` with its HTTP status;
//! - JSON errors (401, 422, …) → passed on with Snowflake's code and message.
//!
//! Nothing the forwarder writes — log line or response — carries a credential: both go through
//! [`Forwarder::redact`].

use super::credential::Credential;
use super::guard;
use super::{Defaults, ProxyState};
use crate::log;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Map, Value};
use snowglobe_sqlapi::{
    CODE_BAD_REQUEST, STATEMENTS_PATH, StatementStatus, StatusQuery, SubmitQuery,
};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Attempts at a request the account sheds (429) or cannot serve for a moment (502–504).
const ATTEMPTS: u32 = 4;
/// The first backoff; each next one doubles.
const FIRST_BACKOFF: Duration = Duration::from_millis(500);
/// The longest `Retry-After` honoured.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(8);

/// `code` of an account that could not be reached.
pub const CODE_UNREACHABLE: &str = "250001";
/// `code` of an upstream request that failed or timed out.
pub const CODE_UPSTREAM_FAILED: &str = "250003";
/// `code` of a statement refused by the proxy's read-only mode (Snowflake's "insufficient
/// privileges").
pub const CODE_READ_ONLY: &str = "003001";

/// The account's side of the proxy.
pub struct Forwarder {
    client: reqwest::Client,
    base: reqwest::Url,
    credential: Credential,
    defaults: Defaults,
    read_only: bool,
    statement_timeout: u64,
    upstream_timeout: Duration,
    secrets: Vec<String>,
}

/// The account's answer.
struct Upstream {
    status: StatusCode,
    link: Option<String>,
    retry_after: Option<HeaderValue>,
    body: Bytes,
}

/// A failure to get an answer at all.
enum Unanswered {
    Unreachable(String),
    TimedOut,
    Failed(String),
}

fn refused(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    (status, axum::Json(StatementStatus::refused(code, message))).into_response()
}

fn bad_request(message: impl Into<String>) -> Response {
    refused(StatusCode::BAD_REQUEST, CODE_BAD_REQUEST, message)
}

impl Forwarder {
    /// A forwarder to `base` (scheme and host only: paths are the SQL API's).
    pub fn new(
        base: reqwest::Url,
        credential: Credential,
        defaults: Defaults,
        read_only: bool,
        statement_timeout: u64,
        upstream_timeout: Duration,
        secrets: Vec<String>,
    ) -> Result<Forwarder, String> {
        let client = reqwest::Client::builder()
            .user_agent(concat!("snowglobe-proxy/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("cannot set up the HTTP client: {e}"))?;
        Ok(Forwarder {
            client,
            base,
            credential,
            defaults,
            read_only,
            statement_timeout,
            upstream_timeout,
            secrets,
        })
    }

    /// `text` with every credential replaced by `[redacted]`.
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for secret in self.secrets.iter().chain(self.credential.secrets().iter()) {
            if !secret.is_empty() {
                out = out.replace(secret.as_str(), "[redacted]");
            }
        }
        out
    }

    fn host(&self) -> &str {
        self.base.host_str().unwrap_or("the account")
    }

    /// One request to the account, retried while it sheds load.
    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
        retry_flag: bool,
    ) -> Result<Upstream, Unanswered> {
        let mut url = self.base.clone();
        url.set_path(path);
        let mut backoff = FIRST_BACKOFF;
        let mut attempt = 1;
        loop {
            let mut pairs: Vec<(&str, String)> = query.to_vec();
            if retry_flag && attempt > 1 {
                pairs.retain(|(k, _)| *k != "retry");
                pairs.push(("retry", "true".into()));
            }
            let now = chrono::Utc::now().timestamp();
            let bearer = self.credential.bearer(now).map_err(Unanswered::Failed)?;
            let mut request = self
                .client
                .request(method.clone(), url.clone())
                .query(&pairs)
                .timeout(self.upstream_timeout)
                .header(header::AUTHORIZATION, format!("Bearer {bearer}"))
                .header(
                    "X-Snowflake-Authorization-Token-Type",
                    self.credential.kind().header_value(),
                )
                .header(header::ACCEPT, "application/json");
            if let Some(body) = body {
                request = request
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(body.to_string());
            }
            let answer = match request.send().await {
                Ok(r) => r,
                Err(e) if e.is_timeout() => return Err(Unanswered::TimedOut),
                Err(e) if e.is_connect() => {
                    return Err(Unanswered::Unreachable(self.redact(&reason(e))));
                }
                Err(e) => return Err(Unanswered::Failed(self.redact(&reason(e)))),
            };
            let status = answer.status();
            let retry_after = answer.headers().get(header::RETRY_AFTER).cloned();
            let sheds = matches!(status.as_u16(), 429 | 502 | 503 | 504);
            if sheds && attempt < ATTEMPTS {
                let wait = retry_after
                    .as_ref()
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map_or(backoff, |s| Duration::from_secs(s).min(MAX_RETRY_AFTER));
                log::line(&format!(
                    "upstream answered {}; retrying in {} ms",
                    status.as_u16(),
                    wait.as_millis()
                ));
                tokio::time::sleep(wait).await;
                backoff *= 2;
                attempt += 1;
                continue;
            }
            let link = answer
                .headers()
                .get(header::LINK)
                .and_then(|v| v.to_str().ok())
                .map(|l| relative_links(l, &self.base));
            let body = match answer.bytes().await {
                Ok(b) => b,
                Err(e) if e.is_timeout() => return Err(Unanswered::TimedOut),
                Err(e) => return Err(Unanswered::Failed(self.redact(&reason(e)))),
            };
            return Ok(Upstream {
                status,
                link,
                retry_after,
                body,
            });
        }
    }

    /// The account's answer as the client's response.
    fn relay(&self, outcome: Result<Upstream, Unanswered>, request_id: Option<&str>) -> Response {
        let upstream = match outcome {
            Ok(u) => u,
            Err(Unanswered::Unreachable(why)) => {
                return refused(
                    StatusCode::BAD_GATEWAY,
                    CODE_UNREACHABLE,
                    format!(
                        "Could not reach Snowflake at {}: {why}. The statement was not sent.",
                        self.host()
                    ),
                );
            }
            Err(Unanswered::TimedOut) => {
                let resubmit = request_id.map_or(String::new(), |id| {
                    format!(" Resubmit with requestId={id}&retry=true to read its outcome without running it twice.")
                });
                return refused(
                    StatusCode::GATEWAY_TIMEOUT,
                    CODE_UPSTREAM_FAILED,
                    format!(
                        "Snowflake at {} did not answer within {} s.{resubmit}",
                        self.host(),
                        self.upstream_timeout.as_secs()
                    ),
                );
            }
            Err(Unanswered::Failed(why)) => {
                return refused(
                    StatusCode::BAD_GATEWAY,
                    CODE_UPSTREAM_FAILED,
                    format!("The request to Snowflake at {} failed: {why}.", self.host()),
                );
            }
        };
        let json = serde_json::from_slice::<Value>(&upstream.body).ok();
        let mut response = match json {
            Some(body) => {
                let text = self.redact(&body.to_string());
                let mut r = (upstream.status, text).into_response();
                r.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                r
            }
            None if upstream.status == StatusCode::UNAUTHORIZED => refused(
                StatusCode::UNAUTHORIZED,
                snowglobe_sqlapi::CODE_UNAUTHORIZED,
                format!(
                    "Snowflake at {} refused the proxy's credential (HTTP 401); check the proxy's flags.",
                    self.host()
                ),
            ),
            None if upstream.status.is_success() || upstream.status.is_server_error() => refused(
                StatusCode::BAD_GATEWAY,
                CODE_UPSTREAM_FAILED,
                format!(
                    "Snowflake at {} answered HTTP {} without a result.",
                    self.host(),
                    upstream.status.as_u16()
                ),
            ),
            None => refused(
                upstream.status,
                CODE_UPSTREAM_FAILED,
                format!(
                    "Snowflake at {} answered HTTP {}.",
                    self.host(),
                    upstream.status.as_u16()
                ),
            ),
        };
        if let Some(link) = upstream.link.and_then(|l| HeaderValue::from_str(&l).ok()) {
            response.headers_mut().insert(header::LINK, link);
        }
        if let Some(after) = upstream.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, after);
        }
        response
    }

    /// The body to send: the client's, with the default context where it names none and its
    /// statement timeout capped.
    fn prepare(&self, mut body: Map<String, Value>) -> Map<String, Value> {
        for (field, default) in [
            ("warehouse", &self.defaults.warehouse),
            ("database", &self.defaults.database),
            ("schema", &self.defaults.schema),
            ("role", &self.defaults.role),
        ] {
            let named = body
                .get(field)
                .and_then(Value::as_str)
                .is_some_and(|s| !s.trim().is_empty());
            if let (false, Some(d)) = (named, default) {
                body.insert(field.into(), Value::String(d.clone()));
            }
        }
        let timeout = body.get("timeout").and_then(Value::as_u64).unwrap_or(0);
        if timeout == 0 || timeout > self.statement_timeout {
            body.insert("timeout".into(), Value::from(self.statement_timeout));
        }
        body
    }
}

/// An error's reason, with its sources.
fn reason(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut text = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// `Link` URLs made relative to the proxy (the account's host is not the page's).
fn relative_links(link: &str, base: &reqwest::Url) -> String {
    let origin = base.origin().ascii_serialization();
    link.replace(&format!("<{origin}"), "<")
}

/// Whether a handle is one the SQL API could have issued (no path or query tricks).
fn plausible_handle(handle: &str) -> bool {
    !handle.is_empty()
        && handle.len() <= 100
        && handle
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The query parameters, or why they do not read.
fn parse_query<T: for<'de> Deserialize<'de> + Default>(raw: Option<&str>) -> Result<T, String> {
    match raw {
        None => Ok(T::default()),
        Some(q) => {
            serde_urlencoded::from_str(q).map_err(|e| format!("Invalid query parameters: {e}."))
        }
    }
}

/// `POST /api/v2/statements`.
pub async fn submit(
    State(state): State<Arc<ProxyState>>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let f = &state.forwarder;
    let query: SubmitQuery = match parse_query(raw.as_deref()) {
        Ok(q) => q,
        Err(why) => return bad_request(why),
    };
    if !crate::is_json(&headers) {
        return refused(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            CODE_BAD_REQUEST,
            "Content-Type must be application/json.",
        );
    }
    let body = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return bad_request("The request body must be a JSON object."),
        Err(e) => return bad_request(format!("The request body is not valid JSON: {e}.")),
    };
    let Some(sql) = body.get("statement").and_then(Value::as_str) else {
        return bad_request("The request body has no 'statement'.");
    };
    let summary = log::statement_summary(sql);
    if f.read_only
        && let Err(why) = guard::read_only(sql)
    {
        log::line(&format!("refused (read-only): {}", f.redact(&summary)));
        let status = StatementStatus {
            sql_state: Some("42501".into()),
            ..StatementStatus::refused(CODE_READ_ONLY, why)
        };
        return (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(status)).into_response();
    }
    let request_id = match query.request_id {
        Some(id) if uuid::Uuid::parse_str(&id).is_err() => {
            return bad_request("requestId must be a UUID.");
        }
        Some(id) => id,
        None => uuid::Uuid::new_v4().to_string(),
    };
    let mut pairs = vec![("requestId", request_id.clone())];
    for (name, value) in [
        ("async", query.asynchronous),
        ("nullable", query.nullable),
        ("retry", query.retry),
    ] {
        if let Some(v) = value {
            pairs.push((name, v.to_string()));
        }
    }
    let body = Value::Object(f.prepare(body));
    let started = Instant::now();
    let outcome = f
        .send(
            reqwest::Method::POST,
            STATEMENTS_PATH,
            &pairs,
            Some(&body),
            true,
        )
        .await;
    let response = f.relay(outcome, Some(&request_id));
    log::line(&format!(
        "{} in {} ms: {}",
        response.status().as_u16(),
        started.elapsed().as_millis(),
        f.redact(&summary)
    ));
    response
}

/// `GET /api/v2/statements/{handle}` (`?partition=N`).
pub async fn status(
    State(state): State<Arc<ProxyState>>,
    Path(handle): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let f = &state.forwarder;
    if !plausible_handle(&handle) {
        return bad_request("That is not a statement handle.");
    }
    let query: StatusQuery = match parse_query(raw.as_deref()) {
        Ok(q) => q,
        Err(why) => return bad_request(why),
    };
    let mut pairs = Vec::new();
    if let Some(p) = query.partition {
        pairs.push(("partition", p.to_string()));
    }
    if let Some(n) = query.nullable {
        pairs.push(("nullable", n.to_string()));
    }
    let path = format!("{STATEMENTS_PATH}/{handle}");
    let outcome = f
        .send(reqwest::Method::GET, &path, &pairs, None, false)
        .await;
    f.relay(outcome, None)
}

/// `POST /api/v2/statements/{handle}/cancel`.
pub async fn cancel(State(state): State<Arc<ProxyState>>, Path(handle): Path<String>) -> Response {
    let f = &state.forwarder;
    if !plausible_handle(&handle) {
        return bad_request("That is not a statement handle.");
    }
    let path = format!("{STATEMENTS_PATH}/{handle}/cancel");
    let outcome = f.send(reqwest::Method::POST, &path, &[], None, false).await;
    let response = f.relay(outcome, None);
    log::line(&format!("cancel {handle}: {}", response.status().as_u16()));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_are_plain_words() {
        assert!(plausible_handle("01b2c3d4-0000-1111-2222-333344445555"));
        assert!(!plausible_handle("../session"));
        assert!(!plausible_handle("a?b"));
        assert!(!plausible_handle(""));
    }

    #[test]
    fn links_point_at_the_proxy() {
        let base = reqwest::Url::parse("https://xy12345.snowflakecomputing.com").unwrap();
        let link = "<https://xy12345.snowflakecomputing.com/api/v2/statements/h?partition=1>; rel=\"next\"";
        assert_eq!(
            relative_links(link, &base),
            "</api/v2/statements/h?partition=1>; rel=\"next\""
        );
    }

    #[test]
    fn the_default_context_fills_what_a_request_leaves_out_and_the_timeout_is_capped() {
        let f = Forwarder::new(
            reqwest::Url::parse("http://127.0.0.1:1").unwrap(),
            Credential::Token {
                kind: snowglobe_sqlapi::TokenType::Oauth,
                secret: "s3cret".into(),
            },
            Defaults {
                warehouse: Some("WH".into()),
                database: Some("DB".into()),
                ..Defaults::default()
            },
            false,
            600,
            Duration::from_secs(5),
            vec!["tok".into()],
        )
        .unwrap();
        let body =
            serde_json::json!({"statement": "select 1", "database": "MINE", "timeout": 10_000});
        let Value::Object(map) = body else {
            unreachable!()
        };
        let sent = f.prepare(map);
        assert_eq!(sent["database"], "MINE");
        assert_eq!(sent["warehouse"], "WH");
        assert_eq!(sent["timeout"], 600);
        assert!(sent.get("role").is_none());
        assert_eq!(
            f.redact("a s3cret and a tok"),
            "a [redacted] and a [redacted]"
        );
    }
}
