//! The rules for the variables of query expressions that are not those of ordinary locals
//! (spec "Aggregated variable bindings", "Join clause", "Limit clause", "Function call
//! expression"):
//!
//! - After `group by` (for the variables that are not grouping keys) and in `collect`, a
//!   variable is *aggregated* (a sequence variable): its type is `[T, T...]` (`T[]` for
//!   `collect`), and it may be referenced only as an aggregated-variable-reference — a list
//!   constructor member or the last argument of a call — where it is implicitly spread
//!   (`[x]` is `[...x]`, `f(a, x)` is `f(a, ...x)`). An explicit spread (`[...x]`) is
//!   accepted as the same thing. Any other reference is an error (E0724).
//! - `f(x)` with an unqualified `f` and an aggregated `x` of type `T`-list calls the lang
//!   library's `f` of `T`'s basic type (`sum(price)` is `int:sum(...price)`), or
//!   `lang.value`'s; when `x` may be empty (`collect`) and `f` needs an argument, the call
//!   is `()` for an empty `x`.
//! - The variables of earlier clauses are not in scope in a `join`'s collection and
//!   `equals` right side nor in a `limit` expression (E0725).

use crate::checker::Checker;
use crate::model::*;
use crate::scope::LocalId;
use crate::types::basic;
use intc_diagnostics::codes;
use intc_syntax::ast;
use std::collections::HashSet;

