//! A client session's context — current database, schema, warehouse, role and user — read and set as
//! one value, so that one engine can serve several sessions (`snowglobe serve`) by switching context
//! around each statement; and the `CURRENT_*()` functions that report it.

/// What a session carries from one statement to the next.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SessionContext {
    /// `USE DATABASE`'s database (`CURRENT_DATABASE()`).
    pub database: Option<String>,
    /// `USE SCHEMA`'s schema (`CURRENT_SCHEMA()`).
    pub schema: Option<String>,
    /// `USE WAREHOUSE`'s warehouse (`CURRENT_WAREHOUSE()`).
    pub warehouse: Option<String>,
    /// `USE ROLE`'s role (`CURRENT_ROLE()`).
    pub role: Option<String>,
    /// The user the session logged in as (`CURRENT_USER()`); none for the CLI and the page.
    pub user: Option<String>,
}

/// The version `CURRENT_VERSION()` reports: the engine's own.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

impl SessionContext {
    /// The value of a context function (`CURRENT_DATABASE`, ...), or `None` for other names.
    pub fn function(&self, name: &str) -> Option<Option<String>> {
        let value = match name.to_ascii_uppercase().as_str() {
            "CURRENT_DATABASE" => &self.database,
            "CURRENT_SCHEMA" => &self.schema,
            "CURRENT_WAREHOUSE" => &self.warehouse,
            "CURRENT_ROLE" => &self.role,
            "CURRENT_USER" => &self.user,
            "CURRENT_VERSION" => return Some(Some(VERSION.to_owned())),
            _ => return None,
        };
        Some(value.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Engine;
    use chrono::NaiveDate;

    fn engine() -> Engine {
        let start = NaiveDate::from_ymd_opt(2026, 1, 15)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .expect("valid date");
        Engine::new(start)
    }

    #[test]
    fn context_round_trips_and_functions_read_it() {
        let mut e = engine();
        e.execute_script(
            "CREATE DATABASE d1; CREATE SCHEMA s1; USE WAREHOUSE w1; USE ROLE analyst;",
        )
        .expect("script runs");
        let first = e.session_context();
        assert_eq!(first.database.as_deref(), Some("D1"));
        assert_eq!(first.schema.as_deref(), Some("S1"));
        assert_eq!(first.warehouse.as_deref(), Some("W1"));
        assert_eq!(first.role.as_deref(), Some("ANALYST"));
        e.execute("CREATE DATABASE d2").expect("created");
        assert_eq!(e.session_context().database.as_deref(), Some("D2"));
        e.set_session_context(SessionContext {
            user: Some("ADMIN".into()),
            ..first
        });
        let r = e
            .execute("SELECT CURRENT_DATABASE(), CURRENT_SCHEMA(), CURRENT_WAREHOUSE(), CURRENT_ROLE(), CURRENT_USER()")
            .expect("runs");
        assert_eq!(
            r.text_rows(),
            vec![vec!["D1", "S1", "W1", "ANALYST", "ADMIN"]]
        );
    }

    #[test]
    fn advance_clock_moves_time_and_rejects_bad_durations() {
        let mut e = engine();
        let r = e
            .execute("CALL SYSTEM$ADVANCE_CLOCK('90 minutes')")
            .expect("runs");
        assert_eq!(
            r.text_rows(),
            vec![vec!["Clock advanced to 2026-01-15 10:30:00."]]
        );
        let err = e
            .execute("CALL SYSTEM$ADVANCE_CLOCK('soon')")
            .expect_err("refused");
        assert!(err.message.contains("Invalid duration 'soon'"), "{err}");
        assert_eq!(e.now().format("%H:%M").to_string(), "10:30");
    }
}
