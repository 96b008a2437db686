//! Rows in a `<table>`: right-aligned numbers, NULL shown as such, optional highlighted rows.

use crate::sim::{Cell, ColumnView};
use leptos::prelude::*;

/// One rendered row: its cells and whether it is highlighted as changed.
pub type Row = (Vec<Cell>, bool);

/// The cells of one row.
pub fn row_cells(columns: &[ColumnView], cells: &[Cell]) -> impl IntoView + use<> {
    cells
        .iter()
        .zip(columns)
        .map(|(cell, c)| match cell {
            Some(text) => view! { <td class:numeric=c.numeric>{text.clone()}</td> }.into_any(),
            None => view! { <td class="null">"NULL"</td> }.into_any(),
        })
        .collect_view()
}

/// The body rows of a table.
pub fn body_rows(columns: &[ColumnView], rows: &[Row]) -> impl IntoView + use<> {
    rows.iter()
        .map(|(cells, changed)| {
            view! { <tr class:changed=*changed>{row_cells(columns, cells)}</tr> }
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
