//! The checked program: the semantic types, the definitions and the per-expression side tables
//! that lowering reads. Nothing here needs re-deriving from the AST: every name is resolved,
//! every expression typed, every call matched to its target and parameters.
//!
//! Keys: expressions, lambdas and binding patterns are identified by [`NodeKey`] = the file plus
//! the AST [`NodeId`]. Parameters (`ast::Param::id`) and binding patterns
//! (`ast::BindingPattern::id`) are the declarations of local variables.
use intc_decimal::Decimal;
pub use intc_langlib::LangNative;
use intc_span::FileId;
use intc_syntax::ast::NodeId;
// The per-node tables get one insert per checked node: Fx hashing of the two-`u32` keys
// costs a fraction of SipHash, and the keys come from the program, not from an adversary
// who could pick collisions to slow the compiler down meaningfully.
type HashMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;
type HashSet<K> = std::collections::HashSet<K, rustc_hash::FxBuildHasher>;

macro_rules! define_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);

        impl $name {
            /// The index into the owning table.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

define_id!(
    /// Index into [`TypeArena`].
    TypeId
);

impl Default for TypeId {
    /// `()`: the type of a body that returns nothing.
    fn default() -> TypeId {
        TypeArena::NIL
    }
}
define_id!(
    /// Index into [`CheckedProgram::modules`].
    ModuleId
);
define_id!(
    /// Index into [`CheckedProgram::functions`].
    FunctionId
);
define_id!(
    /// Index into [`CheckedProgram::globals`].
    GlobalId
);
define_id!(
    /// Index into [`CheckedProgram::constants`].
    ConstId
);
define_id!(
    /// Index into [`CheckedProgram::classes`].
    ClassId
);
define_id!(
    /// Index into [`CheckedProgram::type_defs`].
    TypeDefId
);
define_id!(
    /// Index into [`CheckedProgram::annotations`].
    AnnotationId
);

/// A node of one file: an expression, a parameter or a binding pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeKey {
    pub file: FileId,
    pub node: NodeId,
}

impl NodeKey {
    pub fn new(file: FileId, node: NodeId) -> NodeKey {
        NodeKey { file, node }
    }
}

// ---------------------------------------------------------------------------------------------
// Types

/// The built-in subtypes of int (`byte` and the `int:` module's types), defined once in the type
/// algebra.
pub use intc_types::int::BuiltinIntSubtype as IntSubtype;

/// A compile-time value: a constant's value, a singleton type's value, a literal.
#[derive(Clone, Debug, PartialEq)]
pub enum ConstValue {
    Nil,
    Boolean(bool),
    Int(i64),
    Float(f64),
    Decimal(Decimal),
    String(String),
    /// A constant list (`const int[] A = [1, 2];`), immutable.
    List(Vec<ConstValue>),
    /// A constant mapping in key order, immutable.
    Map(Vec<(String, ConstValue)>),
}

/// A field of a record type.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordField {
    pub name: String,
    pub ty: TypeId,
    /// `T f?;`
    pub optional: bool,
    /// `readonly T f;`
    pub readonly: bool,
    /// `T f = expr;` — the default expression (an `ast::Expr` of the record type descriptor),
    /// evaluated each time a mapping constructor of this record type omits the field.
    pub default: Option<NodeKey>,
}

/// A record type.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordType {
    /// Fields in declaration order (type inclusions `*T;` already expanded).
    pub fields: Vec<RecordField>,
    /// The rest field type: `None` for a closed record `record {| |}` without `T...;`; an open
    /// `record { }` has `Some(anydata)`.
    pub rest: Option<TypeId>,
}

/// An error type `error<D>`.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorType {
    /// The detail type (a mapping type); plain `error` has `map<anydata|readonly>`
    /// ([`TypeArena::ERROR_DETAIL`]).
    pub detail: TypeId,
    /// Type identities of `distinct` types: an error value belongs only if it carries all of
    /// them. Every `distinct` keyword occurrence in the source is one fresh identity.
    pub distinct_ids: Vec<u32>,
}

