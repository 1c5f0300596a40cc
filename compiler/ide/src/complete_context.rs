//! Completion that depends on where the cursor is written rather than on the scope: the
//! fields of the record a mapping constructor builds (`Album a = {$0}` offers `title`,
//! `artist`, less those already given), the path segments of a client's resource methods
//! after `c->/`, and after a whole path's `.` (`c->/albums/[id].`) the accessors of the
//! resource methods it selects.
use crate::analysis::Analysis;
use crate::complete::{CompletionItem, CompletionKind};
use crate::host::AnalysisHost;
use crate::scan;
use intc_sema::{ParamKindInfo, Type, TypeArena, TypeId};
use intc_syntax::resource::{decode_method, Segment};
use std::path::Path;

impl AnalysisHost {
    /// The fields of the record type a mapping constructor builds, when the cursor (the word
    /// at `word_start..offset`) is where a field name goes; `None` elsewhere.
    pub(crate) fn mapping_field_completions(
        &self,
        path: &Path,
        text: &str,
        word_start: usize,
        offset: usize,
    ) -> Option<Vec<CompletionItem>> {
        let brace = *scan::open_brackets(text, word_start).last()?;
        if brace.ch != b'{' {
            return None;
        }
        let before = text[..word_start].trim_end();
        if !(before.ends_with('{') || before.ends_with(',')) {
            return None;
        }
        // A block's brace follows `)`, a name or a keyword; a mapping constructor's follows
        // `=`, `(`, `,`, `:`, `[` or `return`.
        let opener = text[..brace.at].trim_end();
        let is_mapping = opener.ends_with(['=', '(', ',', ':', '['])
            || (opener.ends_with("return") && !opener.ends_with("returns"));
        if !is_mapping {
            return None;
        }
        let close = scan::closing(text, brace.at);
        let written = given_keys(text, brace.at, close.unwrap_or(text.len()), word_start);
        let record_of = |analysis: &Analysis| -> Option<Vec<CompletionItem>> {
            let file = analysis.file_id(path)?;
            let key = analysis
                .exprs
                .iter()
                .find(|(s, _)| s.file == file && s.start as usize == brace.at)
                .map(|(_, k)| *k)?;
            let ty = analysis.checked().operand_types.get(&key).copied()?;
            let ty = analysis.without_nil(ty);
            let Type::Record(record) = analysis.checked().types.get(ty) else {
                return None;
            };
            Some(
                record
                    .fields
                    .iter()
                    .filter(|f| !written.contains(&f.name))
                    .map(|f| CompletionItem {
                        label: f.name.clone(),
                        kind: CompletionKind::Field,
                        detail: Some(analysis.show_type(f.ty)),
                        snippet: Some(format!("{}: $0", f.name)),
                    })
                    .collect(),
            )
        };
        if let Some(items) = self.analysis(path).ok().and_then(|a| record_of(a.as_ref())) {
            return Some(items);
        }
        // Half-written: the constructor emptied parses, up to its closing brace if that is
        // its own, else (the brace closes an enclosing block) with the statement closed.
        let mut patches = Vec::new();
        if let Some(close) = close {
            patches.push(format!("{}{{}}{}", &text[..brace.at], &text[close + 1..]));
        }
        patches.push(format!(
            "{}{{}};{}",
            &text[..brace.at],
            &text[scan::line_end(text, offset)..]
        ));
        patches.iter().find_map(|patched| {
            let analysis = self.analysis_with_text(path, patched).ok()?;
            record_of(&analysis)
        })
    }

    /// The next path segments of the resource methods of the client before `->/` when the
    /// cursor (the word at `word_start..offset`) is in a resource access path.
    pub(crate) fn resource_path_completions(
        &self,
        path: &Path,
        text: &str,
        word_start: usize,
        offset: usize,
    ) -> Option<Vec<CompletionItem>> {
        let line_start = text[..word_start].rfind('\n').map_or(0, |i| i + 1);
        let arrow = line_start + text[line_start..word_start].rfind("->/")?;
        let written_path = &text[arrow + 3..word_start];
        let path_chars = |c: char| scan::is_word(c) || "/[]. \"".contains(c);
        if !written_path.chars().all(path_chars) {
            return None;
        }
        // The segments written before the one being typed, and whether the path is finished
        // (`c->/albums/[id].` asks for the method).
        let (written, finished) = split_access_path(written_path)?;
        let base_end = text[..arrow].trim_end().len();
        let (analysis, ty) = self.type_of_base(path, text, base_end, offset)?;
        let ty = analysis.without_nil(ty);
        let Type::Object(object) = analysis.checked().types.get(ty) else {
            return None;
        };
        if finished {
            return Some(analysis.resource_accessors(object, &written));
        }
        let mut items: Vec<CompletionItem> = Vec::new();
        for method in &object.methods {
            let Some((accessor, segments)) = decode_method(&method.name) else {
                continue;
            };
            let Some(next) = next_segment(&segments, &written) else {
                continue;
            };
            let (label, snippet) = match next {
                Segment::Literal(l) => (l.clone(), None),
                Segment::Param(_) => {
                    let name = object
                        .class
                        .and_then(|c| analysis.path_param_name(c, &method.name, &segments, next))
                        .unwrap_or_else(|| "param".to_owned());
                    (format!("[{name}]"), Some(format!("[${{1:{name}}}]")))
                }
                Segment::Rest(_) => continue,
            };
            if let Some(existing) = items.iter_mut().find(|i| i.label == label) {
                if let Some(detail) = &mut existing.detail {
                    if !detail.split(", ").any(|a| a == accessor) {
                        detail.push_str(", ");
                        detail.push_str(&accessor);
                    }
                }
                continue;
            }
            items.push(CompletionItem {
                label,
                kind: CompletionKind::Method,
                detail: Some(accessor),
                snippet,
            });
        }
        Some(items)
    }
}

