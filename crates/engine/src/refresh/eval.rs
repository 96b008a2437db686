//! A compiled evaluator for the delta queries of incremental refresh: the select items and WHERE
//! of a plan, over one input row, without a trip through GlueSQL. It covers the deterministic core
//! that pipelines use — columns, literals, arithmetic, comparisons, AND/OR/NOT, IS [NOT] NULL,
//! IN lists, BETWEEN, CASE, IFF, COALESCE/NVL, EXTRACT, UPPER/LOWER, `||` — with SQL's NULL logic,
//! on values of one type class per comparison (checked when compiling). Anything else returns None
//! from `compile`, and the plan keeps using GlueSQL. The differential tests hold both paths to the
//! same results as a full recomputation.

use crate::dialect::parse::normalize_ident;
use crate::types::{SfType, to_decimal};
use chrono::{Datelike, NaiveDateTime, Timelike};
use gluesql_core::data::Value;
use rust_decimal::Decimal;
use sqlparser::ast::{
    BinaryOperator, DateTimeField, Expr, FunctionArg, FunctionArgExpr, FunctionArguments,
    SelectItem, SetExpr, UnaryOperator, Value as SqlValue,
};
use std::cmp::Ordering;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Number,
    Text,
    Time,
    Date,
    Bool,
    Null,
}

fn class_of(t: SfType) -> Option<Class> {
    Some(match t {
        SfType::Number { .. } => Class::Number,
        SfType::Varchar(_) => Class::Text,
        SfType::TimestampNtz => Class::Time,
        SfType::Date => Class::Date,
        SfType::Boolean => Class::Bool,
        SfType::Float | SfType::Time | SfType::Variant | SfType::Object | SfType::Array => {
            return None;
        }
    })
}

#[derive(Debug, Clone)]
enum Node {
    Col(usize),
    Lit(Value),
    Cmp(Box<Node>, BinaryOperator, Box<Node>),
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
    Not(Box<Node>),
    IsNull(Box<Node>, bool),
    In(Box<Node>, Vec<Node>, bool),
    Arith(Box<Node>, BinaryOperator, Box<Node>),
    Neg(Box<Node>),
    Case(Vec<(Node, Node)>, Option<Box<Node>>),
    Coalesce(Vec<Node>),
    Extract(DateTimeField, Box<Node>),
    Upper(Box<Node>, bool),
    Concat(Box<Node>, Box<Node>),
}

/// A plan's delta query compiled: one node per output column, and the filter.
#[derive(Debug, Clone)]
pub struct Compiled {
    outputs: Vec<Node>,
    filter: Option<Node>,
}

struct Compiler<'a> {
    columns: &'a [(String, SfType)],
}

