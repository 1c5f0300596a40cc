//! Listeners, service declarations and resource methods (spec "Listener declaration",
//! "Service declaration", "Resource methods"): the listener object type, the service object a
//! declaration builds and what it passes to `attach`, and the rules of resource paths.
//! Resource methods arrive from the parser as methods with encoded names
//! (`intc_syntax::resource`); their path parameters are their leading parameters.

use crate::checker::{Checker, Place};
use crate::incremental::BodyKey;
use crate::model::*;
use intc_diagnostics::codes;
use intc_span::Span;
use intc_syntax::ast;
use intc_syntax::resource::{self, Segment};

/// The methods every listener object has (the spec's `Listener<T, A>` object type).
const LISTENER_METHODS: [&str; 5] = ["attach", "detach", "start", "gracefulStop", "immediateStop"];

impl<'a> Checker<'a> {
    /// The object type of a listener, when `ty` is one: an object type with `attach`,
    /// `detach`, `start`, `gracefulStop` and `immediateStop`.
    pub(crate) fn listener_object(&self, ty: TypeId) -> Option<ObjectType> {
        let object = match self.p.types.get(ty) {
            Type::Object(o) => o.clone(),
            _ => return None,
        };
        let has_all = LISTENER_METHODS.iter().all(|name| {
            object
                .methods
                .iter()
                .any(|m| m.name == *name && !m.is_remote)
        });
        has_all.then_some(object)
    }

    /// `listener [T] name = init;`: the initializer may also produce an error (which fails
    /// module initialization); the variable's type is `T`, or the initializer's type without
    /// its error part.
    pub(crate) fn check_listener_init(
        &mut self,
        declared: Option<TypeId>,
        init: &'a ast::Expr,
    ) -> TypeId {
        let found = self.check_expr(init, declared);
        if self.p.types.is_unknown(found) {
            return declared.unwrap_or(TypeArena::UNKNOWN);
        }
        let value = self.p.types.without_error(found);
        let ty = match declared {
            Some(t) => {
                self.expect_assignable(value, t, init.span);
                t
            }
            None => value,
        };
        if !self.p.types.is_unknown(ty) && self.listener_object(ty).is_none() {
            let message = format!(
                "a listener must be a listener object (with 'attach', 'detach', 'start', 'gracefulStop' and 'immediateStop'), found '{}'",
                self.p.types.display(ty)
            );
            self.error(codes::NOT_A_LISTENER, init.span, message);
        }
        ty
    }

    /// Checks every service declaration, after the module variables (their listener
    /// expressions may name module listeners).
    pub(crate) fn check_services(&mut self) {
        let modules = self.modules;
        for (m, module) in modules.iter().enumerate() {
            for (file_index, file) in module.files.iter().enumerate() {
                for (index, item) in file.items.iter().enumerate() {
                    if let ast::Item::Service(service) = item {
                        let place = Place {
                            module: ModuleId(m as u32),
                            file: file.file,
                        };
                        // Each declaration's diagnostics and used imports are noted apart,
                        // for a kept checker to replace (`incremental.rs`).
                        let key = BodyKey::Service(ItemRef {
                            module: place.module,
                            file_index,
                            file: file.file,
                            item: index,
                        });
                        let first = self.diags.len();
                        let outer = std::mem::take(self.used_imports.get_mut());
                        self.with_place(place, |c| c.check_service(service));
                        let used = std::mem::replace(self.used_imports.get_mut(), outer);
                        if !used.is_empty() {
                            self.body_imports.insert(key, used);
                        }
                        self.marks.bodies.push((key, first..self.diags.len()));
                    }
                }
            }
        }
    }