/// A field of an object type.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectField {
    pub name: String,
    pub ty: TypeId,
    pub is_public: bool,
    /// `final` or in a readonly class.
    pub is_final: bool,
}

/// A method of an object type.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectMethod {
    pub name: String,
    /// A [`Type::Function`].
    pub ty: TypeId,
    pub is_public: bool,
    pub is_remote: bool,
}

/// An object type or the type of instances of a class.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectType {
    pub fields: Vec<ObjectField>,
    /// Methods (without `init`).
    pub methods: Vec<ObjectMethod>,
    pub distinct_ids: Vec<u32>,
    /// Set for the type of a class (`class` definitions and object constructors).
    pub class: Option<ClassId>,
    pub is_readonly: bool,
    pub is_isolated: bool,
    pub is_client: bool,
    pub is_service: bool,
}

/// A function type.
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionType {
    /// Types of the required and defaultable parameters, in order.
    pub params: Vec<TypeId>,
    /// Number of leading parameters that are required (the rest of `params` have defaults).
    pub required: usize,
    /// Element type of the rest parameter.
    pub rest: Option<TypeId>,
    pub ret: TypeId,
    pub is_isolated: bool,
    pub is_transactional: bool,
}

/// A semantic type. Recursive types are cycles through [`TypeId`]s.
#[derive(Clone, Debug, PartialEq)]
pub enum Type {
    /// `never`: no values.
    Never,
    /// `()`.
    Nil,
    Boolean,
    Int,
    IntSubtype(IntSubtype),
    Float,
    Decimal,
    String,
    /// `string:Char`: strings of exactly one code point.
    StringChar,
    /// `any`: every value except errors.
    Any,
    /// `anydata` (recursive: `()|boolean|int|float|decimal|string|xml|anydata[]|map<anydata>`).
    Anydata,
    /// `json` (recursive: `()|boolean|int|float|decimal|string|json[]|map<json>`).
    Json,
    /// `readonly`: every immutable value.
    Readonly,
    Handle,
    Xml,
    /// A built-in xml item type (bits of `intc_types::xml::kinds`): `xml:Element`,
    /// `xml:Comment`, `xml:ProcessingInstruction`, `xml:Text` (which also holds the empty
    /// sequence). Created once each, named, by the lang library (`langlib.rs`).
    XmlItem(u8),
    /// `xml<T>`: the xml sequences whose items all belong to `T`.
    XmlSequence(TypeId),
    /// `function`: every function value.
    AnyFunction,
    /// `typedesc<T>` (`typedesc` alone is `typedesc<any|error>`).
    Typedesc(TypeId),
    /// `future<T>` (`future` alone is `future<any|error>`).
    Future(TypeId),
    /// One value: `"a"`, `1`, `true`, `2.5`, `2.5d` (never `()`: that is [`Type::Nil`]; never a
    /// list or map).
    Singleton(ConstValue),
    /// `A|B|...`: `T?`, finite types and enums are unions. Members are never unions themselves.
    Union(Vec<TypeId>),
    /// `T & readonly`: the immutable values of `T`.
    ReadonlyOf(TypeId),
    /// `T[]` (`length: None`) or `T[N]`.
    Array {
        element: TypeId,
        length: Option<u32>,
    },
    /// `[A, B, R...]`.
    Tuple {
        members: Vec<TypeId>,
        rest: Option<TypeId>,
    },
    /// `map<T>`.
    Map(TypeId),
    Record(RecordType),
    Error(ErrorType),
    Object(ObjectType),
    Function(FunctionType),
    /// `table<R>`, `table<R> key(a, b)`, `table<R> key<K>` (`sema/src/table.rs`).
    Table {
        row: TypeId,
        key: TableKey,
    },
    /// The iterable object produced by a range expression `a ... b` / `a ..< b`; iterating it
    /// yields `int`.
    IntRange,
    /// `stream<T, C>` (`stream<T>` has `C` = `()`; a bare `stream` is
    /// `stream<any|error, any|error>`, every stream).
    Stream {
        value: TypeId,
        completion: TypeId,
    },
    /// The type of an expression that already produced a diagnostic: compatible with
    /// everything, so no cascade. Never present in a program without errors.
    Unknown,
    /// `regexp:RegExp` (= `string:RegExp`): regular expressions, always immutable.
    RegExp,
}

