//! What an editor asks of the checker and lowering never does: where each name occurrence
//! points and which expression covers which text. Recorded as plain spans while checking, so
//! the IDE layer (`intc-ide`) answers hover, go to definition, references and rename without
//! re-resolving anything. Filled by a handful of one-line hooks (`define`,
//! `lookup_qualified`, `declare_local`, `use_local`, `check_expr`, `resolve_record`); each
//! costs a `Vec` push.
use crate::model::{ClassId, ConstId, FunctionId, GlobalId, NodeKey, TypeDefId, TypeId};
use intc_span::Span;

/// A module-level definition a name can resolve to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemSymbol {
    Function(FunctionId),
    TypeDef(TypeDefId),
    Const(ConstId),
    Global(GlobalId),
    Class(ClassId),
}

/// The side tables, in checking order (the IDE sorts what it needs).
#[derive(Clone, Debug, Default)]
pub struct IdeTables {
    /// Each module-level definition's name (its declaring identifier's span).
    pub item_defs: Vec<(ItemSymbol, Span)>,
    /// Each name occurrence (the identifier's span, without a module prefix) that resolved to
    /// a module-level definition: variables, calls, type references, assignments.
    pub item_refs: Vec<(Span, ItemSymbol)>,
    /// Each local variable or parameter declaration: its declaring node and name span.
    pub local_defs: Vec<(NodeKey, Span)>,
    /// Each name occurrence that resolved to a local variable or parameter.
    pub local_refs: Vec<(Span, NodeKey)>,
    /// Each checked expression's span and key (its type is in `expr_types`).
    pub exprs: Vec<(Span, NodeKey)>,
    /// Each field a record type descriptor declares: the record type it resolved to and the
    /// field name's span (so fields of inline `record {| ... |}` types have a declaration).
    pub record_fields: Vec<(TypeId, Span)>,
}
