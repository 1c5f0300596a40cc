//! Signatures: function parameter and return types, module variable types, class fields and
//! methods. Runs after type definitions and constants, before any body is checked.

use crate::checker::{Checker, PendingDefault, Place};
use crate::model::*;
use intc_diagnostics::codes;
use intc_syntax::ast;

impl<'a> Checker<'a> {
    pub(crate) fn compute_signatures(&mut self) {
        for index in 0..self.p.functions.len() {
            let id = FunctionId(index as u32);
            let Some(source) = self.p.functions[index].source else {
                continue;
            };
            if let Some(def) = self.function_def_of(source) {
                let place = Place {
                    module: source.module,
                    file: source.file,
                };
                self.fill_function_signature(id, place, def);
            }
        }
        for index in 0..self.p.globals.len() {
            let source = self.p.globals[index].source;
            let Some(ast::Item::Var(var)) = self.item_of(source) else {
                continue;
            };
            if let Some(desc) = &var.ty {
                let place = Place {
                    module: source.module,
                    file: source.file,
                };
                let ty = self.resolve_type(place, desc);
                if matches!(var.binding.kind, ast::BindingPatternKind::Capture(_)) {
                    self.p.globals[index].ty = ty;
                    self.p.local_types.insert(self.p.globals[index].decl, ty);
                }
            }
        }
        for index in 0..self.p.classes.len() {
            if let ClassSource::Item(source) = self.p.classes[index].source {
                if let Some(ast::Item::Class(def)) = self.item_of(source) {
                    let place = Place {
                        module: source.module,
                        file: source.file,
                    };
                    self.fill_class(
                        ClassId(index as u32),
                        place,
                        Some(source),
                        &def.qualifiers,
                        &def.members,
                    );
                }
            }
        }
        self.fill_class_aliases();
    }

