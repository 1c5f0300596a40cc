//! `match` statements: constant, binding, list, mapping and error patterns, guards, and the
//! flow after the statement.

use crate::checker::{Checker, Symbol};
use crate::model::*;
use crate::scope::Flow;
use crate::types::basic;
use intc_diagnostics::codes;
use intc_syntax::ast;

impl<'a> Checker<'a> {
    pub(crate) fn check_match(
        &mut self,
        expr: &'a ast::Expr,
        clauses: &'a [ast::MatchClause],
        on_fail: Option<&'a ast::OnFail>,
    ) {
        let t = self.check_expr(expr, None);
        let before = self.fx.flow.clone();
        let mut ends: Vec<Flow> = Vec::new();
        let mut exhaustive = false;
        // An earlier clause without a guard matches every value: `var x`, or `_` when the
        // value cannot be an error (`_` matches only values of type `any`).
        let mut all_matched = false;
        let may_be_error = self.p.types.contains_error(t);
        // Constant values matched by earlier clauses without a guard.
        let mut covered: Vec<ConstValue> = Vec::new();
        self.enter_on_fail(on_fail.is_some());
        for clause in clauses {
            self.fx.flow = before.clone();
            self.fx.push_scope();
            let mut in_clause: Vec<ConstValue> = Vec::new();
            let first_local = self.fx.locals.len();
            // The names the first alternative binds; every other must bind the same ones.
            let mut first_names: Option<Vec<&str>> = None;
            let mut differing_variables = false;
            for pattern in &clause.patterns {
                self.fx.alternatives = Some((first_local, self.fx.locals.len()));
                self.check_match_pattern(pattern, t);
                self.fx.alternatives = None;
                let mut names = Vec::new();
                match_pattern_names(&pattern.kind, &mut names);
                names.sort_unstable();
                names.dedup();
                match &first_names {
                    None => first_names = Some(names),
                    Some(first) => differing_variables |= *first != names,
                }
                let value = self.pattern_value(pattern);
                let repeated = value.as_ref().is_some_and(|v| {
                    covered
                        .iter()
                        .chain(&in_clause)
                        .any(|c| crate::types::const_equal(c, v))
                });
                if all_matched || repeated {
                    self.error(
                        codes::UNREACHABLE_PATTERN,
                        pattern.span,
                        "unreachable pattern: preceding patterns are too general or the pattern ordering is not correct",
                    );
                } else if let Some(v) = value {
                    in_clause.push(v);
                }
            }
            // Reported once per clause, where the clause starts (as jBallerina does).
            if let Some(first) = clause.patterns.first().filter(|_| differing_variables) {
                self.error(
                    codes::MATCH_ALTERNATIVE_VARIABLES,
                    first.span,
                    "all match patterns should contain the same set of variables",
                );
            }
            self.share_alternative_variables(first_local);
            if clause.guard.is_none() {
                covered.append(&mut in_clause);
                if clause.patterns.iter().any(|p| catches_all(&p.kind)) {
                    exhaustive = true;
                }
                if clause.patterns.iter().any(|p| match &p.kind {
                    ast::MatchPatternKind::Wildcard => !may_be_error,
                    other => catches_all(other),
                }) {
                    all_matched = true;
                }
            }
            if let Some(guard) = &clause.guard {
                let facts = self.check_condition(guard);
                self.apply_narrowing(&facts.if_true);
            }
            self.check_block(&clause.body);
            self.fx.pop_scope();
            ends.push(self.fx.flow.clone());
        }
        let failures = self.leave_on_fail(on_fail.is_some());
        // Constant patterns that together cover a finite type (an enum, `true|false`, a union
        // of singletons) leave no value unmatched, like a catch-all.
        if !exhaustive && !covered.is_empty() && !self.p.types.is_unknown(t) {
            let singletons: Vec<TypeId> = covered
                .iter()
                .map(|v| match v {
                    ConstValue::Nil => TypeArena::NIL,
                    ConstValue::List(_) | ConstValue::Map(_) => TypeArena::NEVER,
                    scalar => self.p.types.singleton(scalar.clone()),
                })
                .collect();
            let union = self.p.types.union_of(&singletons);
            exhaustive = self.p.types.is_subtype(t, union);
        }
        let mut flow = if exhaustive {
            let mut unreachable = before.clone();
            unreachable.unreachable = true;
            unreachable
        } else {
            before.clone()
        };
        for end in &ends {
            let mut union = |a: TypeId, b: TypeId| self.p.types.union_of(&[a, b]);
            flow = Flow::join(&flow, end, &mut union);
        }
        self.fx.flow = flow;
        if let Some(handler) = on_fail {
            let after = self.fx.flow.clone();
            self.fx.flow = before;
            self.fx.push_scope();
            if let Some(binding) = &handler.binding {
                let ty = match &handler.ty {
                    Some(desc) => {
                        let place = self.place;
                        let ty = self.resolve_type(place, desc);
                        self.check_failures_match(&failures, ty, handler.span);
                        ty
                    }
                    None => TypeArena::ERROR,
                };
                self.declare_pattern(binding, ty, false);
            }
            self.check_block(&handler.body);
            self.fx.pop_scope();
            let handled = self.fx.flow.clone();
            let mut union = |a: TypeId, b: TypeId| self.p.types.union_of(&[a, b]);
            self.fx.flow = Flow::join(&after, &handled, &mut union);
        }
    }

