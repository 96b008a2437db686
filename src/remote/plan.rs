//! The pipeline as it goes onto a real account: the script runs in a scratch engine, its Snowflake
//! DDL is exported (what the page's Export shows, without the feeder) and split into statements,
//! and every object is put in the database and schema the user named: names qualified with the
//! script's own database and schema are qualified with the target's instead, and the objects'
//! warehouse becomes the proxy's. The statements that create the database and the schema come
//! first (`IF NOT EXISTS`); the others run with the target as their context, so that the names the
//! queries leave unqualified resolve there. The plan also knows what it creates, in order (to
//! suspend and drop it later), what each object reads (the graph's edges for views and tasks) and
//! the bronze table the generator feeds.

use crate::scenario::BRONZE;
use snowglobe_engine::catalog::{QName, sql_ident};
use snowglobe_engine::dialect::split::split_statements;
use snowglobe_engine::{Engine, NaiveDate};
use std::collections::{BTreeSet, HashMap};

/// The database and schema a pipeline goes into, as Snowflake stores unquoted names (upper case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub database: String,
    pub schema: String,
}

/// Whether a name is a plain identifier (letters, digits, `_`, `$`; not starting with a digit).
fn plain(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

impl Target {
    /// A target from what the user typed: plain identifiers only, folded to upper case.
    pub fn parse(database: &str, schema: &str) -> Result<Target, String> {
        let (database, schema) = (database.trim(), schema.trim());
        for (what, name) in [("database", database), ("schema", schema)] {
            if !plain(name) {
                return Err(format!(
                    "The {what} name must be a plain identifier (letters, digits, _ and $, not \
                     starting with a digit): “{name}”."
                ));
            }
        }
        Ok(Target {
            database: database.to_ascii_uppercase(),
            schema: schema.to_ascii_uppercase(),
        })
    }

    /// `DB.SCHEMA`.
    pub fn text(&self) -> String {
        format!("{}.{}", self.database, self.schema)
    }

    /// An object of the target as its graph node is known: `DB.SCHEMA.NAME`.
    pub fn id(&self, name: &str) -> String {
        format!("{}.{}.{}", self.database, self.schema, name)
    }

    /// An object of the target as SQL names it.
    pub fn sql(&self, name: &str) -> String {
        format!("{}.{}.{}", self.database, self.schema, sql_ident(name))
    }
}

/// One statement of the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub sql: String,
    /// Runs with the target database and schema as its context (they exist by then).
    pub in_schema: bool,
}

/// An object the plan creates.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedObject {
    /// `TABLE`, `DYNAMIC TABLE`, `VIEW`, `TASK` or `STREAM`.
    pub kind: String,
    /// Its name in the target schema.
    pub name: String,
    /// The ids (`DB.SCHEMA.NAME`) of the objects it reads.
    pub inputs: Vec<String>,
}

/// The table the generator feeds.
#[derive(Debug, Clone, PartialEq)]
pub struct Bronze {
    pub name: String,
    /// It has the seed's CDC columns (`PROCESSED_AT`, `CHANGE_TYPE`), which events fill too.
    pub cdc_columns: bool,
}

/// Everything applying a pipeline does, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub target: Target,
    pub statements: Vec<Statement>,
    /// In creation order (a dynamic table after what it reads).
    pub objects: Vec<PlannedObject>,
    pub bronze: Option<Bronze>,
}

/// What applying found missing and created, so that cleaning up drops that rather than objects
/// one by one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Created {
    pub database: bool,
    pub schema: bool,
}

/// `text` with every `from` prefix (a qualified `DB.SCHEMA.`, matched without regard to case and
/// not inside a longer name) replaced by `to`.
fn requalify(text: &str, from: &str, to: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let needle = from.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(found) = lower[at..].find(&needle) {
        let start = at + found;
        let inside_name = text[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '.' | '"'));
        out.push_str(&text[at..start]);
        out.push_str(if inside_name {
            &text[start..start + from.len()]
        } else {
            to
        });
        at = start + from.len();
    }
    out.push_str(&text[at..]);
    out
}

