//! The instruction set of the register machine and its operand types.
//!
//! Every instruction reads and writes registers of the current frame. Registers are untyped
//! slots holding one runtime value each; a function's registers are numbered
//! `0..num_registers`, its parameters arrive in `0..num_params` and (for closures) its captured
//! cells right after them. Jump targets are indices into the function's instruction vector.
//!
//! Instructions are kept at 16 bytes: operands are `u16` registers and `u32` ids; anything
//! variable-sized (argument lists, constructor members) is a contiguous register window
//! ([`RegRange`]) that the lowering fills before the instruction.

use crate::ids::{ClassId, ConstId, FuncId, GlobalId, NativeId, TypeId};

/// A register of the current frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Reg(pub u16);

/// A window of consecutive registers `start .. start + count` (arguments, list members, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct RegRange {
    pub start: u16,
    pub count: u16,
}

impl RegRange {
    pub fn new(start: u16, count: u16) -> RegRange {
        RegRange { start, count }
    }

    pub const EMPTY: RegRange = RegRange { start: 0, count: 0 };

    /// One past the last register, as `u32` so it cannot overflow.
    pub fn end(self) -> u32 {
        self.start as u32 + self.count as u32
    }

    pub fn regs(self) -> impl Iterator<Item = Reg> {
        (self.start as u32..self.end()).map(|r| Reg(r as u16))
    }
}

/// An instruction index inside the same function (a jump target).
pub type Target = u32;

/// Comparison used by the typed compare-and-branch and compare instructions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cmp {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

/// Binary arithmetic/bitwise operator of the generic [`Instruction::Binary`] opcode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    /// `+` on int, float, decimal, string (concatenation), xml; panics on int overflow.
    Add,
    Sub,
    Mul,
    /// `/`: int division truncates and panics on zero or overflow; decimal panics on zero.
    Div,
    /// `%`: int remainder panics on zero; float follows IEEE `fmod` semantics.
    Rem,
    /// `&`, `|`, `^` on ints.
    BitAnd,
    BitOr,
    BitXor,
    /// `<<`, `>>` (arithmetic), `>>>` (logical) on ints; the shift count is masked to 6 bits.
    Shl,
    Shr,
    UShr,
}

/// Unary operator of the generic [`Instruction::Unary`] opcode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `-x` on int (panics on overflow of `int:MIN_VALUE`), float, decimal.
    Neg,
    /// `+x`: the value itself (type checked statically).
    Plus,
    /// `~x` on int.
    BitNot,
    /// `!x` on boolean.
    Not,
}

