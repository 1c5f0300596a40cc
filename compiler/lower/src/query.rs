//! Query expressions and query actions, lowered inline as nested loops (spec "Query
//! expression"): each `from` is a loop like `foreach` (an `IterNext` per frame, no allocation
//! per row for lists and ranges), `where` a branch, `let` a local, `join` a loop over the
//! right side's members (collected once, before the pipeline), `limit` a counter that leaves
//! the loops of its stage. An `order by` ends a stage: its frames are collected as rows
//! (`[keys..., variables...]`), sorted by the `sortQueryRows` native, and the rest of the
//! query runs over the sorted rows with the variables rebound. A `check` failing in any clause
//! makes the error the query's value (a fail context, as an `on fail` clause).

use crate::emit::{FailContext, FnLower, Local};
use crate::expr::NumClass;
use crate::sema;
use intc_syntax::ast;
use ir::{Cmp, Instruction, LangNative, Reg, Target};
use sema::model_query::QueryResult;
use std::collections::HashMap;

use crate::ir;

mod aggregate;
mod join;
mod lazy;

/// Where the selected values go.
#[derive(Clone, Copy)]
enum Acc {
    /// The list and its length so far.
    List(Reg, Reg),
    String(Reg),
    /// The xml sequence so far.
    Xml(Reg),
    Map(Reg),
    /// A table, filled by `put` (`table.rs`).
    Table(Reg),
    /// `collect e`: the value of `e`.
    Value(Reg),
    /// A lazy stream's producer (`query/lazy.rs`): each selected value is handed to the
    /// stream in the register, whose next operation waits for it.
    Produce(Reg),
    None,
}

/// What ends a stage.
#[derive(Clone, Copy)]
enum Boundary<'a> {
    Order(&'a [ast::OrderKey]),
    Group(&'a [ast::GroupingKey]),
}

/// What a stage does with each frame at its innermost point.
enum Inner<'a> {
    /// The query's end: `select` (into the accumulator) or `do`.
    End,
    /// An `order by`: append a row of its keys and the frame's variables.
    Collect {
        keys: &'a [ast::OrderKey],
        rows: Reg,
        count: Reg,
    },
    /// A `group by` (or, with no keys, `collect`): declare the new grouping variables, then
    /// append a row of every variable.
    Group {
        keys: &'a [ast::GroupingKey],
        rows: Reg,
        count: Reg,
    },
}

struct QueryCx<'a> {
    query: &'a ast::Query,
    acc: Acc,
    /// The remaining count of each `limit` clause, by its expression's node.
    limits: HashMap<ast::NodeId, Reg>,
    /// The hash index of each `join`'s collection (`query/join.rs`), by its expression's
    /// node.
    joins: HashMap<ast::NodeId, Reg>,
    /// The variables bound so far, in binding order (rebound after each `order by`).
    bound: Vec<sema::NodeKey>,
    rows_type: Option<ir::TypeId>,
    /// The variables of the rows the last `order by` collected, in row order.
    row_variables: Vec<sema::NodeKey>,
    /// The frames of a `collect` query have been aggregated: what follows is its end.
    collected: bool,
    /// A lazy stream's producer: the first `from`'s collection (by its expression's node)
    /// arrives evaluated, in the register.
    first_source: Option<(ast::NodeId, Reg)>,
}