/// The key constraint of a table type.
#[derive(Clone, Debug, PartialEq)]
pub enum TableKey {
    /// No key constraint: `table<R>`.
    Unconstrained,
    /// `key(a, b)`: the key sequence (empty for a keyless table).
    Fields(Vec<String>),
    /// `key<K>`: the type of the key values.
    Type(TypeId),
}

pub use crate::model_arena::{TypeArena, TypeEntry};

// ---------------------------------------------------------------------------------------------
// Definitions

/// Where a definition's AST lives: `modules[module].files[file_index].items[item]`
/// (for class members additionally `members[member]` of the `ast::ClassDef`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemRef {
    /// Index into the `modules` slice passed to `check`.
    pub module: ModuleId,
    /// Index into that module's `files`.
    pub file_index: usize,
    pub file: FileId,
    /// Index into `ast::Module::items`.
    pub item: usize,
}

/// A module of the program.
#[derive(Clone, Debug)]
pub struct ModuleInfo {
    pub org: String,
    /// Dotted name: `io`, `app.utils`.
    pub name: String,
    pub is_root: bool,
    /// The name used in stack traces and display names for non-root modules (`utils` for
    /// `app.utils`); `None` for the root module.
    pub display_prefix: Option<String>,
    pub files: Vec<FileId>,
    /// Module-level variables in declaration order (file order, then item order): the order
    /// lowering initialises them in.
    pub globals: Vec<GlobalId>,
    /// The module's `init` function, if declared.
    pub init: Option<FunctionId>,
    /// `main`, for the root module.
    pub main: Option<FunctionId>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKindInfo {
    Required,
    Defaultable,
    /// The rest parameter: its [`ParamInfo::ty`] is the element type; the function receives
    /// one list of type `ty[]`.
    Rest,
    /// `*R name`: required, and the caller may give the fields of record type `R` as named
    /// arguments instead ([`ArgSource::Fields`]).
    Included,
}

/// How a defaultable parameter's value is produced when the caller omits it.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamDefault {
    None,
    /// Evaluate this expression (`ast::Param::default` of the declaring function) in the
    /// caller; it may refer to earlier parameters (see [`ArgSource::Default`]).
    Expr(NodeKey),
    /// A native parameter whose default the native applies itself: lowering omits the
    /// argument (only trailing arguments are ever omitted, see [`ArgMatching`]).
    Native,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ParamInfo {
    pub name: String,
    /// The parameter's declaration (`ast::Param::id`): locals resolve to it. `None` for lang
    /// library functions.
    pub decl: Option<NodeKey>,
    pub ty: TypeId,
    pub kind: ParamKindInfo,
    pub default: ParamDefault,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FunctionKind {
    /// A module-level function.
    Module,
    /// A method of a class (or object constructor); `self` is implicit.
    Method(ClassId),
}

#[derive(Clone, Debug)]
pub struct FunctionInfo {
    pub name: String,
    pub module: ModuleId,
    pub kind: FunctionKind,
    pub is_public: bool,
    pub params: Vec<ParamInfo>,
    pub ret: TypeId,
    /// The function's type as a value (a [`Type::Function`]).
    pub ty: TypeId,
    /// `= external;`: a native implemented by the runtime under [`FunctionInfo::native_name`].
    pub is_external: bool,
    /// `std.io:println` (`<org>.<module>:<name>`) for external functions.
    pub native_name: Option<String>,
    /// The AST: the item. `None` for methods of object constructors, which are found through
    /// [`ClassInfo::source`].
    pub source: Option<ItemRef>,
    /// For methods (of classes and object constructors): the index of the method among the
    /// class's members; `None` for module functions.
    pub member: Option<usize>,
}

#[derive(Clone, Debug)]
pub struct ConfigurableInfo {
    /// `= ?`.
    pub required: bool,
}

#[derive(Clone, Debug)]
pub struct GlobalInfo {
    pub name: String,
    pub module: ModuleId,
    pub ty: TypeId,
    pub is_public: bool,
    pub is_final: bool,
    /// `isolated`: usable only inside `lock` statements (checked in `isolation.rs`).
    pub is_isolated: bool,
    pub configurable: Option<ConfigurableInfo>,
    /// The `ast::ModuleVar` (its `binding` is a capture or a destructuring pattern; for a
    /// destructuring declaration every variable of the pattern is its own global, with the
    /// same source, and [`GlobalInfo::decl`] tells which one).
    pub source: ItemRef,
    /// The binding pattern node that declared this variable.
    pub decl: NodeKey,
}

#[derive(Clone, Debug)]
pub struct ConstantInfo {
    pub name: String,
    /// `None` for lang library constants (`int:MAX_VALUE`).
    pub module: Option<ModuleId>,
    pub ty: TypeId,
    pub value: ConstValue,
    pub is_public: bool,
    /// Set when the constant is a member of an enum (the enum's type definition).
    pub enum_type: Option<TypeDefId>,
}

#[derive(Clone, Debug)]
pub struct ClassFieldInfo {
    pub name: String,
    pub ty: TypeId,
    pub is_final: bool,
    pub is_public: bool,
    /// The field's default initialiser (an `ast::ObjectField::default`), evaluated at `new`
    /// before `init` runs.
    pub default: Option<NodeKey>,
}

/// Where a class comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClassSource {
    /// A `class` item.
    Item(ItemRef),
    /// An object constructor expression (`ExprKind::ObjectConstructor`).
    ObjectConstructor(NodeKey),
}

#[derive(Clone, Debug)]
pub struct ClassInfo {
    pub name: String,
    pub module: ModuleId,
    pub is_public: bool,
    pub is_readonly: bool,
    pub is_isolated: bool,
    pub is_client: bool,
    /// Instance fields in slot order (inclusions expanded).
    pub fields: Vec<ClassFieldInfo>,
    /// Methods by name (not `init`).
    pub methods: Vec<(String, FunctionId)>,
    pub init: Option<FunctionId>,
    /// The object type of instances.
    pub ty: TypeId,
    pub source: ClassSource,
}

#[derive(Clone, Debug)]
pub enum TypeDefKind {
    /// `type T ...;`
    Type,
    /// `enum E { ... }`: the type is the union of the members' singletons; the members are
    /// constants.
    Enum(Vec<ConstId>),
}

#[derive(Clone, Debug)]
pub struct TypeDefInfo {
    pub name: String,
    pub module: ModuleId,
    pub is_public: bool,
    pub ty: TypeId,
    pub kind: TypeDefKind,
    pub source: ItemRef,
}

// ---------------------------------------------------------------------------------------------
// Per-expression information

/// What a `Var` expression (or a `Call` callee) names.
#[derive(Clone, Debug, PartialEq)]
pub enum Resolution {
    /// A local variable or parameter, by the node that declared it (an `ast::Param::id` or an
    /// `ast::BindingPattern::id` of a `Capture`).
    Local(NodeKey),
    Global(GlobalId),
    /// A function used as a value (calls are in [`CheckedProgram::calls`]).
    Function(FunctionId),
    /// A constant, enum member or lang library constant (`int:MAX_VALUE`, `float:NaN`).
    Constant(ConstId),
    /// A lang library function used as a value (`int:abs` passed as an argument).
    LangFunction(LangNative),
    /// `self` inside a method (or an object constructor's method).
    SelfRef,
    /// A type name used as a value: a `typedesc` (`cloneWithType(Person)`).
    TypeRef(TypeId),
}

/// Which value a parameter gets at a call.
#[derive(Clone, Debug, PartialEq)]
pub enum ArgSource {
    /// The method call's receiver (lang library method-call syntax `xs.push(1)`).
    Receiver,
    /// The call's argument at this index in `args` (positional or named).
    Arg(usize),
    /// The parameter's default (see [`ParamDefault`]); for user functions the default
    /// expression runs in the callee's parameter scope with the earlier parameters bound.
    Default,
    /// An included record parameter built from named arguments for its fields (field name,
    /// index in `args`) plus the record type's defaults for the other fields.
    Fields(Vec<(String, usize)>),
    /// The default of a function type descriptor's parameter, which the caller supplies.
    Constant(ConstValue),
    /// The field of this name of the mapping spread at this index in `args` (`f(...rec)`
    /// gives each field of a closed record as a named argument).
    SpreadField(usize, String),
    /// A resource method's rest path parameter given by several path segments of a client
    /// resource access (`c->/files/a/[b]`): a new list of this type holding them.
    PathList(TypeId, Vec<crate::resource_access::PathItem>),
}

/// A rest argument.
#[derive(Clone, Debug, PartialEq)]
pub enum RestSource {
    /// The method call's receiver, when the target's first parameter is its rest parameter
    /// (`5.sum(10, 20)` calls `int:sum(5, 10, 20)`).
    Receiver,
    /// One value: the call argument at this index.
    Arg(usize),
    /// `...xs` at this index: every member of the list becomes a rest argument.
    Spread(usize),
}

/// A parameter of a function type descriptor as a caller sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionTypeParam {
    pub name: Option<String>,
    /// The default, evaluated at compile time (the descriptor's default expressions must be
    /// constant expressions in intc).
    pub default: Option<ConstValue>,
}

