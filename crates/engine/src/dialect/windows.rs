//! Window functions and QUALIFY taken out of a SELECT so that GlueSQL, which has neither, runs the
//! rest. Snowflake evaluates windows over the rows left after WHERE, GROUP BY and HAVING, then
//! filters with QUALIFY, then applies DISTINCT and ORDER BY. So a SELECT with windows is split:
//!
//! - the **base**: the same FROM, WHERE, GROUP BY and HAVING, selecting every expression the rest
//!   needs as a hidden column `__SG_E<i>` — window arguments, PARTITION BY and ORDER BY keys, and the
//!   window-free parts of the select list, QUALIFY and ORDER BY;
//! - the **windows**, evaluated by [`crate::window`] over the base's rows into columns `__SG_W<j>`;
//! - the **outer** SELECT over a scratch table holding both: the select list and ORDER BY with every
//!   window call and hidden expression replaced by its column, and QUALIFY as its WHERE.

use super::parse::normalize_ident;
use crate::error::{Result, SqlError};
use crate::window::{Bound, Call, Frame, Function as WindowFn, OrderKey};
use sqlparser::ast::{
    Expr, Function, FunctionArg, FunctionArgExpr, FunctionArgumentClause, FunctionArguments,
    InTarget, NullTreatment, Select, SelectItem, Spanned, Value, WindowFrameBound,
    WindowFrameUnits, WindowType,
};
use std::collections::HashMap;

/// The name of hidden column `i` of the base.
pub fn hidden_column(i: usize) -> String {
    format!("__SG_E{i}")
}

/// The name of window column `j`.
pub fn window_column(j: usize) -> String {
    format!("__SG_W{j}")
}

/// Whether `e` calls a window function (outside its subqueries).
pub fn has_window(e: &Expr) -> bool {
    super::walk::any_top_level(e, &|x| matches!(x, Expr::Function(f) if f.over.is_some()))
}

/// Whether a SELECT has to be split: it has QUALIFY, or a window call in its select list.
pub fn needs_split(select: &Select) -> bool {
    select.qualify.is_some()
        || select.projection.iter().any(|item| match item {
            SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => has_window(e),
            _ => false,
        })
}

fn column(name: String) -> Expr {
    Expr::Identifier(super::ast::quoted(&name))
}

fn key(e: &Expr) -> String {
    e.to_string()
}

/// Collects the base's hidden expressions and the window calls while rewriting the outer
/// expressions over their columns.
#[derive(Default)]
pub struct Splitter {
    /// The base's hidden expressions, in column order.
    pub hidden: super::hidden::Hidden,
    /// The window calls, in column order.
    pub calls: Vec<Call>,
    calls_at: HashMap<String, usize>,
}

impl Splitter {
    /// The hidden column that computes `e` in the base (one per distinct expression).
    pub fn hide(&mut self, e: &Expr) -> usize {
        self.hidden.hide(e)
    }

