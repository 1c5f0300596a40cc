//! What the runtime needs to know about listeners and services: the functions that drive a
//! listener's lifecycle, and per class the resource and remote methods a listener module's
//! natives dispatch to (lowering records them; the runtime never analyses a class).

use crate::{ClassId, FuncId, TypeId};

/// Functions of one parameter (a listener object) calling its `start`, `gracefulStop` and
/// `immediateStop` methods, each returning what the method returned. The runtime's program
/// lifecycle calls them for every registered listener.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListenerHooks {
    pub start: FuncId,
    pub graceful_stop: FuncId,
    pub immediate_stop: FuncId,
}

/// The resource and remote methods of a class with at least one of them.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceClass {
    pub class: ClassId,
    pub resources: Vec<ResourceMethod>,
    pub remotes: Vec<RemoteMethod>,
    /// Whether copies of the module state may serve its requests (`sharing.rs`).
    pub sharing: crate::Sharing,
}

/// `resource function get albums/[int id](string q = "") returns T`.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceMethod {
    /// `get`, `post`, ..., `default`.
    pub accessor: String,
    /// Empty for the `.` path.
    pub path: Vec<PathSegment>,
    /// The parameters after the path parameters.
    pub params: Vec<MethodParam>,
    pub return_type: TypeId,
    /// The method's function: `self`, then one argument per path parameter (a rest segment's
    /// as one list), then `params`.
    pub func: FuncId,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PathSegment {
    Literal(String),
    Param {
        name: String,
        ty: TypeId,
    },
    /// `[T... name]`: `ty` is the list type `T[]` the method receives.
    Rest {
        name: String,
        ty: TypeId,
    },
}

/// `remote function name(params) returns T`.
#[derive(Clone, Debug, PartialEq)]
pub struct RemoteMethod {
    pub name: String,
    pub params: Vec<MethodParam>,
    pub return_type: TypeId,
    pub func: FuncId,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MethodParam {
    pub name: String,
    /// For a rest parameter, the list type it receives.
    pub ty: TypeId,
    pub defaultable: bool,
    pub rest: bool,
    /// The parameter's annotations: the index of its set in `Program::annotations`, if any.
    pub annotations: Option<usize>,
}

/// The structural checks of the listener and service tables (part of `crate::verify`): every
/// function, class and type they name exists, and the lifecycle functions take one argument.
pub(crate) fn verify_services(program: &crate::Program, errors: &mut Vec<String>) {
    let function_ok = |f: FuncId| f.index() < program.functions.len();
    let type_ok = |t: TypeId| t.index() < program.types.len();
    if let Some(hooks) = program.listener_hooks {
        for func in [hooks.start, hooks.graceful_stop, hooks.immediate_stop] {
            match program.functions.get(func.index()) {
                Some(f) if f.num_params == 1 => {}
                _ => errors.push(format!(
                    "listener hook {func}: not a function of one parameter"
                )),
            }
        }
    }
    for service in &program.services {
        if service.class.index() >= program.classes.len() {
            errors.push(format!("service table: unknown class {}", service.class));
        }
        let params = service
            .resources
            .iter()
            .flat_map(|r| r.params.iter())
            .chain(service.remotes.iter().flat_map(|r| r.params.iter()));
        for param in params {
            if !type_ok(param.ty) {
                errors.push(format!(
                    "service table: parameter `{}` of unknown type",
                    param.name
                ));
            }
        }
        for resource in &service.resources {
            if !function_ok(resource.func) || !type_ok(resource.return_type) {
                errors.push(format!(
                    "service table: resource `{}` out of range",
                    resource.accessor
                ));
            }
            for segment in &resource.path {
                if let PathSegment::Param { ty, .. } | PathSegment::Rest { ty, .. } = segment {
                    if !type_ok(*ty) {
                        errors.push("service table: path parameter of unknown type".to_string());
                    }
                }
            }
        }
        for remote in &service.remotes {
            if !function_ok(remote.func) || !type_ok(remote.return_type) {
                errors.push(format!(
                    "service table: remote `{}` out of range",
                    remote.name
                ));
            }
        }
    }
}
