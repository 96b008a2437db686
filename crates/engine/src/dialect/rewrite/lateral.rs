//! LATERAL FLATTEN in FROM. The relations before it run as a query of their own (every column,
//! plus the operands of FLATTEN's INPUT); the engine expands each row into one row per element
//! ([`crate::variant::flatten`]) with SEQ, KEY, PATH, INDEX, VALUE and THIS; a scratch table of
//! those rows takes the relations' and FLATTEN's place in FROM (`takeover.rs`). Several FLATTENs
//! (nested arrays) are expanded left to right.

use super::super::engine_exprs::{self as evaluated, Node, Split};
use super::super::infer::Scope;
use super::super::parse::{normalize_ident, to_position};
use super::takeover::Column;
use super::{Context, Resolver, Rewriter, query_of, quoted};
use crate::error::{Result, SqlError};
use crate::types::SfType;
use crate::variant::{self, Mode};
use gluesql_core::data::Value;
use sqlparser::ast::{
    Expr, FunctionArg, FunctionArgExpr, FunctionArguments, Ident, JoinConstraint, JoinOperator,
    ObjectName, OrderBy, Select, SelectItem, SetExpr, Spanned, TableFactor, TableWithJoins,
};
use std::collections::HashMap;

/// FLATTEN's output columns, in Snowflake's order.
const FLATTEN_COLUMNS: [(&str, SfType); 6] = [
    ("SEQ", SfType::INTEGER),
    ("KEY", SfType::Varchar(None)),
    ("PATH", SfType::Varchar(None)),
    ("INDEX", SfType::INTEGER),
    ("VALUE", SfType::Variant),
    ("THIS", SfType::Variant),
];

/// A FLATTEN call in FROM: its arguments, by name or position.
struct Flatten {
    input: Expr,
    path: Vec<variant::Step>,
    outer: bool,
    recursive: bool,
    mode: Mode,
    alias: String,
}

fn flatten_call(factor: &TableFactor) -> Option<(&[FunctionArg], Option<&Ident>)> {
    let is_flatten = |n: &ObjectName| n.to_string().eq_ignore_ascii_case("FLATTEN");
    match factor {
        TableFactor::Function {
            name, args, alias, ..
        } if is_flatten(name) => Some((args, alias.as_ref().map(|a| &a.name))),
        TableFactor::TableFunction {
            expr: Expr::Function(f),
            alias,
        } if is_flatten(&f.name) => match &f.args {
            FunctionArguments::List(list) => Some((&list.args, alias.as_ref().map(|a| &a.name))),
            _ => None,
        },
        TableFactor::Table {
            name,
            args: Some(args),
            alias,
            ..
        } if is_flatten(name) => Some((&args.args, alias.as_ref().map(|a| &a.name))),
        _ => None,
    }
}

fn parse_flatten(factor: &TableFactor) -> Result<Flatten> {
    let (args, alias) = flatten_call(factor).expect("called on a FLATTEN");
    let position = to_position(factor.span().start);
    let names = ["INPUT", "PATH", "OUTER", "RECURSIVE", "MODE"];
    let mut given: HashMap<&str, &Expr> = HashMap::new();
    for (i, a) in args.iter().enumerate() {
        let (name, e) = match a {
            FunctionArg::Named {
                name,
                arg: FunctionArgExpr::Expr(e),
                ..
            } => {
                let n = normalize_ident(name);
                let Some(known) = names.iter().find(|k| **k == n) else {
                    return Err(SqlError::invalid(format!(
                        "Invalid argument name '{n}' for function FLATTEN."
                    ))
                    .at(position));
                };
                (*known, e)
            }
            FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) if i < names.len() => (names[i], e),
            _ => {
                return Err(
                    SqlError::invalid("Invalid arguments for function FLATTEN.").at(position)
                );
            }
        };
        given.insert(name, e);
    }
    let input = given
        .get("INPUT")
        .map(|e| (*e).clone())
        .ok_or_else(|| SqlError::invalid("FLATTEN needs an INPUT argument.").at(position))?;
    let constant = |name: &str| -> Result<Option<Value>> {
        match given.get(name) {
            None => Ok(None),
            Some(e) => match evaluated::literal(e) {
                Some(v) => Ok(Some(v)),
                None => Err(SqlError::invalid(format!(
                    "FLATTEN's {name} argument must be a constant."
                ))
                .at(position)),
            },
        }
    };
    let flag = |name: &str| -> Result<bool> {
        Ok(match constant(name)? {
            None => false,
            Some(Value::Bool(b)) => b,
            Some(_) => {
                return Err(SqlError::invalid(format!(
                    "FLATTEN's {name} argument must be TRUE or FALSE."
                ))
                .at(position));
            }
        })
    };
    let path = match constant("PATH")? {
        None => Vec::new(),
        Some(Value::Str(p)) => {
            variant::parse_path(&p).map_err(|m| SqlError::invalid(m).at(position))?
        }
        Some(_) => {
            return Err(SqlError::invalid("FLATTEN's PATH must be a string.").at(position));
        }
    };
    let mode = match constant("MODE")? {
        None => Mode::Both,
        Some(Value::Str(m)) => match m.to_ascii_uppercase().as_str() {
            "BOTH" => Mode::Both,
            "OBJECT" => Mode::Object,
            "ARRAY" => Mode::Array,
            _ => {
                return Err(SqlError::invalid(format!(
                    "FLATTEN's MODE must be 'OBJECT', 'ARRAY' or 'BOTH', not '{m}'."
                ))
                .at(position));
            }
        },
        Some(_) => return Err(SqlError::invalid("FLATTEN's MODE must be a string.").at(position)),
    };
    Ok(Flatten {
        input,
        path,
        outer: flag("OUTER")?,
        recursive: flag("RECURSIVE")?,
        mode,
        alias: alias
            .map(normalize_ident)
            .unwrap_or_else(|| "FLATTEN".to_owned()),
    })
}

