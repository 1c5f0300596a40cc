//! The logos token definitions for the normal (code) mode of the lexer. Template text is not
//! lexed by logos: the mode driver in `mod.rs` scans it by hand.

use logos::Logos;

/// One token as logos recognises it, before literal values are decoded.
#[derive(Logos, Clone, Copy, Debug, PartialEq, Eq)]
#[logos(skip r"[ \t\r\n\f]+")]
#[logos(skip(r"//[^\n]*", allow_greedy = true))]
pub enum Raw {
    #[regex(r"#[^\n]*", allow_greedy = true)]
    DocLine,

    /// Spec "Identifiers": an initial char (ASCII letter, `_`, or a non-ASCII char that is not
    /// private-use, pattern white space or pattern syntax) or an escape (`\` + a char that is
    /// not an ASCII letter or a line/pattern white space, or `\u{hex}`), then following chars
    /// (initial chars and digits) or escapes.
    #[regex(r"([A-Za-z_]|[^\x00-\x7F\u{80}-\u{9F}\u{E000}-\u{F8FF}\u{F0000}-\u{FFFFD}\u{100000}-\u{10FFFD}\u{200E}\u{200F}\u{2028}\u{2029}\p{Pattern_Syntax}]|\\[^A-Za-z\t\n\r\u{200E}\u{200F}\u{2028}\u{2029}]|\\u\{[0-9A-Fa-f]+\})([A-Za-z_]|[^\x00-\x7F\u{80}-\u{9F}\u{E000}-\u{F8FF}\u{F0000}-\u{FFFFD}\u{100000}-\u{10FFFD}\u{200E}\u{200F}\u{2028}\u{2029}\p{Pattern_Syntax}]|[0-9]|\\[^A-Za-z\t\n\r\u{200E}\u{200F}\u{2028}\u{2029}]|\\u\{[0-9A-Fa-f]+\})*")]
    Ident,
    #[regex(r"'([A-Za-z_]|[^\x00-\x7F\u{80}-\u{9F}\u{E000}-\u{F8FF}\u{F0000}-\u{FFFFD}\u{100000}-\u{10FFFD}\u{200E}\u{200F}\u{2028}\u{2029}\p{Pattern_Syntax}]|[0-9]|\\[^A-Za-z\t\n\r\u{200E}\u{200F}\u{2028}\u{2029}]|\\u\{[0-9A-Fa-f]+\})+")]
    QuotedIdent,

    #[regex(r"[0-9]+")]
    DecimalInt,
    #[regex(r"0[xX][0-9a-fA-F]+")]
    HexInt,
    #[regex(r"[0-9]+\.[0-9]+([eE][+-]?[0-9]+)?[fFdD]?")]
    #[regex(r"\.[0-9]+([eE][+-]?[0-9]+)?[fFdD]?")]
    #[regex(r"[0-9]+[eE][+-]?[0-9]+[fFdD]?")]
    #[regex(r"[0-9]+[fFdD]")]
    Float,
    /// Spec "HexFloatingPointLiteral" (no type suffix: `f` and `d` are hex digits).
    #[regex(r"0[xX][0-9a-fA-F]+[pP][+-]?[0-9]+")]
    #[regex(r"0[xX][0-9a-fA-F]*\.[0-9a-fA-F]+([pP][+-]?[0-9]+)?")]
    HexFloat,

    /// `base16 `...`` and `base64 `...``: the content is checked when decoded.
    #[regex(r"base16[ \t\r\n]*`[^`]*`")]
    Base16,
    #[regex(r"base64[ \t\r\n]*`[^`]*`")]
    Base64,

    #[regex(r#""([^"\\\n]|\\[^\n])*""#)]
    Str,
    /// A string literal that reaches the end of its line or of the file.
    #[regex(r#""([^"\\\n]|\\[^\n])*\\?"#, priority = 1)]
    UnterminatedStr,

    #[token("`")]
    Backtick,

