//! Storage under GlueSQL: MemoryStorage plus what the engine needs around it —
//! Snowflake type coercion on every write, per-table versions, secondary indexes on a key column,
//! and an undo log so that a failing statement leaves no trace. Statements nest: one begun inside
//! another (a task's body run by EXECUTE TASK, a refresh, a statement of a pipeline applied as one)
//! is taken back alone when it fails, and with the enclosing one when that fails.

use crate::types::SfType;
use gluesql_core::data::{CustomFunction as StructCustomFunction, Key, Schema, Value};
use gluesql_core::error::{Error, Result};
use gluesql_core::store::{
    AlterTable, CustomFunction, CustomFunctionMut, Index, IndexMut, Metadata, Planner, RowIter,
    Store, StoreMut, Transaction,
};
use gluesql_memory_storage::{Item, MemoryStorage};
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

type Row = Vec<Value>;

/// Per table, its incarnation and its log's length when a statement first wrote to it.
type LogMarks = HashMap<String, (u64, usize)>;

#[derive(Debug, Clone)]
enum Undo {
    Row {
        table: String,
        key: Key,
        /// Shared with the change log's image of the same write.
        before: Option<Rc<Row>>,
    },
    Created(String),
    Dropped(Box<Item>, Option<ChangeLog>, Option<ColumnIndex>),
    /// A table's declared types and NOT NULL columns, as they were before they were declared anew.
    Declared {
        table: String,
        types: Option<Vec<SfType>>,
        not_null: Option<Vec<bool>>,
    },
}

/// One write to a table: the row's key and its images before and after (None: absent).
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The storage key of the row written.
    pub key: Key,
    /// Shared, so that readers take a window of the log without copying rows.
    pub before: Option<Rc<Row>>,
    /// The row as the write left it; None when the write deleted it.
    pub after: Option<Rc<Row>>,
}

/// Where a reader of a table's changes stands: the table's incarnation (new at every CREATE) and a
/// position in its change log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct LogPosition {
    /// Which incarnation of the table (each CREATE or replacement starts a new one).
    pub incarnation: u64,
    /// How many changes of that incarnation come before this point.
    pub position: u64,
}

/// The changes of one table incarnation, from `base` on (older ones were pruned).
#[derive(Debug, Clone, Default)]
struct ChangeLog {
    incarnation: u64,
    base: u64,
    entries: Vec<Change>,
    /// Whether writes are recorded (only while a reader needs them).
    enabled: bool,
}

/// A GlueSQL schema for a table of nullable columns (constraints and defaults live in the catalog).
pub fn schema_of(
    table: &str,
    columns: impl IntoIterator<Item = (String, gluesql_core::ast::DataType)>,
) -> Schema {
    Schema {
        table_name: table.to_owned(),
        column_defs: Some(
            columns
                .into_iter()
                .map(|(name, data_type)| gluesql_core::ast::ColumnDef {
                    name,
                    data_type,
                    nullable: true,
                    default: None,
                    unique: None,
                    comment: None,
                })
                .collect(),
        ),
        indexes: vec![],
        engine: None,
        foreign_keys: vec![],
        comment: None,
    }
}

/// Tables whose names start with this are scratch space: no change log, no undo.
pub const SCRATCH_PREFIX: &str = "__";

/// A hash index from the text of one column to the keys of the rows holding it.
#[derive(Debug, Clone, Default)]
struct ColumnIndex {
    column: usize,
    keys: HashMap<String, BTreeSet<Key>>,
}

impl ColumnIndex {
    fn entry(&self, row: &Row) -> Option<String> {
        match row.get(self.column) {
            Some(Value::Str(s)) => Some(s.clone()),
            Some(Value::Null) | None => None,
            Some(v) => Some(crate::types::display_value(v)),
        }
    }
    fn remove(&mut self, key: &Key, row: &Row) {
        if let Some(e) = self.entry(row)
            && let Some(set) = self.keys.get_mut(&e)
        {
            set.remove(key);
            if set.is_empty() {
                self.keys.remove(&e);
            }
        }
    }
    fn add(&mut self, key: &Key, row: &Row) {
        if let Some(e) = self.entry(row) {
            self.keys.entry(e).or_default().insert(key.clone());
        }
    }
}

