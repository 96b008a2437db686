//! Grouping done by the engine, for a SELECT that calls an aggregate GlueSQL lacks (MEDIAN,
//! LISTAGG, ARRAY_AGG, STDDEV, MIN_BY, … — see [`crate::aggregate`]). The SELECT is split:
//!
//! - the **base**: the same FROM and WHERE, selecting the GROUP BY keys and every argument (and
//!   WITHIN GROUP key) of every aggregate call as hidden columns;
//! - the **groups**, computed by [`crate::aggregate::group`] into a scratch table of one row per
//!   group: the keys, then one column per aggregate call;
//! - the **outer** SELECT over that table, with no GROUP BY: each aggregate call and each group key
//!   replaced by its column, HAVING as its WHERE. Window functions and QUALIFY then run over the
//!   grouped rows, as Snowflake orders them.

use super::ast::quoted;
use super::infer::Scope;
use super::parse::normalize_ident;
use crate::aggregate::{AggCall, Aggregate};
use crate::error::SqlError;
use sqlparser::ast::{
    DuplicateTreatment, Expr, Function, FunctionArg, FunctionArgExpr, FunctionArguments, Spanned,
};
use std::collections::HashMap;

fn aggregate_of(f: &Function) -> Option<Aggregate> {
    if f.over.is_some() {
        return None;
    }
    Aggregate::named(&f.name.to_string().to_ascii_uppercase())
}

/// Whether `node` calls an aggregate only the engine evaluates (outside its subqueries).
pub fn needs_engine<V: sqlparser::ast::Visit + ?Sized>(node: &V) -> bool {
    super::walk::any_top_level(
        node,
        &|e| matches!(e, Expr::Function(f) if aggregate_of(f).is_some_and(Aggregate::engine_only)),
    )
}

/// Whether `node` calls an aggregate (outside its subqueries and window calls).
pub fn has_aggregate<V: sqlparser::ast::Visit + ?Sized>(node: &V) -> bool {
    super::walk::any_top_level(
        node,
        &|e| matches!(e, Expr::Function(f) if aggregate_of(f).is_some()),
    )
}

/// Collects the base's hidden columns and the aggregate calls while rewriting the outer
/// expressions over the groups' columns.
pub struct Grouper<'s> {
    scope: &'s Scope,
    keys: Vec<Expr>,
    /// Output names that ORDER BY may name (left alone).
    keep: Vec<String>,
    /// The expressions the base query computes as hidden columns: the group keys first, then the
    /// aggregates' arguments.
    pub hidden: super::hidden::Hidden,
    /// The aggregate calls the engine evaluates per group, over the hidden columns.
    pub calls: Vec<AggCall>,
    /// The SQL type of each call's result, where known.
    pub types: Vec<Option<crate::types::SfType>>,
    calls_at: HashMap<String, usize>,
    select_list: bool,
    /// Whether a column outside aggregates and keys is an error (the check), or stands for any
    /// row's value of its group (after the check, for columns the engine computed from keys).
    strict: bool,
}

/// The name of group key `k` in the groups' table.
pub fn key_column(k: usize) -> String {
    format!("__SG_GK{k}")
}

/// The name of aggregate `j` in the groups' table.
pub fn aggregate_column(j: usize) -> String {
    format!("__SG_GA{j}")
}

/// The name of hidden column `i` of the base.
pub fn hidden_column(i: usize) -> String {
    format!("__SG_GH{i}")
}

impl<'s> Grouper<'s> {
    /// A grouper for these GROUP BY keys (distinct; they are the base's first hidden columns).
    pub fn new(scope: &'s Scope, keys: Vec<Expr>) -> Self {
        let mut g = Grouper {
            scope,
            keys: Vec::new(),
            keep: Vec::new(),
            hidden: Default::default(),
            calls: Vec::new(),
            types: Vec::new(),
            calls_at: HashMap::new(),
            select_list: false,
            strict: true,
        };
        for k in keys {
            if !g.keys.iter().any(|x| x.to_string() == k.to_string()) {
                g.hide(&k);
                g.keys.push(k);
            }
        }
        g
    }

    /// How many distinct GROUP BY keys there are (they are the base's first hidden columns).
    pub fn key_count(&self) -> usize {
        self.keys.len()
    }

    /// Names of output columns to leave alone (in ORDER BY).
    pub fn keeping(&mut self, names: Vec<String>) {
        self.keep = names;
    }

    /// Lets columns outside aggregates and keys through as any row's value of their group.
    pub fn lenient(mut self) -> Self {
        self.strict = false;
        self
    }

    /// Reports ungrouped columns as being in the select list (from now on) or elsewhere.
    pub fn in_select_list(&mut self, yes: bool) {
        self.select_list = yes;
    }

