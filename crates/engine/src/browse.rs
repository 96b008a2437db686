//! Reading the catalog and the stored rows the way a console shows them: one sorted page of an
//! object's rows without running (and sorting) a whole query, and each object's direct inputs for a
//! pipeline graph.

use crate::catalog::{ObjectBody, QName};
use crate::dialect::parse::{parse_query_text, tokenize};
use crate::dialect::rewrite::Context;
use crate::engine::Engine;
use crate::error::{Result, SqlError};
use crate::result::{QueryResult, ResultColumn};
use gluesql_core::data::Value;
use sqlparser::tokenizer::Token;
use std::cmp::Ordering;

/// How a page is ordered: by a column, or (None) newest rows first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct PageOrder {
    /// Index of the column to sort by; None keeps storage order, newest first.
    pub column: Option<usize>,
    /// Largest first.
    pub descending: bool,
}

/// One page of an object's rows, and how many rows it has in all.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// The page's columns and rows.
    pub result: QueryResult,
    /// How many rows the object has in all, for the pager.
    pub total: usize,
}

/// Snowflake's default NULL order: NULLs sort as larger than any value (last ascending, first
/// descending).
pub(crate) fn compare_values(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Null, Value::Null) => Ordering::Equal,
        (Value::Null, _) => Ordering::Greater,
        (_, Value::Null) => Ordering::Less,
        _ => a.evaluate_cmp(b).unwrap_or(Ordering::Equal),
    }
}

/// The `offset..offset + limit` slice of `rows` (indexes into storage order, oldest first) in the
/// requested order, ties broken newest first. Partially sorts: only the rows up to the page's end are
/// put in order, so a page of a large table costs a linear pass plus a small sort.
fn page_indexes(rows: &[&Vec<Value>], order: PageOrder, offset: usize, limit: usize) -> Vec<usize> {
    let newest_first = (0..rows.len()).rev();
    let Some(column) = order.column else {
        return newest_first.skip(offset).take(limit).collect();
    };
    let cmp = |&a: &usize, &b: &usize| {
        let (x, y) = (&rows[a].get(column), &rows[b].get(column));
        let by_value = match (x, y) {
            (Some(x), Some(y)) => compare_values(x, y),
            _ => Ordering::Equal,
        };
        let by_value = if order.descending {
            by_value.reverse()
        } else {
            by_value
        };
        by_value.then(b.cmp(&a))
    };
    let mut idx: Vec<usize> = newest_first.collect();
    let end = (offset + limit).min(idx.len());
    if end == 0 {
        return Vec::new();
    }
    if end < idx.len() {
        idx.select_nth_unstable_by(end - 1, cmp);
        idx.truncate(end);
    }
    idx.sort_unstable_by(cmp);
    idx.into_iter().skip(offset).take(limit).collect()
}

impl Engine {
    /// One page of the rows of a table, dynamic table, view or stream, sorted as asked. Tables and
    /// dynamic tables are read from storage directly; views and streams run their query.
    pub fn page(
        &mut self,
        q: &QName,
        order: PageOrder,
        offset: usize,
        limit: usize,
    ) -> Result<Page> {
        let object = self
            .catalog
            .objects
            .get(q)
            .ok_or_else(|| SqlError::does_not_exist("Object", &q.to_string()))?;
        let columns: Vec<ResultColumn> = object
            .columns()
            .iter()
            .map(|c| ResultColumn {
                name: c.name.clone(),
                ty: Some(c.ty),
            })
            .collect();
        if let Some(c) = order.column
            && c >= columns.len()
        {
            return Err(SqlError::invalid(format!(
                "Column position {} is out of range.",
                c + 1
            )));
        }
        match &object.body {
            ObjectBody::Table { .. } | ObjectBody::DynamicTable(_) => {
                let storage = q.storage();
                let rows: Vec<&Vec<Value>> =
                    self.storage().rows(&storage).map(|(_, r)| r).collect();
                let picked = page_indexes(&rows, order, offset, limit);
                Ok(Page {
                    total: rows.len(),
                    result: QueryResult {
                        columns,
                        rows: picked.into_iter().map(|i| rows[i].clone()).collect(),
                    },
                })
            }
            ObjectBody::View { .. } | ObjectBody::Stream(_) => {
                let all =
                    self.execute(&format!("SELECT * FROM {}", crate::catalog::sql_qname(q)))?;
                let rows: Vec<&Vec<Value>> = all.rows.iter().collect();
                let picked = page_indexes(&rows, order, offset, limit);
                let page_rows = picked.into_iter().map(|i| rows[i].clone()).collect();
                Ok(Page {
                    total: rows.len(),
                    result: QueryResult {
                        columns: all.columns,
                        rows: page_rows,
                    },
                })
            }
            ObjectBody::Task(_) => Err(SqlError::invalid(format!(
                "Task '{}' has no rows to show.",
                q.name
            ))),
        }
    }

