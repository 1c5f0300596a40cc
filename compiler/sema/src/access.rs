//! Member access `a[i]`, field access `r.f` / `r?.f`, and the list and mapping constructors
//! with their inherent types chosen from the contextually expected type.

use crate::checker::Checker;
use crate::model::*;
use crate::query_vars::ItemRef;
use crate::types::basic;
use intc_diagnostics::codes;
use intc_syntax::ast;

impl<'a> Checker<'a> {
    pub(crate) fn check_member(
        &mut self,
        expr: &ast::Expr,
        base: &'a ast::Expr,
        index: &'a ast::Expr,
    ) -> TypeId {
        let base_ty = self.check_expr(base, None);
        if self.p.types.is_unknown(base_ty) {
            self.check_expr(index, None);
            return TypeArena::UNKNOWN;
        }
        let mask = self.p.types.basic_mask(base_ty);
        let nil = mask & basic::NIL != 0;
        let core = self.p.types.without_nil(base_ty);
        let core_mask = self.p.types.basic_mask(core);
        let result = if core_mask == basic::TABLE {
            self.check_table_member(core, index)
        } else if core_mask == basic::LIST {
            let index_ty = self.check_assignable(index, TypeArena::INT);
            let constant = self.constant_index(index_ty, index);
            if self.index_out_of_range(core, constant, index.span) {
                return TypeArena::UNKNOWN;
            }
            self.list_member_at(core, constant)
        } else if core_mask == basic::MAPPING {
            let index_ty = self.check_assignable(index, TypeArena::STRING);
            let constant = match self.p.types.get(index_ty) {
                Type::Singleton(ConstValue::String(s)) => Some(s.clone()),
                _ => match &index.kind {
                    ast::ExprKind::Literal(ast::Literal::String(s)) => Some(s.clone()),
                    _ => None,
                },
            };
            let (ty, may_be_missing) = self.mapping_member_at(core, constant.as_deref());
            if may_be_missing {
                self.p.types.optional(ty)
            } else {
                ty
            }
        } else if core_mask == basic::STRING {
            self.check_assignable(index, TypeArena::INT);
            // Spec "Member access expression": a member of a string is a `string:Char`.
            TypeArena::STRING_CHAR
        } else if core_mask == basic::XML {
            // Spec "Member access expression": the item at the index, or the empty sequence.
            self.check_assignable(index, TypeArena::INT);
            TypeArena::XML
        } else if matches!(self.p.types.get(core), Type::Json | Type::Anydata) {
            self.check_expr(index, None);
            core
        } else {
            self.check_expr(index, None);
            let message = format!(
                "invalid operation: type '{}' does not support member access",
                self.p.types.display(base_ty)
            );
            self.error(codes::INVALID_OPERATION, expr.span, message);
            return TypeArena::UNKNOWN;
        };
        if nil {
            self.p.types.optional(result)
        } else {
            result
        }
    }

    /// The value of a list index known at compile time: a literal or an expression of a
    /// singleton int type (a constant).
    pub(crate) fn constant_index(&self, index_ty: TypeId, index: &ast::Expr) -> Option<i64> {
        match self.p.types.get(index_ty) {
            Type::Singleton(ConstValue::Int(i)) => Some(*i),
            _ => self.literal_int(index),
        }
    }

    /// Reports a constant index at or past the end of a fixed-length list (a closed array or a
    /// tuple without a rest type), as jBallerina does: such an access always panics.
    pub(crate) fn index_out_of_range(
        &mut self,
        list: TypeId,
        index: Option<i64>,
        span: intc_span::Span,
    ) -> bool {
        let Some(i) = index else { return false };
        let Some(length) = self.fixed_list_length(list) else {
            return false;
        };
        if i < 0 || (i as u64) < length {
            return false;
        }
        let message = format!("list index out of range: index: '{i}'");
        self.error(codes::LIST_INDEX_OUT_OF_RANGE, span, message);
        true
    }

