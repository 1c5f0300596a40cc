//! Subtypes of xml.
//!
//! An xml value is a sequence of items; a singleton sequence is identified with its item.
//! A subtype is a set of *primitive* shapes (the empty sequence and the four kinds of single
//! item) plus a BDD over sequences of two or more items, whose atoms are "every item's kind
//! is in this set" (the atom index is the kind bit set itself, so no `Env` is needed).

use crate::bdd::{Atom, Bdd};

/// Bits of [`XmlSubtype::primitives`] and of sequence atoms.
pub mod kinds {
    /// The empty sequence `xml```.
    pub const EMPTY: u8 = 1;
    pub const TEXT: u8 = 2;
    pub const ELEMENT: u8 = 4;
    pub const PI: u8 = 8;
    pub const COMMENT: u8 = 16;
    /// The four item kinds.
    pub const ITEMS: u8 = TEXT | ELEMENT | PI | COMMENT;
    pub const ALL: u8 = EMPTY | ITEMS;
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct XmlSubtype {
    pub primitives: u8,
    pub sequences: Bdd,
}

impl XmlSubtype {
    /// `xml<T>` where T is the union of the item kinds in `items`: every sequence, of any
    /// length, whose items are all of those kinds.
    pub fn sequence_of(items: u8) -> XmlSubtype {
        XmlSubtype {
            primitives: kinds::EMPTY | (items & kinds::ITEMS),
            sequences: if items & kinds::ITEMS == kinds::ITEMS {
                Bdd::True
            } else {
                Bdd::atom(Atom::Index(u32::from(items & kinds::ITEMS)))
            },
        }
    }

    /// Exactly the primitive shapes in `primitives` (e.g. `xml:Element`).
    pub fn primitives(primitives: u8) -> XmlSubtype {
        XmlSubtype {
            primitives,
            sequences: Bdd::False,
        }
    }

    pub fn is_all(&self) -> bool {
        self.primitives == kinds::ALL && self.sequences.is_true()
    }

    pub fn is_empty(&self) -> bool {
        self.primitives == 0 && sequences_empty(&self.sequences)
    }

    pub fn union(&self, o: &Self) -> Self {
        XmlSubtype {
            primitives: self.primitives | o.primitives,
            sequences: self.sequences.union(&o.sequences),
        }
    }

    pub fn intersect(&self, o: &Self) -> Self {
        XmlSubtype {
            primitives: self.primitives & o.primitives,
            sequences: self.sequences.intersect(&o.sequences),
        }
    }

    pub fn diff(&self, o: &Self) -> Self {
        XmlSubtype {
            primitives: self.primitives & !o.primitives,
            sequences: self.sequences.diff(&o.sequences),
        }
    }

    pub fn complement(&self) -> Self {
        XmlSubtype {
            primitives: kinds::ALL & !self.primitives,
            sequences: self.sequences.complement(),
        }
    }

