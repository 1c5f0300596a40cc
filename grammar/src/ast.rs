//! The abstract syntax tree produced by the parser and consumed by the semantic analysis.
//!
//! Every node carries a byte [`Span`]. Expressions and binding patterns also carry a [`NodeId`],
//! unique within one parsed file, so later stages can keep side tables (types, resolutions)
//! without mutating the tree. A construct the parser could not understand becomes an `Error`
//! node (with the syntax error reported separately), so a tree always exists.

use intc_span::{FileId, Span};

mod query;
mod services;
mod workers;
pub use query::{GroupingKey, OrderKey, Query, QueryClause, QueryEnd};
mod patterns;
mod xml;
pub use patterns::*;
pub use services::{ServiceAttach, ServiceDecl};
pub use workers::{PeerWorker, Receive, WaitField, WorkerDecl};
pub use xml::*;

/// Identifies an expression or binding pattern within one file (dense, from 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

#[derive(Clone, Debug, PartialEq)]
pub struct Ident {
    /// The identifier's value, with a quoted identifier's `'` removed (`'int` is `int`).
    pub name: String,
    pub span: Span,
}

/// One parsed source file.
#[derive(Clone, Debug, PartialEq)]
pub struct Module {
    pub file: FileId,
    pub imports: Vec<Import>,
    pub items: Vec<Item>,
    /// Number of `NodeId`s handed out in this file (all ids are below it).
    pub node_count: u32,
    pub span: Span,
}

