//! Which services share mutable state between requests (issue 7, "Using the cores").
//!
//! A listener may serve a service on every core — one isolate per thread, each with its own
//! copy of the module state the service reaches — only when no request can observe what
//! another request changed. [`analyse_sharing`] proves that from the IR, conservatively: it
//! walks every function a service class's methods can reach and collects the module variables
//! they read or write. The service is [`Sharing::Replicable`] when each of those is final (so
//! the copies hold equal values for ever, provided each value can be copied, which the
//! runtime checks when it makes the copies); otherwise [`Sharing::Pinned`] names the first
//! variable that prevents more, for the listener's start-up log.
//!
//! What a method can reach, over-approximated where the IR does not say:
//! - direct calls, `start`ed calls, functions loaded as values and closures made;
//! - a method call by name reaches that method of every class (dispatch is dynamic);
//! - an object constructed reaches its class's `init`;
//! - a call through a function value reaches every function the program loads as a value or
//!   makes a closure of anywhere (module initialization included);
//! - a call of a standard library native reaches every function of that native's module
//!   (natives call back into their module's Ballerina code by name);
//! - every record default function (the runtime calls them while converting values).

use crate::{ClassId, FuncId, GlobalId, Instruction, NativeRef, Program};
use std::collections::HashSet;

/// Whether a service class's requests may be served by copies of the module state.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Sharing {
    /// Every module variable reached is final; these are the ones reached (a copy of the
    /// module state needs only them), in increasing order.
    Replicable { globals: Vec<GlobalId> },
    /// A module variable that is not final is reached, from the function named.
    Pinned { global: GlobalId, by: FuncId },
    /// Not analysed (a class without resource or remote methods).
    #[default]
    Unknown,
}

/// Sets [`crate::ServiceClass::sharing`] for every service class of `program`.
pub fn analyse_sharing(program: &mut Program) {
    let universe = Universe::new(program);
    let verdicts: Vec<Sharing> = program
        .services
        .iter()
        .map(|service| universe.verdict(program, service.class))
        .collect();
    for (service, verdict) in program.services.iter_mut().zip(verdicts) {
        service.sharing = verdict;
    }
}

/// Facts about the whole program the walk consults.
struct Universe {
    /// Functions loaded as values or made into closures anywhere.
    function_values: Vec<FuncId>,
    /// Record default functions.
    record_defaults: Vec<FuncId>,
}

impl Universe {
    fn new(program: &Program) -> Universe {
        let mut function_values = Vec::new();
        for function in &program.functions {
            for instruction in &function.code {
                match instruction {
                    Instruction::LoadFunction { func, .. }
                    | Instruction::MakeClosure { func, .. } => function_values.push(*func),
                    _ => {}
                }
            }
        }
        function_values.sort_unstable_by_key(|f| f.0);
        function_values.dedup();
        Universe {
            function_values,
            record_defaults: program.record_defaults.iter().map(|d| d.func).collect(),
        }
    }

    fn verdict(&self, program: &Program, class: ClassId) -> Sharing {
        let Some(class_def) = program.classes.get(class.index()) else {
            return Sharing::Unknown;
        };
        let mut walk = Walk::default();
        for (name, func) in &class_def.methods {
            // `init` runs once, when the service object is made, not per request.
            if name != "init" {
                walk.push(*func);
            }
        }
        walk.push_all(&self.record_defaults);
        while let Some(func) = walk.queue.pop() {
            let Some(function) = program.functions.get(func.index()) else {
                continue;
            };
            for instruction in &function.code {
                self.step(program, &mut walk, func, instruction);
            }
        }
        let mut reached: Vec<(GlobalId, FuncId)> = walk.globals;
        reached.sort_unstable_by_key(|(g, _)| g.0);
        reached.dedup_by_key(|(g, _)| g.0);
        for &(global, by) in &reached {
            let final_ = program
                .globals
                .get(global.index())
                .is_some_and(|g| g.is_final);
            if !final_ {
                return Sharing::Pinned { global, by };
            }
        }
        Sharing::Replicable {
            globals: reached.into_iter().map(|(g, _)| g).collect(),
        }
    }

    fn step(&self, program: &Program, walk: &mut Walk, from: FuncId, instruction: &Instruction) {
        match instruction {
            Instruction::GlobalGet { global, .. } | Instruction::GlobalSet { global, .. } => {
                walk.globals.push((*global, from));
            }
            Instruction::Call { func, .. }
            | Instruction::LoadFunction { func, .. }
            | Instruction::MakeClosure { func, .. } => walk.push(*func),
            Instruction::CallIndirect { .. } if !walk.indirect => {
                walk.indirect = true;
                walk.push_all(&self.function_values);
            }
            Instruction::CallMethod { method, .. } if walk.methods.insert(method.0) => {
                let name = program.constant_string(*method);
                for class in &program.classes {
                    for (method_name, func) in &class.methods {
                        if Some(method_name.as_str()) == name {
                            walk.push(*func);
                        }
                    }
                }
            }
            Instruction::NewObject { class, .. } => {
                if let Some(class) = program.classes.get(class.index()) {
                    for (name, func) in &class.methods {
                        if name == "init" {
                            walk.push(*func);
                        }
                    }
                }
            }
            Instruction::CallNative { native, .. }
            | Instruction::CallNativeSpread { native, .. } => {
                if let Some(NativeRef::Named(name)) = program.natives.get(native.index()) {
                    let module = native_module(name);
                    if walk.native_modules.insert(module.to_string()) {
                        for (index, function) in program.functions.iter().enumerate() {
                            let func = FuncId(index as u32);
                            // Module initialization ran once, before any request.
                            if function.module.as_deref() == Some(module)
                                && !program.module_inits.contains(&func)
                            {
                                walk.push(func);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// `std.http:Client.get` → `http`; `std.data.jsondata:parse` → `jsondata` (the display prefix
/// of a module is the last component of its dotted name).
fn native_module(name: &str) -> &str {
    let qualified = name.split(':').next().unwrap_or(name);
    qualified.rsplit('.').next().unwrap_or(qualified)
}

#[derive(Default)]
struct Walk {
    seen: HashSet<u32>,
    queue: Vec<FuncId>,
    globals: Vec<(GlobalId, FuncId)>,
    methods: HashSet<u32>,
    native_modules: HashSet<String>,
    indirect: bool,
}

impl Walk {
    fn push(&mut self, func: FuncId) {
        if self.seen.insert(func.0) {
            self.queue.push(func);
        }
    }

    fn push_all(&mut self, funcs: &[FuncId]) {
        for &func in funcs {
            self.push(func);
        }
    }
}