impl<'l, 'a> FnLower<'l, 'a> {
    pub(crate) fn query(&mut self, expr: &'a ast::Expr, query: &'a ast::Query, dst: Reg) {
        let key = self.key(expr.id);
        let result = self.lw.checked.queries.results.get(&key).copied();
        if let Some(QueryResult::Stream { list, stream }) = result {
            if self.lw.checked.queries.lazy.contains(&key) {
                self.lazy_stream_query(expr, query, list, stream, dst);
                return;
            }
        }
        let rows_type = match self.lw.checked.queries.rows.get(&key).copied() {
            Some(ty) => Some(self.lw.ir_type(ty)),
            None => None,
        };
        let acc = match result {
            Some(QueryResult::List(ty) | QueryResult::Stream { list: ty, .. }) => {
                let ty = self.lw.ir_type(ty);
                let list = self.reg();
                self.emit(Instruction::NewList {
                    dst: list,
                    ty,
                    members: ir::RegRange::new(0, 0),
                });
                let len = self.reg();
                self.emit(Instruction::LoadInt { dst: len, value: 0 });
                Acc::List(list, len)
            }
            Some(QueryResult::String) => {
                let s = self.reg();
                self.load_string(s, "");
                Acc::String(s)
            }
            Some(QueryResult::Map(ty)) => {
                let ty = self.lw.ir_type(ty);
                let map = self.reg();
                self.emit(Instruction::NewMap {
                    dst: map,
                    ty,
                    entries: ir::RegRange::new(0, 0),
                });
                Acc::Map(map)
            }
            Some(QueryResult::Table(ty)) => Acc::Table(self.empty_table(ty)),
            Some(QueryResult::Xml) => {
                let x = self.reg();
                self.call_lang(intc_ir::LangNative::XmlConcat, &[], x);
                Acc::Xml(x)
            }
            Some(QueryResult::Action) => Acc::None,
            Some(QueryResult::Collect) => {
                let value = self.reg();
                self.emit(Instruction::LoadNil { dst: value });
                Acc::Value(value)
            }
            None => {
                self.unsupported("a query expression the checker did not type");
                return;
            }
        };
        let error = self.reg();
        self.fails.push(FailContext {
            error,
            jumps: Vec::new(),
            locks: self.locks,
        });
        let mut cx = QueryCx {
            query,
            acc,
            limits: HashMap::new(),
            joins: HashMap::new(),
            bound: Vec::new(),
            rows_type,
            row_variables: Vec::new(),
            collected: false,
            first_source: None,
        };
        self.stage(&mut cx, &query.clauses, None);
        if let (Acc::List(list, _), ast::QueryEnd::Select { expr: select, .. }) = (acc, &query.end)
        {
            if self
                .lw
                .checked
                .queries
                .frozen
                .contains(&self.key(select.id))
            {
                self.emit(Instruction::Freeze { value: list });
            }
        }
        if let (Some(QueryResult::Stream { stream, .. }), Acc::List(list, _)) = (result, acc) {
            self.stream_query_end(stream, list, error, dst);
            return;
        }
        match acc {
            Acc::List(list, _) => self.emit(Instruction::Move { dst, src: list }),
            Acc::String(s) | Acc::Xml(s) => self.emit(Instruction::Move { dst, src: s }),
            Acc::Map(map) => self.emit(Instruction::Move { dst, src: map }),
            Acc::Table(table) => self.emit(Instruction::Move { dst, src: table }),
            Acc::Value(value) => self.emit(Instruction::Move { dst, src: value }),
            Acc::None | Acc::Produce(_) => self.emit(Instruction::LoadNil { dst }),
        };
        let context = self.fails.pop();
        if let Some(context) = context {
            if !context.jumps.is_empty() {
                let to_end = self.emit(Instruction::Jump { target: 0 });
                self.patch_here(&context.jumps);
                self.emit(Instruction::Move { dst, src: error });
                self.patch_here(&[to_end]);
            }
        }
    }

    /// The end of a query constructing a stream: the stream of the selected values,
    /// completing with `()`, or with the error that failed the query (spec "Select clause").
    fn stream_query_end(&mut self, stream: sema::TypeId, list: Reg, error: Reg, dst: Reg) {
        let nil = self.reg();
        self.emit(Instruction::LoadNil { dst: nil });
        self.finish_stream_query(stream, list, nil, dst);
        let context = self.fails.pop();
        if let Some(context) = context {
            if !context.jumps.is_empty() {
                let to_end = self.emit(Instruction::Jump { target: 0 });
                self.patch_here(&context.jumps);
                self.finish_stream_query(stream, list, error, dst);
                self.patch_here(&[to_end]);
            }
        }
    }

