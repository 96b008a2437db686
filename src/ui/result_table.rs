//! Rows in a `<table>`: right-aligned numbers, NULL shown as such, optional highlighted rows.

use crate::views::{Cell, ColumnView};
use leptos::prelude::*;

/// One rendered row: its cells and whether it is highlighted as changed.
pub type Row = (Vec<Cell>, bool);

/// A cell's class and text: numbers right-aligned, NULL shown as such.
pub fn cell_look<'a>(cell: &'a Cell, column: &ColumnView) -> (&'static str, &'a str) {
    match cell {
        Some(text) if column.numeric => ("numeric", text),
        Some(text) => ("", text),
        None => ("null", "NULL"),
    }
}

/// The body rows of a table.
pub fn body_rows(columns: &[ColumnView], rows: &[Row]) -> impl IntoView + use<> {
    rows.iter()
        .map(|(cells, changed)| {
            let tds = cells
                .iter()
                .zip(columns)
                .map(|(cell, column)| {
                    let (class, text) = cell_look(cell, column);
                    view! { <td class=class>{text.to_owned()}</td> }
                })
                .collect_view();
            view! { <tr class:changed=*changed>{tds}</tr> }
        })
        .collect_view()
}

/// A plain header row.
pub fn header_cells(columns: &[ColumnView]) -> impl IntoView + use<> {
    columns
        .iter()
        .map(|c| view! { <th scope="col" class:numeric=c.numeric>{c.name.clone()}</th> })
        .collect_view()
}