impl Compiler<'_> {
    fn column(&self, name: &str) -> Option<(Node, Class)> {
        let i = self.columns.iter().position(|(n, _)| n == name)?;
        Some((Node::Col(i), class_of(self.columns[i].1)?))
    }

    fn same(a: Class, b: Class) -> Option<Class> {
        match (a, b) {
            (Class::Null, x) | (x, Class::Null) => Some(x),
            (x, y) if x == y => Some(x),
            _ => None,
        }
    }

    fn args(f: &sqlparser::ast::Function) -> Option<Vec<&Expr>> {
        match &f.args {
            FunctionArguments::List(l)
                if l.duplicate_treatment.is_none() && l.clauses.is_empty() =>
            {
                l.args
                    .iter()
                    .map(|a| match a {
                        FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e),
                        _ => None,
                    })
                    .collect()
            }
            _ => None,
        }
    }

    fn expr(&self, e: &Expr) -> Option<(Node, Class)> {
        Some(match e {
            Expr::Identifier(i) => self.column(&normalize_ident(i))?,
            Expr::CompoundIdentifier(parts) => self.column(&normalize_ident(parts.last()?))?,
            Expr::Nested(inner) => self.expr(inner)?,
            Expr::Value(v) => match &v.value {
                SqlValue::Number(n, _) => (
                    Node::Lit(Value::Decimal(n.parse::<Decimal>().ok()?)),
                    Class::Number,
                ),
                SqlValue::SingleQuotedString(s) => (Node::Lit(Value::Str(s.clone())), Class::Text),
                SqlValue::Boolean(b) => (Node::Lit(Value::Bool(*b)), Class::Bool),
                SqlValue::Null => (Node::Lit(Value::Null), Class::Null),
                _ => return None,
            },
            Expr::IsNull(x) => (Node::IsNull(Box::new(self.expr(x)?.0), false), Class::Bool),
            Expr::IsNotNull(x) => (Node::IsNull(Box::new(self.expr(x)?.0), true), Class::Bool),
            Expr::UnaryOp {
                op: UnaryOperator::Not,
                expr,
            } => {
                let (n, c) = self.expr(expr)?;
                Self::same(c, Class::Bool)?;
                (Node::Not(Box::new(n)), Class::Bool)
            }
            Expr::UnaryOp {
                op: UnaryOperator::Minus,
                expr,
            } => {
                let (n, c) = self.expr(expr)?;
                Self::same(c, Class::Number)?;
                (Node::Neg(Box::new(n)), Class::Number)
            }
            Expr::BinaryOp { left, op, right } => {
                let (l, lc) = self.expr(left)?;
                let (r, rc) = self.expr(right)?;
                match op {
                    BinaryOperator::And | BinaryOperator::Or => {
                        Self::same(lc, Class::Bool)?;
                        Self::same(rc, Class::Bool)?;
                        let (l, r) = (Box::new(l), Box::new(r));
                        (
                            if *op == BinaryOperator::And {
                                Node::And(l, r)
                            } else {
                                Node::Or(l, r)
                            },
                            Class::Bool,
                        )
                    }
                    BinaryOperator::Eq
                    | BinaryOperator::NotEq
                    | BinaryOperator::Lt
                    | BinaryOperator::LtEq
                    | BinaryOperator::Gt
                    | BinaryOperator::GtEq => {
                        Self::same(lc, rc)?;
                        (Node::Cmp(Box::new(l), op.clone(), Box::new(r)), Class::Bool)
                    }
                    BinaryOperator::Plus
                    | BinaryOperator::Minus
                    | BinaryOperator::Multiply
                    | BinaryOperator::Divide => {
                        Self::same(Self::same(lc, rc)?, Class::Number)?;
                        (
                            Node::Arith(Box::new(l), op.clone(), Box::new(r)),
                            Class::Number,
                        )
                    }
                    BinaryOperator::StringConcat => {
                        Self::same(Self::same(lc, rc)?, Class::Text)?;
                        (Node::Concat(Box::new(l), Box::new(r)), Class::Text)
                    }
                    _ => return None,
                }
            }
            Expr::In {
                expr,
                target: sqlparser::ast::InTarget::List(list),
                negated,
                ..
            } => {
                let (x, c) = self.expr(expr)?;
                let mut items = Vec::new();
                for item in list {
                    let (n, ic) = self.expr(item)?;
                    Self::same(c, ic)?;
                    items.push(n);
                }
                (Node::In(Box::new(x), items, *negated), Class::Bool)
            }
            Expr::Between {
                expr,
                negated,
                low,
                high,
            } => {
                let (x, c) = self.expr(expr)?;
                let (lo, lc) = self.expr(low)?;
                let (hi, hc) = self.expr(high)?;
                Self::same(Self::same(c, lc)?, hc)?;
                let x = Box::new(x);
                let inside = Node::And(
                    Box::new(Node::Cmp(x.clone(), BinaryOperator::GtEq, Box::new(lo))),
                    Box::new(Node::Cmp(x, BinaryOperator::LtEq, Box::new(hi))),
                );
                (
                    if *negated {
                        Node::Not(Box::new(inside))
                    } else {
                        inside
                    },
                    Class::Bool,
                )
            }
            Expr::Case {
                operand,
                conditions,
                else_result,
                ..
            } => {
                let operand = match operand {
                    Some(o) => Some(self.expr(o)?),
                    None => None,
                };
                let mut class = Class::Null;
                let mut arms = Vec::new();
                for w in conditions {
                    let (cond, cc) = self.expr(&w.condition)?;
                    let cond = match &operand {
                        Some((o, oc)) => {
                            Self::same(*oc, cc)?;
                            Node::Cmp(Box::new(o.clone()), BinaryOperator::Eq, Box::new(cond))
                        }
                        None => {
                            Self::same(cc, Class::Bool)?;
                            cond
                        }
                    };
                    let (res, rc) = self.expr(&w.result)?;
                    class = Self::same(class, rc)?;
                    arms.push((cond, res));
                }
                let otherwise = match else_result {
                    Some(e) => {
                        let (n, c) = self.expr(e)?;
                        class = Self::same(class, c)?;
                        Some(Box::new(n))
                    }
                    None => None,
                };
                (Node::Case(arms, otherwise), class)
            }
            Expr::Extract { field, expr, .. } => {
                let (n, c) = self.expr(expr)?;
                if !matches!(c, Class::Time | Class::Date | Class::Null) {
                    return None;
                }
                let supported = matches!(
                    field,
                    DateTimeField::Year
                        | DateTimeField::Month
                        | DateTimeField::Day
                        | DateTimeField::Hour
                        | DateTimeField::Minute
                        | DateTimeField::Second
                );
                if !supported {
                    return None;
                }
                (Node::Extract(field.clone(), Box::new(n)), Class::Number)
            }
            Expr::Function(f) if f.over.is_none() && f.filter.is_none() => {
                let name = f.name.to_string().to_ascii_uppercase();
                let args = Self::args(f)?;
                match (name.as_str(), args.as_slice()) {
                    ("IFF", [c, a, b]) => {
                        let (cond, cc) = self.expr(c)?;
                        Self::same(cc, Class::Bool)?;
                        let (a, ac) = self.expr(a)?;
                        let (b, bc) = self.expr(b)?;
                        (
                            Node::Case(vec![(cond, a)], Some(Box::new(b))),
                            Self::same(ac, bc)?,
                        )
                    }
                    ("COALESCE" | "NVL" | "IFNULL", list) if !list.is_empty() => {
                        let mut class = Class::Null;
                        let mut nodes = Vec::new();
                        for a in list {
                            let (n, c) = self.expr(a)?;
                            class = Self::same(class, c)?;
                            nodes.push(n);
                        }
                        (Node::Coalesce(nodes), class)
                    }
                    ("UPPER" | "LOWER", [a]) => {
                        let (n, c) = self.expr(a)?;
                        Self::same(c, Class::Text)?;
                        (Node::Upper(Box::new(n), name == "UPPER"), Class::Text)
                    }
                    _ => return None,
                }
            }
            _ => return None,
        })
    }
}