/// The engine's storage: GlueSQL's MemoryStorage with coercion, versions, indexes and undo.
#[derive(Debug, Clone, Default)]
pub struct TrackedStorage {
    inner: MemoryStorage,
    types: HashMap<String, Vec<SfType>>,
    not_null: HashMap<String, Vec<bool>>,
    versions: HashMap<String, u64>,
    indexes: HashMap<String, ColumnIndex>,
    undo: Option<Vec<Undo>>,
    logs: HashMap<String, ChangeLog>,
    /// Log lengths when the current statement first wrote to each table, for rollback.
    log_marks: LogMarks,
    /// The statements enclosing the current one, innermost last: the length of the undo log when
    /// the inner one began, and the enclosing one's log marks.
    enclosing: Vec<(usize, LogMarks)>,
    next_incarnation: u64,
}

impl TrackedStorage {
    /// Declares the Snowflake column types of a table; writes are coerced to them.
    pub fn set_types(&mut self, table: &str, types: Vec<SfType>) {
        self.log_declared(table);
        self.types.insert(table.to_owned(), types);
    }

    /// Declares which columns of a table are NOT NULL; writing NULL into one is an error.
    pub fn set_not_null(&mut self, table: &str, not_null: Vec<bool>) {
        self.log_declared(table);
        if not_null.contains(&true) {
            self.not_null.insert(table.to_owned(), not_null);
        } else {
            self.not_null.remove(table);
        }
    }

    /// Records a table's declarations as they are, so that a rollback restores them.
    fn log_declared(&mut self, table: &str) {
        let entry = Undo::Declared {
            table: table.to_owned(),
            types: self.types.get(table).cloned(),
            not_null: self.not_null.get(table).cloned(),
        };
        self.log(entry);
    }

    /// The number of writes a table has seen: equal versions mean equal contents.
    pub fn version(&self, table: &str) -> u64 {
        self.versions.get(table).copied().unwrap_or(0)
    }

    /// How many rows a storage table holds now.
    pub fn row_count(&self, table: &str) -> usize {
        self.inner.items.get(table).map_or(0, |i| i.rows.len())
    }