    /// The one value a pattern made only of constants matches (`1`, `[1, "a"]`, `{k: 2}`
    /// without rest), to find a clause that repeats an earlier one.
    fn pattern_value(&self, pattern: &ast::MatchPattern) -> Option<ConstValue> {
        match &pattern.kind {
            ast::MatchPatternKind::Const(e) => self.p.const_values.get(&self.key(e.id)).cloned(),
            ast::MatchPatternKind::List { items, rest: None } => items
                .iter()
                .map(|item| self.pattern_value(item))
                .collect::<Option<Vec<_>>>()
                .map(ConstValue::List),
            ast::MatchPatternKind::Mapping { fields, rest: None } => {
                let mut entries = fields
                    .iter()
                    .map(|f| Some((f.name.name.clone(), self.pattern_value(&f.pattern)?)))
                    .collect::<Option<Vec<_>>>()?;
                entries.sort_by(|a, b| a.0.cmp(&b.0));
                Some(ConstValue::Map(entries))
            }
            _ => None,
        }
    }

    /// The member type a structural pattern sees in a value of type `t` that is not a list or
    /// mapping type itself (`any`, `anydata`, `json`).
    fn structural_member(&mut self, t: TypeId) -> TypeId {
        if self.p.types.is_subtype(t, TypeArena::JSON) {
            TypeArena::JSON
        } else if self.p.types.is_subtype(t, TypeArena::ANYDATA) {
            TypeArena::ANYDATA
        } else {
            TypeArena::ANY
        }
    }