/// The segment of a resource path after the `written` ones, when they match its start.
fn next_segment<'s>(segments: &'s [Segment], written: &[&str]) -> Option<&'s Segment> {
    for (i, w) in written.iter().enumerate() {
        let computed = w.trim().starts_with('[');
        match segments.get(i)? {
            Segment::Literal(l) if !computed && l == w.trim() => {}
            Segment::Param(_) if computed => {}
            Segment::Rest(_) => return None,
            _ => return None,
        }
    }
    segments.get(written.len())
}

/// The segments of a resource access path written after `->/` (empty ones left out), and
/// whether a `.` outside brackets ends it (the method name follows). Anything after that `.`
/// is not a path: `None`.
pub(crate) fn split_access_path(written: &str) -> Option<(Vec<&str>, bool)> {
    let mut segments = Vec::new();
    let (mut depth, mut in_string, mut start) = (0i32, false, 0);
    let mut finished = false;
    for (i, c) in written.char_indices() {
        if finished {
            if !c.is_whitespace() {
                return None;
            }
            continue;
        }
        match c {
            '"' => in_string = !in_string,
            _ if in_string => {}
            '[' => depth += 1,
            ']' => depth -= 1,
            '/' | '.' if depth == 0 => {
                segments.push(&written[start..i]);
                start = i + 1;
                finished = c == '.';
            }
            _ => {}
        }
    }
    if !finished {
        segments.push(&written[start..]);
    }
    segments.retain(|s| !s.trim().is_empty());
    Some((segments, finished))
}

impl Analysis {
    /// The accessors (`get`, `post`, ...) of the resource methods of `object` whose whole
    /// path the `written` segments match, the way the checker matches a resource access: a
    /// literal matches the same literal or a path parameter admitting strings, a computed
    /// `[e]` a path parameter, and the segments left a rest parameter.
    fn resource_accessors(
        &self,
        object: &intc_sema::ObjectType,
        written: &[&str],
    ) -> Vec<CompletionItem> {
        let checked = self.checked();
        let mut items: Vec<CompletionItem> = Vec::new();
        for method in &object.methods {
            let Some((accessor, segments)) = decode_method(&method.name) else {
                continue;
            };
            if items.iter().any(|i| i.label == accessor) {
                continue;
            }
            let function = object
                .class
                .and_then(|c| checked.classes.get(c.index()))
                .and_then(|c| c.methods.iter().find(|(n, _)| *n == method.name))
                .and_then(|(_, id)| checked.functions.get(id.index()));
            let path_types: Vec<TypeId> = match function {
                Some(f) => f.params.iter().map(|p| p.ty).collect(),
                None => Vec::new(),
            };
            if !self.whole_path_matches(&segments, &path_types, written) {
                continue;
            }
            let path_params = segments
                .iter()
                .filter(|s| !matches!(s, Segment::Literal(_)))
                .count();
            let detail = match function {
                Some(f) => self.resource_call_signature(f, path_params),
                None => self.show_type(method.ty),
            };
            items.push(CompletionItem {
                label: accessor,
                kind: CompletionKind::Method,
                detail: Some(detail),
                snippet: None,
            });
        }
        items
    }

    /// The resource method of `object` that a whole access path (`written`) and `accessor`
    /// select, as [`Analysis::resource_accessors`] matches them, and how many of its
    /// parameters are path parameters.
    pub(crate) fn resource_method(
        &self,
        object: &intc_sema::ObjectType,
        written: &[&str],
        accessor: &str,
    ) -> Option<(&intc_sema::FunctionInfo, usize)> {
        let checked = self.checked();
        let class = checked.classes.get(object.class?.index())?;
        object.methods.iter().find_map(|method| {
            let (name, segments) = decode_method(&method.name)?;
            if name != accessor {
                return None;
            }
            let (_, id) = class.methods.iter().find(|(n, _)| *n == method.name)?;
            let function = checked.functions.get(id.index())?;
            let path_types: Vec<TypeId> = function.params.iter().map(|p| p.ty).collect();
            if !self.whole_path_matches(&segments, &path_types, written) {
                return None;
            }
            let path_params = segments
                .iter()
                .filter(|s| !matches!(s, Segment::Literal(_)))
                .count();
            Some((function, path_params))
        })
    }