    /// Rows in key order, without copying the table.
    pub fn rows<'a>(&'a self, table: &str) -> impl Iterator<Item = (&'a Key, &'a Row)> + 'a {
        self.inner
            .items
            .get(table)
            .into_iter()
            .flat_map(|item| item.rows.iter())
    }

    /// Maintains a hash index on one column so that rows can be found by value without a scan.
    pub fn create_column_index(&mut self, table: &str, column: usize) {
        let mut index = ColumnIndex {
            column,
            keys: HashMap::new(),
        };
        for (k, row) in self.rows(table) {
            index.add(k, row);
        }
        self.indexes.insert(table.to_owned(), index);
    }

    /// Keys of the rows whose indexed column equals `value` (empty when the table has no index).
    pub fn lookup(&self, table: &str, value: &str) -> Vec<Key> {
        self.indexes
            .get(table)
            .and_then(|i| i.keys.get(value))
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// The row stored at a key of a storage table, if any.
    pub fn get(&self, table: &str, key: &Key) -> Option<&Row> {
        self.inner.items.get(table).and_then(|i| i.rows.get(key))
    }

    /// Starts recording an undo log; writes until `commit` or `rollback` can be taken back.
    /// Inside a statement, starts a nested one.
    pub fn begin_statement(&mut self) {
        match &self.undo {
            None => {
                self.undo = Some(Vec::new());
                self.log_marks.clear();
            }
            Some(log) => self
                .enclosing
                .push((log.len(), std::mem::take(&mut self.log_marks))),
        }
    }

    /// Whether writes are being recorded for a rollback.
    pub fn in_statement(&self) -> bool {
        self.undo.is_some()
    }

    /// Ends the statement, keeping its writes: the undo log is dropped, or, for a nested
    /// statement, kept for the enclosing one.
    pub fn commit_statement(&mut self) {
        match self.enclosing.pop() {
            None => {
                self.undo = None;
                self.log_marks.clear();
            }
            Some((_, marks)) => {
                let inner = std::mem::replace(&mut self.log_marks, marks);
                for (table, mark) in inner {
                    self.log_marks.entry(table).or_insert(mark);
                }
            }
        }
    }

    /// Where the change log of a table ends now.
    pub fn log_position(&self, table: &str) -> LogPosition {
        self.logs
            .get(table)
            .map_or(LogPosition::default(), |l| LogPosition {
                incarnation: l.incarnation,
                position: l.base + l.entries.len() as u64,
            })
    }

    /// The changes made to a table since `from`, or None when they are no longer known (the table
    /// was replaced, or the log was pruned past `from`).
    pub fn changes_since(&self, table: &str, from: LogPosition) -> Option<&[Change]> {
        let log = self.logs.get(table)?;
        if log.incarnation != from.incarnation || from.position < log.base {
            return None;
        }
        log.entries.get((from.position - log.base) as usize..)
    }

    /// Forgets the changes before `keep_from` (all of them when None): no reader needs them.
    pub fn prune_log(&mut self, table: &str, keep_from: Option<u64>) {
        if self.undo.is_some() {
            return;
        }
        if let Some(log) = self.logs.get_mut(table) {
            let end = log.base + log.entries.len() as u64;
            let cut = keep_from.unwrap_or(end).clamp(log.base, end);
            log.entries.drain(..(cut - log.base) as usize);
            log.base = cut;
        }
    }

    /// Turns change recording on or off for a table: it is on while something reads the table's
    /// changes (an incremental dynamic table or a stream), so unread tables keep no log.
    pub fn set_logging(&mut self, table: &str, on: bool) {
        let pending = self.undo.is_some();
        if let Some(log) = self.logs.get_mut(table)
            && log.enabled != on
        {
            log.enabled = on;
            if !on && !pending {
                log.base += log.entries.len() as u64;
                log.entries.clear();
            }
        }
    }

    /// Tables that have a change log (stored tables, not scratch space).
    pub fn logged_tables(&self) -> Vec<String> {
        self.logs.keys().cloned().collect()
    }

    fn record(&mut self, table: &str, change: Change) {
        if table.starts_with(SCRATCH_PREFIX) {
            return;
        }
        let Some(log) = self.logs.get_mut(table).filter(|l| l.enabled) else {
            return;
        };
        if self.undo.is_some() && !self.log_marks.contains_key(table) {
            self.log_marks
                .insert(table.to_owned(), (log.incarnation, log.entries.len()));
        }
        log.entries.push(change);
    }

    /// Takes back every write since the matching `begin_statement`.
    pub fn rollback_statement(&mut self) {
        let Some(undo) = self.undo.as_mut() else {
            return;
        };
        let (log, marks) = match self.enclosing.pop() {
            Some((len, marks)) => (undo.split_off(len), marks),
            None => (self.undo.take().unwrap_or_default(), HashMap::new()),
        };
        for (table, (incarnation, len)) in std::mem::replace(&mut self.log_marks, marks) {
            if let Some(l) = self.logs.get_mut(&table)
                && l.incarnation == incarnation
            {
                l.entries.truncate(len);
            }
        }
        for entry in log.into_iter().rev() {
            match entry {
                Undo::Row { table, key, before } => {
                    self.bump(&table);
                    let Some(item) = self.inner.items.get_mut(&table) else {
                        continue;
                    };
                    let old = match before.map(Rc::unwrap_or_clone) {
                        Some(row) => {
                            if let Some(ix) = self.indexes.get_mut(&table) {
                                ix.add(&key, &row);
                            }
                            item.rows.insert(key.clone(), row)
                        }
                        None => item.rows.remove(&key),
                    };
                    if let (Some(old), Some(ix)) = (old, self.indexes.get_mut(&table)) {
                        ix.remove(&key, &old);
                    }
                }
                Undo::Created(table) => {
                    self.inner.items.remove(&table);
                    self.logs.remove(&table);
                    self.bump(&table);
                }
                Undo::Dropped(item, log, index) => {
                    let name = item.schema.table_name.clone();
                    self.bump(&name);
                    if let Some(log) = log {
                        self.logs.insert(name.clone(), log);
                    }
                    if let Some(index) = index {
                        self.indexes.insert(name.clone(), index);
                    }
                    self.inner.items.insert(name, *item);
                }
                Undo::Declared {
                    table,
                    types,
                    not_null,
                } => {
                    match types {
                        Some(t) => self.types.insert(table.clone(), t),
                        None => self.types.remove(&table),
                    };
                    match not_null {
                        Some(n) => self.not_null.insert(table, n),
                        None => self.not_null.remove(&table),
                    };
                }
            }
        }
    }

    fn bump(&mut self, table: &str) {
        *self.versions.entry(table.to_owned()).or_default() += 1;
    }

    fn log(&mut self, entry: Undo) {
        let scratch = match &entry {
            Undo::Row { table, .. } | Undo::Created(table) | Undo::Declared { table, .. } => {
                table.starts_with(SCRATCH_PREFIX)
            }
            Undo::Dropped(item, ..) => item.schema.table_name.starts_with(SCRATCH_PREFIX),
        };
        if scratch {
            return;
        }
        if let Some(log) = self.undo.as_mut() {
            log.push(entry);
        }
    }

    fn coerce(&self, table: &str, row: Row) -> Result<Row> {
        if let Some(not_null) = self.not_null.get(table)
            && row
                .iter()
                .zip(not_null)
                .any(|(v, n)| *n && matches!(v, Value::Null))
        {
            return Err(Error::StorageMsg(
                "NULL result in a non-nullable column".to_owned(),
            ));
        }
        let Some(types) = self.types.get(table) else {
            return Ok(row);
        };
        row.into_iter()
            .enumerate()
            .map(|(i, v)| match types.get(i) {
                Some(t) => t.coerce(v).map_err(|e| Error::StorageMsg(e.message)),
                None => Ok(v),
            })
            .collect()
    }

    fn write(&mut self, table: &str, key: Key, row: Row) {
        if let Some(ix) = self.indexes.get_mut(table) {
            if let Some(old) = self.inner.items.get(table).and_then(|i| i.rows.get(&key)) {
                ix.remove(&key, old);
            }
            ix.add(&key, &row);
        }
        let scratch = table.starts_with(SCRATCH_PREFIX);
        let after = (!scratch && self.logs.get(table).is_some_and(|l| l.enabled))
            .then(|| Rc::new(row.clone()));
        let before = self
            .inner
            .items
            .get_mut(table)
            .and_then(|item| item.rows.insert(key.clone(), row));
        if scratch || (after.is_none() && self.undo.is_none()) {
            return;
        }
        let before = before.map(Rc::new);
        if let Some(after) = after {
            self.record(
                table,
                Change {
                    key: key.clone(),
                    before: before.clone(),
                    after: Some(after),
                },
            );
        }
        if self.undo.is_some() {
            self.log(Undo::Row {
                table: table.to_owned(),
                key,
                before,
            });
        }
    }

    /// Inserts rows with fresh keys, coercing them to the table's types. All or nothing.
    pub fn append_rows(&mut self, table: &str, rows: Vec<Row>) -> Result<Vec<Key>> {
        let rows = rows
            .into_iter()
            .map(|r| self.coerce(table, r))
            .collect::<Result<Vec<_>>>()?;
        if !self.inner.items.contains_key(table) {
            return Err(Error::StorageMsg(format!("table '{table}' does not exist")));
        }
        let mut keys = Vec::with_capacity(rows.len());
        for row in rows {
            self.inner.id_counter += 1;
            let key = Key::I64(self.inner.id_counter);
            self.write(table, key.clone(), row);
            keys.push(key);
        }
        self.bump(table);
        Ok(keys)
    }

    /// Replaces rows by key, coercing them to the table's types. All or nothing.
    pub fn put_rows(&mut self, table: &str, rows: Vec<(Key, Row)>) -> Result<()> {
        let rows = rows
            .into_iter()
            .map(|(k, r)| self.coerce(table, r).map(|r| (k, r)))
            .collect::<Result<Vec<_>>>()?;
        for (key, row) in rows {
            self.write(table, key, row);
        }
        self.bump(table);
        Ok(())
    }

    /// Deletes rows by key.
    pub fn remove_rows(&mut self, table: &str, keys: Vec<Key>) {
        for key in keys {
            let before = self
                .inner
                .items
                .get_mut(table)
                .and_then(|item| item.rows.remove(&key));
            if let Some(old) = before {
                if let Some(ix) = self.indexes.get_mut(table) {
                    ix.remove(&key, &old);
                }
                let image = Rc::new(old);
                self.record(
                    table,
                    Change {
                        key: key.clone(),
                        before: Some(image.clone()),
                        after: None,
                    },
                );
                if self.undo.is_some() {
                    self.log(Undo::Row {
                        table: table.to_owned(),
                        key,
                        before: Some(image),
                    });
                }
            }
        }
        self.bump(table);
    }

    /// The on-heap size of the rows of a table, estimated from their values.
    pub fn approximate_bytes(&self, table: &str) -> usize {
        self.rows(table)
            .map(|(_, row)| {
                64 + row
                    .iter()
                    .map(|v| match v {
                        Value::Str(s) => 32 + s.len(),
                        _ => 32,
                    })
                    .sum::<usize>()
            })
            .sum()
    }
}

