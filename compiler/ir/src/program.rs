//! The whole-program container: functions, classes, tables and entry points.

use crate::ids::{ClassId, ConstId, FuncId, GlobalId, TypeId};
use crate::instruction::Instruction;
use crate::types::TypeDef;
use intc_decimal::Decimal;
use intc_langlib::LangNative;
use intc_span::FileId;

/// A compiled program, ready to be loaded by the runtime.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Program {
    /// Source file display names, indexed by [`FileId`].
    pub files: Vec<String>,
    pub functions: Vec<Function>,
    pub classes: Vec<Class>,
    pub types: Vec<TypeDef>,
    pub constants: Vec<Constant>,
    /// The natives the program calls: lang library functions by their declaration's id,
    /// others (`"std.io:println"`) by name, resolved by the runtime at load time.
    pub natives: Vec<NativeRef>,
    pub globals: Vec<Global>,
    /// Module init functions (no parameters), run in this order before `main`.
    pub module_inits: Vec<FuncId>,
    pub main: Option<MainEntry>,
    /// Default values of record fields for records the runtime builds itself
    /// (`cloneWithType`, `fromJsonWithType`): each entry names a record type, a field and a
    /// function without parameters or captures that computes the default.
    pub record_defaults: Vec<RecordDefault>,
    /// Annotations of run-time constructs (see [`AnnotationSet`]).
    pub annotations: Vec<AnnotationSet>,
    /// The names of distinct type identities (`TypeKind::Error`/`Object` `distinct_ids`) that
    /// a type definition or class introduced, for `typedesc:typeIds`.
    pub type_id_names: Vec<TypeIdName>,
    /// The lifecycle functions of listeners (`None` when the program has no listener).
    pub listener_hooks: Option<crate::ListenerHooks>,
    /// The resource and remote methods of classes that have them.
    pub services: Vec<crate::ServiceClass>,
    /// The class of the `regexp:Span` objects lang.regexp's natives return (fields
    /// `startIndex`, `endIndex` and the matched string), present when the program calls
    /// lang.regexp.
    pub regexp_span: Option<ClassId>,
}

/// The name of a distinct type identity: the module (organization and dotted name) and the
/// type definition or class that introduced it.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeIdName {
    pub id: u32,
    pub org: String,
    pub module: String,
    pub local: String,
}

/// A native function: a lang library function by the id generated from its declaration,
/// or an embedder's native (a standard library module's `external` function) by its name
/// `<org>.<module>:<function>`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum NativeRef {
    Lang(LangNative),
    Named(String),
}

impl std::fmt::Display for NativeRef {
    /// `lang.array:push`, `std.io:println`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NativeRef::Lang(id) => write!(f, "{id}"),
            NativeRef::Named(name) => f.write_str(name),
        }
    }
}

/// The annotations of one construct: the module init stores their effective values in
/// `global` as an immutable `map<any|error>` keyed by tag (`org/module:tag`, `module:tag`
/// without an org), before initialising the module's variables.
#[derive(Clone, Debug, PartialEq)]
pub struct AnnotationSet {
    pub target: AnnotationTarget,
    pub global: GlobalId,
}

/// A construct that can carry annotations at run time.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum AnnotationTarget {
    /// A defined type, enum or class (the type of its instances): what `t.@tag` reads.
    Type(TypeId),
    Function(FuncId),
    /// A parameter of a function by declaration index (`self` not counted).
    Param(FuncId, u32),
    Return(FuncId),
    /// A field of a record type or class type.
    Field(TypeId, String),
    Global(GlobalId),
}

/// A record field default computed by a function (see [`Program::record_defaults`]).
#[derive(Clone, Debug, PartialEq)]
pub struct RecordDefault {
    pub record: TypeId,
    pub field: String,
    pub func: FuncId,
    /// Set by lowering when the function has no effects (no calls, panics or global writes):
    /// the runtime may then evaluate it once and copy the value per use.
    pub effect_free: bool,
}

/// The `main` function and how to convert command-line arguments for it.
#[derive(Clone, Debug, PartialEq)]
pub struct MainEntry {
    pub func: FuncId,
    /// Types of the required/defaultable parameters (the CLI parses arguments to these).
    pub params: Vec<TypeId>,
    /// Element type of a rest parameter, if `main` has one (its arguments arrive as one list).
    pub rest: Option<TypeId>,
    /// The list type `T[]` of that rest parameter: the inherent type of the list the
    /// arguments arrive in (set exactly when `rest` is).
    pub rest_list: Option<TypeId>,
}

