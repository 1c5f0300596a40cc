//! The per-function emitter: instruction and line buffers, dense register allocation with
//! stack-like reuse of temporaries, and the lexical state of a function being lowered (locals,
//! loops, `on fail` handlers).

use crate::{ir, sema, Lowerer};
use intc_span::{FileId, Span};
use ir::{Instruction, Reg, RegRange, Target};
use std::collections::HashMap;

/// Where a local variable lives: directly in a register, or in a shared cell (captured by a
/// closure) held in that register.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Local {
    Reg(Reg),
    Cell(Reg),
}

/// An enclosing loop: pending `break` jumps and `continue` jumps.
#[derive(Default)]
pub(crate) struct LoopContext {
    pub(crate) breaks: Vec<Target>,
    pub(crate) continues: Vec<Target>,
    /// `lock` statements entered around the loop (`break`/`continue` leave the others).
    pub(crate) locks: u32,
}

/// An enclosing `on fail` clause: `check` failures and `fail` store the error in `error` and
/// jump to the handler (patched when the handler is emitted).
pub(crate) struct FailContext {
    pub(crate) error: Reg,
    pub(crate) jumps: Vec<Target>,
    /// `lock` statements entered around the `on fail` statement.
    pub(crate) locks: u32,
}

/// A function under construction.
pub(crate) struct FnLower<'l, 'a> {
    pub(crate) lw: &'l mut Lowerer<'a>,
    pub(crate) code: Vec<Instruction>,
    pub(crate) lines: Vec<u32>,
    pub(crate) line: u32,
    /// The file whose node keys the expressions being lowered use (defaults of other modules
    /// are lowered at the call site with their own file).
    pub(crate) file: FileId,
    /// The file of the function body (its line table refers to it).
    pub(crate) body_file: FileId,
    next_register: u32,
    max_register: u32,
    pub(crate) too_many_registers: bool,
    pub(crate) locals: HashMap<sema::NodeKey, Local>,
    /// `self` in a method.
    pub(crate) self_local: Option<Local>,
    pub(crate) loops: Vec<LoopContext>,
    /// `lock` statements being lowered around the current point: a jump out of one
    /// (`return`, `break`, `continue`, `fail`, a failing `check`) first leaves it (`LockEnd`).
    pub(crate) locks: u32,
    pub(crate) fails: Vec<FailContext>,
    /// Enclosing transaction statements (`transactions.rs`).
    pub(crate) transactions: Vec<crate::transactions::TxLower>,
    /// Set just before evaluating an expression whose value must be immutable (a constructor
    /// initialising a `readonly` variable or a member of a frozen constructor); consumed by
    /// the next expression lowered.
    pub(crate) readonly_context: bool,
    /// The type passed for an inferred typedesc parameter of the lang library call whose
    /// arguments are being evaluated.
    pub(crate) inferred_typedesc: Option<(usize, ir::TypeId)>,
    /// Set for the next argument window of a call whose callee evaluates its own defaults:
    /// trailing omitted defaultable arguments are left out (see `FnLower::fill_defaults`).
    pub(crate) omit_defaults: bool,
    /// The declared return type (constructors returned from a function returning a readonly
    /// type are frozen).
    pub(crate) return_type: Option<sema::TypeId>,
    /// Variables bound by the alternatives of the match clause being lowered, by declaring
    /// node: all declarations of one name share one local.
    pub(crate) shared_match_locals: HashMap<sema::NodeKey, Local>,
    /// Set by `value` just before lowering into a register it has just allocated, which
    /// nothing else reads; consumed by the next `value_into`.
    pub(crate) fresh_dst: Option<Reg>,
    /// Set just before `binary` or `call` when their destination is such a fresh register;
    /// consumed on entry (so it never applies to a nested expression).
    pub(crate) dst_is_fresh: bool,
    /// Set by `start` for the call it starts: that call must end in a call instruction, so a
    /// lang library call is not inlined (`x.length()` is otherwise an instruction of its own).
    /// Consumed by the first call lowered.
    pub(crate) starting_call: bool,
    /// The channel group register of the worker being lowered (the default worker after its
    /// run of named workers started, or a named worker), when its function passes messages.
    pub(crate) worker_group: Option<Reg>,
    /// What this worker waits for before a successful return: `(from, to, upto)` per queue
    /// it sends on (`StrandTables::final_flushes`).
    pub(crate) final_flushes: Vec<(u16, u16, u16)>,
}

