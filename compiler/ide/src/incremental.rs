//! Per-body re-checking: an edit inside one function body of one file re-checks that body
//! alone in the kept checker (`intc_sema::KeptCheck`) and maps its diagnostics to the edited
//! text.
//!
//! The edited function is re-parsed on its own at offsets past its file's old end (and past
//! every earlier re-parse), so the checker's spans of other items never move; a [`PieceMap`]
//! per file says where each range of the checker's coordinates is in the editor's text. An
//! analysis with edits answers diagnostics only (`AnalysisHost::diagnostics_analysis`);
//! every other query checks the program whole again, which also resets the coordinates.
use crate::analysis::Analysis;
use intc_diagnostics::{codes, Diagnostic, Label};
use intc_span::{FileId, Span};
use intc_syntax::ast;
use rustc_hash::FxHashMap;
use std::path::Path;

/// When the re-parsed functions of a file have pushed its coordinates this many times past
/// its length, the next edit checks the program whole again (which starts them afresh).
const MAX_GROWTH: u32 = 64;

/// A range of the checker's coordinates and where it starts in the editor's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Piece {
    from: u32,
    to: u32,
    editor: u32,
}

/// Where the checker's coordinates of one file are in the editor's text: disjoint ranges of
/// the checker's, each mapped linearly (several may map to the same text: a re-parsed
/// function's signature and the one it replaced). A coordinate in no range is dead: it was
/// in a body since re-parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PieceMap {
    pieces: Vec<Piece>,
}

impl PieceMap {
    /// The identity over a text of `len` bytes.
    pub(crate) fn identity(len: u32) -> PieceMap {
        PieceMap {
            pieces: vec![Piece {
                from: 0,
                to: len.saturating_add(1),
                editor: 0,
            }],
        }
    }

    /// The editor offset of a checker offset, `None` when it is dead.
    pub(crate) fn to_editor(&self, offset: u32) -> Option<u32> {
        self.pieces
            .iter()
            .find(|p| p.from <= offset && offset < p.to)
            .map(|p| p.editor + (offset - p.from))
    }

    /// Records a re-parse: the editor's text in `body` (a checked body, with all that mapped
    /// into it) is gone, the text after it moved by `delta`, and the item re-parsed at checker
    /// range `fresh` starts at editor offset `at`.
    pub(crate) fn replace(&mut self, body: (u32, u32), delta: i64, fresh: (u32, u32), at: u32) {
        let mut pieces = Vec::with_capacity(self.pieces.len() + 2);
        for piece in &self.pieces {
            let len = piece.to - piece.from;
            // The parts of the piece before and after the body, in the editor's offsets.
            let parts = [
                (piece.editor, (piece.editor + len).min(body.0), 0),
                (piece.editor.max(body.1), piece.editor + len, delta),
            ];
            for (start, end, moved) in parts {
                if start >= end {
                    continue;
                }
                pieces.push(Piece {
                    from: piece.from + (start - piece.editor),
                    to: piece.from + (end - piece.editor),
                    editor: (i64::from(start) + moved).max(0) as u32,
                });
            }
        }
        pieces.push(Piece {
            from: fresh.0,
            to: fresh.1,
            editor: at,
        });
        self.pieces = pieces;
    }

    /// A span of this file in editor offsets (its end moved with its start).
    fn span(&self, span: Span) -> Option<Span> {
        let start = self.to_editor(span.start)?;
        Some(Span::new(
            span.file,
            start,
            start.saturating_add(span.end.saturating_sub(span.start)),
        ))
    }
}

/// The files an analysis re-checked edits of.
#[derive(Debug, Default)]
pub(crate) struct Edits {
    files: FxHashMap<FileId, EditedFile>,
}

#[derive(Debug)]
struct EditedFile {
    text: String,
    map: PieceMap,
    /// Where the next re-parse of this file goes in the checker's coordinates.
    next_offset: u32,
    /// The file's length when it was checked whole.
    checked_len: u32,
    /// The parser's diagnostics of `text`.
    parse_diagnostics: Vec<Diagnostic>,
}

impl Edits {
    pub(crate) fn text(&self, file: FileId) -> Option<&str> {
        self.files.get(&file).map(|f| f.text.as_str())
    }

    /// A checker span in editor offsets; `None` when it is in a replaced body.
    fn span(&self, span: Span) -> Option<Span> {
        match self.files.get(&span.file) {
            Some(file) => file.map.span(span),
            None => Some(span),
        }
    }

    fn diagnostic(&self, d: Diagnostic) -> Option<Diagnostic> {
        let span = self.span(d.span)?;
        let labels = d
            .labels
            .iter()
            .filter_map(|l| {
                Some(Label {
                    span: self.span(l.span)?,
                    message: l.message.clone(),
                })
            })
            .collect();
        Some(Diagnostic { span, labels, ..d })
    }
}

impl Analysis {
    /// Whether this analysis has re-checked edits (it answers diagnostics only).
    pub(crate) fn is_edited(&self) -> bool {
        self.edits.is_some()
    }

