//! Service declarations. A listener declaration `listener [T] x = e;` is a `ModuleVar` with
//! `is_listener`: a final variable whose value is also registered as a module listener (it
//! has no `var` form; without `T` its type comes from the initializer).

use super::{Expr, Ident, TypeDesc};
use intc_span::Span;

/// `[isolated] service [T] [attach-point] on e1, e2 { members }`: a service object built by
/// `body` (an `ExprKind::ObjectConstructor` with the `service` qualifier and `T` as its type
/// reference) and attached to each listener expression's value by module initialization.
/// The declaration's annotations are the constructor's (they annotate the service object).
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceDecl {
    pub doc: Vec<String>,
    pub ty: Option<TypeDesc>,
    pub attach: ServiceAttach,
    pub listeners: Vec<Expr>,
    pub body: Expr,
    pub span: Span,
}

/// What a service declaration passes as the second argument of `attach`.
#[derive(Clone, Debug, PartialEq)]
pub enum ServiceAttach {
    /// No attach point: `()`.
    None,
    /// `/a/b` (`/` is the empty path): a `string[]` of the segment names.
    Path(Vec<Ident>, Span),
    /// `"name"`: a string.
    String(String, Span),
}
