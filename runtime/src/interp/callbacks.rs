//! Callbacks from natives into Ballerina code, run on the strand's own frame stack.
//!
//! A step native that answers `Step::Call` gets a *trampoline* frame on top of its caller: a
//! two-instruction function the runtime appends to the program (one per argument count),
//! `r1 = r0(r2, ...); resume_native r1`. The callback runs as an ordinary call from it, so it
//! can park the strand like any code; `ResumeNative` hands its result to the native's
//! continuation, kept on the strand's `continuations` stack (one per trampoline frame), which
//! either finishes (the trampoline returns the native's result to the caller's register) or
//! asks for the next callback (the trampoline frame is replaced).

use super::strand::NativeOutcome;
use super::Interpreter;
use crate::error::Panic;
use crate::native::{Continue, NativeContext, Step};
use crate::value::Value;
use intc_ir::{FuncId, FunctionBuilder, Instruction as I, Program, Reg, RegRange};

/// The most arguments a trampoline passes (trampolines exist for 0 ..= this). A callback
/// with more arguments (`function:call(f, ...xs)`) goes through a *packed* trampoline,
/// whose last argument is the callee's rest list (see `push_callback`).
pub(crate) const MAX_CALLBACK_ARGS: usize = 16;

/// What `ResumeNative` did.
pub(super) enum Resumed {
    /// The native finished with this result: the trampoline frame returns it.
    Return(Value),
    /// The next callback's trampoline frame was pushed in its place.
    Continue,
    /// The native awaits an operation: the strand parked with the trampoline frame on top
    /// (and [`Awaiting`] as its continuation); `resume_completion` carries on.
    Parked,
}

/// The continuation of a trampoline frame whose native awaits an operation: a placeholder
/// keeping one continuation per trampoline frame (unwinding pops one per frame); the
/// operation's completion, not this, continues the native.
struct Awaiting;

impl Continue for Awaiting {
    fn resume(self: Box<Self>, ctx: &mut NativeContext<'_>, _: Value) -> Result<Step, Panic> {
        Err(ctx
            .interp
            .internal("a native awaiting an operation was resumed by a callback"))
    }
}

