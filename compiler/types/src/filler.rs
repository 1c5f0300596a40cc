//! Filler values (spec "FillMember"): the value the runtime stores when it must create a
//! member no one gave, e.g. when a list grows past its end or a tuple's required members are
//! omitted from a list constructor.

use crate::basic::{bits, BasicTypeCode};
use crate::env::Env;
use crate::mapping::single_atom;
use crate::query::SingleValue;
use crate::semtype::{SemType, SubtypeData};
use crate::values::DecimalKey;
use crate::xml::{kinds, XmlSubtype};

/// A description of a filler value the runtime builds.
#[derive(Clone, Debug, PartialEq)]
pub enum Filler {
    /// A simple value: `()`, `false`, `0`, `+0.0`, `+0d`, `""`, or a singleton type's value.
    Value(SingleValue),
    /// A list of `length` members: `members` in order, the last of them repeated up to
    /// `length` (so `int[1000000]` is described by one member). `readonly` when only an
    /// immutable list belongs to the type.
    List {
        members: Vec<Filler>,
        length: usize,
        readonly: bool,
    },
    /// An empty mapping, `{}`. `needs_defaults` lists the required fields the runtime must
    /// fill from the record type's default values: if one has no default there is no filler.
    Mapping {
        needs_defaults: Vec<String>,
        readonly: bool,
    },
    /// An empty table.
    Table { readonly: bool },
    /// The empty xml sequence ``xml``` ``.
    EmptyXml,
    /// An empty stream.
    EmptyStream,
    /// The empty regular expression ``re``` ``.
    EmptyRegExp,
}

impl Env {
    /// The filler value of `ty`, if it has one (spec table "Filler value"): `()` if `()`
    /// belongs; otherwise the type must lie in one basic type B and B's filler must belong,
    /// except that a singleton type fills with its one value. Objects are not filled here:
    /// `new T()` needs the class, which the runtime knows.
    pub fn filler(&self, ty: &SemType) -> Option<Filler> {
        let families = self.basic_families(ty);
        if families & bits::NIL != 0 {
            return Some(Filler::Value(SingleValue::Nil));
        }
        let simple = |v: SingleValue| -> Option<Filler> {
            if self.is_subtype(&v.semtype(), ty) {
                Some(Filler::Value(v))
            } else {
                self.single_value(ty).map(Filler::Value)
            }
        };
        match families {
            bits::BOOLEAN => simple(SingleValue::Boolean(false)),
            bits::INT => simple(SingleValue::Int(0)),
            bits::FLOAT => simple(SingleValue::Float(0.0)),
            bits::DECIMAL => simple(SingleValue::Decimal(DecimalKey::parse("0")?)),
            bits::STRING => simple(SingleValue::String(String::new())),
            bits::LIST => self.list_filler(ty),
            bits::MAPPING => self.mapping_filler(ty),
            bits::TABLE => Some(Filler::Table {
                readonly: self.basic_types(ty) & BasicTypeCode::TABLE_RW.bit() == 0,
            }),
            bits::XML => {
                let empty = SemType::from_subtype(
                    BasicTypeCode::XML_RO,
                    SubtypeData::Xml(XmlSubtype::primitives(kinds::EMPTY)),
                );
                self.is_subtype(&empty, ty).then_some(Filler::EmptyXml)
            }
            bits::STREAM => Some(Filler::EmptyStream),
            bits::REGEXP => Some(Filler::EmptyRegExp),
            _ => None,
        }
    }

    fn list_filler(&self, ty: &SemType) -> Option<Filler> {
        let readonly = self.basic_types(ty) & BasicTypeCode::LIST_RW.bit() == 0;
        let code = if readonly {
            BasicTypeCode::LIST_RO
        } else {
            BasicTypeCode::LIST_RW
        };
        let atom = self.list_atom(single_atom(ty, code).or_else(|| {
            if ty.all_bits() & code.bit() != 0 {
                Some(u32::MAX)
            } else {
                None
            }
        })?);
        let explicit = atom.members.len().min(atom.fixed_len);
        let mut members = Vec::with_capacity(explicit);
        for i in 0..explicit {
            let mut member = atom.member_at(i).clone();
            if readonly {
                member = member.intersect(&SemType::readonly());
            }
            members.push(self.filler(&member)?);
        }
        Some(Filler::List {
            members,
            length: atom.fixed_len,
            readonly,
        })
    }

    fn mapping_filler(&self, ty: &SemType) -> Option<Filler> {
        let readonly = self.basic_types(ty) & BasicTypeCode::MAPPING_RW.bit() == 0;
        let code = if readonly {
            BasicTypeCode::MAPPING_RO
        } else {
            BasicTypeCode::MAPPING_RW
        };
        if ty.all_bits() & code.bit() != 0 {
            return Some(Filler::Mapping {
                needs_defaults: Vec::new(),
                readonly,
            });
        }
        let atom = self.mapping_atom(single_atom(ty, code)?);
        let needs_defaults = atom
            .fields
            .iter()
            .filter(|(_, t)| t.basic_bits() & bits::UNDEF == 0)
            .map(|(n, _)| n.clone())
            .collect();
        Some(Filler::Mapping {
            needs_defaults,
            readonly,
        })
    }
}
