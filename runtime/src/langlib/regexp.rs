//! `lang.regexp` natives, `string:matches`/`includesMatch`, and the non-public `template`
//! that `re` templates lower to. Matching runs on the pattern's compiled matcher (cached in
//! the value, `value/regexp.rs`); indices are code points as everywhere in Ballerina, the
//! engine's byte offsets are converted at the edges. Spans are objects of the class lowering
//! adds (`Program::regexp_span`): `startIndex`, `endIndex` and the string they index.

use super::support::*;
use crate::error::Panic;
use crate::format::intern_type;
use crate::native::{repeat_calls, NativeContext, NativeFn, Next, Step, StepFn};
use crate::value::regexp::RegExpObj;
use crate::value::{ListObj, ObjectObj, Value};
use intc_ir::{LangNative, TypeId, TypeKind};
use intc_regexp::{Anchored, Captures, Input, Regex};
use std::rc::Rc;

const PARSING_ERROR: &str = "{ballerina/lang.regexp}RegularExpressionParsingError";
const INDEX_OUT_OF_RANGE: &str = "{ballerina/lang.regexp}IndexOutOfRange";

pub(super) fn native(id: LangNative) -> Option<NativeFn> {
    Some(match id {
        LangNative::RegexpFind => find,
        LangNative::RegexpFindGroups => find_groups,
        LangNative::RegexpFindAll => find_all,
        LangNative::RegexpFindAllGroups => find_all_groups,
        LangNative::RegexpMatchAt => match_at,
        LangNative::RegexpMatchGroupsAt => match_groups_at,
        LangNative::RegexpIsFullMatch => is_full_match,
        LangNative::RegexpFullMatchGroups => full_match_groups,
        LangNative::RegexpSplit => split,
        LangNative::RegexpFromString => from_string,
        LangNative::RegexpTemplate => template,
        LangNative::StringMatches => string_matches,
        LangNative::StringIncludesMatch => string_includes_match,
        _ => return None,
    })
}

pub(super) fn step_native(id: LangNative) -> Option<StepFn> {
    Some(match id {
        LangNative::RegexpReplace => replace,
        LangNative::RegexpReplaceAll => replace_all,
        _ => return None,
    })
}

fn re_arg(ctx: &NativeContext<'_>, args: &[Value], index: usize) -> Result<Rc<RegExpObj>, Panic> {
    match args.get(index) {
        Some(Value::RegExp(re)) => Ok(re.clone()),
        other => Err(ctx.panic(
            "{ballerina}IllegalArgument",
            &format!(
                "argument {} must be regexp:RegExp, found '{}'",
                index + 1,
                other.map_or("()", Value::basic_type_name)
            ),
        )),
    }
}

/// The matcher of `re` (`full`: anchored at the end); a pattern beyond the engine's limits
/// panics with the parsing error.
fn matcher<'r>(ctx: &NativeContext<'_>, re: &'r RegExpObj, full: bool) -> Result<&'r Regex, Panic> {
    let compiled = if full { re.full_regex() } else { re.regex() };
    compiled.map_err(|message| ctx.panic(PARSING_ERROR, message))
}

/// A string with code point <-> byte offset conversions.
struct Text {
    s: Rc<String>,
    ascii: bool,
}

impl Text {
    fn new(s: Rc<String>) -> Text {
        let ascii = s.is_ascii();
        Text { s, ascii }
    }

    fn char_len(&self) -> usize {
        if self.ascii {
            self.s.len()
        } else {
            self.s.chars().count()
        }
    }

    /// The byte offset of code point `index` (`index <= char_len`).
    fn byte_of(&self, index: usize) -> usize {
        if self.ascii {
            return index;
        }
        self.s
            .char_indices()
            .nth(index)
            .map_or(self.s.len(), |(at, _)| at)
    }

    fn char_of(&self, byte: usize) -> i64 {
        if self.ascii {
            byte as i64
        } else {
            self.s
                .get(..byte)
                .map_or(0, |prefix| prefix.chars().count()) as i64
        }
    }