    pub(crate) fn fixed_list_length(&self, ty: TypeId) -> Option<u64> {
        match self.p.types.get(ty) {
            Type::Array {
                length: Some(n), ..
            } => Some(u64::from(*n)),
            Type::Tuple {
                members,
                rest: None,
            } => Some(members.len() as u64),
            Type::ReadonlyOf(inner) => self.fixed_list_length(*inner),
            _ => None,
        }
    }

    fn literal_int(&self, expr: &ast::Expr) -> Option<i64> {
        match &expr.kind {
            ast::ExprKind::Literal(ast::Literal::Int(i)) => Some(*i),
            ast::ExprKind::Group(inner) => self.literal_int(inner),
            _ => None,
        }
    }

    /// The type of member `index` of a list type (any member when unknown).
    pub(crate) fn list_member_at(&mut self, ty: TypeId, index: Option<i64>) -> TypeId {
        match (self.p.types.get(ty).clone(), index) {
            (Type::Tuple { members, rest }, Some(i)) if i >= 0 => match members.get(i as usize) {
                Some(&m) => m,
                None => rest.unwrap_or(TypeArena::NEVER),
            },
            // A member of an immutable list is immutable (spec "Intersection types").
            (Type::ReadonlyOf(inner), _) => {
                let member = self.list_member_at(inner, index);
                self.readonly_member(member)
            }
            _ => self.list_element_type(ty),
        }
    }

    /// The type of a mapping member and whether it may be absent.
    pub(crate) fn mapping_member_at(&mut self, ty: TypeId, key: Option<&str>) -> (TypeId, bool) {
        match self.p.types.get(ty).clone() {
            Type::Record(r) => match key {
                Some(k) => match r.fields.iter().find(|f| f.name == k) {
                    Some(f) => (f.ty, f.optional),
                    None => (r.rest.unwrap_or(TypeArena::NEVER), true),
                },
                None => (self.mapping_member_type(ty), true),
            },
            Type::ReadonlyOf(inner) => {
                let (member, absent) = self.mapping_member_at(inner, key);
                (self.readonly_member(member), absent)
            }
            _ => (self.mapping_member_type(ty), true),
        }
    }

    pub(crate) fn check_field(
        &mut self,
        expr: &ast::Expr,
        base: &'a ast::Expr,
        field: &ast::Ident,
        optional: bool,
    ) -> TypeId {
        self.check_field_read(expr);
        let base_ty = self.check_expr(base, None);
        if self.p.types.is_unknown(base_ty) {
            return TypeArena::UNKNOWN;
        }
        if let Some(ty) = self.check_xml_attribute(expr, base_ty, optional) {
            return ty;
        }
        let without_error = self.p.types.without_error(base_ty);
        let lax_core = self.p.types.without_nil(without_error);
        if self.is_lax(lax_core) {
            // Lax access: a missing field or a non-mapping value is an error value; an error
            // base propagates.
            return self.p.types.union_of(&[TypeArena::JSON, TypeArena::ERROR]);
        }
        let nil = self.p.types.contains_nil(base_ty);
        if nil && !optional && !matches!(self.p.types.get(base_ty), Type::Json | Type::Anydata) {
            let message = format!(
                "invalid operation: type '{}' does not support field access",
                self.p.types.display(base_ty)
            );
            self.error(codes::INVALID_OPERATION, expr.span, message);
            return TypeArena::UNKNOWN;
        }
        let core = self.p.types.without_nil(base_ty);
        let members = self.p.types.members(core);
        let mut results = Vec::new();
        let mut may_be_missing = false;
        for member in members {
            match self.field_of(member, &field.name) {
                FieldLookup::Found(t, missing) => {
                    results.push(t);
                    may_be_missing |= missing;
                }
                FieldLookup::Lax => {
                    results.push(TypeArena::JSON);
                    if !optional {
                        results.push(TypeArena::ERROR);
                    }
                }
                FieldLookup::Missing => {
                    if self.is_private_field(member, &field.name) {
                        self.report_private_field(&field.name, field.span);
                        return TypeArena::UNKNOWN;
                    }
                    if !matches!(
                        self.p.types.get(member),
                        Type::Record(_) | Type::Object(_) | Type::ReadonlyOf(_)
                    ) {
                        // A map that is not lax (`map<string>`), a list or a simple value
                        // has no fields to access.
                        let message = format!(
                            "invalid operation: type '{}' does not support field access",
                            self.p.types.display(base_ty)
                        );
                        self.error(codes::INVALID_OPERATION, expr.span, message);
                        return TypeArena::UNKNOWN;
                    }
                    let message = format!(
                        "undefined field '{}' in {}",
                        field.name,
                        self.p.types.display_with_kind(member)
                    );
                    self.error(codes::UNDEFINED_FIELD, field.span, message);
                    return TypeArena::UNKNOWN;
                }
            }
        }
        if may_be_missing && !optional {
            let message = format!(
                "invalid operation: type '{}' does not support field access for non-required field '{}'",
                self.p.types.display(base_ty),
                field.name
            );
            self.error(codes::UNDEFINED_FIELD, field.span, message);
            return TypeArena::UNKNOWN;
        }
        let mut ty = self.p.types.union_of(&results);
        if (nil || may_be_missing) && optional {
            ty = self.p.types.optional(ty);
        }
        ty
    }

