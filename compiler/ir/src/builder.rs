//! Small helpers to assemble functions and programs (used by the lowering and by tests).

use crate::ids::{ConstId, FuncId, NativeId, TypeId};
use crate::instruction::{Instruction, Reg, RegRange, Target};
use crate::program::{Constant, Function, NativeRef, Program};
use crate::types::{TypeDef, TypeKind};
use intc_langlib::LangNative;
use std::collections::HashMap;

/// Builds one function: allocates registers, records the current source line per instruction
/// and patches forward jumps.
#[derive(Debug)]
pub struct FunctionBuilder {
    function: Function,
    next_register: u32,
    line: u32,
}

/// Error returned when a function would need more than `u16::MAX` registers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TooManyRegisters;

impl FunctionBuilder {
    /// Starts a function whose parameters occupy registers `0..num_params` and captures the
    /// following `num_captures` registers.
    pub fn new(name: impl Into<String>, num_params: u16, num_captures: u16) -> FunctionBuilder {
        let mut function = Function::new(name, num_params);
        function.num_captures = num_captures;
        FunctionBuilder {
            next_register: num_params as u32 + num_captures as u32,
            function,
            line: 0,
        }
    }

    /// The function under construction (to set module, class, file, signature).
    pub fn function_mut(&mut self) -> &mut Function {
        &mut self.function
    }

    /// Allocates a fresh register.
    pub fn register(&mut self) -> Result<Reg, TooManyRegisters> {
        Ok(Reg(self.registers(1)?.start))
    }

    /// Allocates `count` consecutive fresh registers (for call arguments and constructors).
    pub fn registers(&mut self, count: u16) -> Result<RegRange, TooManyRegisters> {
        let start = self.next_register;
        let end = start + count as u32;
        if end > u16::MAX as u32 {
            return Err(TooManyRegisters);
        }
        self.next_register = end;
        Ok(RegRange {
            start: start as u16,
            count,
        })
    }

    /// Sets the source line recorded for the following instructions.
    pub fn set_line(&mut self, line: u32) {
        self.line = line;
    }

    /// Appends an instruction and returns its index.
    pub fn emit(&mut self, instruction: Instruction) -> Target {
        let pc = self.function.code.len() as Target;
        self.function.code.push(instruction);
        self.function.lines.push(self.line);
        pc
    }

    /// Index the next emitted instruction will get (a backward jump target).
    pub fn here(&self) -> Target {
        self.function.code.len() as Target
    }

    /// Points the jump at `at` to `target`. Returns false if `at` is not a jump.
    pub fn patch(&mut self, at: Target, target: Target) -> bool {
        match self
            .function
            .code
            .get_mut(at as usize)
            .and_then(Instruction::target_mut)
        {
            Some(slot) => {
                *slot = target;
                true
            }
            None => false,
        }
    }

    /// Finishes the function, recording how many registers it uses.
    pub fn finish(mut self) -> Function {
        self.function.num_registers = self.next_register as u16;
        self.function
    }
}

/// Builds a program's tables, de-duplicating string constants and native names.
#[derive(Debug, Default)]
pub struct ProgramBuilder {
    pub program: Program,
    strings: HashMap<String, ConstId>,
    natives: HashMap<NativeRef, NativeId>,
}

impl ProgramBuilder {
    pub fn new() -> ProgramBuilder {
        ProgramBuilder::default()
    }

    pub fn add_file(&mut self, name: impl Into<String>) -> intc_span::FileId {
        self.program.files.push(name.into());
        intc_span::FileId(self.program.files.len() as u32 - 1)
    }

    pub fn add_type(&mut self, def: TypeDef) -> TypeId {
        self.program.types.push(def);
        TypeId(self.program.types.len() as u32 - 1)
    }

    pub fn add_anonymous_type(&mut self, kind: TypeKind) -> TypeId {
        self.add_type(TypeDef::anonymous(kind))
    }

    /// Replaces a previously added type (to close recursive type cycles).
    pub fn set_type(&mut self, id: TypeId, def: TypeDef) {
        if let Some(slot) = self.program.types.get_mut(id.index()) {
            *slot = def;
        }
    }

    pub fn string_constant(&mut self, value: &str) -> ConstId {
        if let Some(id) = self.strings.get(value) {
            return *id;
        }
        let id = self.add_constant(Constant::String(value.to_string()));
        self.strings.insert(value.to_string(), id);
        id
    }

    pub fn add_constant(&mut self, constant: Constant) -> ConstId {
        self.program.constants.push(constant);
        ConstId(self.program.constants.len() as u32 - 1)
    }

    /// An embedder's native by name (`std.io:println`).
    pub fn native(&mut self, name: &str) -> NativeId {
        self.native_ref(NativeRef::Named(name.to_string()))
    }

    /// A lang library native by its declaration's id.
    pub fn lang_native(&mut self, native: LangNative) -> NativeId {
        self.native_ref(NativeRef::Lang(native))
    }

    pub fn native_ref(&mut self, native: NativeRef) -> NativeId {
        if let Some(id) = self.natives.get(&native) {
            return *id;
        }
        self.program.natives.push(native.clone());
        let id = NativeId(self.program.natives.len() as u32 - 1);
        self.natives.insert(native, id);
        id
    }

    /// Reserves a function slot (so recursive and forward calls can refer to it).
    pub fn reserve_function(&mut self, name: &str) -> FuncId {
        let mut placeholder = Function::new(name, 0);
        placeholder.code.push(Instruction::ReturnNil);
        placeholder.lines.push(0);
        self.program.functions.push(placeholder);
        FuncId(self.program.functions.len() as u32 - 1)
    }

    pub fn define_function(&mut self, id: FuncId, function: Function) {
        if let Some(slot) = self.program.functions.get_mut(id.index()) {
            *slot = function;
        }
    }

    pub fn add_function(&mut self, function: Function) -> FuncId {
        self.program.functions.push(function);
        FuncId(self.program.functions.len() as u32 - 1)
    }

    pub fn finish(self) -> Program {
        self.program
    }
}
