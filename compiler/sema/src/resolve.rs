//! Type descriptors to semantic types: builtin and named types, type definitions resolved on
//! demand (recursive definitions tie through their reserved ids), records, objects, functions.

use crate::checker::{Checker, PendingDefault, Place, Progress, Symbol};
use crate::model::*;
use intc_diagnostics::codes;
use intc_syntax::ast;

/// A union of more singletons than this, computed for an intersection type descriptor, is
/// shown as the intersection written.
const SHOWN_AS_WRITTEN: usize = 16;

impl<'a> Checker<'a> {
    pub(crate) fn resolve_all_type_defs(&mut self) {
        // Enum types are unions of their members' singletons; other definitions may use them.
        self.evaluate_enums();
        for index in 0..self.p.type_defs.len() {
            self.resolve_type_def(TypeDefId(index as u32));
        }
    }

    /// Resolves a type definition (once); returns its reserved id even while in progress.
    pub(crate) fn resolve_type_def(&mut self, id: TypeDefId) -> TypeId {
        let slot = self.p.type_defs[id.index()].ty;
        match self.type_def_progress[id.index()] {
            Progress::Done | Progress::Active => return slot,
            Progress::Pending => {}
        }
        self.type_def_progress[id.index()] = Progress::Active;
        let (place, desc) = self.type_def_ast[id.index()];
        let resolved = self.resolve_type(place, desc);
        if matches!(desc.kind, ast::TypeDescKind::Distinct(_)) {
            self.name_distinct_identity(id, resolved);
        }
        if resolved != slot {
            let structure = match self.p.types.get(resolved).clone() {
                // `type A A|int;` would make a union contain itself: drop the cycle.
                Type::Union(members) => {
                    let kept: Vec<TypeId> = members.into_iter().filter(|&m| m != slot).collect();
                    if kept.len() == 1 {
                        self.p.types.get(kept[0]).clone()
                    } else {
                        Type::Union(kept)
                    }
                }
                Type::ReadonlyOf(inner) if inner == slot => Type::Unknown,
                other => other,
            };
            self.p.types.set(slot, structure);
            if let Some(params) = self.p.function_type_params.get(&resolved).cloned() {
                self.p.function_type_params.insert(slot, params);
            }
            // Field annotations of `type R record {...}` belong to the named type.
            for pending in &mut self.pending_annots {
                if let Some((ty, _)) = &mut pending.field {
                    if *ty == resolved {
                        *ty = slot;
                    }
                }
            }
        }
        self.type_def_progress[id.index()] = Progress::Done;
        slot
    }

    /// Records the name of the identity `type NAME distinct T;` introduced: the newest of its
    /// type's identities, since `distinct` adds its own after resolving `T`.
    fn name_distinct_identity(&mut self, id: TypeDefId, resolved: TypeId) {
        let newest = match self.p.types.get(resolved) {
            Type::Error(e) => e.distinct_ids.iter().max().copied(),
            Type::Object(o) => o.distinct_ids.iter().max().copied(),
            _ => None,
        };
        let def = &self.p.type_defs[id.index()];
        let owner = (def.module, def.name.clone());
        if let Some(newest) = newest {
            self.p.distinct_names.entry(newest).or_insert(owner);
        }
    }

    /// A union without subsumption (members may still be unresolved placeholders).
    fn raw_union(&mut self, members: Vec<TypeId>) -> TypeId {
        let mut flat = Vec::new();
        for m in members {
            match self.p.types.get(m) {
                Type::Union(inner) => {
                    for &x in inner {
                        if !flat.contains(&x) {
                            flat.push(x);
                        }
                    }
                }
                Type::Never => {}
                _ => {
                    if !flat.contains(&m) {
                        flat.push(m);
                    }
                }
            }
        }
        match flat.len() {
            0 => TypeArena::NEVER,
            1 => flat[0],
            _ => self.p.types.add(Type::Union(flat)),
        }
    }