    fn field_of(&mut self, ty: TypeId, name: &str) -> FieldLookup {
        match self.p.types.get(ty).clone() {
            Type::Record(r) => match r.fields.iter().find(|f| f.name == name) {
                Some(f) => FieldLookup::Found(f.ty, f.optional),
                None => match r.rest {
                    Some(rest) if rest != TypeArena::NEVER => FieldLookup::Found(rest, true),
                    _ => FieldLookup::Missing,
                },
            },
            Type::Object(o) => match o.fields.iter().find(|f| f.name == name) {
                Some(f) => {
                    let visible = f.is_public || self.inside_class(o.class);
                    if visible {
                        FieldLookup::Found(f.ty, false)
                    } else {
                        FieldLookup::Missing
                    }
                }
                None => FieldLookup::Missing,
            },
            Type::Map(element) => {
                if self.is_lax_member(element, 0) {
                    FieldLookup::Lax
                } else {
                    FieldLookup::Missing
                }
            }
            // The fields of an immutable value are immutable: `p.address` of a
            // `Person & readonly` is `Address & readonly`.
            Type::ReadonlyOf(inner) => match self.field_of(inner, name) {
                FieldLookup::Found(field, absent) => {
                    FieldLookup::Found(self.readonly_member(field), absent)
                }
                other => other,
            },
            Type::Json => FieldLookup::Lax,
            Type::Unknown => FieldLookup::Found(TypeArena::UNKNOWN, false),
            _ => FieldLookup::Missing,
        }
    }

    pub(crate) fn inside_class(&self, class: Option<ClassId>) -> bool {
        class.is_some() && self.fx.self_class == class
    }

    /// Whether `ty` is an object with a `private` field `name` that is not visible here.
    pub(crate) fn is_private_field(&self, ty: TypeId, name: &str) -> bool {
        match self.p.types.get(ty) {
            Type::Object(o) => o
                .fields
                .iter()
                .any(|f| f.name == name && !f.is_public && !self.inside_class(o.class)),
            _ => false,
        }
    }

    /// A `private` field used outside its class (jBallerina's wording).
    pub(crate) fn report_private_field(&mut self, name: &str, span: intc_span::Span) {
        let message = format!("attempt to refer to non-accessible symbol '{name}'");
        self.error(codes::NOT_VISIBLE, span, message);
    }