impl Store for TrackedStorage {
    fn fetch_schema(&self, table_name: &str) -> Result<Option<Schema>> {
        self.inner.fetch_schema(table_name)
    }

    fn fetch_all_schemas(&self) -> Result<Vec<Schema>> {
        self.inner.fetch_all_schemas()
    }

    fn fetch_data(&self, table_name: &str, key: &Key) -> Result<Option<Vec<Value>>> {
        Ok(self.get(table_name, key).cloned())
    }

    fn scan_data<'a>(&'a self, table_name: &str) -> Result<RowIter<'a>> {
        Ok(Box::new(
            self.rows(table_name)
                .map(|(k, r)| Ok((k.clone(), r.clone()))),
        ))
    }
}

impl StoreMut for TrackedStorage {
    fn insert_schema(&mut self, schema: &Schema) -> Result<()> {
        let existed = self.inner.items.get(&schema.table_name).cloned();
        self.inner.items.insert(
            schema.table_name.clone(),
            Item {
                schema: schema.clone(),
                rows: Default::default(),
            },
        );
        let old_log = self.logs.remove(&schema.table_name);
        let old_index = self.indexes.remove(&schema.table_name);
        match existed {
            Some(item) => self.log(Undo::Dropped(Box::new(item), old_log, old_index)),
            None => self.log(Undo::Created(schema.table_name.clone())),
        }
        if !schema.table_name.starts_with(SCRATCH_PREFIX) {
            self.next_incarnation += 1;
            self.logs.insert(
                schema.table_name.clone(),
                ChangeLog {
                    incarnation: self.next_incarnation,
                    ..ChangeLog::default()
                },
            );
        }
        self.bump(&schema.table_name);
        Ok(())
    }

