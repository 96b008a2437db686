//! Expressions the engine evaluates because GlueSQL cannot: semi-structured ones — `v:path[0]`,
//! casts to and from VARIANT, PARSE_JSON, OBJECT_CONSTRUCT, SPLIT and the other functions of
//! [`crate::variant`] — and the scalar functions of [`crate::scalar`] (REGEXP_*, SPLIT_PART,
//! TRY_CAST and the TRY_TO_ conversions, MD5, week and quarter date arithmetic, …). A SELECT that
//! has them is split, as window functions are:
//!
//! - the **base**: the same FROM (and WHERE, when it has none of them), selecting every column the
//!   rest reads and every argument of a semi-structured expression as a hidden column;
//! - the semi-structured expressions, compiled to [`Node`]s and evaluated by the engine over the
//!   base's rows;
//! - the **outer** SELECT over a scratch table of both, with each such expression and each column
//!   replaced by its column; WHERE, GROUP BY, HAVING, windows and ORDER BY run there as usual.
//!
//! An expression nested in a function GlueSQL evaluates (`OBJECT_CONSTRUCT('k', UPPER(v:x))`) takes
//! one split per level.

use super::ast::quoted;
use super::infer::Scope;
use super::parse::normalize_ident;
use crate::error::{Result, SqlError};
use crate::types::SfType;
use crate::variant::{self, Step};
use gluesql_core::data::Value;
use rust_decimal::Decimal;
use sqlparser::ast::{
    CastKind, DataType, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, JsonPathElem,
    Spanned, Value as SqlValue,
};
use std::collections::HashMap;

/// A compiled semi-structured expression over one input row.
#[derive(Debug, Clone)]
pub enum Node {
    /// The value of one of the base row's columns.
    Col(usize),
    /// A constant.
    Lit(Value),
    /// A function of the engine's library ([`crate::variant`], [`crate::scalar`]) by its Snowflake
    /// name, with its arguments.
    Call(String, Vec<Node>),
    /// `v:a.b[0]`: the element at a path of a semi-structured value (NULL where there is none).
    Path(Box<Node>, Vec<PathStep>),
    /// A cast to or from a semi-structured type (`v::NUMBER`, `CAST(x AS VARIANT)`, `TRY_CAST`).
    Cast {
        /// The expression cast.
        of: Box<Node>,
        /// The type cast to.
        ty: SfType,
        /// `TRY_CAST`: a value that does not convert gives NULL instead of an error.
        try_: bool,
    },
}

/// A path step whose key is known, or computed by an expression (`v[i]`).
#[derive(Debug, Clone)]
pub enum PathStep {
    /// A key or index written in the path (`:a`, `['a']`, `[0]`).
    Fixed(Step),
    /// A key or index computed per row (`v[i]`).
    Computed(Node),
}

/// The SQL type named by a cast, when it is semi-structured.
fn semi_type(data_type: &DataType) -> Option<SfType> {
    match SfType::from_sql(data_type) {
        Ok(t @ (SfType::Variant | SfType::Object | SfType::Array)) => Some(t),
        _ => None,
    }
}

/// The date part (as written) that a call of one of `names` gives as its first argument.
fn first_part<'f>(f: &'f sqlparser::ast::Function, names: &[&str]) -> Option<&'f str> {
    let name = f.name.to_string().to_ascii_uppercase();
    if !names.contains(&name.as_str()) {
        return None;
    }
    let FunctionArguments::List(list) = &f.args else {
        return None;
    };
    match list.args.first()? {
        FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => super::ast::date_part_text(e),
        _ => None,
    }
}

/// The date part a DATE_TRUNC / DATEDIFF call names when it is a week or a quarter (which the
/// engine evaluates; other parts GlueSQL computes).
fn week_or_quarter_part(f: &sqlparser::ast::Function) -> Option<String> {
    let part = first_part(f, &["DATE_TRUNC", "DATEDIFF", "TIMESTAMPDIFF"])?;
    crate::scalar::is_week_or_quarter(part).then(|| part.to_ascii_lowercase())
}

