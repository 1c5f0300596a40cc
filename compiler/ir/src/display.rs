//! The stable textual form of a program (`intc dump ir`).

use crate::instruction::{BinaryOp, Cmp, Instruction, Reg, RegRange, UnaryOp};
use crate::program::{Constant, Program};
use crate::types::{Singleton, TypeKind};
use std::fmt;

impl fmt::Display for Reg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "r{}", self.0)
    }
}

impl fmt::Display for RegRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.count == 0 {
            write!(f, "()")
        } else {
            write!(f, "(r{}..r{})", self.start, self.end() - 1)
        }
    }
}

impl fmt::Display for Cmp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Cmp::Lt => "lt",
            Cmp::Le => "le",
            Cmp::Gt => "gt",
            Cmp::Ge => "ge",
            Cmp::Eq => "eq",
            Cmp::Ne => "ne",
        })
    }
}

impl fmt::Display for BinaryOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BinaryOp::Add => "add",
            BinaryOp::Sub => "sub",
            BinaryOp::Mul => "mul",
            BinaryOp::Div => "div",
            BinaryOp::Rem => "rem",
            BinaryOp::BitAnd => "bitand",
            BinaryOp::BitOr => "bitor",
            BinaryOp::BitXor => "bitxor",
            BinaryOp::Shl => "shl",
            BinaryOp::Shr => "shr",
            BinaryOp::UShr => "ushr",
        })
    }
}

impl fmt::Display for UnaryOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UnaryOp::Neg => "neg",
            UnaryOp::Plus => "plus",
            UnaryOp::BitNot => "bitnot",
            UnaryOp::Not => "not",
        })
    }
}