    /// `e` over the scratch table's columns.
    pub fn outer(&mut self, e: &Expr) -> Result<Expr> {
        if !has_window(e) {
            return Ok(match e {
                Expr::Value(_) => e.clone(),
                _ => column(hidden_column(self.hide(e))),
            });
        }
        let boxed = |s: &mut Self, x: &Expr| s.outer(x).map(Box::new);
        Ok(match e {
            Expr::Function(f) if f.over.is_some() => self.window(f)?,
            Expr::Function(f) => {
                let mut f = f.clone();
                for x in super::walk::call_args_mut(&mut f) {
                    if !is_date_part(x) {
                        *x = self.outer(x)?;
                    }
                }
                Expr::Function(f)
            }
            Expr::BinaryOp { left, op, right } => Expr::BinaryOp {
                left: boxed(self, left)?,
                op: op.clone(),
                right: boxed(self, right)?,
            },
            Expr::UnaryOp { op, expr } => Expr::UnaryOp {
                op: *op,
                expr: boxed(self, expr)?,
            },
            Expr::Nested(x) => Expr::Nested(boxed(self, x)?),
            Expr::IsNull(x) => Expr::IsNull(boxed(self, x)?),
            Expr::IsNotNull(x) => Expr::IsNotNull(boxed(self, x)?),
            Expr::IsTrue(x) => Expr::IsTrue(boxed(self, x)?),
            Expr::IsFalse(x) => Expr::IsFalse(boxed(self, x)?),
            Expr::Cast {
                kind,
                expr,
                data_type,
                format,
            } => Expr::Cast {
                kind: kind.clone(),
                expr: boxed(self, expr)?,
                data_type: data_type.clone(),
                format: format.clone(),
            },
            Expr::Between {
                expr,
                negated,
                low,
                high,
            } => Expr::Between {
                expr: boxed(self, expr)?,
                negated: *negated,
                low: boxed(self, low)?,
                high: boxed(self, high)?,
            },
            Expr::In {
                expr,
                target: InTarget::List(list),
                negated,
                global,
            } => Expr::In {
                expr: boxed(self, expr)?,
                target: InTarget::List(list.iter().map(|x| self.outer(x)).collect::<Result<_>>()?),
                negated: *negated,
                global: *global,
            },
            Expr::Case {
                case_token,
                end_token,
                operand,
                conditions,
                else_result,
            } => Expr::Case {
                case_token: case_token.clone(),
                end_token: end_token.clone(),
                operand: operand.as_deref().map(|o| boxed(self, o)).transpose()?,
                conditions: conditions
                    .iter()
                    .map(|w| {
                        Ok(sqlparser::ast::CaseWhen {
                            condition: self.outer(&w.condition)?,
                            result: self.outer(&w.result)?,
                        })
                    })
                    .collect::<Result<_>>()?,
                else_result: else_result.as_deref().map(|x| boxed(self, x)).transpose()?,
            },
            other => {
                return Err(SqlError::unsupported(format!(
                    "A window function inside '{other}' is not supported yet."
                ))
                .at(super::parse::to_position(other.span().start)));
            }
        })
    }

    /// The window column of a window call, registering the call.
    fn window(&mut self, f: &Function) -> Result<Expr> {
        let k = key(&Expr::Function(f.clone()));
        if let Some(&j) = self.calls_at.get(&k) {
            return Ok(column(window_column(j)));
        }
        let call = self.call(f)?;
        self.calls.push(call);
        self.calls_at.insert(k, self.calls.len() - 1);
        Ok(column(window_column(self.calls.len() - 1)))
    }