    /// How many function bodies were re-checked alone since the program was checked whole
    /// (for tests and the latency benchmark).
    pub fn rechecked_bodies(&self) -> usize {
        self.kept.as_ref().map_or(0, |kept| kept.rechecked())
    }

    /// Makes this analysis that of `path`'s text becoming `text` when that edit stays inside
    /// one function body (that body alone is re-checked); returns `false` and answers as
    /// before otherwise.
    pub(crate) fn edit(&mut self, path: &Path, text: &str) -> bool {
        let was_edited = self.edits.is_some();
        let done = self.recheck_edit(path, text).is_some();
        if !done && !was_edited {
            self.edits = None;
        }
        done
    }

    fn recheck_edit(&mut self, path: &Path, new_text: &str) -> Option<()> {
        let file = self.file_id(path)?;
        let source_file = self.output.source_map.get(file)?;
        let checked_len = source_file.text.len() as u32;
        let tree_items = self
            .output
            .modules
            .iter()
            .flat_map(|m| &m.files)
            .find(|tree| tree.file == file)?
            .items
            .len();
        let edits = self.edits.get_or_insert_with(Edits::default);
        let edited = edits.files.entry(file).or_insert_with(|| EditedFile {
            text: source_file.text.clone(),
            map: PieceMap::identity(checked_len),
            next_offset: checked_len + 1,
            checked_len,
            parse_diagnostics: self
                .loaded_diagnostics
                .iter()
                .filter(|d| d.span.file == file && intc_syntax::reported_by_parser(d.code.0))
                .cloned()
                .collect(),
        });
        let old_text = edited.text.as_str();
        let (start, old_end, _) = changed_range(old_text.as_bytes(), new_text.as_bytes());
        let kept = self.kept.as_mut()?;
        // The body (as last checked) whose braces enclose the change; the smallest, for a
        // service's method is also inside its service.
        let target = kept
            .bodies(file)
            .into_iter()
            .filter_map(|b| Some((b, edited.map.span(b.body)?)))
            .filter(|(_, body)| body.start < start && old_end < body.end)
            .min_by_key(|(_, body)| body.end - body.start);
        let (target, body) = target?;
        let item = edited.map.span(target.item)?;
        let delta = new_text.len() as i64 - old_text.len() as i64;
        let new_len = u32::try_from(i64::from(item.end - item.start) + delta).ok()?;
        let source = new_text.get(item.start as usize..(item.start + new_len) as usize)?;
        if edited.next_offset > edited.checked_len.saturating_mul(MAX_GROWTH).max(1 << 16) {
            return None;
        }
        let at = edited.next_offset;
        let parsed = intc_syntax::parse_fragment(file, source, at, kept.next_node_id(file));
        let [reparsed] = parsed.module.items.as_slice() else {
            return None;
        };
        if (at, at + new_len) != span_of(reparsed).map(|s| (s.start, s.end))? {
            return None;
        }
        // With a syntax error in the re-parse or elsewhere in the file, the file is parsed
        // whole too: its diagnostics are what the editor shows, and the re-parse must have
        // recovered as the file's parse did.
        let parse_diagnostics =
            if parsed.diagnostics.is_empty() && edited.parse_diagnostics.is_empty() {
                Vec::new()
            } else {
                let moved = |d: &Diagnostic, by: i64| {
                    let shift = |x: u32| (i64::from(x) + by).max(0) as u32;
                    Diagnostic {
                        span: Span::new(file, shift(d.span.start), shift(d.span.end)),
                        ..d.clone()
                    }
                };
                let whole = intc_syntax::parse(file, new_text);
                let range = (item.start, item.start + new_len);
                let inside = |d: &Diagnostic| d.span.start >= range.0 && d.span.start <= range.1;
                let same_items = whole.module.items.len() == tree_items
                    && whole
                        .module
                        .items
                        .get(target.source.item)
                        .and_then(span_of)
                        .is_some_and(|s| (s.start, s.end) == range);
                let fragment: Vec<Diagnostic> = parsed
                    .diagnostics
                    .iter()
                    .map(|d| moved(d, i64::from(item.start) - i64::from(at)))
                    .collect();
                let was_outside: Vec<Diagnostic> = edited
                    .parse_diagnostics
                    .iter()
                    .filter(|d| d.span.start < item.start || d.span.start > item.end)
                    .map(|d| moved(d, if d.span.start > item.end { delta } else { 0 }))
                    .collect();
                let (now_inside, now_outside): (Vec<Diagnostic>, Vec<Diagnostic>) =
                    whole.diagnostics.iter().cloned().partition(inside);
                if !same_items || fragment != now_inside || was_outside != now_outside {
                    return None;
                }
                whole.diagnostics
            };
        let syntax_errors = intc_driver::syntax_errors(&parsed.diagnostics);
        let next_id = parsed.module.node_count;
        let reparsed = parsed.module.items.into_iter().next()?;
        if !kept.recheck(&target, reparsed, next_id, &syntax_errors) {
            return None;
        }
        edited.map.replace(
            (body.start, body.end),
            delta,
            (at, at + new_len + 1),
            item.start,
        );
        edited.next_offset = at + new_len + 1;
        edited.text = new_text.to_string();
        edited.parse_diagnostics = parse_diagnostics;
        let checked: Vec<Diagnostic> = kept
            .diagnostics()
            .into_iter()
            .filter_map(|d| edits.diagnostic(d))
            .collect();
        // The loader's and parser's diagnostics, those of edited files as parsed now.
        let mut loaded: Vec<Diagnostic> = self
            .loaded_diagnostics
            .iter()
            .filter(|d| {
                !(edits.files.contains_key(&d.span.file)
                    && intc_syntax::reported_by_parser(d.code.0))
            })
            .cloned()
            .collect();
        for edited in edits.files.values() {
            loaded.extend(edited.parse_diagnostics.iter().cloned());
        }
        let lexical = loaded.iter().any(|d| {
            [codes::LEXICAL, codes::UNTERMINATED].contains(&d.code)
                && edits.files.contains_key(&d.span.file)
        });
        self.output.diagnostics = if lexical {
            // The lines of a lexical error in an edited file are the edited text's.
            let mut sources = intc_span::SourceMap::new();
            for (id, source) in self.output.source_map.files() {
                let text = edits.text(id).unwrap_or(&source.text);
                sources.add(source.name.clone(), text);
            }
            intc_driver::combine_diagnostics(loaded, checked, &sources)
        } else {
            intc_driver::combine_diagnostics(loaded, checked, &self.output.source_map)
        };
        Some(())
    }
}

