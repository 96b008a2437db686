//! Consolidation: the net change of a window of a table's change log, per key.
//!
//! Law, in weights: a logged change of key k is −before + after. Summing the window's changes per
//! key leaves, for each key, at most the retraction of its **first** before image and the insertion
//! of its **last** after image — every image in between is inserted once and retracted once and
//! cancels out. A key whose first before equals its last after nets to zero and is dropped. Keys
//! come out in the order of their first change, so a reader sees a deterministic order.
//!
//! Applying the consolidated changes to the table as it was before the window gives the table as it
//! is after it — the property the tests check on random windows.

use super::Row;
use crate::store::Change;
use gluesql_core::data::Key;
use std::collections::HashMap;

/// The net change of one key: its image before the window and after it (None: absent).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NetChange<'a> {
    /// The storage key of the changed row.
    pub key: &'a Key,
    /// The row as it was before the window's first change (None: it did not exist).
    pub before: Option<&'a Row>,
    /// The row as it is after the window's last change (None: it was deleted).
    pub after: Option<&'a Row>,
}

/// The window's changes summed per key; keys whose change nets to zero are left out.
pub fn consolidate<'a>(changes: impl IntoIterator<Item = &'a Change>) -> Vec<NetChange<'a>> {
    let mut index: HashMap<&Key, usize> = HashMap::new();
    let mut net: Vec<NetChange> = Vec::new();
    for c in changes {
        match index.get(&c.key) {
            Some(&i) => net[i].after = c.after.as_deref(),
            None => {
                index.insert(&c.key, net.len());
                net.push(NetChange {
                    key: &c.key,
                    before: c.before.as_deref(),
                    after: c.after.as_deref(),
                });
            }
        }
    }
    net.retain(|n| n.before != n.after);
    net
}

#[cfg(test)]
mod tests {
    use super::*;
    use gluesql_core::data::Value;
    use proptest::prelude::*;
    use std::collections::BTreeMap;
    use std::rc::Rc;

    fn key(k: i64) -> Key {
        Key::I64(k)
    }

    fn row(v: i64) -> Row {
        vec![Value::I64(v)]
    }

    /// A random window of changes over keys 0..6, consistent with a starting table.
    fn window(start: &BTreeMap<i64, i64>, ops: &[(i64, Option<i64>)]) -> Vec<Change> {
        let mut table = start.clone();
        let mut changes = Vec::new();
        for (k, value) in ops {
            let before = table.get(k).copied();
            match value {
                Some(v) => table.insert(*k, *v),
                None => table.remove(k),
            };
            if before.is_none() && value.is_none() {
                continue;
            }
            changes.push(Change {
                key: key(*k),
                before: before.map(|b| Rc::new(row(b))),
                after: value.map(|a| Rc::new(row(a))),
            });
        }
        changes
    }

    #[test]
    fn an_insert_then_updates_is_one_insert_of_the_last_image() {
        let changes = window(
            &BTreeMap::new(),
            &[(1, Some(10)), (1, Some(11)), (1, Some(12))],
        );
        let net = consolidate(&changes);
        assert_eq!(net.len(), 1);
        assert_eq!((net[0].before, net[0].after), (None, Some(&row(12))));
    }

    #[test]
    fn an_insert_then_a_delete_nets_to_nothing() {
        let changes = window(&BTreeMap::new(), &[(1, Some(10)), (2, Some(5)), (1, None)]);
        let net = consolidate(&changes);
        assert_eq!(net.len(), 1);
        assert_eq!(net[0].key, &key(2));
    }

    #[test]
    fn an_update_back_to_the_first_image_nets_to_nothing() {
        let start = BTreeMap::from([(1, 10)]);
        let changes = window(&start, &[(1, Some(11)), (1, Some(10))]);
        assert!(consolidate(&changes).is_empty());
    }

    proptest! {
        #[test]
        fn applying_the_net_change_equals_applying_every_change(
            start in proptest::collection::btree_map(0i64..6, 0i64..4, 0..6),
            ops in proptest::collection::vec((0i64..6, proptest::option::of(0i64..4)), 0..40),
        ) {
            let changes = window(&start, &ops);
            let mut sequential = start.clone();
            for c in &changes {
                let Key::I64(k) = c.key else { unreachable!() };
                match c.after.as_deref() {
                    Some(r) => { sequential.insert(k, match r[0] { Value::I64(v) => v, _ => unreachable!() }); }
                    None => { sequential.remove(&k); }
                }
            }
            let net = consolidate(&changes);
            let mut consolidated = start.clone();
            let mut seen = std::collections::HashSet::new();
            for n in &net {
                prop_assert!(seen.insert(n.key.clone()), "each key once");
                prop_assert_ne!(n.before, n.after);
                let Key::I64(k) = n.key else { unreachable!() };
                let before = start.get(k).map(|v| row(*v));
                prop_assert_eq!(n.before, before.as_ref(), "the first before image is the starting row");
                match n.after {
                    Some(r) => { consolidated.insert(*k, match r[0] { Value::I64(v) => v, _ => unreachable!() }); }
                    None => { consolidated.remove(k); }
                }
            }
            prop_assert_eq!(consolidated, sequential);
        }
    }
}
