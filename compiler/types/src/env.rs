//! The type environment: the atoms that BDDs refer to, recursive definitions, registered type
//! names, the predefined recursive types and the emptiness memo.

use crate::basic::{bits, BasicTypeCode};
use crate::bdd::{Atom, Bdd};
use crate::memo::{Lookup, Memo};
use crate::semtype::{SemType, SubtypeData};
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::hash::Hash;

/// A list atom: lists of at least `fixed_len` members whose member `i` belongs to
/// `members[i]` (the last entry of `members` repeats up to `fixed_len`, so `int[1000]` is one
/// entry) and whose further members belong to `rest`. A `rest` of never means exactly
/// `fixed_len` members.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ListAtom {
    pub members: Vec<SemType>,
    pub fixed_len: usize,
    pub rest: SemType,
}

impl ListAtom {
    /// The type of member `i`.
    pub fn member_at(&self, i: usize) -> &SemType {
        if i < self.members.len() {
            &self.members[i]
        } else if i < self.fixed_len {
            self.members.last().unwrap_or(&self.rest)
        } else {
            &self.rest
        }
    }
}

/// A mapping atom: mappings whose field `name` belongs to the listed type (an optional field's
/// type includes `UNDEF`, the absence of the field) and whose other fields belong to `rest`
/// (other fields may always be absent). Fields are sorted by name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MappingAtom {
    pub fields: Vec<(String, SemType)>,
    pub rest: SemType,
}

impl MappingAtom {
    /// The type of field `name`, `UNDEF` included when it may be absent.
    pub fn field_type(&self, name: &str) -> SemType {
        match self.fields.binary_search_by(|(n, _)| n.as_str().cmp(name)) {
            Ok(i) => self.fields[i].1.clone(),
            Err(_) => self.rest.union(&SemType::from_bits(bits::UNDEF)),
        }
    }
}

/// A function atom: functions that, given arguments in `params` (a list type), return a value
/// of `ret`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FunctionAtom {
    pub params: SemType,
    pub ret: SemType,
}

/// An atom of a covariant type constructor: `typedesc<T>`, `future<T>`, `stream<T, C>`,
/// `table<R>`. The values are those whose type parameters are subtypes of `params`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BoxAtom {
    pub params: Vec<SemType>,
}

pub(crate) struct AtomTable<A> {
    atoms: Vec<Option<A>>,
    interned: FxHashMap<A, u32>,
    top: A,
}

impl<A: Clone + Eq + Hash> AtomTable<A> {
    fn new(top: A) -> AtomTable<A> {
        AtomTable {
            atoms: Vec::new(),
            interned: FxHashMap::default(),
            top,
        }
    }

    fn intern(&mut self, atom: A) -> u32 {
        if let Some(&i) = self.interned.get(&atom) {
            return i;
        }
        let i = self.atoms.len() as u32;
        self.atoms.push(Some(atom.clone()));
        self.interned.insert(atom, i);
        i
    }

    fn reserve(&mut self) -> u32 {
        self.atoms.push(None);
        (self.atoms.len() - 1) as u32
    }

    fn define(&mut self, i: u32, atom: A) {
        if let Some(slot) = self.atoms.get_mut(i as usize) {
            *slot = Some(atom);
        }
    }

    /// The atom; a reserved atom not yet defined reads as the unconstrained atom.
    pub(crate) fn get(&self, i: u32) -> &A {
        self.atoms
            .get(i as usize)
            .and_then(Option::as_ref)
            .unwrap_or(&self.top)
    }
}

/// Holds every atom and answers the questions that need them (emptiness, subtyping,
/// projections, membership). Build types with `&mut Env`, query with `&Env`.
pub struct Env {
    pub(crate) lists: AtomTable<ListAtom>,
    pub(crate) mappings: AtomTable<MappingAtom>,
    pub(crate) functions: AtomTable<FunctionAtom>,
    pub(crate) boxes: AtomTable<BoxAtom>,
    pub(crate) names: FxHashMap<SemType, String>,
    pub(crate) memo: RefCell<Memo>,
    /// Atoms reserved by a definition and not yet defined (they read as unconstrained).
    pending: usize,
    /// Whether a question was answered while `pending > 0`: its memoised answer may depend
    /// on an atom that is defined later, so the memo is cleared at the next definition.
    answered_while_pending: std::cell::Cell<bool>,
    anydata: SemType,
    json: SemType,
    /// How the built-in xml subtypes' module is written in type names: `xml:` in the
    /// compiler's messages, `lang.xml:` at run time (jBallerina's `lang.xml:Element`).
    pub(crate) xml_prefix: &'static str,
}

