//! Callbacks from natives into Ballerina code, run on the strand's own frame stack.
//!
//! A step native that answers `Step::Call` gets a *trampoline* frame on top of its caller: a
//! two-instruction function the runtime appends to the program (one per argument count),
//! `r1 = r0(r2, ...); resume_native r1`. The callback runs as an ordinary call from it, so it
//! can park the strand like any code; `ResumeNative` hands its result to the native's
//! continuation, kept on the strand's `continuations` stack (one per trampoline frame), which
//! either finishes (the trampoline returns the native's result to the caller's register) or
//! asks for the next callback (the trampoline frame is replaced).

use super::Interpreter;
use crate::error::Panic;
use crate::native::{Continue, NativeContext, Step};
use crate::value::Value;
use intc_ir::{FuncId, FunctionBuilder, Instruction as I, Program, Reg, RegRange};

/// The most arguments a native's callback takes (trampolines exist for 0 ..= this).
pub(crate) const MAX_CALLBACK_ARGS: usize = 16;

/// What `ResumeNative` did.
pub(super) enum Resumed {
    /// The native finished with this result: the trampoline frame returns it.
    Return(Value),
    /// The next callback's trampoline frame was pushed in its place.
    Continue,
}

/// Appends the trampolines to `program`, returning the id of the first (for 0 arguments).
pub(super) fn add_trampolines(program: &mut Program) -> u32 {
    let first = program.functions.len() as u32;
    for count in 0..=MAX_CALLBACK_ARGS as u16 {
        let mut f = FunctionBuilder::new("<callback>", 0, 0);
        // r0 = the function value, r1 = its result, r2.. = the arguments.
        let (Ok(_), Ok(result), Ok(args)) = (f.register(), f.register(), f.registers(count)) else {
            continue;
        };
        f.emit(I::CallIndirect {
            dst: result,
            callee: Reg(0),
            args: RegRange::new(args.start, count),
            packed_rest: false,
        });
        f.emit(I::ResumeNative { value: result });
        program.functions.push(f.finish());
    }
    first
}

impl Interpreter {
    /// Whether `func` is one of the callback trampolines (hidden from stack traces).
    #[inline]
    pub(crate) fn is_trampoline(&self, func: u32) -> bool {
        func >= self.first_trampoline
    }

    /// Pushes a trampoline frame calling `function(args)`, whose result goes to `then`; the
    /// native's eventual result goes to register `dst` of the frame below.
    pub(super) fn push_callback(
        &mut self,
        function: Value,
        args: Vec<Value>,
        then: Box<dyn Continue>,
        dst: u16,
    ) -> Result<(), Panic> {
        if args.len() > MAX_CALLBACK_ARGS {
            return Err(self.internal("a native's callback has too many arguments"));
        }
        let func = FuncId(self.first_trampoline + args.len() as u32);
        let base = self.current_top();
        // The frame first (entering resets its registers), then its operands.
        if let Err(error) = self.push_frame(func, base, 0, dst, &[]) {
            return Err(self.call_error(error));
        }
        self.stack[base] = function;
        for (i, arg) in args.into_iter().enumerate() {
            self.stack[base + 2 + i] = arg;
        }
        self.strand.continuations.push(then);
        Ok(())
    }

    /// `ResumeNative`: continues the native of the top (trampoline) frame with `result`.
    pub(super) fn resume_native(&mut self, result: Value) -> Result<Resumed, Panic> {
        let Some(then) = self.strand.continuations.pop() else {
            return Err(self.internal("resume_native without a native to resume"));
        };
        let step = then.resume(&mut NativeContext { interp: self }, result);
        match step {
            Ok(Step::Done(value)) => Ok(Resumed::Return(value)),
            Ok(Step::Call {
                function,
                args,
                then,
            }) => {
                let dst = self.pop_trampoline();
                self.push_callback(function, args, then, dst)?;
                Ok(Resumed::Continue)
            }
            Ok(Step::Await(_)) => {
                self.pop_trampoline();
                Err(self.internal("a native awaited after a callback"))
            }
            Err(panic) => {
                // The panic belongs to the native's call, in the frame below.
                self.pop_trampoline();
                Err(panic)
            }
        }
    }

    /// Pops the top (trampoline) frame without returning from it; its `dst`.
    fn pop_trampoline(&mut self) -> u16 {
        match self.frames.pop() {
            Some(frame) => {
                self.clear_registers(frame.base as usize, frame.top as usize);
                frame.dst
            }
            None => 0,
        }
    }
}