    /// The byte offset after the character starting at `byte`.
    fn next_boundary(&self, byte: usize) -> usize {
        self.s
            .get(byte..)
            .and_then(|rest| rest.chars().next())
            .map_or(self.s.len() + 1, |c| byte + c.len_utf8())
    }
}

/// The byte offset of a `startIndex` argument, which must lie within the string.
fn start_byte(ctx: &NativeContext<'_>, text: &Text, start: i64) -> Result<usize, Panic> {
    if start < 0 {
        return Err(ctx.panic(INDEX_OUT_OF_RANGE, "start index cannot be less than 0"));
    }
    let length = text.char_len();
    match usize::try_from(start).ok().filter(|s| *s <= length) {
        Some(index) => Ok(text.byte_of(index)),
        None => Err(ctx.panic(
            INDEX_OUT_OF_RANGE,
            &format!("start index '{start}' is out of range for a string of length '{length}'"),
        )),
    }
}

/// The leftmost match at or after `from` (`anchored`: starting exactly at `from`).
fn search(regex: &Regex, hay: &str, from: usize, anchored: bool) -> Option<Captures> {
    if from > hay.len() {
        return None;
    }
    let mut caps = regex.create_captures();
    let anchored = if anchored {
        Anchored::Yes
    } else {
        Anchored::No
    };
    let input = Input::new(hay).range(from..).anchored(anchored);
    regex.search_captures(&input, &mut caps);
    caps.is_match().then_some(caps)
}

/// Every non-overlapping match from `from`: after an empty match the search moves on by one
/// character (ECMAScript's `lastIndex` advance), so the list is finite.
fn all_matches(regex: &Regex, text: &Text, from: usize) -> Vec<Captures> {
    let mut out = Vec::new();
    let mut pos = from;
    while let Some(caps) = search(regex, &text.s, pos, false) {
        let Some(m) = caps.get_match() else { break };
        pos = if m.is_empty() {
            text.next_boundary(m.end())
        } else {
            m.end()
        };
        out.push(caps);
    }
    out
}

fn span_class(ctx: &NativeContext<'_>) -> Result<intc_ir::ClassId, Panic> {
    ctx.program().regexp_span.ok_or_else(|| {
        ctx.panic(
            "{ballerina}IllegalState",
            "the program has no regexp:Span class",
        )
    })
}

fn span_type(ctx: &NativeContext<'_>) -> Result<TypeId, Panic> {
    let class = span_class(ctx)?;
    Ok(ctx
        .types()
        .class_type(class)
        .unwrap_or(ctx.types().well_known.any))
}

fn span(ctx: &NativeContext<'_>, text: &Text, start: usize, end: usize) -> Result<Value, Panic> {
    let object = ObjectObj::new(
        span_class(ctx)?,
        vec![
            Value::Int(text.char_of(start)),
            Value::Int(text.char_of(end)),
            Value::String(text.s.clone()),
        ],
    );
    object.freeze();
    Ok(Value::Object(object))
}

fn match_span(ctx: &NativeContext<'_>, text: &Text, caps: &Captures) -> Result<Value, Panic> {
    match caps.get_match() {
        Some(m) => span(ctx, text, m.start(), m.end()),
        None => Ok(Value::Nil),
    }
}

/// `readonly & [Span, Span?...]`.
fn groups_type(ctx: &mut NativeContext<'_>) -> Result<TypeId, Panic> {
    let span = span_type(ctx)?;
    let types = ctx.types_mut();
    let nil = types.well_known.nil;
    let optional = intern_type(types, TypeKind::Union(vec![span, nil]));
    Ok(intern_type(
        types,
        TypeKind::Tuple {
            members: vec![span],
            rest: Some(optional),
        },
    ))
}

fn groups(ctx: &mut NativeContext<'_>, text: &Text, caps: &Captures) -> Result<Value, Panic> {
    let ty = groups_type(ctx)?;
    let mut items = Vec::with_capacity(caps.group_len());
    for index in 0..caps.group_len() {
        items.push(match caps.get_group(index) {
            Some(g) => span(ctx, text, g.start, g.end)?,
            None => Value::Nil,
        });
    }
    let list = ListObj::new(ty, items);
    list.freeze();
    Ok(Value::List(list))
}

