//! Binding patterns (declarations, destructuring assignment, module variables) and match
//! patterns (constant, list, mapping, error, `var`, wildcard) as type tests and jumps.

use crate::emit::{FnLower, Local};
use crate::{ir, sema};
use intc_syntax::ast;
use ir::{Cmp, Instruction, LangNative, Reg, RegRange, Target};
use sema::{Resolution, TypeArena};

/// Whether a binding pattern declares new variables or assigns existing ones.
#[derive(Clone, Copy, PartialEq, Eq)]
enum BindMode {
    Declare,
    Assign,
}

/// Patterns nest at most this deep (the parser limits nesting far below it).
const MAX_PATTERN_DEPTH: u32 = 200;

impl<'l, 'a> FnLower<'l, 'a> {
    /// Declares the variables of a binding pattern from `value` (module variables of a
    /// destructuring declaration become globals).
    pub(crate) fn bind_pattern(&mut self, pattern: &'a ast::BindingPattern, value: Reg) {
        self.bind(pattern, value, BindMode::Declare, 0);
    }

    /// Destructuring assignment to existing variables.
    pub(crate) fn assign_pattern(&mut self, pattern: &'a ast::BindingPattern, value: Reg) {
        self.bind(pattern, value, BindMode::Assign, 0);
    }

    fn bind(&mut self, pattern: &'a ast::BindingPattern, value: Reg, mode: BindMode, depth: u32) {
        if depth > MAX_PATTERN_DEPTH {
            self.unsupported("a binding pattern nested this deeply");
            return;
        }
        let depth = depth + 1;
        let key = self.key(pattern.id);
        match &pattern.kind {
            ast::BindingPatternKind::Wildcard => {}
            ast::BindingPatternKind::Capture(_) => {
                if let Some(&global) = self.lw.global_decls.get(&key) {
                    self.emit(Instruction::GlobalSet { global, src: value });
                    return;
                }
                match mode {
                    BindMode::Declare => {
                        // Alternatives of one match clause share their variables.
                        if let Some(&local) = self.shared_match_locals.get(&key) {
                            self.write_local(local, value);
                            return;
                        }
                        let reg = self.reg();
                        self.emit(Instruction::Move {
                            dst: reg,
                            src: value,
                        });
                        self.bind_local_from(key, reg);
                    }
                    BindMode::Assign => match self.lw.checked.resolutions.get(&key) {
                        Some(Resolution::Local(decl)) => match self.locals.get(decl).copied() {
                            Some(local) => self.write_local(local, value),
                            None => self.unsupported("assigning a variable of an enclosing scope"),
                        },
                        Some(Resolution::Global(global)) => {
                            self.emit(Instruction::GlobalSet {
                                global: ir::GlobalId(global.0),
                                src: value,
                            });
                        }
                        _ => self.unsupported("this destructuring target"),
                    },
                }
            }
            ast::BindingPatternKind::List { items, rest } => {
                for (index, item) in items.iter().enumerate() {
                    let member = self.list_member(value, index);
                    self.bind(item, member, mode, depth);
                }
                if let Some(rest) = rest {
                    let tail = self.list_tail(value, items.len());
                    self.bind(rest, tail, mode, depth);
                }
            }
            ast::BindingPatternKind::Mapping { fields, rest } => {
                for field in fields {
                    let member = self.mapping_member(value, &field.name.name);
                    self.bind(&field.pattern, member, mode, depth);
                }
                if let Some(rest) = rest {
                    let names: Vec<&str> = fields.iter().map(|f| f.name.name.as_str()).collect();
                    let rest_type = self.record_rest_type(rest);
                    let remaining = self.mapping_rest_typed(value, &names, rest_type);
                    self.bind(rest, remaining, mode, depth);
                }
            }
            ast::BindingPatternKind::Error {
                message,
                cause,
                fields,
                rest,
                ..
            } => {
                if let Some(message) = message {
                    let text = self.native_of(value, LangNative::ErrorMessage);
                    self.bind(message, text, mode, depth);
                }
                if let Some(cause) = cause {
                    let inner = self.native_of(value, LangNative::ErrorCause);
                    self.bind(cause, inner, mode, depth);
                }
                if !fields.is_empty() || rest.is_some() {
                    let detail = self.native_of(value, LangNative::ErrorDetail);
                    for field in fields {
                        let member = self.mapping_member(detail, &field.name.name);
                        self.bind(&field.pattern, member, mode, depth);
                    }
                    if let Some(rest) = rest {
                        let names: Vec<&str> =
                            fields.iter().map(|f| f.name.name.as_str()).collect();
                        let remaining = self.mapping_rest(detail, &names);
                        self.bind(rest, remaining, mode, depth);
                    }
                }
            }
        }
    }