    fn delete_schema(&mut self, table_name: &str) -> Result<()> {
        let index = self.indexes.remove(table_name);
        if let Some(item) = self.inner.items.remove(table_name) {
            let log = self.logs.remove(table_name);
            self.log(Undo::Dropped(Box::new(item), log, index));
        }
        self.bump(table_name);
        Ok(())
    }

    fn append_data(&mut self, table_name: &str, rows: Vec<Vec<Value>>) -> Result<()> {
        self.append_rows(table_name, rows).map(|_| ())
    }

    fn insert_data(&mut self, table_name: &str, rows: Vec<(Key, Vec<Value>)>) -> Result<()> {
        self.put_rows(table_name, rows)
    }

    fn delete_data(&mut self, table_name: &str, keys: Vec<Key>) -> Result<()> {
        self.remove_rows(table_name, keys);
        Ok(())
    }
}

impl Index for TrackedStorage {}
impl IndexMut for TrackedStorage {}
impl AlterTable for TrackedStorage {}
impl Transaction for TrackedStorage {}
impl Metadata for TrackedStorage {}
impl Planner for TrackedStorage {}
impl CustomFunction for TrackedStorage {
    fn fetch_function<'a>(&'a self, func_name: &str) -> Result<Option<&'a StructCustomFunction>> {
        self.inner.fetch_function(func_name)
    }
    fn fetch_all_functions(&self) -> Result<Vec<&StructCustomFunction>> {
        self.inner.fetch_all_functions()
    }
}
impl CustomFunctionMut for TrackedStorage {}