    pub(crate) fn resolve_type(&mut self, place: Place, desc: &'a ast::TypeDesc) -> TypeId {
        match &desc.kind {
            ast::TypeDescKind::Builtin(b) => match b {
                ast::BuiltinType::Int => TypeArena::INT,
                ast::BuiltinType::Byte => TypeArena::BYTE,
                ast::BuiltinType::Float => TypeArena::FLOAT,
                ast::BuiltinType::Decimal => TypeArena::DECIMAL,
                ast::BuiltinType::String => TypeArena::STRING,
                ast::BuiltinType::Boolean => TypeArena::BOOLEAN,
                ast::BuiltinType::Any => TypeArena::ANY,
                ast::BuiltinType::Anydata => TypeArena::ANYDATA,
                ast::BuiltinType::Json => TypeArena::JSON,
                ast::BuiltinType::Never => TypeArena::NEVER,
                ast::BuiltinType::Readonly => TypeArena::READONLY,
                ast::BuiltinType::Handle => TypeArena::HANDLE,
                ast::BuiltinType::Error => TypeArena::ERROR,
                ast::BuiltinType::Function => TypeArena::ANY_FUNCTION,
                ast::BuiltinType::Typedesc => TypeArena::TYPEDESC,
                ast::BuiltinType::Xml => TypeArena::XML,
            },
            ast::TypeDescKind::Nil => TypeArena::NIL,
            ast::TypeDescKind::Named { module, name } => {
                self.resolve_named_type(place, module.as_ref(), name)
            }
            ast::TypeDescKind::Array { element, length } => {
                // The parser nests `T[n1][n2]` as `(T[n2])[n1]` (spec "Array types": `v[i][j]`
                // indexes the dimensions in the order written).
                let element = self.resolve_type(place, element);
                let length = self.array_length(place, length);
                self.p.types.add(Type::Array { element, length })
            }
            ast::TypeDescKind::Tuple { members, rest } => {
                let members = members
                    .iter()
                    .map(|m| self.resolve_type(place, m))
                    .collect();
                let rest = rest.as_ref().map(|r| self.resolve_type(place, r));
                self.p.types.add(Type::Tuple { members, rest })
            }
            ast::TypeDescKind::Map(inner) => {
                let inner = self.resolve_type(place, inner);
                self.p.types.add(Type::Map(inner))
            }
            ast::TypeDescKind::XmlSequence(inner) => self.resolve_xml_sequence(place, inner),
            ast::TypeDescKind::Record(record) => self.resolve_record(place, record),
            ast::TypeDescKind::Union(members) => {
                let members = members
                    .iter()
                    .map(|m| self.resolve_type(place, m))
                    .collect();
                self.raw_union(members)
            }
            ast::TypeDescKind::Optional(inner) => {
                let inner = self.resolve_type(place, inner);
                self.raw_union(vec![inner, TypeArena::NIL])
            }
            ast::TypeDescKind::Intersection(parts) => {
                let mut readonly = false;
                let mut others = Vec::new();
                let mut resolved = Vec::new();
                for part in parts {
                    let t = self.resolve_type(place, part);
                    resolved.push(t);
                    if t == TypeArena::READONLY {
                        readonly = true;
                    } else {
                        others.push(t);
                    }
                }
                let mut result = match others.first() {
                    Some(&first) => first,
                    None => TypeArena::READONLY,
                };
                for &other in others.iter().skip(1) {
                    result = self.p.types.intersect(result, other);
                }
                let empty = result == TypeArena::NEVER
                    && !others
                        .iter()
                        .any(|&t| t == TypeArena::NEVER || self.p.types.is_unknown(t));
                if empty && others.len() > 1 {
                    let shown: Vec<String> =
                        resolved.iter().map(|&t| self.p.types.display(t)).collect();
                    let message = format!(
                        "invalid intersection type '{}': no intersection",
                        shown.join(" & ")
                    );
                    self.error(codes::EMPTY_TYPE, desc.span, message);
                    // Already reported: no cascade of mismatches against `never`.
                    result = TypeArena::UNKNOWN;
                }
                // An intersection whose values are a finite set no operand spells (`byte &
                // int:Signed8` is 0..127) is a union of that many singletons: it is shown as
                // written rather than as the values.
                if !empty && others.len() > 1 && !resolved.contains(&result) {
                    if let Type::Union(members) = self.p.types.get(result) {
                        if members.len() > SHOWN_AS_WRITTEN {
                            let shown: Vec<String> =
                                others.iter().map(|&t| self.p.types.display(t)).collect();
                            let structure = self.p.types.get(result).clone();
                            result = self.p.types.add_named(shown.join(" & "), structure);
                        }
                    }
                }
                if readonly && !others.is_empty() {
                    result = self.readonly_of(result);
                }
                result
            }
            ast::TypeDescKind::Singleton(expr) => match self.const_expr_value(place, expr) {
                Some(value) => self.p.types.singleton(value),
                None => TypeArena::UNKNOWN,
            },
            ast::TypeDescKind::Error(detail) => {
                let detail = self.resolve_type(place, detail);
                self.p.types.add(Type::Error(ErrorType {
                    detail,
                    distinct_ids: Vec::new(),
                }))
            }
            ast::TypeDescKind::Typedesc(inner) => {
                let inner = self.resolve_type(place, inner);
                self.p.types.add(Type::Typedesc(inner))
            }
            ast::TypeDescKind::Future(inner) => {
                let inner = match inner {
                    Some(inner) => self.resolve_type(place, inner),
                    None => TypeArena::ANY_OR_ERROR,
                };
                self.p.types.add(Type::Future(inner))
            }
            ast::TypeDescKind::Table { row, key } => {
                self.resolve_table_type(place, row, key.as_ref(), desc.span)
            }
            ast::TypeDescKind::Stream(params) => self.resolve_stream_type(place, params),
            ast::TypeDescKind::Function(signature) => {
                let ty = self.resolve_function_type(place, signature, false);
                self.record_function_type_params(place, signature, ty, true);
                ty
            }
            ast::TypeDescKind::Isolated(inner) => match &inner.kind {
                // The lang library's function parameters say `isolated function`; intc does
                // not infer the isolation of arrow functions, so it is not required there.
                ast::TypeDescKind::Function(signature) => {
                    let ty =
                        self.resolve_function_type(place, signature, self.lang.scope.is_none());
                    self.record_function_type_params(place, signature, ty, true);
                    ty
                }
                _ => self.resolve_type(place, inner),
            },
            ast::TypeDescKind::Transactional(inner) => match &inner.kind {
                ast::TypeDescKind::Function(signature) => {
                    let ty = self.resolve_function_type(place, signature, false);
                    let ty = self.mark_transactional(ty, true);
                    self.record_function_type_params(place, signature, ty, true);
                    ty
                }
                _ => self.resolve_type(place, inner),
            },
            ast::TypeDescKind::Object {
                qualifiers,
                members,
            } => self.resolve_object_type(place, qualifiers, members),
            ast::TypeDescKind::Distinct(inner) => {
                let inner = self.resolve_type(place, inner);
                let fresh = self.fresh_distinct();
                match self.p.types.get(inner).clone() {
                    Type::Error(mut e) => {
                        e.distinct_ids.push(fresh);
                        self.p.types.add(Type::Error(e))
                    }
                    Type::Object(mut o) => {
                        o.distinct_ids.push(fresh);
                        self.p.types.add(Type::Object(o))
                    }
                    _ => inner,
                }
            }
            ast::TypeDescKind::Error_ => TypeArena::UNKNOWN,
        }
    }