/// The checker's state for the rules above.
#[derive(Default)]
pub(crate) struct QueryVarState {
    /// While an expression where earlier clauses' variables are out of scope is checked:
    /// those variables, and what the expression is (for the message).
    pub hidden: Vec<(Vec<LocalId>, &'static str)>,
    /// References (expression keys) to an aggregated variable that are allowed: list
    /// constructor members, calls' last arguments, explicit spreads.
    pub allowed: HashSet<NodeKey>,
    /// The aggregated variables of the queries being checked, by local and declaration:
    /// a fresh declaration (a query checked again, speculatively) is not aggregated until
    /// its own `group by` or `collect`.
    pub aggregated: HashSet<(LocalId, NodeKey)>,
}

/// A list constructor member as checking sees it: an aggregated variable is a spread.
#[derive(Clone, Copy)]
pub(crate) enum ItemRef<'e> {
    Expr(&'e ast::Expr),
    Spread(&'e ast::Expr),
}

/// An argument as matching sees it: an aggregated variable as the last argument is a rest
/// argument.
#[derive(Clone, Copy)]
pub(crate) enum ArgRef<'e> {
    Positional(&'e ast::Expr),
    Named(&'e ast::Ident, &'e ast::Expr),
    Rest(&'e ast::Expr),
}

impl<'a> Checker<'a> {
    /// Whether `e` names an aggregated variable of a query (a sequence variable).
    pub(crate) fn is_aggregated_ref(&self, e: &ast::Expr) -> bool {
        let ast::ExprKind::Var { module: None, name } = &e.kind else {
            return false;
        };
        if !self.fx.active {
            return false;
        }
        self.fx
            .lookup(&name.name)
            .is_some_and(|local| self.is_aggregated_local(local))
    }

    fn is_aggregated_local(&self, local: LocalId) -> bool {
        self.fx
            .locals
            .get(local)
            .is_some_and(|l| self.query_vars.aggregated.contains(&(local, l.key)))
    }

    /// Marks a query variable aggregated (from its `group by` or `collect` on).
    pub(crate) fn mark_aggregated(&mut self, local: LocalId) {
        if let Some(key) = self.fx.locals.get(local).map(|l| l.key) {
            self.query_vars.aggregated.insert((local, key));
        }
    }

    /// Forgets the aggregated variables among `locals` (a query's, at its end).
    pub(crate) fn forget_aggregated(&mut self, locals: &[LocalId]) {
        self.query_vars
            .aggregated
            .retain(|(local, _)| !locals.contains(local));
    }

    /// A list constructor member, an aggregated variable being an implicit spread.
    pub(crate) fn list_item_view<'e>(&mut self, item: &'e ast::ListItem) -> ItemRef<'e> {
        match item {
            ast::ListItem::Expr(e) if self.is_aggregated_ref(e) => {
                let key = self.key(e.id);
                self.query_vars.allowed.insert(key);
                self.p.queries.spread.insert(key);
                ItemRef::Spread(e)
            }
            ast::ListItem::Expr(e) => ItemRef::Expr(e),
            ast::ListItem::Spread(e) => {
                if self.is_aggregated_ref(e) {
                    let key = self.key(e.id);
                    self.query_vars.allowed.insert(key);
                }
                ItemRef::Spread(e)
            }
        }
    }

    /// Whether a list constructor has a spread member (explicit or an aggregated variable).
    pub(crate) fn list_has_spread(&self, items: &[ast::ListItem]) -> bool {
        items.iter().any(|i| match i {
            ast::ListItem::Spread(_) => true,
            ast::ListItem::Expr(e) => self.is_aggregated_ref(e),
        })
    }

    /// Argument `index` of `args`, an aggregated variable as the last argument (with no named
    /// argument before it) being a rest argument.
    pub(crate) fn arg_view<'e>(
        &mut self,
        args: &'e [ast::Arg],
        index: usize,
    ) -> Option<ArgRef<'e>> {
        let last = index + 1 == args.len();
        let named_before = args[..index.min(args.len())]
            .iter()
            .any(|a| matches!(a, ast::Arg::Named(..)));
        match args.get(index) {
            Some(ast::Arg::Positional(e)) if last && !named_before && self.is_aggregated_ref(e) => {
                let key = self.key(e.id);
                self.query_vars.allowed.insert(key);
                Some(ArgRef::Rest(e))
            }
            Some(ast::Arg::Positional(e)) => Some(ArgRef::Positional(e)),
            Some(ast::Arg::Named(name, e)) => Some(ArgRef::Named(name, e)),
            Some(ast::Arg::Rest(e)) => {
                if self.is_aggregated_ref(e) {
                    let key = self.key(e.id);
                    self.query_vars.allowed.insert(key);
                }
                Some(ArgRef::Rest(e))
            }
            None => None,
        }
    }

    /// The query rules for a reference to `local` under `key`: `Some(type)` when the
    /// reference is rejected (E0725), `None` to resolve it as usual (after reporting a
    /// misplaced sequence variable, E0724).
    pub(crate) fn query_var_reference(
        &mut self,
        key: NodeKey,
        local: LocalId,
        name: &ast::Ident,
    ) -> Option<TypeId> {
        if let Some((_, place)) = self
            .query_vars
            .hidden
            .iter()
            .find(|(locals, _)| locals.contains(&local))
        {
            let message = format!(
                "undefined symbol '{}': the variables of earlier query clauses are not in scope in {place}",
                name.name
            );
            self.error(codes::QUERY_VAR_SCOPE, name.span, message);
            return Some(TypeArena::UNKNOWN);
        }
        if self.is_aggregated_local(local) && !self.query_vars.allowed.contains(&key) {
            let message = format!(
                "sequence variable '{}' can be used only as a member of a list constructor or as the last argument of a function call",
                name.name
            );
            self.error(codes::SEQUENCE_VARIABLE, name.span, message);
        }
        None
    }

    /// The variables the query's clauses declared so far (its scope is the innermost).
    pub(crate) fn query_scope_locals(&self) -> Vec<LocalId> {
        self.fx
            .scopes
            .last()
            .map(|scope| scope.iter().map(|(_, id)| *id).collect())
            .unwrap_or_default()
    }

    /// Checks `e` with the variables `hidden` (of the query's earlier clauses) out of scope
    /// (`place` says where, for the message).
    pub(crate) fn check_without_query_vars(
        &mut self,
        e: &'a ast::Expr,
        expected: Option<TypeId>,
        hidden: Vec<LocalId>,
        place: &'static str,
    ) -> TypeId {
        self.query_vars.hidden.push((hidden, place));
        let t = match expected {
            Some(ty) => {
                self.check_assignable(e, ty);
                ty
            }
            None => self.check_expr(e, None),
        };
        self.query_vars.hidden.pop();
        t
    }

    /// `f(x)` with an unqualified `f` and an aggregated `x`: the lang library's `f` for the
    /// basic type of `x`'s members (spec "Function call expression"). `None` when the call
    /// is not of this form.
    pub(crate) fn aggregate_call(
        &mut self,
        expr: &ast::Expr,
        callee: &'a ast::Expr,
        args: &'a [ast::Arg],
        expected: Option<TypeId>,
    ) -> Option<TypeId> {
        let ast::ExprKind::Var { module: None, name } = &callee.kind else {
            return None;
        };
        let [ast::Arg::Positional(arg)] = args else {
            return None;
        };
        if !self.is_aggregated_ref(arg) || self.fx.lookup(&name.name).is_some() {
            return None;
        }
        let local = self
            .fx
            .lookup(&aggregated_name(arg)?)
            .and_then(|l| self.fx.locals.get(l))?;
        let list = local.declared;
        let element = self.list_element_type(list);
        let module = lang_module_of(self.p.types.basic_mask(element));
        let sig = self.lang_function(module, &name.name)?;
        let needs_argument = sig.params.iter().any(|p| p.kind == ParamKindInfo::Required);
        let may_be_empty = matches!(self.p.types.get(list), Type::Array { .. });
        let ty = self.check_lang_function_call(expr, callee, module, name, args, expected);
        if needs_argument && may_be_empty {
            self.p.queries.nil_if_empty.insert(self.key(expr.id));
            return Some(self.p.types.union_of(&[ty, TypeArena::NIL]));
        }
        Some(ty)
    }
}

/// The name an aggregated reference refers to.
fn aggregated_name(e: &ast::Expr) -> Option<String> {
    match &e.kind {
        ast::ExprKind::Var { module: None, name } => Some(name.name.clone()),
        _ => None,
    }
}

/// The lang module of a basic type (spec "Lang library modules"); `value` when the members
/// are not of one basic type with a module of its own.
fn lang_module_of(mask: u32) -> &'static str {
    match mask {
        basic::INT => "int",
        basic::FLOAT => "float",
        basic::DECIMAL => "decimal",
        basic::STRING => "string",
        basic::BOOLEAN => "boolean",
        basic::XML => "xml",
        basic::LIST => "array",
        basic::MAPPING => "map",
        basic::ERROR => "error",
        basic::OBJECT => "object",
        basic::FUNCTION => "function",
        basic::TYPEDESC => "typedesc",
        basic::FUTURE => "future",
        _ => "value",
    }
}
