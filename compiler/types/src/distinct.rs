//! Errors and objects: a mapping shape (the error's detail record; the object's fields and
//! methods) plus distinct type identities.
//!
//! Their BDDs mix mapping atoms with `Atom::Distinct(id)` atoms. A value carries a set of
//! distinct identities (those of its class or error type, and of the types they include). A
//! conjunction is inhabited iff no negated identity is among the positive ones (a value can
//! carry exactly the positive identities and so avoid every other) and the mapping part is
//! inhabited.
//!
//! Objects are open: a value of an object type may have more members than the type lists.
//! Only the members the type lists participate; sema passes public members only (private
//! members never make one object type a subtype of another, so a class with private members
//! should be given a distinct identity of its own, as jBallerina's nominal treatment of
//! class-private state does). Method qualifiers (`remote`, `isolated`) are not modelled.

use crate::basic::{bits, BasicTypeCode};
use crate::bdd::{Atom, Bdd};
use crate::env::{Env, MappingDefinition};
use crate::list::member_filter;
use crate::semtype::{SemType, SubtypeData};

impl Env {
    /// `error<D>`: errors whose detail record belongs to `detail` (its immutable mapping
    /// part: details are always immutable).
    pub fn error_type(&self, detail: &SemType) -> SemType {
        let code = BasicTypeCode::MAPPING_RO;
        let bdd = if detail.all_bits() & code.bit() != 0 {
            Bdd::True
        } else {
            match detail.subtype(code) {
                Some(SubtypeData::Bdd(b)) => b.clone(),
                _ => Bdd::False,
            }
        };
        SemType::from_subtype(BasicTypeCode::ERROR, SubtypeData::Bdd(bdd))
    }

    /// The errors carrying the distinct identity `id`: `distinct error` is
    /// `error_distinct(fresh id)`, `distinct error<D>` its intersection with `error_type(D)`.
    pub fn error_distinct(&self, id: u32) -> SemType {
        SemType::from_subtype(
            BasicTypeCode::ERROR,
            SubtypeData::Bdd(Bdd::atom(Atom::Distinct(id))),
        )
    }

    /// An object type with the given members (fields and methods by name, methods typed by
    /// their function types), carrying all of `distinct_ids`; `readonly_only` for
    /// `readonly` object types and readonly classes.
    pub fn object_type(
        &mut self,
        members: Vec<(String, SemType)>,
        distinct_ids: &[u32],
        readonly_only: bool,
    ) -> SemType {
        let def = MappingDefinition::new(self);
        let atom = def.atom();
        def.define(
            self,
            members.into_iter().map(|(n, t)| (n, t, false)).collect(),
            SemType::val(),
        );
        object_semtype(atom, distinct_ids, readonly_only)
    }

    pub(crate) fn distinct_bdd_empty(&self, code: BasicTypeCode, bdd: &Bdd) -> bool {
        let filter = if code == BasicTypeCode::ERROR {
            SemType::from_bits(bits::READONLY)
        } else {
            member_filter(code)
        };
        self.memo_empty(code, bdd, |env| {
            bdd.every_path(&mut |pos, neg| {
                let excluded = neg
                    .iter()
                    .any(|n| matches!(n, Atom::Distinct(_)) && pos.contains(n));
                excluded || env.mapping_path_empty(pos, neg, &filter)
            })
        })
    }
}

impl MappingDefinition {
    /// The object type whose members this definition defines (for recursive object types:
    /// reserve, build the member types from this, then `define` with rest `any|error`).
    pub fn object_semtype(&self, distinct_ids: &[u32], readonly_only: bool) -> SemType {
        object_semtype(self.atom(), distinct_ids, readonly_only)
    }
}

fn object_semtype(atom: u32, distinct_ids: &[u32], readonly_only: bool) -> SemType {
    let mut bdd = Bdd::atom(Atom::Index(atom));
    for id in distinct_ids {
        bdd = bdd.intersect(&Bdd::atom(Atom::Distinct(*id)));
    }
    let ro = SemType::from_subtype(BasicTypeCode::OBJECT_RO, SubtypeData::Bdd(bdd.clone()));
    if readonly_only {
        ro
    } else {
        ro.union(&SemType::from_subtype(
            BasicTypeCode::OBJECT_RW,
            SubtypeData::Bdd(bdd),
        ))
    }
}
