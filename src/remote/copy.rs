//! A table read from the account, written into the tab's engine: its rows as multi-row INSERTs of
//! SQL literals, each cell written as the page shows it (text quoted, numbers bare, times as
//! quoted text the engine casts, semi-structured values through `PARSE_JSON`).

use crate::remote::api::Table;

/// Rows per INSERT.
const ROWS_PER_INSERT: usize = 500;

fn literal(ty: &str, cell: Option<&str>) -> String {
    let Some(text) = cell else {
        return "NULL".to_owned();
    };
    let quoted = format!("'{}'", text.replace('\'', "''"));
    match ty.to_ascii_lowercase().as_str() {
        "fixed" | "real" | "number" | "float" => text.to_owned(),
        "boolean" => text.to_owned(),
        "variant" | "object" | "array" => format!("PARSE_JSON({quoted})"),
        _ => quoted,
    }
}

/// INSERTs that put `table`'s rows into `into` (its SQL name), columns by name.
pub fn inserts(table: &Table, into: &str) -> Vec<String> {
    let names: Vec<String> = table
        .columns
        .iter()
        .map(|c| snowglobe_engine::catalog::sql_ident(&c.name))
        .collect();
    table
        .rows
        .chunks(ROWS_PER_INSERT)
        .map(|chunk| {
            let rows: Vec<String> = chunk
                .iter()
                .map(|row| {
                    let cells: Vec<String> = row
                        .iter()
                        .enumerate()
                        .map(|(i, cell)| {
                            let shown = table.shown(i, cell.as_deref());
                            let ty = table.columns.get(i).map_or("text", |c| c.ty.as_str());
                            literal(ty, shown.as_deref())
                        })
                        .collect();
                    format!("({})", cells.join(", "))
                })
                .collect();
            format!(
                "INSERT INTO {into} ({}) VALUES\n{}",
                names.join(", "),
                rows.join(",\n")
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::remote::api::tests::table;
    use snowglobe_engine::{Engine, NaiveDate};

    #[test]
    fn rows_read_from_the_account_land_in_the_tab_as_they_were() {
        let t = table(
            &[
                ("ORDER_ID", "text"),
                ("AMOUNT", "fixed"),
                ("ORDER_DATE", "timestamp_ntz"),
                ("NOTE", "text"),
            ],
            &[
                &[
                    Some("ORD1"),
                    Some("12.50"),
                    Some("1768467600.250000000"),
                    Some("it's"),
                ],
                &[Some("ORD2"), None, None, None],
            ],
        );
        let sql = inserts(&t, "t");
        assert_eq!(sql.len(), 1);
        let mut engine = Engine::new(NaiveDate::default().and_hms_opt(0, 0, 0).unwrap());
        engine
            .execute_script(
                "CREATE DATABASE d; CREATE TABLE t (order_id STRING, amount NUMBER(10,2), \
                 order_date TIMESTAMP_NTZ, note STRING);",
            )
            .unwrap();
        engine.execute(&sql[0]).unwrap();
        let back = engine.execute("SELECT * FROM t ORDER BY order_id").unwrap();
        let grid = crate::views::GridView::from_result(&back);
        assert_eq!(
            grid.rows[0],
            [
                Some("ORD1".to_owned()),
                Some("12.50".to_owned()),
                Some("2026-01-15 09:00:00.250".to_owned()),
                Some("it's".to_owned())
            ]
        );
        assert_eq!(grid.rows[1], [Some("ORD2".to_owned()), None, None, None]);
    }
}
