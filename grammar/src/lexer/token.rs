//! The tokens the parser consumes: keywords and punctuation carry no data, names and literals
//! carry their decoded value. Some tokens are synthetic: the lexer and the pre-pass insert them
//! to make Ballerina's grammar LR(1) (see `grammar/README.md`).

use crate::ast::FloatSuffix;
use std::fmt;

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Ident(String),
    /// An int literal; `None` when it did not fit in an `i64` (E0004 already reported).
    Int(Option<i64>),
    Float(String, FloatSuffix),
    Str(String),
    /// A `base16` or `base64` byte-array literal, decoded.
    Bytes(Vec<u8>),
    /// A `#` documentation line, without the `#` (removed by the pre-pass).
    DocLine(String),

    // String templates: `` ` `` text `${` expr `}` text `` ` ``.
    TemplateStart,
    TemplateText(String),
    InterpStart,
    InterpEnd,
    TemplateEnd,

    // Synthetic tokens inserted by the lexer or the pre-pass.
    /// Before a type descriptor that starts a declaration (`Person p = ...;`).
    DeclMark,
    /// Before a list binding pattern that directly follows a type (`[int, int] [a, b] = ...`).
    BindMark,
    /// A C-style `for (...)` loop header (not Ballerina), replaced by the pre-pass so that it
    /// is reported once and the loop's body still parses as a block.
    ForHeader,
    /// Where the pre-pass closed brackets a declaration left open: the parser turns it into
    /// an error node (so the checker skips that body) without a second report.
    Unclosed,
    /// Before the first token of a module-level declaration (not imports): error recovery
    /// resynchronises on it, so a broken declaration never swallows the next one.
    ItemMark,
    /// `listener` starting a module-level listener declaration (the pre-pass turns the
    /// identifier into it there; elsewhere `listener` stays an identifier).
    Listener,
    /// `service` starting a module-level service declaration (not a `service class` or a
    /// `service object` qualifier).
    ServiceDecl,
    /// `/` in the path of a client resource access action (`c->/a/[id]`), which would
    /// otherwise read as a division.
    PathSlash,
    /// `?` making a type optional (`int?`), as opposed to the conditional operator.
    OptQ,
    /// `:` in a qualified identifier (`io:println`), written without surrounding spaces.
    QColon,
    /// An identifier that is the parameter of an arrow function (`x => x * 2`).
    ArrowIdent(String),
    /// `(` opening the parameters of an arrow function (`(a, b) => a + b`).
    ArrowLParen,
    /// `{` opening a block statement.
    BlockLBrace,
    /// `>` immediately followed by another `>` (so `>>` and `>>>` are built by the grammar).
    GtAdj,
    /// `function` used as a type without a signature (`function[] handlers`).
    BareFunction,
    /// `readonly` qualifying a record field (`readonly int id;`), not the `readonly` type.
    ReadonlyQual,
    /// `isolated`, `client` or `service` qualifying an `object` type or constructor, or
    /// `isolated` qualifying an anonymous `function` type or expression (the same words also
    /// qualify named functions, members and module items).
    TypeQual(Box<Tok>),
    /// `|` / `&` at the top level of the type after `is` (not the bitwise operators).
    TypePipe,
    TypeAmp,
    /// `@` starting an annotation of an anonymous function or object constructor expression.
    ExprAt,

    // Keywords.
    Import,
    As,
    Public,
    Private,
    External,
    Final,
    Function,
    Object,
    Record,
    Returns,
    Client,
    Const,
    Typeof,
    KwInt,
    KwByte,
    KwFloat,
    KwDecimal,
    KwBoolean,
    KwString,
    KwError,
    KwMap,
    KwJson,
    KwXml,
    KwAny,
    KwAnydata,
    KwTypedesc,
    Type,
    KwHandle,
    KwReadonly,
    KwNever,
    /// `xmlns` (a namespace declaration).
    Xmlns,
    /// An xml navigation step, made by the pre-pass (`prepass/xml_steps.rs`): its kind and
    /// name patterns as written.
    XmlStep(u8, Vec<String>),
    Var,
    New,
    If,
    Else,
    Match,
    Foreach,
    While,
    Continue,
    Break,
    Panic,
    Trap,
    Return,
    In,
    Lock,
    Start,
    Wait,
    Worker,
    Fork,
    Flush,
    KwFuture,
    /// `table` (a reserved word: table types, constructors and query construct types).
    KwTable,
    /// `key` of a table's key constraint, made by the pre-pass (`prepass/table.rs`); an
    /// identifier everywhere else.
    KeyKw,
    KwStream,
    Check,
    Checkpanic,
    Is,
    Enum,
    Isolated,
    Distinct,
    Configurable,
    Fail,
    Do,
    On,
    Null,
    True,
    False,
    Let,
    Class,
    Service,
    Remote,
    Resource,
    Transactional,
    Transaction,
    Commit,
    Rollback,
    Retry,
    Annotation,
    /// Query keywords (`query.rs` in the pre-pass): the lexer yields identifiers, and the
    /// pre-pass turns `from` before a typed binding, and the clause words inside a query
    /// pipeline, into these tokens, so they stay usable as identifiers elsewhere.
    From,
    Where,
    Select,
    Limit,
    Order,
    By,
    Ascending,
    Descending,
    Join,
    Outer,
    Equals,
    Conflict,
    Group,
    Collect,

    // Punctuation and operators.
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    LBracePipe,
    PipeRBrace,
    Semi,
    Comma,
    Dot,
    Ellipsis,
    DotDotLt,
    Colon,
    Question,
    Elvis,
    QuestionDot,
    Assign,
    EqEq,
    NotEq,
    EqEqEq,
    NotEqEq,
    FatArrow,
    Lt,
    Le,
    Gt,
    Ge,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Bang,
    Tilde,
    Amp,
    AmpAmp,
    Pipe,
    PipePipe,
    Caret,
    Shl,
    At,
    RightArrow,
    SyncArrow,
    LeftArrow,
    /// Synthetic (pre-pass): the `->` of an asynchronous send `v -> w;`.
    SendArrow,
    PlusAssign,
    MinusAssign,
    StarAssign,
    SlashAssign,
    PercentAssign,
    AmpAssign,
    PipeAssign,
    CaretAssign,
    ShlAssign,
    ShrAssign,
    UShrAssign,
    /// The data tag `re` of a regular expression template: the lexer turns an identifier `re`
    /// directly before a backtick into this token.
    ReTag,
}

