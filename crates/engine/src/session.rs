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