    // Keywords.
    #[token("import")]
    Import,
    #[token("as")]
    As,
    #[token("public")]
    Public,
    #[token("private")]
    Private,
    #[token("external")]
    External,
    #[token("final")]
    Final,
    #[token("function")]
    Function,
    #[token("object")]
    Object,
    #[token("record")]
    Record,
    #[token("returns")]
    Returns,
    #[token("client")]
    Client,
    #[token("const")]
    Const,
    #[token("typeof")]
    Typeof,
    #[token("int")]
    Int,
    #[token("byte")]
    Byte,
    #[token("float")]
    FloatKw,
    #[token("decimal")]
    Decimal,
    #[token("boolean")]
    Boolean,
    #[token("string")]
    String,
    #[token("error")]
    Error,
    #[token("map")]
    Map,
    #[token("json")]
    Json,
    #[token("xml")]
    Xml,
    #[token("xmlns")]
    Xmlns,
    #[token("any")]
    Any,
    #[token("anydata")]
    Anydata,
    #[token("typedesc")]
    Typedesc,
    #[token("type")]
    Type,
    #[token("handle")]
    Handle,
    #[token("readonly")]
    Readonly,
    #[token("never")]
    Never,
    #[token("var")]
    Var,
    #[token("new")]
    New,
    #[token("if")]
    If,
    #[token("else")]
    Else,
    #[token("match")]
    Match,
    #[token("foreach")]
    Foreach,
    #[token("while")]
    While,
    #[token("continue")]
    Continue,
    #[token("break")]
    Break,
    #[token("panic")]
    Panic,
    #[token("trap")]
    Trap,
    #[token("return")]
    Return,
    #[token("in")]
    In,
    #[token("lock")]
    Lock,
    #[token("start")]
    Start,
    #[token("wait")]
    Wait,
    #[token("worker")]
    Worker,
    #[token("fork")]
    Fork,
    #[token("flush")]
    Flush,
    #[token("future")]
    Future,
    #[token("check")]
    Check,
    #[token("checkpanic")]
    Checkpanic,
    #[token("is")]
    Is,
    #[token("enum")]
    Enum,
    #[token("isolated")]
    Isolated,
    #[token("distinct")]
    Distinct,
    #[token("configurable")]
    Configurable,
    #[token("fail")]
    Fail,
    #[token("do")]
    Do,
    #[token("on")]
    On,
    #[token("null")]
    Null,
    #[token("true")]
    True,
    #[token("false")]
    False,
    #[token("let")]
    Let,
    #[token("class")]
    Class,
    #[token("service")]
    Service,
    #[token("remote")]
    Remote,
    #[token("resource")]
    Resource,
    #[token("transactional")]
    Transactional,
    #[token("transaction")]
    Transaction,
    #[token("commit")]
    Commit,
    #[token("rollback")]
    Rollback,
    #[token("retry")]
    Retry,
    #[token("annotation")]
    Annotation,

    // Punctuation and operators.
    #[token("(")]
    LParen,
    #[token(")")]
    RParen,
    #[token("[")]
    LBracket,
    #[token("]")]
    RBracket,
    #[token("{")]
    LBrace,
    #[token("}")]
    RBrace,
    #[token("{|")]
    LBracePipe,
    #[token("|}")]
    PipeRBrace,
    #[token(";")]
    Semi,
    #[token(",")]
    Comma,
    #[token(".")]
    Dot,
    #[token("...")]
    Ellipsis,
    #[token("..<")]
    DotDotLt,
    #[token(":")]
    Colon,
    #[token("?")]
    Question,
    #[token("?:")]
    Elvis,
    #[token("?.")]
    QuestionDot,
    /// `T?...` in a tuple's rest member (`[A, B?...]`): `?` then `...`, never `?.` `..`.
    #[token("?...")]
    QuestionEllipsis,
    #[token("=")]
    Assign,
    #[token("==")]
    EqEq,
    #[token("!=")]
    NotEq,
    #[token("===")]
    EqEqEq,
    #[token("!==")]
    NotEqEq,
    #[token("=>")]
    FatArrow,
    #[token("<")]
    Lt,
    #[token("<=")]
    Le,
    #[token(">")]
    Gt,
    #[token(">=")]
    Ge,
    #[token("+")]
    Plus,
    #[token("-")]
    Minus,
    #[token("*")]
    Star,
    #[token("/")]
    Slash,
    #[token("%")]
    Percent,
    #[token("!")]
    Bang,
    #[token("~")]
    Tilde,
    #[token("&")]
    Amp,
    #[token("&&")]
    AmpAmp,
    #[token("|")]
    Pipe,
    #[token("||")]
    PipePipe,
    #[token("^")]
    Caret,
    #[token("<<")]
    Shl,
    #[token("@")]
    At,
    #[token("->")]
    RightArrow,
    #[token("->>")]
    SyncArrow,
    #[token("<-")]
    LeftArrow,
    #[token("+=")]
    PlusAssign,
    #[token("-=")]
    MinusAssign,
    #[token("*=")]
    StarAssign,
    #[token("/=")]
    SlashAssign,
    #[token("%=")]
    PercentAssign,
    #[token("&=")]
    AmpAssign,
    #[token("|=")]
    PipeAssign,
    #[token("^=")]
    CaretAssign,
    #[token("<<=")]
    ShlAssign,
    #[token(">>=")]
    ShrAssign,
    #[token(">>>=")]
    UShrAssign,
}