impl<'l, 'a> FnLower<'l, 'a> {
    pub(crate) fn new(
        lw: &'l mut Lowerer<'a>,
        file: FileId,
        first_free_register: u32,
    ) -> FnLower<'l, 'a> {
        FnLower {
            lw,
            code: Vec::new(),
            lines: Vec::new(),
            line: 0,
            file,
            body_file: file,
            next_register: first_free_register,
            max_register: first_free_register,
            too_many_registers: false,
            locals: HashMap::new(),
            self_local: None,
            loops: Vec::new(),
            locks: 0,
            fails: Vec::new(),
            transactions: Vec::new(),
            readonly_context: false,
            inferred_typedesc: None,
            omit_defaults: false,
            return_type: None,
            shared_match_locals: HashMap::new(),
            fresh_dst: None,
            dst_is_fresh: false,
            starting_call: false,
            worker_group: None,
            final_flushes: Vec::new(),
        }
    }

    pub(crate) fn key(&self, node: intc_syntax::ast::NodeId) -> sema::NodeKey {
        sema::NodeKey::new(self.file, node)
    }

    /// Records the source line of a span for the following instructions (only for spans of
    /// the function's own file; defaults from other files keep the call's line).
    pub(crate) fn set_line(&mut self, span: Span) {
        if self.file == self.body_file && span.file == self.body_file {
            self.line = self.lw.line_of(span.file, span.start);
        }
    }

    pub(crate) fn emit(&mut self, instruction: Instruction) -> Target {
        let pc = self.code.len() as Target;
        self.code.push(instruction);
        self.lines.push(self.line);
        pc
    }

    pub(crate) fn here(&self) -> Target {
        self.code.len() as Target
    }

    /// Points the jump at `at` to `target`.
    pub(crate) fn patch(&mut self, at: Target, target: Target) {
        if let Some(slot) = self
            .code
            .get_mut(at as usize)
            .and_then(Instruction::target_mut)
        {
            *slot = target;
        }
    }

    /// Fuses a loop's bottom test at `site` (the last instruction, jumping back to
    /// `body_start`) with a preceding `x += step` on the tested register into one
    /// `IncJumpIfCmpInt*`, when nothing else jumps to the test.
    pub(crate) fn fuse_loop_step(&mut self, site: Target, body_start: Target) {
        let Some(step_at) = site.checked_sub(1) else {
            return;
        };
        if step_at < body_start || site as usize + 1 != self.code.len() {
            return;
        }
        let jumped_to = self
            .code
            .iter()
            .enumerate()
            .any(|(at, i)| at != site as usize && i.target() == Some(site));
        if jumped_to {
            return;
        }
        let (Some(&step_instruction), Some(&test)) = (
            self.code.get(step_at as usize),
            self.code.get(site as usize),
        ) else {
            return;
        };
        let Instruction::AddIntImm { dst, a, imm } = step_instruction else {
            return;
        };
        let Ok(step) = i16::try_from(imm) else {
            return;
        };
        if dst != a {
            return;
        }
        let fused = match test {
            Instruction::JumpIfCmpIntImm { cmp, a, imm, .. } if a == dst => {
                Instruction::IncJumpIfCmpIntImm {
                    counter: dst,
                    step,
                    cmp,
                    limit: imm,
                    target: body_start,
                }
            }
            Instruction::JumpIfCmpInt { cmp, a, b, .. } if a == dst && b != dst => {
                Instruction::IncJumpIfCmpInt {
                    counter: dst,
                    step,
                    cmp,
                    limit: b,
                    target: body_start,
                }
            }
            _ => return,
        };
        if let Some(slot) = self.code.get_mut(step_at as usize) {
            *slot = fused;
        }
        self.code.pop();
        self.lines.pop();
    }