/// Compiles a plan's delta query over input columns, or None when some part needs GlueSQL.
pub fn compile(query: &sqlparser::ast::Query, columns: &[(String, SfType)]) -> Option<Compiled> {
    let SetExpr::Select(select) = query.body.as_ref() else {
        return None;
    };
    let compiler = Compiler { columns };
    let mut outputs = Vec::new();
    for item in &select.projection {
        let e = match item {
            SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => e,
            SelectItem::Wildcard(_) => {
                outputs.extend((0..columns.len()).map(Node::Col));
                continue;
            }
            _ => return None,
        };
        if matches!(e, Expr::Identifier(i) if i.value == super::plan::TAG) {
            continue;
        }
        outputs.push(compiler.expr(e)?.0);
    }
    let filter = match &select.selection {
        Some(w) => {
            let (n, c) = compiler.expr(w)?;
            Compiler::same(c, Class::Bool)?;
            Some(n)
        }
        None => None,
    };
    Some(Compiled { outputs, filter })
}

fn truth(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        _ => None,
    }
}

fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Null, _) | (_, Value::Null) => None,
        (Value::Str(x), Value::Str(y)) => Some(x.cmp(y)),
        (Value::Timestamp(x), Value::Timestamp(y)) => Some(x.cmp(y)),
        (Value::Date(x), Value::Date(y)) => Some(x.cmp(y)),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        (x, y) => Some(to_decimal(x)?.cmp(&to_decimal(y)?)),
    }
}

fn extract(field: &DateTimeField, v: &Value) -> Option<i64> {
    let t: NaiveDateTime = match v {
        Value::Timestamp(t) => *t,
        Value::Date(d) => d.and_hms_opt(0, 0, 0)?,
        _ => return None,
    };
    Some(match field {
        DateTimeField::Year => i64::from(t.year()),
        DateTimeField::Month => i64::from(t.month()),
        DateTimeField::Day => i64::from(t.day()),
        DateTimeField::Hour => i64::from(t.hour()),
        DateTimeField::Minute => i64::from(t.minute()),
        _ => i64::from(t.second()),
    })
}

