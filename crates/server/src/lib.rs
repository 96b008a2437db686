//! `snowglobe serve`: one engine session behind Snowflake's two HTTP protocols on one port — the
//! SQL API v2 (`/api/v2/statements`, [`sqlapi`]) and the drivers' protocol that the Python
//! connector, JDBC, ODBC, Go and Node drivers speak (`/session/...`, `/queries/...`, [`driver`]).
//!
//! Statements from every client run one at a time on the engine's thread ([`worker`]), in the
//! context of the client's session, while the virtual clock follows the wall clock and runs the
//! dynamic tables' refreshes and the tasks as they fall due.
//!
//! The server is a hostile-input surface: it listens on loopback unless told otherwise, refuses to
//! start without an authentication choice, bounds request bodies (also once decompressed),
//! concurrent requests, queued jobs and kept results, and never logs or returns a credential.

pub mod auth;
pub mod bind;
pub mod driver;
pub mod encode;
pub mod exec;
pub mod journal;
pub mod limits;
pub mod log;
pub mod proxy;
pub mod results;
pub mod sessions;
pub mod sqlapi;
pub mod worker;

pub use limits::too_many_requests;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use snowglobe_engine::SessionContext;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

/// How the server is set up.
pub struct Config {
    pub addr: SocketAddr,
    pub auth: auth::Auth,
    pub clock: worker::Clock,
    /// Largest request body accepted, in bytes (also the limit once a gzip body is inflated).
    pub max_body: usize,
    /// Requests handled at once; more are answered 429.
    pub max_concurrent: usize,
    /// The longest a request may take, body upload included; longer ones are answered 408.
    pub request_timeout: std::time::Duration,
    /// Jobs waiting for the engine; more are answered 429.
    pub max_queued: usize,
    /// The state file that keeps the session across restarts (`--state`).
    pub state: Option<worker::StateFile>,
}

/// The request timeout by default: long enough for the SQL API's 45-second wait and a large upload.
pub const DEFAULT_REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

/// The largest request body by default: 16 MiB (a large array binding fits).
pub const DEFAULT_MAX_BODY: usize = 16 << 20;

/// What every handler shares.
pub struct AppState {
    pub worker: worker::Worker,
    pub auth: auth::Auth,
    pub sessions: Mutex<sessions::Sessions>,
    pub results: Mutex<results::Results>,
    /// The context a new session starts in: where the startup scripts left the engine.
    pub defaults: SessionContext,
    pub max_body: usize,
    /// How long a synchronous SQL API request waits before answering 202: Snowflake's 45 seconds,
    /// or less when the request timeout is shorter.
    pub sync_wait: std::time::Duration,
}

/// The shared state handed to handlers.
pub type Shared = Arc<AppState>;

impl AppState {
    /// Locks the sessions (a poisoned lock is recovered: the map stays consistent per operation).
    pub fn sessions(&self) -> std::sync::MutexGuard<'_, sessions::Sessions> {
        self.sessions.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Locks the kept statement results.
    pub fn results(&self) -> std::sync::MutexGuard<'_, results::Results> {
        self.results.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Starts the engine thread with `build` and returns the router over it, and the thread.
pub fn app(
    build: worker::Build,
    config: &mut Config,
) -> Result<(Router, std::thread::JoinHandle<()>), String> {
    let (worker, defaults, thread) =
        worker::Worker::start(build, config.clock, config.state.take(), config.max_queued)?;
    let state = Arc::new(AppState {
        worker,
        auth: std::mem::take(&mut config.auth),
        sessions: Mutex::new(sessions::Sessions::default()),
        results: Mutex::new(results::Results::default()),
        defaults,
        max_body: config.max_body,
        sync_wait: std::time::Duration::from_secs(45).min(config.request_timeout / 2),
    });
    let limits = limits::Limits::new(config.max_concurrent, config.request_timeout);
    let router = Router::new()
        .merge(sqlapi::routes())
        .merge(driver::routes())
        .layer(middleware::from_fn_with_state(limits, limits::bounded))
        .layer(DefaultBodyLimit::max(config.max_body))
        .with_state(state);
    Ok((router, thread))
}

/// Whether a request declares a JSON body (`Content-Type: application/json`, any parameters).
pub fn is_json(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        })
}

/// A statement's first word, upper-cased (after any opening parentheses).
pub fn first_word(sql: &str) -> String {
    sql.trim_start_matches(|c: char| c.is_whitespace() || c == '(')
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_ascii_uppercase()
}

/// Builds the engine, then serves until Ctrl-C; `on_ready` receives the bound address (useful
/// with port 0) once the engine is ready.
pub async fn serve(
    build: worker::Build,
    mut config: Config,
    on_ready: impl FnOnce(SocketAddr),
) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.addr))?;
    let (router, engine_thread) = app(build, &mut config)?;
    on_ready(listener.local_addr().map_err(|e| e.to_string())?);
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
            log::line("shutting down");
        })
        .await
        .map_err(|e| e.to_string())?;
    // Requests still running hold the engine's handle; give them a moment, then let the engine
    // thread write its last clock mark.
    for _ in 0..50 {
        if engine_thread.is_finished() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Ok(())
}
