//! `snowglobe proxy`: reads the credential (key pair, token file or `SNOWFLAKE_TOKEN`), fixes the
//! upstream URL, checks the listening address, and runs the forwarder (crates/server `proxy`) on a
//! Tokio runtime until Ctrl-C. It prints the page's URL — with the access token, when one is
//! required — and never the credential.

use crate::args::{ProxyArgs, TokenKind};
use snowglobe_server::log;
use snowglobe_server::proxy::credential::{Credential, KeyPair};
use snowglobe_server::proxy::{self, Config, Defaults, Url};
use snowglobe_sqlapi::TokenType;
use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn first_line(path: &Path) -> Result<String, String> {
    read(path)?
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| format!("{}: holds no token", path.display()))
}

/// The credential the flags and environment name; exactly one.
fn credential(args: &ProxyArgs, account: &str) -> Result<Credential, String> {
    let kind = match args.token_type {
        TokenKind::Pat => TokenType::ProgrammaticAccessToken,
        TokenKind::Oauth => TokenType::Oauth,
    };
    match (&args.private_key, &args.token_file) {
        (Some(_), Some(_)) => Err("give --private-key or --token-file, not both".into()),
        (Some(path), None) => {
            let user = args
                .user
                .as_deref()
                .ok_or("--private-key needs --user (the user the key is registered for)")?;
            let passphrase = std::env::var("SNOWFLAKE_PRIVATE_KEY_PASSPHRASE").ok();
            let pair = KeyPair::from_pem(&read(path)?, passphrase.as_deref(), account, user)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            eprintln!(
                "snowglobe proxy: signing key-pair JWTs for {} with the key {}",
                user.to_ascii_uppercase(),
                pair.fingerprint()
            );
            Ok(Credential::KeyPair(pair))
        }
        (None, Some(path)) => Ok(Credential::Token {
            kind,
            secret: first_line(path)?,
        }),
        (None, None) => match std::env::var("SNOWFLAKE_TOKEN") {
            Ok(secret) if !secret.trim().is_empty() => Ok(Credential::Token {
                kind,
                secret: secret.trim().to_owned(),
            }),
            _ => Err(
                "no credential: pass --private-key (with --user), --token-file, or set SNOWFLAKE_TOKEN"
                    .into(),
            ),
        },
    }
}

/// The base URL the proxy forwards to: `--url`, or the account's.
fn upstream(args: &ProxyArgs) -> Result<(Url, String), String> {
    let (url, account) = match (&args.url, &args.account) {
        (Some(url), account) => (url.clone(), account.clone().unwrap_or_default()),
        (None, Some(account)) => {
            let valid = !account.is_empty()
                && account
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
            if !valid {
                return Err(format!("'{account}' is not an account identifier"));
            }
            (
                format!(
                    "https://{}.snowflakecomputing.com",
                    account.to_ascii_lowercase()
                ),
                account.clone(),
            )
        }
        (None, None) => return Err("give --account (or --url)".into()),
    };
    let parsed = Url::parse(&url).map_err(|e| format!("--url {url}: {e}"))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(format!("--url {url}: not an http(s) address"));
    }
    Ok((parsed, account))
}

/// Runs `snowglobe proxy`.
pub fn proxy(args: ProxyArgs) -> Result<(), String> {
    let (url, account) = upstream(&args)?;
    let credential = credential(&args, &account)?;
    let access_token = args
        .access_token_file
        .as_deref()
        .map(first_line)
        .transpose()?;
    let addr = SocketAddr::new(args.listen, args.port);
    let hosts = proxy::hosts_for(
        addr,
        args.allow_remote,
        access_token.as_deref(),
        &args.host_name,
    )?;
    log::set_quiet(args.quiet);
    let config = Config {
        addr,
        upstream: url,
        account,
        user: args.user.clone(),
        credential,
        defaults: Defaults {
            warehouse: args.warehouse.clone(),
            database: args.database.clone(),
            schema: args.schema.clone(),
            role: args.role.clone(),
        },
        read_only: args.read_only,
        access_token: access_token.clone(),
        host_names: args.host_name.clone(),
        site: (!args.no_site).then(|| args.site.clone()),
        max_body: args.max_body,
        max_concurrent: args.max_concurrent.max(1),
        request_timeout: Duration::from_secs(args.request_timeout.max(1)),
        statement_timeout: args.statement_timeout.max(1),
        upstream_timeout: Duration::from_secs(args.upstream_timeout.max(1)),
    };
    let target = config.upstream.origin().ascii_serialization();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    runtime.block_on(proxy::run(config, hosts, |bound| {
        let shown = match args.host_name.first() {
            Some(name) if bound.ip().is_unspecified() => format!("{name}:{}", bound.port()),
            _ => bound.to_string(),
        };
        let query = access_token
            .as_deref()
            .map_or(String::new(), |t| format!("?token={t}"));
        println!("snowglobe proxy: listening on http://{shown}/{query} , forwarding to {target}");
        let _ = std::io::stdout().flush();
    }))
}