    /// The list type a list constructor builds in a context.
    pub(crate) fn applicable_list_types(
        &mut self,
        expected: Option<TypeId>,
        count: usize,
    ) -> Vec<TypeId> {
        let Some(expected) = expected else {
            return Vec::new();
        };
        let members = self.p.types.members(expected);
        let mut candidates = Vec::new();
        for m in members {
            match self.p.types.get(m).clone() {
                Type::Array { .. } => candidates.push(m),
                Type::Tuple { members, rest } => {
                    if members.len() == count || (rest.is_some() && count >= members.len()) {
                        candidates.insert(0, m);
                    } else {
                        candidates.push(m);
                    }
                }
                Type::ReadonlyOf(inner) if self.p.types.basic_mask(inner) == basic::LIST => {
                    candidates.push(m)
                }
                // `json & readonly`: a read-only `json[]`.
                Type::ReadonlyOf(inner)
                    if matches!(self.p.types.get(inner), Type::Json | Type::Anydata) =>
                {
                    let array = match self.p.types.get(inner) {
                        Type::Json => TypeArena::JSON_ARRAY,
                        _ => TypeArena::ANYDATA_ARRAY,
                    };
                    candidates.push(self.readonly_of(array))
                }
                Type::Json => candidates.push(TypeArena::JSON_ARRAY),
                Type::Anydata => candidates.push(TypeArena::ANYDATA_ARRAY),
                Type::Any | Type::Readonly => {
                    let arr = self.p.types.array_of(TypeArena::ANY);
                    candidates.push(arr);
                }
                _ => {}
            }
        }
        candidates
    }

    pub(crate) fn check_list_constructor(
        &mut self,
        expr: &ast::Expr,
        items: &'a [ast::ListItem],
        expected: Option<TypeId>,
    ) -> TypeId {
        let key = self.key(expr.id);
        let candidates = self.applicable_list_types(expected, items.len());
        // With several list types in the context (`int[]|string[]`), the first one the members
        // fit is the inherent type: try each, keeping the diagnostics of none but the last.
        let speculate = candidates.len() > 1 && items.iter().all(|i| !has_side_tables(i));
        if speculate {
            for &candidate in &candidates {
                let mark = self.diags.len();
                let ty = self.check_list_against(expr, items, candidate);
                if self.diags.len() == mark {
                    return ty;
                }
                self.diags.truncate(mark);
            }
        }
        let Some(&target) = candidates.first() else {
            // No list type in the context: the inherent type is a tuple of the members' broad
            // types (spec "List constructor"); from the first spread on, the members join a
            // rest descriptor.
            let mut members = Vec::new();
            let mut rest_types: Option<Vec<TypeId>> = None;
            for item in items {
                // An aggregated query variable is an implicit spread.
                match self.list_item_view(item) {
                    ItemRef::Expr(e) => {
                        let t = self.check_expr(e, None);
                        let broad = self.p.types.widen(t);
                        match rest_types.as_mut() {
                            Some(rest) => rest.push(broad),
                            None => members.push(broad),
                        }
                    }
                    ItemRef::Spread(e) => {
                        let t = self.check_expr(e, None);
                        let element = self.list_element_type(t);
                        let broad = self.p.types.widen(element);
                        rest_types.get_or_insert_with(Vec::new).push(broad);
                    }
                }
            }
            let rest = rest_types.map(|r| self.p.types.union_of(&r));
            let ty = self.p.types.add(Type::Tuple { members, rest });
            self.p.operand_types.insert(key, ty);
            if let Some(e) = expected {
                if !self.p.types.is_unknown(e) && self.p.types.basic_mask(e) & basic::LIST == 0 {
                    // Let the caller report the mismatch with the whole type.
                    return ty;
                }
            }
            return ty;
        };
        self.check_list_against(expr, items, target)
    }

