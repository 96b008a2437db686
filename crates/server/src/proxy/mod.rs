//! `snowglobe proxy`: the page's way to a real Snowflake account. It serves the built page and
//! forwards the page's SQL API v2 requests (the same paths: submit, poll, partitions, cancel) to
//! the account's `/api/v2/statements`, adding the credential it holds — so neither the page nor
//! any SQL API client on the machine ever holds one.
//!
//! The upstream base URL is fixed at start (`--account`, or `--url` for the tests); nothing in a
//! request can change where it forwards to. Every request passes the [`guard`] (Host, Origin,
//! access token) and the shared [`crate::limits`] (bounded concurrency, request timeout); bodies
//! are bounded; `--read-only` forwards only statements that read. Upstream trouble comes back as
//! the SQL API's JSON errors with a code and a message the page can show ([`forward`]).
//!
//! `GET /snowglobe/proxy` tells the page it is served by a proxy, and where it points (account,
//! user, default context, read-only), never with a credential.

pub mod credential;
pub mod forward;
pub mod guard;

pub use reqwest::Url;

use crate::limits::{self, Limits};
use crate::log;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use credential::Credential;
use guard::Gate;
use serde::Serialize;
use snowglobe_sqlapi::StatementStatus;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// The port the proxy listens on by default (`snowglobe serve` takes 8765).
pub const DEFAULT_PORT: u16 = 8766;

/// The largest request body by default: 4 MiB (a batch of a few thousand generated events).
pub const DEFAULT_MAX_BODY: usize = 4 << 20;

/// The page's assets may connect to this proxy only: a page served here never reaches another
/// host, whatever it is made to load.
const CONTENT_SECURITY_POLICY: &str = "connect-src 'self'; frame-ancestors 'none'";

/// The default context statements run in, where a request names none.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Defaults {
    pub warehouse: Option<String>,
    pub database: Option<String>,
    pub schema: Option<String>,
    pub role: Option<String>,
}

/// How the proxy is set up.
pub struct Config {
    pub addr: SocketAddr,
    /// The account's base URL (`https://<account>.snowflakecomputing.com`).
    pub upstream: reqwest::Url,
    pub account: String,
    pub user: Option<String>,
    pub credential: Credential,
    pub defaults: Defaults,
    pub read_only: bool,
    /// The token requests must present (required beyond loopback).
    pub access_token: Option<String>,
    /// The `Host` names the proxy is reached at, besides its loopback names.
    pub host_names: Vec<String>,
    /// The built page to serve (`dist/`), if any.
    pub site: Option<PathBuf>,
    pub max_body: usize,
    pub max_concurrent: usize,
    /// The longest a request to the proxy may take (408 beyond).
    pub request_timeout: Duration,
    /// The longest a statement may run on the account, in seconds (the body's `timeout` is capped).
    pub statement_timeout: u64,
    /// The longest the proxy waits for one answer from the account.
    pub upstream_timeout: Duration,
}

/// What the page learns from `GET /snowglobe/proxy`.
#[derive(Debug, Clone, Serialize)]
pub struct Info {
    pub account: String,
    pub user: Option<String>,
    pub upstream: String,
    pub warehouse: Option<String>,
    pub database: Option<String>,
    pub schema: Option<String>,
    pub role: Option<String>,
    #[serde(rename = "readOnly")]
    pub read_only: bool,
    #[serde(rename = "tokenType")]
    pub token_type: &'static str,
}

/// What every handler shares.
pub struct ProxyState {
    pub forwarder: forward::Forwarder,
    pub gate: Gate,
    pub info: Info,
}