/// The engine function `DATE_PART(<part>, x)` calls, for the parts GlueSQL lacks.
fn date_part_function(f: &sqlparser::ast::Function) -> Option<&'static str> {
    let part = first_part(f, &["DATE_PART"])?;
    Some(match super::ast::date_part_word(part)? {
        "quarter" => "QUARTER",
        "week" => "WEEK",
        "weekiso" => "WEEKISO",
        "dayofweek" => "DAYOFWEEK",
        "dayofweekiso" => "DAYOFWEEKISO",
        "dayofyear" => "DAYOFYEAR",
        "yearofweek" => "YEAROFWEEK",
        "yearofweekiso" => "YEAROFWEEKISO",
        _ => return None,
    })
}

fn function_name(e: &Expr) -> Option<String> {
    match e {
        Expr::Function(f) if f.over.is_none() => {
            if let Some(part) = date_part_function(f) {
                return Some(part.to_owned());
            }
            let name = f.name.to_string().to_ascii_uppercase();
            (variant::FUNCTIONS.contains(&name.as_str())
                || crate::scalar::FUNCTIONS.contains(&name.as_str())
                || week_or_quarter_part(f).is_some())
            .then_some(name)
        }
        _ => None,
    }
}

/// The engine function an `EXTRACT(<part> FROM x)` calls, for the parts GlueSQL lacks.
fn extract_function(e: &Expr) -> Option<&'static str> {
    use sqlparser::ast::DateTimeField as F;
    match e {
        Expr::Extract { field, .. } => match field {
            F::Quarter => Some("QUARTER"),
            F::Week(_) => Some("WEEK"),
            F::IsoWeek => Some("WEEKISO"),
            F::DayOfWeek | F::Dow => Some("DAYOFWEEK"),
            F::DayOfYear | F::Doy => Some("DAYOFYEAR"),
            _ => None,
        },
        _ => None,
    }
}

/// Whether `e` itself is an expression the engine evaluates.
pub fn is_engine_expr(e: &Expr) -> bool {
    match e {
        Expr::Extract { .. } => extract_function(e).is_some(),
        Expr::JsonAccess { .. } => true,
        Expr::Function(_) => function_name(e).is_some(),
        Expr::Cast {
            expr,
            data_type,
            kind,
            ..
        } => {
            semi_type(data_type).is_some()
                || is_engine_expr(expr)
                || matches!(kind, CastKind::TryCast | CastKind::SafeCast)
        }
        Expr::Nested(x) => is_engine_expr(x),
        _ => false,
    }
}

/// Whether an expression the engine evaluates appears in `node`, outside its subqueries.
pub fn has_engine_expr<V: sqlparser::ast::Visit + ?Sized>(node: &V) -> bool {
    super::walk::any_top_level(node, &is_engine_expr)
}

/// Marks casts of semi-structured columns (`v::NUMBER` with `v` a VARIANT column) as expressions
/// the engine evaluates, by reading the column through TO_VARIANT, so that Snowflake's casts out
/// of VARIANT apply rather than GlueSQL's.
pub fn mark_variant_casts<V: sqlparser::ast::VisitMut + ?Sized>(
    node: &mut V,
    scope: &Scope,
) -> Result<()> {
    super::walk::each_expr_mut(node, &mut |e| {
        if let Expr::Cast { expr, .. } = e
            && !is_engine_expr(expr)
            && super::infer::infer_expr(expr, scope).is_some_and(SfType::is_semi)
        {
            let inner = std::mem::replace(expr.as_mut(), Expr::value(SqlValue::Null));
            **expr = super::ast::func("TO_VARIANT", vec![inner]);
        }
        Ok(())
    })
}

/// The operands of a semi-structured expression.
fn operands(e: &Expr) -> Vec<&Expr> {
    match e {
        Expr::JsonAccess { value, path } => std::iter::once(value.as_ref())
            .chain(path.path.iter().filter_map(|p| match p {
                JsonPathElem::Bracket { key } | JsonPathElem::ColonBracket { key } => Some(key),
                JsonPathElem::Dot { .. } => None,
            }))
            .collect(),
        Expr::Function(f) => super::walk::call_args(f),
        Expr::Cast { expr, .. } | Expr::Extract { expr, .. } => vec![expr],
        Expr::Nested(x) => operands(x),
        _ => Vec::new(),
    }
}