    /// Checks a list constructor's members against a chosen inherent list type.
    fn check_list_against(
        &mut self,
        expr: &ast::Expr,
        items: &'a [ast::ListItem],
        target: TypeId,
    ) -> TypeId {
        let key = self.key(expr.id);
        self.p.operand_types.insert(key, target);
        // A readonly target (`int[] & readonly`) is checked by its underlying list type; the
        // value is frozen (operand_types keeps the readonly type).
        let shape = self.strip_readonly(target);
        let shape = self.p.types.get(shape).clone();
        let mut position = 0usize;
        for item in items {
            match self.list_item_view(item) {
                ItemRef::Expr(e) => {
                    let member = match &shape {
                        Type::Array { element, .. } => *element,
                        Type::Tuple { members, rest } => match members.get(position) {
                            Some(&m) => m,
                            None => match rest {
                                Some(r) => *r,
                                None => {
                                    self.check_expr(e, None);
                                    let message = format!(
                                        "too many members in a list constructor for '{}'",
                                        self.p.types.display(target)
                                    );
                                    self.error(codes::TYPE_MISMATCH, e.span, message);
                                    position += 1;
                                    continue;
                                }
                            },
                        },
                        _ => TypeArena::ANY_OR_ERROR,
                    };
                    let member = self.member_of_frozen(target, member);
                    self.check_assignable(e, member);
                    position += 1;
                }
                ItemRef::Spread(e) => {
                    let t = self.check_expr(e, None);
                    let element = self.list_element_type(t);
                    let wanted = self.list_element_type(target);
                    self.expect_assignable(element, wanted, e.span);
                    position += 1;
                }
            }
        }
        match &shape {
            Type::Array {
                length: Some(n), ..
            } if position > *n as usize => {
                let message = format!(
                    "size mismatch in closed array. expected '{n}', but found '{position}'"
                );
                self.error(codes::TYPE_MISMATCH, expr.span, message);
            }
            // Members left out are filled in (spec "List constructor"), which needs a filler
            // value for each of them.
            Type::Tuple { members, .. }
                if position < members.len() && !self.list_has_spread(items) =>
            {
                if let Some(&missing) = members[position..]
                    .iter()
                    .find(|&&m| !self.has_filler_value(m))
                {
                    let message = format!(
                        "invalid usage of list constructor: type '{}' does not have a filler value",
                        self.p.types.display(missing)
                    );
                    self.error(codes::TYPE_MISMATCH, expr.span, message);
                    return TypeArena::UNKNOWN;
                }
            }
            Type::Array {
                element,
                length: Some(n),
            } if position < *n as usize
                && !self.list_has_spread(items)
                && !self.has_filler_value(*element) =>
            {
                let message = format!(
                    "invalid usage of list constructor: type '{}' does not have a filler value",
                    self.p.types.display(target)
                );
                self.error(codes::TYPE_MISMATCH, expr.span, message);
            }
            _ => {}
        }
        target
    }

    /// The expected type of a member of a constructor for `target`: a readonly constructed
    /// value has readonly members (spec: the members' contextually expected type is then
    /// `T & readonly`), so a mutable value does not fit and nested constructors are frozen.
    fn member_of_frozen(&mut self, target: TypeId, member: TypeId) -> TypeId {
        match self.p.types.get(target) {
            Type::ReadonlyOf(_) if !self.p.types.is_unknown(member) => self.readonly_of(member),
            _ => member,
        }
    }

    /// Whether `ty` has a filler value: the type algebra's answer, plus `new C()` for a class
    /// `C` whose `init` takes no arguments and cannot return an error (spec "FillMember").
    fn has_filler_value(&self, ty: TypeId) -> bool {
        let class = match self.p.types.get(ty) {
            Type::Object(object) => object.class,
            _ => return self.p.types.has_filler(ty),
        };
        let Some(info) = class.and_then(|c| self.p.classes.get(c.index())) else {
            return false;
        };
        if !matches!(info.source, ClassSource::Item(_)) {
            return false;
        }
        let Some(init) = info.init else {
            return true;
        };
        let Some(function) = self.p.functions.get(init.index()) else {
            return false;
        };
        let needs_args = function
            .params
            .iter()
            .any(|p| matches!(p.kind, ParamKindInfo::Required | ParamKindInfo::Included));
        !needs_args && !self.p.types.contains_error(function.ret)
    }

    /// The type of a member of an immutable structure: `T & readonly` (an unknown or
    /// already immutable type stays as it is).
    fn readonly_member(&mut self, member: TypeId) -> TypeId {
        if self.p.types.is_unknown(member) || member == TypeArena::NEVER {
            return member;
        }
        self.readonly_of(member)
    }

    /// `T` for `T & readonly`, else the type itself.
    pub(crate) fn strip_readonly(&self, ty: TypeId) -> TypeId {
        match self.p.types.get(ty) {
            Type::ReadonlyOf(inner) => *inner,
            _ => ty,
        }
    }

