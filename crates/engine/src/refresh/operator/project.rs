//! Projection and filter: `SELECT f(row) FROM input WHERE p(row)`.
//!
//! Law, in weights: the operator is linear — the output change is the image of the input change,
//! row by row: −before(k) + after(k) becomes −f(before(k))·[p(before(k))] + f(after(k))·[p(after(k))].
//! Output rows reuse their input row's key, so for each net-changed input key k the output row at k
//! becomes f(after(k)) when after(k) exists and passes the filter, and is absent otherwise; the
//! before image need not be evaluated, since the stored output row at k is what it produced. A
//! change costs one write, and none when the output row is unchanged (a change to a column the
//! projection drops).

use super::{Row, Writes};
use gluesql_core::data::Key;

/// The writes that bring the output up to date: `outputs` holds, for each net-changed input key,
/// its new output row (None: deleted or filtered out); `stored` reads the output row now at a key.
pub fn project<'a>(
    outputs: impl IntoIterator<Item = (&'a Key, Option<Row>)>,
    stored: impl Fn(&Key) -> Option<&'a Row>,
) -> Writes {
    let mut writes = Writes::default();
    for (key, output) in outputs {
        let existing = stored(key);
        match (output, existing) {
            (Some(row), Some(old)) if *old == row => {}
            (Some(row), Some(_)) => {
                writes.inserted += 1;
                writes.deleted += 1;
                writes.puts.push((key.clone(), row));
            }
            (Some(row), None) => {
                writes.inserted += 1;
                writes.puts.push((key.clone(), row));
            }
            (None, Some(_)) => {
                writes.deleted += 1;
                writes.removes.push(key.clone());
            }
            (None, None) => {}
        }
    }
    writes
}

#[cfg(test)]
mod tests {
    use super::*;
    use gluesql_core::data::Value;
    use std::collections::HashMap;

    fn row(v: i64) -> Row {
        vec![Value::I64(v)]
    }

    #[test]
    fn each_changed_key_costs_one_write_or_none() {
        let stored: HashMap<Key, Row> = HashMap::from([
            (Key::I64(1), row(10)),
            (Key::I64(2), row(20)),
            (Key::I64(3), row(30)),
        ]);
        let keys = [
            Key::I64(1),
            Key::I64(2),
            Key::I64(3),
            Key::I64(4),
            Key::I64(5),
        ];
        let outputs = vec![
            (&keys[0], Some(row(10))), // a dropped column changed: nothing to write
            (&keys[1], Some(row(21))), // updated
            (&keys[2], None),          // deleted, or no longer passes the filter
            (&keys[3], Some(row(40))), // inserted
            (&keys[4], None),          // inserted but filtered out
        ];
        let writes = project(outputs, |k| stored.get(k));
        assert_eq!(
            writes.puts,
            vec![(Key::I64(2), row(21)), (Key::I64(4), row(40))]
        );
        assert_eq!(writes.removes, vec![Key::I64(3)]);
        assert_eq!((writes.inserted, writes.deleted), (2, 2));
    }
}