    /// The objects `q` reads directly: a dynamic table's or view's sources, a stream's table, a
    /// task's predecessors and the objects its body names.
    pub fn dependencies(&mut self, q: &QName) -> Vec<QName> {
        let Some(object) = self.catalog().objects.get(q) else {
            return Vec::new();
        };
        match &object.body {
            ObjectBody::Table { .. } => Vec::new(),
            ObjectBody::DynamicTable(dt) => dt.reads.clone(),
            ObjectBody::Stream(st) => vec![st.table.clone()],
            ObjectBody::View { text, .. } => {
                let Ok(query) = parse_query_text(text) else {
                    return Vec::new();
                };
                match self.rewrite_query(*query, &Context::of(q)) {
                    Ok((rewritten, temps)) => {
                        self.drop_temps(&temps);
                        rewritten
                            .reads
                            .iter()
                            .filter_map(|r| QName::parse(r))
                            .collect()
                    }
                    Err(_) => Vec::new(),
                }
            }
            ObjectBody::Task(task) => {
                let mut out = task.after.clone();
                let words: Vec<String> = tokenize(&task.body)
                    .map(|tokens| {
                        tokens
                            .into_iter()
                            .filter_map(|t| match t.token {
                                Token::Word(w) => Some(w.value.to_ascii_uppercase()),
                                // `CALL SYSTEM$REFRESH_DYNAMIC_TABLE('DB.SCHEMA.NAME')` names
                                // its table in a string.
                                Token::SingleQuotedString(s) => s
                                    .rsplit('.')
                                    .next()
                                    .map(|n| n.trim_matches('"').to_ascii_uppercase()),
                                _ => None,
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                for (other, _) in self.catalog().objects.iter() {
                    if other != q
                        && other.database == q.database
                        && other.schema == q.schema
                        && words.iter().any(|w| other.name.eq_ignore_ascii_case(w))
                        && !out.contains(other)
                    {
                        out.push(other.clone());
                    }
                }
                out
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(values: &[Option<i64>]) -> Vec<Vec<Value>> {
        values
            .iter()
            .map(|v| vec![v.map_or(Value::Null, Value::I64)])
            .collect()
    }

    #[test]
    fn storage_order_is_newest_first() {
        let data = rows(&[Some(1), Some(2), Some(3), Some(4)]);
        let refs: Vec<&Vec<Value>> = data.iter().collect();
        assert_eq!(page_indexes(&refs, PageOrder::default(), 1, 2), vec![2, 1]);
    }

    #[test]
    fn sorted_pages_match_a_full_sort_with_nulls_high() {
        let data = rows(&[Some(5), None, Some(1), Some(5), Some(3), None, Some(2)]);
        let refs: Vec<&Vec<Value>> = data.iter().collect();
        let asc = PageOrder {
            column: Some(0),
            descending: false,
        };
        let all = page_indexes(&refs, asc, 0, 100);
        assert_eq!(all, vec![2, 6, 4, 3, 0, 5, 1]);
        for offset in 0..7 {
            assert_eq!(
                page_indexes(&refs, asc, offset, 2),
                all[offset..].iter().take(2).copied().collect::<Vec<_>>()
            );
        }
        let desc = PageOrder {
            column: Some(0),
            descending: true,
        };
        assert_eq!(page_indexes(&refs, desc, 0, 3), vec![5, 1, 3]);
    }
}