    fn check_match_pattern(&mut self, pattern: &'a ast::MatchPattern, t: TypeId) {
        match &pattern.kind {
            ast::MatchPatternKind::Const(e) => {
                let pt = self.check_expr(e, Some(t));
                if !self.p.types.is_unknown(pt) {
                    let place = self.place;
                    if let Some(value) = self.const_expr_value(place, e) {
                        self.p.const_values.insert(self.key(e.id), value);
                    }
                }
            }
            ast::MatchPatternKind::Wildcard => {}
            ast::MatchPatternKind::Var(binding) => {
                self.declare_pattern(binding, t, false);
            }
            ast::MatchPatternKind::List { items, rest } => {
                let list_only = self.p.types.basic_mask(t) == basic::LIST;
                // As for mapping patterns: only the union members of the pattern's length
                // (and with its literal members) give the bindings their types.
                let t = if list_only {
                    self.list_pattern_candidates(t, items, rest.is_some())
                } else {
                    t
                };
                for (i, item) in items.iter().enumerate() {
                    let member = if list_only {
                        self.list_pattern_member(t, i)
                    } else {
                        self.list_part_member(t)
                    };
                    self.check_match_pattern(item, member);
                }
                if let Some(rest) = rest {
                    let element = if list_only {
                        self.list_pattern_rest(t, items.len())
                    } else {
                        self.list_part_member(t)
                    };
                    let arr = self.p.types.array_of(element);
                    self.declare_pattern(rest, arr, false);
                }
            }
            ast::MatchPatternKind::Mapping { fields, rest } => {
                let mapping_only = self.p.types.basic_mask(t) == basic::MAPPING;
                // Only the members of a union of mapping types the pattern can match give its
                // bindings their types: `{kind: "circle", radius: var r}` against
                // `Circle|Rect` binds `r` to `Circle`'s `radius` alone.
                let t = if mapping_only {
                    self.mapping_pattern_candidates(t, fields)
                } else {
                    t
                };
                for field in fields {
                    let member = if mapping_only {
                        let mut parts = Vec::new();
                        for part in self.p.types.members(t) {
                            let (m, _) = self.mapping_member_at(part, Some(&field.name.name));
                            if m != TypeArena::NEVER {
                                parts.push(m);
                            }
                        }
                        let m = self.p.types.union_of(&parts);
                        if m == TypeArena::NEVER {
                            self.mapping_member_type(t)
                        } else {
                            m
                        }
                    } else {
                        self.structural_member(t)
                    };
                    self.check_match_pattern(&field.pattern, member);
                }
                if let Some(rest) = rest {
                    let member = if mapping_only {
                        self.mapping_member_type(t)
                    } else {
                        self.structural_member(t)
                    };
                    let map = self.p.types.map_of(member);
                    self.declare_pattern(rest, map, false);
                }
            }
            ast::MatchPatternKind::Error {
                type_ref,
                message,
                cause,
                fields,
                rest,
            } => {
                let mut error_ty = self.p.types.error_part(t);
                if error_ty == TypeArena::NEVER {
                    error_ty = TypeArena::ERROR;
                }
                if let Some(named) = type_ref.as_ref().and_then(|n| self.error_pattern_type(n)) {
                    error_ty = named;
                }
                let detail = match self.p.types.get(error_ty) {
                    Type::Error(e) => e.detail,
                    _ => TypeArena::ERROR_DETAIL,
                };
                if let Some(m) = message {
                    self.check_match_pattern(m, TypeArena::STRING);
                }
                if let Some(c) = cause {
                    self.check_match_pattern(c, TypeArena::ERROR_OR_NIL);
                }
                for field in fields {
                    let (member, _) = self.mapping_member_at(detail, Some(&field.name.name));
                    let member = if member == TypeArena::NEVER {
                        self.mapping_member_type(detail)
                    } else {
                        member
                    };
                    self.check_match_pattern(&field.pattern, member);
                }
                if let Some(rest) = rest {
                    let member = self.mapping_member_type(detail);
                    let map = self.p.types.map_of(member);
                    self.declare_pattern(rest, map, false);
                }
            }
        }
    }

    /// The members of a union of mapping types `t` that a mapping pattern with these fields
    /// may match: each named field can be present, and a literal constant field pattern's
    /// value belongs to the field's type. `t` itself when no member or every member fits.
    fn mapping_pattern_candidates(
        &mut self,
        t: TypeId,
        fields: &'a [ast::FieldMatchPattern],
    ) -> TypeId {
        let members = self.p.types.members(t);
        if members.len() < 2 {
            return t;
        }
        let mut kept = Vec::new();
        for &member in &members {
            let mut fits = true;
            for field in fields {
                let (field_ty, _) = self.mapping_member_at(member, Some(&field.name.name));
                if field_ty == TypeArena::NEVER {
                    fits = false;
                    break;
                }
                if let ast::MatchPatternKind::Const(e) = &field.pattern.kind {
                    if let Some(value) = self.pattern_constant(e) {
                        let single = self.p.types.singleton(value);
                        if !self.p.types.is_subtype(single, field_ty) {
                            fits = false;
                            break;
                        }
                    }
                }
            }
            if fits {
                kept.push(member);
            }
        }
        if kept.is_empty() || kept.len() == members.len() {
            return t;
        }
        self.p.types.union_of(&kept)
    }