/// The arguments `(re, str, startIndex?)`: the pattern, the string and the start's byte offset.
fn operands(
    ctx: &NativeContext<'_>,
    args: &[Value],
) -> Result<(Rc<RegExpObj>, Text, usize), Panic> {
    let re = re_arg(ctx, args, 0)?;
    let text = Text::new(str_arg(ctx, args, 1)?);
    let start = int_arg_or(ctx, args, 2, 0)?;
    let from = start_byte(ctx, &text, start)?;
    Ok((re, text, from))
}

fn find(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let (re, text, from) = operands(ctx, args)?;
    match search(matcher(ctx, &re, false)?, &text.s, from, false) {
        Some(caps) => match_span(ctx, &text, &caps),
        None => Ok(Value::Nil),
    }
}

fn find_groups(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let (re, text, from) = operands(ctx, args)?;
    match search(matcher(ctx, &re, false)?, &text.s, from, false) {
        Some(caps) => groups(ctx, &text, &caps),
        None => Ok(Value::Nil),
    }
}

fn find_all(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let (re, text, from) = operands(ctx, args)?;
    let matches = all_matches(matcher(ctx, &re, false)?, &text, from);
    let mut items = Vec::with_capacity(matches.len());
    for caps in &matches {
        items.push(match_span(ctx, &text, caps)?);
    }
    let element = span_type(ctx)?;
    let ty = array_type(ctx.types_mut(), element);
    Ok(new_list(ty, items))
}

fn find_all_groups(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let (re, text, from) = operands(ctx, args)?;
    let matches = all_matches(matcher(ctx, &re, false)?, &text, from);
    let mut items = Vec::with_capacity(matches.len());
    for caps in &matches {
        items.push(groups(ctx, &text, caps)?);
    }
    let element = groups_type(ctx)?;
    let element = intern_type(ctx.types_mut(), TypeKind::ReadonlyOf(element));
    let ty = array_type(ctx.types_mut(), element);
    Ok(new_list(ty, items))
}

fn match_at(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let (re, text, from) = operands(ctx, args)?;
    match search(matcher(ctx, &re, false)?, &text.s, from, true) {
        Some(caps) => match_span(ctx, &text, &caps),
        None => Ok(Value::Nil),
    }
}

fn match_groups_at(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let (re, text, from) = operands(ctx, args)?;
    match search(matcher(ctx, &re, false)?, &text.s, from, true) {
        Some(caps) => groups(ctx, &text, &caps),
        None => Ok(Value::Nil),
    }
}

fn full_match(
    ctx: &NativeContext<'_>,
    re: &RegExpObj,
    text: &Text,
) -> Result<Option<Captures>, Panic> {
    Ok(search(matcher(ctx, re, true)?, &text.s, 0, true))
}

fn is_full_match(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let re = re_arg(ctx, args, 0)?;
    let text = Text::new(str_arg(ctx, args, 1)?);
    Ok(Value::Boolean(full_match(ctx, &re, &text)?.is_some()))
}

fn full_match_groups(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let re = re_arg(ctx, args, 0)?;
    let text = Text::new(str_arg(ctx, args, 1)?);
    match full_match(ctx, &re, &text)? {
        Some(caps) => groups(ctx, &text, &caps),
        None => Ok(Value::Nil),
    }
}

fn string_matches(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let text = Text::new(str_arg(ctx, args, 0)?);
    let re = re_arg(ctx, args, 1)?;
    Ok(Value::Boolean(full_match(ctx, &re, &text)?.is_some()))
}

fn string_includes_match(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let text = Text::new(str_arg(ctx, args, 0)?);
    let re = re_arg(ctx, args, 1)?;
    let start = int_arg_or(ctx, args, 2, 0)?;
    let from = start_byte(ctx, &text, start)?;
    let found = search(matcher(ctx, &re, false)?, &text.s, from, false).is_some();
    Ok(Value::Boolean(found))
}

