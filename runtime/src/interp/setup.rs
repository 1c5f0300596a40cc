//! Building an isolate's interpreter from a verified program.

use super::{callbacks, calls, strand, FunctionInfo, Interpreter};
use crate::native::Native;
use crate::types::TypeTable;
use crate::value::Value;
use intc_ir::{Constant, Program};
use std::io::BufWriter;
use std::rc::Rc;

impl Interpreter {
    /// Prepares a verified program with resolved natives.
    pub(crate) fn new(mut program: Program, natives: Vec<Native>) -> Interpreter {
        let first_trampoline = callbacks::add_trampolines(&mut program);
        let types = TypeTable::from_program(&program);
        let program_types = types.len();
        let constants = program
            .constants
            .iter()
            .map(|c| match c {
                Constant::String(s) => Value::string(s.as_str()),
                Constant::Decimal(d) => Value::decimal(*d),
                Constant::Float(f) => Value::Float(*f),
            })
            .collect();
        let methods = program
            .classes
            .iter()
            .map(|class| class.methods.iter().map(|(n, f)| (n.clone(), *f)).collect())
            .collect();
        let function_info = program
            .functions
            .iter()
            .map(|f| FunctionInfo {
                num_params: f.num_params,
                num_captures: f.num_captures,
                num_registers: f.num_registers,
                rest_list: f.rest_list,
            })
            .collect();
        let (method_symbol_of_constant, method_table) = calls::method_dispatch_tables(&program);
        let globals = vec![Value::Nil; program.globals.len()];
        let configured = vec![false; program.globals.len()];
        Interpreter {
            program: Rc::new(program),
            types,
            natives,
            function_info,
            constants,
            globals,
            configured,
            methods,
            method_symbol_of_constant,
            method_table,
            first_trampoline,
            stack: std::iter::repeat_with(|| Value::Nil).take(4096).collect(),
            frames: Vec::with_capacity(64),
            traps: Vec::new(),
            strand: strand::StrandMeta::default(),
            sched: strand::Scheduler::default(),
            lifecycle: super::lifecycle::Lifecycle::default(),
            stdout: BufWriter::with_capacity(64 * 1024, Box::new(std::io::stdout())),
            stderr: BufWriter::new(Box::new(std::io::stderr())),
            module_names: Default::default(),
            replicators: Default::default(),
            replica_output: None,
            program_types,
            shared: Default::default(),
        }
    }
}

impl Interpreter {
    /// Records the current instruction index in the top frame (before calls and panics).
    #[inline]
    pub(crate) fn save_pc(&mut self, pc: usize) {
        if let Some(frame) = self.frames.last_mut() {
            frame.pc = pc as u32;
        }
    }

    /// An `{ballerina}IllegalState` panic for IR that type checking should have excluded.
    pub(crate) fn internal(&self, what: &str) -> crate::Panic {
        crate::error::panic_error(&self.types, crate::error::reason::ILLEGAL_STATE, what)
    }
}
