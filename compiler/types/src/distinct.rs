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
//! Members are keyed by kind as well as name ([`ObjectMember::key`]): a field `x`, a method
//! `x()` and a remote method `remote x()` are different members, so a field of function type
//! never stands in for a method. Only the members the type lists participate; sema passes
//! public members only (as nBallerina, which models no visibility: a class with private
//! members should be given a distinct identity of its own). `isolated` is not modelled.

use crate::basic::{bits, BasicTypeCode};
use crate::bdd::{Atom, Bdd};
use crate::env::{Env, MappingDefinition};
use crate::list::member_filter;
use crate::mapping::FieldType;
use crate::semtype::{SemType, SubtypeData};

/// The kind of an object member.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MemberKind {
    Field,
    Method,
    RemoteMethod,
}

/// A member of an object type: a field with its type, or a method with its function type.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectMember {
    pub name: String,
    pub kind: MemberKind,
    pub ty: SemType,
}

impl ObjectMember {
    pub fn field(name: impl Into<String>, ty: SemType) -> ObjectMember {
        ObjectMember {
            name: name.into(),
            kind: MemberKind::Field,
            ty,
        }
    }

    pub fn method(name: impl Into<String>, ty: SemType) -> ObjectMember {
        ObjectMember {
            name: name.into(),
            kind: MemberKind::Method,
            ty,
        }
    }

    /// The key of the member in the object's mapping atom: `x`, `x()`, `remote x()`.
    pub fn key(name: &str, kind: MemberKind) -> String {
        match kind {
            MemberKind::Field => name.to_string(),
            MemberKind::Method => format!("{name}()"),
            MemberKind::RemoteMethod => format!("remote {name}()"),
        }
    }

    /// The name and kind a key stands for.
    pub fn parse_key(key: &str) -> (&str, MemberKind) {
        if let Some(m) = key
            .strip_prefix("remote ")
            .and_then(|k| k.strip_suffix("()"))
        {
            (m, MemberKind::RemoteMethod)
        } else if let Some(m) = key.strip_suffix("()") {
            (m, MemberKind::Method)
        } else {
            (key, MemberKind::Field)
        }
    }
}

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

    /// The detail record type of an error type (what `e.detail()` returns): the immutable
    /// mappings of the error part's detail atoms. Only the error part of `ty` counts.
    pub fn error_detail_type(&self, ty: &SemType) -> SemType {
        let code = BasicTypeCode::ERROR;
        let map_ro = BasicTypeCode::MAPPING_RO;
        if ty.all_bits() & code.bit() != 0 {
            return SemType::from_bits(map_ro.bit());
        }
        let Some(SubtypeData::Bdd(bdd)) = ty.subtype(code) else {
            return SemType::never();
        };
        // Distinct atoms say nothing about the detail: the detail of each conjunction is the
        // intersection of its mapping atoms.
        let mut out = SemType::never();
        bdd.every_path(&mut |pos, _| {
            let detail = pos
                .iter()
                .fold(SemType::from_bits(map_ro.bit()), |acc, a| match a {
                    Atom::Index(_) => acc.intersect(&SemType::from_subtype(
                        map_ro,
                        SubtypeData::Bdd(Bdd::atom(*a)),
                    )),
                    Atom::Distinct(_) => acc,
                });
            out = out.union(&detail);
            true
        });
        out
    }

    /// The errors carrying the distinct identity `id`: `distinct error` is
    /// `error_distinct(fresh id)`, `distinct error<D>` its intersection with `error_type(D)`.
    pub fn error_distinct(&self, id: u32) -> SemType {
        SemType::from_subtype(
            BasicTypeCode::ERROR,
            SubtypeData::Bdd(Bdd::atom(Atom::Distinct(id))),
        )
    }

    /// An object type with the given members, carrying all of `distinct_ids`;
    /// `readonly_only` for `readonly` object types and readonly classes.
    pub fn object_type(
        &mut self,
        members: Vec<ObjectMember>,
        distinct_ids: &[u32],
        readonly_only: bool,
    ) -> SemType {
        let def = MappingDefinition::new(self);
        let object = def.object_semtype(distinct_ids, readonly_only);
        def.define_object(self, members);
        object
    }

    /// The type of member `name` of the given kind of an object type (only the object part
    /// of `ty` counts).
    pub fn object_member_type(&self, ty: &SemType, name: &str, kind: MemberKind) -> FieldType {
        let as_mapping = [BasicTypeCode::OBJECT_RO, BasicTypeCode::OBJECT_RW]
            .iter()
            .zip([BasicTypeCode::MAPPING_RO, BasicTypeCode::MAPPING_RW])
            .fold(SemType::never(), |acc, (obj, map)| {
                let part = if ty.all_bits() & obj.bit() != 0 {
                    SemType::from_bits(map.bit())
                } else {
                    match ty.subtype(*obj) {
                        Some(SubtypeData::Bdd(b)) => {
                            SemType::from_subtype(map, SubtypeData::Bdd(b.clone()))
                        }
                        _ => SemType::never(),
                    }
                };
                acc.union(&part)
            });
        self.mapping_member_type(&as_mapping, &ObjectMember::key(name, kind))
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
    /// reserve, build the member types from this, then [`Self::define_object`]).
    pub fn object_semtype(&self, distinct_ids: &[u32], readonly_only: bool) -> SemType {
        object_semtype(self.atom(), distinct_ids, readonly_only)
    }

    /// Defines the members of an object type (objects are open: other members may exist).
    pub fn define_object(self, env: &mut Env, members: Vec<ObjectMember>) {
        let fields = members
            .into_iter()
            .map(|m| (ObjectMember::key(&m.name, m.kind), m.ty, false))
            .collect();
        self.define(env, fields, SemType::val());
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
