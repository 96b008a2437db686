//! The SQL the page sends to read the account: the schema's objects (`SHOW … IN SCHEMA`), the
//! dynamic-table graph, refresh and task histories, a page of an object's rows and its count, an
//! object's definition and columns, the rows of a table in a fixed order, and the statements behind
//! a node's buttons (the same as in the tab).

use crate::remote::plan::Target;
use crate::views::NodeAction;
use snowglobe_engine::browse::PageOrder;
use snowglobe_engine::catalog::sql_ident;

/// The SHOW commands that list the schema's objects, by what they list.
pub fn show(what: &str, target: &Target) -> String {
    format!(
        "SHOW {what} IN SCHEMA {}.{}",
        sql_ident(&target.database),
        sql_ident(&target.schema)
    )
}

/// Every dynamic table's inputs and target lag (the current versions have no `VALID_TO`).
pub const GRAPH_HISTORY: &str =
    "SELECT * FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_GRAPH_HISTORY())";

/// The account's clock.
pub const NOW: &str = "SELECT CURRENT_TIMESTAMP() AS NOW";

fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The latest refreshes of the schema's dynamic tables, newest first.
pub fn schema_refreshes(target: &Target, limit: usize) -> String {
    format!(
        "SELECT * FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME_PREFIX => {}, \
         RESULT_LIMIT => {limit})) ORDER BY REFRESH_START_TIME DESC",
        literal(&format!("{}.", target.text()))
    )
}

/// One dynamic table's refreshes, newest first.
pub fn refreshes_of(target: &Target, name: &str, limit: usize) -> String {
    format!(
        "SELECT * FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => {}, \
         RESULT_LIMIT => {limit})) ORDER BY REFRESH_START_TIME DESC",
        literal(&target.id(name))
    )
}

/// Task runs in the schema (one task's when named), newest first.
pub fn task_runs(target: &Target, task: Option<&str>, limit: usize) -> String {
    let name = task.map_or(String::new(), |t| format!("TASK_NAME => {}, ", literal(t)));
    format!(
        "SELECT * FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY({name}RESULT_LIMIT => {limit})) \
         WHERE DATABASE_NAME = {} AND SCHEMA_NAME = {} ORDER BY SCHEDULED_TIME DESC",
        literal(&target.database),
        literal(&target.schema)
    )
}

/// A page of an object's rows: sorted by a column (NULLs where Snowflake puts them), or by the
/// first column so that pages do not overlap.
pub fn page(object: &str, order: PageOrder, offset: usize, limit: usize) -> String {
    let by = order.column.map_or(1, |c| c + 1);
    let direction = if order.descending { " DESC" } else { "" };
    format!("SELECT * FROM {object} ORDER BY {by}{direction} LIMIT {limit} OFFSET {offset}")
}

/// How many rows an object has.
pub fn count(object: &str) -> String {
    format!("SELECT COUNT(*) FROM {object}")
}

/// All of an object's rows, ordered by all of its `columns` columns.
pub fn ordered(object: &str, columns: usize) -> String {
    let by: Vec<String> = (1..=columns.max(1)).map(|i| i.to_string()).collect();
    format!("SELECT * FROM {object} ORDER BY {}", by.join(", "))
}

/// All of an object's rows.
pub fn all(object: &str) -> String {
    format!("SELECT * FROM {object}")
}

/// An object's DDL.
pub fn ddl(kind: &str, object: &str) -> String {
    format!(
        "SELECT GET_DDL({}, {})",
        literal(&kind.replace(' ', "_")),
        literal(object)
    )
}

/// An object's columns (None for a task, which has none).
pub fn describe(kind: &str, object: &str) -> Option<String> {
    (kind != "TASK").then(|| format!("DESCRIBE {kind} {object}"))
}