impl Default for Env {
    fn default() -> Self {
        Env::new()
    }
}

impl Env {
    pub fn new() -> Env {
        let mut env = Env {
            lists: AtomTable::new(ListAtom {
                members: Vec::new(),
                fixed_len: 0,
                rest: SemType::val(),
            }),
            mappings: AtomTable::new(MappingAtom {
                fields: Vec::new(),
                rest: SemType::val(),
            }),
            functions: AtomTable::new(FunctionAtom {
                params: SemType::never(),
                ret: SemType::val(),
            }),
            boxes: AtomTable::new(BoxAtom { params: Vec::new() }),
            names: FxHashMap::default(),
            memo: RefCell::new(Memo::default()),
            pending: 0,
            answered_while_pending: std::cell::Cell::new(false),
            anydata: SemType::never(),
            json: SemType::never(),
            xml_prefix: "xml:",
        };
        env.anydata = env.build_anydata(true);
        env.json = env.build_anydata(false);
        env
    }

    /// Names the built-in xml subtypes `lang.xml:Element`, ... as jBallerina's runtime does
    /// (the compiler's messages say `xml:Element`).
    pub fn use_runtime_xml_names(&mut self) {
        self.xml_prefix = "lang.xml:";
    }

    /// `anydata` (`with_extras`) or `json`.
    fn build_anydata(&mut self, with_extras: bool) -> SemType {
        let list = ListDefinition::new(self);
        let map = MappingDefinition::new(self);
        let mut t = SemType::from_bits(bits::SIMPLE)
            .union(&list.semtype())
            .union(&map.semtype());
        if with_extras {
            let table = self.table(&map.semtype());
            t = t
                .union(&SemType::xml())
                .union(&table)
                .union(&SemType::from_bits(bits::REGEXP));
        }
        list.define(self, Vec::new(), 0, t.clone());
        map.define(self, Vec::new(), t.clone());
        t
    }

    /// `anydata`.
    pub fn anydata(&self) -> SemType {
        self.anydata.clone()
    }

    /// `json`.
    pub fn json(&self) -> SemType {
        self.json.clone()
    }

    /// `anydata|readonly`: the values `cloneReadOnly` accepts (error detail fields).
    pub fn cloneable(&self) -> SemType {
        self.anydata.union(&SemType::readonly())
    }

    /// `map<anydata>`.
    pub fn map_anydata(&mut self) -> SemType {
        let a = self.anydata();
        self.map_of(&a)
    }

    /// `map<json>`.
    pub fn map_json(&mut self) -> SemType {
        let j = self.json();
        self.map_of(&j)
    }

    pub(crate) fn list_atom(&self, i: u32) -> &ListAtom {
        self.lists.get(i)
    }

    pub(crate) fn mapping_atom(&self, i: u32) -> &MappingAtom {
        self.mappings.get(i)
    }

    pub(crate) fn function_atom(&self, i: u32) -> &FunctionAtom {
        self.functions.get(i)
    }

    pub(crate) fn box_atom(&self, i: u32) -> &BoxAtom {
        self.boxes.get(i)
    }

    pub(crate) fn intern_list(&mut self, atom: ListAtom) -> u32 {
        self.lists.intern(atom)
    }

    pub(crate) fn intern_mapping(&mut self, atom: MappingAtom) -> u32 {
        self.mappings.intern(atom)
    }

    pub(crate) fn intern_function(&mut self, atom: FunctionAtom) -> u32 {
        self.functions.intern(atom)
    }

    pub(crate) fn intern_box(&mut self, atom: BoxAtom) -> u32 {
        self.boxes.intern(atom)
    }

    /// Runs a memoised emptiness computation for one BDD.
    pub(crate) fn memo_empty(
        &self,
        code: BasicTypeCode,
        bdd: &Bdd,
        compute: impl FnOnce(&Env) -> bool,
    ) -> bool {
        if self.pending > 0 {
            self.answered_while_pending.set(true);
        }
        let lookup = self.memo.borrow_mut().start(code, bdd);
        match lookup {
            Lookup::Known(b) => b,
            Lookup::Start => {
                let empty = compute(self);
                self.memo.borrow_mut().finish(code, bdd, empty);
                empty
            }
        }
    }

    fn reserved(&mut self) {
        self.pending += 1;
    }