    /// The value of a constant pattern (a literal or a named constant) before the pattern is
    /// checked; anything else gives `None` without a diagnostic (checking the pattern reports
    /// it).
    fn pattern_constant(&mut self, e: &'a ast::Expr) -> Option<ConstValue> {
        if !matches!(
            e.kind,
            ast::ExprKind::Literal(_) | ast::ExprKind::Var { .. } | ast::ExprKind::Unary { .. }
        ) {
            return None;
        }
        let mark = self.diags.len();
        let place = self.place;
        let value = self.const_expr_value(place, e);
        if self.diags.len() != mark {
            self.diags.truncate(mark);
            return None;
        }
        value
    }

    /// The members of a union of list types `t` that a list pattern with these items (and a
    /// rest pattern or not) may match: of a fitting length, with each literal item's value
    /// in its member type. `t` itself when no member or every member fits.
    fn list_pattern_candidates(
        &mut self,
        t: TypeId,
        items: &'a [ast::MatchPattern],
        has_rest: bool,
    ) -> TypeId {
        let members = self.p.types.members(t);
        if members.len() < 2 {
            return t;
        }
        let mut kept = Vec::new();
        for &member in &members {
            let inner = match self.p.types.get(member) {
                Type::ReadonlyOf(inner) => *inner,
                _ => member,
            };
            let n = items.len();
            let mut fits = match self.p.types.get(inner) {
                Type::Tuple { members, rest } => {
                    if has_rest {
                        rest.is_some() || members.len() >= n
                    } else if rest.is_some() {
                        members.len() <= n
                    } else {
                        members.len() == n
                    }
                }
                Type::Array {
                    length: Some(len), ..
                } => {
                    let len = *len as usize;
                    if has_rest {
                        len >= n
                    } else {
                        len == n
                    }
                }
                _ => true,
            };
            for (i, item) in items.iter().enumerate() {
                if !fits {
                    break;
                }
                if let ast::MatchPatternKind::Const(e) = &item.kind {
                    if let Some(value) = self.pattern_constant(e) {
                        let single = self.p.types.singleton(value);
                        let member_ty = self.list_member_at(member, Some(i as i64));
                        fits = self.p.types.is_subtype(single, member_ty);
                    }
                }
            }
            if fits {
                kept.push(member);
            }
        }
        if kept.is_empty() || kept.len() == members.len() {
            return t;
        }
        self.p.types.union_of(&kept)
    }

    /// The type of member `index` of the lists of type `t` (a list type or a union of them)
    /// that have such a member.
    fn list_pattern_member(&mut self, t: TypeId, index: usize) -> TypeId {
        let mut parts = Vec::new();
        for member in self.p.types.members(t) {
            let m = self.list_member_at(member, Some(index as i64));
            if m != TypeArena::NEVER {
                parts.push(m);
            }
        }
        if parts.is_empty() {
            return self.list_member_at(t, Some(index as i64));
        }
        self.p.types.union_of(&parts)
    }

    /// The element type of a rest pattern `...var r` after `from` members: for a tuple, only
    /// its members from `from` on and its rest type (`["add", ...var xs]` against
    /// `[string, int...]` binds `xs` as `int[]`).
    fn list_pattern_rest(&mut self, t: TypeId, from: usize) -> TypeId {
        let mut parts = Vec::new();
        for member in self.p.types.members(t) {
            let inner = match self.p.types.get(member) {
                Type::ReadonlyOf(inner) => *inner,
                _ => member,
            };
            match self.p.types.get(inner).clone() {
                Type::Tuple { members, rest } => {
                    parts.extend(members.iter().skip(from).copied());
                    parts.extend(rest);
                }
                _ => parts.push(self.list_element_type(member)),
            }
        }
        self.p.types.union_of(&parts)
    }

    fn list_part_member(&mut self, t: TypeId) -> TypeId {
        let lists: Vec<TypeId> = self
            .p
            .types
            .members(t)
            .into_iter()
            .filter(|&m| self.p.types.basic_mask(m) == basic::LIST)
            .collect();
        if lists.is_empty() {
            return self.structural_member(t);
        }
        let mut parts = Vec::new();
        for l in lists {
            parts.push(self.list_element_type(l));
        }
        let rest: Vec<TypeId> = self
            .p
            .types
            .members(t)
            .into_iter()
            .filter(|&m| self.p.types.basic_mask(m) != basic::LIST)
            .collect();
        if !rest.is_empty() {
            let extra = self.structural_member(t);
            parts.push(extra);
        }
        self.p.types.union_of(&parts)
    }
}