    /// Evaluates what a stage needs once, before its loops: `limit` counts and the members
    /// of `join` collections (variables of earlier clauses are not in scope for either).
    /// A `limit 0` skips the stage: the jumps to its end are returned.
    fn prepare_stage(
        &mut self,
        cx: &mut QueryCx<'a>,
        clauses: &'a [ast::QueryClause],
    ) -> Vec<Target> {
        let mut skips = Vec::new();
        for clause in clauses {
            match clause {
                ast::QueryClause::Limit(count) => {
                    let remaining = self.reg();
                    self.value_into(count, remaining);
                    // A negative count panics (spec "Limit clause").
                    self.call_lang(LangNative::ArrayCheckQueryLimit, &[remaining], remaining);
                    cx.limits.insert(count.id, remaining);
                    skips.push(self.emit(Instruction::JumpIfCmpIntImm {
                        cmp: Cmp::Le,
                        a: remaining,
                        imm: 0,
                        target: 0,
                    }));
                }
                ast::QueryClause::Join {
                    binding,
                    iterable,
                    rhs,
                    ..
                } => {
                    let index = self.join_index(cx, binding, iterable, rhs);
                    cx.joins.insert(iterable.id, index);
                }
                _ => {}
            }
        }
        skips
    }

    /// A list of the members iterating `iterable` yields.
    fn collect_members(&mut self, cx: &QueryCx<'a>, iterable: &'a ast::Expr) -> Reg {
        let list = self.reg();
        let Some(ty) = cx.rows_type else {
            self.unsupported("a join without its row type");
            return list;
        };
        self.emit(Instruction::NewList {
            dst: list,
            ty,
            members: ir::RegRange::new(0, 0),
        });
        let len = self.reg();
        self.emit(Instruction::LoadInt { dst: len, value: 0 });
        let mark = self.mark();
        let value = self.value(iterable);
        let (item, head, exit) = self.loop_head(iterable, value);
        self.emit(Instruction::MemberSet {
            container: list,
            key: len,
            value: item,
        });
        self.emit(Instruction::AddIntImm {
            dst: len,
            a: len,
            imm: 1,
        });
        self.emit(Instruction::Jump { target: head });
        self.patch_here(&[exit]);
        self.release(mark);
        list
    }