    /// Called when a reserved atom is defined: answers that may have read it as unconstrained
    /// are forgotten. Answers given while no definition was pending stay memoised, so a
    /// client that checks each definition as it completes keeps every later question shallow.
    fn defined(&mut self) {
        self.pending = self.pending.saturating_sub(1);
        if self.answered_while_pending.get() {
            self.memo.get_mut().clear();
            self.answered_while_pending.set(self.pending > 0);
        }
    }

    /// Registers the name a defined type prints as (`Person`, `mod:Person`). The latest
    /// registration of a type wins. Names attach to the set of values, so register the
    /// definitions jBallerina prints by name (records, objects, errors, unions, finite types),
    /// not an alias of a built-in type (`type Id int;` would make every `int` print as `Id`).
    pub fn register_name(&mut self, ty: &SemType, name: impl Into<String>) {
        self.names.insert(ty.clone(), name.into());
    }

    /// The registered name of exactly this type, if any.
    pub fn registered_name(&self, ty: &SemType) -> Option<&str> {
        self.names.get(ty).map(String::as_str)
    }
}

/// A list type under construction, for recursive types: reserve it, use [`Self::semtype`] in
/// its own members, then [`Self::define`] it.
pub struct ListDefinition {
    atom: u32,
}

impl ListDefinition {
    pub fn new(env: &mut Env) -> ListDefinition {
        ListDefinition {
            atom: {
                env.reserved();
                env.lists.reserve()
            },
        }
    }

    /// The type being defined (both mutable and immutable lists).
    pub fn semtype(&self) -> SemType {
        list_semtype(Bdd::atom(Atom::Index(self.atom)))
    }

    /// Defines the members (see [`ListAtom`]) and returns the type.
    pub fn define(
        self,
        env: &mut Env,
        members: Vec<SemType>,
        fixed_len: usize,
        rest: SemType,
    ) -> SemType {
        let atom = crate::list::normalize_list_atom(members, fixed_len, rest);
        env.lists.define(self.atom, atom);
        env.defined();
        self.semtype()
    }
}

/// A mapping (or object) type under construction, for recursive types.
pub struct MappingDefinition {
    atom: u32,
}

impl MappingDefinition {
    pub fn new(env: &mut Env) -> MappingDefinition {
        MappingDefinition {
            atom: {
                env.reserved();
                env.mappings.reserve()
            },
        }
    }

    /// The mapping type being defined.
    pub fn semtype(&self) -> SemType {
        mapping_semtype(Bdd::atom(Atom::Index(self.atom)))
    }

    /// Defines the fields: `(name, type, optional)`, and the rest type (never for a closed
    /// record). Returns the type.
    pub fn define(
        self,
        env: &mut Env,
        fields: Vec<(String, SemType, bool)>,
        rest: SemType,
    ) -> SemType {
        let atom = crate::mapping::mapping_atom(fields, rest);
        env.mappings.define(self.atom, atom);
        env.defined();
        self.semtype()
    }

    pub(crate) fn atom(&self) -> u32 {
        self.atom
    }
}

/// A function type under construction, for recursive types.
pub struct FunctionDefinition {
    atom: u32,
}

impl FunctionDefinition {
    pub fn new(env: &mut Env) -> FunctionDefinition {
        FunctionDefinition {
            atom: {
                env.reserved();
                env.functions.reserve()
            },
        }
    }

    pub fn semtype(&self) -> SemType {
        SemType::from_subtype(
            BasicTypeCode::FUNCTION,
            SubtypeData::Bdd(Bdd::atom(Atom::Index(self.atom))),
        )
    }

    /// Defines the parameter list type and return type.
    pub fn define(self, env: &mut Env, params: SemType, ret: SemType) -> SemType {
        env.functions
            .define(self.atom, FunctionAtom { params, ret });
        env.defined();
        self.semtype()
    }
}

pub(crate) fn list_semtype(bdd: Bdd) -> SemType {
    SemType::from_subtype(BasicTypeCode::LIST_RO, SubtypeData::Bdd(bdd.clone())).union(
        &SemType::from_subtype(BasicTypeCode::LIST_RW, SubtypeData::Bdd(bdd)),
    )
}

pub(crate) fn mapping_semtype(bdd: Bdd) -> SemType {
    SemType::from_subtype(BasicTypeCode::MAPPING_RO, SubtypeData::Bdd(bdd.clone())).union(
        &SemType::from_subtype(BasicTypeCode::MAPPING_RW, SubtypeData::Bdd(bdd)),
    )
}
