//! Name resolution and the catalog's objects: unqualified names in the session's database and
//! schema, the objects a name may denote, and adding, removing and storing objects.

use crate::catalog::{Column, Object, ObjectBody, QName};
use crate::dialect::parse::Name;
use crate::dialect::rewrite::Context;
use crate::error::{Position, Result, SqlError};
use crate::types::SfType;
use gluesql_core::store::StoreMut;

use super::Engine;
use crate::glue::glue_error;

impl Engine {
    pub(crate) fn context(&self) -> Context {
        Context {
            database: self.catalog.current_database.clone(),
            schema: self.catalog.current_schema.clone(),
        }
    }

    /// Resolves a (possibly partial) name against a context.
    pub(crate) fn qualify(&self, name: &Name, context: &Context, what: &str) -> Result<QName> {
        let no_db = || {
            SqlError::invalid(format!(
                "Cannot perform {what}. This session does not have a current database. Call 'USE DATABASE', or use a qualified name."
            ))
            .at(name.position)
        };
        let no_schema = || {
            SqlError::invalid(format!(
                "Cannot perform {what}. This session does not have a current schema. Call 'USE SCHEMA', or use a qualified name."
            ))
            .at(name.position)
        };
        match name.parts.as_slice() {
            [n] => Ok(QName::new(
                context.database.as_deref().ok_or_else(no_db)?,
                context.schema.as_deref().ok_or_else(no_schema)?,
                n,
            )),
            [s, n] => Ok(QName::new(
                context.database.as_deref().ok_or_else(no_db)?,
                s,
                n,
            )),
            [d, s, n] => Ok(QName::new(d, s, n)),
            _ => Err(
                SqlError::invalid(format!("Invalid object name '{}'.", name.display()))
                    .at(name.position),
            ),
        }
    }

    /// Qualifies a name for a new object and checks that its schema exists.
    pub(crate) fn qualify_new(&self, name: &Name, what: &str) -> Result<QName> {
        let q = self.qualify(name, &self.context(), what)?;
        if !self.catalog.databases.contains_key(&q.database) {
            return Err(SqlError::does_not_exist("Database", &q.database).at(name.position));
        }
        if !self
            .catalog
            .schemas
            .contains(&(q.database.clone(), q.schema.clone()))
        {
            return Err(SqlError::does_not_exist(
                "Schema",
                &format!("{}.{}", q.database, q.schema),
            )
            .at(name.position));
        }
        Ok(q)
    }

    /// The columns of a stored table or dynamic table, None for anything else.
    pub(crate) fn stored_columns(
        &self,
        name: &Name,
        context: &Context,
    ) -> Option<Vec<(String, SfType)>> {
        let q = self.qualify(name, context, "SELECT").ok()?;
        match &self.catalog.objects.get(&q)?.body {
            ObjectBody::Table { columns, .. } => {
                Some(columns.iter().map(|c| (c.name.clone(), c.ty)).collect())
            }
            ObjectBody::DynamicTable(dt) => {
                Some(dt.columns.iter().map(|c| (c.name.clone(), c.ty)).collect())
            }
            _ => None,
        }
    }

    /// Finds an existing object of one of the given kinds.
    pub(crate) fn find(&self, name: &Name, kinds: &[&str]) -> Result<QName> {
        let q = self.qualify(name, &self.context(), "this operation")?;
        match self.catalog.objects.get(&q) {
            Some(o) if kinds.contains(&o.kind_word()) => Ok(q),
            _ => Err(SqlError::does_not_exist(
                match kinds {
                    ["DYNAMIC TABLE"] => "Dynamic table",
                    ["TASK"] => "Task",
                    _ => "Object",
                },
                &name.display(),
            )
            .at(name.position)),
        }
    }

    pub(crate) fn add_object(&mut self, q: QName, body: ObjectBody, comment: Option<String>) {
        let seq = self.catalog.next_seq;
        self.catalog.next_seq += 1;
        self.catalog.objects.insert(
            q,
            Object {
                body,
                comment,
                created_on: self.now,
                seq,
            },
        );
    }

    /// Removes an object and its storage.
    /// Removes every object of a database, or of one of its schemas.
    pub(super) fn remove_objects_in(&mut self, database: &str, schema: Option<&str>) -> Result<()> {
        let doomed: Vec<QName> = self
            .catalog
            .objects
            .keys()
            .filter(|q| q.database == database && schema.is_none_or(|s| q.schema == s))
            .cloned()
            .collect();
        for q in doomed {
            self.remove_object(&q)?;
        }
        Ok(())
    }

    pub(super) fn remove_object(&mut self, q: &QName) -> Result<()> {
        let had_state = self.ivm.remove(q).is_some();
        let Some(o) = self.catalog.objects.remove(q) else {
            return Ok(());
        };
        if matches!(
            o.body,
            ObjectBody::Table { .. } | ObjectBody::DynamicTable(_)
        ) {
            self.glue
                .storage
                .delete_schema(&q.storage())
                .map_err(glue_error)?;
        }
        if had_state || matches!(o.body, ObjectBody::Stream(_)) {
            self.sync_change_logging();
        }
        Ok(())
    }

    pub(crate) fn create_storage(&mut self, q: &QName, columns: &[Column]) -> Result<()> {
        let schema = crate::store::schema_of(
            &q.storage(),
            columns.iter().map(|c| (c.name.clone(), c.ty.glue_type())),
        );
        self.glue
            .storage
            .insert_schema(&schema)
            .map_err(glue_error)?;
        self.glue
            .storage
            .set_types(&q.storage(), columns.iter().map(|c| c.ty).collect());
        self.glue
            .storage
            .set_not_null(&q.storage(), columns.iter().map(|c| !c.nullable).collect());
        Ok(())
    }

    /// Handles `CREATE OR REPLACE` / `IF NOT EXISTS` for a name; Ok(false) means "exists, skip".
    pub(crate) fn prepare_create(
        &mut self,
        q: &QName,
        or_replace: bool,
        if_not_exists: bool,
        kind: &str,
        position: Position,
    ) -> Result<bool> {
        match self.catalog.objects.get(q) {
            None => Ok(true),
            Some(_) if if_not_exists => Ok(false),
            Some(o) if or_replace && o.kind_word() == kind => {
                self.remove_object(q)?;
                Ok(true)
            }
            Some(o) => Err(SqlError::already_exists(o.kind_word(), &q.to_string()).at(position)),
        }
    }
}
