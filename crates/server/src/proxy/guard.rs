//! Who may drive the proxy. It holds a live credential for a real account, so every request is
//! treated as hostile until it passes these checks:
//!
//! - **Host**: the request's `Host` must be one the proxy is reached at (`127.0.0.1`, `localhost`
//!   or `[::1]` at its port, or the address it was told to listen on). A page on another site that
//!   rebinds its own name to 127.0.0.1 sends its own name as `Host`, and is refused.
//! - **Origin**: a browser request from another origin (an `Origin` that is not the proxy's own,
//!   `Sec-Fetch-Site: cross-site`) is refused, and a CORS preflight is never answered with CORS
//!   headers, so no other site can drive the proxy from a user's browser. Clients that send no
//!   `Origin` (the Python connector, curl, the SQL API clients) pass.
//! - **Access token**: when one is set (always, when listening beyond loopback), every request but
//!   the page's static files must carry it — `X-Snowglobe-Proxy-Token: <t>` or
//!   `Authorization: Bearer <t>` — compared in constant time.
//! - **Read-only** (`--read-only`): only SELECT, SHOW, DESCRIBE/DESC, EXPLAIN and WITH … SELECT
//!   statements are forwarded; a script holding anything else is refused whole.

use axum::http::{HeaderMap, Method, header};
use snowglobe_engine::dialect::split::split_statements;

/// The header a page presents the access token in.
pub const TOKEN_HEADER: &str = "x-snowglobe-proxy-token";

/// Why a request was refused: its HTTP status, code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
}

fn forbidden(message: impl Into<String>) -> Refusal {
    Refusal {
        status: 403,
        code: "390101",
        message: message.into(),
    }
}

/// The checks a request passes before it reaches a handler.
pub struct Gate {
    hosts: Vec<String>,
    token: Option<String>,
}

impl Gate {
    /// A gate for a proxy reachable at `hosts` (each `name:port`, compared without case) that
    /// requires `token` when given.
    pub fn new(hosts: Vec<String>, token: Option<String>) -> Gate {
        Gate {
            hosts: hosts.into_iter().map(|h| h.to_ascii_lowercase()).collect(),
            token,
        }
    }