    /// One stage: the clauses up to the next `order by` or `group by` (or a `collect`'s
    /// end), run once (the first stage) or once per row of the previous stage's sorted or
    /// grouped rows (`source`: the list and how many leading keys to skip in each row). A
    /// stage ending in a boundary collects rows across all its frames, then the boundary
    /// sorts or groups them and the next stage runs over the result.
    fn stage(
        &mut self,
        cx: &mut QueryCx<'a>,
        clauses: &'a [ast::QueryClause],
        source: Option<(Reg, usize)>,
    ) {
        let cut = stage_of(clauses).len();
        let (this, next) = clauses.split_at(cut);
        let collect =
            next.is_empty() && !cx.collected && matches!(cx.query.end, ast::QueryEnd::Collect(_));
        let boundary = match next.split_first() {
            Some((ast::QueryClause::OrderBy(keys), rest)) => Some((Boundary::Order(keys), rest)),
            Some((ast::QueryClause::GroupBy(keys), rest)) => Some((Boundary::Group(keys), rest)),
            _ if collect => {
                cx.collected = true;
                Some((Boundary::Group(&[]), next))
            }
            _ => None,
        };
        let collecting = match boundary {
            Some(_) => {
                let Some(rows_type) = cx.rows_type else {
                    self.unsupported("an order by or group by without its row type");
                    return;
                };
                let rows = self.reg();
                self.emit(Instruction::NewList {
                    dst: rows,
                    ty: rows_type,
                    members: ir::RegRange::new(0, 0),
                });
                let count = self.reg();
                self.emit(Instruction::LoadInt {
                    dst: count,
                    value: 0,
                });
                Some((rows, count))
            }
            None => None,
        };
        let skips = self.prepare_stage(cx, this);
        let inner = match (boundary, collecting) {
            (Some((Boundary::Order(keys), _)), Some((rows, count))) => {
                Inner::Collect { keys, rows, count }
            }
            (Some((Boundary::Group(keys), _)), Some((rows, count))) => {
                Inner::Group { keys, rows, count }
            }
            _ => Inner::End,
        };
        let mut exits = skips;
        match source {
            Some((rows, skip)) => {
                let (row, head) = self.iteration_head(rows);
                let mark = self.mark();
                for (index, &variable) in cx.bound.clone().iter().enumerate() {
                    let at = self.reg();
                    self.emit(Instruction::LoadInt {
                        dst: at,
                        value: (skip + index) as i64,
                    });
                    let value = self.reg();
                    self.emit(Instruction::MemberGet {
                        dst: value,
                        container: row,
                        key: at,
                    });
                    self.bind_local_from(variable, value);
                }
                self.clauses(cx, this, &inner, &mut exits);
                self.release(mark);
                self.emit(Instruction::Jump { target: head });
                self.patch_here(&[head]);
            }
            None => self.clauses(cx, this, &inner, &mut exits),
        }
        self.patch_here(&exits);
        let (Some((boundary, rest)), Some((rows, _))) = (boundary, collecting) else {
            return;
        };
        // The rest of the query sees the variables the rows carry.
        cx.bound = std::mem::take(&mut cx.row_variables);
        match boundary {
            Boundary::Order(keys) => {
                self.sort_rows(rows, keys);
                self.stage(cx, rest, Some((rows, keys.len())));
            }
            Boundary::Group(keys) => {
                let groups = self.group_rows(cx, rows, keys);
                self.stage(cx, rest, Some((groups, 0)));
            }
        }
    }

    /// Groups rows of every variable with the `groupQueryRows` native: one row per group.
    fn group_rows(&mut self, cx: &mut QueryCx<'a>, rows: Reg, keys: &'a [ast::GroupingKey]) -> Reg {
        // The grouping keys among the row's variables.
        let mut grouping = Vec::new();
        for key in keys {
            match key {
                ast::GroupingKey::Var(var) => {
                    if let Some(sema::Resolution::Local(local)) =
                        self.lw.checked.resolutions.get(&self.key(var.id))
                    {
                        grouping.push(*local);
                    }
                }
                ast::GroupingKey::Let(decl) => {
                    captures(&decl.binding, &mut |id| grouping.push(self.key(id)));
                }
            }
        }
        let native = self.lw.builder.lang_native(LangNative::ArrayGroupQueryRows);
        let width = cx.bound.len();
        let window = self.regs(3 + width);
        self.emit(Instruction::Move {
            dst: Reg(window.start),
            src: rows,
        });
        let mask = cx
            .bound
            .iter()
            .enumerate()
            .filter(|(i, v)| *i < 63 && grouping.contains(v))
            .fold(0i64, |mask, (i, _)| mask | (1 << i));
        self.emit(Instruction::LoadInt {
            dst: Reg(window.start + 1),
            value: mask,
        });
        self.emit(Instruction::LoadBool {
            dst: Reg(window.start + 2),
            value: keys.is_empty(),
        });
        for (i, variable) in cx.bound.clone().iter().enumerate() {
            let dst = Reg(window.start + 3 + i as u16);
            match self.lw.checked.queries.aggregated.get(variable).copied() {
                Some(ty) if !grouping.contains(variable) => {
                    let ty = self.lw.ir_type(ty);
                    self.emit(Instruction::LoadTypedesc { dst, ty });
                }
                _ => {
                    self.emit(Instruction::LoadNil { dst });
                }
            }
        }
        let groups = self.reg();
        self.emit(Instruction::CallNative {
            dst: groups,
            native,
            args: window,
        });
        groups
    }

