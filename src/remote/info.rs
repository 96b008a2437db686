//! What the proxy says about the account it forwards to (`GET /snowglobe/proxy`), and the access
//! token the page was opened with (`?token=…`). The info never holds a credential. The token is the
//! proxy's own: it proves the page was opened from the address the proxy printed. It travels in
//! one request header and nowhere else: its `Debug` form hides it, so it cannot reach a log.

use serde::{Deserialize, Serialize};

/// Where the proxy describes itself: `/snowglobe/proxy`, relative to the page it serves at its
/// root.
pub const INFO_PATH: &str = "./snowglobe/proxy";

/// The header that carries the page's token on every request to the proxy.
pub const TOKEN_HEADER: &str = "X-Snowglobe-Proxy-Token";

/// The account behind the proxy, as `GET /snowglobe/proxy` describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProxyInfo {
    /// The account identifier (empty when the proxy was pointed at a URL instead).
    #[serde(default)]
    pub account: String,
    #[serde(default)]
    pub user: Option<String>,
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
            .filter(|i| !i.upstream.is_empty())
    }

    /// The account as people call it: its identifier, or the host the proxy forwards to.
    pub fn name(&self) -> &str {
        if self.account.is_empty() {
            &self.upstream
        } else {
            &self.account
        }
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

/// A URL without its `token` query parameter, so that a link the page shows or copies never
/// carries the proxy's token.
pub fn without_token(url: &str) -> String {
    let (head, hash) = url
        .split_once('#')
        .map_or((url, None), |(h, f)| (h, Some(f)));
    let (base, query) = head.split_once('?').unwrap_or((head, ""));
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| !pair.is_empty() && pair.split('=').next() != Some("token"))
        .collect();
    let mut out = base.to_owned();
    if !kept.is_empty() {
        out.push('?');
        out.push_str(&kept.join("&"));
    }
    if let Some(hash) = hash {
        out.push('#');
        out.push_str(hash);
    }
    out
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
        assert_eq!(info.name(), "ACME-XY12");
        let pointed = ProxyInfo::parse(
            r#"{"account":"","user":null,"upstream":"http://127.0.0.1:9","warehouse":null,
                "database":null,"schema":null,"role":null,"readOnly":false,"tokenType":"pat"}"#,
        )
        .unwrap();
        assert_eq!(
            (pointed.name(), pointed.user.as_deref()),
            ("http://127.0.0.1:9", None)
        );
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

    #[test]
    fn links_drop_the_token() {
        assert_eq!(
            without_token("http://127.0.0.1:8766/?token=s3cret#seed=4"),
            "http://127.0.0.1:8766/#seed=4"
        );
        assert_eq!(
            without_token("http://h/p/?a=1&token=x&b=2"),
            "http://h/p/?a=1&b=2"
        );
        assert_eq!(without_token("http://h/"), "http://h/");
    }
}