    /// The length of one array dimension: `None` for `[]` and `[*]` (inferred later).
    fn array_length(&mut self, place: Place, length: &'a ast::ArrayLength) -> Option<u32> {
        match length {
            ast::ArrayLength::Open | ast::ArrayLength::Inferred => None,
            ast::ArrayLength::Fixed(expr) => match self.const_expr_value(place, expr) {
                Some(ConstValue::Int(n)) if (0..=u32::MAX as i64).contains(&n) => Some(n as u32),
                Some(_) => {
                    self.error(
                        codes::TYPE_MISMATCH,
                        expr.span,
                        "array length must be a non-negative int constant",
                    );
                    None
                }
                None => None,
            },
        }
    }

    /// `T & readonly`.
    pub(crate) fn readonly_of(&mut self, ty: TypeId) -> TypeId {
        if self.p.types.is_subtype(ty, TypeArena::READONLY) {
            return ty;
        }
        self.p.types.add(Type::ReadonlyOf(ty))
    }

    fn resolve_named_type(
        &mut self,
        place: Place,
        module: Option<&ast::Ident>,
        name: &ast::Ident,
    ) -> TypeId {
        if let Some(scope) = self.lang.scope {
            return self.lang_scope_type(scope, module, name);
        }
        // The return type of an external function naming its `t = <>` parameter.
        if module.is_none() {
            if let Some(&t) = self.lang.dependent.get(&name.name) {
                return t;
            }
        }
        if let Some(prefix) = module {
            if let Some(crate::checker::ImportTarget::Lang(lang)) =
                self.import_target(place.file, &prefix.name)
            {
                if let Some(t) = self.lang_module_type(&lang, &name.name, true) {
                    return t;
                }
                // A lang library constant names its singleton type (`int:MAX_VALUE x = ...`).
                if let Some(id) = self.lang_constant(&lang, &name.name) {
                    let value = self.p.constants[id.index()].value.clone();
                    return self.p.types.singleton(value);
                }
                let message = format!("unknown type '{}:{}'", prefix.name, name.name);
                self.error(codes::UNDEFINED_TYPE, name.span, message);
                return TypeArena::UNKNOWN;
            }
        }
        let found = match self.lookup_qualified(place, module, name) {
            Ok(found) => found,
            Err(()) => return TypeArena::UNKNOWN,
        };
        match found.map(|(_, e)| e.symbol) {
            Some(Symbol::TypeDef(id)) => self.resolve_type_def(id),
            Some(Symbol::Class(id)) => self.p.classes[id.index()].ty,
            Some(Symbol::Const(id)) => {
                self.evaluate_constant(id);
                let value = self.p.constants[id.index()].value.clone();
                self.p.types.singleton(value)
            }
            _ => {
                let message = format!("unknown type '{}'", name.name);
                self.error(codes::UNDEFINED_TYPE, name.span, message);
                TypeArena::UNKNOWN
            }
        }
    }