    /// For a clause with several alternatives, gives every variable one shared local that
    /// each alternative's declaration of it writes (the body may refer to any of them); the
    /// checker says which declarations are one variable.
    pub(crate) fn share_alternative_variables(&mut self, patterns: &'a [ast::MatchPattern]) {
        if patterns.len() < 2 {
            return;
        }
        let mut captures: Vec<(&'a str, ast::NodeId)> = Vec::new();
        for pattern in patterns {
            match_pattern_captures(pattern, &mut captures, 0);
        }
        let shared = &self.lw.checked.shared_pattern_variables;
        let mut groups: Vec<(sema::NodeKey, Vec<sema::NodeKey>)> = Vec::new();
        for (_, id) in captures {
            let key = self.key(id);
            let variable = shared.get(&key).copied().unwrap_or(key);
            match groups.iter_mut().find(|(v, _)| *v == variable) {
                Some((_, keys)) => keys.push(key),
                None => groups.push((variable, vec![key])),
            }
        }
        for (_, keys) in groups {
            let captured = keys.iter().any(|k| self.lw.checked.captured.contains(k));
            let reg = self.reg();
            let local = if captured {
                let cell = self.reg();
                self.emit(Instruction::NewCell {
                    dst: cell,
                    init: reg,
                });
                Local::Cell(cell)
            } else {
                Local::Reg(reg)
            };
            for key in keys {
                self.shared_match_locals.insert(key, local);
                self.locals.insert(key, local);
            }
        }
    }

    fn list_member(&mut self, list: Reg, index: usize) -> Reg {
        let key = self.reg();
        self.emit(Instruction::LoadInt {
            dst: key,
            value: index as i64,
        });
        let member = self.reg();
        self.emit(Instruction::MemberGet {
            dst: member,
            container: list,
            key,
        });
        member
    }

    /// `list.slice(start)`.
    fn list_tail(&mut self, list: Reg, start: usize) -> Reg {
        let window = self.regs(2);
        self.emit(Instruction::Move {
            dst: Reg(window.start),
            src: list,
        });
        self.emit(Instruction::LoadInt {
            dst: Reg(window.start.wrapping_add(1)),
            value: start as i64,
        });
        let native = self.lw.builder.lang_native(LangNative::ArraySlice);
        let tail = self.reg();
        self.emit(Instruction::CallNative {
            dst: tail,
            native,
            args: window,
        });
        tail
    }

    fn mapping_member(&mut self, mapping: Reg, name: &str) -> Reg {
        let key = self.reg();
        self.load_string(key, name);
        let member = self.reg();
        self.emit(Instruction::MemberGet {
            dst: member,
            container: mapping,
            key,
        });
        member
    }

    /// The record type the checker inferred for a declared `...rest` variable (the record
    /// without the bound fields), the rest mapping's inherent type as in jBallerina.
    fn record_rest_type(&mut self, rest: &ast::BindingPattern) -> Option<ir::TypeId> {
        let checked = self.lw.checked;
        let &ty = checked.local_types.get(&self.key(rest.id))?;
        if !matches!(checked.types.get(ty), sema::Type::Record(_)) {
            return None;
        }
        Some(self.lw.ir_type(ty))
    }

    /// A new mapping holding the entries of `mapping` other than the named fields (the
    /// `...rest` of a mapping pattern).
    fn mapping_rest(&mut self, mapping: Reg, names: &[&str]) -> Reg {
        self.mapping_rest_typed(mapping, names, None)
    }

    /// [`Self::mapping_rest`] with the new mapping's type (default `map<any|error>`).
    fn mapping_rest_typed(
        &mut self,
        mapping: Reg,
        names: &[&str],
        rest_type: Option<ir::TypeId>,
    ) -> Reg {
        let rest_type = match rest_type {
            Some(ty) => ty,
            None => self.lw.ir_any_mapping(),
        };
        let rest = self.reg();
        self.emit(Instruction::NewMap {
            dst: rest,
            ty: rest_type,
            entries: RegRange::EMPTY,
        });
        let keys = self.native_of(mapping, LangNative::MapKeys);
        let iter = self.reg();
        self.emit(Instruction::IterNew {
            dst: iter,
            iterable: keys,
        });
        let key = self.reg();
        let head = self.emit(Instruction::IterNext {
            dst: key,
            iter,
            target: 0,
        });
        let name_reg = self.reg();
        let same = self.reg();
        for name in names {
            self.load_string(name_reg, name);
            self.emit(Instruction::Compare {
                dst: same,
                cmp: Cmp::Eq,
                a: key,
                b: name_reg,
            });
            self.emit(Instruction::JumpIfTrue {
                cond: same,
                target: head,
            });
        }
        let value = self.reg();
        self.emit(Instruction::MemberGet {
            dst: value,
            container: mapping,
            key,
        });
        self.emit(Instruction::MemberSet {
            container: rest,
            key,
            value,
        });
        self.emit(Instruction::Jump { target: head });
        self.patch_here(&[head]);
        rest
    }

    /// `native(value)` for one-argument natives.
    fn native_of(&mut self, value: Reg, native: LangNative) -> Reg {
        let native = self.lw.builder.lang_native(native);
        let window = self.regs(1);
        self.emit(Instruction::Move {
            dst: Reg(window.start),
            src: value,
        });
        let result = self.reg();
        self.emit(Instruction::CallNative {
            dst: result,
            native,
            args: window,
        });
        result
    }

    /// Tests `value` against a match pattern, binding its variables on success. Returns the
    /// jumps taken on mismatch.
    pub(crate) fn match_pattern(
        &mut self,
        pattern: &'a ast::MatchPattern,
        value: Reg,
        depth: u32,
    ) -> Vec<Target> {
        if depth > MAX_PATTERN_DEPTH {
            self.unsupported("a match pattern nested this deeply");
            return Vec::new();
        }
        let depth = depth + 1;
        match &pattern.kind {
            ast::MatchPatternKind::Wildcard => {
                let any = self.lw.ir_type(TypeArena::ANY);
                vec![self.jump_unless_type(value, any)]
            }
            ast::MatchPatternKind::Const(expr) => {
                if matches!(expr.kind, ast::ExprKind::Literal(ast::Literal::Nil)) {
                    return vec![self.emit(Instruction::JumpIfNotNil { value, target: 0 })];
                }
                let constant = self.value(expr);
                let equal = self.reg();
                self.emit(Instruction::Compare {
                    dst: equal,
                    cmp: Cmp::Eq,
                    a: value,
                    b: constant,
                });
                vec![self.emit(Instruction::JumpIfFalse {
                    cond: equal,
                    target: 0,
                })]
            }
            ast::MatchPatternKind::Var(binding) => self.match_binding(binding, value, depth),
            ast::MatchPatternKind::List { items, rest } => {
                let mut fails = self.list_shape(value, items.len(), rest.is_some());
                for (index, item) in items.iter().enumerate() {
                    let member = self.list_member(value, index);
                    fails.extend(self.match_pattern(item, member, depth));
                }
                if let Some(rest) = rest {
                    let tail = self.list_tail(value, items.len());
                    self.bind(rest, tail, BindMode::Declare, depth);
                }
                fails
            }
            ast::MatchPatternKind::Mapping { fields, rest } => {
                let mapping = self.lw.ir_any_mapping();
                let mut fails = vec![self.jump_unless_type(value, mapping)];
                for field in fields {
                    fails.push(self.jump_unless_has_key(value, &field.name.name));
                    let member = self.mapping_member(value, &field.name.name);
                    fails.extend(self.match_pattern(&field.pattern, member, depth));
                }
                if let Some(rest) = rest {
                    let names: Vec<&str> = fields.iter().map(|f| f.name.name.as_str()).collect();
                    let remaining = self.mapping_rest(value, &names);
                    self.bind(rest, remaining, BindMode::Declare, depth);
                }
                fails
            }
            ast::MatchPatternKind::Error {
                type_ref,
                message,
                cause,
                fields,
                rest,
            } => {
                let error_type = self.error_pattern_type(type_ref.as_ref());
                let mut fails = vec![self.jump_unless_type(value, error_type)];
                if let Some(message) = message {
                    let text = self.native_of(value, LangNative::ErrorMessage);
                    fails.extend(self.match_pattern(message, text, depth));
                }
                if let Some(cause) = cause {
                    let inner = self.native_of(value, LangNative::ErrorCause);
                    fails.extend(self.match_pattern(cause, inner, depth));
                }
                if !fields.is_empty() || rest.is_some() {
                    let detail = self.native_of(value, LangNative::ErrorDetail);
                    for field in fields {
                        fails.push(self.jump_unless_has_key(detail, &field.name.name));
                        let member = self.mapping_member(detail, &field.name.name);
                        fails.extend(self.match_pattern(&field.pattern, member, depth));
                    }
                    if let Some(rest) = rest {
                        let names: Vec<&str> =
                            fields.iter().map(|f| f.name.name.as_str()).collect();
                        let remaining = self.mapping_rest(detail, &names);
                        self.bind(rest, remaining, BindMode::Declare, depth);
                    }
                }
                fails
            }
        }
    }

    /// `var <binding pattern>` in a match: a capture matches anything; list, mapping and
    /// error binding patterns match values of that shape.
    fn match_binding(
        &mut self,
        binding: &'a ast::BindingPattern,
        value: Reg,
        depth: u32,
    ) -> Vec<Target> {
        if depth > MAX_PATTERN_DEPTH {
            self.unsupported("a match pattern nested this deeply");
            return Vec::new();
        }
        let depth = depth + 1;
        match &binding.kind {
            ast::BindingPatternKind::Capture(_) | ast::BindingPatternKind::Wildcard => {
                self.bind(binding, value, BindMode::Declare, depth);
                Vec::new()
            }
            ast::BindingPatternKind::List { items, rest } => {
                let mut fails = self.list_shape(value, items.len(), rest.is_some());
                for (index, item) in items.iter().enumerate() {
                    let member = self.list_member(value, index);
                    fails.extend(self.match_binding(item, member, depth));
                }
                if let Some(rest) = rest {
                    let tail = self.list_tail(value, items.len());
                    self.bind(rest, tail, BindMode::Declare, depth);
                }
                fails
            }
            ast::BindingPatternKind::Mapping { fields, rest } => {
                let mapping = self.lw.ir_any_mapping();
                let mut fails = vec![self.jump_unless_type(value, mapping)];
                for field in fields {
                    fails.push(self.jump_unless_has_key(value, &field.name.name));
                    let member = self.mapping_member(value, &field.name.name);
                    fails.extend(self.match_binding(&field.pattern, member, depth));
                }
                if let Some(rest) = rest {
                    let names: Vec<&str> = fields.iter().map(|f| f.name.name.as_str()).collect();
                    let remaining = self.mapping_rest(value, &names);
                    self.bind(rest, remaining, BindMode::Declare, depth);
                }
                fails
            }
            ast::BindingPatternKind::Error {
                type_ref,
                message,
                cause,
                fields,
                rest,
            } => {
                // Like a mapping binding pattern, a field binding pattern matches only a
                // detail record that has the field; nested patterns must match too.
                let error_type = self.error_pattern_type(type_ref.as_ref());
                let mut fails = vec![self.jump_unless_type(value, error_type)];
                if let Some(message) = message {
                    let text = self.native_of(value, LangNative::ErrorMessage);
                    fails.extend(self.match_binding(message, text, depth));
                }
                if let Some(cause) = cause {
                    let inner = self.native_of(value, LangNative::ErrorCause);
                    fails.extend(self.match_binding(cause, inner, depth));
                }
                if !fields.is_empty() || rest.is_some() {
                    let detail = self.native_of(value, LangNative::ErrorDetail);
                    for field in fields {
                        fails.push(self.jump_unless_has_key(detail, &field.name.name));
                        let member = self.mapping_member(detail, &field.name.name);
                        fails.extend(self.match_binding(&field.pattern, member, depth));
                    }
                    if let Some(rest) = rest {
                        let names: Vec<&str> =
                            fields.iter().map(|f| f.name.name.as_str()).collect();
                        let remaining = self.mapping_rest(detail, &names);
                        self.bind(rest, remaining, BindMode::Declare, depth);
                    }
                }
                fails
            }
        }
    }

    /// Mismatch jumps unless `value` is a list of exactly `count` members (at least `count`
    /// with a rest pattern).
    fn list_shape(&mut self, value: Reg, count: usize, has_rest: bool) -> Vec<Target> {
        let list = self.lw.ir_any_list();
        let mut fails = vec![self.jump_unless_type(value, list)];
        let length = self.reg();
        self.emit(Instruction::Length { dst: length, value });
        let expected = self.reg();
        self.emit(Instruction::LoadInt {
            dst: expected,
            value: count as i64,
        });
        let cmp = if has_rest { Cmp::Lt } else { Cmp::Ne };
        fails.push(self.emit(Instruction::JumpIfCmpInt {
            cmp,
            a: length,
            b: expected,
            target: 0,
        }));
        fails
    }

    fn jump_unless_type(&mut self, value: Reg, ty: ir::TypeId) -> Target {
        let test = self.reg();
        self.emit(Instruction::TypeTest {
            dst: test,
            value,
            ty,
        });
        self.emit(Instruction::JumpIfFalse {
            cond: test,
            target: 0,
        })
    }

    fn jump_unless_has_key(&mut self, mapping: Reg, name: &str) -> Target {
        let window: RegRange = self.regs(2);
        self.emit(Instruction::Move {
            dst: Reg(window.start),
            src: mapping,
        });
        self.load_string(Reg(window.start.wrapping_add(1)), name);
        let native = self.lw.builder.lang_native(LangNative::MapHasKey);
        let present = self.reg();
        self.emit(Instruction::CallNative {
            dst: present,
            native,
            args: window,
        });
        self.emit(Instruction::JumpIfFalse {
            cond: present,
            target: 0,
        })
    }

    /// The error type an error pattern names (`error E(...)`, as the checker resolved it),
    /// plain `error` otherwise.
    fn error_pattern_type(&mut self, type_ref: Option<&ast::Ident>) -> ir::TypeId {
        let checked = self.lw.checked;
        let named = type_ref.and_then(|name| checked.error_pattern_types.get(&name.span));
        self.lw.ir_type(named.copied().unwrap_or(TypeArena::ERROR))
    }
}

/// The capture variables (name and declaring node) of a match pattern.
fn match_pattern_captures<'a>(
    pattern: &'a ast::MatchPattern,
    out: &mut Vec<(&'a str, ast::NodeId)>,
    depth: u32,
) {
    if depth > MAX_PATTERN_DEPTH {
        return;
    }
    let depth = depth + 1;
    match &pattern.kind {
        ast::MatchPatternKind::Const(_) | ast::MatchPatternKind::Wildcard => {}
        ast::MatchPatternKind::Var(binding) => binding_captures(binding, out, depth),
        ast::MatchPatternKind::List { items, rest } => {
            for item in items {
                match_pattern_captures(item, out, depth);
            }
            if let Some(rest) = rest {
                binding_captures(rest, out, depth);
            }
        }
        ast::MatchPatternKind::Mapping { fields, rest } => {
            for field in fields {
                match_pattern_captures(&field.pattern, out, depth);
            }
            if let Some(rest) = rest {
                binding_captures(rest, out, depth);
            }
        }
        ast::MatchPatternKind::Error {
            message,
            cause,
            fields,
            rest,
            ..
        } => {
            for inner in [message, cause].into_iter().flatten() {
                match_pattern_captures(inner, out, depth);
            }
            for field in fields {
                match_pattern_captures(&field.pattern, out, depth);
            }
            if let Some(rest) = rest {
                binding_captures(rest, out, depth);
            }
        }
    }
}

/// The capture variables of a binding pattern.
fn binding_captures<'a>(
    pattern: &'a ast::BindingPattern,
    out: &mut Vec<(&'a str, ast::NodeId)>,
    depth: u32,
) {
    if depth > MAX_PATTERN_DEPTH {
        return;
    }
    let depth = depth + 1;
    match &pattern.kind {
        ast::BindingPatternKind::Capture(name) => out.push((name.name.as_str(), pattern.id)),
        ast::BindingPatternKind::Wildcard => {}
        ast::BindingPatternKind::List { items, rest } => {
            for item in items {
                binding_captures(item, out, depth);
            }
            if let Some(rest) = rest {
                binding_captures(rest, out, depth);
            }
        }
        ast::BindingPatternKind::Mapping { fields, rest } => {
            for field in fields {
                binding_captures(&field.pattern, out, depth);
            }
            if let Some(rest) = rest {
                binding_captures(rest, out, depth);
            }
        }
        ast::BindingPatternKind::Error {
            message,
            cause,
            fields,
            rest,
            ..
        } => {
            for inner in [message, cause].into_iter().flatten() {
                binding_captures(inner, out, depth);
            }
            for field in fields {
                binding_captures(&field.pattern, out, depth);
            }
            if let Some(rest) = rest {
                binding_captures(rest, out, depth);
            }
        }
    }
}
