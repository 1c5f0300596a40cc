//! Annotations: declarations (`annotation T tag on type, function;`), their attachments to
//! constructs (attach point, value type, duplicates) and the annotation access `t.@tag`.
//!
//! Tags live in their own symbol space per module (`Checker::annot_scopes`). Attachments to
//! constructs visible at run time are recorded as [`AnnotationSet`]s for lowering; those on
//! source-only constructs (constants, local variables, external bodies) are only checked.

use crate::checker::HashMap;
use crate::checker::{Checker, ImportTarget, Place};
use crate::model::*;
use intc_diagnostics::codes;
use intc_syntax::ast::{self, AttachPointKind};

/// Annotations met while resolving a type descriptor (record fields, members of object type
/// descriptors), checked once every tag is declared.
pub(crate) struct PendingAnnots<'a> {
    pub place: Place,
    pub site: Site,
    /// For a field: the record or object type and the field's name (its run-time target).
    pub field: Option<(TypeId, String)>,
    pub annots: &'a [ast::Annotation],
}

/// Which construct annotations are attached to, for the attach-point check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Site {
    Function,
    Method { remote: bool, service: bool },
    Parameter,
    Return,
    Type,
    Class,
    Service,
    RecordField,
    ObjectField,
    Var,
    Const,
    Annotation,
    External,
    Worker,
}

impl Site {
    /// The name in "annotation 'x' is not allowed on <name>".
    fn name(self) -> &'static str {
        match self {
            Site::Function => "function",
            Site::Method { .. } => "object function",
            Site::Parameter => "parameter",
            Site::Return => "return",
            Site::Type => "type",
            Site::Class => "class",
            Site::Service => "service",
            Site::RecordField => "record field",
            Site::ObjectField => "object field",
            Site::Var => "var",
            Site::Const => "const",
            Site::Annotation => "annotation",
            Site::External => "external",
            Site::Worker => "worker",
        }
    }

    fn allows(self, point: AttachPointKind) -> bool {
        use AttachPointKind as K;
        match self {
            Site::Function => point == K::Function,
            Site::Method { remote, service } => {
                matches!(point, K::Function | K::ObjectFunction)
                    || (point == K::ServiceRemoteFunction && remote && service)
            }
            Site::Parameter => point == K::Parameter,
            Site::Return => point == K::Return,
            Site::Type => point == K::Type,
            Site::Class => point == K::Class,
            Site::Service => point == K::Service,
            Site::RecordField => matches!(point, K::Field | K::RecordField),
            Site::ObjectField => matches!(point, K::Field | K::ObjectField),
            Site::Var => point == K::Var,
            Site::Const => point == K::Const,
            Site::Annotation => point == K::Annotation,
            Site::External => point == K::External,
            Site::Worker => point == K::Worker,
        }
    }
}

impl<'a> Checker<'a> {
    /// Declares every module's annotation tags, then checks every attachment.
    pub(crate) fn check_annotations(&mut self) {
        self.declare_annotations();
        self.check_item_attachments();
        self.check_pending_annotations(true);
    }

    /// Checks the annotations queued while resolving type descriptors. Those met inside
    /// function bodies (`with_targets` false) are checked only: their values are not
    /// evaluated at run time.
    pub(crate) fn check_pending_annotations(&mut self, with_targets: bool) {
        let pending = std::mem::take(&mut self.pending_annots);
        let mut seen = std::collections::HashSet::new();
        for item in pending {
            let Some(first) = item.annots.first() else {
                continue;
            };
            // A type descriptor resolved twice lists its annotations twice.
            if !seen.insert((first.span, item.field.as_ref().map(|f| f.0))) {
                continue;
            }
            let target = item
                .field
                .filter(|_| with_targets)
                .map(|(ty, name)| AnnotationTarget::Field(ty, name));
            self.attach(item.place, item.annots, item.site, target);
        }
    }

    /// Queues the annotations of a method declared in an object type descriptor.
    pub(crate) fn pending_method_annots(
        &mut self,
        place: Place,
        annots: &'a [ast::Annotation],
        signature: &'a ast::FunctionSignature,
        remote: bool,
    ) {
        let site = Site::Method {
            remote,
            service: false,
        };
        self.pending_annots.push(PendingAnnots {
            place,
            site,
            field: None,
            annots,
        });
        for param in &signature.params {
            self.pending_annots.push(PendingAnnots {
                place,
                site: Site::Parameter,
                field: None,
                annots: &param.annots,
            });
        }
        self.pending_annots.push(PendingAnnots {
            place,
            site: Site::Return,
            field: None,
            annots: &signature.return_annots,
        });
    }