    fn call(&mut self, f: &Function) -> Result<Call> {
        let name = f.name.to_string().to_ascii_uppercase();
        let position = super::parse::to_position(f.name.span().start);
        let unsupported = |what: String| Err(SqlError::unsupported(what).at(position));
        let Some(mut function) = WindowFn::named(&name) else {
            return unsupported(format!(
                "Window function {name} ... OVER (...) is not supported yet."
            ));
        };
        let mut args = Vec::new();
        let mut ignore_nulls = f.null_treatment == Some(NullTreatment::IgnoreNulls);
        let distinct = matches!(&f.args, FunctionArguments::List(l)
            if l.duplicate_treatment == Some(sqlparser::ast::DuplicateTreatment::Distinct));
        if let FunctionArguments::List(list) = &f.args {
            if distinct && !matches!(function, WindowFn::Aggregate(_) | WindowFn::Count) {
                return unsupported(format!(
                    "{name}(DISTINCT ...) OVER (...) is not supported yet."
                ));
            }
            for clause in &list.clauses {
                match clause {
                    FunctionArgumentClause::IgnoreOrRespectNulls(t) => {
                        ignore_nulls = *t == NullTreatment::IgnoreNulls;
                    }
                    other => {
                        return unsupported(format!(
                            "'{other}' in a window function is not supported."
                        ));
                    }
                }
            }
            for a in &list.args {
                match a {
                    FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => args.push(self.hide(e)),
                    FunctionArg::Unnamed(FunctionArgExpr::Wildcard)
                        if function == WindowFn::Count =>
                    {
                        function = WindowFn::CountStar;
                    }
                    other => {
                        return unsupported(format!(
                            "Argument '{other}' of window function {name} is not supported."
                        ));
                    }
                }
            }
        }
        let arity = match function {
            WindowFn::RowNumber
            | WindowFn::Rank
            | WindowFn::DenseRank
            | WindowFn::PercentRank
            | WindowFn::CumeDist
            | WindowFn::CountStar => 0..=0,
            WindowFn::Lag | WindowFn::Lead => 1..=3,
            WindowFn::NthValue => 2..=2,
            WindowFn::Aggregate(_) => 1..=2,
            WindowFn::Count if distinct => 1..=usize::MAX,
            _ => 1..=1,
        };
        if !arity.contains(&args.len()) {
            return Err(SqlError::invalid(format!(
                "Invalid argument count for function {name}: {} given.",
                args.len()
            ))
            .at(position));
        }
        let spec = match &f.over {
            Some(WindowType::WindowSpec(spec)) => spec,
            _ => return unsupported("Named windows (OVER <name>) are not supported yet.".into()),
        };
        let partition = spec.partition_by.iter().map(|e| self.hide(e)).collect();
        let order: Vec<OrderKey> = self.hidden.order_keys(&spec.order_by);
        let aggregate = matches!(
            function,
            WindowFn::Sum
                | WindowFn::Avg
                | WindowFn::Count
                | WindowFn::CountStar
                | WindowFn::Min
                | WindowFn::Max
                | WindowFn::Aggregate(_)
        );
        // COUNT(DISTINCT …) OVER counts distinct values of each frame, as the aggregate does.
        if distinct && function == WindowFn::Count {
            function = WindowFn::Aggregate(crate::aggregate::Aggregate::Count);
        }
        let within = self.hidden.order_keys(&f.within_group);
        if order.is_empty() && !aggregate {
            return Err(SqlError::invalid(format!(
                "Window function type [{name}] requires ORDER BY in window specification."
            ))
            .at(position));
        }
        let frame = match &spec.window_frame {
            None => None,
            Some(w) => {
                let rows = match w.units {
                    WindowFrameUnits::Rows => true,
                    WindowFrameUnits::Range => false,
                    WindowFrameUnits::Groups => {
                        return unsupported("GROUPS window frames are not supported.".into());
                    }
                };
                let bound = |b: &WindowFrameBound| -> Result<Bound> {
                    let offset = |n: &Expr| -> Result<usize> {
                        if !rows {
                            return Err(SqlError::unsupported(
                                "RANGE frames with an offset are not supported yet; use ROWS.",
                            )
                            .at(position));
                        }
                        match n {
                            Expr::Value(v) => match &v.value {
                                Value::Number(n, _) => n.parse().ok(),
                                _ => None,
                            },
                            _ => None,
                        }
                        .ok_or_else(|| {
                            SqlError::invalid(format!(
                                "A window frame offset must be a whole number, not '{n}'."
                            ))
                            .at(position)
                        })
                    };
                    Ok(match b {
                        WindowFrameBound::CurrentRow => Bound::CurrentRow,
                        WindowFrameBound::Preceding(None) => Bound::UnboundedPreceding,
                        WindowFrameBound::Following(None) => Bound::UnboundedFollowing,
                        WindowFrameBound::Preceding(Some(n)) => Bound::Preceding(offset(n)?),
                        WindowFrameBound::Following(Some(n)) => Bound::Following(offset(n)?),
                    })
                };
                Some(Frame {
                    rows,
                    start: bound(&w.start_bound)?,
                    end: match &w.end_bound {
                        Some(b) => bound(b)?,
                        None => Bound::CurrentRow,
                    },
                })
            }
        };
        Ok(Call {
            function,
            args,
            partition,
            order,
            frame,
            ignore_nulls,
            distinct,
            within,
        })
    }
}

/// A bare date or time part (`day` in `DATEADD(day, 1, d)`), which stays as it is.
fn is_date_part(e: &Expr) -> bool {
    matches!(e, Expr::Identifier(i) if i.quote_style.is_none()
        && super::ast::date_part_word(&normalize_ident(i)).is_some())
}
