//! Whether the tab's engine and the account computed the same rows. Both sides' cells are compared
//! as the page shows them (the account's through `snowglobe_sqlapi::cells::display`, the tab's as
//! its grid shows them), numbers by value (`12.50` is `12.5`), rows as multisets: each side is
//! sorted here, so that the two systems' collations cannot make equal tables look different. The
//! answer gives the counts and the first rows found on one side only.

use crate::views::{Cell, GridView};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// How many rows found on one side only a comparison keeps, per side.
pub const SHOWN_DIFFERENCES: usize = 5;

/// One table compared.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TableComparison {
    pub name: String,
    pub columns: Vec<String>,
    pub tab_rows: usize,
    pub account_rows: usize,
    /// The column names differ (then rows are not compared).
    pub columns_differ: bool,
    /// How many rows only one side has (counting duplicates).
    pub only_in_tab: usize,
    pub only_in_account: usize,
    /// The first of them.
    pub tab_examples: Vec<Vec<Cell>>,
    pub account_examples: Vec<Vec<Cell>>,
}

impl TableComparison {
    /// Both sides have the same rows.
    pub fn agrees(&self) -> bool {
        !self.columns_differ && self.only_in_tab == 0 && self.only_in_account == 0
    }
}

/// A number's canonical text (`-0.50` → `-0.5`, `3.000` → `3`); other text as it is.
fn canonical_number(text: &str) -> String {
    let t = text.trim();
    let (sign, digits) = t.strip_prefix('-').map_or(("", t), |d| ("-", d));
    let valid = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.matches('.').count() <= 1;
    if !valid {
        return t.to_owned();
    }
    let digits = if digits.contains('.') {
        digits.trim_end_matches('0').trim_end_matches('.')
    } else {
        digits
    };
    let digits = digits.trim_start_matches('0');
    let digits = match digits {
        "" => "0",
        d if d.starts_with('.') => return format!("{sign}0{d}"),
        d => d,
    };
    if digits == "0" {
        "0".to_owned()
    } else {
        format!("{sign}{digits}")
    }
}

/// A grid's rows, numeric cells canonical, sorted.
fn normalised(grid: &GridView) -> Vec<Vec<Cell>> {
    let mut rows: Vec<Vec<Cell>> = grid
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .zip(&grid.columns)
                .map(|(cell, column)| match cell {
                    Some(text) if column.numeric => Some(canonical_number(text)),
                    other => other.clone(),
                })
                .collect()
        })
        .collect();
    rows.sort();
    rows
}

/// Compares a table's rows in the tab (`tab`) and on the account (`account`).
pub fn compare(name: &str, tab: &GridView, account: &GridView) -> TableComparison {
    let names = |g: &GridView| -> Vec<String> {
        g.columns
            .iter()
            .map(|c| c.name.to_ascii_uppercase())
            .collect()
    };
    let mut out = TableComparison {
        name: name.to_owned(),
        columns: names(account),
        tab_rows: tab.rows.len(),
        account_rows: account.rows.len(),
        columns_differ: names(tab) != names(account),
        ..TableComparison::default()
    };
    if out.columns_differ {
        return out;
    }
    // Numbers compare by value when either side calls the column numeric.
    let mut tab = tab.clone();
    let mut account = account.clone();
    for (a, b) in tab.columns.iter_mut().zip(account.columns.iter_mut()) {
        let numeric = a.numeric || b.numeric;
        a.numeric = numeric;
        b.numeric = numeric;
    }
    let (left, right) = (normalised(&tab), normalised(&account));
    let (mut i, mut j) = (0, 0);
    let only_left = |row: &Vec<Cell>, out: &mut TableComparison| {
        out.only_in_tab += 1;
        if out.tab_examples.len() < SHOWN_DIFFERENCES {
            out.tab_examples.push(row.clone());
        }
    };
    let only_right = |row: &Vec<Cell>, out: &mut TableComparison| {
        out.only_in_account += 1;
        if out.account_examples.len() < SHOWN_DIFFERENCES {
            out.account_examples.push(row.clone());
        }
    };
    while i < left.len() || j < right.len() {
        match (left.get(i), right.get(j)) {
            (Some(l), Some(r)) => match l.cmp(r) {
                Ordering::Equal => {
                    i += 1;
                    j += 1;
                }
                Ordering::Less => {
                    only_left(l, &mut out);
                    i += 1;
                }
                Ordering::Greater => {
                    only_right(r, &mut out);
                    j += 1;
                }
            },
            (Some(l), None) => {
                only_left(l, &mut out);
                i += 1;
            }
            (None, Some(r)) => {
                only_right(r, &mut out);
                j += 1;
            }
            (None, None) => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::ColumnView;

    fn grid(numeric: bool, rows: &[[&str; 2]]) -> GridView {
        GridView {
            columns: vec![
                ColumnView {
                    name: "ID".to_owned(),
                    numeric: false,
                },
                ColumnView {
                    name: "AMOUNT".to_owned(),
                    numeric,
                },
            ],
            rows: rows
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|c| (!c.is_empty()).then(|| c.to_string()))
                        .collect()
                })
                .collect(),
            total: rows.len(),
        }
    }

    #[test]
    fn numbers_compare_by_value() {
        assert_eq!(canonical_number("12.50"), "12.5");
        assert_eq!(canonical_number("-0.000"), "0");
        assert_eq!(canonical_number("007"), "7");
        assert_eq!(canonical_number("-0.25"), "-0.25");
        assert_eq!(canonical_number("100"), "100");
        assert_eq!(canonical_number("N/A"), "N/A");
    }

    #[test]
    fn equal_tables_agree_whatever_their_order() {
        let tab = grid(true, &[["b", "1.50"], ["a", "2"], ["", "3"]]);
        let account = grid(false, &[["a", "2.000"], ["", "3"], ["b", "1.5"]]);
        let c = compare("GOLD", &tab, &account);
        assert!(c.agrees(), "{c:?}");
        assert_eq!((c.tab_rows, c.account_rows), (3, 3));
    }

    #[test]
    fn differences_name_the_rows_of_each_side() {
        let tab = grid(true, &[["a", "1"], ["a", "1"], ["b", "2"]]);
        let account = grid(true, &[["a", "1"], ["b", "2.01"], ["c", "3"]]);
        let c = compare("SILVER", &tab, &account);
        assert!(!c.agrees());
        assert_eq!((c.only_in_tab, c.only_in_account), (2, 2));
        assert_eq!(
            c.tab_examples,
            [
                vec![Some("a".to_owned()), Some("1".to_owned())],
                vec![Some("b".to_owned()), Some("2".to_owned())]
            ]
        );
        assert_eq!(c.account_examples[0][1].as_deref(), Some("2.01"));
        let mut other = account.clone();
        other.columns[1].name = "TOTAL".to_owned();
        assert!(compare("X", &tab, &other).columns_differ);
    }
}