    /// Lax typing applies to `json` and `map<json>`: field access yields `json|error`.
    pub(crate) fn is_lax(&mut self, ty: TypeId) -> bool {
        if self.p.types.is_unknown(ty) || !self.p.types.is_subtype(ty, TypeArena::JSON) {
            return false;
        }
        // The spec's fixed set: `json` is lax, and `map<T>` is lax if `T` is lax (so
        // `map<string>` is not, although it is a subtype of `json`).
        self.p
            .types
            .members(ty)
            .into_iter()
            .any(|m| self.is_lax_member(m, 0))
    }

    fn is_lax_member(&self, ty: TypeId, depth: u32) -> bool {
        if depth > 32 {
            return false;
        }
        match self.p.types.get(ty) {
            Type::Json => true,
            Type::Map(e) => self.is_lax_member(*e, depth + 1),
            Type::ReadonlyOf(inner) => self.is_lax_member(*inner, depth + 1),
            _ => false,
        }
    }

    /// The mapping type a mapping constructor builds in a context.
    /// The mapping types of the context, those the given keys fit first.
    fn applicable_mapping_types(
        &mut self,
        expected: Option<TypeId>,
        keys: &[String],
    ) -> Vec<TypeId> {
        let Some(expected) = expected else {
            return Vec::new();
        };
        let members = self.p.types.members(expected);
        let mut candidates: Vec<(TypeId, bool)> = Vec::new();
        for m in members {
            match self.p.types.get(m).clone() {
                Type::Record(r) => {
                    let fits = r
                        .fields
                        .iter()
                        .all(|f| f.optional || f.default.is_some() || keys.contains(&f.name))
                        && keys
                            .iter()
                            .all(|k| r.rest.is_some() || r.fields.iter().any(|f| &f.name == k));
                    candidates.push((m, fits));
                }
                Type::Map(_) => candidates.push((m, true)),
                Type::ReadonlyOf(inner) if self.p.types.basic_mask(inner) == basic::MAPPING => {
                    let fits = match self.p.types.get(inner).clone() {
                        Type::Record(r) => {
                            r.fields.iter().all(|f| {
                                f.optional || f.default.is_some() || keys.contains(&f.name)
                            }) && keys
                                .iter()
                                .all(|k| r.rest.is_some() || r.fields.iter().any(|f| &f.name == k))
                        }
                        _ => true,
                    };
                    candidates.push((m, fits))
                }
                // `json & readonly`: a read-only `map<json>`.
                Type::ReadonlyOf(inner)
                    if matches!(self.p.types.get(inner), Type::Json | Type::Anydata) =>
                {
                    let map = match self.p.types.get(inner) {
                        Type::Json => TypeArena::MAP_JSON,
                        _ => TypeArena::MAP_ANYDATA,
                    };
                    candidates.push((self.readonly_of(map), true))
                }
                Type::Json => candidates.push((TypeArena::MAP_JSON, true)),
                Type::Anydata => candidates.push((TypeArena::MAP_ANYDATA, true)),
                Type::Any | Type::Readonly => {
                    let map = self.p.types.map_of(TypeArena::ANY);
                    candidates.push((map, true))
                }
                _ => {}
            }
        }
        let mut ordered: Vec<TypeId> = candidates
            .iter()
            .filter(|(_, fits)| *fits)
            .map(|(t, _)| *t)
            .collect();
        ordered.extend(
            candidates
                .iter()
                .filter(|(_, fits)| !*fits)
                .map(|(t, _)| *t),
        );
        ordered
    }

    pub(crate) fn check_mapping_constructor(
        &mut self,
        expr: &ast::Expr,
        fields: &'a [ast::MappingField],
        expected: Option<TypeId>,
    ) -> TypeId {
        let ty = self.check_mapping_constructor_fields(expr, fields, expected);
        self.check_spread_duplicates(fields, ty);
        ty
    }

