//! Streams: `new stream<T, C>(...)` calls the non-public `lang.stream` native `construct`
//! with the stream type; a loop over a stream (`foreach`, a query's `from`) calls the next
//! operation (`lang.stream:next`) until it gives the completion value; a query constructing a
//! stream collects its selected values and wraps them with its completion value
//! (`fromValues`).

use crate::emit::FnLower;
use crate::sema;
use intc_syntax::ast;
use ir::{Instruction, LangNative, Reg, Target};

use crate::ir;

impl<'l, 'a> FnLower<'l, 'a> {
    /// Whether `expr` is a `new` expression constructing a stream.
    pub(crate) fn is_new_stream(&self, expr: &ast::Expr) -> bool {
        self.lw.checked.new_streams.contains_key(&self.key(expr.id))
    }

    /// `new stream<T, C>(implementor)` or the empty `new stream<T, C>()`.
    pub(crate) fn new_stream(&mut self, expr: &'a ast::Expr, args: &'a [ast::Arg], dst: Reg) {
        let Some(info) = self.lw.checked.new_streams.get(&self.key(expr.id)).cloned() else {
            self.unsupported("a stream construction the checker did not record");
            return;
        };
        let ty = self.lw.ir_type(info.ty);
        let typedesc = self.reg();
        self.emit(Instruction::LoadTypedesc { dst: typedesc, ty });
        let implementor = self.reg();
        match args.first() {
            Some(ast::Arg::Positional(arg)) if info.implementor => {
                self.value_into(arg, implementor)
            }
            _ => {
                self.emit(Instruction::LoadNil { dst: implementor });
            }
        }
        self.call_lang(LangNative::StreamConstruct, &[typedesc, implementor], dst);
    }

    /// Whether the checker recorded `iterable` as iterating a stream.
    pub(crate) fn iterates_stream(&self, iterable: &ast::Expr) -> bool {
        self.lw.checked.iterations.get(&self.key(iterable.id)) == Some(&sema::IterationKind::Stream)
    }

    /// The head of a loop over the stream in `stream`: the register each member arrives in,
    /// the instruction to jump back to, and the exit jump the caller patches. With `fails`, a
    /// completion error fails the enclosing query.
    pub(crate) fn stream_head(&mut self, stream: Reg, fails: bool) -> (Reg, Target, Target) {
        let result = self.reg();
        let head = self.here();
        self.call_lang(LangNative::StreamNext, &[stream], result);
        let exit = self.emit(Instruction::JumpIfNil {
            value: result,
            target: 0,
        });
        if fails {
            self.fail_if_error(result, false);
        }
        let item = self.reg();
        let name = self.lw.builder.string_constant("value");
        self.emit(Instruction::FieldGet {
            dst: item,
            object: result,
            name,
        });
        (item, head, exit)
    }

    /// The head of a query's loop over the value of `iterable` in `value`: a stream's next
    /// operations (a completion error failing the query), else `IterNew`/`IterNext`.
    pub(crate) fn loop_head(&mut self, iterable: &ast::Expr, value: Reg) -> (Reg, Target, Target) {
        if self.iterates_stream(iterable) {
            let fails = self
                .lw
                .checked
                .queries
                .stream_errors
                .contains(&self.key(iterable.id));
            return self.stream_head(value, fails);
        }
        let (item, head) = self.iteration_head(value);
        (item, head, head)
    }

    /// The completion of a query constructing a stream: the stream over the collected
    /// `list`, completing with `completion` (`()` or the error that failed the query).
    pub(crate) fn finish_stream_query(
        &mut self,
        stream: sema::TypeId,
        list: Reg,
        completion: Reg,
        dst: Reg,
    ) {
        let ty = self.lw.ir_type(stream);
        let typedesc = self.reg();
        self.emit(Instruction::LoadTypedesc { dst: typedesc, ty });
        self.call_lang(
            LangNative::StreamFromValues,
            &[typedesc, list, completion],
            dst,
        );
    }
}