/// How a call's arguments bind to the target's parameters.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ArgMatching {
    /// One entry per required/defaultable parameter of the target (receiver included for lang
    /// library method calls), in declaration order. For natives, trailing
    /// `ArgSource::Default` entries are omitted by lowering.
    pub params: Vec<ArgSource>,
    /// The values for the rest parameter in order (empty when none are given).
    pub rest: Vec<RestSource>,
    /// Set when a spread `...xs` supplies the required/defaultable parameters positionally
    /// (`f(...tuple)`): the spread argument at this index is unpacked at run time; the
    /// `params` entries then refer to that same index.
    pub spread_positional: Option<usize>,
}

/// What a call invokes.
#[derive(Clone, Debug, PartialEq)]
pub enum CallTarget {
    /// A module function or a native (`= external`) function (`io:println`).
    Function(FunctionId),
    /// Calling a function value: the `Call` callee expression (`f(1)` where `f` is a local or
    /// global of function type; the callee's resolution says which).
    FunctionValue,
    /// A method call on an object: dispatch by name on the receiver's class at run time.
    /// `function` is set when the receiver's static type is a class (so the target is known);
    /// `method_type` is the method's function type in the receiver's object type.
    Method {
        name: String,
        class: Option<ClassId>,
        function: Option<FunctionId>,
        method_type: TypeId,
    },
    /// A lang library function, by the id of its declaration (`LangNative::ArrayPush`). In
    /// method-call syntax the receiver is the first parameter.
    LangLib { native: LangNative },
    /// Method-call syntax on a record whose field `field` holds a function value
    /// (`sub.handler(x)`): the field's value is called with the arguments; `ty` is the field's
    /// (function) type.
    RecordField { field: String, ty: TypeId },
}