impl Node {
    fn eval(&self, row: &[Value]) -> Result<Value, String> {
        Ok(match self {
            Node::Col(i) => row[*i].clone(),
            Node::Lit(v) => v.clone(),
            Node::Cmp(a, op, b) => {
                let (a, b) = (a.eval(row)?, b.eval(row)?);
                match compare(&a, &b) {
                    None => Value::Null,
                    Some(o) => Value::Bool(match op {
                        BinaryOperator::Eq => o == Ordering::Equal,
                        BinaryOperator::NotEq => o != Ordering::Equal,
                        BinaryOperator::Lt => o == Ordering::Less,
                        BinaryOperator::LtEq => o != Ordering::Greater,
                        BinaryOperator::Gt => o == Ordering::Greater,
                        _ => o != Ordering::Less,
                    }),
                }
            }
            Node::And(a, b) => match (truth(&a.eval(row)?), truth(&b.eval(row)?)) {
                (Some(false), _) | (_, Some(false)) => Value::Bool(false),
                (Some(true), Some(true)) => Value::Bool(true),
                _ => Value::Null,
            },
            Node::Or(a, b) => match (truth(&a.eval(row)?), truth(&b.eval(row)?)) {
                (Some(true), _) | (_, Some(true)) => Value::Bool(true),
                (Some(false), Some(false)) => Value::Bool(false),
                _ => Value::Null,
            },
            Node::Not(a) => truth(&a.eval(row)?).map_or(Value::Null, |b| Value::Bool(!b)),
            Node::IsNull(a, negated) => {
                Value::Bool(matches!(a.eval(row)?, Value::Null) != *negated)
            }
            Node::In(x, items, negated) => {
                let x = x.eval(row)?;
                if matches!(x, Value::Null) {
                    return Ok(Value::Null);
                }
                let mut saw_null = false;
                let mut found = false;
                for item in items {
                    match compare(&x, &item.eval(row)?) {
                        Some(Ordering::Equal) => {
                            found = true;
                            break;
                        }
                        None => saw_null = true,
                        _ => {}
                    }
                }
                if found {
                    Value::Bool(!negated)
                } else if saw_null {
                    Value::Null
                } else {
                    Value::Bool(*negated)
                }
            }
            Node::Arith(a, op, b) => {
                let (a, b) = (a.eval(row)?, b.eval(row)?);
                let (Some(x), Some(y)) = (to_decimal(&a), to_decimal(&b)) else {
                    return Ok(Value::Null);
                };
                let r = match op {
                    BinaryOperator::Plus => x.checked_add(y),
                    BinaryOperator::Minus => x.checked_sub(y),
                    BinaryOperator::Multiply => x.checked_mul(y),
                    _ if y.is_zero() => return Err("Division by zero".to_owned()),
                    _ => x.checked_div(y),
                };
                Value::Decimal(r.ok_or("Number out of representable range")?)
            }
            Node::Neg(a) => match to_decimal(&a.eval(row)?) {
                Some(d) => Value::Decimal(-d),
                None => Value::Null,
            },
            Node::Case(arms, otherwise) => {
                for (cond, result) in arms {
                    if truth(&cond.eval(row)?) == Some(true) {
                        return result.eval(row);
                    }
                }
                match otherwise {
                    Some(e) => e.eval(row)?,
                    None => Value::Null,
                }
            }
            Node::Coalesce(items) => {
                for item in items {
                    let v = item.eval(row)?;
                    if !matches!(v, Value::Null) {
                        return Ok(v);
                    }
                }
                Value::Null
            }
            Node::Extract(field, a) => {
                extract(field, &a.eval(row)?).map_or(Value::Null, |n| Value::Decimal(n.into()))
            }
            Node::Upper(a, upper) => match a.eval(row)? {
                Value::Str(s) => Value::Str(if *upper {
                    s.to_uppercase()
                } else {
                    s.to_lowercase()
                }),
                _ => Value::Null,
            },
            Node::Concat(a, b) => match (a.eval(row)?, b.eval(row)?) {
                (Value::Str(x), Value::Str(y)) => Value::Str(x + &y),
                _ => Value::Null,
            },
        })
    }
}

impl Compiled {
    /// The output values for a row, or None when the filter rejects it.
    pub fn eval(&self, row: &[Value]) -> Result<Option<Vec<Value>>, String> {
        if let Some(f) = &self.filter
            && truth(&f.eval(row)?) != Some(true)
        {
            return Ok(None);
        }
        self.outputs
            .iter()
            .map(|n| n.eval(row))
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }
}
