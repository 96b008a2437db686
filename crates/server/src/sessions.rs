//! Client sessions of the drivers' protocol: each has a session token (one hour), a master token
//! (four hours) that renews it, and its own current database, schema, warehouse and role.
//!
//! At most `MAX_SESSIONS` live at once; when full, the least recently used one is closed. Tokens are
//! random (UUID v4), never logged, and looked up only here.

use snowglobe_engine::SessionContext;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// How long a session token is valid, as Snowflake's login response says (`validityInSeconds`).
pub const TOKEN_VALIDITY: Duration = Duration::from_secs(3_600);
/// How long the master token is valid (`masterValidityInSeconds`).
pub const MASTER_VALIDITY: Duration = Duration::from_secs(14_400);
/// Sessions kept at once.
const MAX_SESSIONS: usize = 4_096;

/// One client session.
#[derive(Debug, Clone)]
pub struct Session {
    pub id: u64,
    pub context: SessionContext,
    token: String,
    master_token: String,
    token_expires: Instant,
    master_expires: Instant,
    last_used: Instant,
}

/// The tokens a login or a renewal hands out.
#[derive(Debug, Clone)]
pub struct Tokens {
    pub session_id: u64,
    pub token: String,
    pub master_token: String,
}

/// Why a token did not lead to a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenProblem {
    /// Unknown or closed: log in again (Snowflake's 390104 / 390111).
    Invalid,
    /// Expired: renew it with the master token (Snowflake's 390112).
    Expired,
}

/// Every live session.
#[derive(Debug, Default)]
pub struct Sessions {
    by_id: HashMap<u64, Session>,
    by_token: HashMap<String, u64>,
    by_master: HashMap<String, u64>,
    next_id: u64,
}

fn new_token() -> String {
    format!("ver:1-hint:{}", uuid::Uuid::new_v4().simple())
}

impl Sessions {
    /// Opens a session in `context`.
    pub fn open(&mut self, context: SessionContext) -> Tokens {
        if self.by_id.len() >= MAX_SESSIONS
            && let Some(oldest) = self
                .by_id
                .values()
                .min_by_key(|s| s.last_used)
                .map(|s| s.id)
        {
            self.close(oldest);
        }
        self.next_id += 1;
        let now = Instant::now();
        let session = Session {
            id: 1_000_000 + self.next_id,
            context,
            token: new_token(),
            master_token: new_token(),
            token_expires: now + TOKEN_VALIDITY,
            master_expires: now + MASTER_VALIDITY,
            last_used: now,
        };
        let tokens = Tokens {
            session_id: session.id,
            token: session.token.clone(),
            master_token: session.master_token.clone(),
        };
        self.by_token.insert(session.token.clone(), session.id);
        self.by_master
            .insert(session.master_token.clone(), session.id);
        self.by_id.insert(session.id, session);
        tokens
    }

    /// The session a session token belongs to, marked as used now.
    pub fn by_token(&mut self, token: &str) -> Result<&mut Session, TokenProblem> {
        let id = *self.by_token.get(token).ok_or(TokenProblem::Invalid)?;
        let session = self.by_id.get_mut(&id).ok_or(TokenProblem::Invalid)?;
        let now = Instant::now();
        if session.token_expires <= now {
            return Err(TokenProblem::Expired);
        }
        session.last_used = now;
        Ok(session)
    }

    /// Keeps the session alive (heartbeat): its token's validity starts again.
    pub fn heartbeat(&mut self, token: &str) -> Result<(), TokenProblem> {
        let session = self.by_token(token)?;
        session.token_expires = Instant::now() + TOKEN_VALIDITY;
        Ok(())
    }

    /// Issues a new session token for the session whose master token is `master` (and whose old
    /// session token was `old`).
    pub fn renew(&mut self, master: &str, old: &str) -> Result<Tokens, TokenProblem> {
        let id = *self.by_master.get(master).ok_or(TokenProblem::Invalid)?;
        let session = self.by_id.get_mut(&id).ok_or(TokenProblem::Invalid)?;
        if session.master_expires <= Instant::now() {
            return Err(TokenProblem::Expired);
        }
        if session.token != old {
            return Err(TokenProblem::Invalid);
        }
        self.by_token.remove(&session.token);
        session.token = new_token();
        session.token_expires = Instant::now() + TOKEN_VALIDITY;
        session.last_used = Instant::now();
        self.by_token.insert(session.token.clone(), id);
        Ok(Tokens {
            session_id: id,
            token: session.token.clone(),
            master_token: session.master_token.clone(),
        })
    }

    /// Stores a session's context after a statement changed it (`USE ...`).
    pub fn set_context(&mut self, id: u64, context: SessionContext) {
        if let Some(s) = self.by_id.get_mut(&id) {
            s.context = context;
        }
    }

    /// Closes a session by its token.
    pub fn close_by_token(&mut self, token: &str) -> Option<u64> {
        let id = *self.by_token.get(token)?;
        self.close(id);
        Some(id)
    }

    fn close(&mut self, id: u64) {
        if let Some(s) = self.by_id.remove(&id) {
            self.by_token.remove(&s.token);
            self.by_master.remove(&s.master_token);
        }
    }

    /// How many sessions are open.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Whether no session is open.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_find_renew_and_close_sessions() {
        let mut s = Sessions::default();
        let t = s.open(SessionContext::default());
        assert_eq!(s.by_token(&t.token).map(|x| x.id), Ok(t.session_id));
        assert_eq!(
            s.renew(&t.master_token, "other").err(),
            Some(TokenProblem::Invalid)
        );
        let renewed = s.renew(&t.master_token, &t.token).expect("renewed");
        assert_eq!(s.by_token(&t.token).err(), Some(TokenProblem::Invalid));
        assert!(s.by_token(&renewed.token).is_ok());
        assert_eq!(s.close_by_token(&renewed.token), Some(t.session_id));
        assert!(s.is_empty());
    }
}
