//! One checked program and the indexes the queries share: every name occurrence with the
//! span of its definition, and every expression by span.
use crate::host::Reads;
use crate::FileDiagnostic;
use intc_diagnostics::Diagnostic;
use intc_driver::{CompileOutput, KeptOutput};
use intc_sema::model_ide::ItemSymbol;
use intc_sema::{CheckedProgram, KeptCheck, NodeKey, TypeArena, TypeId};
use intc_span::{FileId, Span};
use intc_syntax::ast;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

/// Where a file of the program comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FileKey {
    /// A file of the project (or the single-file program) on disk.
    Disk(PathBuf),
    /// A standard library source compiled into intc (`std/io`'s `io.int`).
    Std { module: String, file: String },
}

/// A range of a file, in bytes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Location {
    pub file: FileKey,
    pub start: u32,
    pub end: u32,
}

/// What a name denotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Def {
    Item(ItemSymbol),
    Local(NodeKey),
}

/// A checked program with its indexes; answers every query about its files. One whose bodies
/// were re-checked after an edit (`incremental.rs`) answers only diagnostics.
pub struct Analysis {
    pub(crate) output: CompileOutput,
    pub(crate) reads: Reads,
    /// The checker, kept for re-checking an edited body (`None` when nothing was checked).
    pub(crate) kept: Option<KeptCheck>,
    /// The loader's and parser's diagnostics (those of `output` without the checker's).
    pub(crate) loaded_diagnostics: Vec<Diagnostic>,
    /// Set once a body was re-checked: where the edited files' texts and the check's
    /// coordinates differ.
    pub(crate) edits: Option<crate::incremental::Edits>,
    pub(crate) keys: FxHashMap<FileId, FileKey>,
    /// Name occurrences (definitions included) sorted by start: (name span, definition).
    pub(crate) names: Vec<(Span, Def)>,
    /// The name span of each definition.
    pub(crate) def_spans: FxHashMap<Def, Span>,
    /// Checked expressions sorted by start.
    pub(crate) exprs: Vec<(Span, NodeKey)>,
    /// The name spans of the fields each record type descriptor declares, by the record type
    /// it resolved to.
    pub(crate) record_fields: FxHashMap<TypeId, Vec<Span>>,
    empty: CheckedProgram,
}

impl Analysis {
    pub(crate) fn new(root: PathBuf, kept: KeptOutput, reads: Reads) -> Analysis {
        let KeptOutput {
            output,
            kept,
            loaded_diagnostics,
        } = kept;
        let mut keys = FxHashMap::default();
        for module in &output.modules {
            for file in &module.files {
                let name = output
                    .source_map
                    .get(file.file)
                    .map(|f| f.name.clone())
                    .unwrap_or_default();
                let key = if module.name.org == "std" {
                    FileKey::Std {
                        module: module.name.name.clone(),
                        file: name,
                    }
                } else if root.extension().is_some_and(|e| e == "int") {
                    FileKey::Disk(root.clone())
                } else {
                    FileKey::Disk(root.join(name))
                };
                keys.insert(file.file, key);
            }
        }
        let mut analysis = Analysis {
            output,
            reads,
            kept,
            loaded_diagnostics,
            edits: None,
            keys,
            names: Vec::new(),
            def_spans: FxHashMap::default(),
            exprs: Vec::new(),
            record_fields: FxHashMap::default(),
            empty: CheckedProgram::default(),
        };
        analysis.index();
        analysis
    }

    fn index(&mut self) {
        let Some(kept) = &self.kept else {
            return;
        };
        let ide = &kept.program().ide;
        let mut def_spans: FxHashMap<Def, Span> = FxHashMap::default();
        for &(symbol, span) in &ide.item_defs {
            def_spans.entry(Def::Item(symbol)).or_insert(span);
        }
        for &(key, span) in &ide.local_defs {
            def_spans.entry(Def::Local(key)).or_insert(span);
        }
        let mut names: Vec<(Span, Def)> = def_spans.iter().map(|(d, s)| (*s, *d)).collect();
        names.extend(ide.item_refs.iter().map(|&(s, sym)| (s, Def::Item(sym))));
        names.extend(ide.local_refs.iter().map(|&(s, key)| (s, Def::Local(key))));
        names.retain(|(span, _)| !span.is_dummy());
        // Ordered by `Def`'s derived order, not its debug text: formatting it per comparison was
        // a third of a re-check of a 5,000-line project.
        names.sort_unstable_by_key(|&(s, d)| (s.file, s.start, s.end, d));
        names.dedup();
        let mut exprs = ide.exprs.clone();
        exprs.sort_by_key(|(s, _)| (s.file, s.start, std::cmp::Reverse(s.end)));
        exprs.dedup();
        let mut record_fields: FxHashMap<TypeId, Vec<Span>> = FxHashMap::default();
        for &(ty, span) in &ide.record_fields {
            if !span.is_dummy() {
                record_fields.entry(ty).or_default().push(span);
            }
        }
        self.names = names;
        self.def_spans = def_spans;
        self.exprs = exprs;
        self.record_fields = record_fields;
    }

