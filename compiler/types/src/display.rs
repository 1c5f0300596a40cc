//! Type names in Ballerina syntax, the way jBallerina prints types in messages: `int|string`,
//! `int?`, `map<json>`, `record {| int x; |}`, `(int|string)[]`, `typedesc<int>`, `1`, `"a"`.
//!
//! A set of values does not remember how it was written, so names come from three places:
//! names registered for defined types (`type Person record {...}` prints `Person`), the
//! predefined names (`anydata`, `json`, `byte`, `string:Char`, ...), and otherwise the
//! structure of the type, basic type by basic type. A conjunction with negated atoms (only
//! produced by narrowing) prints its positive part.

use crate::basic::{bits, BasicTypeCode};
use crate::bdd::{Atom, Bdd};
use crate::env::Env;
use crate::int::BuiltinIntSubtype;
use crate::semtype::{SemType, SubtypeData};
use crate::values::Enumerable;
use crate::xml::kinds;

/// Nesting beyond which the printer abbreviates with `...` (printing only; never used by
/// any type question).
const MAX_PRINT_DEPTH: usize = 24;

/// Bound on the number of (sub)types one message prints.
const MAX_PRINTED_TYPES: usize = 2000;

/// A printed type, with what it needs when nested: jBallerina parenthesises a union inside
/// another type (`map<(int|error)>`, `(int|string)[]`, `function ((any|error))`), and the
/// operand of a postfix operator must not be a function or intersection either.
struct Printed {
    text: String,
    union: bool,
    loose: bool,
}

impl Printed {
    fn atom(text: impl Into<String>) -> Printed {
        Printed {
            text: text.into(),
            union: false,
            loose: false,
        }
    }

    /// As a type argument, field, member or parameter type.
    fn nested(self) -> String {
        if self.union {
            format!("({})", self.text)
        } else {
            self.text
        }
    }

    /// As the operand of `[]`, `?`, `...` or a union member.
    fn postfix(self) -> String {
        if self.union || self.loose {
            format!("({})", self.text)
        } else {
            self.text
        }
    }
}

struct Printer<'a> {
    env: &'a Env,
    depth: usize,
    /// The atoms being printed: an unnamed recursive type prints `...` where it recurs.
    open: Vec<(u8, u32)>,
    /// Types printed so far; past [`MAX_PRINTED_TYPES`] everything prints as `...`, so a
    /// type whose unfolding is exponential still prints in bounded time.
    printed: usize,
}

impl Env {
    /// The type's name as jBallerina would print it in a message.
    pub fn display(&self, ty: &SemType) -> String {
        Printer {
            env: self,
            depth: 0,
            open: Vec::new(),
            printed: 0,
        }
        .print(ty)
        .text
    }
}