    /// A record type's fields: its own fields in written order, then the fields of its
    /// inclusions that it does not override (the order jBallerina keeps a record's keys in).
    fn resolve_record(&mut self, place: Place, record: &'a ast::RecordType) -> TypeId {
        let mut from_inclusions: Vec<RecordField> = Vec::new();
        let mut fields: Vec<RecordField> = Vec::new();
        let mut annotated: Vec<(String, &'a [ast::Annotation])> = Vec::new();
        let mut rest = if record.closed {
            None
        } else {
            Some(TypeArena::ANYDATA)
        };
        for inclusion in &record.inclusions {
            let included = self.resolve_type(place, inclusion);
            match self.p.types.get(included).clone() {
                Type::Record(r) => {
                    for f in r.fields {
                        from_inclusions.retain(|x| x.name != f.name);
                        from_inclusions.push(f);
                    }
                    if record.closed && r.rest.is_some() {
                        rest = r.rest;
                    }
                }
                Type::Unknown => {}
                _ => self.error(
                    codes::TYPE_MISMATCH,
                    inclusion.span,
                    "only record types can be included in a record",
                ),
            }
        }
        for field in &record.fields {
            let mut ty = self.resolve_type(place, &field.ty);
            if field.readonly {
                ty = self.readonly_of(ty);
            }
            let default = field.default.as_ref().map(|expr| {
                self.pending_defaults
                    .push(PendingDefault { place, expr, ty });
                self.defer_expr(place.file, expr)
            });
            if fields
                .iter()
                .any(|f| f.name == field.name.name && f.default.is_none())
                && record.inclusions.is_empty()
            {
                let message = format!("redeclared field '{}'", field.name.name);
                self.error(codes::DUPLICATE_DEFINITION, field.name.span, message);
            }
            fields.retain(|f| f.name != field.name.name);
            if !field.annots.is_empty() {
                annotated.push((field.name.name.clone(), &field.annots[..]));
            }
            fields.push(RecordField {
                name: field.name.name.clone(),
                ty,
                optional: field.optional,
                readonly: field.readonly,
                default,
            });
        }
        for f in from_inclusions {
            if !fields.iter().any(|own| own.name == f.name) {
                fields.push(f);
            }
        }
        if let Some(r) = &record.rest {
            rest = Some(self.resolve_type(place, r));
        }
        let record_ty = self.p.types.add(Type::Record(RecordType { fields, rest }));
        let names = record.fields.iter().map(|f| (record_ty, f.name.span));
        self.p.ide.record_fields.extend(names);
        for (field, annots) in annotated {
            self.pending_annots.push(crate::annotations::PendingAnnots {
                place,
                site: crate::annotations::Site::RecordField,
                field: Some((record_ty, field)),
                annots,
            });
        }
        record_ty
    }

    /// `ty` (a function type) as a `transactional` one when `transactional` (spec "Function
    /// types": callable only in a transactional scope).
    pub(crate) fn mark_transactional(&mut self, ty: TypeId, transactional: bool) -> TypeId {
        match self.p.types.get(ty) {
            Type::Function(f) if transactional && !f.is_transactional => {
                let mut f = f.clone();
                f.is_transactional = true;
                self.p.types.add(Type::Function(f))
            }
            _ => ty,
        }
    }

    pub(crate) fn resolve_function_type(
        &mut self,
        place: Place,
        signature: &'a ast::FunctionSignature,
        is_isolated: bool,
    ) -> TypeId {
        let mut params = Vec::new();
        let mut required = 0;
        let mut rest = None;
        for param in &signature.params {
            let ty = self.resolve_type(place, &param.ty);
            match param.kind {
                ast::ParamKind::Required | ast::ParamKind::Included => {
                    if param.kind == ast::ParamKind::Included {
                        self.included_kind(ty, param.ty.span);
                    }
                    params.push(ty);
                    required = params.len();
                }
                ast::ParamKind::Defaultable => params.push(ty),
                ast::ParamKind::Rest => rest = Some(ty),
            }
        }
        let ret = match &signature.return_type {
            Some(t) => self.resolve_type(place, t),
            None => TypeArena::NIL,
        };
        self.p.types.add(Type::Function(FunctionType {
            params,
            required,
            rest,
            ret,
            is_isolated,
            is_transactional: false,
        }))
    }

    fn resolve_object_type(
        &mut self,
        place: Place,
        object_qualifiers: &ast::Qualifiers,
        members: &'a [ast::ObjectTypeMember],
    ) -> TypeId {
        let qualifiers = object_qualifiers;
        let mut object = ObjectType {
            fields: Vec::new(),
            methods: Vec::new(),
            distinct_ids: Vec::new(),
            class: None,
            is_readonly: qualifiers.readonly,
            is_isolated: qualifiers.isolated,
            is_client: qualifiers.client,
            is_service: qualifiers.service,
        };
        let mut annotated: Vec<(String, &'a [ast::Annotation])> = Vec::new();
        for member in members {
            match member {
                ast::ObjectTypeMember::Field(f) => {
                    let ty = self.resolve_type(place, &f.ty);
                    // A declared field overrides one of the same name from an inclusion.
                    object.fields.retain(|x| x.name != f.name.name);
                    if !f.annots.is_empty() {
                        annotated.push((f.name.name.clone(), &f.annots[..]));
                    }
                    object.fields.push(ObjectField {
                        name: f.name.name.clone(),
                        ty,
                        is_public: f.visibility != ast::Visibility::Private,
                        is_final: f.is_final,
                    });
                }
                ast::ObjectTypeMember::Method {
                    annots,
                    visibility,
                    qualifiers,
                    name,
                    signature,
                    ..
                } => {
                    self.check_remote_allowed(object_qualifiers, qualifiers.remote, name.span);
                    self.pending_method_annots(place, annots, signature, qualifiers.remote);
                    let ty = self.resolve_function_type(place, signature, qualifiers.isolated);
                    let ty = self.mark_transactional(ty, qualifiers.transactional);
                    self.record_function_type_params(place, signature, ty, false);
                    object.methods.push(ObjectMethod {
                        name: name.name.clone(),
                        ty,
                        is_public: *visibility != ast::Visibility::Private,
                        is_remote: qualifiers.remote,
                    });
                }
                ast::ObjectTypeMember::Inclusion(desc) => {
                    let included = self.resolve_type(place, desc);
                    if let Type::Object(o) = self.p.types.get(included).clone() {
                        for field in o.fields {
                            if !object.fields.iter().any(|x| x.name == field.name) {
                                object.fields.push(field);
                            }
                        }
                        for method in o.methods {
                            if !object.methods.iter().any(|x| x.name == method.name) {
                                object.methods.push(method);
                            }
                        }
                        object.distinct_ids.extend(o.distinct_ids);
                    }
                }
            }
        }
        let object_ty = self.p.types.add(Type::Object(object));
        for (field, annots) in annotated {
            self.pending_annots.push(crate::annotations::PendingAnnots {
                place,
                site: crate::annotations::Site::ObjectField,
                field: Some((object_ty, field)),
                annots,
            });
        }
        object_ty
    }
}

pub(crate) type LangTypeFn = fn(&mut Checker<'_>) -> TypeId;

/// Types defined by lang library modules (`int:Signed32`, `string:Char`).
pub(crate) fn lang_type(module: &str, name: &str) -> Option<LangTypeFn> {
    let f: LangTypeFn = match (module, name) {
        ("int", "Signed8") => |c| c.p.types.add(Type::IntSubtype(IntSubtype::Signed8)),
        ("int", "Signed16") => |c| c.p.types.add(Type::IntSubtype(IntSubtype::Signed16)),
        ("int", "Signed32") => |c| c.p.types.add(Type::IntSubtype(IntSubtype::Signed32)),
        // The same type as `byte`, shown as written (jBallerina says 'int:Unsigned8').
        ("int", "Unsigned8") => |c| {
            c.p.types
                .add_named("int:Unsigned8", Type::IntSubtype(IntSubtype::Byte))
        },
        ("int", "Unsigned16") => |c| c.p.types.add(Type::IntSubtype(IntSubtype::Unsigned16)),
        ("int", "Unsigned32") => |c| c.p.types.add(Type::IntSubtype(IntSubtype::Unsigned32)),
        ("string", "Char") => |_| TypeArena::STRING_CHAR,
        ("regexp", "RegExp") | ("string", "RegExp") => {
            |c| c.p.types.add_named("regexp:RegExp", Type::RegExp)
        }
        ("object", "RawTemplate") => |c| c.raw_template_type(),
        ("object", "Iterable") => |c| c.iterable_type(),
        ("value", "Cloneable") | ("value", "AnydataType") => |_| TypeArena::ANYDATA,
        ("value", "JsonType") => |_| TypeArena::JSON,
        ("error", "Detail") => |_| TypeArena::ERROR_DETAIL,
        _ => return None,
    };
    Some(f)
}