    /// Checks the annotations on the members of an object constructor. They are evaluated
    /// only for a service declaration's object (`first_function`: the id of its first method),
    /// the one object constructor that is a module-level construct.
    pub(crate) fn check_constructor_annotations(
        &mut self,
        members: &'a [ast::ClassMember],
        first_function: Option<usize>,
    ) {
        let place = self.place;
        let mut function_index = first_function;
        for member in members {
            match member {
                ast::ClassMember::Field(field) => {
                    self.attach(place, &field.annots, Site::ObjectField, None);
                }
                ast::ClassMember::Method(def) => {
                    let id = function_index.map(|i| FunctionId(i as u32));
                    function_index = function_index.map(|i| i + 1);
                    let site = Site::Method {
                        remote: def.qualifiers.remote,
                        service: false,
                    };
                    let target = id.map(AnnotationTarget::Function);
                    self.attach(place, &def.annots, site, target);
                    for (i, param) in def.signature.params.iter().enumerate() {
                        let target = id.map(|id| AnnotationTarget::Param(id, i));
                        self.attach(place, &param.annots, Site::Parameter, target);
                    }
                    let ret = &def.signature.return_annots;
                    let target = id.map(AnnotationTarget::Return);
                    self.attach(place, ret, Site::Return, target);
                }
                ast::ClassMember::Inclusion(_) => {}
            }
        }
    }

    fn declare_annotations(&mut self) {
        self.annot_scopes = vec![HashMap::default(); self.modules.len()];
        let modules = self.modules;
        for (module_index, module) in modules.iter().enumerate() {
            let module_id = ModuleId(module_index as u32);
            for file in &module.files {
                let place = Place {
                    module: module_id,
                    file: file.file,
                };
                for item in &file.items {
                    if let ast::Item::Annotation(decl) = item {
                        self.declare_annotation(place, decl);
                    }
                }
            }
        }
    }

    fn declare_annotation(&mut self, place: Place, decl: &'a ast::AnnotationDecl) {
        let true_ty = self.p.types.singleton(ConstValue::Boolean(true));
        let ty = match &decl.ty {
            Some(desc) => self.resolve_type(place, desc),
            None => true_ty,
        };
        let (value_ty, multiple) = match self.p.types.get(ty).clone() {
            Type::Array { element, .. } => (element, true),
            _ => (ty, false),
        };
        let valid_value = self.p.types.is_subtype(value_ty, TypeArena::MAP_ANYDATA)
            || (!multiple && self.p.types.is_subtype(value_ty, true_ty));
        if !valid_value && !self.p.types.is_unknown(ty) {
            let message = format!(
                "annotation declaration requires a subtype of 'true', 'map<anydata>' or 'map<anydata>[]', but found '{}'",
                self.p.types.display(ty)
            );
            let span = decl.ty.as_ref().map_or(decl.name.span, |t| t.span);
            self.error(codes::INVALID_ANNOTATION_TYPE, span, message);
        }
        if !decl.is_const && decl.attach_points.iter().any(|p| p.source) {
            self.error(
                codes::ANNOTATION_REQUIRES_CONST,
                decl.name.span,
                "annotation declaration with 'source' attach point(s) should be a 'const' declaration",
            );
        }
        let info = &self.p.modules[place.module.index()];
        let key = if info.org.is_empty() {
            format!("{}:{}", info.name, decl.name.name)
        } else {
            format!("{}/{}:{}", info.org, info.name, decl.name.name)
        };
        let id = AnnotationId(self.p.annotations.len() as u32);
        self.p.annotations.push(AnnotationInfo {
            name: decl.name.name.clone(),
            module: place.module,
            is_public: decl.visibility == ast::Visibility::Public,
            is_const: decl.is_const,
            ty,
            value_ty,
            multiple,
            attach_points: decl
                .attach_points
                .iter()
                .map(|p| (p.source, p.kind))
                .collect(),
            key,
        });
        let Some(scope) = self.annot_scopes.get_mut(place.module.index()) else {
            return;
        };
        if scope.insert(decl.name.name.clone(), id).is_some() {
            let message = format!("redeclared symbol '{}'", decl.name.name);
            self.error(codes::DUPLICATE_DEFINITION, decl.name.span, message);
        }
    }

