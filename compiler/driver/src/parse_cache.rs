//! Parses kept between compilations of one program, so that an editor re-parses only the
//! files whose text changed.
//!
//! A parse is reused when the same file (its id in the source map and its display name) has
//! the same text: the tree's spans carry the file id, and ids are handed out in load order,
//! which depends only on which files the program has. Entries not used by the last two
//! compilations are dropped (two, because completion checks a patched copy of the edited file
//! between two checks of its real text).
use intc_diagnostics::Diagnostic;
use intc_span::FileId;
use intc_syntax::ast;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct ParseKey {
    file: FileId,
    display: String,
    text_hash: u64,
}

#[derive(Debug)]
struct CachedParse {
    /// Compared on a hit, so a hash collision cannot hand out another text's tree.
    text: String,
    /// Shared with every compilation that reuses it: a check never mutates a tree, so a hit
    /// costs a reference count, not a copy of the tree (which was 7% of an editor re-check).
    module: Arc<ast::Module>,
    diagnostics: Vec<Diagnostic>,
    /// The compilation that last used it.
    used: u64,
}

/// The parses of one program's files (pass the same cache to every compilation of it).
#[derive(Debug, Default)]
pub struct ParseCache {
    entries: HashMap<ParseKey, CachedParse>,
    generation: u64,
    parsed: usize,
    reused: usize,
}

impl ParseCache {
    pub fn new() -> ParseCache {
        ParseCache::default()
    }

    /// How many files were parsed through this cache (misses), since it was made.
    pub fn parsed(&self) -> usize {
        self.parsed
    }

    /// How many parses were reused (hits), since it was made.
    pub fn reused(&self) -> usize {
        self.reused
    }

    /// Starts a compilation.
    pub(crate) fn begin(&mut self) {
        self.generation += 1;
    }

    /// Ends a compilation: forgets what the last two did not use.
    pub(crate) fn end(&mut self) {
        let oldest = self.generation.saturating_sub(1);
        self.entries.retain(|_, entry| entry.used >= oldest);
    }

    /// The parse of `text` as file `file` named `display` and its syntax diagnostics, from
    /// the cache or fresh.
    pub(crate) fn parse(
        &mut self,
        file: FileId,
        display: &str,
        text: &str,
    ) -> (Arc<ast::Module>, Vec<Diagnostic>) {
        let key = ParseKey {
            file,
            display: display.to_owned(),
            text_hash: hash_text(text),
        };
        if let Some(entry) = self.entries.get_mut(&key) {
            if entry.text == text {
                entry.used = self.generation;
                self.reused += 1;
                return (Arc::clone(&entry.module), entry.diagnostics.clone());
            }
        }
        let parsed = intc_syntax::parse(file, text);
        self.parsed += 1;
        let module = Arc::new(parsed.module);
        self.entries.insert(
            key,
            CachedParse {
                text: text.to_owned(),
                module: Arc::clone(&module),
                diagnostics: parsed.diagnostics.clone(),
                used: self.generation,
            },
        );
        (module, parsed.diagnostics)
    }
}

fn hash_text(text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}