#[derive(Clone, Debug, PartialEq)]
pub struct CallInfo {
    pub target: CallTarget,
    pub args: ArgMatching,
    /// The type of the call's value.
    pub ty: TypeId,
}

/// A `new` expression's class and `init` argument matching.
#[derive(Clone, Debug, PartialEq)]
pub struct NewInfo {
    pub class: ClassId,
    pub init: Option<FunctionId>,
    pub args: ArgMatching,
}

pub use crate::model_streams::NewStreamInfo;

/// An error constructor (`error(...)`, `MyError(...)`, or a `Call` whose callee names an error
/// type).
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorConstructorInfo {
    /// The error type the value gets (its detail and distinct identities).
    pub ty: TypeId,
    /// Index into the call's args of the message.
    pub message: usize,
    /// Index of the cause, if given.
    pub cause: Option<usize>,
    /// Named arguments: detail field name and argument index.
    pub fields: Vec<(String, usize)>,
}

/// The type chosen for a numeric literal by its context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LiteralKind {
    Int,
    Byte,
    Float,
    Decimal,
}

/// How a `foreach` iterates (keyed by the `foreach` iterable expression).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IterationKind {
    /// An `IntRange` value (`a ..< b`, `a ... b`).
    Range,
    /// Arrays and tuples: members in order.
    List,
    /// Maps and records: values in key insertion order.
    Mapping,
    /// Strings: one-character strings.
    String,
    /// Objects belonging to `object:Iterable`: `iterator()`, then `next()` until `()`.
    Object,
    /// xml sequences: each item as a singleton sequence.
    Xml,
    /// Tables: members in order.
    Table,
    /// Streams: the next operation until it gives the completion value.
    Stream,
}

