//! `--state FILE`: the server's session kept across restarts, as the page keeps its scenario and
//! journal.
//!
//! The file is JSON lines. The first line is the scenario — the virtual clock's start; then one line
//! per committed statement that changed something (its virtual instant, session context, text and
//! bound rows) and a clock mark when the server stops. Statements inside a transaction are held back
//! until it commits and dropped if it rolls back, so the file holds committed work only. On start, the
//! scripts run again from the recorded start, then every line is replayed at its instant — the
//! scheduler and the generator doing on the way what they did the first time, as both are
//! deterministic — and the clock resumes where it stopped.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use snowglobe_engine::{Param, SessionContext};
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

/// The first line: what the session started from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Scenario {
    pub start: NaiveDateTime,
}

/// One line after the first.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Entry {
    Statement {
        at: NaiveDateTime,
        context: SessionContext,
        sql: String,
        rows: Vec<Vec<Param>>,
    },
    Clock {
        clock: NaiveDateTime,
    },
}

/// Transaction control, which the file does not hold (it holds what was committed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    Begin,
    Commit,
    Rollback,
}

impl Control {
    /// The transaction control a statement is, from its first word.
    pub fn of(sql: &str) -> Option<Control> {
        match crate::first_word(sql).as_str() {
            "BEGIN" | "START" => Some(Control::Begin),
            "COMMIT" => Some(Control::Commit),
            "ROLLBACK" => Some(Control::Rollback),
            _ => None,
        }
    }
}

/// A saved session read back: where it started and what happened since.
pub struct Saved {
    pub scenario: Scenario,
    pub entries: Vec<Entry>,
}

/// Reads a state file; `None` when it does not exist yet.
pub fn load(path: &Path) -> Result<Option<Saved>, String> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let mut lines = BufReader::new(file).lines();
    let bad = |n: usize, e: &dyn std::fmt::Display| format!("{}:{n}: {e}", path.display());
    let Some(first) = lines.next() else {
        return Ok(None);
    };
    let first = first.map_err(|e| bad(1, &e))?;
    let scenario: Scenario = serde_json::from_str(&first).map_err(|e| bad(1, &e))?;
    let mut entries = Vec::new();
    for (i, line) in lines.enumerate() {
        let line = line.map_err(|e| bad(i + 2, &e))?;
        if !line.trim().is_empty() {
            entries.push(serde_json::from_str(&line).map_err(|e| bad(i + 2, &e))?);
        }
    }
    Ok(Some(Saved { scenario, entries }))
}

/// The open state file, and the statements of a transaction not yet committed.
pub struct Journal {
    path: PathBuf,
    file: File,
    pending: Vec<Entry>,
}

impl Journal {
    /// Opens `path` for appending, writing the scenario first when the file is new.
    pub fn open(path: &Path, scenario: &Scenario) -> Result<Journal, String> {
        let fresh = std::fs::metadata(path)
            .map(|m| m.len() == 0)
            .unwrap_or(true);
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        if fresh {
            let line = serde_json::to_string(scenario).map_err(|e| e.to_string())?;
            writeln!(file, "{line}").map_err(|e| format!("{}: {e}", path.display()))?;
        }
        Ok(Journal {
            path: path.to_owned(),
            file,
            pending: Vec::new(),
        })
    }

    /// Records a statement that succeeded; `in_transaction` says whether a transaction is open
    /// after it. Transaction control is not written: a COMMIT writes what the transaction held, a
    /// ROLLBACK drops it, and statements inside a transaction wait for one or the other.
    pub fn statement(&mut self, entry: Entry, control: Option<Control>, in_transaction: bool) {
        match control {
            Some(Control::Commit) if !in_transaction => {
                for e in std::mem::take(&mut self.pending) {
                    self.write(&e);
                }
            }
            Some(_) => self.settle(in_transaction),
            None if in_transaction => self.pending.push(entry),
            None => self.write(&entry),
        }
    }

    /// Drops what an ended transaction held without a COMMIT (it was rolled back).
    pub fn settle(&mut self, in_transaction: bool) {
        if !in_transaction {
            self.pending.clear();
        }
    }

    /// Marks the clock (on shutdown), so a restart resumes at this instant.
    pub fn clock(&mut self, at: NaiveDateTime) {
        self.write(&Entry::Clock { clock: at });
    }

    fn write(&mut self, entry: &Entry) {
        let written = serde_json::to_string(entry)
            .map_err(|e| e.to_string())
            .and_then(|line| writeln!(self.file, "{line}").map_err(|e| e.to_string()));
        if let Err(e) = written {
            crate::log::line(&format!("state file {}: {e}", self.path.display()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 1, 15)
            .and_then(|d| d.and_hms_opt(9, minute, 0))
            .expect("valid")
    }

    fn statement(sql: &str) -> Entry {
        Entry::Statement {
            at: at(1),
            context: SessionContext::default(),
            sql: sql.into(),
            rows: vec![vec![Param::Text("x".into())]],
        }
    }

    #[test]
    fn only_committed_work_is_written_and_read_back() {
        let dir = std::env::temp_dir().join(format!("snowglobe-journal-{}", std::process::id()));
        let _ = std::fs::remove_file(&dir);
        let mut j = Journal::open(&dir, &Scenario { start: at(0) }).expect("opens");
        j.statement(statement("INSERT 1"), None, false);
        j.statement(statement("BEGIN"), Some(Control::Begin), true);
        j.statement(statement("INSERT 2"), None, true);
        j.statement(statement("ROLLBACK"), Some(Control::Rollback), false);
        j.statement(statement("BEGIN"), Some(Control::Begin), true);
        j.statement(statement("INSERT 3"), None, true);
        j.statement(statement("COMMIT"), Some(Control::Commit), false);
        j.statement(statement("BEGIN"), Some(Control::Begin), true);
        j.statement(statement("INSERT 4"), None, true);
        j.settle(false);
        j.clock(at(9));
        let saved = load(&dir).expect("reads").expect("exists");
        let _ = std::fs::remove_file(&dir);
        assert_eq!(saved.scenario.start, at(0));
        let texts: Vec<String> = saved
            .entries
            .iter()
            .map(|e| match e {
                Entry::Statement { sql, rows, .. } => {
                    assert_eq!(rows, &vec![vec![Param::Text("x".into())]]);
                    sql.clone()
                }
                Entry::Clock { clock } => clock.to_string(),
            })
            .collect();
        assert_eq!(texts, ["INSERT 1", "INSERT 3", "2026-01-15 09:09:00"]);
    }
}
