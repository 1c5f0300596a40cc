//! Queries constructing a stream, run lazily (spec "Query expressions": each next operation
//! on the stream runs the pipeline just far enough to select one value). The first `from`'s
//! collection is evaluated with the query; the rest of the query becomes an IR function of
//! that collection and the stream (its captures are the checker's, recorded under the query's
//! key), the producer the runtime runs as a strand of its own from the first next operation
//! (`lang.stream:fromQuery`). Its loops are the eager query's; `select` hands each value to
//! the stream (`lang.stream:produce`), which suspends the producer until the next next
//! operation, and its return value completes the stream: `()`, or the error that failed the
//! query. Clauses needing every frame (`order by`, `group by`, `collect`, a `join`'s right
//! side) therefore consume their input at the first next operation.

use super::{Acc, QueryCx};
use crate::emit::{FailContext, FnLower, Local};
use crate::ir;
use intc_syntax::ast;
use ir::{Instruction, LangNative, Reg};
use std::collections::HashMap;

impl<'l, 'a> FnLower<'l, 'a> {
    /// The stream of a lazy query in `dst`; a failure evaluating the first collection makes
    /// it the empty stream completing with the error.
    pub(super) fn lazy_stream_query(
        &mut self,
        expr: &'a ast::Expr,
        query: &'a ast::Query,
        list: crate::sema::TypeId,
        stream: crate::sema::TypeId,
        dst: Reg,
    ) {
        let Some(ast::QueryClause::From { iterable, .. }) = query.clauses.first() else {
            self.unsupported("a lazy query without a first from clause");
            return;
        };
        let error = self.reg();
        self.fails.push(FailContext {
            error,
            jumps: Vec::new(),
            locks: self.locks,
        });
        let source = self.reg();
        self.value_into(iterable, source);
        let producer = self.reg();
        self.producer_function(expr, query, iterable.id, producer);
        let ty = self.lw.ir_type(stream);
        let typedesc = self.reg();
        self.emit(Instruction::LoadTypedesc { dst: typedesc, ty });
        self.call_lang(
            LangNative::StreamFromQuery,
            &[typedesc, producer, source],
            dst,
        );
        let Some(context) = self.fails.pop() else {
            return;
        };
        if context.jumps.is_empty() {
            return;
        }
        let to_end = self.emit(Instruction::Jump { target: 0 });
        self.patch_here(&context.jumps);
        let ty = self.lw.ir_type(list);
        let empty = self.reg();
        self.emit(Instruction::NewList {
            dst: empty,
            ty,
            members: ir::RegRange::new(0, 0),
        });
        self.finish_stream_query(stream, empty, error, dst);
        self.patch_here(&[to_end]);
    }

    /// The producer of a lazy query as an IR function of the first collection and the stream
    /// over the cells it captures; its function value in `dst`.
    fn producer_function(
        &mut self,
        expr: &'a ast::Expr,
        query: &'a ast::Query,
        first: ast::NodeId,
        dst: Reg,
    ) {
        let key = self.key(expr.id);
        let checked = self.lw.checked;
        let captures = checked.captures.get(&key).cloned().unwrap_or_default();
        let captures_self = checked.captures_self.contains(&key) && self.self_local.is_some();
        let capture_count = captures.len() + usize::from(captures_self);
        if capture_count > u16::MAX as usize / 2 {
            self.unsupported("a query capturing this many variables");
            return;
        }
        let mut function = ir::Function::new("$query", 2);
        function.num_captures = capture_count as u16;
        function.module = self.current_module_prefix();
        let func = self.lw.builder.add_function(function.clone());
        let file = self.file;
        let mut inner = FnLower::new(&mut *self.lw, file, (2 + capture_count) as u32);
        inner.body_file = self.body_file;
        inner.line = self.line;
        for (index, &capture) in captures.iter().enumerate() {
            inner
                .locals
                .insert(capture, Local::Cell(Reg((2 + index) as u16)));
        }
        if captures_self {
            inner.self_local = Some(Local::Cell(Reg((2 + captures.len()) as u16)));
        }
        inner.producer_body(expr, query, first, Reg(0), Reg(1));
        let function = inner.finish(function);
        self.lw.builder.define_function(func, function);
        self.closure_value(func, &captures, captures_self, dst);
    }

    /// The pipeline over `source` handing each selected value to `stream`; returns `()`
    /// when it is done, or the error that failed it.
    fn producer_body(
        &mut self,
        expr: &'a ast::Expr,
        query: &'a ast::Query,
        first: ast::NodeId,
        source: Reg,
        stream: Reg,
    ) {
        let key = self.key(expr.id);
        let rows_type = match self.lw.checked.queries.rows.get(&key).copied() {
            Some(ty) => Some(self.lw.ir_type(ty)),
            None => None,
        };
        let error = self.reg();
        self.fails.push(FailContext {
            error,
            jumps: Vec::new(),
            locks: self.locks,
        });
        let mut cx = QueryCx {
            query,
            acc: Acc::Produce(stream),
            limits: HashMap::new(),
            joins: HashMap::new(),
            bound: Vec::new(),
            rows_type,
            row_variables: Vec::new(),
            collected: false,
            first_source: Some((first, source)),
        };
        self.stage(&mut cx, &query.clauses, None);
        self.emit(Instruction::ReturnNil);
        if let Some(context) = self.fails.pop() {
            if !context.jumps.is_empty() {
                self.patch_here(&context.jumps);
                self.emit(Instruction::Return { value: error });
            }
        }
    }
}