impl fmt::Display for Instruction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Instruction as I;
        match self {
            I::Nop => write!(f, "nop"),
            I::Move { dst, src } => write!(f, "{dst} = move {src}"),
            I::TypeOf { dst, src } => write!(f, "{dst} = typeof {src}"),
            I::LoadNil { dst } => write!(f, "{dst} = nil"),
            I::LoadBool { dst, value } => write!(f, "{dst} = bool {value}"),
            I::LoadInt { dst, value } => write!(f, "{dst} = int {value}"),
            I::LoadFloat { dst, value } => write!(f, "{dst} = float {value:?}"),
            I::LoadConst { dst, constant } => write!(f, "{dst} = const {constant}"),
            I::LoadTypedesc { dst, ty } => write!(f, "{dst} = typedesc {ty}"),
            I::AnnotationGet { dst, typedesc, key } => {
                write!(f, "{dst} = annotation {typedesc}.@{key}")
            }
            I::LoadFunction { dst, func } => write!(f, "{dst} = function {func}"),
            I::GlobalGet { dst, global } => write!(f, "{dst} = global_get {global}"),
            I::GlobalSet { global, src } => write!(f, "global_set {global}, {src}"),
            I::JumpIfConfigured { global, target } => {
                write!(f, "jump_if_configured {global} -> @{target}")
            }
            I::AddInt { dst, a, b } => write!(f, "{dst} = add_int {a}, {b}"),
            I::SubInt { dst, a, b } => write!(f, "{dst} = sub_int {a}, {b}"),
            I::MulInt { dst, a, b } => write!(f, "{dst} = mul_int {a}, {b}"),
            I::DivInt { dst, a, b } => write!(f, "{dst} = div_int {a}, {b}"),
            I::RemInt { dst, a, b } => write!(f, "{dst} = rem_int {a}, {b}"),
            I::AddIntImm { dst, a, imm } => write!(f, "{dst} = add_int_imm {a}, {imm}"),
            I::MulIntImm { dst, a, imm } => write!(f, "{dst} = mul_int_imm {a}, {imm}"),
            I::RemIntImm { dst, a, imm } => write!(f, "{dst} = rem_int_imm {a}, {imm}"),
            I::NegInt { dst, a } => write!(f, "{dst} = neg_int {a}"),
            I::CmpInt { dst, cmp, a, b } => write!(f, "{dst} = cmp_int.{cmp} {a}, {b}"),
            I::JumpIfCmpInt { cmp, a, b, target } => {
                write!(f, "jump_if_int.{cmp} {a}, {b} -> @{target}")
            }
            I::JumpIfCmpIntImm {
                cmp,
                a,
                imm,
                target,
            } => write!(f, "jump_if_int_imm.{cmp} {a}, {imm} -> @{target}"),
            I::IncJumpIfCmpInt {
                counter,
                step,
                cmp,
                limit,
                target,
            } => write!(
                f,
                "{counter} += {step}; jump_if_int.{cmp} {counter}, {limit} -> @{target}"
            ),
            I::IncJumpIfCmpIntImm {
                counter,
                step,
                cmp,
                limit,
                target,
            } => write!(
                f,
                "{counter} += {step}; jump_if_int_imm.{cmp} {counter}, {limit} -> @{target}"
            ),
            I::AddFloat { dst, a, b } => write!(f, "{dst} = add_float {a}, {b}"),
            I::SubFloat { dst, a, b } => write!(f, "{dst} = sub_float {a}, {b}"),
            I::MulFloat { dst, a, b } => write!(f, "{dst} = mul_float {a}, {b}"),
            I::DivFloat { dst, a, b } => write!(f, "{dst} = div_float {a}, {b}"),
            I::RemFloat { dst, a, b } => write!(f, "{dst} = rem_float {a}, {b}"),
            I::NegFloat { dst, a } => write!(f, "{dst} = neg_float {a}"),
            I::CmpFloat { dst, cmp, a, b } => write!(f, "{dst} = cmp_float.{cmp} {a}, {b}"),
            I::Concat { dst, a, b } => write!(f, "{dst} = concat {a}, {b}"),
            I::ToString { dst, value } => write!(f, "{dst} = to_string {value}"),
            I::Binary { dst, op, a, b } => write!(f, "{dst} = {op} {a}, {b}"),
            I::Unary { dst, op, a } => write!(f, "{dst} = {op} {a}"),
            I::Compare { dst, cmp, a, b } => write!(f, "{dst} = compare.{cmp} {a}, {b}"),
            I::RefEq { dst, a, b } => write!(f, "{dst} = ref_eq {a}, {b}"),
            I::RefNe { dst, a, b } => write!(f, "{dst} = ref_ne {a}, {b}"),
            I::Jump { target } => write!(f, "jump -> @{target}"),
            I::JumpIfTrue { cond, target } => write!(f, "jump_if_true {cond} -> @{target}"),
            I::JumpIfFalse { cond, target } => write!(f, "jump_if_false {cond} -> @{target}"),
            I::JumpIfNil { value, target } => write!(f, "jump_if_nil {value} -> @{target}"),
            I::JumpIfNotNil { value, target } => {
                write!(f, "jump_if_not_nil {value} -> @{target}")
            }
            I::JumpIfArgGiven { index, target } => {
                write!(f, "jump_if_arg_given {index} -> @{target}")
            }
            I::Return { value } => write!(f, "return {value}"),
            I::ReturnNil => write!(f, "return_nil"),
            I::Panic { value } => write!(f, "panic {value}"),
            I::TrapBegin { dst, handler } => write!(f, "trap_begin {dst} -> @{handler}"),
            I::TrapEnd => write!(f, "trap_end"),
            I::Start { dst, ty } => write!(f, "{dst} = start {ty}"),
            I::Wait { dst, future } => write!(f, "{dst} = wait {future}"),
            I::WaitAny { dst, futures } => write!(f, "{dst} = wait_any{futures}"),
            I::WaitAll { dst, futures } => write!(f, "{dst}.. = wait_all{futures}"),
            I::LockBegin => write!(f, "lock_begin"),
            I::LockEnd => write!(f, "lock_end"),
            I::ResumeNative { value } => write!(f, "resume_native {value}"),
            I::WorkerGroupNew { dst, members } => write!(f, "{dst} = worker_group {members}"),
            I::WorkerBind { group, member } => write!(f, "worker_bind {group} #{member}"),
            I::WorkerSend {
                group,
                from,
                to,
                slot,
                value,
            } => write!(f, "worker_send {group} #{from}->#{to}[{slot}] {value}"),
            I::WorkerSkip {
                group,
                from,
                to,
                upto,
            } => write!(f, "worker_skip {group} #{from}->#{to} upto {upto}"),
            I::WorkerFlush {
                dst,
                group,
                from,
                to,
                upto,
            } => write!(f, "{dst} = worker_flush {group} #{from}->#{to} upto {upto}"),
            I::WorkerReceive {
                dst,
                group,
                from,
                to,
                slot,
            } => write!(f, "{dst} = worker_receive {group} #{from}->#{to}[{slot}]"),
            I::WorkerReceiveAll {
                dst,
                group,
                to,
                count,
            } => write!(f, "{dst}.. = worker_receive_all {group} ->#{to} x{count}"),
            I::WorkerReceiveAny {
                dst,
                group,
                to,
                count,
            } => write!(f, "{dst} = worker_receive_any {group} ->#{to} x{count}"),
            I::WorkerPeer { from, slot } => write!(f, "  peer #{from}[{slot}]"),
            I::Call { dst, func, args } => write!(f, "{dst} = call {func}{args}"),
            I::CallIndirect {
                dst,
                callee,
                args,
                packed_rest,
            } => {
                let rest = if *packed_rest { " packed_rest" } else { "" };
                write!(f, "{dst} = call_indirect {callee}{args}{rest}")
            }
            I::CallMethod {
                dst,
                method,
                args,
                packed_rest,
            } => {
                let rest = if *packed_rest { " packed_rest" } else { "" };
                write!(f, "{dst} = call_method {method}{args}{rest}")
            }
            I::CallNative { dst, native, args } => {
                write!(f, "{dst} = call_native {native}{args}")
            }
            I::CallNativeSpread { dst, native, args } => {
                write!(f, "{dst} = call_native_spread {native}{args}")
            }
            I::NewCell { dst, init } => write!(f, "{dst} = new_cell {init}"),
            I::CellGet { dst, cell } => write!(f, "{dst} = cell_get {cell}"),
            I::CellSet { cell, value } => write!(f, "cell_set {cell}, {value}"),
            I::MakeClosure {
                dst,
                func,
                captures,
            } => {
                write!(f, "{dst} = closure {func}{captures}")
            }
            I::NewList { dst, ty, members } => write!(f, "{dst} = new_list {ty}{members}"),
            I::NewMap { dst, ty, entries } => write!(f, "{dst} = new_map {ty}{entries}"),
            I::MemberGet {
                dst,
                container,
                key,
            } => {
                write!(f, "{dst} = member_get {container}[{key}]")
            }
            I::MemberGetFill {
                dst,
                container,
                key,
            } => {
                write!(f, "{dst} = member_get_fill {container}[{key}]")
            }
            I::MemberSet {
                container,
                key,
                value,
            } => {
                write!(f, "member_set {container}[{key}], {value}")
            }
            I::FieldGet { dst, object, name } => write!(f, "{dst} = field_get {object}.{name}"),
            I::OptionalFieldGet { dst, object, name } => {
                write!(f, "{dst} = optional_field_get {object}?.{name}")
            }
            I::LaxFieldGet { dst, object, name } => {
                write!(f, "{dst} = lax_field_get {object}.{name}")
            }
            I::FieldSet {
                object,
                name,
                value,
            } => {
                write!(f, "field_set {object}.{name}, {value}")
            }
            I::ObjectSlotGet { dst, object, slot } => {
                write!(f, "{dst} = slot_get {object}.#{slot}")
            }
            I::ObjectSlotSet {
                object,
                slot,
                value,
            } => {
                write!(f, "slot_set {object}.#{slot}, {value}")
            }
            I::Length { dst, value } => write!(f, "{dst} = length {value}"),
            I::Freeze { value } => write!(f, "freeze {value}"),
            I::NewObject { dst, class } => write!(f, "{dst} = new_object {class}"),
            I::NewError {
                dst,
                ty,
                message,
                cause,
                detail,
            } => {
                write!(
                    f,
                    "{dst} = new_error {ty}({message}, cause {cause}, detail {detail})"
                )
            }
            I::TypeTest { dst, value, ty } => write!(f, "{dst} = is {value}, {ty}"),
            I::TypeCast { dst, value, ty } => write!(f, "{dst} = cast {value}, {ty}"),
            I::Downcast { dst, value, ty } => write!(f, "{dst} = downcast {value}, {ty}"),
            I::IterNew { dst, iterable } => write!(f, "{dst} = iter_new {iterable}"),
            I::IterRange {
                dst,
                start,
                end,
                inclusive,
            } => {
                let op = if *inclusive { "..." } else { "..<" };
                write!(f, "{dst} = iter_range {start}{op}{end}")
            }
            I::IterNext { dst, iter, target } => {
                write!(f, "{dst} = iter_next {iter} else -> @{target}")
            }
        }
    }
}

