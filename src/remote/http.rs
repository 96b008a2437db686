//! HTTP to the proxy, on the page's own origin and relative to the page (the proxy serves it at its
//! root): SQL API v2 submissions (a statement or a script), polling a running statement until it
//! finishes, reading a result's other partitions, canceling, and the proxy's description of
//! itself. Every request carries the page's token, if it has one. Runs in the page (the
//! description) and in the engine worker (everything else).
//!
//! A page is asked for the proxy's description only when it came with the proxy's policy that it
//! may connect to its own origin alone (`Content-Security-Policy: connect-src 'self'`): served any
//! other way (a static host, offline from its service worker), the page sends no request it did
//! not send before.

use crate::remote::api::{Answer, ApiError, Table, answer};
use crate::remote::info::{INFO_PATH, ProxyInfo, TOKEN_HEADER, Token};
use crate::remote::plan::Target;
use snowglobe_sqlapi::{ResultSet, STATEMENTS_PATH, SubmitBody, status_url};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The longest wait between two polls of a running statement (ms).
const MAX_POLL_MS: i32 = 1_000;

/// Waits `ms` milliseconds (in the page or the worker).
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let set_timeout = js_sys::Reflect::get(&js_sys::global(), &"setTimeout".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        if let Some(f) = set_timeout {
            let _ = f.call2(&JsValue::NULL, &resolve, &JsValue::from(ms));
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// One request's response, or why there was none.
async fn send(
    method: &str,
    url: &str,
    body: Option<&str>,
    token: Option<&Token>,
) -> Result<web_sys::Response, ApiError> {
    let failed = |_| ApiError::unreachable("The proxy could not be reached.");
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let headers = web_sys::Headers::new().map_err(failed)?;
    headers.set("Accept", "application/json").map_err(failed)?;
    if let Some(body) = body {
        headers
            .set("Content-Type", "application/json")
            .map_err(failed)?;
        init.set_body(&JsValue::from_str(body));
    }
    if let Some(t) = token {
        headers.set(TOKEN_HEADER, t.expose()).map_err(failed)?;
    }
    init.set_headers(&headers);
    let promise = match web_sys::window() {
        Some(w) => w.fetch_with_str_and_init(url, &init),
        None => js_sys::global()
            .unchecked_into::<web_sys::WorkerGlobalScope>()
            .fetch_with_str_and_init(url, &init),
    };
    JsFuture::from(promise)
        .await
        .map_err(failed)?
        .dyn_into()
        .map_err(failed)
}

/// One request: its status and body, or why there was no answer.
async fn fetch(
    method: &str,
    url: &str,
    body: Option<&str>,
    token: Option<&Token>,
) -> Result<(u16, String), ApiError> {
    let failed = |_| ApiError::unreachable("The proxy's answer could not be read.");
    let response = send(method, url, body, token).await?;
    let text = JsFuture::from(response.text().map_err(failed)?)
        .await
        .map_err(failed)?
        .as_string()
        .unwrap_or_default();
    Ok((response.status(), text))
}

/// Whether the page came with the policy the proxy serves it with: connections to its own origin
/// only.
async fn served_by_proxy() -> bool {
    let Ok(page) = send("GET", "./", None, None).await else {
        return false;
    };
    page.headers()
        .get("content-security-policy")
        .ok()
        .flatten()
        .is_some_and(|policy| policy.contains("connect-src 'self'"))
}

/// The proxy's description of the account, or None when the page is not served by a proxy.
pub async fn proxy_info(token: Option<&Token>) -> Option<ProxyInfo> {
    if !served_by_proxy().await {
        return None;
    }
    let (status, body) = fetch("GET", INFO_PATH, None, token).await.ok()?;
    (status == 200).then(|| ProxyInfo::parse(&body)).flatten()
}

/// The SQL API through the proxy, in one context (warehouse and role; a database and schema per
/// call).
#[derive(Clone)]
pub struct Client {
    token: Option<Token>,
    warehouse: Option<String>,
    role: Option<String>,
}

impl Client {
    pub fn new(token: Option<Token>, info: &ProxyInfo) -> Client {
        Client {
            token,
            warehouse: info.warehouse.clone(),
            role: info.role.clone(),
        }
    }

    fn body(&self, sql: &str, context: Option<&Target>) -> SubmitBody {
        SubmitBody {
            database: context.map(|t| t.database.clone()),
            schema: context.map(|t| t.schema.clone()),
            warehouse: self.warehouse.clone(),
            role: self.role.clone(),
            ..SubmitBody::new(sql)
        }
    }

    async fn call(&self, method: &str, url: &str, body: Option<&str>) -> Answer {
        match fetch(method, url, body, self.token.as_ref()).await {
            Ok((status, text)) => answer(status, &text),
            Err(e) => Answer::Failed(e),
        }
    }

    /// Submits a body; `started` learns the handle of a statement that keeps running, which is
    /// then polled until it finishes.
    async fn submit(
        &self,
        body: &SubmitBody,
        asynchronous: bool,
        started: &dyn Fn(&str),
    ) -> Result<ResultSet, ApiError> {
        let json = serde_json::to_string(body)
            .map_err(|e| ApiError::unreachable(format!("The request could not be written: {e}")))?;
        let url = format!(".{STATEMENTS_PATH}?async={asynchronous}");
        match self.call("POST", &url, Some(&json)).await {
            Answer::Done(set) => Ok(*set),
            Answer::Failed(e) => Err(e),
            Answer::Pending(handle) => {
                started(&handle);
                self.wait(&handle).await
            }
        }
    }

    /// Polls a statement until it finishes (partition 0 of its result).
    async fn wait(&self, handle: &str) -> Result<ResultSet, ApiError> {
        let mut delay = 100;
        loop {
            match self
                .call("GET", &format!(".{}", status_url(handle)), None)
                .await
            {
                Answer::Done(set) => return Ok(*set),
                Answer::Failed(e) => return Err(e),
                Answer::Pending(_) => {
                    sleep(delay).await;
                    delay = (delay * 2).min(MAX_POLL_MS);
                }
            }
        }
    }

    /// A result with the rows of all of its partitions.
    async fn whole(&self, first: ResultSet) -> Result<Table, ApiError> {
        let partitions = first.partitions();
        let handle = first.statement_handle.clone().unwrap_or_default();
        let mut table = Table::new(first);
        for p in 1..partitions {
            let url = format!(".{}?partition={p}", status_url(&handle));
            match self.call("GET", &url, None).await {
                Answer::Done(set) => table.rows.extend(set.data),
                Answer::Failed(e) => return Err(e),
                Answer::Pending(_) => {
                    return Err(ApiError::unreachable(format!(
                        "Partition {p} of the result was not ready."
                    )));
                }
            }
        }
        Ok(table)
    }

    /// Runs one statement (in `context`, when given) and reads its whole result.
    pub async fn run(&self, sql: &str, context: Option<&Target>) -> Result<Table, ApiError> {
        let first = self
            .submit(&self.body(sql, context), false, &|_| {})
            .await?;
        self.whole(first).await
    }

    /// Runs a script of any number of statements; returns the statements' handles, in order.
    /// `started` learns the script's handle while it runs (to cancel it).
    pub async fn run_script(
        &self,
        sql: &str,
        context: Option<&Target>,
        started: &dyn Fn(&str),
    ) -> Result<Vec<String>, ApiError> {
        let set = self
            .submit(&self.body(sql, context).multi(), true, started)
            .await?;
        Ok(set
            .statement_handles
            .clone()
            .or_else(|| set.statement_handle.clone().map(|h| vec![h]))
            .unwrap_or_default())
    }

    /// The whole result of a statement by its handle.
    pub async fn result(&self, handle: &str) -> Result<Table, ApiError> {
        let first = self.wait(handle).await?;
        self.whole(first).await
    }

    /// Asks the account to cancel a running statement.
    pub async fn cancel(&self, handle: &str) -> Result<(), ApiError> {
        let url = format!(".{}/cancel", status_url(handle));
        match self.call("POST", &url, Some("{}")).await {
            Answer::Failed(e) => Err(e),
            _ => Ok(()),
        }
    }
}