/// The span of an item that holds bodies.
fn span_of(item: &ast::Item) -> Option<Span> {
    match item {
        ast::Item::Function(def) => Some(def.span),
        ast::Item::Class(class) => Some(class.span),
        ast::Item::Service(service) => Some(service.span),
        _ => None,
    }
}

/// The range an edit changed: its start, its end in the old text and in the new (the
/// longest common prefix and, of the rest, suffix stay).
fn changed_range(old: &[u8], new: &[u8]) -> (u32, u32, u32) {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let room = old.len().min(new.len()) - prefix;
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    (
        prefix as u32,
        (old.len() - suffix) as u32,
        (new.len() - suffix) as u32,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_range_of_an_insertion_a_deletion_and_a_repeat() {
        assert_eq!(changed_range(b"abcd", b"abXcd"), (2, 2, 3));
        assert_eq!(changed_range(b"abXcd", b"abcd"), (2, 3, 2));
        // A repeated letter: the change is placed after the common prefix.
        assert_eq!(changed_range(b"aab", b"aaab"), (2, 2, 3));
        assert_eq!(changed_range(b"same", b"same"), (4, 4, 4));
    }

    #[test]
    fn a_piece_map_moves_what_follows_a_replaced_body_and_maps_the_fresh_parse() {
        // A 100-byte file; the body at 40..60 of the function at 30..60 grows by 5, and the
        // function is re-parsed at 101..136.
        let mut map = PieceMap::identity(100);
        map.replace((40, 60), 5, (101, 136), 30);
        assert_eq!(map.to_editor(10), Some(10));
        assert_eq!(map.to_editor(35), Some(35));
        assert_eq!(map.to_editor(45), None, "the old body is dead");
        assert_eq!(map.to_editor(70), Some(75));
        assert_eq!(map.to_editor(101), Some(30));
        assert_eq!(map.to_editor(121), Some(50));
        // The same body edited again (editor 40..65, one byte shorter after), re-parsed at
        // 137..171.
        map.replace((40, 65), -1, (137, 171), 30);
        assert_eq!(
            map.to_editor(101),
            Some(30),
            "its first signature still maps"
        );
        assert_eq!(
            map.to_editor(115),
            None,
            "nor does the first re-parse's body"
        );
        assert_eq!(map.to_editor(70), Some(74));
        assert_eq!(map.to_editor(137), Some(30));
    }

    #[test]
    fn a_piece_map_moves_a_checked_body_inside_an_earlier_re_parse() {
        // A class at 0..100 with methods' bodies at 20..40 and 60..80. The first body's edit
        // (+2) re-parses the class at 101..204; then the second (at editor 62..82 now, +3),
        // still checked where it was first parsed, re-parses it again at 205..310.
        let mut map = PieceMap::identity(100);
        map.replace((20, 40), 2, (101, 204), 0);
        assert_eq!(map.to_editor(70), Some(72));
        map.replace((62, 82), 3, (205, 310), 0);
        assert_eq!(
            map.to_editor(70),
            None,
            "the second body's first parse is dead"
        );
        assert_eq!(
            map.to_editor(130),
            Some(29),
            "the first body's re-check still maps"
        );
        assert_eq!(
            map.to_editor(170),
            None,
            "the first re-parse's copy of the second body"
        );
        assert_eq!(map.to_editor(195), Some(97), "the class's end moved by 3");
        assert_eq!(map.to_editor(90), Some(95));
        assert_eq!(map.to_editor(205), Some(0));
    }
}