    fn check_mapping_constructor_fields(
        &mut self,
        expr: &ast::Expr,
        fields: &'a [ast::MappingField],
        expected: Option<TypeId>,
    ) -> TypeId {
        let keys: Vec<String> = fields
            .iter()
            .filter_map(|f| match f {
                ast::MappingField::KeyValue {
                    key: ast::MappingKey::Ident(i),
                    ..
                } => Some(i.name.clone()),
                ast::MappingField::KeyValue {
                    key: ast::MappingKey::String(s, _),
                    ..
                } => Some(s.clone()),
                _ => None,
            })
            .collect();
        let candidates = self.applicable_mapping_types(expected, &keys);
        if let Some(e) = expected {
            if candidates.is_empty()
                && !self.p.types.is_unknown(e)
                && self.p.types.basic_mask(e) & crate::types::basic::MAPPING == 0
            {
                let message = format!(
                    "a type compatible with mapping constructor expressions not found in type '{}'",
                    self.p.types.display(e)
                );
                self.error(codes::TYPE_MISMATCH, expr.span, message);
                // The fields are still checked, without a type to check them against.
                self.infer_mapping(expr, fields);
                return TypeArena::UNKNOWN;
            }
        }
        self.check_duplicate_keys(fields, candidates.first().copied());
        let speculate = candidates.len() > 1
            && fields.iter().all(|f| match f {
                ast::MappingField::KeyValue { value: Some(v), .. }
                | ast::MappingField::Spread(v) => !has_side_tables_expr(v),
                ast::MappingField::KeyValue { value: None, .. } => true,
            });
        if speculate {
            for &candidate in &candidates {
                let mark = self.diags.len();
                let ty = self.check_mapping_against(expr, fields, &keys, candidate);
                if self.diags.len() == mark {
                    return ty;
                }
                self.diags.truncate(mark);
            }
        }
        let Some(&target) = candidates.first() else {
            return self.infer_mapping(expr, fields);
        };
        self.check_mapping_against(expr, fields, &keys, target)
    }

    /// Checks a mapping constructor's fields against a chosen inherent mapping type.
    fn check_mapping_against(
        &mut self,
        expr: &ast::Expr,
        fields: &'a [ast::MappingField],
        keys: &[String],
        target: TypeId,
    ) -> TypeId {
        let key = self.key(expr.id);
        self.p.operand_types.insert(key, target);
        let shape = self.strip_readonly(target);
        let shape = self.p.types.get(shape).clone();
        let has_spread = fields
            .iter()
            .any(|f| matches!(f, ast::MappingField::Spread(_)));
        for (index, field) in fields.iter().enumerate() {
            match field {
                ast::MappingField::KeyValue {
                    key: k,
                    value,
                    span,
                    ..
                } => {
                    let (name, name_span) = match k {
                        ast::MappingKey::Ident(i) => (Some(i.name.clone()), i.span),
                        ast::MappingKey::String(s, sp) => (Some(s.clone()), *sp),
                        ast::MappingKey::Computed(e) => {
                            self.check_assignable(e, TypeArena::STRING);
                            (None, e.span)
                        }
                    };
                    let field_ty = match (&shape, &name) {
                        (Type::Record(r), Some(n)) => {
                            match r.fields.iter().find(|f| &f.name == n) {
                                Some(f) => Some(f.ty),
                                None => match r.rest {
                                    Some(rest) => Some(rest),
                                    None => {
                                        let message = format!(
                                            "undefined field '{n}' in record '{}'",
                                            self.p.types.display(target)
                                        );
                                        self.error(codes::UNDEFINED_FIELD, name_span, message);
                                        None
                                    }
                                },
                            }
                        }
                        (Type::Record(r), None) => Some(r.rest.unwrap_or(TypeArena::UNKNOWN)),
                        (Type::Map(element), _) => Some(*element),
                        _ => Some(TypeArena::UNKNOWN),
                    };
                    let field_ty = field_ty.map(|t| self.member_of_frozen(target, t));
                    // Spec 2022R4: nil given for an optional field whose type excludes nil
                    // means the field is absent.
                    let optional = match (&shape, &name) {
                        (Type::Record(r), Some(n)) => {
                            r.fields.iter().any(|f| &f.name == n && f.optional)
                        }
                        _ => false,
                    };
                    let removable = optional
                        && field_ty.is_some_and(|t| {
                            !self.p.types.contains_nil(t) && !self.p.types.is_unknown(t)
                        });
                    self.check_mapping_value(
                        (key, index),
                        k,
                        value.as_ref(),
                        (field_ty, removable),
                        *span,
                    );
                }
                ast::MappingField::Spread(e) => {
                    let t = self.check_expr(e, None);
                    if self.p.types.basic_mask(t) & !basic::MAPPING != 0
                        && !self.p.types.is_unknown(t)
                    {
                        let message = format!(
                            "incompatible types: expected a mapping, found '{}'",
                            self.p.types.display(t)
                        );
                        self.error(codes::TYPE_MISMATCH, e.span, message);
                    }
                }
            }
        }
        if let Type::Record(r) = &shape {
            if !has_spread {
                for f in &r.fields {
                    if !f.optional && f.default.is_none() && !keys.contains(&f.name) {
                        let message =
                            format!("missing non-defaultable required record field '{}'", f.name);
                        self.error(codes::MISSING_FIELD, expr.span, message);
                    }
                }
            }
        }
        target
    }