/// The statement behind a node's button, as in the tab: refresh, suspend or resume a dynamic table;
/// execute, suspend or resume a task.
pub fn node_action(kind: &str, object: &str, action: NodeAction) -> Option<String> {
    match (kind, action) {
        ("DYNAMIC TABLE", NodeAction::Refresh) => {
            Some(format!("ALTER DYNAMIC TABLE {object} REFRESH"))
        }
        ("DYNAMIC TABLE", NodeAction::Suspend) => {
            Some(format!("ALTER DYNAMIC TABLE {object} SUSPEND"))
        }
        ("DYNAMIC TABLE", NodeAction::Resume) => {
            Some(format!("ALTER DYNAMIC TABLE {object} RESUME"))
        }
        ("TASK", NodeAction::Refresh) => Some(format!("EXECUTE TASK {object}")),
        ("TASK", NodeAction::Suspend) => Some(format!("ALTER TASK {object} SUSPEND")),
        ("TASK", NodeAction::Resume) => Some(format!("ALTER TASK {object} RESUME")),
        _ => None,
    }
}

/// Whether the account has a database (`SHOW DATABASES LIKE`).
pub fn database_exists(target: &Target) -> String {
    format!("SHOW DATABASES LIKE {}", literal(&target.database))
}

/// Whether the database has the schema.
pub fn schema_exists(target: &Target) -> String {
    format!(
        "SHOW SCHEMAS LIKE {} IN DATABASE {}",
        literal(&target.schema),
        sql_ident(&target.database)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Scenario, Variant};
    use crate::sim::Simulation;
    use snowglobe_engine::{NaiveDate, Profile};

    fn target() -> Target {
        Target::parse("SNOWGLOBE", "DEMO").unwrap()
    }

    #[test]
    fn the_buttons_send_what_the_tab_sends() {
        let sim = Simulation::create(
            Scenario {
                variant: Variant::EcommCdc,
                custom_sql: String::new(),
                seed: 1,
                profile: Profile::Seed,
                rate: None,
                start: NaiveDate::from_ymd_opt(2026, 1, 15)
                    .and_then(|d| d.and_hms_opt(9, 0, 0))
                    .unwrap(),
            },
            None,
        )
        .unwrap();
        for (id, kind) in [
            ("ECOMM_CDC.PUBLIC.ORDERS_DERIVED", "DYNAMIC TABLE"),
            ("ECOMM_CDC.PUBLIC.REFRESH_GOLD_LAYER", "TASK"),
            ("ECOMM_CDC.PUBLIC.RAW_ORDERS", "TABLE"),
        ] {
            for action in [NodeAction::Refresh, NodeAction::Suspend, NodeAction::Resume] {
                assert_eq!(
                    node_action(kind, id, action),
                    sim.node_action_sql(id, action),
                    "{kind} {action:?}"
                );
            }
        }
    }

    #[test]
    fn reads_name_the_schema_and_page_in_a_fixed_order() {
        assert_eq!(
            show("DYNAMIC TABLES", &target()),
            "SHOW DYNAMIC TABLES IN SCHEMA SNOWGLOBE.DEMO"
        );
        assert!(schema_refreshes(&target(), 200).contains("NAME_PREFIX => 'SNOWGLOBE.DEMO.'"));
        assert!(refreshes_of(&target(), "GOLD", 50).contains("NAME => 'SNOWGLOBE.DEMO.GOLD'"));
        assert!(
            task_runs(&target(), Some("T"), 50)
                .contains("TASK_HISTORY(TASK_NAME => 'T', RESULT_LIMIT => 50)")
        );
        let order = PageOrder {
            column: Some(2),
            descending: true,
        };
        assert_eq!(
            page("D.S.T", order, 50, 50),
            "SELECT * FROM D.S.T ORDER BY 3 DESC LIMIT 50 OFFSET 50"
        );
        assert_eq!(
            page("D.S.T", PageOrder::default(), 0, 50),
            "SELECT * FROM D.S.T ORDER BY 1 LIMIT 50 OFFSET 0"
        );
        assert_eq!(ordered("D.S.T", 3), "SELECT * FROM D.S.T ORDER BY 1, 2, 3");
        assert_eq!(
            ddl("DYNAMIC TABLE", "D.S.T"),
            "SELECT GET_DDL('DYNAMIC_TABLE', 'D.S.T')"
        );
        assert_eq!(describe("TASK", "D.S.T"), None);
        assert_eq!(
            schema_exists(&target()),
            "SHOW SCHEMAS LIKE 'DEMO' IN DATABASE SNOWGLOBE"
        );
    }
}