/// The spec's split: the substrings before the first match, between matches and after the
/// last one (`[str]` when nothing matches).
fn split(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let re = re_arg(ctx, args, 0)?;
    let text = Text::new(str_arg(ctx, args, 1)?);
    let matches = all_matches(matcher(ctx, &re, false)?, &text, 0);
    let mut items = Vec::with_capacity(matches.len() + 1);
    let mut last = 0;
    for m in matches.iter().filter_map(Captures::get_match) {
        items.push(string_value(text.s.get(last..m.start()).unwrap_or("")));
        last = m.end();
    }
    items.push(string_value(text.s.get(last..).unwrap_or("")));
    Ok(new_list(ctx.types().well_known.string_list, items))
}

fn from_string(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let text = str_arg(ctx, args, 0)?;
    if let Err(error) = intc_regexp::translate(&text) {
        return Ok(error_value(ctx, PARSING_ERROR, &error.ballerina_message()));
    }
    let re = RegExpObj::new(text.to_string());
    if let Err(message) = re.regex() {
        return Ok(error_value(ctx, PARSING_ERROR, message));
    }
    Ok(Value::RegExp(Rc::new(re)))
}

/// `re` templates: literal texts, and interpolated patterns as `(?:r)`.
fn template(_ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let mut text = String::new();
    for part in args {
        match part {
            Value::String(s) => text.push_str(s),
            Value::RegExp(re) => {
                text.push_str("(?:");
                text.push_str(re.text());
                text.push(')');
            }
            _ => {}
        }
    }
    Ok(Value::RegExp(Rc::new(RegExpObj::new(text))))
}

fn replace(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    replace_matches(ctx, args, false)
}

fn replace_all(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    replace_matches(ctx, args, true)
}

/// `replace`/`replaceAll(re, str, replacement, startIndex)`: a string replacement is
/// inserted as it is; a function is called with each match's `Groups`, in order.
fn replace_matches(ctx: &mut NativeContext<'_>, args: &[Value], all: bool) -> Result<Step, Panic> {
    let re = re_arg(ctx, args, 0)?;
    let text = Text::new(str_arg(ctx, args, 1)?);
    let start = int_arg_or(ctx, args, 3, 0)?;
    let from = start_byte(ctx, &text, start)?;
    let regex = matcher(ctx, &re, false)?;
    let matches = if all {
        all_matches(regex, &text, from)
    } else {
        search(regex, &text.s, from, false).into_iter().collect()
    };
    let ranges: Vec<(usize, usize)> = matches
        .iter()
        .filter_map(Captures::get_match)
        .map(|m| (m.start(), m.end()))
        .collect();
    match arg(args, 2) {
        Value::String(replacement) => {
            let pieces = vec![replacement.to_string(); ranges.len()];
            Ok(Step::Done(string_value(splice(&text.s, &ranges, &pieces))))
        }
        function => {
            let mut pending = Vec::with_capacity(matches.len());
            for caps in &matches {
                pending.push(groups(ctx, &text, caps)?);
            }
            let mut pending = pending.into_iter();
            let mut pieces: Vec<String> = Vec::with_capacity(ranges.len());
            repeat_calls(ctx, function, move |_ctx, result| {
                if let Some(result) = result {
                    pieces.push(match result {
                        Value::String(s) => s.to_string(),
                        _ => String::new(),
                    });
                }
                Ok(match pending.next() {
                    Some(groups) => Next::Call(vec![groups]),
                    None => Next::Done(string_value(splice(&text.s, &ranges, &pieces))),
                })
            })
        }
    }
}

/// `text` with each byte range replaced by the corresponding piece.
fn splice(text: &str, ranges: &[(usize, usize)], pieces: &[String]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (&(start, end), piece) in ranges.iter().zip(pieces) {
        out.push_str(text.get(last..start).unwrap_or(""));
        out.push_str(piece);
        last = end;
    }
    out.push_str(text.get(last..).unwrap_or(""));
    out
}
