//! `snowglobe proxy` against a scripted upstream: the credential and the default context are
//! added, the page's hostile-input checks hold, and each kind of upstream trouble (down, 401, 429,
//! 500, slow) comes back as a clear SQL API error — after which the proxy works again.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};
use snowglobe_server::proxy::credential::Credential;
use snowglobe_server::proxy::{self, Config, Defaults, Url};
use snowglobe_sqlapi::TokenType;
use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const SECRET: &str = "pat-0123456789-very-secret";
const ACCESS: &str = "access-9876";

/// What the scripted upstream does with the next request.
#[derive(Debug, Clone)]
enum Act {
    Ok,
    Json(u16, Value),
    Html(u16),
    Slow(Duration),
}

#[derive(Default)]
struct Upstream {
    script: Mutex<VecDeque<Act>>,
    seen: Mutex<Vec<(HeaderMap, Option<String>, Value)>>,
}

async fn upstream_submit(
    State(up): State<Arc<Upstream>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    up.seen.lock().unwrap().push((headers, query, body.clone()));
    let act = up.script.lock().unwrap().pop_front().unwrap_or(Act::Ok);
    match act {
        Act::Ok => axum::Json(json!({
            "resultSetMetaData": {"numRows": 1, "format": "jsonv2",
                "partitionInfo": [{"rowCount": 1, "uncompressedSize": 5}],
                "rowType": [{"name": "ONE", "type": "fixed", "scale": 0, "precision": 1, "nullable": false}]},
            "data": [["1"]], "code": "090001", "sqlState": "00000", "statementHandle": "h-1",
            "message": "Statement executed successfully.", "statementStatusUrl": "/api/v2/statements/h-1"
        }))
        .into_response(),
        Act::Json(status, body) => {
            (StatusCode::from_u16(status).unwrap(), axum::Json(body)).into_response()
        }
        Act::Html(status) => (
            StatusCode::from_u16(status).unwrap(),
            "<html>upstream trouble</html>",
        )
            .into_response(),
        Act::Slow(d) => {
            tokio::time::sleep(d).await;
            StatusCode::OK.into_response()
        }
    }
}

async fn start_upstream(up: Arc<Upstream>, at: Option<SocketAddr>) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind(at.unwrap_or(([127, 0, 0, 1], 0).into()))
        .await
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let app = Router::new()
        .route("/api/v2/statements", post(upstream_submit))
        .with_state(up);
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

struct Setup {
    read_only: bool,
    access_token: Option<String>,
    site: Option<std::path::PathBuf>,
    max_body: usize,
}

impl Default for Setup {
    fn default() -> Setup {
        Setup {
            read_only: false,
            access_token: None,
            site: None,
            max_body: 64 * 1024,
        }
    }
}

async fn start_proxy(upstream: SocketAddr, setup: Setup) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let hosts = proxy::hosts_for(addr, false, setup.access_token.as_deref(), &[]).unwrap();
    let config = Config {
        addr,
        upstream: Url::parse(&format!("http://{upstream}")).unwrap(),
        account: "XY12345".into(),
        user: Some("ALICE".into()),
        credential: Credential::Token {
            kind: TokenType::ProgrammaticAccessToken,
            secret: SECRET.into(),
        },
        defaults: Defaults {
            warehouse: Some("COMPUTE_WH".into()),
            ..Defaults::default()
        },
        read_only: setup.read_only,
        access_token: setup.access_token,
        host_names: Vec::new(),
        site: setup.site,
        max_body: setup.max_body,
        max_concurrent: 8,
        request_timeout: Duration::from_secs(30),
        statement_timeout: 300,
        upstream_timeout: Duration::from_secs(1),
    };
    let app = proxy::app(config, hosts).unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

/// Every response body the tests saw, searched for the credential at the end.
#[derive(Default)]
struct Seen(Mutex<Vec<String>>);

