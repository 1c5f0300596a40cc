//! Structural verification of a program before it is run.
//!
//! The runtime relies on these invariants to index registers and tables without bounds
//! failures turning into Rust panics, so `Runtime::new` refuses unverified programs.

use crate::ids::{FuncId, TypeId};
use crate::operands::IdRef;
use crate::program::{Constant, Function, Program};
use crate::types::TypeKind;

/// Checks every structural invariant; returns all problems found.
pub fn verify(program: &Program) -> Result<(), Vec<String>> {
    let mut errors = Vec::new();
    for (index, function) in program.functions.iter().enumerate() {
        verify_function(program, FuncId(index as u32), function, &mut errors);
    }
    verify_tables(program, &mut errors);
    crate::services::verify_services(program, &mut errors);
    // Checked last: the analysis assumes the structural invariants above.
    if errors.is_empty() && program.functions.iter().any(|f| f.scalar_frame) {
        let scalar = crate::scalar::scalar_frames(program);
        for (index, function) in program.functions.iter().enumerate() {
            if function.scalar_frame && !scalar[index] {
                errors.push(format!(
                    "{} ({}): marked scalar, but its registers may hold other values or be read before written",
                    FuncId(index as u32),
                    function.name
                ));
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn type_ok(program: &Program, ty: TypeId) -> bool {
    ty.index() < program.types.len()
}

fn verify_function(program: &Program, id: FuncId, function: &Function, errors: &mut Vec<String>) {
    let name = format!("{id} ({})", function.name);
    let registers = function.num_registers as u32;
    if (function.num_params as u32 + function.num_captures as u32) > registers {
        errors.push(format!(
            "{name}: num_registers smaller than params + captures"
        ));
    }
    if function.lines.len() != function.code.len() {
        errors.push(format!(
            "{name}: line table length differs from code length"
        ));
    }
    if (function.file.0 as usize) >= program.files.len() {
        errors.push(format!("{name}: file id {} out of range", function.file.0));
    }
    if let Some(class) = function.class {
        if class.index() >= program.classes.len() {
            errors.push(format!("{name}: class {class} out of range"));
        }
    }
    if let Some(signature) = function.signature {
        if !type_ok(program, signature) {
            errors.push(format!("{name}: signature type {signature} out of range"));
        }
    }
    match function.code.last() {
        None => errors.push(format!("{name}: empty body")),
        Some(last) if !last.is_terminator() => {
            errors.push(format!("{name}: does not end in a terminator"))
        }
        Some(_) => {}
    }
    for (pc, instruction) in function.code.iter().enumerate() {
        let at = format!("{name} @{pc}");
        if let Some(target) = instruction.target() {
            if target as usize >= function.code.len() {
                errors.push(format!("{at}: jump target {target} out of range"));
            }
        }
        let operands = instruction.operands();
        for reg in &operands.registers {
            if reg.0 as u32 >= registers {
                errors.push(format!("{at}: register r{} out of range", reg.0));
            }
        }
        for range in &operands.ranges {
            if range.end() > registers {
                errors.push(format!("{at}: register window ends past num_registers"));
            }
        }
        for id in &operands.ids {
            if let Some(problem) = check_id(program, *id) {
                errors.push(format!("{at}: {problem}"));
            }
        }
        check_arity(program, instruction, &at, errors);
        if let crate::Instruction::WorkerReceiveAll { count, .. }
        | crate::Instruction::WorkerReceiveAny { count, .. } = instruction
        {
            let peers = function.code.get(pc + 1..pc + 1 + *count as usize);
            let all_peers = peers.is_some_and(|p| {
                p.iter()
                    .all(|i| matches!(i, crate::Instruction::WorkerPeer { .. }))
            });
            if *count == 0 || !all_peers {
                errors.push(format!("{at}: a receive not followed by its {count} peers"));
            }
        }
        if matches!(instruction, crate::Instruction::Start { .. }) {
            let next = function.code.get(pc + 1);
            let is_call = matches!(
                next,
                Some(
                    crate::Instruction::Call { .. }
                        | crate::Instruction::CallIndirect { .. }
                        | crate::Instruction::CallMethod { .. }
                        | crate::Instruction::CallNative { .. }
                        | crate::Instruction::CallNativeSpread { .. }
                )
            );
            if !is_call {
                errors.push(format!("{at}: start is not followed by a call"));
            }
        }
    }
}

fn check_id(program: &Program, id: IdRef) -> Option<String> {
    let ok = match id {
        IdRef::Func(f) => f.index() < program.functions.len(),
        IdRef::Class(c) => c.index() < program.classes.len(),
        IdRef::Type(t) => type_ok(program, t),
        IdRef::Const(k) => k.index() < program.constants.len(),
        IdRef::Name(k) => {
            return match program.constants.get(k.index()) {
                Some(Constant::String(_)) => None,
                Some(_) => Some(format!("constant {k} used as a name is not a string")),
                None => Some(format!("constant {k} out of range")),
            }
        }
        IdRef::Native(n) => n.index() < program.natives.len(),
        IdRef::Global(g) => g.index() < program.globals.len(),
    };
    if ok {
        None
    } else {
        Some(format!("{id:?} out of range"))
    }
}

fn check_arity(
    program: &Program,
    instruction: &crate::Instruction,
    at: &str,
    errors: &mut Vec<String>,
) {
    use crate::Instruction as I;
    match *instruction {
        I::Call { func, args, .. } => {
            if let Some(callee) = program.functions.get(func.index()) {
                if callee.num_captures != 0 {
                    errors.push(format!("{at}: direct call of {func}, which has captures"));
                }
                // Trailing defaultable parameters may be left to the callee (not before a
                // rest parameter, whose list must arrive in its own register).
                let omits_defaults = args.count < callee.num_params && callee.rest_list.is_none();
                if callee.num_params != args.count && !omits_defaults {
                    errors.push(format!(
                        "{at}: call of {func} passes {} arguments, expects {}",
                        args.count, callee.num_params
                    ));
                }
            }
        }
        I::MakeClosure { func, captures, .. } => {
            if let Some(callee) = program.functions.get(func.index()) {
                if callee.num_captures != captures.count {
                    errors.push(format!(
                        "{at}: closure of {func} captures {}, expects {}",
                        captures.count, callee.num_captures
                    ));
                }
            }
        }
        I::LoadFunction { func, .. } => {
            if let Some(callee) = program.functions.get(func.index()) {
                if callee.num_captures != 0 {
                    errors.push(format!("{at}: LoadFunction of {func} which has captures"));
                }
            }
        }
        I::NewMap { entries, .. } if entries.count % 2 != 0 => {
            errors.push(format!(
                "{at}: NewMap with an odd number of entry registers"
            ));
        }
        _ => {}
    }
}

fn verify_tables(program: &Program, errors: &mut Vec<String>) {
    for (index, def) in program.types.iter().enumerate() {
        let mut refs: Vec<TypeId> = Vec::new();
        match &def.kind {
            TypeKind::Typedesc(t)
            | TypeKind::Future(t)
            | TypeKind::ReadonlyOf(t)
            | TypeKind::Map(t) => refs.push(*t),
            TypeKind::Stream { value, completion } => refs.extend([*value, *completion]),
            TypeKind::Union(members) => refs.extend(members.iter().copied()),
            TypeKind::Table { row, key_type, .. } => {
                refs.push(*row);
                refs.extend(*key_type);
            }
            TypeKind::Array { element, .. } => refs.push(*element),
            TypeKind::Tuple { members, rest } => {
                refs.extend(members.iter().copied());
                refs.extend(rest.iter().copied());
            }
            TypeKind::Record { fields, rest } => {
                refs.extend(fields.iter().map(|f| f.ty));
                refs.extend(rest.iter().copied());
            }
            TypeKind::Error { detail, .. } => refs.extend(detail.iter().copied()),
            TypeKind::Object {
                fields,
                methods,
                class,
                ..
            } => {
                refs.extend(fields.iter().map(|f| f.ty));
                refs.extend(methods.iter().map(|m| m.ty));
                if let Some(class) = class {
                    if class.index() >= program.classes.len() {
                        errors.push(format!("type t{index}: class {class} out of range"));
                    }
                }
            }
            TypeKind::Function {
                params, rest, ret, ..
            } => {
                refs.extend(params.iter().copied());
                refs.extend(rest.iter().copied());
                refs.push(*ret);
            }
            _ => {}
        }
        for r in refs {
            if !type_ok(program, r) {
                errors.push(format!("type t{index}: refers to {r} out of range"));
            }
        }
    }
    for (index, class) in program.classes.iter().enumerate() {
        if !type_ok(program, class.ty) {
            errors.push(format!("class{index}: type {} out of range", class.ty));
        }
        for (method, func) in &class.methods {
            if func.index() >= program.functions.len() {
                errors.push(format!(
                    "class{index}: method {method} refers to missing {func}"
                ));
            }
        }
        for field in &class.fields {
            if !type_ok(program, field.ty) {
                errors.push(format!(
                    "class{index}: field {} type out of range",
                    field.name
                ));
            }
        }
    }
    for (index, global) in program.globals.iter().enumerate() {
        if !type_ok(program, global.ty) {
            errors.push(format!("g{index}: type {} out of range", global.ty));
        }
    }
    for init in &program.module_inits {
        match program.functions.get(init.index()) {
            Some(f) if f.num_params == 0 => {}
            Some(_) => errors.push(format!("module init {init} takes parameters")),
            None => errors.push(format!("module init {init} out of range")),
        }
    }
    for default in &program.record_defaults {
        if !type_ok(program, default.record) {
            errors.push(format!(
                "record default for {}: type out of range",
                default.field
            ));
        }
        match program.functions.get(default.func.index()) {
            Some(f) if f.num_params == 0 && f.num_captures == 0 => {}
            Some(_) => errors.push(format!(
                "record default for {}: {} takes parameters or captures",
                default.field, default.func
            )),
            None => errors.push(format!(
                "record default for {}: {} out of range",
                default.field, default.func
            )),
        }
    }
    for set in &program.annotations {
        if set.global.index() >= program.globals.len() {
            errors.push(format!("annotation set global {} out of range", set.global));
        }
    }
    if let Some(main) = &program.main {
        if main.func.index() >= program.functions.len() {
            errors.push(format!("main {} out of range", main.func));
        }
        for ty in main.params.iter().chain(&main.rest).chain(&main.rest_list) {
            if !type_ok(program, *ty) {
                errors.push(format!("main parameter type {ty} out of range"));
            }
        }
        if main.rest.is_some() != main.rest_list.is_some() {
            errors.push("main rest parameter without its list type".to_string());
        }
    }
}
