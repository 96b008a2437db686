//! The server's log: one line per event on standard error, silenced by `--quiet`.
//!
//! Lines carry query ids, durations, statuses and the first words of statements — never a token, a
//! password, a key or a request body.

use std::sync::atomic::{AtomicBool, Ordering};

static QUIET: AtomicBool = AtomicBool::new(false);

/// Silences (or restores) the statement log.
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// Writes one line, stamped with the wall-clock time.
pub fn line(text: &str) {
    if !QUIET.load(Ordering::Relaxed) {
        eprintln!("{} {text}", chrono::Local::now().format("%H:%M:%S%.3f"));
    }
}

/// A statement's text for the log: its first line, at most 120 characters.
pub fn statement_summary(sql: &str) -> String {
    let first = sql.trim().lines().next().unwrap_or("");
    let mut out: String = first.chars().take(120).collect();
    if out.len() < first.len() || sql.trim().lines().nth(1).is_some() {
        out.push('…');
    }
    out
}