    fn sort_rows(&mut self, rows: Reg, keys: &'a [ast::OrderKey]) {
        let native = self.lw.builder.lang_native(LangNative::ArraySortQueryRows);
        let window = self.regs(3);
        self.emit(Instruction::Move {
            dst: Reg(window.start),
            src: rows,
        });
        self.emit(Instruction::LoadInt {
            dst: Reg(window.start + 1),
            value: keys.len() as i64,
        });
        let descending = keys
            .iter()
            .enumerate()
            .filter(|(i, k)| k.descending && *i < 63)
            .fold(0i64, |mask, (i, _)| mask | (1 << i));
        self.emit(Instruction::LoadInt {
            dst: Reg(window.start + 2),
            value: descending,
        });
        let ignored = self.reg();
        self.emit(Instruction::CallNative {
            dst: ignored,
            native,
            args: window,
        });
    }

    /// The clauses of a stage from the first, nesting a loop per `from` and `join`.
    fn clauses(
        &mut self,
        cx: &mut QueryCx<'a>,
        clauses: &'a [ast::QueryClause],
        inner: &Inner<'a>,
        exits: &mut Vec<Target>,
    ) {
        let Some((clause, rest)) = clauses.split_first() else {
            self.innermost(cx, inner);
            return;
        };
        match clause {
            ast::QueryClause::From {
                binding, iterable, ..
            } => {
                let value = match cx.first_source {
                    Some((node, source)) if node == iterable.id => {
                        cx.first_source = None;
                        source
                    }
                    _ => self.value(iterable),
                };
                let (item, head, exit) = self.loop_head(iterable, value);
                let mark = self.mark();
                self.bind_pattern(binding, item);
                let bound = cx.bound.len();
                captures(binding, &mut |id| cx.bound.push(self.key(id)));
                self.clauses(cx, rest, inner, exits);
                cx.bound.truncate(bound);
                self.release(mark);
                self.emit(Instruction::Jump { target: head });
                self.patch_here(&[exit]);
            }
            ast::QueryClause::Join {
                outer,
                binding,
                iterable,
                lhs,
                rhs,
                ..
            } => self.join(
                cx,
                (*outer, binding, iterable, lhs, rhs),
                rest,
                inner,
                exits,
            ),
            ast::QueryClause::Where(cond) => {
                let mark = self.mark();
                let skips = self.branch(cond, false);
                self.release(mark);
                self.clauses(cx, rest, inner, exits);
                self.patch_here(&skips);
            }
            ast::QueryClause::Let(decls) => {
                let bound = cx.bound.len();
                for decl in decls {
                    self.declare(&decl.binding, Some(&decl.init));
                    captures(&decl.binding, &mut |id| cx.bound.push(self.key(id)));
                }
                self.clauses(cx, rest, inner, exits);
                cx.bound.truncate(bound);
            }
            ast::QueryClause::Limit(count) => {
                let Some(&remaining) = cx.limits.get(&count.id) else {
                    self.unsupported("a limit clause that was not prepared");
                    return;
                };
                exits.push(self.emit(Instruction::JumpIfCmpIntImm {
                    cmp: Cmp::Le,
                    a: remaining,
                    imm: 0,
                    target: 0,
                }));
                self.emit(Instruction::AddIntImm {
                    dst: remaining,
                    a: remaining,
                    imm: -1,
                });
                self.clauses(cx, rest, inner, exits);
                // The n-th frame was the last: the stage pulls nothing more from its sources
                // (spec "Limit clause"; a lazy stream stops pulling its source here).
                exits.push(self.emit(Instruction::JumpIfCmpIntImm {
                    cmp: Cmp::Le,
                    a: remaining,
                    imm: 0,
                    target: 0,
                }));
            }
            // A stage ends before its `order by` or `group by` (`stage_of`).
            ast::QueryClause::OrderBy(_) | ast::QueryClause::GroupBy(_) => {
                self.unsupported("an order by or group by inside a stage")
            }
        }
    }

