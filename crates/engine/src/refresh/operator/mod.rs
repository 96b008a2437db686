//! The incremental operators a dynamic table's refresh is made of, in the style of DBSP.
//!
//! Every operator reads a change of its input as a **Z-set**: rows with integer weights, where an
//! insertion weighs +1 and a retraction −1 (an update is the retraction of its before image plus the
//! insertion of its after image). It produces the change of its output, and keeps only the state
//! that needs. Each file states its operator's law in weights and tests it on its own, with no
//! engine and no SQL:
//!
//! - [`net_change`]: consolidation — the changes of a window, summed per key (also what a stream
//!   returns);
//! - [`project`]: projection and filter — one output row per input key;
//! - [`distinct`]: a row is present while its weight is positive (`SELECT DISTINCT`, and a group's
//!   presence in an aggregate);
//! - [`aggregate`]: GROUP BY with accumulators that take weighted updates exactly;
//! - [`join`]: inner and cross joins of any number of relations, and UNION ALL — the delta rule
//!   over the changes and the relations as they are now, applied to a multiset output by value;
//! - [`partition`]: window functions and QUALIFY — only the partitions a change touches are
//!   recomputed.
//!
//! The engine side (`refresh/incremental.rs`) evaluates expressions over the changed rows and writes
//! what the operators decide.

pub mod aggregate;
pub mod distinct;
pub mod join;
pub mod net_change;
pub mod partition;
pub mod project;

use gluesql_core::data::{Key, Value};

/// A row's values as one comparable text (NULL apart from the text 'NULL'): how rows with no key
/// of their own are matched by value.
pub fn row_text(row: &[Value]) -> String {
    let mut s = String::new();
    for v in row {
        s.push_str(&crate::types::display_value(v));
        s.push(match v {
            Value::Null => '\u{0}',
            _ => '\u{1}',
        });
    }
    s
}

/// A row's multiplicity in a change: +1 inserted, −1 retracted.
pub type Weight = i64;

/// A stored row.
pub type Row = Vec<Value>;

/// What an operator writes to its output table: rows put at a key (new or replaced), keys removed,
/// and the counts a refresh reports (a replaced row counts as one deletion and one insertion).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Writes {
    /// Rows to store in the output table, at a new or an existing key.
    pub puts: Vec<(Key, Row)>,
    /// Keys of output rows to delete.
    pub removes: Vec<Key>,
    /// How many rows the refresh reports inserted (a replaced row counts here and in `deleted`).
    pub inserted: u64,
    /// How many rows the refresh reports deleted (a replaced row counts here and in `inserted`).
    pub deleted: u64,
}
