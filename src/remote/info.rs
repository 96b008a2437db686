//! What the proxy says about the account it forwards to (`GET /snowglobe/proxy`), and the access
//! token the page was opened with (`?token=…`). The info never holds a credential. The token is the
//! proxy's own: it proves the page was opened from the address the proxy printed. It travels in
//! one request header and nowhere else: its `Debug` form hides it, so it cannot reach a log.

use serde::{Deserialize, Serialize};

/// Where the proxy describes itself, on the page's own origin.
pub const INFO_PATH: &str = "/snowglobe/proxy";

/// The header that carries the page's token on every request to the proxy.
pub const TOKEN_HEADER: &str = "X-Snowglobe-Proxy-Token";

/// The account behind the proxy, as `GET /snowglobe/proxy` describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProxyInfo {
    pub account: String,
    pub user: String,
    #[serde(default)]
    pub warehouse: Option<String>,
    #[serde(default)]
    pub database: Option<String>,
    #[serde(default)]
    pub schema: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
    /// The proxy refuses statements that change anything.
    #[serde(default)]
    pub read_only: bool,
    /// The host the proxy forwards to.
    pub upstream: String,
}

impl ProxyInfo {
    /// The info in a proxy's answer; None for anything else (a static host's page, an error).
    pub fn parse(text: &str) -> Option<ProxyInfo> {
        serde_json::from_str::<ProxyInfo>(text)
            .ok()
            .filter(|i| !i.account.is_empty())
    }
}

/// The page's proxy token. Its `Debug` form never shows it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Token(String);

impl Token {
    /// The header value.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(hidden)")
    }
}

/// The `token` parameter of a URL's query string (`?a=1&token=XYZ`), percent-decoded.
pub fn token_in_query(search: &str) -> Option<Token> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == "token")
        .and_then(|(_, value)| percent_decode(value))
        .filter(|t| !t.is_empty())
        .map(Token)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = text.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_proxy_answer_reads_and_anything_else_does_not() {
        let info = ProxyInfo::parse(
            r#"{"account":"ACME-XY12","user":"ANA","warehouse":"COMPUTE_WH","database":null,
                "schema":null,"role":"SYSADMIN","readOnly":true,"upstream":"acme-xy12.example"}"#,
        )
        .unwrap();
        assert_eq!(info.account, "ACME-XY12");
        assert_eq!(info.warehouse.as_deref(), Some("COMPUTE_WH"));
        assert_eq!(info.database, None);
        assert!(info.read_only);
        assert_eq!(ProxyInfo::parse("<!doctype html><html>"), None);
        assert_eq!(ProxyInfo::parse(r#"{"code":"390303"}"#), None);
    }

    #[test]
    fn the_token_comes_from_the_query_and_never_shows_in_debug() {
        let t = token_in_query("?x=1&token=a%2Fb%3D").unwrap();
        assert_eq!(t.expose(), "a/b=");
        assert_eq!(format!("{t:?}"), "Token(hidden)");
        assert_eq!(token_in_query("?tokens=1"), None);
        assert_eq!(token_in_query(""), None);
        assert_eq!(token_in_query("?token="), None);
        assert_eq!(token_in_query("?token=%zz"), None);
    }
}
