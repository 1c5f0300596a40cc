//! Mapping types (maps and records): constructors, emptiness and field projections.

use crate::basic::{bits, BasicTypeCode};
use crate::bdd::{Atom, Bdd};
use crate::env::{mapping_semtype, Env, MappingAtom};
use crate::list::{index, member_filter};
use crate::semtype::{SemType, SubtypeData};

/// A field as constructors take it: name, type, optional (`T x?;`).
pub type Field = (String, SemType, bool);

/// The type a field projection yields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldType {
    /// The values the field may hold (never if it is never present).
    pub ty: SemType,
    /// Whether a mapping of the type may lack the field.
    pub may_be_absent: bool,
}

pub(crate) fn mapping_atom(fields: Vec<(String, SemType, bool)>, rest: SemType) -> MappingAtom {
    let mut fields: Vec<(String, SemType)> = fields
        .into_iter()
        .map(|(name, ty, optional)| {
            let ty = if optional {
                ty.union(&SemType::from_bits(bits::UNDEF))
            } else {
                ty
            };
            (name, ty)
        })
        .collect();
    fields.sort_by(|a, b| a.0.cmp(&b.0));
    fields.dedup_by(|a, b| a.0 == b.0);
    MappingAtom { fields, rest }
}

impl Env {
    /// A record or map type: `(name, type, optional)` fields plus the rest type (never for a
    /// closed record, `anydata` for an open `record { }`).
    pub fn mapping_type(&mut self, fields: Vec<(String, SemType, bool)>, rest: SemType) -> SemType {
        let atom = mapping_atom(fields, rest);
        let i = self.intern_mapping(atom);
        mapping_semtype(Bdd::atom(Atom::Index(i)))
    }

    /// `map<T>`.
    pub fn map_of(&mut self, member: &SemType) -> SemType {
        self.mapping_type(Vec::new(), member.clone())
    }

    /// `record {| ... |}`: a closed record.
    pub fn closed_record(&mut self, fields: Vec<(String, SemType, bool)>) -> SemType {
        self.mapping_type(fields, SemType::never())
    }

    /// Emptiness of one half of a mapping type.
    pub(crate) fn mapping_bdd_empty(&self, code: BasicTypeCode, bdd: &Bdd) -> bool {
        let filter = member_filter(code);
        self.memo_empty(code, bdd, |env| {
            bdd.every_path(&mut |pos, neg| env.mapping_path_empty(pos, neg, &filter))
        })
    }

    /// Whether the intersection of the mapping atoms in `pos` (values limited to `filter`)
    /// minus those in `neg` is empty. Distinct atoms (errors, objects) are skipped here.
    pub(crate) fn mapping_path_empty(&self, pos: &[Atom], neg: &[Atom], filter: &SemType) -> bool {
        let undef = SemType::from_bits(bits::UNDEF);
        let field_filter = filter.union(&undef);
        let mut fields: Vec<(String, SemType)> = Vec::new();
        let mut rest = filter.clone();
        let pos_atoms: Vec<&MappingAtom> = pos
            .iter()
            .filter(|a| matches!(a, Atom::Index(_)))
            .map(|a| self.mapping_atom(index(*a)))
            .collect();
        let mut names: Vec<&str> = pos_atoms
            .iter()
            .flat_map(|a| a.fields.iter().map(|(n, _)| n.as_str()))
            .collect();
        names.sort_unstable();
        names.dedup();
        for name in names {
            let t = pos_atoms.iter().fold(field_filter.clone(), |acc, a| {
                acc.intersect(&a.field_type(name))
            });
            if self.is_empty(&t) {
                return true;
            }
            fields.push((name.to_string(), t));
        }
        for a in &pos_atoms {
            rest = rest.intersect(&a.rest);
        }
        let negs: Vec<&MappingAtom> = neg
            .iter()
            .filter(|a| matches!(a, Atom::Index(_)))
            .map(|a| self.mapping_atom(index(*a)))
            .collect();
        // A negated atom containing the whole candidate cannot be escaped by narrowing it:
        // answering that first avoids a search that would backtrack through every choice
        // made for the other negated atoms (`R <: R1|R2|...|R` with many Ri).
        if negs.iter().any(|n| self.mapping_covers(n, &fields, &rest)) {
            return true;
        }
        !self.mapping_inhabited(&mut fields, &rest, &negs)
    }

    /// Whether every mapping with these field types (and `rest` elsewhere) is in `n`.
    fn mapping_covers(
        &self,
        n: &MappingAtom,
        fields: &[(String, SemType)],
        rest: &SemType,
    ) -> bool {
        let undef = SemType::from_bits(bits::UNDEF);
        self.is_subtype(rest, &n.rest)
            && fields
                .iter()
                .all(|(name, t)| self.is_subtype(t, &n.field_type(name)))
            && n.fields.iter().all(|(name, t)| {
                fields
                    .binary_search_by(|(k, _)| k.as_str().cmp(name))
                    .is_ok()
                    || self.is_subtype(&rest.union(&undef), t)
            })
    }