/// Nested statements: an inner rollback takes back the inner writes alone, an outer one everything,
/// declarations and indexes included.
#[cfg(test)]
mod tests {
    use super::*;

    fn storage_with(table: &str, values: &[i64]) -> TrackedStorage {
        let mut s = TrackedStorage::default();
        s.insert_schema(&schema_of(
            table,
            [("ID".to_owned(), gluesql_core::ast::DataType::Int)],
        ))
        .expect("created");
        s.set_types(table, vec![SfType::INTEGER]);
        s.append_rows(table, values.iter().map(|v| vec![Value::I64(*v)]).collect())
            .expect("appended");
        s.create_column_index(table, 0);
        s
    }

    fn ids(s: &TrackedStorage, table: &str) -> Vec<String> {
        s.rows(table)
            .map(|(_, r)| crate::types::display_value(&r[0]))
            .collect()
    }

    #[test]
    fn an_inner_rollback_keeps_the_outer_writes() {
        let mut s = storage_with("T", &[1]);
        s.begin_statement();
        s.append_rows("T", vec![vec![Value::I64(2)]])
            .expect("outer");
        s.begin_statement();
        s.append_rows("T", vec![vec![Value::I64(3)]])
            .expect("inner");
        s.rollback_statement();
        assert!(s.in_statement(), "the outer statement goes on");
        assert_eq!(ids(&s, "T"), ["1", "2"]);
        s.commit_statement();
        assert!(!s.in_statement());
        assert_eq!(ids(&s, "T"), ["1", "2"]);
    }

    #[test]
    fn an_outer_rollback_takes_back_committed_inner_statements() {
        let mut s = storage_with("T", &[1]);
        s.begin_statement();
        s.begin_statement();
        s.delete_schema("T").expect("dropped");
        s.insert_schema(&schema_of(
            "T",
            [("NAME".to_owned(), gluesql_core::ast::DataType::Text)],
        ))
        .expect("replaced");
        s.set_types("T", vec![SfType::Varchar(None)]);
        s.commit_statement();
        s.begin_statement();
        s.append_rows("T", vec![vec![Value::Str("x".into())]])
            .expect("inner");
        s.commit_statement();
        s.rollback_statement();
        assert!(!s.in_statement());
        assert_eq!(ids(&s, "T"), ["1"]);
        assert_eq!(s.lookup("T", "1").len(), 1, "the index is back");
        s.append_rows("T", vec![vec![Value::Str("7".into())]])
            .expect("coerced to the old type");
        assert_eq!(ids(&s, "T"), ["1", "7"]);
        assert!(
            !matches!(s.rows("T").last().map(|(_, r)| &r[0]), Some(Value::Str(_))),
            "a number, not text"
        );
    }
}