impl Tok {
    /// The kind name used by `dump_tokens`.
    pub fn kind_name(&self) -> String {
        let debug = format!("{self:?}");
        match debug.find('(') {
            Some(paren) => debug[..paren].to_string(),
            None => debug,
        }
    }

    /// True for tokens that name a builtin type and may prefix a lang library qualified name
    /// (`int:MAX_VALUE`, `string:length`).
    pub fn is_type_keyword(&self) -> bool {
        matches!(
            self,
            Tok::KwInt
                | Tok::KwByte
                | Tok::KwFloat
                | Tok::KwDecimal
                | Tok::KwBoolean
                | Tok::KwString
                | Tok::KwError
                | Tok::KwMap
                | Tok::KwJson
                | Tok::KwXml
                | Tok::KwAny
                | Tok::KwAnydata
                | Tok::KwTypedesc
                | Tok::KwHandle
                | Tok::KwReadonly
                | Tok::KwNever
                | Tok::KwFuture
                | Tok::KwTable
                | Tok::KwStream
                | Tok::Object
                | Tok::Function
                | Tok::BareFunction
        )
    }
}

impl fmt::Display for Tok {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tok::Ident(name) | Tok::ArrowIdent(name) => write!(f, "identifier '{name}'"),
            Tok::Int(_) => f.write_str("int literal"),
            Tok::Float(..) => f.write_str("floating point literal"),
            Tok::XmlStep(..) => f.write_str("xml navigation step"),
            Tok::Str(_) => f.write_str("string literal"),
            Tok::Bytes(_) => f.write_str("byte array literal"),
            Tok::DocLine(_) => f.write_str("documentation"),
            Tok::TemplateText(_) => f.write_str("template text"),
            Tok::TemplateStart | Tok::TemplateEnd => f.write_str("'`'"),
            Tok::InterpStart => f.write_str("'${'"),
            Tok::InterpEnd => f.write_str("'}'"),
            Tok::DeclMark | Tok::BindMark | Tok::ItemMark => f.write_str("declaration"),
            Tok::ForHeader => f.write_str("'for'"),
            Tok::Unclosed => f.write_str("missing closing bracket"),
            Tok::ReTag => f.write_str("'re'"),
            other => write!(f, "'{}'", other.text().unwrap_or("?")),
        }
    }
}