    /// Checks one `key: value` (or shorthand `key`) against the field's type.
    fn check_mapping_value(
        &mut self,
        field: (NodeKey, usize),
        key: &'a ast::MappingKey,
        value: Option<&'a ast::Expr>,
        (field_ty, removable): (Option<TypeId>, bool),
        span: intc_span::Span,
    ) {
        // A removable field (optional, type without nil) also accepts nil, recorded in
        // `nil_removes` by the value's key so lowering drops the field when it is nil.
        match value {
            Some(v) => match field_ty {
                Some(t) if removable => {
                    let found = self.check_assignable_or_nil(v, t);
                    if self.p.types.contains_nil(found) {
                        let key = self.key(v.id);
                        self.p.nil_removes.insert(key);
                    }
                }
                Some(t) => {
                    self.check_assignable(v, t);
                }
                None => {
                    self.check_expr(v, None);
                }
            },
            None => {
                // Shorthand `{name}`: the value is the variable `name`.
                if let ast::MappingKey::Ident(ident) = key {
                    let t = self.shorthand_value(field, ident);
                    let nil_absent = removable && self.p.types.contains_nil(t);
                    if let Some(ft) = field_ty {
                        let ft = if nil_absent {
                            self.p.types.union_of(&[ft, TypeArena::NIL])
                        } else {
                            ft
                        };
                        self.expect_assignable(t, ft, span);
                    }
                    if nil_absent {
                        if let Some(&key) = self.p.shorthand_fields.get(&field) {
                            self.p.nil_removes.insert(key);
                        }
                    }
                }
            }
        }
    }

    /// The type of the variable a shorthand field `{name}` reads. The field is resolved like
    /// a `Var` expression under a synthetic key, recorded in
    /// [`CheckedProgram::shorthand_fields`] by the constructor's key and the field's index, so
    /// lowering reads the resolution instead of looking the name up again.
    pub(crate) fn shorthand_value(
        &mut self,
        field: (NodeKey, usize),
        ident: &ast::Ident,
    ) -> TypeId {
        let key = match self.p.shorthand_fields.get(&field) {
            // A speculative check of the constructor against another candidate type.
            Some(&key) => key,
            None => {
                let key = self.synthetic_key(self.place.file);
                self.p.shorthand_fields.insert(field, key);
                key
            }
        };
        let ty = self.check_var_at(key, None, ident);
        self.p.expr_types.insert(key, ty);
        ty
    }
}

enum FieldLookup {
    /// The field's type and whether it may be absent.
    Found(TypeId, bool),
    /// Lax access on json: `json|error`.
    Lax,
    Missing,
}

/// Whether checking the item creates definitions (classes, closures) that a speculative check
/// would duplicate.
fn has_side_tables(item: &ast::ListItem) -> bool {
    let (ast::ListItem::Expr(e) | ast::ListItem::Spread(e)) = item;
    has_side_tables_expr(e)
}

fn has_side_tables_expr(e: &ast::Expr) -> bool {
    matches!(
        e.kind,
        ast::ExprKind::ObjectConstructor { .. }
            | ast::ExprKind::Lambda { .. }
            | ast::ExprKind::Arrow { .. }
    )
}