    fn hide(&mut self, e: &Expr) -> usize {
        self.hidden.hide(e)
    }

    fn last_name(e: &Expr) -> Option<(Option<String>, String)> {
        match e {
            Expr::Identifier(i) => Some((None, normalize_ident(i))),
            Expr::CompoundIdentifier(parts) if parts.len() >= 2 => Some((
                Some(normalize_ident(&parts[parts.len() - 2])),
                normalize_ident(parts.last()?),
            )),
            _ => None,
        }
    }

    /// The GROUP BY key `e` is (by text, or a column by its name).
    fn key_of(&self, e: &Expr) -> Option<usize> {
        fn bare(e: &Expr) -> String {
            match e {
                Expr::Nested(x) => bare(x),
                other => other.to_string().to_uppercase(),
            }
        }
        let text = bare(e);
        if let Some(k) = self.keys.iter().position(|k| bare(k) == text) {
            return Some(k);
        }
        let (q, n) = Self::last_name(e)?;
        self.keys.iter().position(|k| {
            Self::last_name(k)
                .is_some_and(|(kq, kn)| kn == n && (q.is_none() || kq.is_none() || q == kq))
        })
    }

    fn is_column(&self, e: &Expr) -> bool {
        match Self::last_name(e) {
            Some((None, n)) => {
                !self.keep.contains(&n) && self.scope.columns.iter().any(|c| c.name == n)
            }
            Some((Some(q), n)) => self
                .scope
                .columns
                .iter()
                .any(|c| c.qualifier.as_deref() == Some(q.as_str()) && c.name == n),
            None => false,
        }
    }

    fn call(&mut self, f: &Function, aggregate: Aggregate) -> Result<AggCall, SqlError> {
        let mut args = Vec::new();
        let mut distinct = false;
        let mut aggregate = aggregate;
        if let FunctionArguments::List(list) = &f.args {
            distinct = matches!(list.duplicate_treatment, Some(DuplicateTreatment::Distinct));
            for a in &list.args {
                match a {
                    FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => args.push(self.hide(e)),
                    FunctionArg::Unnamed(FunctionArgExpr::Wildcard)
                        if aggregate == Aggregate::Count =>
                    {
                        aggregate = Aggregate::CountStar;
                    }
                    other => {
                        return Err(SqlError::unsupported(format!(
                            "Argument '{other}' of {} is not supported.",
                            f.name
                        )));
                    }
                }
            }
        }
        let within = self.hidden.order_keys(&f.within_group);
        Ok(AggCall {
            aggregate,
            args,
            distinct,
            within,
        })
    }
}

impl Grouper<'_> {
    /// Rewrites one expression of the outer SELECT (called by a top-level walk, before the
    /// expression's own sub-expressions).
    pub fn visit(&mut self, e: &mut Expr) -> Result<(), SqlError> {
        if let Expr::Function(f) = &*e
            && let Some(aggregate) = aggregate_of(f)
        {
            let key = e.to_string();
            let j = match self.calls_at.get(&key) {
                Some(&j) => j,
                None => {
                    let call = self.call(f, aggregate)?;
                    self.calls.push(call);
                    self.types.push(super::infer::infer_expr(
                        &Expr::Function(f.clone()),
                        self.scope,
                    ));
                    self.calls_at.insert(key, self.calls.len() - 1);
                    self.calls.len() - 1
                }
            };
            *e = Expr::Identifier(quoted(&aggregate_column(j)));
        } else if let Some(k) = self
            .key_of(e)
            .filter(|_| !matches!(e, Expr::Value(_)))
            .filter(|_| {
                !Self::last_name(e).is_some_and(|(q, n)| q.is_none() && self.keep.contains(&n))
            })
        {
            *e = Expr::Identifier(quoted(&key_column(k)));
        } else if self.is_column(e) && !self.strict {
            // Checked already (a column computed from the keys before grouping): any row's value.
            let call = AggCall {
                aggregate: Aggregate::AnyValue,
                args: vec![self.hide(e)],
                distinct: false,
                within: vec![],
            };
            self.calls.push(call);
            self.types.push(super::infer::infer_expr(e, self.scope));
            *e = Expr::Identifier(quoted(&aggregate_column(self.calls.len() - 1)));
        } else if self.is_column(e) {
            let what = e.to_string().to_uppercase().replace('"', "");
            let message = if self.select_list {
                format!(
                    "'{what}' in select clause is neither an aggregate nor in the group by clause."
                )
            } else {
                format!("[{what}] is not a valid group by expression")
            };
            return Err(SqlError {
                code: "000979",
                ..SqlError::invalid(message)
            }
            .at(super::parse::to_position(e.span().start)));
        }
        Ok(())
    }
}