    pub(crate) fn patch_here(&mut self, sites: &[Target]) {
        let here = self.here();
        for &site in sites {
            self.patch(site, here);
        }
    }

    /// Allocates one register.
    pub(crate) fn reg(&mut self) -> Reg {
        Reg(self.regs(1).start)
    }

    /// Allocates `count` consecutive registers.
    pub(crate) fn regs(&mut self, count: usize) -> RegRange {
        let start = self.next_register;
        let end = start as usize + count;
        if end > u16::MAX as usize || count > u16::MAX as usize {
            self.too_many_registers = true;
            return RegRange::new(0, 0);
        }
        self.next_register = end as u32;
        self.max_register = self.max_register.max(self.next_register);
        RegRange::new(start as u16, count as u16)
    }

    /// Makes the next register allocated come after `reg` (one that may have been released
    /// but still holds a value needed).
    pub(crate) fn allocate_past(&mut self, reg: Reg) {
        if self.next_register <= u32::from(reg.0) {
            self.next_register = u32::from(reg.0) + 1;
            self.max_register = self.max_register.max(self.next_register);
        }
    }

    /// The current allocation mark: registers allocated after it can be released together.
    pub(crate) fn mark(&self) -> u32 {
        self.next_register
    }

    pub(crate) fn release(&mut self, mark: u32) {
        if mark <= self.next_register {
            self.next_register = mark;
        }
    }

    /// Lets an argument window start at `dst` when `dst` is fresh (see `fresh_dst`) and the
    /// most recently allocated register: the arguments are copied into the callee before
    /// the result is written, so a call such as `f(n - 1)` needs one register, not two.
    /// Returns the mark to pass to `end_reuse` after the call is emitted.
    pub(crate) fn reuse_fresh_top(&mut self, dst: Reg, fresh: bool) -> u32 {
        let mark = self.next_register;
        if fresh && dst.0 as u32 + 1 == mark {
            self.next_register = dst.0 as u32;
        }
        mark
    }

    /// Ends `reuse_fresh_top`: `dst` (and everything below `mark`) stays allocated.
    pub(crate) fn end_reuse(&mut self, mark: u32) {
        self.next_register = mark;
    }

    /// A register holding a string constant.
    pub(crate) fn load_string(&mut self, dst: Reg, value: &str) {
        let constant = self.lw.builder.string_constant(value);
        self.emit(Instruction::LoadConst { dst, constant });
    }

    /// Records an internal compiler error: a construct the lowering cannot handle. Lowering
    /// goes on (so every such construct is reported), but no program is produced.
    pub(crate) fn unsupported(&mut self, what: &str) {
        let place = match self.lw.sources.get(self.body_file) {
            Some(source) => format!(" (in {}, line {})", source.name, self.line),
            None => String::new(),
        };
        self.lw.internal_error(&format!("{what}{place}"));
    }

    /// Finishes the function: every path ends in a terminator; a function that needed more
    /// than 65,535 registers is an internal compiler error.
    pub(crate) fn finish(mut self, mut function: ir::Function) -> ir::Function {
        // A jump to the end (after an `if` whose branches all return) needs an instruction
        // to land on.
        let end = self.here();
        let jumps_to_end = self.code.iter().any(|i| i.target() == Some(end));
        if jumps_to_end || !self.code.last().is_some_and(Instruction::is_terminator) {
            self.emit(Instruction::ReturnNil);
        }
        let reserved = function.num_params as u32 + function.num_captures as u32;
        if self.too_many_registers {
            self.too_many_registers = false;
            self.unsupported("a function needing more than 65535 registers");
        }
        function.file = self.body_file;
        function.num_registers = self.max_register.max(reserved).min(u16::MAX as u32) as u16;
        function.code = self.code;
        function.lines = self.lines;
        function
    }
}