/// The instruction set. Semantics are documented per variant; "panics" means a Ballerina panic
/// with the named built-in error, which unwinds to the innermost `trap` or ends the program.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Instruction {
    // ---- moves and constants -------------------------------------------------------------
    /// No operation (kept so jump targets stay valid after patching).
    Nop,
    /// `dst = src` (values are shared, never deep-copied).
    Move {
        dst: Reg,
        src: Reg,
    },
    /// `dst = ()`.
    LoadNil {
        dst: Reg,
    },
    /// `dst = value` (boolean).
    LoadBool {
        dst: Reg,
        value: bool,
    },
    /// `dst = value` (int; also used for byte and other int subtypes).
    LoadInt {
        dst: Reg,
        value: i64,
    },
    /// `dst = value` (float).
    LoadFloat {
        dst: Reg,
        value: f64,
    },
    /// `dst = constants[constant]` (string, decimal, ...). Strings are shared, not copied.
    LoadConst {
        dst: Reg,
        constant: ConstId,
    },
    /// `dst = typedesc of types[ty]` (the value of a type reference expression).
    LoadTypedesc {
        dst: Reg,
        ty: TypeId,
    },
    /// `dst = typeof src`: the typedesc of the value's runtime type (spec "typeof"): its
    /// inherent type for structures, objects, errors and functions, the singleton type of
    /// its shape for simple values.
    TypeOf {
        dst: Reg,
        src: Reg,
    },
    /// `dst = typedesc.@tag`: the value of annotation `key` (a string constant, the tag key of
    /// [`crate::AnnotationSet`]) on the type of the typedesc in `typedesc`, or `()`.
    AnnotationGet {
        dst: Reg,
        typedesc: Reg,
        key: ConstId,
    },
    /// `dst = function value` for a function without captures (a non-closure reference).
    LoadFunction {
        dst: Reg,
        func: FuncId,
    },

    // ---- module globals ------------------------------------------------------------------
    /// `dst = globals[global]`.
    GlobalGet {
        dst: Reg,
        global: GlobalId,
    },
    /// `globals[global] = src`.
    GlobalSet {
        global: GlobalId,
        src: Reg,
    },
    /// If the configurable `global` was supplied by the embedder, jump to `target` (so the
    /// module init skips evaluating the default expression).
    JumpIfConfigured {
        global: GlobalId,
        target: Target,
    },

    // ---- typed int arithmetic (operands statically int) -----------------------------------
    /// `dst = a + b`; panics `{ballerina}NumberOverflow` on overflow.
    AddInt {
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    /// `dst = a - b`; panics on overflow.
    SubInt {
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    /// `dst = a * b`; panics on overflow.
    MulInt {
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    /// `dst = a / b` truncating; panics `{ballerina}DivisionByZero` if `b == 0`,
    /// `{ballerina}NumberOverflow` for `int:MIN_VALUE / -1`.
    DivInt {
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    /// `dst = a % b` (sign of `a`); panics `{ballerina}DivisionByZero` if `b == 0`;
    /// `int:MIN_VALUE % -1` is `0`.
    RemInt {
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    /// `dst = a + imm`; panics on overflow (`i += 1`, loop counters).
    AddIntImm {
        dst: Reg,
        a: Reg,
        imm: i32,
    },
    /// `dst = a * imm`; panics on overflow.
    MulIntImm {
        dst: Reg,
        a: Reg,
        imm: i32,
    },
    /// `dst = a % imm` (sign of `a`). Lowering emits it only for `imm` other than `0` and
    /// `-1`; those still behave as `RemInt` (division by zero panics).
    RemIntImm {
        dst: Reg,
        a: Reg,
        imm: i32,
    },
    /// `dst = -a`; panics on overflow.
    NegInt {
        dst: Reg,
        a: Reg,
    },
    /// `dst = (a <cmp> b)` as boolean, ints.
    CmpInt {
        dst: Reg,
        cmp: Cmp,
        a: Reg,
        b: Reg,
    },
    /// If `a <cmp> b` (ints) jump to `target`, else fall through.
    JumpIfCmpInt {
        cmp: Cmp,
        a: Reg,
        b: Reg,
        target: Target,
    },
    /// If `a <cmp> imm` (int register against an immediate) jump to `target`, else fall
    /// through (loop bounds and small constant tests need no register load).
    JumpIfCmpIntImm {
        cmp: Cmp,
        a: Reg,
        imm: i32,
        target: Target,
    },
    /// Loop step: `counter = counter + step` (panics on overflow), then if
    /// `counter <cmp> limit` (ints) jump to `target`, else fall through.
    IncJumpIfCmpInt {
        counter: Reg,
        step: i16,
        cmp: Cmp,
        limit: Reg,
        target: Target,
    },
    /// Loop step against an immediate bound: `counter = counter + step` (panics on overflow),
    /// then if `counter <cmp> limit` jump to `target`, else fall through.
    IncJumpIfCmpIntImm {
        counter: Reg,
        step: i16,
        cmp: Cmp,
        limit: i32,
        target: Target,
    },

    // ---- typed float arithmetic (operands statically float) ------------------------------
    /// IEEE 754 `dst = a + b` (never panics).
    AddFloat {
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    SubFloat {
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    MulFloat {
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    DivFloat {
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    /// `dst = a % b` with the sign of `a` (Rust `%` on f64).
    RemFloat {
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    NegFloat {
        dst: Reg,
        a: Reg,
    },
    /// `dst = (a <cmp> b)` on floats; comparisons with NaN are false except `Ne`.
    CmpFloat {
        dst: Reg,
        cmp: Cmp,
        a: Reg,
        b: Reg,
    },

    // ---- strings -------------------------------------------------------------------------
    /// `dst = a + b` where both are strings. When `dst == a` and the string is uniquely owned
    /// the runtime appends in place (amortised O(1) `s += x`).
    Concat {
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    /// `dst = a.toString()` (`lang.value:toString` semantics; used for string templates).
    ToString {
        dst: Reg,
        value: Reg,
    },

    // ---- generic (dynamically dispatched) operators --------------------------------------
    /// `dst = a <op> b` dispatching on the runtime tags (int, byte, float, decimal, string).
    Binary {
        dst: Reg,
        op: BinaryOp,
        a: Reg,
        b: Reg,
    },
    /// `dst = <op> a` dispatching on the runtime tag.
    Unary {
        dst: Reg,
        op: UnaryOp,
        a: Reg,
    },
    /// `dst = a <cmp> b`. For `Lt/Le/Gt/Ge`: ordered comparison of ints, floats, decimals,
    /// strings (code point order), booleans, nil and lists of those (lexicographic); a
    /// comparison involving `()` or NaN is false. For `Eq/Ne`: deep equality `==` / `!=`.
    Compare {
        dst: Reg,
        cmp: Cmp,
        a: Reg,
        b: Reg,
    },
    /// `dst = a === b` (exact equality: identity for structured values, value for simple).
    RefEq {
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    /// `dst = a !== b`.
    RefNe {
        dst: Reg,
        a: Reg,
        b: Reg,
    },

    // ---- control flow --------------------------------------------------------------------
    /// Unconditional jump.
    Jump {
        target: Target,
    },
    /// Jump if `cond` (a boolean) is true.
    JumpIfTrue {
        cond: Reg,
        target: Target,
    },
    /// Jump if `cond` (a boolean) is false.
    JumpIfFalse {
        cond: Reg,
        target: Target,
    },
    /// Jump if `value` is `()` (elvis `?:`, optional access chains).
    JumpIfNil {
        value: Reg,
        target: Target,
    },
    /// Jump if `value` is not `()`.
    JumpIfNotNil {
        value: Reg,
        target: Target,
    },
    /// Jump if the caller supplied parameter `index` (a function value call may omit
    /// trailing defaultable parameters; the callee's prologue evaluates their defaults).
    JumpIfArgGiven {
        index: u16,
        target: Target,
    },
    /// Return `value` to the caller (terminator).
    Return {
        value: Reg,
    },
    /// Return `()` to the caller (terminator).
    ReturnNil,
    /// Panic with the error value in `value` (terminator). If the value is not an error the
    /// runtime panics with it wrapped as the message (cannot happen for type-checked code).
    Panic {
        value: Reg,
    },
    /// Start a `trap` region: until the matching `TrapEnd`, a panic raised in this frame or in
    /// any callee unwinds to this frame, stores the error value in `dst` and jumps to
    /// `handler`. Regions nest; the handler entry is popped when taken.
    TrapBegin {
        dst: Reg,
        handler: Target,
    },
    /// End the innermost trap region of this frame (normal completion of the trapped code).
    TrapEnd,

    // ---- calls ---------------------------------------------------------------------------
    /// `dst = func(args...)`: direct call. `args.count` must equal the callee's `num_params`,
    /// or be less when the callee has no rest parameter: the parameters not passed are
    /// omitted defaultable ones, which the callee's prologue fills (`JumpIfArgGiven`).
    Call {
        dst: Reg,
        func: FuncId,
        args: RegRange,
    },
    /// `dst = callee(args...)` where `callee` holds a function value (closure). Its captured
    /// cells are appended after the arguments in the callee's frame.
    ///
    /// `packed_rest` says the window ends with a list of rest arguments (the static function
    /// type has a rest parameter); the runtime adapts the arguments to the callee's own
    /// parameters (packing extra ones into its rest list, leaving omitted defaults to it).
    CallIndirect {
        dst: Reg,
        callee: Reg,
        args: RegRange,
        packed_rest: bool,
    },
    /// `dst = receiver.method(args...)` where `args.start` holds the receiver object (bound to
    /// `self`, parameter 0) and `method` is a string constant naming the method; dispatch is by
    /// name on the object's class. Panics if the object has no such method. `packed_rest` as
    /// for `CallIndirect` (the static method type may differ from the class's method).
    CallMethod {
        dst: Reg,
        method: ConstId,
        args: RegRange,
        packed_rest: bool,
    },
    /// `dst = natives[native](args...)`: receiver/first parameter first, then the provided
    /// arguments in declaration order, rest arguments flattened at the end; trailing optional
    /// arguments may be omitted.
    CallNative {
        dst: Reg,
        native: NativeId,
        args: RegRange,
    },
    /// Like `CallNative`, but the last register of `args` holds a list (a spread into the
    /// native's rest parameter) whose members are passed flattened after the others, however
    /// many there are.
    CallNativeSpread {
        dst: Reg,
        native: NativeId,
        args: RegRange,
    },

    // ---- strands --------------------------------------------------------------------------
    /// `dst = start <call>`: the call instruction at `pc + 1` (`Call`, `CallIndirect`,
    /// `CallMethod`, `CallNative` or `CallNativeSpread`; verified) runs on a new strand. Its
    /// arguments are read now from this frame, its own `dst` is ignored; `dst` receives the
    /// new strand's future, whose inherent type is `ty` (`future<T>`, T the call's return
    /// type), and execution continues at `pc + 2`.
    Start {
        dst: Reg,
        ty: TypeId,
    },
    /// `dst = wait future`: parks this strand until the future's strand terminates. The
    /// result is its return value; an error value when the wait fails (the future was already
    /// waited for, or was cancelled); a panic of that strand becomes a panic here.
    Wait {
        dst: Reg,
        future: Reg,
    },
    /// `dst = wait f1 | f2 | ...` over the futures in `futures`: the first non-error result,
    /// else the error of the last to terminate; a panic of any becomes a panic here.
    WaitAny {
        dst: Reg,
        futures: RegRange,
    },
    /// Multiple wait `wait {a: f1, b: f2}`: waits for every future in `futures` and writes
    /// their results, in order, to the registers starting at `dst` (`futures.count` of them);
    /// the record or map is then built from those registers.
    WaitAll {
        dst: Reg,
        futures: RegRange,
    },
    /// Enter a `lock` statement: parks this strand while another strand holds the lock
    /// (re-entrant for the holder). Released by `LockEnd`, or when a panic unwinds past the
    /// frame that entered it.
    LockBegin,
    /// Leave the innermost `lock` statement of this frame.
    LockEnd,
    /// Only in the runtime's own callback trampolines (never emitted by lowering): hands
    /// `value`, a callback's result, to the native that asked for the callback, which either
    /// finishes (the trampoline returns its result) or asks for the next callback.
    ResumeNative {
        value: Reg,
    },

    // ---- worker message passing (README "Worker message passing") ------------------------
    /// `dst = ` a new channel group of `members` workers: one queue per ordered pair of
    /// distinct members, each empty with `r = w = 0`, and every member running.
    WorkerGroupNew {
        dst: Reg,
        members: u16,
    },
    /// The current frame is member `member` of `group`: when it terminates the group records
    /// how, and a successful termination does the final queue update of its queues.
    WorkerBind {
        group: Reg,
        member: u16,
    },
    /// `value -> to` in member `from`: a clone of `value` into `slot` of queue `from -> to`,
    /// then `w = slot + 1`. Never parks.
    WorkerSend {
        group: Reg,
        from: u16,
        to: u16,
        slot: u16,
        value: Reg,
    },
    /// Queue update for sends that will not run (conditional sends): `w = max(w, upto)` on
    /// queue `from -> to`.
    WorkerSkip {
        group: Reg,
        from: u16,
        to: u16,
        upto: u16,
    },
    /// `dst = flush to` in member `from`: parks until `r >= upto` on queue `from -> to` or
    /// member `to` terminated; `()`, `to`'s failure error, or `to`'s panic.
    WorkerFlush {
        dst: Reg,
        group: Reg,
        from: u16,
        to: u16,
        upto: u16,
    },
    /// `dst = <- from` in member `to`, reading `slot` of queue `from -> to`.
    WorkerReceive {
        dst: Reg,
        group: Reg,
        from: u16,
        to: u16,
        slot: u16,
    },
    /// Multiple receive in member `to`: the `count` `WorkerPeer` instructions that follow name
    /// the slots; `dst..dst+count` receive, in order, each slot's message or the error in its
    /// place (README).
    WorkerReceiveAll {
        dst: Reg,
        group: Reg,
        to: u16,
        count: u16,
    },
    /// Alternate receive in member `to` over the `count` `WorkerPeer` instructions that follow.
    WorkerReceiveAny {
        dst: Reg,
        group: Reg,
        to: u16,
        count: u16,
    },
    /// An operand of the preceding `WorkerReceiveAll`/`WorkerReceiveAny`: `slot` of queue
    /// `from -> to`. Never executed (the receive continues after the last one).
    WorkerPeer {
        from: u16,
        slot: u16,
    },

    // ---- closures and cells --------------------------------------------------------------
    /// `dst = new cell holding init`. Captured locals live in cells so the enclosing function
    /// and closures share mutations.
    NewCell {
        dst: Reg,
        init: Reg,
    },
    /// `dst = *cell`.
    CellGet {
        dst: Reg,
        cell: Reg,
    },
    /// `*cell = value`.
    CellSet {
        cell: Reg,
        value: Reg,
    },
    /// `dst = closure of func` capturing the cells in `captures` (in the callee these land in
    /// registers `num_params .. num_params + captures.count`).
    MakeClosure {
        dst: Reg,
        func: FuncId,
        captures: RegRange,
    },

    // ---- structured values ---------------------------------------------------------------
    /// `dst = new list` whose members are `members` and inherent type `types[ty]` (an array or
    /// tuple type, possibly `readonly`; a readonly inherent type makes the list immutable).
    /// Fixed-length arrays are filled up to their length with the element type's filler value.
    NewList {
        dst: Reg,
        ty: TypeId,
        members: RegRange,
    },
    /// `dst = new mapping` with inherent type `types[ty]` (a map or record type, possibly
    /// readonly). `entries` holds `count / 2` key/value pairs: key (a string) then value.
    /// Later duplicate keys overwrite earlier ones.
    NewMap {
        dst: Reg,
        ty: TypeId,
        entries: RegRange,
    },
    /// `dst = container[key]`: list/tuple with an int index (panics
    /// `{ballerina/lang.array}IndexOutOfRange` if out of range), mapping with a string key
    /// (`()` if absent), string with an int index (a one-char string; panics
    /// `{ballerina/lang.string}IndexOutOfRange`).
    MemberGet {
        dst: Reg,
        container: Reg,
        key: Reg,
    },
    /// `dst = container[key]` as the filling read of a nested assignment's container
    /// (`xs[2][1] = v`, spec "Lvalues"): like `MemberGet`, but a list index at or beyond the
    /// length or an absent mapping key first stores the member type's filler value (filling
    /// any gap before it; panics when there is no filler), and `dst` is that stored value.
    MemberGetFill {
        dst: Reg,
        container: Reg,
        key: Reg,
    },
    /// `container[key] = value`: list (index may equal the length to append; beyond the length
    /// the gap is filled with the element's filler value or it panics), or mapping. Panics
    /// `{ballerina/lang.array|map}InherentTypeViolation` if `value` does not belong to the
    /// member type of the inherent type, or if the container is immutable or the index
    /// violates a fixed length / closed record.
    MemberSet {
        container: Reg,
        key: Reg,
        value: Reg,
    },
    /// `dst = object.name` for records (the field, `()` if absent), objects (the field) and
    /// maps (`()` if absent). `name` is a string constant.
    FieldGet {
        dst: Reg,
        object: Reg,
        name: ConstId,
    },
    /// `dst = object?.name`: `()` if `object` is `()`, otherwise as `FieldGet`.
    OptionalFieldGet {
        dst: Reg,
        object: Reg,
        name: ConstId,
    },
    /// Lax access `dst = value.name` on `json`: if `value` is a mapping holding `name`, the
    /// member; otherwise the error `{ballerina}KeyNotFound` ("key 'name' not found in JSON
    /// mapping") as a value (not a panic).
    LaxFieldGet {
        dst: Reg,
        object: Reg,
        name: ConstId,
    },
    /// `object.name = value` for records/maps (same checks as `MemberSet`) and objects.
    FieldSet {
        object: Reg,
        name: ConstId,
        value: Reg,
    },
    /// `dst = object.fields[slot]` for an object of statically known class (fast path).
    ObjectSlotGet {
        dst: Reg,
        object: Reg,
        slot: u16,
    },
    /// `object.fields[slot] = value` for an object of statically known class.
    ObjectSlotSet {
        object: Reg,
        slot: u16,
        value: Reg,
    },
    /// `dst = length of value` (list, mapping, string in chars); panics otherwise.
    Length {
        dst: Reg,
        value: Reg,
    },
    /// Make the structured value in `value` immutable (shallow; members must already be
    /// immutable). Used for constructors in a readonly context and `const` values.
    Freeze {
        value: Reg,
    },
    /// `dst = new object of class` with every field `()`; the lowering then calls the
    /// class's field initializer and `init`.
    NewObject {
        dst: Reg,
        class: ClassId,
    },
    /// `dst = error value` of error type `types[ty]` with message `message` (string), cause
    /// `cause` (an error or `()`) and detail `detail` (a mapping or `()` for empty). The stack
    /// trace is captured at this point.
    NewError {
        dst: Reg,
        ty: TypeId,
        message: Reg,
        cause: Reg,
        detail: Reg,
    },

    // ---- types ---------------------------------------------------------------------------
    /// `dst = value is types[ty]` (inherent type semantics for mutable structures, shape
    /// semantics for immutable ones).
    TypeTest {
        dst: Reg,
        value: Reg,
        ty: TypeId,
    },
    /// `dst = <types[ty]> value` for an operand whose static type is a subtype of
    /// `int|float|decimal`: numeric conversions between int/float/decimal when the
    /// target admits only the other numeric type, then a type test; panics
    /// `{ballerina}TypeCastError` "incompatible types: 'S' cannot be cast to 'T'" on failure.
    TypeCast {
        dst: Reg,
        value: Reg,
        ty: TypeId,
    },
    /// `dst = <types[ty]> value` without numeric conversion: a failed type test panics
    /// `{ballerina}TypeCastError`. Ballerina converts numbers in a cast only when the
    /// operand's static type is a subtype of `int|float|decimal`; the lowering emits this
    /// instruction for every other operand (e.g. `<int>x` with `x` of type `any` holding 1.5
    /// panics instead of rounding).
    Downcast {
        dst: Reg,
        value: Reg,
        ty: TypeId,
    },

    // ---- iteration -----------------------------------------------------------------------
    /// `dst = iterator over iterable`: lists/tuples (members), mappings (values), strings
    /// (one-char strings), and objects with an `iterator()` method (its result's `next()`
    /// is called; a `record {| T value; |}` yields `value`, `()` ends, an error ends too and
    /// is yielded as the final value).
    IterNew {
        dst: Reg,
        iterable: Reg,
    },
    /// `dst = iterator over the int range [start, end]` (`inclusive`) or `[start, end)`.
    IterRange {
        dst: Reg,
        start: Reg,
        end: Reg,
        inclusive: bool,
    },
    /// Advance `iter`: if there is a next member store it in `dst`, else jump to `target`.
    IterNext {
        dst: Reg,
        iter: Reg,
        target: Target,
    },
}

impl Instruction {
    /// True for instructions after which control never falls through.
    pub fn is_terminator(&self) -> bool {
        matches!(
            self,
            Instruction::Jump { .. }
                | Instruction::Return { .. }
                | Instruction::ReturnNil
                | Instruction::Panic { .. }
                | Instruction::ResumeNative { .. }
        )
    }

    /// The jump target of this instruction, if any.
    pub fn target(&self) -> Option<Target> {
        match *self {
            Instruction::Jump { target }
            | Instruction::JumpIfTrue { target, .. }
            | Instruction::JumpIfFalse { target, .. }
            | Instruction::JumpIfNil { target, .. }
            | Instruction::JumpIfNotNil { target, .. }
            | Instruction::JumpIfArgGiven { target, .. }
            | Instruction::JumpIfCmpInt { target, .. }
            | Instruction::JumpIfCmpIntImm { target, .. }
            | Instruction::IncJumpIfCmpInt { target, .. }
            | Instruction::IncJumpIfCmpIntImm { target, .. }
            | Instruction::JumpIfConfigured { target, .. }
            | Instruction::IterNext { target, .. } => Some(target),
            Instruction::TrapBegin { handler, .. } => Some(handler),
            _ => None,
        }
    }

    /// Mutable access to the jump target (used by builders to patch forward jumps).
    pub fn target_mut(&mut self) -> Option<&mut Target> {
        match self {
            Instruction::Jump { target }
            | Instruction::JumpIfTrue { target, .. }
            | Instruction::JumpIfFalse { target, .. }
            | Instruction::JumpIfNil { target, .. }
            | Instruction::JumpIfNotNil { target, .. }
            | Instruction::JumpIfArgGiven { target, .. }
            | Instruction::JumpIfCmpInt { target, .. }
            | Instruction::JumpIfCmpIntImm { target, .. }
            | Instruction::IncJumpIfCmpInt { target, .. }
            | Instruction::IncJumpIfCmpIntImm { target, .. }
            | Instruction::JumpIfConfigured { target, .. }
            | Instruction::IterNext { target, .. } => Some(target),
            Instruction::TrapBegin { handler, .. } => Some(handler),
            _ => None,
        }
    }
}
