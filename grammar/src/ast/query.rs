//! The syntax of query expressions and query actions (spec "Query expression", "Query
//! action").

use super::{BindingPattern, Block, Expr, LetDecl, TypeDesc};
use intc_span::Span;

/// `[map] from ... (select e [on conflict c] | do { } | collect e)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    /// `map from ...`: the query constructs a mapping from `[key, value]` lists.
    pub construct_map: bool,
    /// `table key(a, b) from ...`: the query constructs a table with this key sequence.
    pub table_key: Option<Vec<super::Ident>>,
    /// `stream from ...`: the query constructs a stream.
    pub construct_stream: bool,
    /// The first clause is always a `from` clause.
    pub clauses: Vec<QueryClause>,
    pub end: QueryEnd,
}

// One value per clause of a parsed query: the variants' sizes do not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum QueryClause {
    /// `from T pattern in e` (`ty` is `None` for `var`).
    From {
        ty: Option<TypeDesc>,
        binding: BindingPattern,
        iterable: Expr,
        span: Span,
    },
    Where(Expr),
    Let(Vec<LetDecl>),
    /// `[outer] join T pattern in e on lhs equals rhs`.
    Join {
        outer: bool,
        ty: Option<TypeDesc>,
        binding: BindingPattern,
        iterable: Expr,
        lhs: Expr,
        rhs: Expr,
        span: Span,
    },
    Limit(Expr),
    OrderBy(Vec<OrderKey>),
    /// `group by k1, var k2 = e`.
    GroupBy(Vec<GroupingKey>),
}

/// A grouping key: a variable of an earlier clause (a `Var` expression, resolved like any
/// reference), or a new variable (`group by var k = e` is `let k = e group by k`).
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum GroupingKey {
    Var(Expr),
    Let(LetDecl),
}

#[derive(Clone, Debug, PartialEq)]
pub struct OrderKey {
    pub expr: Expr,
    pub descending: bool,
}

#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum QueryEnd {
    Select {
        expr: Expr,
        on_conflict: Option<Expr>,
    },
    /// A query action: `from ... do { }`.
    Do(Block),
    /// `collect e`: `e` evaluated once with every variable aggregated.
    Collect(Expr),
}