/// `text` with the `WAREHOUSE = …` lines of exported DDL naming `warehouse` instead.
fn with_warehouse(text: &str, warehouse: &str) -> String {
    text.lines()
        .map(|line| {
            let trimmed = line.trim_start();
            if trimmed.to_ascii_uppercase().starts_with("WAREHOUSE = ") {
                let indent = &line[..line.len() - trimmed.len()];
                format!("{indent}WAREHOUSE = {}", sql_ident(warehouse))
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The plan that puts `script`'s pipeline into `target`, its objects on `warehouse` when given.
/// A script that does not run here is refused with its error.
pub fn plan(script: &str, target: &Target, warehouse: Option<&str>) -> Result<Plan, String> {
    let start = NaiveDate::from_ymd_opt(2026, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default();
    let mut engine = Engine::new(start);
    engine
        .execute_script(script)
        .map_err(|e| format!("The pipeline does not run: {e}"))?;
    let mut names: Vec<(u64, QName, String)> = engine
        .catalog()
        .objects
        .iter()
        .map(|(q, o)| (o.seq, q.clone(), o.kind_word().to_owned()))
        .collect();
    names.sort_by_key(|(seq, _, _)| *seq);
    let mut seen: HashMap<&str, &QName> = HashMap::new();
    for (_, q, _) in &names {
        if let Some(other) = seen.insert(q.name.as_str(), q) {
            return Err(format!(
                "{other} and {q} share a name; a pipeline goes into one schema, so its objects \
                 need distinct names."
            ));
        }
    }
    let schemas: BTreeSet<(String, String)> = names
        .iter()
        .map(|(_, q, _)| (q.database.clone(), q.schema.clone()))
        .collect();
    let in_pipeline: HashMap<QName, String> = names
        .iter()
        .map(|(_, q, _)| (q.clone(), target.id(&q.name)))
        .collect();
    let objects = names
        .iter()
        .map(|(_, q, kind)| PlannedObject {
            kind: kind.clone(),
            name: q.name.clone(),
            inputs: engine
                .dependencies(q)
                .iter()
                .map(|d| in_pipeline.get(d).cloned().unwrap_or_else(|| d.to_string()))
                .collect(),
        })
        .collect();
    let bronze = engine.cdc_target(BRONZE).ok().map(|q| {
        let columns: Vec<String> = engine
            .catalog()
            .objects
            .get(&q)
            .map(|o| o.columns().iter().map(|c| c.name.clone()).collect())
            .unwrap_or_default();
        let has = |c: &str| columns.iter().any(|n| n == c);
        Bronze {
            name: q.name.clone(),
            cdc_columns: has("PROCESSED_AT") && has("CHANGE_TYPE"),
        }
    });
    let prefix = format!(
        "{}.{}.",
        sql_ident(&target.database),
        sql_ident(&target.schema)
    );
    let mut statements = vec![
        Statement {
            sql: format!(
                "CREATE DATABASE IF NOT EXISTS {}",
                sql_ident(&target.database)
            ),
            in_schema: false,
        },
        Statement {
            sql: format!(
                "CREATE SCHEMA IF NOT EXISTS {}.{}",
                sql_ident(&target.database),
                sql_ident(&target.schema)
            ),
            in_schema: false,
        },
    ];
    for piece in split_statements(&engine.export_ddl()) {
        let head = piece.text.to_ascii_uppercase();
        if head.starts_with("CREATE DATABASE") || head.starts_with("CREATE SCHEMA") {
            continue;
        }
        let mut sql = piece.text;
        for (database, schema) in &schemas {
            let from = format!("{}.{}.", sql_ident(database), sql_ident(schema));
            sql = requalify(&sql, &from, &prefix);
        }
        if let Some(w) = warehouse {
            sql = with_warehouse(&sql, w);
        }
        statements.push(Statement {
            sql,
            in_schema: true,
        });
    }
    Ok(Plan {
        target: target.clone(),
        statements,
        objects,
        bronze,
    })
}

impl Plan {
    /// What Stop sends: every dynamic table and task the plan created, suspended (tasks first, so
    /// that none refreshes a suspended table meanwhile).
    pub fn suspends(&self) -> Vec<String> {
        ["TASK", "DYNAMIC TABLE"]
            .iter()
            .flat_map(|kind| {
                self.objects
                    .iter()
                    .filter(move |o| o.kind == *kind)
                    .map(move |o| format!("ALTER {kind} {} SUSPEND", self.target.sql(&o.name)))
            })
            .collect()
    }

    /// What Clean up sends: the database or the schema when applying created it, otherwise the
    /// plan's objects, readers before what they read.
    pub fn drops(&self, created: Created) -> Vec<String> {
        let t = &self.target;
        if created.database {
            return vec![format!("DROP DATABASE {}", sql_ident(&t.database))];
        }
        if created.schema {
            return vec![format!(
                "DROP SCHEMA {}.{}",
                sql_ident(&t.database),
                sql_ident(&t.schema)
            )];
        }
        self.objects
            .iter()
            .rev()
            .map(|o| format!("DROP {} IF EXISTS {}", o.kind, t.sql(&o.name)))
            .collect()
    }

    /// The dynamic tables, in creation order (each after what it reads).
    pub fn dynamic_tables(&self) -> impl Iterator<Item = &PlannedObject> {
        self.objects.iter().filter(|o| o.kind == "DYNAMIC TABLE")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use snowglobe_engine::pipelines;

    fn target() -> Target {
        Target::parse("analytics", "dt_demo").unwrap()
    }

    #[test]
    fn targets_are_plain_names_in_upper_case() {
        assert_eq!(target().text(), "ANALYTICS.DT_DEMO");
        assert_eq!(target().id("RAW_ORDERS"), "ANALYTICS.DT_DEMO.RAW_ORDERS");
        assert!(Target::parse("db; DROP DATABASE x", "s").is_err());
        assert!(Target::parse("db", "1s").is_err());
        assert!(Target::parse("", "s").is_err());
    }

    #[test]
    fn the_seed_pipeline_goes_into_the_target_schema() {
        let plan = plan(pipelines::ECOMM_CDC, &target(), Some("DEMO_WH")).unwrap();
        let sql: Vec<&str> = plan.statements.iter().map(|s| s.sql.as_str()).collect();
        assert_eq!(sql[0], "CREATE DATABASE IF NOT EXISTS ANALYTICS");
        assert_eq!(sql[1], "CREATE SCHEMA IF NOT EXISTS ANALYTICS.DT_DEMO");
        assert!(!plan.statements[1].in_schema && plan.statements[2].in_schema);
        assert!(
            sql[2].starts_with("CREATE OR REPLACE TABLE ANALYTICS.DT_DEMO.RAW_ORDERS"),
            "{}",
            sql[2]
        );
        let all = sql.join(";\n");
        assert!(!all.contains("ECOMM_CDC"), "{all}");
        assert!(all.contains("WAREHOUSE = DEMO_WH") && !all.contains("COMPUTE_WH"));
        assert!(all.contains("ALTER DYNAMIC TABLE ANALYTICS.DT_DEMO.ORDERS_AGGREGATED REFRESH"));
        assert_eq!(
            sql.last().copied(),
            Some("ALTER TASK ANALYTICS.DT_DEMO.REFRESH_GOLD_LAYER RESUME")
        );
        let kinds: Vec<(&str, &str)> = plan
            .objects
            .iter()
            .map(|o| (o.kind.as_str(), o.name.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("TABLE", "RAW_ORDERS"),
                ("DYNAMIC TABLE", "ORDERS_DERIVED"),
                ("DYNAMIC TABLE", "ORDERS_AGGREGATED"),
                ("VIEW", "CDC_MONITORING"),
                ("TASK", "REFRESH_GOLD_LAYER"),
            ]
        );
        assert_eq!(
            plan.objects[4].inputs,
            ["ANALYTICS.DT_DEMO.ORDERS_AGGREGATED"]
        );
        assert_eq!(
            plan.bronze,
            Some(Bronze {
                name: "RAW_ORDERS".to_owned(),
                cdc_columns: true
            })
        );
        // The statements rebuild the same pipeline in a fresh engine.
        let mut engine = Engine::new(NaiveDate::default().and_hms_opt(0, 0, 0).unwrap());
        for s in &plan.statements[..2] {
            engine.execute(&s.sql).unwrap();
        }
        engine.execute("USE SCHEMA ANALYTICS.DT_DEMO").unwrap();
        for s in &plan.statements[2..] {
            engine.execute(&s.sql).unwrap();
        }
        assert_eq!(engine.catalog().objects.len(), 5);
    }

    #[test]
    fn the_other_seed_variant_has_no_cdc_columns() {
        let plan = plan(pipelines::ECOMM, &target(), None).unwrap();
        assert_eq!(plan.bronze.as_ref().map(|b| b.cdc_columns), Some(false));
        assert!(plan.dynamic_tables().count() >= 2);
    }

    #[test]
    fn a_broken_script_is_refused_with_its_error() {
        let e = plan(
            "CREATE DATABASE d; CREATE TABLE t (x INT); SELECT nope FROM t;",
            &target(),
            None,
        )
        .unwrap_err();
        assert!(e.contains("invalid identifier"), "{e}");
    }

    #[test]
    fn stop_suspends_and_clean_up_drops_what_was_created() {
        let plan = plan(pipelines::ECOMM_CDC, &target(), None).unwrap();
        assert_eq!(
            plan.suspends(),
            [
                "ALTER TASK ANALYTICS.DT_DEMO.REFRESH_GOLD_LAYER SUSPEND",
                "ALTER DYNAMIC TABLE ANALYTICS.DT_DEMO.ORDERS_DERIVED SUSPEND",
                "ALTER DYNAMIC TABLE ANALYTICS.DT_DEMO.ORDERS_AGGREGATED SUSPEND",
            ]
        );
        let schema = Created {
            database: false,
            schema: true,
        };
        assert_eq!(plan.drops(schema), ["DROP SCHEMA ANALYTICS.DT_DEMO"]);
        let both = Created {
            database: true,
            schema: true,
        };
        assert_eq!(plan.drops(both), ["DROP DATABASE ANALYTICS"]);
        let objects = plan.drops(Created::default());
        assert_eq!(
            objects.first().map(String::as_str),
            Some("DROP TASK IF EXISTS ANALYTICS.DT_DEMO.REFRESH_GOLD_LAYER")
        );
        assert_eq!(
            objects.last().map(String::as_str),
            Some("DROP TABLE IF EXISTS ANALYTICS.DT_DEMO.RAW_ORDERS")
        );
    }

    #[test]
    fn requalifying_leaves_longer_names_alone() {
        assert_eq!(
            requalify(
                "SELECT * FROM ecomm_cdc.public.t, XECOMM_CDC.PUBLIC.u",
                "ECOMM_CDC.PUBLIC.",
                "A.B."
            ),
            "SELECT * FROM A.B.t, XECOMM_CDC.PUBLIC.u"
        );
    }
}