/// Whether every operand of `e` is either semi-structured and ready itself, or free of
/// semi-structured expressions (so GlueSQL computes it in the base).
pub fn ready(e: &Expr) -> bool {
    operands(e).into_iter().all(|x| {
        if is_engine_expr(x) {
            ready(x)
        } else {
            !has_engine_expr(x)
        }
    })
}

/// The value of a literal (a string, number, boolean or NULL, possibly negated).
pub fn literal(e: &Expr) -> Option<Value> {
    match e {
        Expr::Value(v) => Some(match &v.value {
            SqlValue::Null => Value::Null,
            SqlValue::Boolean(b) => Value::Bool(*b),
            SqlValue::Number(n, _) => Value::Decimal(
                n.parse::<Decimal>()
                    .or_else(|_| Decimal::from_scientific(n))
                    .ok()?,
            ),
            SqlValue::SingleQuotedString(s) | SqlValue::DoubleQuotedString(s) => {
                Value::Str(s.clone())
            }
            _ => return None,
        }),
        Expr::UnaryOp {
            op: sqlparser::ast::UnaryOperator::Minus,
            expr,
        } => match literal(expr)? {
            Value::Decimal(d) => Some(Value::Decimal(-d)),
            _ => None,
        },
        _ => None,
    }
}

/// Compiles a ready semi-structured expression; `leaf` gives the input column of an operand that
/// GlueSQL computes.
pub fn compile(e: &Expr, leaf: &mut dyn FnMut(&Expr) -> Result<usize>) -> Result<Node> {
    let operand = |x: &Expr, leaf: &mut dyn FnMut(&Expr) -> Result<usize>| -> Result<Node> {
        if is_engine_expr(x) {
            compile(x, leaf)
        } else if let Some(v) = literal(x) {
            Ok(Node::Lit(v))
        } else {
            leaf(x).map(Node::Col)
        }
    };
    Ok(match e {
        Expr::Nested(x) => compile(x, leaf)?,
        Expr::JsonAccess { value, path } => {
            let base = operand(value, leaf)?;
            let mut steps = Vec::new();
            for p in &path.path {
                steps.push(match p {
                    JsonPathElem::Dot { key, .. } => PathStep::Fixed(Step::Key(key.clone())),
                    JsonPathElem::Bracket { key } | JsonPathElem::ColonBracket { key } => {
                        match literal(key) {
                            Some(Value::Str(k)) => PathStep::Fixed(Step::Key(k)),
                            Some(Value::Decimal(d)) => PathStep::Fixed(Step::Index(
                                i64::try_from(d.trunc()).unwrap_or(i64::MAX),
                            )),
                            _ => PathStep::Computed(operand(key, leaf)?),
                        }
                    }
                });
            }
            Node::Path(Box::new(base), steps)
        }
        Expr::Cast {
            expr,
            data_type,
            kind,
            ..
        } => {
            let ty = SfType::from_sql(data_type)
                .map_err(|err| err.at(super::parse::to_position(e.span().start)))?;
            Node::Cast {
                of: Box::new(operand(expr, leaf)?),
                ty,
                try_: matches!(kind, CastKind::TryCast | CastKind::SafeCast),
            }
        }
        Expr::Extract { expr, .. } => Node::Call(
            extract_function(e).unwrap_or_default().to_owned(),
            vec![operand(expr, leaf)?],
        ),
        Expr::Function(f) => {
            let name = function_name(e).unwrap_or_default();
            if let FunctionArguments::List(list) = &f.args
                && list
                    .args
                    .iter()
                    .any(|a| matches!(a, FunctionArg::Unnamed(FunctionArgExpr::Wildcard)))
            {
                return Err(
                    SqlError::unsupported(format!("{name}(*) is not supported yet."))
                        .at(super::parse::to_position(f.name.span().start)),
                );
            }
            let part = week_or_quarter_part(f);
            let skip = usize::from(date_part_function(f).is_some());
            let args = operands(e)
                .into_iter()
                .skip(skip)
                .enumerate()
                .map(|(i, x)| match (&part, i) {
                    (Some(p), 0) => Ok(Node::Lit(Value::Str(p.clone()))),
                    _ => operand(x, leaf),
                })
                .collect::<Result<Vec<_>>>()?;
            Node::Call(name, args)
        }
        other => leaf(other).map(Node::Col)?,
    })
}

