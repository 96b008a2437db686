//! `a FULL [OUTER] JOIN b ON c` as a SELECT's first join, which GlueSQL lacks: the engine runs
//! `a LEFT JOIN b ON c` and then the rows of b that match no row of a (b LEFT JOIN a marked, where
//! the mark is NULL), with a's columns NULL; a scratch table of both takes the two items' place in
//! FROM (`takeover.rs`), so later joins, WHERE and the select list read it as they would the join.

use super::super::infer::Scope;
use super::takeover::Column;
use super::{Context, Resolver, Rewriter, query_of, quoted, select_star};
use crate::error::{Result, SqlError};
use sqlparser::ast::{
    Expr, Ident, Join, JoinConstraint, JoinOperator, OrderBy, Select, SelectItem,
    SelectItemQualifiedWildcardKind, SetExpr, TableAlias, TableFactor, TableWithJoins, Value,
};

const MATCHED: &str = "__SG_MATCHED";

impl<R: Resolver> Rewriter<'_, R> {
    /// Computes a FULL OUTER JOIN that is the SELECT's first join (see the module's doc).
    pub(super) fn expand_full_join(
        &mut self,
        select: &mut Select,
        order_by: Option<&mut OrderBy>,
        context: &Context,
    ) -> Result<()> {
        let Some(twj) = select.from.first() else {
            return Ok(());
        };
        let Some(JoinOperator::FullOuter(constraint)) = twj.joins.first().map(|j| &j.join_operator)
        else {
            return Ok(());
        };
        let condition = match constraint {
            JoinConstraint::On(e) => e.clone(),
            JoinConstraint::None => Expr::value(Value::Boolean(true)),
            _ => {
                return Err(SqlError::unsupported(
                    "FULL OUTER JOIN ... USING or NATURAL FULL JOIN is not supported yet; write the condition with ON.",
                ));
            }
        };
        let (mut a, mut b) = (twj.relation.clone(), twj.joins[0].relation.clone());
        let (mut sa, mut sb) = (Scope::default(), Scope::default());
        self.table_factor(&mut a, context, &mut sa)?;
        self.table_factor(&mut b, context, &mut sb)?;
        let Some(a_alias) = sa.columns.first().and_then(|c| c.qualifier.clone()) else {
            return Err(SqlError::unsupported(
                "FULL OUTER JOIN of an item without columns is not supported.",
            ));
        };
        let projection: Vec<SelectItem> = sa
            .columns
            .iter()
            .chain(&sb.columns)
            .enumerate()
            .map(|(i, c)| SelectItem::ExprWithAlias {
                expr: Expr::CompoundIdentifier(
                    c.qualifier
                        .iter()
                        .map(|q| quoted(q))
                        .chain([quoted(&c.name)])
                        .collect(),
                ),
                alias: quoted(&format!("__SG_L{i}")),
            })
            .collect();
        let left_join = |left: TableFactor, right: TableFactor| TableWithJoins {
            relation: left,
            joins: vec![Join {
                relation: right,
                global: false,
                join_operator: JoinOperator::LeftOuter(JoinConstraint::On(condition.clone())),
            }],
        };
        // Every row of a, with its matches in b (or NULLs).
        let mut matched = select_star();
        matched.projection = projection.clone();
        matched.from = vec![left_join(a.clone(), b.clone())];
        // The rows of b no row of a matches: a, marked, joined to b, keeping b's rows unmarked.
        let mut marked = select_star();
        marked.projection = vec![
            SelectItem::QualifiedWildcard(
                SelectItemQualifiedWildcardKind::ObjectName(vec![quoted(&a_alias)].into()),
                Default::default(),
            ),
            SelectItem::ExprWithAlias {
                expr: Expr::value(Value::Boolean(true)),
                alias: quoted(MATCHED),
            },
        ];
        marked.from = vec![TableWithJoins {
            relation: a,
            joins: vec![],
        }];
        let marked_a = TableFactor::Derived {
            lateral: false,
            subquery: Box::new(query_of(SetExpr::Select(marked))),
            alias: Some(TableAlias {
                explicit: true,
                name: quoted(&a_alias),
                columns: vec![],
                at: None,
            }),
            sample: None,
        };
        let mut unmatched = select_star();
        unmatched.projection = projection;
        unmatched.from = vec![left_join(b, marked_a)];
        unmatched.selection = Some(Expr::IsNull(Box::new(Expr::CompoundIdentifier(vec![
            quoted(&a_alias),
            Ident::with_quote('"', MATCHED),
        ]))));
        let mut rows = self.run_structured(&mut query_of(SetExpr::Select(matched)), context)?;
        rows.extend(self.run_structured(&mut query_of(SetExpr::Select(unmatched)), context)?);
        let columns = sa
            .columns
            .iter()
            .chain(&sb.columns)
            .map(Column::from)
            .collect();
        self.take_over(select, order_by, 1, columns, rows, "FULL OUTER JOIN")
    }
}
