//! `f(x)` of an aggregated query variable `x` that may be empty (a `collect`), where the
//! lang library's `f` needs an argument (`max(x)` is `int:max(...x)`): `()` when `x` is
//! empty, the call otherwise (spec "Function call expression").

use crate::emit::FnLower;
use crate::{ir, sema};
use intc_syntax::ast;
use ir::{Instruction, Reg};

impl<'l, 'a> FnLower<'l, 'a> {
    pub(crate) fn aggregate_call(
        &mut self,
        info: &'a sema::CallInfo,
        callee: &'a ast::Expr,
        args: &'a [ast::Arg],
        dst: Reg,
    ) {
        let Some(list) = args.first().map(crate::calls::arg_expr) else {
            self.unsupported("an aggregate call without its argument");
            return;
        };
        let mark = self.mark();
        let value = self.value(list);
        // An empty list ends the iteration at once.
        let (_, empty) = self.iteration_head(value);
        self.release(mark);
        self.lower_call(info, None, Some(callee), args, dst);
        let done = self.emit(Instruction::Jump { target: 0 });
        self.patch_here(&[empty]);
        self.emit(Instruction::LoadNil { dst });
        self.patch_here(&[done]);
    }
}