    /// The item at `source`, as an editor last re-parsed it (`incremental.rs`).
    pub(crate) fn item_of(&self, source: ItemRef) -> Option<&'a ast::Item> {
        if !self.overrides.is_empty() {
            if let Some(&item) = self.overrides.get(&source) {
                return Some(item);
            }
        }
        self.parsed_item(source)
    }

    /// The item at `source` as first parsed (before any re-parse).
    pub(crate) fn parsed_item(&self, source: ItemRef) -> Option<&'a ast::Item> {
        self.modules
            .get(source.module.index())?
            .files
            .get(source.file_index)?
            .items
            .get(source.item)
    }

    /// Fills a function's parameters, return type and function type from its signature.
    pub(crate) fn fill_function_signature(
        &mut self,
        id: FunctionId,
        place: Place,
        def: &'a ast::FunctionDef,
    ) {
        let external = matches!(def.body, ast::FunctionBody::External(..));
        let (params, ret, ty) =
            self.signature_info(place, &def.signature, def.qualifiers.isolated, external);
        let ty = self.mark_transactional(ty, def.qualifiers.transactional);
        let info = &mut self.p.functions[id.index()];
        info.params = params;
        info.ret = ret;
        info.ty = ty;
    }

    pub(crate) fn signature_info(
        &mut self,
        place: Place,
        signature: &'a ast::FunctionSignature,
        is_isolated: bool,
        external: bool,
    ) -> (Vec<ParamInfo>, TypeId, TypeId) {
        let mut params = Vec::new();
        // `typedesc<T> t = <>` parameters of an external function: `t` names a type
        // parameter in the return type (see `crate::dependent`).
        let saved_dependent = std::mem::take(&mut self.lang.dependent);
        let mut seen: Vec<&str> = Vec::new();
        self.check_param_order(&signature.params);
        for param in &signature.params {
            if seen.contains(&param.name.name.as_str()) {
                let message = format!("redeclared symbol '{}'", param.name.name);
                self.error(codes::DUPLICATE_DEFINITION, param.name.span, message);
            }
            seen.push(&param.name.name);
            let mut ty = self.resolve_type(place, &param.ty);
            let kind = match param.kind {
                ast::ParamKind::Required => ParamKindInfo::Required,
                ast::ParamKind::Defaultable => ParamKindInfo::Defaultable,
                ast::ParamKind::Rest => ParamKindInfo::Rest,
                ast::ParamKind::Included => self.included_kind(ty, param.ty.span),
            };
            let dependent = if external {
                self.dependent_param(param, ty)
            } else {
                None
            };
            let default = match (&param.default, dependent) {
                (Some(_), Some(typedesc)) => {
                    ty = typedesc;
                    ParamDefault::Native
                }
                (Some(expr), None) => ParamDefault::Expr(self.defer_expr(place.file, expr)),
                (None, _) => ParamDefault::None,
            };
            let decl = NodeKey::new(place.file, param.id);
            let local_ty = if kind == ParamKindInfo::Rest {
                self.p.types.array_of(ty)
            } else {
                ty
            };
            self.p.local_types.insert(decl, local_ty);
            params.push(ParamInfo {
                name: param.name.name.clone(),
                decl: Some(decl),
                ty,
                kind,
                default,
            });
        }
        let ret = match &signature.return_type {
            Some(t) => self.resolve_type(place, t),
            None => TypeArena::NIL,
        };
        self.lang.dependent = saved_dependent;
        let ty = self.function_type_of(&params, ret, is_isolated);
        (params, ret, ty)
    }

    pub(crate) fn function_type_of(
        &mut self,
        params: &[ParamInfo],
        ret: TypeId,
        is_isolated: bool,
    ) -> TypeId {
        let mut types = Vec::new();
        let mut required = 0;
        let mut rest = None;
        for p in params {
            match p.kind {
                ParamKindInfo::Required | ParamKindInfo::Included => {
                    types.push(p.ty);
                    required = types.len();
                }
                ParamKindInfo::Defaultable => types.push(p.ty),
                ParamKindInfo::Rest => rest = Some(p.ty),
            }
        }
        self.p.types.add(Type::Function(FunctionType {
            params: types,
            required,
            rest,
            ret,
            is_isolated,
            is_transactional: false,
        }))
    }

    /// Fills a class's fields, methods and object type. Methods get `FunctionInfo`s.
    pub(crate) fn fill_class(
        &mut self,
        class: ClassId,
        place: Place,
        source: Option<ItemRef>,
        qualifiers: &ast::Qualifiers,
        members: &'a [ast::ClassMember],
    ) {
        let mut object = ObjectType {
            fields: Vec::new(),
            methods: Vec::new(),
            distinct_ids: Vec::new(),
            class: Some(class),
            is_readonly: qualifiers.readonly,
            is_isolated: qualifiers.isolated,
            is_client: qualifiers.client,
            is_service: qualifiers.service,
        };
        if qualifiers.distinct {
            let fresh = self.fresh_distinct();
            object.distinct_ids.push(fresh);
            if let Some(info) = self.p.classes.get(class.index()) {
                let owner = (info.module, info.name.clone());
                self.p.distinct_names.insert(fresh, owner);
            }
        }
        let mut fields = Vec::new();
        let mut methods = Vec::new();
        let mut init = None;
        // Fields that came from inclusions (`*T;`): a field declared in the class overrides one.
        let mut included_fields: Vec<(String, TypeId)> = Vec::new();
        // Methods of included object types, each with the inclusion's span.
        let mut required_methods: Vec<(String, TypeId, intc_span::Span)> = Vec::new();
        let mut required_remote: Vec<(String, bool, intc_span::Span)> = Vec::new();
        let module = place.module;
        for (member_index, member) in members.iter().enumerate() {
            match member {
                ast::ClassMember::Field(f) => {
                    let ty = self.resolve_type(place, &f.ty);
                    let ty = if qualifiers.readonly {
                        self.readonly_of(ty)
                    } else {
                        ty
                    };
                    let default = f.default.as_ref().map(|expr| {
                        self.pending_defaults
                            .push(PendingDefault { place, expr, ty });
                        self.defer_expr(place.file, expr)
                    });
                    if let Some(i) = included_fields.iter().position(|(n, _)| n == &f.name.name) {
                        let (_, included) = included_fields.remove(i);
                        fields.retain(|x: &ClassFieldInfo| x.name != f.name.name);
                        object.fields.retain(|x| x.name != f.name.name);
                        self.check_field_override(&f.name, included, ty);
                    } else if fields
                        .iter()
                        .any(|x: &ClassFieldInfo| x.name == f.name.name)
                    {
                        let message = format!("redeclared symbol '{}'", f.name.name);
                        self.error(codes::DUPLICATE_DEFINITION, f.name.span, message);
                    }
                    // Members without `private` are visible in the whole module.
                    let is_public = f.visibility != ast::Visibility::Private;
                    let is_final = f.is_final || qualifiers.readonly;
                    fields.push(ClassFieldInfo {
                        name: f.name.name.clone(),
                        ty,
                        is_final,
                        is_public,
                        default,
                    });
                    object.fields.push(ObjectField {
                        name: f.name.name.clone(),
                        ty,
                        is_public,
                        is_final,
                    });
                }
                ast::ClassMember::Method(def) => {
                    self.check_remote_allowed(qualifiers, def.qualifiers.remote, def.name.span);
                    let id = FunctionId(self.p.functions.len() as u32);
                    let external = matches!(def.body, ast::FunctionBody::External(..));
                    let (params, ret, ty) = self.signature_info(
                        place,
                        &def.signature,
                        def.qualifiers.isolated,
                        external,
                    );
                    let ty = self.mark_transactional(ty, def.qualifiers.transactional);
                    let is_public = def.visibility != ast::Visibility::Private;
                    // An external method's native: `<org>.<module>:<Class>.<method>`; a
                    // resource method is named as in stack traces (`$get$albums$^^`), without
                    // the types its declared name keys the path parameters by.
                    let native_name = external.then(|| {
                        let m = &self.p.modules[module.index()];
                        let class_name = &self.p.classes[class.index()].name;
                        let method = intc_syntax::resource::trace_name(&def.name.name)
                            .unwrap_or_else(|| def.name.name.clone());
                        format!("{}.{}:{}.{}", m.org, m.name, class_name, method)
                    });
                    self.p.functions.push(FunctionInfo {
                        name: def.name.name.clone(),
                        module,
                        kind: FunctionKind::Method(class),
                        is_public,
                        params,
                        ret,
                        ty,
                        is_external: external,
                        native_name,
                        source,
                        member: Some(member_index),
                    });
                    if def.name.name == "init" {
                        init = Some(id);
                        if !self.p.types.is_subtype(ret, TypeArena::ERROR_OR_NIL)
                            || !self.p.types.is_subtype(TypeArena::NIL, ret)
                        {
                            let message = format!(
                                "invalid object constructor return type '{}', expected a subtype of 'error?' containing '()'",
                                self.p.types.display(ret)
                            );
                            self.error(codes::TYPE_MISMATCH, def.name.span, message);
                        }
                    } else {
                        // Two resource methods with one name have the same accessor and path
                        // shape: reported as such (E0603) by `services.rs`.
                        let resource = def.name.name.starts_with('$');
                        if !resource
                            && methods
                                .iter()
                                .any(|(n, _): &(String, FunctionId)| n == &def.name.name)
                        {
                            let message = format!("redeclared symbol '{}'", def.name.name);
                            self.error(codes::DUPLICATE_DEFINITION, def.name.span, message);
                        }
                        methods.push((def.name.name.clone(), id));
                        object.methods.push(ObjectMethod {
                            name: def.name.name.clone(),
                            ty,
                            is_public,
                            is_remote: def.qualifiers.remote,
                        });
                    }
                }
                ast::ClassMember::Inclusion(desc) => {
                    let included = self.resolve_type(place, desc);
                    if let Type::Object(o) = self.p.types.get(included).clone() {
                        for f in o.fields {
                            if !fields.iter().any(|x: &ClassFieldInfo| x.name == f.name) {
                                included_fields.push((f.name.clone(), f.ty));
                                fields.push(ClassFieldInfo {
                                    name: f.name.clone(),
                                    ty: f.ty,
                                    is_final: f.is_final,
                                    is_public: f.is_public,
                                    default: None,
                                });
                                object.fields.push(f);
                            }
                        }
                        object.distinct_ids.extend(o.distinct_ids);
                        required_remote.extend(
                            o.methods
                                .iter()
                                .map(|m| (m.name.clone(), m.is_remote, desc.span)),
                        );
                        required_methods
                            .extend(o.methods.into_iter().map(|m| (m.name, m.ty, desc.span)));
                    }
                }
            }
        }
        self.check_included_remote(class, &object.methods, &required_remote);
        self.check_included_methods(class, source, &methods, &required_methods);
        let info = &mut self.p.classes[class.index()];
        info.fields = fields;
        info.methods = methods;
        info.init = init;
        let ty = info.ty;
        self.p.types.set(ty, Type::Object(object));
    }

    /// A class that includes an object type (`*Shape;`) must define every method of it, with
    /// a signature that fits the declared one.
    fn check_included_methods(
        &mut self,
        class: ClassId,
        source: Option<ItemRef>,
        methods: &[(String, FunctionId)],
        required: &[(String, TypeId, intc_span::Span)],
    ) {
        let class_name = self.p.classes[class.index()].name.clone();
        let (kind, at) = match source.and_then(|s| self.item_of(s)) {
            Some(ast::Item::Class(def)) => ("class", Some(def.name.span)),
            _ => ("object constructor", None),
        };
        let mut reported: Vec<&str> = Vec::new();
        for (name, declared, inclusion) in required {
            if reported.contains(&name.as_str()) {
                continue;
            }
            let defined = methods.iter().find(|(m, _)| m == name).map(|&(_, f)| f);
            let message = match defined {
                None => format!(
                    "no implementation found for the method '{name}' of {kind} '{class_name}'"
                ),
                Some(function) => {
                    let found = self.p.functions[function.index()].ty;
                    if self.p.types.is_unknown(found)
                        || self.p.types.is_unknown(*declared)
                        || self.p.types.is_subtype(found, *declared)
                    {
                        continue;
                    }
                    format!(
                        "mismatched function signatures for method '{name}': expected '{}', found '{}'",
                        self.p.types.display(*declared),
                        self.p.types.display(found)
                    )
                }
            };
            reported.push(name);
            self.error(
                codes::UNIMPLEMENTED_METHOD,
                at.unwrap_or(*inclusion),
                message,
            );
        }
    }
}