    /// Checks the annotations of every module-level construct and class member.
    fn check_item_attachments(&mut self) {
        for index in 0..self.p.functions.len() {
            let id = FunctionId(index as u32);
            let info = self.p.functions[index].clone();
            let Some(source) = info.source else {
                continue;
            };
            let place = Place {
                module: source.module,
                file: source.file,
            };
            let (def, site) = match (self.item_of(source), info.member) {
                (Some(ast::Item::Function(def)), None) => (def, Site::Function),
                (Some(ast::Item::Class(class)), Some(member)) => {
                    let Some(ast::ClassMember::Method(def)) = class.members.get(member) else {
                        continue;
                    };
                    let site = Site::Method {
                        remote: def.qualifiers.remote,
                        service: class.qualifiers.service,
                    };
                    (def, site)
                }
                _ => continue,
            };
            self.attach(
                place,
                &def.annots,
                site,
                Some(AnnotationTarget::Function(id)),
            );
            for (i, param) in def.signature.params.iter().enumerate() {
                let target = AnnotationTarget::Param(id, i);
                self.attach(place, &param.annots, Site::Parameter, Some(target));
            }
            let ret = &def.signature.return_annots;
            self.attach(place, ret, Site::Return, Some(AnnotationTarget::Return(id)));
            if let ast::FunctionBody::External(_, annots) = &def.body {
                self.attach(place, annots, Site::External, None);
            }
        }
        for index in 0..self.p.type_defs.len() {
            let info = self.p.type_defs[index].clone();
            let place = Place {
                module: info.module,
                file: info.source.file,
            };
            let annots = match self.item_of(info.source) {
                Some(ast::Item::TypeDef(def)) => &def.annots,
                Some(ast::Item::Enum(def)) => &def.annots,
                _ => continue,
            };
            self.attach(
                place,
                annots,
                Site::Type,
                Some(AnnotationTarget::Type(info.ty)),
            );
        }
        for index in 0..self.p.classes.len() {
            let info = self.p.classes[index].clone();
            let ClassSource::Item(source) = info.source else {
                continue;
            };
            let Some(ast::Item::Class(class)) = self.item_of(source) else {
                continue;
            };
            let place = Place {
                module: info.module,
                file: source.file,
            };
            let target = AnnotationTarget::Type(info.ty);
            self.attach(place, &class.annots, Site::Class, Some(target));
            for member in &class.members {
                if let ast::ClassMember::Field(field) = member {
                    let target = AnnotationTarget::Field(info.ty, field.name.name.clone());
                    self.attach(place, &field.annots, Site::ObjectField, Some(target));
                }
            }
        }
        let mut previous = None;
        for index in 0..self.p.globals.len() {
            let info = self.p.globals[index].clone();
            if previous == Some(info.source) {
                continue;
            }
            previous = Some(info.source);
            let Some(ast::Item::Var(var)) = self.item_of(info.source) else {
                continue;
            };
            let place = Place {
                module: info.module,
                file: info.source.file,
            };
            let target = AnnotationTarget::Global(GlobalId(index as u32));
            self.attach(place, &var.annots, Site::Var, Some(target));
        }
        let modules = self.modules;
        for (module_index, module) in modules.iter().enumerate() {
            for file in &module.files {
                let place = Place {
                    module: ModuleId(module_index as u32),
                    file: file.file,
                };
                for item in &file.items {
                    match item {
                        ast::Item::Const(def) => self.attach(place, &def.annots, Site::Const, None),
                        ast::Item::Annotation(def) => {
                            self.attach(place, &def.annots, Site::Annotation, None)
                        }
                        _ => {}
                    }
                }
            }
        }
    }

    /// Checks the annotations of an anonymous function (`object` is `None`) or of an object
    /// constructor (`Some(is_service)`): a service object constructor is a `service`, any
    /// other one a `class`. Their values are not evaluated at run time.
    pub(crate) fn check_expression_annotations(
        &mut self,
        annots: &'a [ast::Annotation],
        object: Option<bool>,
    ) {
        let site = match object {
            None => Site::Function,
            Some(true) => Site::Service,
            Some(false) => Site::Class,
        };
        let place = self.place;
        self.attach(place, annots, site, None);
    }