    pub(crate) fn checked(&self) -> &CheckedProgram {
        self.kept
            .as_ref()
            .map_or(&self.empty, |kept| kept.program())
    }

    /// The id of a file of this program.
    pub fn file_id(&self, path: &Path) -> Option<FileId> {
        self.keys
            .iter()
            .find(|(_, key)| matches!(key, FileKey::Disk(p) if p == path))
            .map(|(id, _)| *id)
    }

    pub(crate) fn key(&self, file: FileId) -> Option<&FileKey> {
        self.keys.get(&file)
    }

    pub(crate) fn location(&self, span: Span) -> Option<Location> {
        Some(Location {
            file: self.key(span.file)?.clone(),
            start: span.start,
            end: span.end,
        })
    }

    /// The text of a file as this analysis saw it.
    pub fn text(&self, file: &FileKey) -> Option<&str> {
        let (&id, _) = self.keys.iter().find(|(_, key)| *key == file)?;
        if let Some(text) = self.edits.as_ref().and_then(|e| e.text(id)) {
            return Some(text);
        }
        self.output
            .source_map
            .get(id)
            .map(|source| source.text.as_str())
    }

    pub(crate) fn text_of(&self, file: FileId) -> &str {
        self.output
            .source_map
            .get(file)
            .map(|source| source.text.as_str())
            .unwrap_or("")
    }

    /// The parsed tree of a file.
    pub(crate) fn ast(&self, file: FileId) -> Option<&ast::Module> {
        self.output
            .modules
            .iter()
            .flat_map(|module| &module.files)
            .find(|module| module.file == file)
            .map(|module| &**module)
    }

    /// Every file's diagnostics for one file, with byte offsets.
    pub fn diagnostics(&self, path: &Path) -> Vec<FileDiagnostic> {
        let Some(file) = self.file_id(path) else {
            return Vec::new();
        };
        self.output
            .diagnostics
            .iter()
            .filter(|d| d.span.file == file)
            .map(|d| FileDiagnostic {
                start: d.span.start,
                end: d.span.end,
                severity: d.severity,
                code: d.code.0,
                message: d.message.clone(),
                related: d
                    .labels
                    .iter()
                    .filter_map(|l| Some((self.location(l.span)?, l.message.clone())))
                    .collect(),
            })
            .collect()
    }

    /// The name occurrence at an offset and what it denotes.
    pub(crate) fn name_at(&self, file: FileId, offset: u32) -> Option<(Span, Def)> {
        self.names
            .iter()
            .find(|(s, _)| s.file == file && s.start <= offset && offset <= s.end)
            .copied()
    }

    /// The innermost checked expression covering an offset.
    pub(crate) fn expr_at(&self, file: FileId, offset: u32) -> Option<(Span, NodeKey)> {
        self.exprs
            .iter()
            .filter(|(s, _)| s.file == file && s.start <= offset && offset <= s.end)
            .min_by_key(|(s, _)| s.end - s.start)
            .copied()
    }

    pub(crate) fn type_of(&self, key: NodeKey) -> TypeId {
        self.checked()
            .expr_types
            .get(&key)
            .copied()
            .unwrap_or(TypeArena::UNKNOWN)
    }

    pub(crate) fn show_type(&self, ty: TypeId) -> String {
        self.checked().types.display(ty)
    }

    /// All occurrences of what a definition's name denotes, the definition included.
    pub(crate) fn occurrences(&self, def: Def) -> Vec<Span> {
        self.names
            .iter()
            .filter(|(_, d)| *d == def)
            .map(|(s, _)| *s)
            .collect()
    }
}