    /// Checks a request; `asset` is true for the page's static files, which need no token.
    pub fn check(&self, method: &Method, headers: &HeaderMap, asset: bool) -> Result<(), Refusal> {
        let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let host = text(header::HOST.as_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if !self.hosts.contains(&host) {
            return Err(forbidden(format!(
                "Host '{host}' is not an address of this proxy; open it at http://{}/.",
                self.hosts.first().map_or("127.0.0.1", String::as_str)
            )));
        }
        if method == Method::OPTIONS {
            return Err(forbidden(
                "The proxy answers no cross-origin (CORS) requests.",
            ));
        }
        if let Some(origin) = text(header::ORIGIN.as_str()) {
            let origin = origin.to_ascii_lowercase();
            let own = origin
                .strip_prefix("http://")
                .is_some_and(|o| self.hosts.iter().any(|h| h == o));
            if !own {
                return Err(forbidden(format!(
                    "Requests from origin '{origin}' are refused: only the page this proxy serves may use it."
                )));
            }
        }
        if text("sec-fetch-site") == Some("cross-site") {
            return Err(forbidden(
                "Cross-site requests are refused: only the page this proxy serves may use it.",
            ));
        }
        if asset {
            return Ok(());
        }
        let Some(token) = &self.token else {
            return Ok(());
        };
        let presented = text(TOKEN_HEADER).or_else(|| {
            text(header::AUTHORIZATION.as_str()).and_then(|v| v.strip_prefix("Bearer "))
        });
        match presented {
            Some(p) if constant_time_eq(p.trim().as_bytes(), token.as_bytes()) => Ok(()),
            _ => Err(Refusal {
                status: 401,
                code: "390303",
                message: "This proxy needs its access token: open the URL it printed at start."
                    .into(),
            }),
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The statements read-only mode forwards.
const READ_ONLY: [&str; 6] = ["SELECT", "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "WITH"];

/// Under read-only mode: whether every statement of `sql` only reads; the error names the first
/// that does not.
pub fn read_only(sql: &str) -> Result<(), String> {
    for piece in split_statements(sql) {
        let word = first_keyword(&piece.text);
        if !READ_ONLY.contains(&word.as_str()) {
            let shown = if word.is_empty() {
                "this statement"
            } else {
                &word
            };
            return Err(format!(
                "The proxy is read-only: {shown} (line {}) is not allowed; only SELECT, SHOW, DESCRIBE and EXPLAIN are.",
                piece.start.line
            ));
        }
    }
    Ok(())
}

/// A statement's first keyword, upper-cased, after comments, blanks and opening parentheses.
fn first_keyword(sql: &str) -> String {
    let mut rest = sql;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '(');
        if let Some(after) = rest.strip_prefix("--").or_else(|| rest.strip_prefix("//")) {
            rest = after.split_once('\n').map_or("", |(_, r)| r);
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, r)| r);
        } else {
            break;
        }
    }
    crate::first_word(rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn gate(token: Option<&str>) -> Gate {
        Gate::new(
            vec!["127.0.0.1:8766".into(), "localhost:8766".into()],
            token.map(str::to_owned),
        )
    }

    #[test]
    fn a_rebinding_host_and_another_origin_are_refused() {
        let g = gate(None);
        let ok = headers(&[
            ("host", "127.0.0.1:8766"),
            ("origin", "http://127.0.0.1:8766"),
        ]);
        assert!(g.check(&Method::POST, &ok, false).is_ok());
        assert!(
            g.check(&Method::GET, &headers(&[("host", "LOCALHOST:8766")]), false)
                .is_ok()
        );
        let rebind = headers(&[("host", "evil.example:8766")]);
        assert_eq!(
            g.check(&Method::GET, &rebind, true).unwrap_err().status,
            403
        );
        let other = headers(&[
            ("host", "127.0.0.1:8766"),
            ("origin", "https://evil.example"),
        ]);
        assert_eq!(
            g.check(&Method::POST, &other, false).unwrap_err().status,
            403
        );
        let null = headers(&[("host", "127.0.0.1:8766"), ("origin", "null")]);
        assert!(g.check(&Method::POST, &null, false).is_err());
        let site = headers(&[("host", "127.0.0.1:8766"), ("sec-fetch-site", "cross-site")]);
        assert!(g.check(&Method::POST, &site, false).is_err());
        let preflight = headers(&[("host", "127.0.0.1:8766")]);
        assert!(g.check(&Method::OPTIONS, &preflight, false).is_err());
    }

    #[test]
    fn the_access_token_guards_everything_but_the_page() {
        let g = gate(Some("tok-1"));
        let bare = headers(&[("host", "127.0.0.1:8766")]);
        assert!(g.check(&Method::GET, &bare, true).is_ok());
        assert_eq!(
            g.check(&Method::POST, &bare, false).unwrap_err().status,
            401
        );
        let wrong = headers(&[("host", "127.0.0.1:8766"), (TOKEN_HEADER, "tok-2")]);
        assert!(g.check(&Method::POST, &wrong, false).is_err());
        let right = headers(&[("host", "127.0.0.1:8766"), (TOKEN_HEADER, "tok-1")]);
        assert!(g.check(&Method::POST, &right, false).is_ok());
        let bearer = headers(&[
            ("host", "127.0.0.1:8766"),
            ("authorization", "Bearer tok-1"),
        ]);
        assert!(g.check(&Method::POST, &bearer, false).is_ok());
    }

    #[test]
    fn read_only_forwards_reads_and_refuses_the_rest() {
        assert!(read_only("select 1; show tables; desc table t; explain select 1").is_ok());
        assert!(read_only("-- note\n/* c */ (select 1)").is_ok());
        assert!(read_only("with x as (select 1) select * from x").is_ok());
        let e = read_only("select 1;\ninsert into t values (1)").unwrap_err();
        assert!(e.contains("INSERT (line 2)"), "{e}");
        assert!(read_only("/* x */ drop table t").is_err());
        assert!(read_only("alter dynamic table d refresh").is_err());
        assert!(read_only("call system$wait(1)").is_err());
    }
}