impl fmt::Display for Singleton {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Singleton::Boolean(b) => write!(f, "{b}"),
            Singleton::Int(i) => write!(f, "{i}"),
            Singleton::Float(x) => write!(f, "{x:?}"),
            Singleton::Decimal(d) => write!(f, "{d}d"),
            Singleton::String(s) => write!(f, "{s:?}"),
        }
    }
}

fn write_list<T: fmt::Display>(f: &mut fmt::Formatter<'_>, items: &[T]) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            write!(f, ", ")?;
        }
        write!(f, "{item}")?;
    }
    Ok(())
}

impl fmt::Display for TypeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeKind::Never => write!(f, "never"),
            TypeKind::Nil => write!(f, "()"),
            TypeKind::Boolean => write!(f, "boolean"),
            TypeKind::Int => write!(f, "int"),
            TypeKind::IntSubtype(s) => write!(f, "{}", s.name()),
            TypeKind::Float => write!(f, "float"),
            TypeKind::Decimal => write!(f, "decimal"),
            TypeKind::String => write!(f, "string"),
            TypeKind::StringChar => write!(f, "string:Char"),
            TypeKind::Any => write!(f, "any"),
            TypeKind::Anydata => write!(f, "anydata"),
            TypeKind::Json => write!(f, "json"),
            TypeKind::Readonly => write!(f, "readonly"),
            TypeKind::Handle => write!(f, "handle"),
            TypeKind::Xml => write!(f, "xml"),
            TypeKind::RegExp => write!(f, "regexp:RegExp"),
            TypeKind::XmlItem(kind) => match kind {
                4 => write!(f, "xml:Element"),
                8 => write!(f, "xml:ProcessingInstruction"),
                16 => write!(f, "xml:Comment"),
                _ => write!(f, "xml:Text"),
            },
            TypeKind::XmlSequence(t) => write!(f, "xml<{t}>"),
            TypeKind::Typedesc(t) => write!(f, "typedesc<{t}>"),
            TypeKind::Future(t) => write!(f, "future<{t}>"),
            TypeKind::Table {
                row,
                key: None,
                key_type: None,
            } => write!(f, "table<{row}>"),
            TypeKind::Table {
                row,
                key: None,
                key_type: Some(k),
            } => write!(f, "table<{row}> key<{k}>"),
            TypeKind::Table {
                row,
                key: Some(key),
                ..
            } => write!(f, "table<{row}> key({})", key.join(", ")),
            TypeKind::Stream { value, completion } => write!(f, "stream<{value}, {completion}>"),
            TypeKind::Singleton(s) => write!(f, "{s}"),
            TypeKind::Union(members) => {
                for (i, m) in members.iter().enumerate() {
                    if i > 0 {
                        write!(f, "|")?;
                    }
                    write!(f, "{m}")?;
                }
                Ok(())
            }
            TypeKind::ReadonlyOf(t) => write!(f, "{t} & readonly"),
            TypeKind::Array {
                element,
                length: None,
            } => write!(f, "{element}[]"),
            TypeKind::Array {
                element,
                length: Some(n),
            } => write!(f, "{element}[{n}]"),
            TypeKind::Tuple { members, rest } => {
                write!(f, "[")?;
                write_list(f, members)?;
                if let Some(rest) = rest {
                    if !members.is_empty() {
                        write!(f, ", ")?;
                    }
                    write!(f, "{rest}...")?;
                }
                write!(f, "]")
            }
            TypeKind::Map(t) => write!(f, "map<{t}>"),
            TypeKind::Record { fields, rest } => {
                write!(f, "record {{|")?;
                for field in fields {
                    let ro = if field.readonly { "readonly " } else { "" };
                    let opt = if field.optional { "?" } else { "" };
                    write!(f, " {ro}{} {}{opt};", field.ty, field.name)?;
                }
                if let Some(rest) = rest {
                    write!(f, " {rest}...;")?;
                }
                write!(f, " |}}")
            }
            TypeKind::Error {
                detail,
                distinct_ids,
            } => {
                if !distinct_ids.is_empty() {
                    write!(f, "distinct{distinct_ids:?} ")?;
                }
                match detail {
                    Some(d) => write!(f, "error<{d}>"),
                    None => write!(f, "error"),
                }
            }
            TypeKind::Object {
                fields,
                methods,
                distinct_ids,
                class,
            } => {
                if !distinct_ids.is_empty() {
                    write!(f, "distinct{distinct_ids:?} ")?;
                }
                write!(f, "object {{")?;
                for field in fields {
                    write!(f, " {} {};", field.ty, field.name)?;
                }
                for method in methods {
                    let remote = if method.remote { "remote " } else { "" };
                    write!(f, " {remote}method {} {};", method.name, method.ty)?;
                }
                write!(f, " }}")?;
                if let Some(class) = class {
                    write!(f, " of {class}")?;
                }
                Ok(())
            }
            TypeKind::Function {
                params,
                rest,
                ret,
                isolated,
                transactional,
            } => {
                if *isolated {
                    write!(f, "isolated ")?;
                }
                if *transactional {
                    write!(f, "transactional ")?;
                }
                write!(f, "function (")?;
                write_list(f, params)?;
                if let Some(rest) = rest {
                    if !params.is_empty() {
                        write!(f, ", ")?;
                    }
                    write!(f, "{rest}...")?;
                }
                write!(f, ") returns {ret}")
            }
            TypeKind::AnyFunction => write!(f, "function"),
        }
    }
}