impl Printer<'_> {
    fn print(&mut self, ty: &SemType) -> Printed {
        if let Some(name) = self.env.registered_name(ty) {
            return Printed::atom(name);
        }
        self.printed += 1;
        if self.depth > MAX_PRINT_DEPTH || self.printed > MAX_PRINTED_TYPES {
            return Printed::atom("...");
        }
        self.depth += 1;
        let p = self.print_union(ty);
        self.depth -= 1;
        p
    }

    fn print_union(&mut self, ty: &SemType) -> Printed {
        let env = self.env;
        let mut parts: Vec<Printed> = Vec::new();
        let mut rest = ty.clone();
        if env.is_empty(ty) {
            return Printed::atom("never");
        }
        if let Some(name) = self.readonly_name(ty) {
            return Printed {
                text: format!("{name} & readonly"),
                union: false,
                loose: true,
            };
        }
        for (name, t) in [
            ("any", SemType::any()),
            ("anydata", env.anydata()),
            ("json", env.json()),
            ("readonly", SemType::readonly()),
        ] {
            if (rest.basic_bits() & !bits::NIL) != 0
                && !env.is_empty(&rest.intersect(&t).diff(&SemType::nil()))
                && env.is_subtype(&t, ty)
            {
                parts.push(Printed::atom(name));
                rest = rest.diff(&t);
                if name == "any" || name == "readonly" {
                    break;
                }
            }
        }
        let has_nil = rest.basic_bits() & bits::NIL != 0;
        let covered = parts
            .iter()
            .any(|p| matches!(p.text.as_str(), "any" | "anydata" | "json"));
        let mut nil_suffix = false;
        if has_nil && !covered {
            if rest.basic_bits() == bits::NIL && parts.is_empty() {
                parts.push(Printed::atom("()"));
            } else {
                nil_suffix = true;
            }
        }
        for family in [
            bits::BOOLEAN,
            bits::INT,
            bits::FLOAT,
            bits::DECIMAL,
            bits::STRING,
            bits::XML,
            bits::LIST,
            bits::MAPPING,
            bits::TABLE,
            bits::FUNCTION,
            bits::TYPEDESC,
            bits::HANDLE,
            bits::FUTURE,
            bits::STREAM,
            bits::OBJECT,
            bits::ERROR,
            bits::REGEXP,
        ] {
            let part = rest.restrict(family);
            if part.basic_bits() == 0 || env.is_empty(&part) {
                continue;
            }
            if let Some(name) = env.registered_name(&part) {
                parts.push(Printed::atom(name));
                continue;
            }
            self.print_family(family, &part, &mut parts);
        }
        if parts.is_empty() {
            // Only `()` remained (the other parts were semantically empty).
            return Printed::atom(if has_nil { "()" } else { "never" });
        }
        if parts.len() == 1 {
            let p = parts.pop().unwrap_or_else(|| Printed::atom("never"));
            if nil_suffix {
                return Printed::atom(format!("{}?", p.postfix()));
            }
            return p;
        }
        let text = parts
            .into_iter()
            .map(|p| if p.loose { p.postfix() } else { p.text })
            .collect::<Vec<_>>()
            .join("|");
        if nil_suffix {
            return Printed::atom(format!("({text})?"));
        }
        Printed {
            text,
            union: true,
            loose: false,
        }
    }

    /// `N & readonly` for a type that is the immutable part of a named type (`json &
    /// readonly`, `Person & readonly`).
    fn readonly_name(&self, ty: &SemType) -> Option<String> {
        let env = self.env;
        if ty.basic_bits() & !bits::READONLY != 0 || ty.some_bits() == 0 {
            return None;
        }
        let predefined = [("anydata", env.anydata()), ("json", env.json())];
        let mut registered: Vec<(&str, SemType)> = env
            .names
            .iter()
            .map(|(t, n)| (n.as_str(), t.clone()))
            .collect();
        registered.sort_by(|a, b| a.0.cmp(b.0));
        for (name, t) in predefined.into_iter().chain(registered) {
            if t.basic_bits() & !bits::READONLY != 0 && env.is_same_type(&env.readonly_part(&t), ty)
            {
                return Some(name.to_string());
            }
        }
        None
    }

    fn print_family(&mut self, family: u32, part: &SemType, out: &mut Vec<Printed>) {
        let code = BasicTypeCode(family.trailing_zeros() as u8);
        if part.all_bits() == family {
            out.push(Printed::atom(match family {
                bits::LIST => "(any|error)[]",
                bits::MAPPING => "map<any|error>",
                bits::TABLE => "table<map<any|error>>",
                bits::OBJECT => "object {}",
                _ => code.name(),
            }));
            return;
        }
        match part.subtype(code) {
            Some(SubtypeData::Boolean(b)) => out.push(Printed::atom(b.to_string())),
            Some(SubtypeData::Int(i)) => {
                if let Some(builtin) = BuiltinIntSubtype::ALL
                    .iter()
                    .find(|builtin| *part == builtin.semtype())
                {
                    out.push(Printed::atom(builtin.name()));
                } else if i.count() <= 16 {
                    for r in i.ranges() {
                        for v in r.min..=r.max {
                            out.push(Printed::atom(v.to_string()));
                        }
                    }
                } else {
                    out.push(Printed::atom("int"));
                }
            }
            Some(SubtypeData::Float(e)) => enumerated(e, "float", out, |k| float_text(k.value())),
            Some(SubtypeData::Decimal(e)) => {
                enumerated(e, "decimal", out, |k| format!("{}d", k.as_str()))
            }
            Some(SubtypeData::String(s)) => {
                if s.chars.is_all() && s.non_chars.is_empty() {
                    out.push(Printed::atom("string:Char"));
                } else if s.chars.allowed && s.non_chars.allowed {
                    let mut values: Vec<&String> =
                        s.chars.values.iter().chain(&s.non_chars.values).collect();
                    values.sort();
                    out.extend(values.into_iter().map(|v| Printed::atom(quote(v))));
                } else {
                    out.push(Printed::atom("string"));
                }
            }
            _ => self.print_split_family(family, part, out),
        }
    }

    /// Families split into halves (and the other BDD-based ones, whose second half is absent).
    fn print_split_family(&mut self, family: u32, part: &SemType, out: &mut Vec<Printed>) {
        let mut codes = crate::basic::codes(family);
        let first = codes.next().unwrap_or(BasicTypeCode::NIL);
        let second = codes.next();
        let (ro, rw) = match second {
            Some(rw) => (Some(first), Some(rw)),
            None => (None, Some(first)),
        };
        let half = |code: Option<BasicTypeCode>| -> Option<SemType> {
            let code = code?;
            let t = part.restrict(code.bit());
            (!self.env.is_empty(&t)).then_some(t)
        };
        let ro_t = half(ro);
        let rw_t = half(rw);
        match (ro_t, rw_t) {
            (Some(r), Some(w)) => {
                // The mutable half as written covers its immutable values too; only the
                // immutable values beyond it print as `T & readonly`.
                let rw_code = rw.unwrap_or(first);
                let ro_code = ro.unwrap_or(first);
                let w_as_ro = if w.all_bits() != 0 {
                    SemType::from_bits(ro_code.bit())
                } else {
                    match w.subtype(rw_code) {
                        Some(d) => SemType::from_subtype(ro_code, d.clone()),
                        None => SemType::never(),
                    }
                };
                self.print_half(&w, rw_code, out);
                let r_only = r.diff(&w_as_ro);
                if !self.env.is_empty(&r_only) {
                    self.print_readonly_half(&r_only, ro_code, out);
                }
            }
            (None, Some(w)) => self.print_half(&w, rw.unwrap_or(first), out),
            (Some(r), None) => self.print_readonly_half(&r, ro.unwrap_or(first), out),
            (None, None) => {}
        }
    }

    /// An immutable half as `T & readonly`; xml texts, comments and processing instructions
    /// are immutable by definition.
    fn print_readonly_half(&mut self, t: &SemType, code: BasicTypeCode, out: &mut Vec<Printed>) {
        if code == BasicTypeCode::XML_RO
            && self.env.is_subtype(
                t,
                &SemType::xml_sequence(kinds::TEXT | kinds::COMMENT | kinds::PI)
                    .intersect(&SemType::readonly()),
            )
        {
            self.print_half(t, code, out);
            return;
        }
        let mut parts = Vec::new();
        self.print_half(t, code, &mut parts);
        out.extend(parts.into_iter().map(readonly_of));
    }

    fn print_half(&mut self, t: &SemType, code: BasicTypeCode, out: &mut Vec<Printed>) {
        let kind_name = code.name();
        let data = data_of(t, Some(code));
        match data {
            None => out.push(Printed::atom(match code.0 {
                11 | 16 => "(any|error)[]".to_string(),
                12 | 17 => "map<any|error>".to_string(),
                13 | 18 => "table<map<any|error>>".to_string(),
                14 | 19 => "object {}".to_string(),
                _ => kind_name.to_string(),
            })),
            Some(SubtypeData::Xml(x)) => out.push(Printed::atom(xml_text(
                self.env.xml_prefix,
                x.primitives,
                &x.sequences,
            ))),
            Some(SubtypeData::Bdd(bdd)) => {
                let bdd = bdd.clone();
                bdd.every_path(&mut |pos, _neg| {
                    let p = self.print_conjunction(code, pos);
                    out.push(p);
                    true
                });
            }
            Some(_) => out.push(Printed::atom(kind_name)),
        }
    }

    fn print_conjunction(&mut self, code: BasicTypeCode, pos: &[Atom]) -> Printed {
        let structural: Vec<u32> = pos
            .iter()
            .filter_map(|a| match a {
                Atom::Index(i) => Some(*i),
                Atom::Distinct(_) => None,
            })
            .collect();
        let distinct = structural.len() < pos.len();
        let mut texts: Vec<Printed> = structural
            .iter()
            .map(|i| self.print_atom(code, *i))
            .collect();
        if texts.is_empty() {
            texts.push(Printed::atom(match code {
                BasicTypeCode::ERROR => "error",
                BasicTypeCode::OBJECT_RO | BasicTypeCode::OBJECT_RW => "object {}",
                _ => code.name(),
            }));
        }
        let p = if texts.len() == 1 {
            texts.pop().unwrap_or_else(|| Printed::atom("never"))
        } else {
            Printed {
                text: texts
                    .into_iter()
                    .map(Printed::postfix)
                    .collect::<Vec<_>>()
                    .join(" & "),
                union: false,
                loose: true,
            }
        };
        if distinct {
            // The only distinct atom of functions is isolation.
            let qualifier = if code == BasicTypeCode::FUNCTION {
                "isolated"
            } else {
                "distinct"
            };
            Printed {
                text: format!("{qualifier} {}", p.text),
                union: false,
                loose: true,
            }
        } else {
            p
        }
    }

    fn print_atom(&mut self, code: BasicTypeCode, i: u32) -> Printed {
        // Both halves of a split type share atoms: key on the family's first code.
        let key = (code.0.min(code.twin().map_or(code.0, |t| t.0)), i);
        if self.open.contains(&key) {
            return Printed::atom("...");
        }
        self.open.push(key);
        let p = self.print_atom_inner(code, i);
        self.open.pop();
        p
    }

    fn print_atom_inner(&mut self, code: BasicTypeCode, i: u32) -> Printed {
        let env = self.env;
        let text = match code {
            BasicTypeCode::LIST_RO | BasicTypeCode::LIST_RW => {
                let a = env.list_atom(i).clone();
                let rest_never = env.is_empty(&a.rest);
                if a.fixed_len == 0 && rest_never {
                    "[]".to_string()
                } else if a.fixed_len == 0 {
                    format!("{}[]", self.print(&a.rest).postfix())
                } else if rest_never && a.members.len() == 1 && a.fixed_len > 1 {
                    format!("{}[{}]", self.print(&a.members[0]).postfix(), a.fixed_len)
                } else {
                    let mut items: Vec<String> = (0..a.fixed_len.min(64))
                        .map(|k| self.print(a.member_at(k)).nested())
                        .collect();
                    if !rest_never {
                        items.push(format!("{}...", self.print(&a.rest).postfix()));
                    }
                    format!("[{}]", items.join(","))
                }
            }
            BasicTypeCode::MAPPING_RO | BasicTypeCode::MAPPING_RW => self.print_mapping_atom(i),
            BasicTypeCode::ERROR => format!("error<{}>", self.print_mapping_atom(i)),
            BasicTypeCode::OBJECT_RO | BasicTypeCode::OBJECT_RW => {
                let a = env.mapping_atom(i).clone();
                let mut fields = String::new();
                let mut methods = String::new();
                for (key, t) in &a.fields {
                    let (name, kind) = crate::distinct::ObjectMember::parse_key(key);
                    match (kind, env.function_atom_of(t)) {
                        (crate::distinct::MemberKind::Field, _) | (_, None) => {
                            fields.push_str(&format!(" {} {name};", self.print(t).nested()))
                        }
                        (kind, Some((params, ret))) => {
                            let sig = self.print_signature(&params, &ret);
                            let remote = if kind == crate::distinct::MemberKind::RemoteMethod {
                                "remote "
                            } else {
                                ""
                            };
                            methods.push_str(&format!(" {remote}function {name}{sig};"));
                        }
                    }
                }
                format!("object {{{fields}{methods} }}")
            }
            BasicTypeCode::FUNCTION => {
                let f = env.function_atom(i).clone();
                let text = format!("function {}", self.print_signature(&f.params, &f.ret));
                return Printed {
                    text,
                    union: false,
                    loose: true,
                };
            }
            _ => {
                let b = env.box_atom(i).clone();
                let mut params: Vec<String> =
                    b.params.iter().map(|p| self.print(p).nested()).collect();
                if code == BasicTypeCode::STREAM && b.params.get(1) == Some(&SemType::nil()) {
                    params.pop();
                }
                if code == BasicTypeCode::TABLE_RO || code == BasicTypeCode::TABLE_RW {
                    return Printed::atom(self.print_table_atom(&b.params, params));
                }
                format!("{}<{}>", code.name(), params.join(", "))
            }
        };
        Printed::atom(text)
    }

    /// `table<R>`, `table<R> key(a, b)` or `table<R> key<K>` (`table.rs` has the parameters).
    fn print_table_atom(&mut self, raw: &[SemType], printed: Vec<String>) -> String {
        let row = printed.first().cloned().unwrap_or_default();
        if let Some(names) = self.env.table_key_sequence(raw) {
            return format!("table<{row}> key({})", names.join(", "));
        }
        match (raw.get(2), printed.get(2)) {
            (Some(k), Some(text)) if *k != SemType::val() => format!("table<{row}> key<{text}>"),
            _ => format!("table<{row}>"),
        }
    }

    /// `record {| int x; string y?; anydata...; |}`: jBallerina prints every record in the
    /// exclusive form, with its rest type explicit; a mapping with no fields is `map<T>`.
    fn print_mapping_atom(&mut self, i: u32) -> String {
        let env = self.env;
        let a = env.mapping_atom(i).clone();
        let undef = SemType::from_bits(bits::UNDEF);
        if a.fields.is_empty() && !env.is_empty(&a.rest) {
            return format!("map<{}>", self.print(&a.rest).nested());
        }
        let mut text = String::from("record {|");
        for (name, t) in &a.fields {
            let optional = t.basic_bits() & bits::UNDEF != 0;
            let ty = self.print(&t.diff(&undef)).nested();
            text.push_str(&format!(" {ty} {name}{};", if optional { "?" } else { "" }));
        }
        if !env.is_empty(&a.rest) {
            text.push_str(&format!(" {}...;", self.print(&a.rest).postfix()));
        }
        text.push_str(" |}");
        text
    }

    /// `(int,string...) returns (boolean)`, as jBallerina writes signatures.
    fn print_signature(&mut self, params: &SemType, ret: &SemType) -> String {
        let env = self.env;
        // Defaultable parameters make the parameter list type a union of tuples, one per
        // number of arguments: the longest shows every parameter.
        let longest = match params.subtype(BasicTypeCode::LIST_RW) {
            Some(SubtypeData::Bdd(bdd)) => {
                let mut best: Option<u32> = None;
                bdd.every_path(&mut |pos, _| {
                    if let [Atom::Index(i)] = pos {
                        let better = best.is_none_or(|b| {
                            let (x, y) = (env.list_atom(*i), env.list_atom(b));
                            (x.fixed_len, !env.is_empty(&x.rest))
                                > (y.fixed_len, !env.is_empty(&y.rest))
                        });
                        if better {
                            best = Some(*i);
                        }
                    }
                    true
                });
                best
            }
            _ => None,
        };
        let mut text = match longest {
            Some(i) => {
                let list = env.list_atom(i).clone();
                let mut items: Vec<String> = (0..list.fixed_len.min(64))
                    .map(|k| self.print(list.member_at(k)).nested())
                    .collect();
                if !env.is_empty(&list.rest) {
                    items.push(format!("{}...", self.print(&list.rest).postfix()));
                }
                format!("({})", items.join(","))
            }
            None => {
                let member = env.list_member_type_any(params);
                format!("({}...)", self.print(&member).postfix())
            }
        };
        if !env.is_same_type(ret, &SemType::nil()) {
            text.push_str(&format!(" returns ({})", self.print(ret).text));
        }
        text
    }
}

