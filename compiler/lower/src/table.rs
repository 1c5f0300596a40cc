//! Tables (spec "Table constructor", "Query expression"): a table value is made by the
//! non-public `lang.table` native `construct` from its inherent type (a typedesc) and a list
//! of its rows, which checks the key constraint; a query that constructs a table starts from
//! an empty one and `put`s each selected row. Member access `t[k]` is the ordinary
//! `MemberGet` instruction (the runtime looks the key up in the table's index).

use crate::emit::FnLower;
use intc_syntax::ast;
use ir::{Instruction, LangNative, Reg};

use crate::ir;

impl<'l, 'a> FnLower<'l, 'a> {
    /// A new table of the IR type `ty` (its inherent type) holding the rows in `rows` (a list).
    pub(crate) fn new_table(&mut self, ty: ir::TypeId, rows: Reg, dst: Reg) {
        let typedesc = self.reg();
        self.emit(Instruction::LoadTypedesc { dst: typedesc, ty });
        self.call_lang(LangNative::TableConstruct, &[typedesc, rows], dst);
    }

    /// `table key(ks) [r1, r2]`: the rows in a list, then `construct`.
    pub(crate) fn table_constructor(
        &mut self,
        expr: &'a ast::Expr,
        rows: &'a [ast::Expr],
        dst: Reg,
    ) {
        let mark = self.mark();
        let ty = self.expr_type(expr);
        let ty = self.lw.ir_type(ty);
        let window = self.regs(rows.len());
        for (i, row) in rows.iter().enumerate() {
            self.value_into(row, Reg(window.start + i as u16));
        }
        let list_ty = self.lw.ir_any_list();
        let list = self.reg();
        self.emit(Instruction::NewList {
            dst: list,
            ty: list_ty,
            members: window,
        });
        self.new_table(ty, list, dst);
        self.release(mark);
    }

    /// An empty table of the sema type `ty`, for a query to fill.
    pub(crate) fn empty_table(&mut self, ty: crate::sema::TypeId) -> Reg {
        let ty = self.lw.ir_type(ty);
        let list_ty = self.lw.ir_any_list();
        let list = self.reg();
        self.emit(Instruction::NewList {
            dst: list,
            ty: list_ty,
            members: ir::RegRange::new(0, 0),
        });
        let table = self.reg();
        self.new_table(ty, list, table);
        table
    }

    /// A query's selected row: with `on conflict e`, a row whose key is already present
    /// evaluates `e`, whose error fails the query; then the row is `put` (spec "On conflict
    /// clause": it replaces the member with the same key, in its position).
    pub(crate) fn table_select(
        &mut self,
        table: Reg,
        row: Reg,
        on_conflict: Option<&'a ast::Expr>,
    ) {
        if let Some(conflict) = on_conflict {
            let present = self.reg();
            self.call_lang(LangNative::TableHasRowKey, &[table, row], present);
            self.conflict_check(present, conflict);
        }
        let ignored = self.reg();
        self.call_lang(LangNative::TablePut, &[table, row], ignored);
    }
}
