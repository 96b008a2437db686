//! `snowglobe serve`: runs the scripts, checks the authentication choice, and hands the engine to
//! the server (crates/server) on a Tokio runtime until Ctrl-C.

use crate::args::{ClockKind, ServeArgs};
use snowglobe_engine::{Engine, Generator, Profile};
use snowglobe_server::auth::{Auth, RegisteredKey};
use snowglobe_server::journal;
use snowglobe_server::worker::{Build, Clock, Feed, StateFile};
use snowglobe_server::{Config, log};
use std::io::Write;
use std::net::SocketAddr;

/// Builds what the server accepts from the flags; refuses to run open without `--no-auth`.
fn auth(args: &ServeArgs) -> Result<Auth, String> {
    let mut auth = Auth {
        open: args.no_auth,
        ..Auth::default()
    };
    for path in &args.jwt_public_key {
        let pem = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let (Some(account), Some(user)) = (&args.account, &args.user) else {
            return Err("--jwt-public-key needs --account and --user".into());
        };
        let key = RegisteredKey::from_pem(&pem, account, user)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!(
            "snowglobe serve: accepting key-pair JWTs of {}.{} signed by {}",
            account.to_ascii_uppercase(),
            user.to_ascii_uppercase(),
            key.fingerprint()
        );
        auth.keys.push(key);
    }
    for path in &args.token_file {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let before = auth.tokens.len();
        auth.tokens.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned),
        );
        if auth.tokens.len() == before {
            return Err(format!("{}: holds no token", path.display()));
        }
    }
    if !auth.open && auth.keys.is_empty() && auth.tokens.is_empty() {
        return Err(
            "refusing to serve without authentication: pass --jwt-public-key (with --account and --user), --token-file, or --no-auth for local use"
                .into(),
        );
    }
    Ok(auth)
}

/// Runs `snowglobe serve`.
pub fn serve(args: ServeArgs) -> Result<(), String> {
    if !(args.speed.is_finite() && args.speed > 0.0) {
        return Err("--speed must be a positive number".into());
    }
    if args.generator.is_some() && args.clock == ClockKind::Manual {
        return Err(
            "--generator feeds events as the wall clock moves; it cannot run with --clock manual"
                .into(),
        );
    }
    let auth = auth(&args)?;
    log::set_quiet(args.quiet);
    // A statement that panics is answered with an internal error (crates/server/src/worker.rs);
    // the log says so in one line, without the panic's text.
    std::panic::set_hook(Box::new(|_| {
        log::line("internal error: a statement failed inside the engine");
    }));
    let saved = match &args.state {
        Some(path) => journal::load(path)?,
        None => None,
    };
    let start = match &saved {
        Some(s) => s.scenario.start,
        None => args
            .start
            .unwrap_or_else(|| chrono::Local::now().naive_local()),
    };
    let state = args.state.clone().map(|path| StateFile {
        path,
        saved: saved.unwrap_or(journal::Saved {
            scenario: journal::Scenario { start },
            entries: Vec::new(),
        }),
    });
    let (scripts, generator, seed, target) = (
        args.scripts.clone(),
        args.generator,
        args.seed,
        args.target.clone(),
    );
    let build: Build = Box::new(move || {
        let mut engine = Engine::new(start);
        engine.set_stopwatch(crate::stopwatch);
        crate::load_scripts(&mut engine, &scripts)?;
        let feed = generator.map(|rate| {
            let mut generator = Generator::new(seed, Profile::Seed, engine.now());
            generator.set_rate(Some(rate).filter(|r| *r > 0.0));
            Feed { generator, target }
        });
        Ok((engine, feed))
    });
    let config = Config {
        addr: SocketAddr::new(args.host, args.port),
        auth,
        clock: match args.clock {
            ClockKind::Wall => Clock::Wall { speed: args.speed },
            ClockKind::Manual => Clock::Manual,
        },
        max_body: args.max_body,
        max_concurrent: args.max_concurrent.max(1),
        request_timeout: std::time::Duration::from_secs(args.request_timeout.max(1)),
        max_queued: 4 * args.max_concurrent.max(1),
        state,
    };
    if !args.host.is_loopback() {
        eprintln!(
            "snowglobe serve: listening on {}, which is not loopback: other machines can reach this engine",
            args.host
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    runtime.block_on(snowglobe_server::serve(build, config, |addr| {
        println!("snowglobe serve: listening on http://{addr}");
        let _ = std::io::stdout().flush();
    }))
}
