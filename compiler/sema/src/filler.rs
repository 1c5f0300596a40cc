//! Filler values (spec "FillMember"): which types a list constructor may leave members of
//! unspecified. Answered by intc-types (`Env::filler`) on the type's set of values, then
//! limited to the fillers the runtime constructs (`filler_value` in the interpreter), so a
//! program that checks never panics for want of a filler.

use crate::model::{Type, TypeArena, TypeId};
use crate::semtypes::Mode;
use intc_types::Filler;

impl TypeArena {
    /// Whether a filler value exists for `ty` (`Unknown` has one: no cascade).
    pub fn has_filler(&self, ty: TypeId) -> bool {
        if matches!(self.get(ty), Type::Unknown) {
            return true;
        }
        let mut sem = self.sem.borrow_mut();
        let t = sem.semtype(&self.entries, ty, Mode::Greatest);
        sem.env.filler(&t).is_some_and(|f| runtime_builds(&f))
    }
}

/// Whether the runtime builds this filler: simple values, and lists and mappings made of
/// them. A record whose required fields all have defaults (`needs_defaults`) and the empty
/// table, xml sequence and stream are fillers by the spec that the runtime does not build
/// yet, so they are rejected here as before.
fn runtime_builds(filler: &Filler) -> bool {
    match filler {
        Filler::Value(_) => true,
        Filler::List { members, .. } => members.iter().all(runtime_builds),
        Filler::Mapping { needs_defaults, .. } => needs_defaults.is_empty(),
        Filler::Table { .. } | Filler::EmptyXml | Filler::EmptyStream => false,
    }
}