impl fmt::Display for Constant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Constant::String(s) => write!(f, "string {s:?}"),
            // Debug keeps the exponent of zeros (`0.00`), which `toString` hides.
            Constant::Decimal(d) => write!(f, "decimal {d:?}"),
            Constant::Float(x) => write!(f, "float {x:?}"),
        }
    }
}

impl fmt::Display for Program {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, file) in self.files.iter().enumerate() {
            writeln!(f, "file {i} {file:?}")?;
        }
        for (i, def) in self.types.iter().enumerate() {
            match &def.name {
                Some(name) => writeln!(f, "type t{i} {name} = {}", def.kind)?,
                None => writeln!(f, "type t{i} = {}", def.kind)?,
            }
        }
        for (i, constant) in self.constants.iter().enumerate() {
            writeln!(f, "const k{i} = {constant}")?;
        }
        for (i, native) in self.natives.iter().enumerate() {
            writeln!(f, "native native{i} = {:?}", native.to_string())?;
        }
        for (i, global) in self.globals.iter().enumerate() {
            let module = global
                .module
                .as_deref()
                .map(|m| format!("{m}:"))
                .unwrap_or_default();
            write!(f, "global g{i} {module}{}: {}", global.name, global.ty)?;
            if let Some(conf) = &global.configurable {
                write!(
                    f,
                    " configurable{}",
                    if conf.required { " required" } else { "" }
                )?;
            }
            writeln!(f)?;
        }
        for (i, class) in self.classes.iter().enumerate() {
            write!(f, "class class{i} {} type {}", class.name, class.ty)?;
            if class.readonly {
                write!(f, " readonly")?;
            }
            writeln!(f, " {{")?;
            for (slot, field) in class.fields.iter().enumerate() {
                let fin = if field.is_final { " final" } else { "" };
                writeln!(f, "  field #{slot} {}: {}{fin}", field.name, field.ty)?;
            }
            for (name, func) in &class.methods {
                writeln!(f, "  method {name} = {func}")?;
            }
            writeln!(f, "}}")?;
        }
        for default in &self.record_defaults {
            let effect_free = if default.effect_free {
                " effect-free"
            } else {
                ""
            };
            writeln!(
                f,
                "default {}.{} = {}{effect_free}",
                default.record, default.field, default.func
            )?;
        }
        for set in &self.annotations {
            let target = match &set.target {
                crate::AnnotationTarget::Type(ty) => format!("type {ty}"),
                crate::AnnotationTarget::Function(func) => format!("function {func}"),
                crate::AnnotationTarget::Param(func, index) => format!("param {func}#{index}"),
                crate::AnnotationTarget::Return(func) => format!("return {func}"),
                crate::AnnotationTarget::Field(ty, name) => format!("field {ty}.{name}"),
                crate::AnnotationTarget::Global(global) => format!("global {global}"),
            };
            writeln!(f, "annotations {target} = {}", set.global)?;
        }
        for (i, init) in self.module_inits.iter().enumerate() {
            writeln!(f, "init {i} = {init}")?;
        }
        if let Some(main) = &self.main {
            write!(f, "main = {} (", main.func)?;
            write_list(f, &main.params)?;
            if let Some(rest) = main.rest {
                write!(f, "; rest {rest}")?;
            }
            writeln!(f, ")")?;
        }
        for (i, function) in self.functions.iter().enumerate() {
            let display = self.function_display_name(crate::FuncId(i as u32));
            write!(
                f,
                "\nfunction f{i} {display} params {} captures {} registers {} file {}",
                function.num_params, function.num_captures, function.num_registers, function.file.0
            )?;
            if let Some(sig) = function.signature {
                write!(f, " signature {sig}")?;
            }
            if function.scalar_frame {
                write!(f, " scalar")?;
            }
            writeln!(f, " {{")?;
            for (pc, instruction) in function.code.iter().enumerate() {
                let line = function.lines.get(pc).copied().unwrap_or(0);
                writeln!(f, "  @{pc:<4} L{line:<4} {instruction}")?;
            }
            writeln!(f, "}}")?;
        }
        Ok(())
    }
}