fn readonly_of(p: Printed) -> Printed {
    Printed {
        text: format!("{} & readonly", p.postfix()),
        union: false,
        loose: true,
    }
}

fn data_of(t: &SemType, code: Option<BasicTypeCode>) -> Option<&SubtypeData> {
    t.subtype(code?)
}

fn enumerated<T>(
    e: &Enumerable<T>,
    name: &str,
    out: &mut Vec<Printed>,
    text: impl Fn(&T) -> String,
) {
    if e.allowed {
        out.extend(e.values.iter().map(|v| Printed::atom(text(v))));
    } else {
        out.push(Printed::atom(name));
    }
}

fn xml_text(prefix: &str, primitives: u8, sequences: &Bdd) -> String {
    let names = [
        (kinds::ELEMENT, "Element"),
        (kinds::COMMENT, "Comment"),
        (kinds::PI, "ProcessingInstruction"),
        (kinds::TEXT, "Text"),
    ];
    let items: Vec<String> = names
        .iter()
        .filter(|(k, _)| primitives & k != 0)
        .map(|(_, n)| format!("{prefix}{n}"))
        .collect();
    if items.is_empty() {
        return "xml<never>".to_string();
    }
    if sequences.is_false() {
        items.join("|")
    } else {
        format!("xml<{}>", items.join("|"))
    }
}

/// A float singleton the way Ballerina writes it: `1.0`, `NaN`, `Infinity`.
pub fn float_text(f: f64) -> String {
    if f.is_nan() {
        "NaN".to_string()
    } else if f.is_infinite() {
        if f > 0.0 { "Infinity" } else { "-Infinity" }.to_string()
    } else {
        format!("{f:?}")
    }
}

/// A string singleton as a Ballerina string literal.
pub fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
