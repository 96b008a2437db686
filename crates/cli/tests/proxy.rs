//! `snowglobe proxy` run as a user would, in front of `snowglobe serve` as the stand-in for
//! Snowflake: a key pair made with openssl signs JWTs the stand-in accepts (its fingerprint is the
//! one openssl computes), the credential appears in no output or log line, and the proxy refuses
//! to listen beyond loopback without the flag and a token.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("snowglobe-proxy-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Starts `snowglobe <args>` and returns it with the address it printed.
fn start(args: &[&str], envs: &[(&str, &str)]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_snowglobe"))
        .current_dir(ROOT)
        .args(args)
        .envs(envs.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split(['/', ' ', '\n']).next())
        .unwrap_or_else(|| {
            let mut err = String::new();
            child.stderr.take().unwrap().read_to_string(&mut err).ok();
            panic!("no address in {line:?}: {err}")
        })
        .to_owned();
    (child, addr)
}

/// Stops a process and returns everything it wrote.
fn stop(mut child: Child) -> String {
    child.kill().ok();
    let mut out = String::new();
    child.stdout.take().unwrap().read_to_string(&mut out).ok();
    child.stderr.take().unwrap().read_to_string(&mut out).ok();
    child.wait().ok();
    out
}

fn openssl(args: &[&str], dir: &Path) -> Vec<u8> {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("openssl runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn post(addr: &str, statement: &str) -> (u16, serde_json::Value, String) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let r = reqwest::Client::new()
            .post(format!("http://{addr}/api/v2/statements"))
            .header("content-type", "application/json")
            .body(serde_json::json!({ "statement": statement }).to_string())
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let headers = format!("{:?}", r.headers());
        let text = r.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or_default(),
            headers + &text,
        )
    })
}

#[test]
fn an_encrypted_key_pair_signs_jwts_the_stand_in_accepts() {
    let dir = scratch("jwt");
    openssl(&["genrsa", "-out", "plain.pem", "2048"], &dir);
    openssl(
        &[
            "pkcs8",
            "-topk8",
            "-v2",
            "aes-256-cbc",
            "-in",
            "plain.pem",
            "-out",
            "key.p8",
            "-passout",
            "pass:open-sesame",
        ],
        &dir,
    );
    openssl(
        &["rsa", "-in", "plain.pem", "-pubout", "-out", "pub.pem"],
        &dir,
    );
    openssl(&["genrsa", "-out", "other.pem", "2048"], &dir);
    openssl(
        &[
            "pkcs8",
            "-topk8",
            "-nocrypt",
            "-in",
            "other.pem",
            "-out",
            "other.p8",
        ],
        &dir,
    );
    let der = openssl(
        &["rsa", "-pubin", "-in", "pub.pem", "-outform", "DER"],
        &dir,
    );
    std::fs::write(dir.join("pub.der"), der).unwrap();
    let digest = openssl(&["dgst", "-sha256", "-binary", "pub.der"], &dir);
    std::fs::write(dir.join("digest"), digest).unwrap();
    let fingerprint =
        String::from_utf8(openssl(&["enc", "-base64", "-A", "-in", "digest"], &dir)).unwrap();
    let public = dir.join("pub.pem");
    let (serve, upstream) = start(
        &[
            "serve",
            "--port",
            "0",
            "--jwt-public-key",
            public.to_str().unwrap(),
            "--account",
            "TESTACCT",
            "--user",
            "ALICE",
        ],
        &[],
    );
    let url = format!("http://{upstream}");
    let key = dir.join("key.p8");
    let (proxy, addr) = start(
        &[
            "proxy",
            "--url",
            &url,
            "--account",
            "testacct.eu-west-1",
            "--user",
            "alice",
            "--private-key",
            key.to_str().unwrap(),
            "--port",
            "0",
            "--no-site",
        ],
        &[("SNOWFLAKE_PRIVATE_KEY_PASSPHRASE", "open-sesame")],
    );
    let (status, body, _) = post(&addr, "select current_user()");
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"][0][0], "ALICE");
    let log = stop(proxy);
    assert!(
        log.contains(&format!("SHA256:{}", fingerprint.trim())),
        "the proxy's fingerprint is openssl's: {log}"
    );
    assert!(
        !log.contains("open-sesame") && !log.contains("eyJ"),
        "{log}"
    );
    // A key the stand-in does not know is refused, with Snowflake's code.
    let other = dir.join("other.p8");
    let (proxy, addr) = start(
        &[
            "proxy",
            "--url",
            &url,
            "--account",
            "TESTACCT",
            "--user",
            "ALICE",
            "--private-key",
            other.to_str().unwrap(),
            "--port",
            "0",
            "--no-site",
        ],
        &[],
    );
    let (status, body, _) = post(&addr, "select 1");
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("390144")),
        "{body}"
    );
    stop(proxy);
    // The wrong passphrase stops the proxy before it listens.
    let out = Command::new(env!("CARGO_BIN_EXE_snowglobe"))
        .args(["proxy", "--url", &url, "--user", "ALICE", "--private-key"])
        .arg(&key)
        .env("SNOWFLAKE_PRIVATE_KEY_PASSPHRASE", "nope")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrong passphrase"));
    stop(serve);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_token_appears_in_no_response_output_or_log_line() {
    let dir = scratch("token");
    let secret = "pat-tok-5ca1ab1e-0000-secret";
    let tokens = dir.join("tokens");
    std::fs::write(&tokens, format!("{secret}\n")).unwrap();
    let (serve, upstream) = start(
        &[
            "serve",
            "sql/ecomm_cdc.sql",
            "--port",
            "0",
            "--token-file",
            tokens.to_str().unwrap(),
        ],
        &[],
    );
    let url = format!("http://{upstream}");
    let (proxy, addr) = start(
        &[
            "proxy",
            "--url",
            &url,
            "--port",
            "0",
            "--no-site",
            "--warehouse",
            "COMPUTE_WH",
        ],
        &[("SNOWFLAKE_TOKEN", secret)],
    );
    let mut seen = String::new();
    for sql in [
        "select count(*) from raw_orders",
        &format!("select '{secret}'"),
        "select nope",
        "insert into raw_orders (order_id) values ('X1')",
    ] {
        let (status, _, text) = post(&addr, sql);
        assert!(status == 200 || status == 422, "{status} {text}");
        seen.push_str(&text);
    }
    let log = stop(proxy);
    assert!(
        log.contains("200 in"),
        "the log has a line per statement: {log}"
    );
    assert!(!seen.contains(secret), "{seen}");
    assert!(!log.contains(secret), "{log}");
    stop(serve);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn listening_beyond_loopback_needs_the_flag_and_an_access_token() {
    let dir = scratch("listen");
    let access = dir.join("access");
    std::fs::write(&access, "acc-1\n").unwrap();
    let run = |extra: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_snowglobe"))
            .args([
                "proxy",
                "--url",
                "http://127.0.0.1:9",
                "--port",
                "0",
                "--no-site",
            ])
            .args(extra)
            .env("SNOWFLAKE_TOKEN", "t")
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (ok, err) = run(&["--listen", "0.0.0.0"]);
    assert!(!ok && err.contains("--allow-remote"), "{err}");
    let (ok, err) = run(&["--listen", "0.0.0.0", "--allow-remote"]);
    assert!(!ok && err.contains("access token"), "{err}");
    let (ok, err) = run(&[
        "--listen",
        "0.0.0.0",
        "--allow-remote",
        "--access-token-file",
        access.to_str().unwrap(),
    ]);
    assert!(!ok && err.contains("--host-name"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}