    /// Whether a sequence of `len` items whose kinds are `item_kinds` belongs.
    pub fn contains(&self, len: usize, item_kinds: u8) -> bool {
        match len {
            0 => self.primitives & kinds::EMPTY != 0,
            1 => self.primitives & item_kinds != 0,
            _ => self.sequences.contains(&mut |atom| match atom {
                Atom::Index(bits) => u32::from(item_kinds) & !bits == 0,
                Atom::Distinct(_) => false,
            }),
        }
    }
}

/// A conjunction of "items in P_i" and "not all items in N_j" is inhabited iff
/// P = the intersection of the P_i has a kind, and no N_j covers P (then a sequence using
/// every kind of P escapes every N_j).
fn sequences_empty(bdd: &Bdd) -> bool {
    bdd.every_path(&mut |pos, neg| {
        let p = pos.iter().fold(u32::from(kinds::ITEMS), |acc, a| match a {
            Atom::Index(bits) => acc & bits,
            Atom::Distinct(_) => acc,
        });
        p == 0
            || neg.iter().any(|a| match a {
                Atom::Index(bits) => p & !bits == 0,
                Atom::Distinct(_) => false,
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_sequences() {
        let elements = XmlSubtype::sequence_of(kinds::ELEMENT);
        let all = XmlSubtype::sequence_of(kinds::ITEMS);
        assert!(all.is_all());
        assert!(elements.diff(&all).is_empty());
        assert!(!all.diff(&elements).is_empty());
        assert!(elements.contains(3, kinds::ELEMENT));
        assert!(!elements.contains(3, kinds::ELEMENT | kinds::TEXT));
        assert!(elements.contains(0, 0));
        let texts = XmlSubtype::sequence_of(kinds::TEXT);
        let both = elements.intersect(&texts);
        assert!(both.contains(0, 0) && !both.contains(1, kinds::TEXT));
        assert!(!both.is_empty());
        assert!(elements
            .union(&texts)
            .diff(&XmlSubtype::sequence_of(kinds::ELEMENT | kinds::TEXT))
            .is_empty());
    }

    #[test]
    fn sequence_of_a_type() {
        use crate::env::Env;
        use crate::semtype::SemType;
        let env = Env::new();
        let same = |a: &SemType, b: &SemType| env.is_subtype(a, b) && env.is_subtype(b, a);
        // `xml<xml:Text>` is `xml:Text`'s sequences, all immutable; nesting `xml<xml<T>>`
        // changes nothing.
        let texts = SemType::xml_sequence_of_type(&SemType::xml_item(kinds::TEXT));
        let readonly_texts = SemType::xml_sequence(kinds::TEXT).intersect(&SemType::readonly());
        assert!(same(&texts, &readonly_texts));
        assert!(same(&SemType::xml_sequence_of_type(&texts), &texts));
        // `xml<never>` is the empty sequence only, which is `xml:Text` too.
        let never = SemType::xml_sequence_of_type(&SemType::never());
        assert!(env.is_subtype(&never, &SemType::xml_sequence(kinds::ELEMENT)));
        assert!(env.is_subtype(&never, &SemType::xml_item(kinds::TEXT)));
        assert!(!env.is_subtype(&SemType::xml_item(kinds::ELEMENT), &never));
        // A mutable sequence has an element: `xml<xml:Element|xml:Text>` holds mutable
        // `<a/>text` but its mutable half has no text-only sequence.
        let mixed = SemType::xml_sequence_of_type(
            &SemType::xml_item(kinds::ELEMENT).union(&SemType::xml_item(kinds::TEXT)),
        );
        let mutable = mixed.diff(&SemType::readonly());
        assert!(!env.is_empty(&mutable));
        assert!(env.is_empty(&mutable.intersect(&SemType::xml_sequence(kinds::TEXT))));
        // `xml<xml:Element & readonly>`: immutable sequences of elements only.
        let ro = SemType::xml_item(kinds::ELEMENT).intersect(&SemType::readonly());
        let ro_seq = SemType::xml_sequence_of_type(&ro);
        assert!(env.is_subtype(&ro, &ro_seq));
        assert!(!env.is_subtype(&SemType::xml_item(kinds::ELEMENT), &ro_seq));
        // The whole of xml gives every sequence.
        assert!(same(
            &SemType::xml_sequence_of_type(&SemType::xml()),
            &SemType::xml()
        ));
    }

    #[test]
    fn runtime_names() {
        use crate::env::Env;
        use crate::semtype::SemType;
        let mut env = Env::new();
        let e = SemType::xml_item(kinds::ELEMENT);
        assert_eq!(env.display(&e), "xml:Element");
        env.use_runtime_xml_names();
        assert_eq!(env.display(&e), "lang.xml:Element");
        assert_eq!(
            env.display(&SemType::xml_sequence(kinds::ELEMENT | kinds::TEXT)),
            "xml<lang.xml:Element|lang.xml:Text>"
        );
    }
}