impl<R: Resolver> Rewriter<'_, R> {
    /// Expands every LATERAL FLATTEN of `select`'s FROM (see the module's doc).
    pub(super) fn expand_flattens(
        &mut self,
        select: &mut Select,
        order_by: Option<&mut OrderBy>,
        context: &Context,
    ) -> Result<()> {
        let mut order_by = order_by;
        loop {
            let Some(twj) = select.from.first_mut() else {
                return Ok(());
            };
            let at = std::iter::once(&twj.relation)
                .chain(twj.joins.iter().map(|j| &j.relation))
                .position(|f| flatten_call(f).is_some());
            let Some(at) = at else { return Ok(()) };
            self.expand_flatten(select, at, order_by.as_deref_mut(), context)?;
        }
    }

    fn expand_flatten(
        &mut self,
        select: &mut Select,
        at: usize,
        order_by: Option<&mut OrderBy>,
        context: &Context,
    ) -> Result<()> {
        let twj = &mut select.from[0];
        let factor = if at == 0 {
            &twj.relation
        } else {
            &twj.joins[at - 1].relation
        };
        let flatten = parse_flatten(factor)?;
        if at > 0 {
            match &twj.joins[at - 1].join_operator {
                JoinOperator::Join(c) | JoinOperator::Inner(c) | JoinOperator::CrossJoin(c)
                    if matches!(c, JoinConstraint::None) || is_on_true(c) => {}
                _ => {
                    return Err(SqlError::unsupported(
                        "Only an inner or comma join to LATERAL FLATTEN is supported; use OUTER => TRUE to keep rows without elements.",
                    )
                    .at(to_position(factor.span().start)));
                }
            }
        }
        // The relations before FLATTEN, resolved on a copy.
        let mut scope = Scope::default();
        let mut prefix = None;
        if at > 0 {
            let mut p = TableWithJoins {
                relation: twj.relation.clone(),
                joins: twj.joins[..at - 1].to_vec(),
            };
            self.table_with_joins(&mut p, context, &mut scope)?;
            prefix = Some(p);
        }
        let mut split = Split::new(&scope, 0);
        let node = if evaluated::is_engine_expr(&flatten.input) && evaluated::ready(&flatten.input)
        {
            evaluated::compile(&flatten.input, &mut |x| Ok(split.hide(x)))?
        } else if !evaluated::has_engine_expr(&flatten.input) {
            Node::Col(split.hide(&flatten.input))
        } else {
            return Err(SqlError::unsupported(format!(
                "FLATTEN input '{}' is not supported yet.",
                flatten.input
            ))
            .at(to_position(flatten.input.span().start)));
        };
        let n = scope.columns.len();
        let mut base = super::select_star();
        base.projection = scope
            .columns
            .iter()
            .map(|c| {
                let mut parts: Vec<Ident> = c.qualifier.iter().map(|q| quoted(q)).collect();
                parts.push(quoted(&c.name));
                Expr::CompoundIdentifier(parts)
            })
            .chain(split.hidden.iter().cloned())
            .enumerate()
            .map(|(i, expr)| SelectItem::ExprWithAlias {
                expr,
                alias: quoted(&format!("__SG_L{i}")),
            })
            .collect();
        if base.projection.is_empty() {
            base.projection.push(SelectItem::UnnamedExpr(Expr::value(
                sqlparser::ast::Value::Null,
            )));
        }
        base.from = prefix.into_iter().collect();
        let mut query = query_of(SetExpr::Select(base));
        let rows = self.run_structured(&mut query, context)?;
        let mut out = Vec::new();
        for (seq, row) in rows.iter().enumerate() {
            let input = evaluated::eval(&node, &row[n..])?;
            for flat in variant::flatten(
                &input,
                &flatten.path,
                flatten.outer,
                flatten.recursive,
                flatten.mode,
            ) {
                let mut r = row[..n].to_vec();
                r.extend([
                    Value::Decimal((seq as u64 + 1).into()),
                    flat.key,
                    Value::Str(flat.path),
                    flat.index,
                    flat.value,
                    flat.this,
                ]);
                out.push(r);
            }
        }
        let mut columns: Vec<Column> = scope.columns.iter().map(Column::from).collect();
        columns.extend(FLATTEN_COLUMNS.iter().map(|(name, ty)| Column {
            qualifier: flatten.alias.clone(),
            name: (*name).to_owned(),
            ty: *ty,
        }));
        self.take_over(select, order_by, at, columns, out, "LATERAL FLATTEN")
    }
}

fn is_on_true(c: &JoinConstraint) -> bool {
    matches!(c, JoinConstraint::On(Expr::Value(v)) if matches!(v.value, sqlparser::ast::Value::Boolean(true)))
}