/// An annotation tag declared by `annotation T tag on ...;`.
#[derive(Clone, Debug)]
pub struct AnnotationInfo {
    pub name: String,
    pub module: ModuleId,
    pub is_public: bool,
    pub is_const: bool,
    /// The declared type: `true` for a flag annotation, a mapping type, or an array of
    /// mapping types (several annotations allowed, the effective value is the list).
    pub ty: TypeId,
    /// The type of one annotation's value (`ty`, or its element type when `multiple`).
    pub value_ty: TypeId,
    pub multiple: bool,
    /// The allowed attach points (`(source, kind)`); empty means anywhere.
    pub attach_points: Vec<(bool, intc_syntax::ast::AttachPointKind)>,
    /// The key of the tag in runtime annotation maps: `org/module:tag` (`module:tag` without
    /// an org).
    pub key: String,
}

/// The construct an annotation set is attached to (only constructs visible at run time).
#[derive(Clone, Debug, PartialEq)]
pub enum AnnotationTarget {
    /// A type definition or enum (its named type) or a class (the type of its instances).
    Type(TypeId),
    Function(FunctionId),
    /// The parameter at this index (declaration order).
    Param(FunctionId, usize),
    Return(FunctionId),
    /// A field of a record type or of a class/object type.
    Field(TypeId, String),
    /// A module-level variable.
    Global(GlobalId),
}

/// One annotation written on a construct.
#[derive(Clone, Debug, PartialEq)]
pub struct AttachedAnnotation {
    pub annotation: AnnotationId,
    /// The mapping constructor (an `ast::Expr` of the annotation); `None` gives `true` for a
    /// flag annotation and `{}` otherwise.
    pub value: Option<NodeKey>,
}

/// The annotations of one construct, evaluated by the init of `module`.
#[derive(Clone, Debug, PartialEq)]
pub struct AnnotationSet {
    pub target: AnnotationTarget,
    pub module: ModuleId,
    pub entries: Vec<AttachedAnnotation>,
}

