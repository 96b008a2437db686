//! DROP of any object kind, and of a database or schema with everything in it.

use crate::dialect::parse::{Name, ObjectKind};
use crate::error::{Result, SqlError};
use crate::result::QueryResult;

use super::Engine;

impl Engine {
    pub(super) fn drop_object(
        &mut self,
        kind: ObjectKind,
        name: &Name,
        if_exists: bool,
    ) -> Result<QueryResult> {
        match kind {
            ObjectKind::Database => {
                let db = name.display();
                if !self.catalog.databases.contains_key(&db) {
                    if if_exists {
                        return Ok(QueryResult::status(
                            "status",
                            "Drop statement executed successfully (database already dropped).",
                        ));
                    }
                    return Err(SqlError::does_not_exist("Database", &db).at(name.position));
                }
                self.remove_objects_in(&db, None)?;
                self.catalog.databases.remove(&db);
                self.catalog.schemas.retain(|(d, _)| d != &db);
                if self.catalog.current_database.as_deref() == Some(&db) {
                    self.catalog.current_database = None;
                    self.catalog.current_schema = None;
                }
                Ok(QueryResult::status(
                    "status",
                    format!("{db} successfully dropped."),
                ))
            }
            ObjectKind::Schema => {
                let (db, s) = match name.parts.as_slice() {
                    [s] => (
                        self.catalog.current_database.clone().unwrap_or_default(),
                        s.clone(),
                    ),
                    [d, s] => (d.clone(), s.clone()),
                    _ => {
                        return Err(SqlError::invalid("A schema name has at most two parts.")
                            .at(name.position));
                    }
                };
                if !self.catalog.schemas.remove(&(db.clone(), s.clone())) {
                    if if_exists {
                        return Ok(QueryResult::status(
                            "status",
                            "Drop statement executed successfully (schema already dropped).",
                        ));
                    }
                    return Err(
                        SqlError::does_not_exist("Schema", &format!("{db}.{s}")).at(name.position)
                    );
                }
                self.remove_objects_in(&db, Some(&s))?;
                Ok(QueryResult::status(
                    "status",
                    format!("{s} successfully dropped."),
                ))
            }
            _ => {
                let word = match kind {
                    ObjectKind::Table => "TABLE",
                    ObjectKind::View => "VIEW",
                    ObjectKind::DynamicTable => "DYNAMIC TABLE",
                    ObjectKind::Stream => "STREAM",
                    _ => "TASK",
                };
                let q = match self.find(name, &[word]) {
                    Ok(q) => q,
                    Err(_) if if_exists => {
                        return Ok(QueryResult::status(
                            "status",
                            "Drop statement executed successfully (object already dropped).",
                        ));
                    }
                    Err(e) => return Err(e),
                };
                let consumers = self.catalog.consumers(&q);
                if !consumers.is_empty() && !matches!(word, "TASK" | "STREAM") {
                    let names: Vec<String> = consumers.iter().map(ToString::to_string).collect();
                    return Err(SqlError::invalid(format!(
                        "Cannot drop {} '{}': dynamic tables depend on it: {}.",
                        word.to_lowercase(),
                        q,
                        names.join(", ")
                    ))
                    .at(name.position));
                }
                self.remove_object(&q)?;
                Ok(QueryResult::status(
                    "status",
                    format!("{} successfully dropped.", q.name),
                ))
            }
        }
    }
}
