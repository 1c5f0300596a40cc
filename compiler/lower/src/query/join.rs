//! `join` clauses on a hash index (spec "Join clause"): before the pipeline, the members of
//! the collection are collected and the `equals` right side is evaluated once for each
//! (with the member bound, no earlier variable in scope); the `joinQueryIndex` native
//! indexes the members by those keys (hashing consistent with `==`). Each frame then looks
//! up its left side (`joinQueryMatches`) and runs the rest of the query for every match, in
//! the collection's order; an outer join with no match binds the variables to `()`.

use super::{captures, Inner, QueryCx};
use crate::emit::FnLower;
use crate::ir;
use intc_syntax::ast;
use ir::{Instruction, LangNative, Reg, Target};

impl<'l, 'a> FnLower<'l, 'a> {
    /// The index of a join's collection by its `equals` right side.
    pub(super) fn join_index(
        &mut self,
        cx: &QueryCx<'a>,
        binding: &'a ast::BindingPattern,
        iterable: &'a ast::Expr,
        rhs: &'a ast::Expr,
    ) -> Reg {
        let members = self.collect_members(cx, iterable);
        let keys = self.reg();
        let Some(ty) = cx.rows_type else {
            self.unsupported("a join without its row type");
            return keys;
        };
        self.emit(Instruction::NewList {
            dst: keys,
            ty,
            members: ir::RegRange::new(0, 0),
        });
        let len = self.reg();
        self.emit(Instruction::LoadInt { dst: len, value: 0 });
        let (item, head) = self.iteration_head(members);
        let mark = self.mark();
        self.bind_pattern(binding, item);
        let key = self.value(rhs);
        self.emit(Instruction::MemberSet {
            container: keys,
            key: len,
            value: key,
        });
        self.emit(Instruction::AddIntImm {
            dst: len,
            a: len,
            imm: 1,
        });
        self.release(mark);
        self.emit(Instruction::Jump { target: head });
        self.patch_here(&[head]);
        let index = self.reg();
        self.call_lang(LangNative::ArrayJoinQueryIndex, &[members, keys], index);
        index
    }

    /// `[outer] join pattern in e on lhs equals rhs` for one frame: the members whose key
    /// is `==` to this frame's `lhs`.
    pub(super) fn join(
        &mut self,
        cx: &mut QueryCx<'a>,
        join: (
            bool,
            &'a ast::BindingPattern,
            &'a ast::Expr,
            &'a ast::Expr,
            &'a ast::Expr,
        ),
        rest: &'a [ast::QueryClause],
        inner: &Inner<'a>,
        exits: &mut Vec<Target>,
    ) {
        let (outer, binding, iterable, lhs, _rhs) = join;
        let Some(&index) = cx.joins.get(&iterable.id) else {
            self.unsupported("a join clause that was not prepared");
            return;
        };
        let left = self.reg();
        self.value_into(lhs, left);
        let matches = self.reg();
        self.call_lang(LangNative::ArrayJoinQueryMatches, &[index, left], matches);
        let matched = self.reg();
        if outer {
            self.emit(Instruction::LoadBool {
                dst: matched,
                value: false,
            });
        }
        let (item, head) = self.iteration_head(matches);
        let mark = self.mark();
        self.bind_pattern(binding, item);
        if outer {
            self.emit(Instruction::LoadBool {
                dst: matched,
                value: true,
            });
        }
        let bound = cx.bound.len();
        captures(binding, &mut |id| cx.bound.push(self.key(id)));
        self.clauses(cx, rest, inner, exits);
        self.release(mark);
        self.emit(Instruction::Jump { target: head });
        self.patch_here(&[head]);
        if outer {
            let done = self.emit(Instruction::JumpIfTrue {
                cond: matched,
                target: 0,
            });
            let mark = self.mark();
            let mut ids = Vec::new();
            captures(binding, &mut |id| ids.push(id));
            for id in ids {
                let nil = self.reg();
                self.emit(Instruction::LoadNil { dst: nil });
                let key = self.key(id);
                self.bind_local_from(key, nil);
            }
            self.clauses(cx, rest, inner, exits);
            self.release(mark);
            self.patch_here(&[done]);
        }
        cx.bound.truncate(bound);
    }
}