impl Tok {
    /// The fixed source text of a keyword or punctuation token.
    pub fn text(&self) -> Option<&'static str> {
        Some(match self {
            Tok::TypeQual(word) => return word.text(),
            Tok::OptQ => "?",
            Tok::QColon => ":",
            Tok::ArrowLParen => "(",
            Tok::BlockLBrace => "{",
            Tok::GtAdj => ">",
            Tok::SendArrow => "->",
            Tok::BareFunction => "function",
            Tok::ReadonlyQual => "readonly",
            Tok::TypePipe => "|",
            Tok::TypeAmp => "&",
            Tok::ExprAt => "@",
            Tok::Import => "import",
            Tok::As => "as",
            Tok::Public => "public",
            Tok::Private => "private",
            Tok::External => "external",
            Tok::Final => "final",
            Tok::Function => "function",
            Tok::Object => "object",
            Tok::Record => "record",
            Tok::Returns => "returns",
            Tok::Client => "client",
            Tok::Const => "const",
            Tok::Typeof => "typeof",
            Tok::KwInt => "int",
            Tok::KwByte => "byte",
            Tok::KwFloat => "float",
            Tok::KwDecimal => "decimal",
            Tok::KwBoolean => "boolean",
            Tok::KwString => "string",
            Tok::KwError => "error",
            Tok::KwMap => "map",
            Tok::KwJson => "json",
            Tok::KwXml => "xml",
            Tok::KwAny => "any",
            Tok::KwAnydata => "anydata",
            Tok::KwTypedesc => "typedesc",
            Tok::Type => "type",
            Tok::KwHandle => "handle",
            Tok::KwReadonly => "readonly",
            Tok::KwNever => "never",
            Tok::Xmlns => "xmlns",
            Tok::Var => "var",
            Tok::New => "new",
            Tok::If => "if",
            Tok::Else => "else",
            Tok::Match => "match",
            Tok::Foreach => "foreach",
            Tok::While => "while",
            Tok::Continue => "continue",
            Tok::Break => "break",
            Tok::Panic => "panic",
            Tok::Trap => "trap",
            Tok::Return => "return",
            Tok::In => "in",
            Tok::Lock => "lock",
            Tok::Start => "start",
            Tok::Wait => "wait",
            Tok::Worker => "worker",
            Tok::Fork => "fork",
            Tok::Flush => "flush",
            Tok::KwFuture => "future",
            Tok::KwTable => "table",
            Tok::KeyKw => "key",
            Tok::KwStream => "stream",
            Tok::Check => "check",
            Tok::Checkpanic => "checkpanic",
            Tok::Is => "is",
            Tok::Enum => "enum",
            Tok::Isolated => "isolated",
            Tok::Distinct => "distinct",
            Tok::Configurable => "configurable",
            Tok::Fail => "fail",
            Tok::Do => "do",
            Tok::On => "on",
            Tok::Null => "null",
            Tok::True => "true",
            Tok::False => "false",
            Tok::Let => "let",
            Tok::From => "from",
            Tok::Where => "where",
            Tok::Select => "select",
            Tok::Limit => "limit",
            Tok::Order => "order",
            Tok::By => "by",
            Tok::Ascending => "ascending",
            Tok::Descending => "descending",
            Tok::Join => "join",
            Tok::Outer => "outer",
            Tok::Equals => "equals",
            Tok::Conflict => "conflict",
            Tok::Group => "group",
            Tok::Collect => "collect",
            Tok::Class => "class",
            Tok::Service | Tok::ServiceDecl => "service",
            Tok::Listener => "listener",
            Tok::PathSlash => "/",
            Tok::Remote => "remote",
            Tok::Resource => "resource",
            Tok::Transactional => "transactional",
            Tok::Transaction => "transaction",
            Tok::Commit => "commit",
            Tok::Rollback => "rollback",
            Tok::Retry => "retry",
            Tok::Annotation => "annotation",
            Tok::LParen => "(",
            Tok::RParen => ")",
            Tok::LBracket => "[",
            Tok::RBracket => "]",
            Tok::LBrace => "{",
            Tok::RBrace => "}",
            Tok::LBracePipe => "{|",
            Tok::PipeRBrace => "|}",
            Tok::Semi => ";",
            Tok::Comma => ",",
            Tok::Dot => ".",
            Tok::Ellipsis => "...",
            Tok::DotDotLt => "..<",
            Tok::Colon => ":",
            Tok::Question => "?",
            Tok::Elvis => "?:",
            Tok::QuestionDot => "?.",
            Tok::Assign => "=",
            Tok::EqEq => "==",
            Tok::NotEq => "!=",
            Tok::EqEqEq => "===",
            Tok::NotEqEq => "!==",
            Tok::FatArrow => "=>",
            Tok::Lt => "<",
            Tok::Le => "<=",
            Tok::Gt => ">",
            Tok::Ge => ">=",
            Tok::Plus => "+",
            Tok::Minus => "-",
            Tok::Star => "*",
            Tok::Slash => "/",
            Tok::Percent => "%",
            Tok::Bang => "!",
            Tok::Tilde => "~",
            Tok::Amp => "&",
            Tok::AmpAmp => "&&",
            Tok::Pipe => "|",
            Tok::PipePipe => "||",
            Tok::Caret => "^",
            Tok::Shl => "<<",
            Tok::At => "@",
            Tok::RightArrow => "->",
            Tok::SyncArrow => "->>",
            Tok::LeftArrow => "<-",
            Tok::PlusAssign => "+=",
            Tok::MinusAssign => "-=",
            Tok::StarAssign => "*=",
            Tok::SlashAssign => "/=",
            Tok::PercentAssign => "%=",
            Tok::AmpAssign => "&=",
            Tok::PipeAssign => "|=",
            Tok::CaretAssign => "^=",
            Tok::ShlAssign => "<<=",
            Tok::ShrAssign => ">>=",
            Tok::UShrAssign => ">>>=",
            _ => return None,
        })
    }
}
