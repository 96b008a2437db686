//! Walks over the expressions of a parsed statement.
//!
//! sqlparser's `Visit` and `VisitMut` are generic over the visitor, so each visitor type compiles
//! its own copy of the walk over the whole AST (hundreds of kilobytes of wasm each). Every walk of
//! the engine therefore goes through the two visitor types of this module, which call back through
//! trait objects.

use crate::error::SqlError;
use sqlparser::ast::{Expr, Query, Visit, VisitMut, Visitor, VisitorMut};
use std::ops::ControlFlow;

/// What a read-only walk does at each node.
pub trait Inspect {
    /// Called before the expressions of a (sub)query are walked.
    fn enter_query(&mut self) {}
    /// Called after them.
    fn leave_query(&mut self) {}
    /// Called for every expression, before its own sub-expressions; `Break` stops the walk.
    fn expr(&mut self, e: &Expr) -> ControlFlow<()>;
}

/// What a rewriting walk does at each node: `expr` after the node's children were rewritten,
/// `pre_expr` before (an expression it replaces is not walked into).
pub trait Rewrite {
    /// Called for every expression after its sub-expressions were rewritten; `Break` stops the walk
    /// with the error.
    fn expr(&mut self, e: &mut Expr) -> ControlFlow<SqlError>;
    /// Called for every expression before its sub-expressions are walked.
    fn pre_expr(&mut self, _: &mut Expr) -> ControlFlow<SqlError> {
        ControlFlow::Continue(())
    }
    /// Called before the expressions of a (sub)query are walked; `query` is called after them.
    fn enter_query(&mut self) {}
    /// Called for every (sub)query after its expressions were walked.
    fn query(&mut self, _: &mut Query) -> ControlFlow<SqlError> {
        ControlFlow::Continue(())
    }
}

struct Reader<'a>(&'a mut dyn Inspect);

impl Visitor for Reader<'_> {
    type Break = ();

    fn pre_visit_query(&mut self, _: &Query) -> ControlFlow<()> {
        self.0.enter_query();
        ControlFlow::Continue(())
    }

    fn post_visit_query(&mut self, _: &Query) -> ControlFlow<()> {
        self.0.leave_query();
        ControlFlow::Continue(())
    }

    fn pre_visit_expr(&mut self, e: &Expr) -> ControlFlow<()> {
        self.0.expr(e)
    }
}

struct Writer<'a>(&'a mut dyn Rewrite);

impl VisitorMut for Writer<'_> {
    type Break = SqlError;

    fn pre_visit_expr(&mut self, e: &mut Expr) -> ControlFlow<SqlError> {
        self.0.pre_expr(e)
    }

    fn pre_visit_query(&mut self, _: &mut Query) -> ControlFlow<SqlError> {
        self.0.enter_query();
        ControlFlow::Continue(())
    }

    fn post_visit_expr(&mut self, e: &mut Expr) -> ControlFlow<SqlError> {
        self.0.expr(e)
    }

    fn post_visit_query(&mut self, q: &mut Query) -> ControlFlow<SqlError> {
        self.0.query(q)
    }
}

/// Walks `node`, calling `inspect` on its queries and expressions (pre-order).
pub fn inspect<V: Visit + ?Sized>(node: &V, inspect: &mut dyn Inspect) -> ControlFlow<()> {
    node.visit(&mut Reader(inspect))
}

/// Rewrites `node` in place, calling `rewrite` on its expressions and queries (post-order, so an
/// expression's sub-expressions are rewritten before it), and stops at the first error.
pub fn rewrite<V: VisitMut + ?Sized>(
    node: &mut V,
    rewrite: &mut dyn Rewrite,
) -> Result<(), SqlError> {
    match node.visit(&mut Writer(rewrite)) {
        ControlFlow::Break(e) => Err(e),
        ControlFlow::Continue(()) => Ok(()),
    }
}

struct Matches<'a>(&'a dyn Fn(&Expr) -> bool);

impl Inspect for Matches<'_> {
    fn expr(&mut self, e: &Expr) -> ControlFlow<()> {
        if (self.0)(e) {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    }
}

/// Whether `e` or any expression inside it (subqueries included) satisfies `test`.
pub fn any_expr(e: &Expr, test: &dyn Fn(&Expr) -> bool) -> bool {
    inspect(e, &mut Matches(test)).is_break()
}

