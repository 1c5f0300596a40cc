//! Match patterns and binding patterns.

use super::*;

#[derive(Clone, Debug, PartialEq)]
pub struct MatchClause {
    /// Alternatives separated by `|`.
    pub patterns: Vec<MatchPattern>,
    pub guard: Option<Expr>,
    pub body: Block,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MatchPattern {
    pub kind: MatchPatternKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum MatchPatternKind {
    /// A literal, a constant reference, `-1`, `()`; matched with `==`.
    Const(Expr),
    /// `_`
    Wildcard,
    /// `var x`, `var [a, b]`, `var {x}`: binds without constraining beyond the pattern shape.
    Var(BindingPattern),
    /// `[p1, p2, ...var rest]`
    List {
        items: Vec<MatchPattern>,
        rest: Option<Box<BindingPattern>>,
    },
    /// `{a: p1, b: var x, ...var rest}`
    Mapping {
        fields: Vec<FieldMatchPattern>,
        rest: Option<Box<BindingPattern>>,
    },
    /// `error(p)`, `error E(p, var cause, code = var c)`.
    Error {
        type_ref: Option<Ident>,
        message: Option<Box<MatchPattern>>,
        cause: Option<Box<MatchPattern>>,
        fields: Vec<FieldMatchPattern>,
        rest: Option<Box<BindingPattern>>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldMatchPattern {
    pub name: Ident,
    pub pattern: MatchPattern,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BindingPattern {
    pub id: NodeId,
    pub kind: BindingPatternKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum BindingPatternKind {
    /// Binds a new variable.
    Capture(Ident),
    /// `_`
    Wildcard,
    /// `[a, b, ...rest]`
    List {
        items: Vec<BindingPattern>,
        rest: Option<Box<BindingPattern>>,
    },
    /// `{name, age: a, ...rest}`; shorthand `{name}` is `(name, Capture(name))`.
    Mapping {
        fields: Vec<FieldBindingPattern>,
        rest: Option<Box<BindingPattern>>,
    },
    /// `error(msg, cause, code = c, ...rest)` / `error MyErr(msg)`
    Error {
        type_ref: Option<Ident>,
        message: Option<Box<BindingPattern>>,
        cause: Option<Box<BindingPattern>>,
        fields: Vec<FieldBindingPattern>,
        rest: Option<Box<BindingPattern>>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldBindingPattern {
    pub name: Ident,
    pub pattern: BindingPattern,
    pub span: Span,
}
