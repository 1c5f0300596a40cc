//! The subtype relation between types, used to judge mutable structures, functions, objects
//! and typedescs by their inherent type: set inclusion of the types' `SemType`s, decided by
//! intc-types (exact for recursive types, no depth cut-off). Answers are memoised per pair.

use super::semantic::SemTypes;
use super::TypeTable;
use intc_ir::TypeId;

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