/// Evaluates a compiled expression over one row.
pub fn eval(node: &Node, row: &[Value]) -> Result<Value> {
    Ok(match node {
        Node::Col(i) => row.get(*i).cloned().unwrap_or(Value::Null),
        Node::Lit(v) => v.clone(),
        Node::Call(name, args) => {
            let args = args
                .iter()
                .map(|a| eval(a, row))
                .collect::<Result<Vec<_>>>()?;
            let result = variant::call(name, &args)
                .or_else(|| crate::scalar::call(name, &args))
                .unwrap_or_else(|| {
                    let part = match args.first() {
                        Some(Value::Str(p)) => p.clone(),
                        _ => String::new(),
                    };
                    crate::scalar::week_or_quarter(name, &part, &args)
                });
            result.map_err(|m| {
                if m.starts_with("Error parsing JSON") {
                    SqlError::json_parse(m)
                } else {
                    SqlError::execution(m)
                }
            })?
        }
        Node::Path(of, steps) => {
            let mut v = eval(of, row)?;
            if let Value::Str(s) = &v
                && matches!(of.as_ref(), Node::Col(_))
                && (s.trim_start().starts_with('{') || s.trim_start().starts_with('['))
            {
                // A path into a VARCHAR column reads it as JSON, as Snowflake does.
                v = variant::parse_json(s).unwrap_or(Value::Null);
            }
            for step in steps {
                let step = match step {
                    PathStep::Fixed(s) => s.clone(),
                    PathStep::Computed(n) => match eval(n, row)? {
                        Value::Str(k) => Step::Key(k),
                        other => match crate::types::to_decimal(&other) {
                            Some(d) => Step::Index(i64::try_from(d.trunc()).unwrap_or(i64::MAX)),
                            None => return Ok(Value::Null),
                        },
                    },
                };
                v = variant::get(&v, &step);
            }
            v
        }
        Node::Cast { of, ty, try_ } => match variant::cast(eval(of, row)?, *ty) {
            Ok(v) => v,
            Err(_) if *try_ => Value::Null,
            Err(m) => return Err(SqlError::execution(m)),
        },
    })
}

/// The SQL type of a compiled expression's result, where it does not depend on the values.
pub fn node_type(node: &Node) -> Option<SfType> {
    match node {
        Node::Cast { ty, .. } => Some(*ty),
        Node::Call(name, _) if variant::FUNCTIONS.contains(&name.as_str()) => {
            Some(variant::return_type(name))
        }
        Node::Call(name, _) => crate::scalar::return_type(name),
        _ => Some(SfType::Variant),
    }
}

/// One split of a SELECT: the hidden columns of the base and the compiled expressions, with the
/// outer expressions rewritten over the scratch table's columns.
pub struct Split<'s> {
    scope: &'s Scope,
    /// Output names that ORDER BY may name (left alone).
    keep: Vec<String>,
    prefix: String,
    /// The expressions the base query computes as hidden columns for the compiled ones to read.
    pub hidden: super::hidden::Hidden,
    /// The compiled expressions, evaluated by the engine over each base row.
    pub nodes: Vec<Node>,
    nodes_at: HashMap<String, usize>,
    /// Whether semi-structured expressions are compiled now, or only columns renamed (they wait
    /// for a later split, after a filter that guards them).
    compiling: bool,
}

impl<'s> Split<'s> {
    /// A split of a SELECT over the columns of `scope`; `pass` keeps the column names of successive
    /// splits apart.
    pub fn new(scope: &'s Scope, pass: usize) -> Self {
        Split {
            scope,
            keep: Vec::new(),
            prefix: format!("__SG_J{pass}"),
            hidden: Default::default(),
            nodes: Vec::new(),
            nodes_at: HashMap::new(),
            compiling: true,
        }
    }

    /// Whether the expressions walked from now on are compiled (or wait for a later split).
    pub fn compiling(&mut self, yes: bool) {
        self.compiling = yes;
    }

    /// Names of output columns to leave alone (in ORDER BY).
    pub fn keeping(&mut self, names: Vec<String>) {
        self.keep = names;
    }

    /// The base query's select list: the hidden columns under their names.
    pub fn base_projection(&mut self) -> Vec<sqlparser::ast::SelectItem> {
        let prefix = self.prefix.clone();
        self.hidden.projection(&|i| format!("{prefix}E{i}"))
    }