/// Appends the trampolines to `program`, returning the id of the first (for 0 arguments):
/// plain ones for 0 ..= `MAX_CALLBACK_ARGS` arguments, then packed ones for 1 ..=
/// `MAX_CALLBACK_ARGS + 1` (the last argument a packed rest list).
pub(super) fn add_trampolines(program: &mut Program) -> u32 {
    let first = program.functions.len() as u32;
    let plain = (0..=MAX_CALLBACK_ARGS as u16).map(|count| (count, false));
    let packed = (1..=MAX_CALLBACK_ARGS as u16 + 1).map(|count| (count, true));
    for (count, packed_rest) in plain.chain(packed) {
        let mut f = FunctionBuilder::new("<callback>", 0, 0);
        // r0 = the function value, r1 = its result, r2.. = the arguments.
        let (Ok(_), Ok(result), Ok(args)) = (f.register(), f.register(), f.registers(count)) else {
            continue;
        };
        f.emit(I::CallIndirect {
            dst: result,
            callee: Reg(0),
            args: RegRange::new(args.start, count),
            packed_rest,
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
        let (func, args) = if args.len() <= MAX_CALLBACK_ARGS {
            (self.first_trampoline + args.len() as u32, args)
        } else {
            let args = self.pack_rest(&function, args)?;
            let packed = self.first_trampoline + MAX_CALLBACK_ARGS as u32 + 1;
            (packed + args.len() as u32 - 1, args)
        };
        let func = FuncId(func);
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

    /// The arguments of a callback with more than `MAX_CALLBACK_ARGS` of them, for a packed
    /// trampoline: the callee's fixed parameters, then its rest list holding the others.
    fn pack_rest(&self, function: &Value, mut args: Vec<Value>) -> Result<Vec<Value>, Panic> {
        let info = match function {
            Value::Function(closure) => self.function_info.get(closure.func.index()).copied(),
            _ => None,
        };
        let too_many = || self.internal("a native's callback has too many arguments");
        let info = info.ok_or_else(too_many)?;
        let rest_ty = info.rest_list.ok_or_else(too_many)?;
        let fixed = usize::from(info.num_params).saturating_sub(1);
        if fixed > MAX_CALLBACK_ARGS || fixed > args.len() {
            return Err(too_many());
        }
        let rest = args.split_off(fixed);
        args.push(Value::List(crate::value::ListObj::new(rest_ty, rest)));
        Ok(args)
    }

    /// Carries out what a native (or an instruction working like one) answered, in the
    /// dispatch loop: the top frame is at the call, whose result register is `dst`.
    pub(super) fn take_step(&mut self, step: Step, dst: u16) -> Result<NativeOutcome, Panic> {
        match step {
            Step::Done(value) => Ok(NativeOutcome::Value(value)),
            Step::Call {
                function,
                args,
                then,
            } => {
                self.push_callback(function, args, then, dst)?;
                Ok(NativeOutcome::Called)
            }
            Step::Await(pending) => {
                self.park_on(pending);
                Ok(NativeOutcome::Parked)
            }
            Step::Suspend => {
                self.suspend();
                Ok(NativeOutcome::Parked)
            }
        }
    }

    /// `ToString` of a value that may hold objects: rendered at once unless an object has a
    /// `toString()` method, which `steps::render_rest` then calls on this strand's frames
    /// (result register `dst`).
    pub(super) fn render_op(&mut self, value: Value, dst: u16) -> Result<NativeOutcome, Panic> {
        let style = crate::format::Style::Informal;
        let mut renderer = crate::format::Renderer::new(&value, style);
        let object = match renderer.run(&self.types)? {
            crate::format::Rendered::Done(text) => {
                return Ok(NativeOutcome::Value(Value::string(text)));
            }
            crate::format::Rendered::Object(object) => object,
        };
        let step = crate::steps::render_rest(
            &mut NativeContext { interp: self },
            renderer,
            object,
            style,
            Box::new(|_, mut texts| Ok(Step::Done(Value::string(texts.pop().unwrap_or_default())))),
        )?;
        self.take_step(step, dst)
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
            Ok(Step::Await(pending)) => {
                self.strand.continuations.push(Box::new(Awaiting));
                self.park_on(pending);
                Ok(Resumed::Parked)
            }
            Ok(Step::Suspend) => {
                self.strand.continuations.push(Box::new(Awaiting));
                self.suspend();
                Ok(Resumed::Parked)
            }
            Err(panic) => {
                // The panic belongs to the native's call, in the frame below.
                self.pop_trampoline();
                Err(panic)
            }
        }
    }

    /// Continues a strand whose native's operation completed with `step` (`resume_strand`):
    /// its result goes where the native's call puts it, a callback is pushed as `take_step`
    /// does, or the strand parks again. `Ok(Some(v))`: the strand's last frame returned `v`.
    pub(super) fn resume_completion(&mut self, step: Step) -> Result<Option<Value>, Panic> {
        let Some(frame) = self.frames.last().copied() else {
            // A started native: its result is the strand's.
            return match step {
                Step::Done(value) => Ok(Some(value)),
                Step::Await(pending) => {
                    self.park_on(pending);
                    Ok(None)
                }
                Step::Suspend => {
                    self.suspend();
                    Ok(None)
                }
                Step::Call { .. } => Err(self.internal("a started native asked for a callback")),
            };
        };
        if self.is_trampoline(frame.func) {
            // The native awaited after a callback: drop its placeholder continuation.
            self.strand.continuations.pop();
            return match step {
                Step::Done(value) => Ok(self.pop_frame(value, 0)),
                Step::Call {
                    function,
                    args,
                    then,
                } => {
                    let dst = self.pop_trampoline();
                    self.push_callback(function, args, then, dst)?;
                    Ok(None)
                }
                Step::Await(pending) => {
                    self.strand.continuations.push(Box::new(Awaiting));
                    self.park_on(pending);
                    Ok(None)
                }
                Step::Suspend => {
                    self.strand.continuations.push(Box::new(Awaiting));
                    self.suspend();
                    Ok(None)
                }
            };
        }
        let code = &self.program.functions[frame.func as usize].code;
        let dst = match code.get(frame.pc as usize) {
            Some(I::CallNative { dst, .. } | I::CallNativeSpread { dst, .. }) => *dst,
            _ => return Err(self.internal("resumed strand is not at a native call")),
        };
        match self.take_step(step, dst.0)? {
            NativeOutcome::Value(value) => {
                self.stack[frame.base as usize + dst.0 as usize] = value;
                if let Some(top) = self.frames.last_mut() {
                    top.pc += 1;
                }
            }
            NativeOutcome::Parked | NativeOutcome::Called => {}
        }
        Ok(None)
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
