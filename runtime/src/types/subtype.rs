//! The subtype relation between types, used to judge mutable structures, functions, objects
//! and typedescs by their inherent type: set inclusion of the types' `SemType`s, decided by
//! intc-types (exact for recursive types, no depth cut-off). Answers are memoised per pair.

use super::semantic::SemTypes;
use super::TypeTable;
use intc_ir::{TypeId, TypeKind};
use intc_types::bits;

impl TypeTable {
    /// `a <: b`.
    pub fn is_subtype(&self, a: TypeId, b: TypeId) -> bool {
        if a == b {
            return true;
        }
        if let Some(known) = self.subtype_cache.borrow().get(&(a, b)) {
            return *known;
        }
        let result = {
            let mut semtypes = self.semtypes.borrow_mut();
            let semtypes = semtypes.get_or_insert_with(SemTypes::new);
            let sa = semtypes.semtype(&self.defs, a);
            let sb = semtypes.semtype(&self.defs, b);
            semtypes.env.is_subtype(&sa, &sb)
        };
        self.subtype_cache.borrow_mut().insert((a, b), result);
        result
    }
}

/// The numeric basic types a type admits (for the numeric conversions of casts and
/// `cloneWithType`).
#[derive(Default, Clone, Copy, Debug, PartialEq, Eq)]
pub struct NumericTargets {
    pub int: bool,
    pub float: bool,
    pub decimal: bool,
}

impl TypeTable {
    /// `Env::basic_types(ty) & NUMBER`: which of int, float and decimal meet `ty`.
    pub fn numeric_targets(&self, ty: TypeId) -> NumericTargets {
        // Fast path: casts to a numeric type itself ask no type question.
        let only = |int, float, decimal| NumericTargets {
            int,
            float,
            decimal,
        };
        match self.get(ty) {
            TypeKind::Int | TypeKind::IntSubtype(_) => return only(true, false, false),
            TypeKind::Float => return only(false, true, false),
            TypeKind::Decimal => return only(false, false, true),
            _ => {}
        }
        let numbers = {
            let mut semtypes = self.semtypes.borrow_mut();
            let semtypes = semtypes.get_or_insert_with(SemTypes::new);
            let t = semtypes.semtype(&self.defs, ty);
            semtypes.env.basic_types(&t) & bits::NUMBER
        };
        only(
            numbers & bits::INT != 0,
            numbers & bits::FLOAT != 0,
            numbers & bits::DECIMAL != 0,
        )
    }
}