/// Everything lowering needs. All tables are keyed by [`NodeKey`]s of expression nodes unless
/// documented otherwise.
#[derive(Clone, Debug, Default)]
pub struct CheckedProgram {
    /// `error:Retriable`, once a `retry` uses the default retry manager (which retries
    /// errors of this type).
    pub retriable_error: Option<TypeId>,
    /// `transaction:Error`, once a `commit` is checked (the type of the error a failed
    /// commit returns).
    pub transaction_error: Option<TypeId>,
    pub types: TypeArena,
    /// Named workers, waits and the other strand constructs (`model_strands.rs`).
    pub strands: crate::model_strands::StrandTables,
    /// Query expressions (`model_query.rs`).
    pub queries: crate::model_query::QueryTables,
    pub modules: Vec<ModuleInfo>,
    pub functions: Vec<FunctionInfo>,
    pub globals: Vec<GlobalInfo>,
    pub constants: Vec<ConstantInfo>,
    pub classes: Vec<ClassInfo>,
    pub type_defs: Vec<TypeDefInfo>,
    /// Modules in initialisation order (imported modules before importers; the root last).
    pub module_order: Vec<ModuleId>,
    /// The program entry point (`main` of the root module).
    pub main: Option<FunctionId>,
    /// Annotation tags of all modules.
    pub annotations: Vec<AnnotationInfo>,
    /// Annotations attached to run-time constructs, in module and source order.
    pub annotation_sets: Vec<AnnotationSet>,
    /// For `AnnotAccess` expressions (`t.@tag`): the tag.
    pub annot_accesses: HashMap<NodeKey, AnnotationId>,
    /// For `RawTemplate` expressions: the anonymous class of the object built.
    pub raw_templates: HashMap<NodeKey, ClassId>,
    /// The parameter names and defaults of function type descriptors that have any (by
    /// function type; one entry per required/defaultable parameter): a call through a value
    /// of that type may name them and gets those defaults (spec "Function types").
    pub function_type_params: HashMap<TypeId, Vec<FunctionTypeParam>>,
    /// The value of each default expression in a function type descriptor (by expression;
    /// `None` when it is not a constant).
    pub function_type_defaults: HashMap<NodeKey, Option<ConstValue>>,
    /// The module and name of the type definition (`type E distinct error;`) or class
    /// (`distinct class C`) that introduced each distinct type identity, for
    /// `typedesc:typeIds`; an identity of a `distinct` type written inline has none.
    pub distinct_names: HashMap<u32, (ModuleId, String)>,