    /// The annotations of a service declaration: kept at run time on the type of its service
    /// object (what `(typeof s).@tag` reads).
    pub(crate) fn check_service_annotations(&mut self, annots: &'a [ast::Annotation], ty: TypeId) {
        let place = self.place;
        self.attach(
            place,
            annots,
            Site::Service,
            Some(AnnotationTarget::Type(ty)),
        );
    }

    /// Checks the annotations of a named worker (source-only).
    pub(crate) fn check_worker_annotations(&mut self, annots: &'a [ast::Annotation]) {
        let place = self.place;
        self.attach(place, annots, Site::Worker, None);
    }

    /// Checks the annotations of a local variable declaration (source-only).
    pub(crate) fn check_local_var_annotations(&mut self, annots: &'a [ast::Annotation]) {
        if annots.is_empty() {
            return;
        }
        let place = self.place;
        self.attach(place, annots, Site::Var, None);
    }

    /// Resolves and checks the annotations on one construct; records them for `target`.
    fn attach(
        &mut self,
        place: Place,
        annots: &'a [ast::Annotation],
        site: Site,
        target: Option<AnnotationTarget>,
    ) {
        if annots.is_empty() {
            return;
        }
        let saved_fx = std::mem::take(&mut self.fx);
        let mut entries: Vec<AttachedAnnotation> = Vec::new();
        self.with_place(place, |c| {
            for annot in annots {
                let Some(id) = c.resolve_annotation(annot.module.as_ref(), &annot.name) else {
                    if let Some(value) = &annot.value {
                        c.check_orphan_value(place, value);
                    }
                    continue;
                };
                let info = c.p.annotations[id.index()].clone();
                if !info.attach_points.is_empty()
                    && !info.attach_points.iter().any(|&(_, p)| site.allows(p))
                {
                    let message = format!(
                        "annotation '{}' is not allowed on {}",
                        annot.name.name,
                        site.name()
                    );
                    c.error(codes::ANNOTATION_NOT_ALLOWED, annot.span, message);
                }
                if !info.multiple && entries.iter().any(|e| e.annotation == id) {
                    let message = format!(
                        "cannot specify more than one annotation value for annotation '{}'",
                        annot.name.name
                    );
                    c.error(codes::DUPLICATE_ANNOTATION, annot.span, message);
                }
                let is_flag = !c.p.types.is_subtype(info.value_ty, TypeArena::MAP_ANYDATA);
                let value = match &annot.value {
                    Some(value) if is_flag => {
                        let message = format!(
                            "no annotation value expected for annotation '{}'",
                            annot.name.name
                        );
                        c.error(codes::ANNOTATION_VALUE_NOT_EXPECTED, value.span, message);
                        None
                    }
                    Some(value) => {
                        c.begin_body(place.file, TypeArena::NIL);
                        c.fx.in_module_init = true;
                        // Annotation values are evaluated with the module's variables,
                        // before its `init` runs.
                        c.fx.in_module_var_init = true;
                        let errors = c.diags.len();
                        c.check_assignable(value, info.value_ty);
                        // The value of a `const` annotation is a constant expression (spec
                        // "Annotations").
                        if info.is_const && c.diags.len() == errors {
                            c.const_expr_value(place, value);
                        }
                        Some(c.defer_expr(place.file, value))
                    }
                    None => {
                        if !is_flag && c.has_required_fields(info.value_ty) {
                            let message = format!(
                                "annotation value expected for annotation '{}'",
                                annot.name.name
                            );
                            c.error(codes::ANNOTATION_VALUE_REQUIRED, annot.span, message);
                        }
                        None
                    }
                };
                entries.push(AttachedAnnotation {
                    annotation: id,
                    value,
                });
            }
        });
        self.fx = saved_fx;
        if let Some(target) = target {
            if !entries.is_empty() {
                self.p.annotation_sets.push(AnnotationSet {
                    target,
                    module: place.module,
                    entries,
                });
            }
        }
    }

    /// Types the value of an undefined annotation so its names are still resolved.
    fn check_orphan_value(&mut self, place: Place, value: &'a ast::Expr) {
        let saved = self.suppress_errors;
        self.suppress_errors = true;
        self.begin_body(place.file, TypeArena::NIL);
        self.check_expr(value, None);
        self.suppress_errors = saved;
    }