    /// The name of hidden column `i` in the base query and the scratch table.
    pub fn hidden_name(&self, i: usize) -> String {
        format!("{}E{i}", self.prefix)
    }

    /// The name of compiled expression `j`'s column in the scratch table.
    pub fn node_name(&self, j: usize) -> String {
        format!("{}V{j}", self.prefix)
    }

    /// The hidden column computing `e` in the base.
    pub fn hide(&mut self, e: &Expr) -> usize {
        self.hidden.hide(e)
    }

    fn is_column(&self, e: &Expr) -> bool {
        match e {
            Expr::Identifier(i) => {
                let name = normalize_ident(i);
                !self.keep.contains(&name) && self.scope.columns.iter().any(|c| c.name == name)
            }
            Expr::CompoundIdentifier(parts) if parts.len() == 2 => {
                let (q, n) = (normalize_ident(&parts[0]), normalize_ident(&parts[1]));
                self.scope
                    .columns
                    .iter()
                    .any(|c| c.qualifier.as_deref() == Some(q.as_str()) && c.name == n)
            }
            _ => false,
        }
    }
}

impl Split<'_> {
    /// Rewrites one expression of the outer SELECT (called by a top-level walk, before the
    /// expression's own sub-expressions).
    pub fn visit(&mut self, e: &mut Expr) -> Result<()> {
        if self.compiling && is_engine_expr(e) && ready(e) {
            let mut bare = &*e;
            while let Expr::Nested(x) = bare {
                bare = x;
            }
            let key = bare.to_string();
            let j = match self.nodes_at.get(&key) {
                Some(&j) => j,
                None => {
                    let node = compile(e, &mut |x| Ok(self.hide(x)))?;
                    self.nodes.push(node);
                    self.nodes_at.insert(key, self.nodes.len() - 1);
                    self.nodes.len() - 1
                }
            };
            *e = Expr::Identifier(quoted(&self.node_name(j)));
        } else if self.is_column(e) {
            let i = self.hide(e);
            *e = Expr::Identifier(quoted(&self.hidden_name(i)));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expr(sql: &str) -> Expr {
        let dialect = sqlparser::dialect::SnowflakeDialect {};
        sqlparser::parser::Parser::new(&dialect)
            .try_with_sql(sql)
            .unwrap()
            .parse_expr()
            .unwrap()
    }

    #[test]
    fn paths_casts_and_functions_compile_over_hidden_operands() {
        let e = expr("PARSE_JSON(t.raw):items[0].price::NUMBER(10,2)");
        assert!(is_engine_expr(&e) && ready(&e));
        let mut hidden = Vec::new();
        let node = compile(&e, &mut |x| {
            hidden.push(x.to_string());
            Ok(hidden.len() - 1)
        })
        .unwrap();
        assert_eq!(hidden, ["t.raw"]);
        let row = [Value::Str(r#"{"items": [{"price": "4.125"}]}"#.into())];
        assert_eq!(
            eval(&node, &row).unwrap(),
            Value::Decimal("4.13".parse().unwrap())
        );
        assert_eq!(
            node_type(&node),
            Some(SfType::Number {
                precision: 10,
                scale: 2
            })
        );
    }

    #[test]
    fn an_operand_computed_by_glue_around_a_path_waits_for_a_later_split() {
        let e = expr("OBJECT_CONSTRUCT('k', UPPER(v:x::STRING))");
        assert!(is_engine_expr(&e) && !ready(&e));
        assert!(ready(&expr("v:x::STRING")));
        assert!(!is_engine_expr(&expr("UPPER(x)")));
    }

    #[test]
    fn invalid_json_is_snowflakes_parse_error() {
        let node = compile(&expr("PARSE_JSON(s)"), &mut |_| Ok(0)).unwrap();
        let err = eval(&node, &[Value::Str("{oops".into())]).unwrap_err();
        assert_eq!(err.code, "100069");
        let try_node = compile(&expr("TRY_PARSE_JSON(s)"), &mut |_| Ok(0)).unwrap();
        assert_eq!(
            eval(&try_node, &[Value::Str("{oops".into())]).unwrap(),
            Value::Null
        );
    }
}