    fn innermost(&mut self, cx: &mut QueryCx<'a>, inner: &Inner<'a>) {
        match inner {
            Inner::Collect { keys, rows, count } => {
                cx.row_variables = cx.bound.clone();
                let mark = self.mark();
                let width = keys.len() + cx.bound.len();
                let window = self.regs(width);
                for (i, key) in keys.iter().enumerate() {
                    self.value_into(&key.expr, Reg(window.start + i as u16));
                }
                for (i, &variable) in cx.bound.iter().enumerate() {
                    let dst = Reg(window.start + (keys.len() + i) as u16);
                    match self.locals.get(&variable).copied() {
                        Some(Local::Reg(src)) => self.emit(Instruction::Move { dst, src }),
                        Some(Local::Cell(cell)) => self.emit(Instruction::CellGet { dst, cell }),
                        None => {
                            self.unsupported("a query variable without a local");
                            return;
                        }
                    };
                }
                let Some(ty) = cx.rows_type else {
                    return;
                };
                let row = self.reg();
                self.emit(Instruction::NewList {
                    dst: row,
                    ty,
                    members: window,
                });
                self.emit(Instruction::MemberSet {
                    container: *rows,
                    key: *count,
                    value: row,
                });
                self.emit(Instruction::AddIntImm {
                    dst: *count,
                    a: *count,
                    imm: 1,
                });
                self.release(mark);
            }
            Inner::Group { keys, rows, count } => {
                // The new keys are bound for this frame only: an outer join reaches this
                // point twice (matched and unmatched) and must push them once each time.
                let bound = cx.bound.len();
                for key in keys.iter() {
                    if let ast::GroupingKey::Let(decl) = key {
                        self.declare(&decl.binding, Some(&decl.init));
                        captures(&decl.binding, &mut |id| cx.bound.push(self.key(id)));
                    }
                }
                self.innermost(
                    cx,
                    &Inner::Collect {
                        keys: &[],
                        rows: *rows,
                        count: *count,
                    },
                );
                cx.bound.truncate(bound);
            }
            Inner::End => self.query_end(cx),
        }
    }

    fn query_end(&mut self, cx: &mut QueryCx<'a>) {
        let mark = self.mark();
        match (&cx.query.end, cx.acc) {
            (ast::QueryEnd::Do(body), _) => self.block(body),
            (ast::QueryEnd::Collect(expr), Acc::Value(value)) => self.value_into(expr, value),
            (ast::QueryEnd::Collect(_), _) => self.unsupported("a collect clause without a result"),
            (ast::QueryEnd::Select { expr, .. }, Acc::List(list, len)) => {
                let value = self.value(expr);
                self.emit(Instruction::MemberSet {
                    container: list,
                    key: len,
                    value,
                });
                self.emit(Instruction::AddIntImm {
                    dst: len,
                    a: len,
                    imm: 1,
                });
            }
            (ast::QueryEnd::Select { expr, .. }, Acc::String(s)) => {
                let value = self.value(expr);
                self.emit(Instruction::Concat {
                    dst: s,
                    a: s,
                    b: value,
                });
            }
            (ast::QueryEnd::Select { expr, .. }, Acc::Xml(x)) => {
                let value = self.value(expr);
                if self.num_class(expr) == NumClass::Xml {
                    // Appends in place: the accumulator is never shared while the query runs.
                    self.emit(Instruction::Concat {
                        dst: x,
                        a: x,
                        b: value,
                    });
                } else {
                    self.call_lang(intc_ir::LangNative::XmlConcat, &[x, value], x);
                }
            }
            (ast::QueryEnd::Select { expr, on_conflict }, Acc::Map(map)) => {
                let pair = self.value(expr);
                let window = self.regs(2);
                let (key, value) = (Reg(window.start), Reg(window.start + 1));
                for (i, dst) in [key, value].into_iter().enumerate() {
                    let at = self.reg();
                    self.emit(Instruction::LoadInt {
                        dst: at,
                        value: i as i64,
                    });
                    self.emit(Instruction::MemberGet {
                        dst,
                        container: pair,
                        key: at,
                    });
                }
                if let Some(conflict) = on_conflict {
                    self.on_conflict(map, key, conflict);
                }
                self.emit(Instruction::MemberSet {
                    container: map,
                    key,
                    value,
                });
            }
            (ast::QueryEnd::Select { expr, on_conflict }, Acc::Table(table)) => {
                let row = self.value(expr);
                self.table_select(table, row, on_conflict.as_ref());
            }
            (ast::QueryEnd::Select { expr, .. }, Acc::Produce(stream)) => {
                let value = self.value(expr);
                let ignored = self.reg();
                self.call_lang(LangNative::StreamProduce, &[stream, value], ignored);
            }
            (ast::QueryEnd::Select { .. }, Acc::None | Acc::Value(_)) => {
                self.unsupported("a select clause without a result");
            }
        }
        self.release(mark);
    }

