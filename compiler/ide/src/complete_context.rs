//! Completion that depends on where the cursor is written rather than on the scope: the
//! fields of the record a mapping constructor builds (`Album a = {$0}` offers `title`,
//! `artist`, less those already given) and the path segments of a client's resource methods
//! after `c->/`.
use crate::analysis::Analysis;
use crate::complete::{CompletionItem, CompletionKind, PLACEHOLDER};
use crate::host::AnalysisHost;
use crate::scan;
use intc_sema::Type;
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
        // The segments written before the one being typed.
        let written: Vec<&str> = written_path
            .split('/')
            .filter(|s| !s.trim().is_empty())
            .collect();
        let base_end = text[..arrow].trim_end().len();
        let patched = format!(
            "{}.{PLACEHOLDER}{};{}",
            &text[..base_end],
            scan::closers(text, base_end),
            &text[scan::line_end(text, offset)..]
        );
        let analysis = self.analysis_with_text(path, &patched).ok()?;
        let ty = analysis.type_ending_at(path, base_end as u32)?;
        let ty = analysis.without_nil(ty);
        let Type::Object(object) = analysis.checked().types.get(ty) else {
            return None;
        };
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

impl Analysis {
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