/// A compiled function (module function, method, closure body, init).
#[derive(Clone, Debug, PartialEq)]
pub struct Function {
    pub name: String,
    /// Module name for non-root modules (`"mod"` gives `mod:f` in stack traces); `None` for the
    /// root module.
    pub module: Option<String>,
    /// The class for methods (stack traces show `Class.method`).
    pub class: Option<ClassId>,
    /// The source file of the function body.
    pub file: FileId,
    /// Arguments arrive in registers `0..num_params` (`self` is parameter 0 of a method; a rest
    /// parameter arrives as one list).
    pub num_params: u16,
    /// Captured cells arrive in registers `num_params..num_params + num_captures`.
    pub num_captures: u16,
    /// Total registers (>= num_params + num_captures); all start as `()`, except in a scalar
    /// frame (below).
    pub num_registers: u16,
    /// A scalar frame (see `scalar.rs`, which computes it): its registers only ever hold
    /// `()`, booleans, ints and floats, and each is written before it is read, so the runtime
    /// neither resets them on entry nor on return. The verifier checks the flag.
    pub scalar_frame: bool,
    /// The function type of this function when used as a value (for `is` tests on function
    /// values); `None` means only `function` admits it.
    pub signature: Option<TypeId>,
    /// The list type of the rest parameter (the last parameter) when there is one: a call
    /// through a function value packs extra positional arguments into a list of this type.
    pub rest_list: Option<TypeId>,
    /// How many leading parameters a caller must supply (the rest are defaultable or the
    /// rest parameter); `lang.function:call` checks its arguments against it.
    pub num_required: u16,
    /// Declared `transactional` (a function, method or named worker): started as a new
    /// strand in transaction mode, the strand joins the transaction on a branch of its own.
    pub transactional: bool,
    pub code: Vec<Instruction>,
    /// Source line of each instruction (same length as `code`), for stack traces.
    pub lines: Vec<u32>,
}

impl Function {
    /// An empty function with the given name and parameter count.
    pub fn new(name: impl Into<String>, num_params: u16) -> Function {
        Function {
            name: name.into(),
            module: None,
            class: None,
            file: FileId(0),
            num_params,
            num_captures: 0,
            num_registers: num_params,
            scalar_frame: false,
            signature: None,
            rest_list: None,
            num_required: num_params,
            transactional: false,
            code: Vec::new(),
            lines: Vec::new(),
        }
    }
}

/// A class: the fields every instance has and its methods.
#[derive(Clone, Debug, PartialEq)]
pub struct Class {
    pub name: String,
    pub module: Option<String>,
    /// Field names and types; an instance stores fields in this order (slot = index).
    pub fields: Vec<ClassField>,
    /// Methods by name (including `init` if declared).
    pub methods: Vec<(String, FuncId)>,
    /// The object type of instances (for `is` tests and the inherent type).
    pub ty: TypeId,
    /// `readonly class`: instances are immutable once `init` returns.
    pub readonly: bool,
}

/// A field of a class.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassField {
    pub name: String,
    pub ty: TypeId,
    /// `final` or readonly field: cannot be assigned outside `init`.
    pub is_final: bool,
}

/// A module-level variable.
#[derive(Clone, Debug, PartialEq)]
pub struct Global {
    pub name: String,
    pub module: Option<String>,
    pub ty: TypeId,
    pub configurable: Option<Configurable>,
    /// Declared `final` (configurable variables are final too): only module initialization
    /// assigns it.
    pub is_final: bool,
}

/// Configurable variable metadata (the value is supplied by the embedder).
#[derive(Clone, Debug, PartialEq)]
pub struct Configurable {
    /// `configurable T x = ?;`: running without a value is an error.
    pub required: bool,
}

/// An entry of the constants pool.
#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    String(String),
    Decimal(Decimal),
    Float(f64),
}

impl Program {
    /// The text of a string constant (`None` for another kind of constant).
    pub fn constant_string(&self, id: ConstId) -> Option<&str> {
        match self.constants.get(id.index()) {
            Some(Constant::String(text)) => Some(text),
            _ => None,
        }
    }

    /// The display name of a function in stack traces: `f`, `mod:f` or `Class.method`.
    pub fn function_display_name(&self, func: FuncId) -> String {
        let Some(function) = self.functions.get(func.index()) else {
            return format!("<unknown {func}>");
        };
        if let Some(class) = function.class.and_then(|c| self.classes.get(c.index())) {
            return format!("{}.{}", class.name, function.name);
        }
        match &function.module {
            Some(module) => format!("{}:{}", module, function.name),
            None => function.name.clone(),
        }
    }

    pub fn file_name(&self, file: FileId) -> &str {
        self.files
            .get(file.0 as usize)
            .map(String::as_str)
            .unwrap_or("<unknown>")
    }
}