    /// Whether the `written` access path selects a resource method of this path (its path
    /// parameters' types in `path_types`, in order; unknown when empty).
    fn whole_path_matches(
        &self,
        segments: &[Segment],
        path_types: &[TypeId],
        written: &[&str],
    ) -> bool {
        let types = &self.checked().types;
        let admits_strings = |param: usize, rest: bool| {
            let Some(&ty) = path_types.get(param) else {
                return true;
            };
            let ty = match (rest, types.get(ty)) {
                (true, Type::Array { element, .. }) => *element,
                _ => ty,
            };
            types.is_subtype(TypeArena::STRING, ty)
        };
        let mut param = 0;
        for (at, segment) in segments.iter().enumerate() {
            let access = written.get(at).map(|w| w.trim());
            let computed = access.is_some_and(|w| w.starts_with('['));
            match segment {
                Segment::Literal(name) => {
                    if computed || access != Some(name.as_str()) {
                        return false;
                    }
                }
                Segment::Param(_) => {
                    let Some(access) = access else {
                        return false;
                    };
                    if access.starts_with("[...") || (!computed && !admits_strings(param, false)) {
                        return false;
                    }
                    param += 1;
                }
                Segment::Rest(_) => {
                    let literals = written[at.min(written.len())..]
                        .iter()
                        .any(|w| !w.trim().starts_with('['));
                    return !literals || admits_strings(param, true);
                }
            }
        }
        written.len() == segments.len()
    }

    /// `(map<string> headers, *Query params) returns T`: a resource method's parameters
    /// after its path parameters.
    fn resource_call_signature(&self, f: &intc_sema::FunctionInfo, path_params: usize) -> String {
        let params: Vec<String> = f
            .params
            .iter()
            .skip(path_params)
            .map(|p| {
                let (prefix, ty, dots) = match (p.kind, self.checked().types.get(p.ty)) {
                    (ParamKindInfo::Rest, Type::Array { element, .. }) => ("", *element, "..."),
                    (ParamKindInfo::Rest, _) => ("", p.ty, "..."),
                    (ParamKindInfo::Included, _) => ("*", p.ty, ""),
                    _ => ("", p.ty, ""),
                };
                format!("{prefix}{}{dots} {}", self.show_type(ty), p.name)
            })
            .collect();
        let ret = if f.ret == TypeArena::NIL {
            String::new()
        } else {
            format!(" returns {}", self.show_type(f.ret))
        };
        format!("({}){ret}", params.join(", "))
    }

    /// The name of a resource method's path parameter (its leading parameters are the path
    /// parameters, in order).
    fn path_param_name(
        &self,
        class: intc_sema::ClassId,
        method: &str,
        segments: &[Segment],
        segment: &Segment,
    ) -> Option<String> {
        let checked = self.checked();
        let (_, id) = checked
            .classes
            .get(class.index())?
            .methods
            .iter()
            .find(|(n, _)| n == method)?;
        let index = segments
            .iter()
            .filter(|s| !matches!(s, Segment::Literal(_)))
            .position(|s| std::ptr::eq(s, segment))?;
        Some(
            checked
                .functions
                .get(id.index())?
                .params
                .get(index)?
                .name
                .clone(),
        )
    }
}

/// The keys a mapping constructor already gives (`name: v` and shorthand `name`), without
/// the one at the cursor.
fn given_keys(text: &str, open: usize, close: usize, cursor: usize) -> Vec<String> {
    let inner_start = open + 1;
    let inner = text.get(inner_start..close).unwrap_or("");
    let mut keys = Vec::new();
    let mut depth = 0i32;
    let mut segment_start = 0;
    let mut in_string = false;
    let bytes = inner.as_bytes();
    let mut take = |from: usize, to: usize| {
        let absolute = inner_start + from..inner_start + to;
        if absolute.contains(&cursor) || absolute.end == cursor {
            return;
        }
        let segment = inner[from..to].trim();
        let segment = segment.strip_prefix("readonly ").unwrap_or(segment).trim();
        let end = segment
            .char_indices()
            .find(|(_, c)| !scan::is_word(*c) && *c != '\'')
            .map_or(segment.len(), |(i, _)| i);
        let name = segment[..end].trim_start_matches('\'');
        let rest = segment[end..].trim_start();
        if !name.is_empty() && (rest.is_empty() || rest.starts_with(':')) {
            keys.push(name.to_owned());
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => in_string = !in_string,
            b'\\' if in_string => i += 1,
            b'(' | b'[' | b'{' if !in_string => depth += 1,
            b')' | b']' | b'}' if !in_string => depth -= 1,
            b',' if !in_string && depth == 0 => {
                take(segment_start, i);
                segment_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    take(segment_start, bytes.len());
    keys
}
