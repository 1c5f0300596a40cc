//! The space between two code units on one line. Where a token's role is certain (a binary
//! operator, a comma, a bracket) the canonical spacing applies; where the same token plays
//! several roles that only the tree tells apart (`<` of a type parameter or a comparison,
//! `|` of a union or bitwise or, `/` of a path or a division, `*` of an inclusion or a
//! product, `...` of a rest or a range) the author's choice is kept: one space if there was
//! any whitespace, none if there was none. Keeping it is what makes the result idempotent.

use intc_syntax::Tok;

/// What the layout engine knows about the token before the one being placed.
pub struct Previous<'t> {
    pub tok: &'t Tok,
    /// Whether it was a prefix (unary) operator.
    pub unary: bool,
    /// Whether it was the `:` of a conditional expression (`c ? a : b`).
    pub ternary_colon: bool,
}

/// Whether `tok` ends an operand, so that a following `-`, `+` or `*` is binary.
pub fn ends_operand(tok: &Tok) -> bool {
    matches!(
        tok,
        Tok::Ident(_)
            | Tok::ArrowIdent(_)
            | Tok::Int(_)
            | Tok::Float(..)
            | Tok::Str(_)
            | Tok::Bytes(_)
            | Tok::True
            | Tok::False
            | Tok::Null
            | Tok::RParen
            | Tok::RBracket
            | Tok::RBrace
            | Tok::PipeRBrace
            | Tok::TemplateStart
            | Tok::XmlStep(..)
            | Tok::OptQ
    )
}

/// Operators that are always binary (or the conditional's `?`): one space on each side.
fn spaced_binary(tok: &Tok) -> bool {
    matches!(
        tok,
        Tok::Assign
            | Tok::PlusAssign
            | Tok::MinusAssign
            | Tok::StarAssign
            | Tok::SlashAssign
            | Tok::PercentAssign
            | Tok::AmpAssign
            | Tok::PipeAssign
            | Tok::CaretAssign
            | Tok::ShlAssign
            | Tok::ShrAssign
            | Tok::UShrAssign
            | Tok::EqEq
            | Tok::NotEq
            | Tok::EqEqEq
            | Tok::NotEqEq
            | Tok::FatArrow
            | Tok::AmpAmp
            | Tok::PipePipe
            | Tok::Le
            | Tok::Ge
            | Tok::Elvis
            | Tok::Percent
            | Tok::Caret
            | Tok::Shl
            | Tok::DotDotLt
            | Tok::Question
            | Tok::SyncArrow
    )
}

/// Built-in type keywords, after which `[` is an array type's (`int[]`).
fn type_keyword(tok: &Tok) -> bool {
    matches!(
        tok,
        Tok::KwInt
            | Tok::KwByte
            | Tok::KwFloat
            | Tok::KwDecimal
            | Tok::KwBoolean
            | Tok::KwString
            | Tok::KwError
            | Tok::KwJson
            | Tok::KwXml
            | Tok::KwAny
            | Tok::KwAnydata
            | Tok::KwHandle
            | Tok::KwReadonly
            | Tok::KwNever
    )
}

fn numeric(tok: &Tok) -> bool {
    matches!(tok, Tok::Int(_) | Tok::Float(..))
}

/// Whether a space goes between `previous` and `next` (`next_unary`: `next` is a prefix
/// operator; `next_ternary_colon`: `next` is a conditional's `:`; `next_word`: `next` is a
/// name or keyword); `had_space` is the author's choice, kept where the roles are ambiguous.
pub fn space_between(
    previous: &Previous<'_>,
    next: &Tok,
    next_unary: bool,
    next_ternary_colon: bool,
    next_word: bool,
    had_space: bool,
) -> bool {
    let p = previous.tok;
    // Closing and separating punctuation hugs what precedes it.
    if matches!(
        next,
        Tok::Comma | Tok::Semi | Tok::RParen | Tok::RBracket | Tok::OptQ | Tok::QColon
    ) {
        return false;
    }
    if matches!(
        p,
        Tok::LParen | Tok::ArrowLParen | Tok::LBracket | Tok::At | Tok::ExprAt | Tok::QColon
    ) {
        return false;
    }
    // A closed record's bars are spaced as the author chose (`{|int a;|}`, `{| int a; |}`).
    if matches!(p, Tok::LBracePipe) || matches!(next, Tok::PipeRBrace) {
        return had_space;
    }
    if matches!(p, Tok::LBrace | Tok::BlockLBrace) || matches!(next, Tok::RBrace) {
        return false;
    }
    if matches!(p, Tok::Comma) {
        return true;
    }
    if matches!(next, Tok::Dot | Tok::QuestionDot) {
        return false;
    }
    if matches!(p, Tok::Dot | Tok::QuestionDot) {
        // `t.0` would lex as `t` `.0` without the author's separation.
        return if numeric(next) { had_space } else { false };
    }
    if matches!(next, Tok::LBrace | Tok::BlockLBrace | Tok::LBracePipe) {
        // `<Point>{x: 1}` or `map<int> {`: only the tree tells a cast from a type.
        return !matches!(p, Tok::Gt) || had_space;
    }
    if previous.unary {
        return false;
    }
    if matches!(p, Tok::Bang | Tok::Tilde) {
        return false;
    }
    if spaced_binary(p) || spaced_binary(next) || previous.ternary_colon || next_ternary_colon {
        return true;
    }
    if matches!(next, Tok::Minus | Tok::Plus | Tok::Star) && !next_unary {
        return true;
    }
    if matches!(p, Tok::Minus | Tok::Plus | Tok::Star) {
        // A binary operator: the prefix case returned above.
        return true;
    }
    if matches!(p, Tok::RParen | Tok::RBracket) && next_word {
        // `) returns`, `int[] xs`.
        return true;
    }
    if matches!(next, Tok::Colon) {
        // A field's `:` (`{name: value}`); the conditional's was handled above.
        return false;
    }
    if matches!(p, Tok::Colon) {
        return true;
    }
    if matches!(next, Tok::LParen) && matches!(p, Tok::Ident(_)) {
        return false;
    }
    if matches!(next, Tok::LBracket) && (matches!(p, Tok::Ident(_) | Tok::OptQ) || type_keyword(p))
    {
        return false;
    }
    had_space
}
