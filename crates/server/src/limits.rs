//! The bounds every HTTP surface of Snowglobe keeps (`serve` and `proxy` alike): at most
//! `max_concurrent` requests are handled at once — more are answered 429 with Snowflake's
//! `390505` — and a request that takes longer than the request timeout, a slow upload included,
//! is answered 408.

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use snowglobe_sqlapi::{CODE_TOO_MANY_REQUESTS, StatementStatus};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// A surface's request bounds.
pub struct Limits {
    permits: Semaphore,
    request_timeout: Duration,
}

impl Limits {
    /// Bounds of `max_concurrent` requests at once, each within `request_timeout`.
    pub fn new(max_concurrent: usize, request_timeout: Duration) -> Arc<Limits> {
        Arc::new(Limits {
            permits: Semaphore::new(max_concurrent),
            request_timeout,
        })
    }
}

/// The middleware that keeps the bounds (`middleware::from_fn_with_state(limits, bounded)`).
pub async fn bounded(State(limits): State<Arc<Limits>>, request: Request, next: Next) -> Response {
    let Ok(_permit) = limits.permits.try_acquire() else {
        return too_many_requests();
    };
    match tokio::time::timeout(limits.request_timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => (
            StatusCode::REQUEST_TIMEOUT,
            axum::Json(StatementStatus::refused(
                "000630",
                "The request took longer than the server's request timeout.",
            )),
        )
            .into_response(),
    }
}

/// Snowflake's answer when it sheds load.
pub fn too_many_requests() -> Response {
    (
        StatusCode::TOO_MANY_REQUESTS,
        axum::Json(StatementStatus::refused(
            CODE_TOO_MANY_REQUESTS,
            "Too many requests.",
        )),
    )
        .into_response()
}