impl Seen {
    async fn submit(
        &self,
        proxy: SocketAddr,
        headers: &[(&str, &str)],
        body: Value,
    ) -> (u16, Value) {
        let mut request = reqwest::Client::new()
            .post(format!("http://{proxy}/api/v2/statements"))
            .header("content-type", "application/json")
            .body(body.to_string());
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let mut all = format!("{:?}", response.headers());
        let text = response.text().await.unwrap();
        all.push_str(&text);
        self.0.lock().unwrap().push(all);
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    fn assert_no_secret(&self) {
        for text in self.0.lock().unwrap().iter() {
            assert!(!text.contains(SECRET) && !text.contains(ACCESS), "{text}");
        }
    }
}

#[tokio::test]
async fn the_credential_and_the_default_context_are_added_and_never_returned() {
    let up = Arc::new(Upstream::default());
    let upstream = start_upstream(up.clone(), None).await;
    let proxy = start_proxy(upstream, Setup::default()).await;
    let seen = Seen::default();
    let (status, body) = seen
        .submit(proxy, &[], json!({"statement": "select 1", "schema": "S"}))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"], json!([["1"]]));
    let (headers, query, sent) = up.seen.lock().unwrap()[0].clone();
    assert_eq!(
        headers["authorization"],
        format!("Bearer {SECRET}").as_str()
    );
    assert_eq!(
        headers["x-snowflake-authorization-token-type"],
        "PROGRAMMATIC_ACCESS_TOKEN"
    );
    assert!(query.unwrap().starts_with("requestId="));
    assert_eq!(sent["warehouse"], "COMPUTE_WH");
    assert_eq!(sent["schema"], "S");
    assert_eq!(sent["timeout"], 300);
    // A client's own Authorization header is not what reaches the account.
    seen.submit(
        proxy,
        &[("authorization", "Bearer mine")],
        json!({"statement": "select 1"}),
    )
    .await;
    let (headers, _, _) = up.seen.lock().unwrap()[1].clone();
    assert_eq!(
        headers["authorization"],
        format!("Bearer {SECRET}").as_str()
    );
    let info = reqwest::get(format!("http://{proxy}/snowglobe/proxy"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        info.contains("COMPUTE_WH") && !info.contains(SECRET),
        "{info}"
    );
    seen.assert_no_secret();
}

#[tokio::test]
async fn other_origins_rebinding_hosts_and_preflights_are_refused() {
    let up = Arc::new(Upstream::default());
    let upstream = start_upstream(up.clone(), None).await;
    let proxy = start_proxy(upstream, Setup::default()).await;
    let seen = Seen::default();
    let statement = json!({"statement": "select 1"});
    let (status, body) = seen
        .submit(
            proxy,
            &[("origin", "https://evil.example")],
            statement.clone(),
        )
        .await;
    assert_eq!(status, 403, "{body}");
    let (status, _) = seen
        .submit(proxy, &[("host", "evil.example")], statement.clone())
        .await;
    assert_eq!(status, 403);
    let (status, _) = seen
        .submit(
            proxy,
            &[("origin", &format!("http://{proxy}"))],
            statement.clone(),
        )
        .await;
    assert_eq!(status, 200);
    let preflight = reqwest::Client::new()
        .request(
            reqwest::Method::OPTIONS,
            format!("http://{proxy}/api/v2/statements"),
        )
        .header("origin", "https://evil.example")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status().as_u16(), 403);
    assert!(
        preflight
            .headers()
            .keys()
            .all(|k| !k.as_str().starts_with("access-control-"))
    );
    assert_eq!(
        up.seen.lock().unwrap().len(),
        1,
        "only the own-origin request was forwarded"
    );
    seen.assert_no_secret();
}

#[tokio::test]
async fn an_access_token_guards_the_api_but_not_the_page() {
    let site = std::env::temp_dir().join(format!("snowglobe-proxy-site-{}", std::process::id()));
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(site.join("index.html"), "<html>page</html>").unwrap();
    let up = Arc::new(Upstream::default());
    let upstream = start_upstream(up.clone(), None).await;
    let proxy = start_proxy(
        upstream,
        Setup {
            access_token: Some(ACCESS.into()),
            site: Some(site.clone()),
            ..Setup::default()
        },
    )
    .await;
    let seen = Seen::default();
    let statement = json!({"statement": "select 1"});
    let (status, body) = seen.submit(proxy, &[], statement.clone()).await;
    assert_eq!(status, 401, "{body}");
    let (status, _) = seen
        .submit(
            proxy,
            &[("x-snowglobe-proxy-token", "wrong")],
            statement.clone(),
        )
        .await;
    assert_eq!(status, 401);
    let (status, _) = seen
        .submit(
            proxy,
            &[("x-snowglobe-proxy-token", ACCESS)],
            statement.clone(),
        )
        .await;
    assert_eq!(status, 200);
    let page = reqwest::get(format!("http://{proxy}/")).await.unwrap();
    assert_eq!(page.status().as_u16(), 200);
    assert_eq!(
        page.headers()["content-security-policy"],
        "connect-src 'self'; frame-ancestors 'none'"
    );
    let text = page.text().await.unwrap();
    assert!(text.contains("page") && !text.contains(SECRET) && !text.contains(ACCESS));
    let info = reqwest::get(format!("http://{proxy}/snowglobe/proxy"))
        .await
        .unwrap();
    assert_eq!(info.status().as_u16(), 401);
    std::fs::remove_dir_all(&site).ok();
    seen.assert_no_secret();
}

#[tokio::test]
async fn oversized_bodies_and_writes_under_read_only_are_refused_before_the_account() {
    let up = Arc::new(Upstream::default());
    let upstream = start_upstream(up.clone(), None).await;
    let proxy = start_proxy(
        upstream,
        Setup {
            read_only: true,
            max_body: 1024,
            ..Setup::default()
        },
    )
    .await;
    let seen = Seen::default();
    let big = format!("select '{}'", "x".repeat(4096));
    let (status, _) = seen.submit(proxy, &[], json!({"statement": big})).await;
    assert_eq!(status, 413);
    let (status, body) = seen
        .submit(
            proxy,
            &[],
            json!({"statement": "select 1; insert into t values (1)"}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["code"], "003001");
    assert!(body["message"].as_str().unwrap().contains("read-only"));
    assert!(up.seen.lock().unwrap().is_empty());
    let (status, _) = seen
        .submit(proxy, &[], json!({"statement": "show tables; select 1"}))
        .await;
    assert_eq!(status, 200);
    seen.assert_no_secret();
}

#[tokio::test]
async fn upstream_trouble_comes_back_as_clear_errors_and_the_proxy_recovers() {
    let up = Arc::new(Upstream::default());
    // The account is down: its port refuses connections.
    let parked = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let upstream = parked.local_addr().unwrap();
    drop(parked);
    let proxy = start_proxy(upstream, Setup::default()).await;
    let seen = Seen::default();
    let statement = json!({"statement": "select 1"});
    let (status, body) = seen.submit(proxy, &[], statement.clone()).await;
    assert_eq!(status, 502, "{body}");
    assert_eq!(body["code"], "250001");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("Could not reach Snowflake")
    );
    // It comes back.
    start_upstream(up.clone(), Some(upstream)).await;
    let (status, _) = seen.submit(proxy, &[], statement.clone()).await;
    assert_eq!(status, 200);
    // Refused credentials: Snowflake's code and message pass through.
    up.script.lock().unwrap().push_back(Act::Json(
        401,
        json!({"code": "390303", "message": "Invalid OAuth access token."}),
    ));
    let (status, body) = seen.submit(proxy, &[], statement.clone()).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("390303")));
    // Shed load twice, then served: retried with retry=true and the same requestId.
    let before = up.seen.lock().unwrap().len();
    up.script.lock().unwrap().extend([
        Act::Json(
            429,
            json!({"code": "390505", "message": "Too many requests."}),
        ),
        Act::Json(
            429,
            json!({"code": "390505", "message": "Too many requests."}),
        ),
    ]);
    let (status, _) = seen.submit(proxy, &[], statement.clone()).await;
    assert_eq!(status, 200);
    let attempts: Vec<String> = up.seen.lock().unwrap()[before..]
        .iter()
        .map(|(_, q, _)| q.clone().unwrap_or_default())
        .collect();
    assert_eq!(attempts.len(), 3);
    let id = attempts[0].clone();
    assert!(attempts[1].starts_with(&id) && attempts[1].contains("retry=true"));
    // Server errors without a result: retried, then a clear 502.
    up.script.lock().unwrap().extend([Act::Html(500)]);
    let (status, body) = seen.submit(proxy, &[], statement.clone()).await;
    assert_eq!(status, 502, "{body}");
    assert!(body["message"].as_str().unwrap().contains("HTTP 500"));
    up.script
        .lock()
        .unwrap()
        .extend(std::iter::repeat_n(Act::Html(503), 4));
    let (status, body) = seen.submit(proxy, &[], statement.clone()).await;
    assert_eq!((status, body["code"].as_str()), (502, Some("250003")));
    // Too slow: a 504 that says how to read the outcome without running it twice.
    up.script
        .lock()
        .unwrap()
        .push_back(Act::Slow(Duration::from_secs(3)));
    let (status, body) = seen.submit(proxy, &[], statement.clone()).await;
    assert_eq!(status, 504, "{body}");
    assert!(body["message"].as_str().unwrap().contains("retry=true"));
    let (status, _) = seen.submit(proxy, &[], statement).await;
    assert_eq!(status, 200);
    seen.assert_no_secret();
}