    /// Whether some mapping with the given field types (and `rest` for other names) lies
    /// outside every atom of `negs`.
    fn mapping_inhabited(
        &self,
        fields: &mut Vec<(String, SemType)>,
        rest: &SemType,
        negs: &[&MappingAtom],
    ) -> bool {
        let Some((n, others)) = negs.split_first() else {
            return true;
        };
        // A field under a name neither side mentions can escape through the rest types.
        if !self.is_empty(&rest.diff(&n.rest)) {
            return self.mapping_inhabited(fields, rest, others);
        }
        let mut names: Vec<String> = fields.iter().map(|(k, _)| k.clone()).collect();
        names.extend(n.fields.iter().map(|(k, _)| k.clone()));
        names.sort_unstable();
        names.dedup();
        let undef = SemType::from_bits(bits::UNDEF);
        // Already outside this negated atom (a field cannot be in its field type): skip it
        // without branching, so unions of disjoint (tagged) records stay cheap.
        let disjoint = names.iter().any(|name| {
            let pos_type = match fields.binary_search_by(|(k, _)| k.as_str().cmp(name)) {
                Ok(i) => fields[i].1.clone(),
                Err(_) => rest.union(&undef),
            };
            self.is_empty(&pos_type.intersect(&n.field_type(name)))
        });
        if disjoint {
            return self.mapping_inhabited(fields, rest, others);
        }
        for name in names {
            let slot = fields.binary_search_by(|(k, _)| k.as_str().cmp(&name));
            let pos_type = match slot {
                Ok(i) => fields[i].1.clone(),
                Err(_) => rest.union(&undef),
            };
            let d = pos_type.diff(&n.field_type(&name));
            if self.is_empty(&d) {
                continue;
            }
            let found = match slot {
                Ok(i) => {
                    let saved = std::mem::replace(&mut fields[i].1, d);
                    let found = self.mapping_inhabited(fields, rest, others);
                    fields[i].1 = saved;
                    found
                }
                Err(i) => {
                    fields.insert(i, (name.clone(), d));
                    let found = self.mapping_inhabited(fields, rest, others);
                    fields.remove(i);
                    found
                }
            };
            if found {
                return true;
            }
        }
        false
    }

    /// The type of field `name` of a mapping type (only the mapping part of `ty` counts).
    pub fn mapping_member_type(&self, ty: &SemType, name: &str) -> FieldType {
        let t = self.mapping_projection(ty, &mut |a| a.field_type(name));
        split_undef(&t)
    }

    /// The type of any field of a mapping type (for a key of type `string`).
    pub fn mapping_member_type_any(&self, ty: &SemType) -> FieldType {
        let t = self.mapping_projection(ty, &mut |a| {
            let mut t = a.rest.union(&SemType::from_bits(bits::UNDEF));
            for (_, f) in &a.fields {
                t = t.union(f);
            }
            t
        });
        split_undef(&t)
    }

    fn mapping_projection(
        &self,
        ty: &SemType,
        f: &mut dyn FnMut(&MappingAtom) -> SemType,
    ) -> SemType {
        let mut out = SemType::never();
        let undef = SemType::from_bits(bits::UNDEF);
        for code in [BasicTypeCode::MAPPING_RO, BasicTypeCode::MAPPING_RW] {
            let filter = member_filter(code).union(&undef);
            if ty.all_bits() & code.bit() != 0 {
                out = out.union(&f(self.mappings.get(u32::MAX)).intersect(&filter));
            } else if let Some(SubtypeData::Bdd(bdd)) = ty.subtype(code) {
                bdd.every_path(&mut |pos, _| {
                    let t = pos.iter().fold(filter.clone(), |acc, a| {
                        acc.intersect(&f(self.mapping_atom(index(*a))))
                    });
                    out = out.union(&t);
                    true
                });
            }
        }
        out
    }

    /// The fields every mapping of a single-atom mapping type (a record or map) declares, in
    /// name order, with whether each is optional; and the rest type. `None` unless the mapping
    /// part is one atom (possibly split into its RO and RW halves).
    pub fn mapping_atom_of(&self, ty: &SemType) -> Option<(Vec<Field>, SemType)> {
        let atom = single_atom(ty, BasicTypeCode::MAPPING_RW)
            .or_else(|| single_atom(ty, BasicTypeCode::MAPPING_RO))?;
        let a = self.mapping_atom(atom);
        let undef = SemType::from_bits(bits::UNDEF);
        let fields = a
            .fields
            .iter()
            .map(|(n, t)| {
                let optional = t.intersect(&undef) == undef;
                (n.clone(), t.diff(&undef), optional)
            })
            .collect();
        Some((fields, a.rest.clone()))
    }
}

/// The atom index when the BDD of `code` in `ty` is exactly one atom.
pub(crate) fn single_atom(ty: &SemType, code: BasicTypeCode) -> Option<u32> {
    match ty.subtype(code) {
        Some(SubtypeData::Bdd(Bdd::Node(n)))
            if n.left.is_true() && n.middle.is_false() && n.right.is_false() =>
        {
            match n.atom {
                Atom::Index(i) => Some(i),
                Atom::Distinct(_) => None,
            }
        }
        _ => None,
    }
}

fn split_undef(t: &SemType) -> FieldType {
    let undef = SemType::from_bits(bits::UNDEF);
    FieldType {
        ty: t.diff(&undef),
        may_be_absent: t.basic_bits() & bits::UNDEF != 0,
    }
}