/// `import org/pkg.mod as prefix;` — `org` is `None` for `import pkg.mod;`.
#[derive(Clone, Debug, PartialEq)]
pub struct Import {
    pub org: Option<Ident>,
    /// Dot-separated package and module name components: `lang.array` is `[lang, array]`.
    pub path: Vec<Ident>,
    pub prefix: Option<Ident>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visibility {
    /// No qualifier: visible in the module only.
    Module,
    Public,
    /// `private` (object/class members only).
    Private,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Function(FunctionDef),
    TypeDef(TypeDef),
    Const(ConstDef),
    Var(ModuleVar),
    Class(ClassDef),
    Enum(EnumDef),
    Annotation(AnnotationDecl),
    /// `service /path on ep { ... }`
    Service(ServiceDecl),
    Xmlns(XmlnsDecl),
    /// A top-level construct that failed to parse.
    Error(Span),
}

/// Qualifiers that may precede `function`, a method or a class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Qualifiers {
    pub isolated: bool,
    pub transactional: bool,
    pub remote: bool,
    pub resource: bool,
    pub readonly: bool,
    pub distinct: bool,
    pub client: bool,
    pub service: bool,
    pub is_final: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FunctionDef {
    /// Lines of `#` documentation directly above, without the `#`.
    pub doc: Vec<String>,
    pub annots: Vec<Annotation>,
    pub visibility: Visibility,
    pub qualifiers: Qualifiers,
    pub name: Ident,
    pub signature: FunctionSignature,
    pub body: FunctionBody,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FunctionBody {
    Block(Block),
    /// `=> expr;`
    Expr(Box<Expr>),
    /// `= external;` (with the annotations written between `=` and `external`).
    External(Span, Vec<Annotation>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct FunctionSignature {
    pub params: Vec<Param>,
    /// `None` when there is no `returns` clause (the function returns `()`).
    pub return_type: Option<TypeDesc>,
    /// Annotations after `returns` (`returns @http:Cache int`).
    pub return_annots: Vec<Annotation>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    Required,
    /// Has a default value.
    Defaultable,
    /// `T... name`
    Rest,
    /// `*R name`: an included record parameter (the caller may give `R`'s fields as named
    /// arguments).
    Included,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub id: NodeId,
    pub annots: Vec<Annotation>,
    pub name: Ident,
    pub ty: TypeDesc,
    pub kind: ParamKind,
    pub default: Option<Expr>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    pub doc: Vec<String>,
    pub annots: Vec<Annotation>,
    pub visibility: Visibility,
    pub name: Ident,
    pub ty: TypeDesc,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ConstDef {
    pub doc: Vec<String>,
    pub annots: Vec<Annotation>,
    pub visibility: Visibility,
    pub name: Ident,
    pub ty: Option<TypeDesc>,
    pub value: Expr,
    pub span: Span,
}

/// Module-level variable: `[public] [final|configurable] [isolated] T name = init;`
#[derive(Clone, Debug, PartialEq)]
pub struct ModuleVar {
    pub doc: Vec<String>,
    pub annots: Vec<Annotation>,
    pub visibility: Visibility,
    pub is_final: bool,
    pub is_configurable: bool,
    pub is_isolated: bool,
    /// `listener [T] x = e;`: final, and registered as a module listener (`services.rs`).
    pub is_listener: bool,
    /// `None` for `var`.
    pub ty: Option<TypeDesc>,
    pub binding: BindingPattern,
    pub init: VarInit,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum VarInit {
    None,
    Expr(Expr),
    /// `= ?` — a required configurable value.
    Required(Span),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ClassDef {
    pub doc: Vec<String>,
    pub annots: Vec<Annotation>,
    pub visibility: Visibility,
    pub qualifiers: Qualifiers,
    pub name: Ident,
    pub members: Vec<ClassMember>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ClassMember {
    Field(ObjectField),
    Method(FunctionDef),
    /// `*T;`
    Inclusion(TypeDesc),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ObjectField {
    pub annots: Vec<Annotation>,
    pub visibility: Visibility,
    pub is_final: bool,
    pub ty: TypeDesc,
    pub name: Ident,
    pub default: Option<Expr>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnumDef {
    pub doc: Vec<String>,
    pub annots: Vec<Annotation>,
    pub visibility: Visibility,
    pub name: Ident,
    pub members: Vec<EnumMember>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnumMember {
    pub name: Ident,
    /// `RED = "r"`; without it the value is the member's name.
    pub value: Option<Expr>,
    pub span: Span,
}

// ---------------------------------------------------------------------------------------------
// Annotations

/// `@tag` / `@mod:tag {value}`, attached to the construct that follows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Annotation {
    pub module: Option<Ident>,
    pub name: Ident,
    /// The mapping constructor (`ExprKind::Mapping`), if written.
    pub value: Option<Expr>,
    pub span: Span,
}

/// `[public] [const] annotation [T] tag [on attach-points];`
#[derive(Clone, Debug, PartialEq)]
pub struct AnnotationDecl {
    pub doc: Vec<String>,
    pub annots: Vec<Annotation>,
    pub visibility: Visibility,
    pub is_const: bool,
    /// `None`: a flag annotation of type `true`.
    pub ty: Option<TypeDesc>,
    pub name: Ident,
    /// Empty when there is no `on` clause (the annotation may be attached anywhere).
    pub attach_points: Vec<AttachPoint>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AttachPoint {
    /// `source type`, `source var`, ...
    pub source: bool,
    pub kind: AttachPointKind,
    pub span: Span,
}

/// The constructs an annotation may be attached to (spec "Annotations").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AttachPointKind {
    Type,
    Class,
    Function,
    ObjectFunction,
    ServiceRemoteFunction,
    Parameter,
    Return,
    Service,
    Field,
    ObjectField,
    RecordField,
    Annotation,
    External,
    Var,
    Const,
    Listener,
    Client,
    Worker,
}

impl AttachPointKind {
    /// The spelling in an `on` clause and in diagnostics.
    pub fn name(self) -> &'static str {
        match self {
            AttachPointKind::Type => "type",
            AttachPointKind::Class => "class",
            AttachPointKind::Function => "function",
            AttachPointKind::ObjectFunction => "object function",
            AttachPointKind::ServiceRemoteFunction => "service remote function",
            AttachPointKind::Parameter => "parameter",
            AttachPointKind::Return => "return",
            AttachPointKind::Service => "service",
            AttachPointKind::Field => "field",
            AttachPointKind::ObjectField => "object field",
            AttachPointKind::RecordField => "record field",
            AttachPointKind::Annotation => "annotation",
            AttachPointKind::External => "external",
            AttachPointKind::Var => "var",
            AttachPointKind::Const => "const",
            AttachPointKind::Listener => "listener",
            AttachPointKind::Client => "client",
            AttachPointKind::Worker => "worker",
        }
    }

    /// Parses the words of an attach point (`["object", "function"]`); `None` if invalid.
    pub fn from_words(words: &[&str]) -> Option<(bool, AttachPointKind)> {
        let (source, rest) = match words.split_first() {
            Some((&"source", rest)) => (true, rest),
            _ => (false, words),
        };
        let kind = match rest {
            ["type"] => AttachPointKind::Type,
            ["class"] => AttachPointKind::Class,
            ["function"] => AttachPointKind::Function,
            ["object", "function"] => AttachPointKind::ObjectFunction,
            ["service", "remote", "function"] => AttachPointKind::ServiceRemoteFunction,
            ["parameter"] => AttachPointKind::Parameter,
            ["return"] => AttachPointKind::Return,
            ["service"] => AttachPointKind::Service,
            ["field"] => AttachPointKind::Field,
            ["object", "field"] => AttachPointKind::ObjectField,
            ["record", "field"] => AttachPointKind::RecordField,
            ["annotation"] => AttachPointKind::Annotation,
            ["external"] => AttachPointKind::External,
            ["var"] => AttachPointKind::Var,
            ["const"] => AttachPointKind::Const,
            ["listener"] => AttachPointKind::Listener,
            ["client"] => AttachPointKind::Client,
            ["worker"] => AttachPointKind::Worker,
            _ => return None,
        };
        Some((source, kind))
    }
}

// ---------------------------------------------------------------------------------------------
// Type descriptors

#[derive(Clone, Debug, PartialEq)]
pub struct TypeDesc {
    pub kind: TypeDescKind,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BuiltinType {
    Int,
    Byte,
    Float,
    Decimal,
    String,
    Boolean,
    Any,
    Anydata,
    Json,
    Never,
    Readonly,
    Handle,
    /// `error` without a detail parameter.
    Error,
    /// `function` without a signature: any function.
    Function,
    /// `object` without members... is written `object {}`; this is the bare `typedesc`.
    Typedesc,
    /// `map` without a parameter is not valid Ballerina; kept for recovery only.
    Xml,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ArrayLength {
    /// `T[]`
    Open,
    /// `T[N]` where N is an int literal or a constant reference.
    Fixed(Box<Expr>),
    /// `T[*]` (length inferred from the initializer).
    Inferred,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeDescKind {
    Builtin(BuiltinType),
    /// `()`
    Nil,
    /// A reference to a named type: `Person`, `io:Error`, `int:Signed32`.
    Named {
        module: Option<Ident>,
        name: Ident,
    },
    /// `T[]`, `T[N]`, `T[*]`; `int[][2]` nests with the outer array last.
    Array {
        element: Box<TypeDesc>,
        length: ArrayLength,
    },
    /// `[A, B, C...]`
    Tuple {
        members: Vec<TypeDesc>,
        rest: Option<Box<TypeDesc>>,
    },
    /// `map<T>`
    Map(Box<TypeDesc>),
    Record(RecordType),
    /// `A|B|C` (flattened)
    Union(Vec<TypeDesc>),
    /// `A & B` (flattened)
    Intersection(Vec<TypeDesc>),
    /// `T?`
    Optional(Box<TypeDesc>),
    /// A singleton type written as a literal: `"GET"`, `1`, `true`, `-1`, `2.5`.
    Singleton(Box<Expr>),
    /// `error<D>`
    Error(Box<TypeDesc>),
    /// `typedesc<T>`
    Typedesc(Box<TypeDesc>),
    /// `xml<T>`: the xml sequences whose items all belong to `T`.
    XmlSequence(Box<TypeDesc>),
    /// `future<T>`, or a bare `future` (`future<any|error>`).
    Future(Option<Box<TypeDesc>>),
    /// `table<R>`, `table<R> key(a, b)`, `table<R> key<K>`.
    Table {
        row: Box<TypeDesc>,
        key: Option<TableKeyConstraint>,
    },
    /// `stream<T, C>`, `stream<T>` (`C` absent: `()`), or a bare `stream` (every stream).
    Stream(Option<(Box<TypeDesc>, Option<Box<TypeDesc>>)>),
    /// `function (int a) returns int`
    Function(Box<FunctionSignature>),
    /// `object { ... }` with its qualifiers (`isolated`, `client`, ...).
    Object {
        qualifiers: Qualifiers,
        members: Vec<ObjectTypeMember>,
    },
    /// `distinct T`
    Distinct(Box<TypeDesc>),
    /// `isolated function (...)`, `transactional function (...)`: the inner type is a `Function`.
    Isolated(Box<TypeDesc>),
    Transactional(Box<TypeDesc>),
    /// A type descriptor that failed to parse.
    Error_,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RecordType {
    /// `record {| ... |}`
    pub closed: bool,
    pub fields: Vec<RecordField>,
    /// `*T;` type inclusions.
    pub inclusions: Vec<TypeDesc>,
    /// `T...;` rest descriptor. An open record without one has rest `anydata`.
    pub rest: Option<Box<TypeDesc>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RecordField {
    pub annots: Vec<Annotation>,
    pub readonly: bool,
    pub ty: TypeDesc,
    pub name: Ident,
    /// `name?`
    pub optional: bool,
    pub default: Option<Expr>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ObjectTypeMember {
    Field(ObjectField),
    /// A method declaration without a body.
    Method {
        annots: Vec<Annotation>,
        visibility: Visibility,
        qualifiers: Qualifiers,
        name: Ident,
        signature: FunctionSignature,
        span: Span,
    },
    Inclusion(TypeDesc),
}

// ---------------------------------------------------------------------------------------------
// Expressions

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub id: NodeId,
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FloatSuffix {
    None,
    /// `f` / `F`
    Float,
    /// `d` / `D`
    Decimal,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// Decimal or hex int literal, already range-checked (E0004 when it does not fit).
    Int(i64),
    /// A floating point literal as written (without its suffix, `_` not allowed in Ballerina);
    /// its type (float or decimal) is decided by the suffix or by the expected type.
    Float {
        text: String,
        suffix: FloatSuffix,
    },
    /// A string literal with its escapes already processed.
    String(String),
    Boolean(bool),
    /// `()` or `null`
    Nil,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TemplatePart {
    /// Raw text between interpolations (string templates do not process escapes).
    Text(String),
    Interpolation(Expr),
}

#[derive(Clone, Debug, PartialEq)]
pub enum ListItem {
    Expr(Expr),
    /// `...expr`
    Spread(Expr),
}

#[derive(Clone, Debug, PartialEq)]
pub enum MappingKey {
    /// `name: v` or shorthand `name`
    Ident(Ident),
    /// `"name": v`
    String(String, Span),
    /// `[expr]: v`
    Computed(Expr),
}

#[derive(Clone, Debug, PartialEq)]
pub enum MappingField {
    KeyValue {
        readonly: bool,
        key: MappingKey,
        /// `None` for the shorthand `{name}` (the key is then always `MappingKey::Ident`).
        value: Option<Expr>,
        span: Span,
    },
    /// `...expr`
    Spread(Expr),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    /// `-x`
    Neg,
    /// `+x`
    Plus,
    /// `!x`
    Not,
    /// `~x`
    BitNot,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Lt,
    Le,
    Gt,
    Ge,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `===`
    RefEq,
    /// `!==`
    RefNe,
    /// `&&`
    And,
    /// `||`
    Or,
    BitAnd,
    BitOr,
    BitXor,
    /// `<<`
    Shl,
    /// `>>` (arithmetic)
    Shr,
    /// `>>>` (logical)
    UShr,
    /// `a ... b`
    RangeInclusive,
    /// `a ..< b`
    RangeExclusive,
    /// `a ?: b`
    Elvis,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Positional(Expr),
    Named(Ident, Expr),
    /// `...expr`
    Rest(Expr),
}

#[derive(Clone, Debug, PartialEq)]
pub struct LetDecl {
    /// `None` for `var`.
    pub ty: Option<TypeDesc>,
    pub binding: BindingPattern,
    pub init: Expr,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Literal(Literal),
    /// A variable, function or constant reference; `module` is set for `io:println`.
    Var {
        module: Option<Ident>,
        name: Ident,
    },
    /// ``string `Hello ${name}!` `` (the `string` tag is required in Ballerina).
    Template(Vec<TemplatePart>),
    /// `` `x ${v} y` `` without a tag: a raw template, an `object:RawTemplate` value.
    RawTemplate(Vec<TemplatePart>),
    /// ``xml `<a>${x}</a>` ``, and `x.<p>`, `x/<p>`, `x/*`, `x/**/<p>` (`ast/xml.rs`).
    XmlTemplate(Box<XmlTemplate>),
    XmlStep {
        base: Box<Expr>,
        step: XmlStepKind,
        patterns: Vec<XmlName>,
    },
    /// `t.@tag` / `t.@mod:tag`: the annotation `tag` of the typedesc `t`, or `()`.
    AnnotAccess {
        base: Box<Expr>,
        module: Option<Ident>,
        name: Ident,
    },
    List(Vec<ListItem>),
    /// `table [key(a, b)] [row, ...]`: each row is a mapping constructor.
    Table {
        key: Option<Vec<Ident>>,
        rows: Vec<Expr>,
    },
    /// A byte-array literal (`base16 `0a ff``, `base64 `AQID``), decoded: a list of type
    /// `byte[N]` (read-only in a read-only context).
    ByteArray(Vec<u8>),
    Mapping(Vec<MappingField>),
    Unary {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    Binary {
        op: BinaryOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    Ternary {
        cond: Box<Expr>,
        then: Box<Expr>,
        otherwise: Box<Expr>,
    },
    /// `a[i]`
    Member {
        base: Box<Expr>,
        index: Box<Expr>,
    },
    /// `r.f`, or `r?.f` when `optional`.
    Field {
        base: Box<Expr>,
        field: Ident,
        optional: bool,
    },
    /// `f(args)`, `io:println(args)`, `fnValue(args)`.
    Call {
        callee: Box<Expr>,
        args: Vec<Arg>,
    },
    /// `receiver.method(args)` — a lang library call or an object method — or
    /// `receiver->method(args)`.
    MethodCall {
        receiver: Box<Expr>,
        method: Ident,
        args: Vec<Arg>,
        /// `receiver->method(args)`: a client object's remote method.
        remote: bool,
    },
    /// `e is T`, or `e !is T` when `negated`.
    TypeTest {
        expr: Box<Expr>,
        ty: TypeDesc,
        negated: bool,
    },
    /// `<T>e`
    Cast {
        ty: TypeDesc,
        expr: Box<Expr>,
    },
    /// `check e` / `checkpanic e`
    Check {
        expr: Box<Expr>,
        panics: bool,
    },
    /// `trap e`
    Trap(Box<Expr>),
    /// `function (params) returns T { ... }` or `function (params) returns T => e`
    Lambda {
        annots: Vec<Annotation>,
        qualifiers: Qualifiers,
        signature: Box<FunctionSignature>,
        body: Box<FunctionBody>,
    },
    /// `x => e`, `(x, y) => e` (parameter types come from the expected type).
    Arrow {
        params: Vec<Ident>,
        body: Box<Expr>,
    },
    /// `new T(args)` or `new(args)` (class from the expected type).
    New {
        class: Option<TypeDesc>,
        args: Vec<Arg>,
    },
    /// `object T { ... }` / `isolated object { ... }`
    ObjectConstructor {
        annots: Vec<Annotation>,
        qualifiers: Qualifiers,
        type_ref: Option<TypeDesc>,
        members: Vec<ClassMember>,
    },
    /// `error("msg")`, `error("msg", cause, code = 1)`, `MyError("msg", ...)`, `error<D>(..)`;
    /// `ty` is `None` for a plain `error(...)`.
    ErrorConstructor {
        ty: Option<TypeDesc>,
        args: Vec<Arg>,
    },
    /// `let int x = 1, var y = 2 in x + y`
    Let {
        decls: Vec<LetDecl>,
        body: Box<Expr>,
    },
    /// `typeof e`
    Typeof(Box<Expr>),
    /// A query expression or query action (`from x in xs where ... select e`).
    Query(Box<Query>),
    /// `(e)`: kept so spans and dumps reflect the source.
    Group(Box<Expr>),
    /// `start f(args)`, `start obj.m(args)`, `start c->m(args)`: `call` is a `Call` or
    /// `MethodCall` (the parser reports anything else).
    Start {
        annots: Vec<Annotation>,
        call: Box<Expr>,
    },
    /// `wait f` (one future) or the alternate wait `wait f1 | f2 | f3`.
    Wait(Vec<Expr>),
    /// `wait {a: f1, b}`: the shorthand `b` is `b: b` (a `Var` expression).
    MultipleWait(Vec<WaitField>),
    /// `<- w`, `<- w1 | w2`, `<- {a: w1, w2}`.
    Receive(Receive),
    /// `value ->> peer`: a send followed by a flush of that queue.
    SyncSend {
        value: Box<Expr>,
        peer: PeerWorker,
    },
    /// `flush peer`, or `flush` (every queue of the current worker).
    Flush(Option<PeerWorker>),
    /// `<>` as the default of a typedesc parameter (`typedesc<anydata> t = <>`): the argument
    /// is inferred from the call's expected type. Only the lang library's external functions
    /// may declare it.
    InferredTypedesc,
    // Transactions (spec "Transactions"; grammar file `36_transactions.lalrpop`).
    /// `commit`: an action giving `transaction:Error?`.
    Commit,
    /// `transactional`: whether the strand is in transaction mode.
    Transactional,
    /// An expression that failed to parse.
    Error,
    /// ``re `a+${r}` ``: a regular expression template; each part with the byte offset where
    /// it starts (text) or its `${` (interpolation), for diagnostics inside the pattern.
    RegExpTemplate(Vec<(usize, TemplatePart)>),
}

// ---------------------------------------------------------------------------------------------
// Statements

#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub stmts: Vec<Stmt>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

/// `on fail var e { ... }` / `on fail error e { ... }` / `on fail { ... }`
#[derive(Clone, Debug, PartialEq)]
pub struct OnFail {
    /// `None` for `var` or when there is no binding.
    pub ty: Option<TypeDesc>,
    pub binding: Option<BindingPattern>,
    pub body: Block,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ElseBranch {
    Block(Block),
    If(Box<Stmt>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind {
    Xmlns(XmlnsDecl),
    /// `[final] T pattern = e;`, `var pattern = e;`, `T x;`
    VarDecl {
        annots: Vec<Annotation>,
        is_final: bool,
        ty: Option<TypeDesc>,
        binding: BindingPattern,
        init: Option<Expr>,
    },
    /// `lvalue = e;` where lvalue is a `Var`, `Member` or `Field` expression.
    Assign {
        target: Expr,
        value: Expr,
    },
    /// `[a, b] = e;` / `{x, y} = e;` (destructuring assignment to existing variables).
    DestructureAssign {
        pattern: BindingPattern,
        value: Expr,
    },
    /// `lvalue op= e;`
    CompoundAssign {
        op: BinaryOp,
        target: Expr,
        value: Expr,
    },
    Expr(Expr),
    If {
        cond: Expr,
        then: Block,
        otherwise: Option<ElseBranch>,
    },
    While {
        cond: Expr,
        body: Block,
        on_fail: Option<OnFail>,
    },
    /// `foreach T pattern in e { }` (`ty` is `None` for `var`).
    Foreach {
        ty: Option<TypeDesc>,
        binding: BindingPattern,
        iterable: Expr,
        body: Block,
        on_fail: Option<OnFail>,
    },
    Break,
    Continue,
    Return(Option<Expr>),
    Panic(Expr),
    Fail(Expr),
    Match {
        expr: Expr,
        clauses: Vec<MatchClause>,
        on_fail: Option<OnFail>,
    },
    Do {
        body: Block,
        on_fail: Option<OnFail>,
    },
    Lock(Block),
    Block(Block),
    /// `value -> peer;`: an asynchronous send.
    Send {
        value: Expr,
        peer: PeerWorker,
    },
    /// A named worker declaration (only directly in a function body; sema checks where).
    Worker(Box<WorkerDecl>),
    /// `fork { worker a {...} worker b {...} }`
    Fork(Vec<WorkerDecl>),
    // Transactions (spec "Transactions"; grammar file `36_transactions.lalrpop`).
    /// `transaction { ... } on fail ...`
    Transaction {
        body: Block,
        on_fail: Option<OnFail>,
    },
    /// `retry<T>(args) { ... }` or, with `transaction`, `retry<T>(args) transaction { ... }`.
    /// `manager` is the `new T(args)` expression creating the retry manager; its class is
    /// `None` for the default retry manager (`error:DefaultRetryManager`), whose `args` are
    /// those of its `init`.
    Retry {
        manager: Expr,
        transaction: bool,
        body: Block,
        on_fail: Option<OnFail>,
    },
    /// `rollback;` / `rollback e;`
    Rollback(Option<Expr>),
    /// A statement that failed to parse.
    Error,
}

/// The key constraint of a table type descriptor.
#[derive(Clone, Debug, PartialEq)]
pub enum TableKeyConstraint {
    /// `key(a, b)`: the key sequence (empty for `key()`).
    Fields(Vec<Ident>),
    /// `key<K>`: the type of the key values.
    Type(Box<TypeDesc>),
}
