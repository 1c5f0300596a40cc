//! Basic types: the top-level partition of Ballerina's values.
//!
//! Every value belongs to exactly one *basic type* below. Structured basic types whose values
//! may be mutable (xml, list, mapping, table, object) are split in two: the immutable (`RO`)
//! and the mutable (`RW`) values. `readonly` is then simply the union of every always-immutable
//! basic type and every `RO` half, and `T & readonly` needs no special case anywhere.

/// Index of one basic type in a [`BasicTypeBitSet`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BasicTypeCode(pub u8);

impl BasicTypeCode {
    pub const NIL: BasicTypeCode = BasicTypeCode(0);
    pub const BOOLEAN: BasicTypeCode = BasicTypeCode(1);
    pub const INT: BasicTypeCode = BasicTypeCode(2);
    pub const FLOAT: BasicTypeCode = BasicTypeCode(3);
    pub const DECIMAL: BasicTypeCode = BasicTypeCode(4);
    pub const STRING: BasicTypeCode = BasicTypeCode(5);
    /// Errors are always immutable.
    pub const ERROR: BasicTypeCode = BasicTypeCode(6);
    /// Function values are always immutable.
    pub const FUNCTION: BasicTypeCode = BasicTypeCode(7);
    pub const TYPEDESC: BasicTypeCode = BasicTypeCode(8);
    pub const HANDLE: BasicTypeCode = BasicTypeCode(9);
    pub const XML_RO: BasicTypeCode = BasicTypeCode(10);
    pub const LIST_RO: BasicTypeCode = BasicTypeCode(11);
    pub const MAPPING_RO: BasicTypeCode = BasicTypeCode(12);
    pub const TABLE_RO: BasicTypeCode = BasicTypeCode(13);
    pub const OBJECT_RO: BasicTypeCode = BasicTypeCode(14);
    pub const XML_RW: BasicTypeCode = BasicTypeCode(15);
    pub const LIST_RW: BasicTypeCode = BasicTypeCode(16);
    pub const MAPPING_RW: BasicTypeCode = BasicTypeCode(17);
    pub const TABLE_RW: BasicTypeCode = BasicTypeCode(18);
    pub const OBJECT_RW: BasicTypeCode = BasicTypeCode(19);
    /// Futures and streams are never immutable.
    pub const FUTURE: BasicTypeCode = BasicTypeCode(20);
    pub const STREAM: BasicTypeCode = BasicTypeCode(21);
    /// Regular expressions (the tagged data type `re`): always immutable, compared by their
    /// text.
    pub const REGEXP: BasicTypeCode = BasicTypeCode(22);
    /// Not a value: the absence of a mapping field. Only appears inside the field types of
    /// mapping atoms (an optional field `T x?` has type `T|UNDEF`), never in a type a client
    /// sees.
    pub const UNDEF: BasicTypeCode = BasicTypeCode(23);

    /// Number of real basic types (UNDEF excluded).
    pub const COUNT: u8 = 23;

    /// The bit of this code (none for a code out of range).
    pub const fn bit(self) -> u32 {
        if self.0 < 32 {
            1 << self.0
        } else {
            0
        }
    }

    /// The other half of a split (RO <-> RW) basic type, if it is one.
    pub fn twin(self) -> Option<BasicTypeCode> {
        match self.0 {
            10..=14 => Some(BasicTypeCode(self.0 + 5)),
            15..=19 => Some(BasicTypeCode(self.0 - 5)),
            _ => None,
        }
    }

    /// Whether every value of this basic type is immutable.
    pub fn is_readonly(self) -> bool {
        self.0 <= 14 || self.0 == 22
    }

    /// The keyword naming the basic type (both halves of a split type share it).
    pub fn name(self) -> &'static str {
        match self.0 {
            0 => "()",
            1 => "boolean",
            2 => "int",
            3 => "float",
            4 => "decimal",
            5 => "string",
            6 => "error",
            7 => "function",
            8 => "typedesc",
            9 => "handle",
            10 | 15 => "xml",
            11 | 16 => "list",
            12 | 17 => "mapping",
            13 | 18 => "table",
            14 | 19 => "object",
            20 => "future",
            21 => "stream",
            22 => "regexp:RegExp",
            _ => "undefined",
        }
    }
}

/// A set of basic types, as bits indexed by [`BasicTypeCode`].
pub type BasicTypeBitSet = u32;

/// Bit set constants for the basic types and the unions Ballerina names.
pub mod bits {
    use super::BasicTypeCode as C;

    pub const NEVER: u32 = 0;
    pub const NIL: u32 = C::NIL.bit();
    pub const BOOLEAN: u32 = C::BOOLEAN.bit();
    pub const INT: u32 = C::INT.bit();
    pub const FLOAT: u32 = C::FLOAT.bit();
    pub const DECIMAL: u32 = C::DECIMAL.bit();
    pub const STRING: u32 = C::STRING.bit();
    pub const ERROR: u32 = C::ERROR.bit();
    pub const FUNCTION: u32 = C::FUNCTION.bit();
    pub const TYPEDESC: u32 = C::TYPEDESC.bit();
    pub const HANDLE: u32 = C::HANDLE.bit();
    pub const XML: u32 = C::XML_RO.bit() | C::XML_RW.bit();
    pub const LIST: u32 = C::LIST_RO.bit() | C::LIST_RW.bit();
    pub const MAPPING: u32 = C::MAPPING_RO.bit() | C::MAPPING_RW.bit();
    pub const TABLE: u32 = C::TABLE_RO.bit() | C::TABLE_RW.bit();
    pub const OBJECT: u32 = C::OBJECT_RO.bit() | C::OBJECT_RW.bit();
    pub const FUTURE: u32 = C::FUTURE.bit();
    pub const STREAM: u32 = C::STREAM.bit();
    pub const UNDEF: u32 = C::UNDEF.bit();
    pub const REGEXP: u32 = C::REGEXP.bit();
    /// Immutable mappings only.
    pub const MAPPING_RO_ONLY: u32 = C::MAPPING_RO.bit();
    /// Every value.
    pub const VAL: u32 = (1 << C::COUNT) - 1;
    /// Every immutable value.
    pub const READONLY: u32 = ((1 << 15) - 1) | REGEXP;
    /// The basic types whose values are simple (not structured, not behavioural).
    pub const SIMPLE: u32 = NIL | BOOLEAN | INT | FLOAT | DECIMAL | STRING;
    pub const NUMBER: u32 = INT | FLOAT | DECIMAL;
    /// `any`: every value except errors.
    pub const ANY: u32 = VAL & !ERROR;
    /// The basic types that have subtype data held in BDDs of atoms.
    pub const BDD_BASED: u32 =
        LIST | MAPPING | FUNCTION | ERROR | OBJECT | TYPEDESC | FUTURE | STREAM | TABLE;
}

/// Iterates the codes of the bits set in `set`, lowest first.
pub fn codes(set: BasicTypeBitSet) -> impl Iterator<Item = BasicTypeCode> {
    (0..=BasicTypeCode::UNDEF.0)
        .filter(move |i| set & (1 << i) != 0)
        .map(BasicTypeCode)
}