fn catches_all(kind: &ast::MatchPatternKind) -> bool {
    match kind {
        ast::MatchPatternKind::Wildcard => true,
        ast::MatchPatternKind::Var(b) => matches!(b.kind, ast::BindingPatternKind::Capture(_)),
        _ => false,
    }
}

impl<'a> Checker<'a> {
    /// The error type an error pattern names (`error E(...)`), recorded for lowering in
    /// [`CheckedProgram::error_pattern_types`]; `None` when the name is not a type definition.
    pub(crate) fn error_pattern_type(&mut self, name: &ast::Ident) -> Option<TypeId> {
        let Ok(Some((_, entry))) = self.lookup_qualified(self.place, None, name) else {
            return None;
        };
        let Symbol::TypeDef(id) = entry.symbol else {
            return None;
        };
        let ty = self.resolve_type_def(id);
        self.p.error_pattern_types.insert(name.span, ty);
        Some(ty)
    }
}

impl<'a> Checker<'a> {
    /// Records, for the variables the alternatives of one match clause declare (locals from
    /// `first_local` on), which declarations are one variable: every later declaration of a
    /// name maps to the first ([`CheckedProgram::shared_pattern_variables`]).
    fn share_alternative_variables(&mut self, first_local: usize) {
        let declared = self.fx.locals.get(first_local..).unwrap_or_default();
        let mut first: Vec<(&str, NodeKey)> = Vec::new();
        let mut shared = Vec::new();
        for local in declared {
            match first.iter().find(|(name, _)| *name == local.name) {
                Some(&(_, representative)) => shared.push((local.key, representative)),
                None => first.push((&local.name, local.key)),
            }
        }
        self.p.shared_pattern_variables.extend(shared);
    }
}

/// The names of the variables a match pattern binds (`_` binds none).
fn match_pattern_names<'p>(kind: &'p ast::MatchPatternKind, names: &mut Vec<&'p str>) {
    match kind {
        ast::MatchPatternKind::Const(_) | ast::MatchPatternKind::Wildcard => {}
        ast::MatchPatternKind::Var(binding) => binding_pattern_names(&binding.kind, names),
        ast::MatchPatternKind::List { items, rest } => {
            for item in items {
                match_pattern_names(&item.kind, names);
            }
            if let Some(rest) = rest {
                binding_pattern_names(&rest.kind, names);
            }
        }
        ast::MatchPatternKind::Mapping { fields, rest } => {
            for field in fields {
                match_pattern_names(&field.pattern.kind, names);
            }
            if let Some(rest) = rest {
                binding_pattern_names(&rest.kind, names);
            }
        }
        ast::MatchPatternKind::Error {
            message,
            cause,
            fields,
            rest,
            ..
        } => {
            for part in message.iter().chain(cause) {
                match_pattern_names(&part.kind, names);
            }
            for field in fields {
                match_pattern_names(&field.pattern.kind, names);
            }
            if let Some(rest) = rest {
                binding_pattern_names(&rest.kind, names);
            }
        }
    }
}

/// The names of the variables a binding pattern binds.
fn binding_pattern_names<'p>(kind: &'p ast::BindingPatternKind, names: &mut Vec<&'p str>) {
    match kind {
        ast::BindingPatternKind::Capture(name) if name.name != "_" => names.push(&name.name),
        ast::BindingPatternKind::Capture(_) | ast::BindingPatternKind::Wildcard => {}
        ast::BindingPatternKind::List { items, rest } => {
            for item in items.iter().chain(rest.as_deref()) {
                binding_pattern_names(&item.kind, names);
            }
        }
        ast::BindingPatternKind::Mapping { fields, rest } => {
            for field in fields {
                binding_pattern_names(&field.pattern.kind, names);
            }
            if let Some(rest) = rest {
                binding_pattern_names(&rest.kind, names);
            }
        }
        ast::BindingPatternKind::Error {
            message,
            cause,
            fields,
            rest,
            ..
        } => {
            for part in message.iter().chain(cause).chain(rest) {
                binding_pattern_names(&part.kind, names);
            }
            for field in fields {
                binding_pattern_names(&field.pattern.kind, names);
            }
        }
    }
}
