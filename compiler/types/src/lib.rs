//! intc's one set-theoretic type algebra.
//!
//! A Ballerina type is a set of values ([`SemType`]); subtyping is set inclusion and every
//! question about types reduces to emptiness (`a <: b` iff `a - b` is empty). The design
//! follows the "semtypes" of nBallerina (the Ballerina-in-Ballerina compiler) and the
//! semantic-subtyping papers of Frisch, Castagna and Benzaken: per basic type, either the
//! whole basic type, nothing, or subtype data — int ranges, finite value sets for float,
//! decimal and string, and BDDs over atoms held in an [`Env`] for lists, mappings, functions,
//! errors, objects and the parameterised basic types. See `README.md` for the design choices
//! and the migration plan of sema, the IR and the runtime onto this crate.
//!
//! ```
//! use intc_types::{Env, ListDefinition, SemType};
//!
//! let mut env = Env::new();
//! let int = SemType::int();
//! let int_or_string = int.union(&SemType::string());
//! // [int, string] <: (int|string)[]
//! let pair = env.tuple(&[int.clone(), SemType::string()], None);
//! let array = env.array_of(&int_or_string);
//! assert!(env.is_subtype(&pair, &array));
//! assert_eq!(env.display(&array), "(int|string)[]");
//! // type T [T]; has no value.
//! let def = ListDefinition::new(&mut env);
//! let t = def.semtype();
//! let t = def.define(&mut env, vec![t], 1, SemType::never());
//! assert!(env.is_empty(&t));
//! // byte & int:Signed8 is 0..127
//! let both = SemType::byte().intersect(&SemType::signed8());
//! assert!(env.is_same_type(&both, &SemType::int_range(0, 127)));
//! ```

pub mod basic;
pub mod bdd;
mod boxed;
mod contains;
mod display;
mod distinct;
mod env;
mod filler;
mod function;
pub mod int;
mod list;
mod mapping;
mod memo;
mod query;
mod semtype;
mod shape;
mod table;
pub mod values;
pub mod xml;

pub use basic::{bits, BasicTypeBitSet, BasicTypeCode};
pub use display::{float_text, quote};
pub use distinct::{MemberKind, ObjectMember};
pub use env::{
    BoxAtom, Env, FunctionAtom, FunctionDefinition, ListAtom, ListDefinition, MappingAtom,
    MappingDefinition,
};
pub use filler::Filler;
pub use function::Signature;
pub use mapping::{Field, FieldType};
pub use query::SingleValue;
pub use semtype::{SemType, SubtypeData};
pub use shape::{basic_code, string_is_char, Shape, ValueKind};
pub use table::TableKey;
pub use values::DecimalKey;

#[cfg(test)]
mod send_tests {
    /// Types cross threads (a compiled program may be handed to another thread); the memo
    /// keeps an `Env` to one thread at a time.
    #[test]
    fn types_are_send_and_sync_and_env_is_send() {
        fn send_sync<T: Send + Sync>() {}
        fn send<T: Send>() {}
        send_sync::<crate::SemType>();
        send::<crate::Env>();
    }
}