    pub(crate) fn check_service(&mut self, service: &'a ast::ServiceDecl) {
        let file = self.place.file;
        self.begin_body(file, TypeArena::ERROR_OR_NIL);
        self.suppress_errors = self.contains_syntax_error(service.span);
        self.fx.in_module_init = true;
        let declared = service.ty.as_ref().map(|desc| {
            let place = self.place;
            self.resolve_type(place, desc)
        });
        // The listeners first: without a declared type, the service object's type is the
        // union of the service types their `attach` methods accept.
        let mut listeners = Vec::with_capacity(service.listeners.len());
        for listener in &service.listeners {
            let found = self.check_expr(listener, None);
            if self.p.types.is_unknown(found) {
                continue;
            }
            let value = self.p.types.without_error(found);
            let Some(object_type) = self.listener_object(value) else {
                let message = format!(
                    "a service must be attached to a listener object, found '{}'",
                    self.p.types.display(value)
                );
                self.error(codes::NOT_A_LISTENER, listener.span, message);
                continue;
            };
            let attach = object_type.methods.iter().find(|m| m.name == "attach");
            if let Some(Type::Function(ft)) = attach.map(|m| self.p.types.get(m.ty).clone()) {
                listeners.push((
                    listener.span,
                    ft.params.first().copied(),
                    ft.params.get(1).copied(),
                ));
            }
        }
        if declared.is_none() {
            let accepted: Vec<TypeId> = listeners.iter().filter_map(|l| l.1).collect();
            if !accepted.is_empty() {
                self.inferred_service_type = Some(self.p.types.union_of(&accepted));
            }
        }
        self.service_decl_body = true;
        let object = self.check_expr(&service.body, None);
        self.inferred_service_type = None;
        self.service_decl_body = false;
        if let (Some(declared), Some(desc)) = (declared, &service.ty) {
            if !self.p.types.is_unknown(declared) && !self.p.types.is_subtype(object, declared) {
                let message = format!(
                    "the service object is not a '{}'",
                    self.p.types.display(declared)
                );
                self.error(codes::SERVICE_TYPE, desc.span, message);
            }
        }
        let (attach_ty, attach_span) = match &service.attach {
            ast::ServiceAttach::None => (TypeArena::NIL, service.body.span),
            ast::ServiceAttach::Path(_, span) => {
                let ty = self.p.types.add(Type::Array {
                    element: TypeArena::STRING,
                    length: None,
                });
                (ty, *span)
            }
            ast::ServiceAttach::String(_, span) => (TypeArena::STRING, *span),
        };
        for (span, service_ty, point_ty) in listeners {
            if let Some(service_ty) = service_ty {
                if !self.p.types.is_subtype(object, service_ty) {
                    let message = format!(
                        "the listener accepts services of type '{}'",
                        self.p.types.display(service_ty)
                    );
                    self.error(codes::SERVICE_TYPE, span, message);
                }
            }
            match point_ty {
                Some(point_ty) => {
                    if !self.p.types.is_subtype(attach_ty, point_ty) {
                        let message = format!(
                            "the attach point must be a '{}', found '{}'",
                            self.p.types.display(point_ty),
                            self.p.types.display(attach_ty)
                        );
                        self.error(codes::ATTACH_POINT, attach_span, message);
                    }
                }
                None => {
                    let message = "the listener's 'attach' method takes no attach point";
                    self.error(codes::ATTACH_POINT, attach_span, message);
                }
            }
        }
    }

    /// The rules of resource methods of every class definition (object constructors are
    /// checked as they are typed).
    pub(crate) fn check_resource_methods(&mut self) {
        let classes: Vec<(ItemRef, ClassId)> = self
            .p
            .classes
            .iter()
            .enumerate()
            .filter_map(|(i, c)| match c.source {
                ClassSource::Item(item) => Some((item, ClassId(i as u32))),
                ClassSource::ObjectConstructor(_) => None,
            })
            .collect();
        for (item, class) in classes {
            if let Some(ast::Item::Class(def)) = self.item_of(item) {
                let place = Place {
                    module: item.module,
                    file: item.file,
                };
                self.with_place(place, |c| c.check_resource_members(class, &def.members));
            }
        }
    }

    /// Resource methods only in service and client objects, path parameters of simple
    /// types, no two methods with the same accessor and path shape.
    pub(crate) fn check_resource_members(
        &mut self,
        class: ClassId,
        members: &'a [ast::ClassMember],
    ) {
        let Some(info) = self.p.classes.get(class.index()) else {
            return;
        };
        let (is_client, ty) = (info.is_client, info.ty);
        let is_service = matches!(self.p.types.get(ty), Type::Object(o) if o.is_service);
        let methods = info.methods.clone();
        let mut seen: Vec<&str> = Vec::new();
        for member in members {
            let ast::ClassMember::Method(def) = member else {
                continue;
            };
            let name = def.name.name.as_str();
            let Some((_, segments)) = resource::decode_method(name) else {
                continue;
            };
            let span = def.name.span;
            if !is_client && !is_service {
                let message = "resource methods are only allowed in service and client objects";
                self.error(codes::RESOURCE_NOT_ALLOWED, span, message);
            }
            if seen.contains(&name) {
                let message = format!(
                    "resource method '{}' is declared twice",
                    resource::display_method(name).unwrap_or_default()
                );
                self.error(codes::DUPLICATE_RESOURCE, span, message);
                continue;
            }
            seen.push(name);
            let Some(&(_, function)) = methods.iter().find(|(n, _)| n == name) else {
                continue;
            };
            let params = self.p.functions[function.index()].params.clone();
            let path_params = segments
                .iter()
                .filter(|s| !matches!(s, Segment::Literal(_)));
            for ((segment, param), written) in path_params
                .zip(params.iter())
                .zip(def.signature.params.iter())
            {
                self.check_path_param_type(segment, param.ty, written.span);
            }
        }
    }

    fn check_path_param_type(&mut self, segment: &Segment, ty: TypeId, span: Span) {
        let simple = self.p.types.union_of(&[
            TypeArena::INT,
            TypeArena::STRING,
            TypeArena::FLOAT,
            TypeArena::BOOLEAN,
            TypeArena::DECIMAL,
        ]);
        let allowed = match segment {
            Segment::Rest(_) => self.p.types.add(Type::Array {
                element: simple,
                length: None,
            }),
            _ => simple,
        };
        if !self.p.types.is_unknown(ty) && !self.p.types.is_subtype(ty, allowed) {
            let message = format!(
                "a path parameter must be of a subtype of 'int|string|float|boolean|decimal'{}, found '{}'",
                if matches!(segment, Segment::Rest(_)) { " (an array of one for a rest segment)" } else { "" },
                self.p.types.display(ty)
            );
            self.error(codes::PATH_PARAM_TYPE, span, message);
        }
    }
}