struct EachExpr<'a>(&'a mut dyn FnMut(&mut Expr) -> Result<(), SqlError>);

impl Rewrite for EachExpr<'_> {
    fn expr(&mut self, e: &mut Expr) -> ControlFlow<SqlError> {
        match (self.0)(e) {
            Ok(()) => ControlFlow::Continue(()),
            Err(err) => ControlFlow::Break(err),
        }
    }
}

/// Calls `f` on every expression of `node` (post-order) and stops at the first error.
pub fn each_expr_mut<V: VisitMut + ?Sized>(
    node: &mut V,
    f: &mut dyn FnMut(&mut Expr) -> Result<(), SqlError>,
) -> Result<(), SqlError> {
    rewrite(node, &mut EachExpr(f))
}

/// The expressions of a function call's argument list (positional and named).
pub fn call_args(f: &sqlparser::ast::Function) -> Vec<&Expr> {
    use sqlparser::ast::{FunctionArg, FunctionArgExpr, FunctionArguments};
    match &f.args {
        FunctionArguments::List(list) => list
            .args
            .iter()
            .filter_map(|a| match a {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(x))
                | FunctionArg::Named {
                    arg: FunctionArgExpr::Expr(x),
                    ..
                } => Some(x),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The expressions of a function call's argument list (positional and named), to change in place.
pub fn call_args_mut(f: &mut sqlparser::ast::Function) -> Vec<&mut Expr> {
    use sqlparser::ast::{FunctionArg, FunctionArgExpr, FunctionArguments};
    match &mut f.args {
        FunctionArguments::List(list) => list
            .args
            .iter_mut()
            .filter_map(|a| match a {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(x))
                | FunctionArg::Named {
                    arg: FunctionArgExpr::Expr(x),
                    ..
                } => Some(x),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

struct TopLevel<'a> {
    depth: usize,
    f: &'a mut dyn FnMut(&mut Expr) -> Result<(), SqlError>,
}

impl Rewrite for TopLevel<'_> {
    fn expr(&mut self, _: &mut Expr) -> ControlFlow<SqlError> {
        ControlFlow::Continue(())
    }

    fn pre_expr(&mut self, e: &mut Expr) -> ControlFlow<SqlError> {
        if self.depth > 0 {
            return ControlFlow::Continue(());
        }
        match (self.f)(e) {
            Ok(()) => ControlFlow::Continue(()),
            Err(err) => ControlFlow::Break(err),
        }
    }

    fn enter_query(&mut self) {
        self.depth += 1;
    }

    fn query(&mut self, _: &mut Query) -> ControlFlow<SqlError> {
        self.depth -= 1;
        ControlFlow::Continue(())
    }
}

/// Calls `f` on every expression of `node` outside its subqueries, before the expression's own
/// sub-expressions (what `f` puts in place of an expression is not walked into).
pub fn each_top_level_expr_mut<V: VisitMut + ?Sized>(
    node: &mut V,
    f: &mut dyn FnMut(&mut Expr) -> Result<(), SqlError>,
) -> Result<(), SqlError> {
    rewrite(node, &mut TopLevel { depth: 0, f })
}

struct TopLevelMatch<'a> {
    depth: usize,
    test: &'a dyn Fn(&Expr) -> bool,
}

impl Inspect for TopLevelMatch<'_> {
    fn enter_query(&mut self) {
        self.depth += 1;
    }

    fn leave_query(&mut self) {
        self.depth -= 1;
    }

    fn expr(&mut self, e: &Expr) -> ControlFlow<()> {
        if self.depth == 0 && (self.test)(e) {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    }
}

/// Whether an expression of `node` outside its subqueries satisfies `test`.
pub fn any_top_level<V: Visit + ?Sized>(node: &V, test: &dyn Fn(&Expr) -> bool) -> bool {
    inspect(node, &mut TopLevelMatch { depth: 0, test }).is_break()
}

/// Whether an expression holds a subquery (scalar, EXISTS or IN).
pub fn has_subquery(e: &Expr) -> bool {
    any_expr(e, &|x| {
        matches!(
            x,
            Expr::Subquery(_)
                | Expr::Exists { .. }
                | Expr::In {
                    target: sqlparser::ast::InTarget::Subquery(_),
                    ..
                }
        )
    })
}