    /// `on conflict e`: when the key is already present, `e` is evaluated and an error
    /// fails the query.
    fn on_conflict(&mut self, map: Reg, key: Reg, conflict: &'a ast::Expr) {
        let native = self.lw.builder.lang_native(LangNative::MapHasKey);
        let window = self.regs(2);
        self.emit(Instruction::Move {
            dst: Reg(window.start),
            src: map,
        });
        self.emit(Instruction::Move {
            dst: Reg(window.start + 1),
            src: key,
        });
        let present = self.reg();
        self.emit(Instruction::CallNative {
            dst: present,
            native,
            args: window,
        });
        self.conflict_check(present, conflict);
    }

    /// `on conflict e` once the key's presence is in `present`: when it is, `e` is evaluated
    /// and an error from it fails the query (a map's and a table's result alike).
    pub(crate) fn conflict_check(&mut self, present: Reg, conflict: &'a ast::Expr) {
        let absent = self.emit(Instruction::JumpIfFalse {
            cond: present,
            target: 0,
        });
        let outcome = self.value(conflict);
        let nil = self.emit(Instruction::JumpIfNil {
            value: outcome,
            target: 0,
        });
        self.fail_with(outcome);
        self.patch_here(&[absent, nil]);
    }
}

/// The clauses before the first `order by`.
fn stage_of(clauses: &[ast::QueryClause]) -> &[ast::QueryClause] {
    let cut = clauses
        .iter()
        .position(|c| {
            matches!(
                c,
                ast::QueryClause::OrderBy(_) | ast::QueryClause::GroupBy(_)
            )
        })
        .unwrap_or(clauses.len());
    &clauses[..cut]
}

/// The nodes of the variables a binding pattern binds (a capture's key is its pattern's).
fn captures(pattern: &ast::BindingPattern, out: &mut dyn FnMut(ast::NodeId)) {
    match &pattern.kind {
        ast::BindingPatternKind::Capture(_) => out(pattern.id),
        ast::BindingPatternKind::Wildcard => {}
        ast::BindingPatternKind::List { items, rest } => {
            for item in items {
                captures(item, out);
            }
            if let Some(rest) = rest {
                captures(rest, out);
            }
        }
        ast::BindingPatternKind::Mapping { fields, rest } => {
            for field in fields {
                captures(&field.pattern, out);
            }
            if let Some(rest) = rest {
                captures(rest, out);
            }
        }
        ast::BindingPatternKind::Error {
            message,
            cause,
            fields,
            rest,
            ..
        } => {
            for p in [message, cause, rest].into_iter().flatten() {
                captures(p, out);
            }
            for field in fields {
                captures(&field.pattern, out);
            }
        }
    }
}