/// The `Host` names a proxy at `addr` answers to; an address beyond loopback needs
/// `allow_remote`, an access token, and a name when it is a wildcard.
pub fn hosts_for(
    addr: SocketAddr,
    allow_remote: bool,
    access_token: Option<&str>,
    host_names: &[String],
) -> Result<Vec<String>, String> {
    let port = addr.port();
    let mut hosts = vec![
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ];
    let ip = addr.ip();
    if !ip.is_loopback() {
        if !allow_remote {
            return Err(format!(
                "refusing to listen on {ip}, beyond this machine, without --allow-remote: the proxy holds a live credential"
            ));
        }
        if access_token.is_none() {
            return Err(format!(
                "refusing to listen on {ip} without an access token (--access-token-file): anyone who can reach the port could use the account"
            ));
        }
        if ip.is_unspecified() && host_names.is_empty() {
            return Err(format!(
                "listening on {ip} needs --host-name for each name or address clients use to reach the proxy"
            ));
        }
        if !ip.is_unspecified() {
            hosts.push(match ip {
                IpAddr::V4(v4) => format!("{v4}:{port}"),
                IpAddr::V6(v6) => format!("[{v6}]:{port}"),
            });
        }
    }
    hosts.extend(host_names.iter().map(|h| {
        if h.contains(':') && !h.starts_with('[') {
            h.clone()
        } else {
            format!("{h}:{port}")
        }
    }));
    Ok(hosts)
}

/// The router of a proxy with this configuration, whose `Host` names are `hosts`.
pub fn app(config: Config, hosts: Vec<String>) -> Result<Router, String> {
    let info = Info {
        account: config.account.clone(),
        user: config.user.clone(),
        upstream: config.upstream.host_str().unwrap_or_default().to_owned(),
        warehouse: config.defaults.warehouse.clone(),
        database: config.defaults.database.clone(),
        schema: config.defaults.schema.clone(),
        role: config.defaults.role.clone(),
        read_only: config.read_only,
        token_type: config.credential.kind().header_value(),
    };
    let mut secrets = config.credential.secrets();
    secrets.extend(config.access_token.clone());
    let forwarder = forward::Forwarder::new(
        config.upstream,
        config.credential,
        config.defaults,
        config.read_only,
        config.statement_timeout,
        config.upstream_timeout,
        secrets,
    )?;
    let state = Arc::new(ProxyState {
        forwarder,
        gate: Gate::new(hosts, config.access_token),
        info,
    });
    let limits = Limits::new(config.max_concurrent, config.request_timeout);
    let mut router = Router::new()
        .route("/snowglobe/proxy", get(describe))
        .route("/api/v2/statements", post(forward::submit))
        .route("/api/v2/statements/{handle}", get(forward::status))
        .route("/api/v2/statements/{handle}/cancel", post(forward::cancel));
    if let Some(site) = config.site {
        let index = site.join("index.html");
        if !index.is_file() {
            return Err(format!(
                "{}: no built page here (index.html is missing); build it with `trunk build --release`",
                site.display()
            ));
        }
        router = router.fallback_service(ServeDir::new(&site).fallback(ServeFile::new(index)));
    }
    Ok(router
        .layer(middleware::from_fn_with_state(state.clone(), guarded))
        .layer(middleware::from_fn_with_state(limits, limits::bounded))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(DefaultBodyLimit::max(config.max_body))
        .with_state(state))
}

/// Lets a request through the [`guard`]; a refused one is answered and logged.
async fn guarded(State(state): State<Arc<ProxyState>>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let asset = !(path.starts_with("/api/") || path.starts_with("/snowglobe/"));
    match state.gate.check(request.method(), request.headers(), asset) {
        Ok(()) => next.run(request).await,
        Err(refusal) => {
            log::line(&format!(
                "refused {} {}: {}",
                request.method(),
                path.chars().take(80).collect::<String>(),
                state.forwarder.redact(&refusal.message)
            ));
            let status = StatusCode::from_u16(refusal.status).unwrap_or(StatusCode::FORBIDDEN);
            (
                status,
                axum::Json(StatementStatus::refused(refusal.code, refusal.message)),
            )
                .into_response()
        }
    }
}

async fn describe(State(state): State<Arc<ProxyState>>) -> Response {
    axum::Json(state.info.clone()).into_response()
}

/// Serves until Ctrl-C; `on_ready` receives the bound address (useful with port 0).
pub async fn run(
    config: Config,
    hosts: Vec<String>,
    on_ready: impl FnOnce(SocketAddr),
) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.addr))?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    // With port 0 the names carry the port the system chose.
    let hosts = hosts
        .into_iter()
        .map(|h| match h.strip_suffix(":0") {
            Some(name) if config.addr.port() == 0 => format!("{name}:{}", bound.port()),
            _ => h,
        })
        .collect();
    let router = app(config, hosts)?;
    on_ready(bound);
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
            log::line("shutting down");
        })
        .await
        .map_err(|e| e.to_string())
}