    /// True when `{}` does not belong to the mapping type `ty` (a required record field).
    fn has_required_fields(&self, ty: TypeId) -> bool {
        match self.p.types.get(ty) {
            Type::Record(record) => record
                .fields
                .iter()
                .any(|f| !f.optional && f.default.is_none()),
            Type::ReadonlyOf(inner) => self.has_required_fields(*inner),
            Type::Union(members) => members.iter().all(|&m| self.has_required_fields(m)),
            _ => false,
        }
    }

    /// Finds an annotation tag (`tag` in this module, `mod:tag` through an import), reporting
    /// an undefined or non-public one.
    fn resolve_annotation(
        &mut self,
        module: Option<&ast::Ident>,
        name: &ast::Ident,
    ) -> Option<AnnotationId> {
        let found = match module {
            None => self
                .annot_scopes
                .get(self.place.module.index())
                .and_then(|scope| scope.get(&name.name))
                .copied(),
            Some(prefix) => match self.import_target(self.place.file, &prefix.name) {
                Some(ImportTarget::Module(m)) => {
                    let found = self
                        .annot_scopes
                        .get(m.index())
                        .and_then(|scope| scope.get(&name.name))
                        .copied();
                    if let Some(id) = found {
                        if !self.p.annotations[id.index()].is_public {
                            let message =
                                format!("attempt to refer to non-public symbol '{}'", name.name);
                            self.error(codes::NOT_VISIBLE, name.span, message);
                            return None;
                        }
                    }
                    found
                }
                Some(ImportTarget::Lang(_)) => None,
                None => {
                    self.unknown_prefix(prefix);
                    return None;
                }
            },
        };
        let found = match (found, module) {
            (None, None) => self.lang_annotation(&name.name),
            (found, _) => found,
        };
        if found.is_none() {
            let full = match module {
                Some(prefix) => format!("{}:{}", prefix.name, name.name),
                None => name.name.clone(),
            };
            let message = format!("undefined annotation '{full}'");
            self.error(codes::UNDEFINED_ANNOTATION, name.span, message);
        }
        found
    }

    /// The annotations of `lang.annotations` that every module sees without an import:
    /// `@deprecated` (a flag) and `@display` (`record { string label; string iconPath?; }`,
    /// open, so its other optional fields such as `kind` are accepted). Declared on first use.
    fn lang_annotation(&mut self, name: &str) -> Option<AnnotationId> {
        let key = format!("ballerina/lang.annotations:{name}");
        if let Some(index) = self.p.annotations.iter().position(|a| a.key == key) {
            return Some(AnnotationId(index as u32));
        }
        let ty = match name {
            "deprecated" => self.p.types.singleton(ConstValue::Boolean(true)),
            "display" => {
                let field = |name: &str, optional: bool| RecordField {
                    name: name.to_string(),
                    ty: TypeArena::STRING,
                    optional,
                    readonly: false,
                    default: None,
                };
                self.p.types.add(Type::Record(RecordType {
                    fields: vec![field("label", false), field("iconPath", true)],
                    rest: Some(TypeArena::ANYDATA),
                }))
            }
            _ => return None,
        };
        let id = AnnotationId(self.p.annotations.len() as u32);
        self.p.annotations.push(AnnotationInfo {
            name: name.to_string(),
            module: self.place.module,
            is_public: true,
            is_const: true,
            ty,
            value_ty: ty,
            multiple: false,
            attach_points: Vec::new(),
            key,
        });
        Some(id)
    }

    /// `t.@tag`: `t` must be a typedesc; the result is the tag's type or `()`.
    pub(crate) fn check_annot_access(
        &mut self,
        expr: &'a ast::Expr,
        base: &'a ast::Expr,
        module: Option<&ast::Ident>,
        name: &ast::Ident,
    ) -> TypeId {
        let base_ty = self.check_expr(base, None);
        if !self.p.types.is_subtype(base_ty, TypeArena::TYPEDESC) {
            let message = format!(
                "incompatible types: expected 'typedesc', found '{}'",
                self.p.types.display(base_ty)
            );
            self.error(codes::TYPE_MISMATCH, base.span, message);
        }
        let Some(id) = self.resolve_annotation(module, name) else {
            return TypeArena::UNKNOWN;
        };
        let key = self.key(expr.id);
        self.p.annot_accesses.insert(key, id);
        let ty = self.p.annotations[id.index()].ty;
        self.p.types.optional(ty)
    }
}