    /// The static type of every checked expression. For a `Var` this is the narrowed type at
    /// that point (after `is` tests), which is what lowering needs. Assignment targets get
    /// the type a stored value must have. There are no implicit conversions except one the
    /// spec defines: `*` with one `int` and one `float`/`decimal` operand (either order), and
    /// `/`, `%` with a `float`/`decimal` left and an `int` right operand, have the
    /// float/decimal result type; lowering converts the int operand.
    pub expr_types: HashMap<NodeKey, TypeId>,
    /// For numeric literals (`Literal::Int` / `Literal::Float`, also under a unary minus): the
    /// type chosen by the context (an int literal where a float is expected is a float).
    pub literal_kinds: HashMap<NodeKey, LiteralKind>,
    /// For `Var` expressions (including `Call` callees that name a function), assignment
    /// targets, and the `Capture` binding patterns of a destructuring assignment
    /// (`[a, b] = e;`, keyed by the binding pattern's id, resolving to the assigned variable).
    pub resolutions: HashMap<NodeKey, Resolution>,
    /// For shorthand fields `{name}` of mapping constructors, by the constructor's key and the
    /// field's index: the synthetic key under which the field's variable reference is recorded
    /// like a `Var` expression (in `resolutions`, `expr_types` and `const_values`).
    pub shorthand_fields: HashMap<(NodeKey, usize), NodeKey>,
    /// The expressions evaluated away from where they are written, by their keys: parameter
    /// defaults ([`ParamDefault::Expr`]), record and class field defaults
    /// ([`RecordField::default`], [`ClassFieldInfo::default`]) and annotation values
    /// ([`AttachedAnnotation::value`]). Copies of the AST nodes, so lowering never searches
    /// the tree for them.
    pub deferred_exprs: HashMap<NodeKey, intc_syntax::ast::Expr>,
    /// For `Call` and `MethodCall` expressions (not for error constructors written as calls,
    /// which are in `error_constructors`).
    pub calls: HashMap<NodeKey, CallInfo>,
    /// For `New` expressions.
    pub news: HashMap<NodeKey, NewInfo>,
    /// For `New` expressions constructing a stream (`new stream<T, C>(...)`, or `new (...)`
    /// whose expected type is a stream type).
    pub new_streams: HashMap<NodeKey, NewStreamInfo>,
    /// For `ErrorConstructor` expressions and `Call`s whose callee is an error type name.
    pub error_constructors: HashMap<NodeKey, ErrorConstructorInfo>,
    /// The type a construct's operand type descriptor denotes:
    /// `TypeTest` → the tested type; `Cast` → the target type; `List`/`Mapping` constructors →
    /// the inherent type of the new value (from the contextually expected type, a record type
    /// for records, so its field defaults are in [`RecordType::fields`]); `ObjectConstructor` →
    /// the class's object type; `Typeof` → the operand's static type.
    pub operand_types: HashMap<NodeKey, TypeId>,
    /// For error binding and match patterns naming their type (`error E(...)`), keyed by the
    /// span of the name (match patterns have no node ids): the error type.
    pub error_pattern_types: HashMap<intc_span::Span, TypeId>,
    /// Variables declared by several alternatives of one match clause (`[var x, 1] | [1, var
    /// x]`): each later declaring node → the first, so all alternatives write one variable.
    pub shared_pattern_variables: HashMap<NodeKey, NodeKey>,
    /// For `ObjectConstructor` expressions: the anonymous class.
    pub object_classes: HashMap<NodeKey, ClassId>,
    /// The declared (or inferred for `var`) type of every local variable, by its declaring
    /// node (`ast::Param::id` or `ast::BindingPattern::id` of a `Capture`), including lambda
    /// parameters and arrow parameters (by their synthetic keys, see `arrow_param_keys`).
    pub local_types: HashMap<NodeKey, TypeId>,
    /// Arrow function (`x => e`) parameters: the arrow expression key → the parameter types
    /// in order (arrow parameters have no NodeId; they resolve as `Resolution::Local` of a
    /// synthetic key, see `arrow_param_keys`).
    pub arrow_params: HashMap<NodeKey, Vec<TypeId>>,
    /// Arrow parameter declarations: the arrow expression key → the synthetic `NodeKey`s the
    /// parameters resolve to (`NodeId`s at or above the file's `node_count`, unique).
    pub arrow_param_keys: HashMap<NodeKey, Vec<NodeKey>>,
    /// For `Lambda` and `Arrow` expressions: the enclosing locals the closure reads or writes,
    /// by declaring node.
    pub captures: HashMap<NodeKey, Vec<NodeKey>>,
    /// Every local captured by some closure: lowering stores these in shared cells.
    pub captured: HashSet<NodeKey>,
    /// `Lambda`/`Arrow` expressions inside methods that refer to `self` (they capture it).
    pub captures_self: HashSet<NodeKey>,
    /// Assignment targets (`Field`/`Member` nodes) that remove the member when the assigned
    /// value is nil: potentially undefined mapping members whose type excludes nil.
    pub nil_removes: HashSet<NodeKey>,
    /// For `foreach` iterable expressions.
    pub iterations: HashMap<NodeKey, IterationKind>,
    /// The element type bound by each `foreach` (by the iterable expression's key).
    pub foreach_element_types: HashMap<NodeKey, TypeId>,
    /// The compile-time value of every expression that is a constant expression referring to
    /// constants or lang constants (`Var` resolving to a constant, `int:MAX_VALUE`), and of
    /// constant match patterns.
    pub const_values: HashMap<NodeKey, ConstValue>,
    /// Name occurrences and expression spans for the IDE (`model_ide.rs`).
    pub ide: crate::model_ide::IdeTables,
}

impl CheckedProgram {
    pub fn expr_type(&self, file: FileId, node: NodeId) -> TypeId {
        self.expr_types
            .get(&NodeKey::new(file, node))
            .copied()
            .unwrap_or(TypeArena::UNKNOWN)
    }

    pub fn module_of_file(&self, file: FileId) -> Option<ModuleId> {
        self.modules
            .iter()
            .position(|m| m.files.contains(&file))
            .map(|i| ModuleId(i as u32))
    }
}
