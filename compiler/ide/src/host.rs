//! The open files and the memo of checked programs.
//!
//! What is incremental: a program is re-checked only when the content of a file its
//! compilation read (or a directory it listed) changed; otherwise the memoised [`Analysis`]
//! answers. A check parses only the files whose text changed (the driver's [`ParseCache`],
//! one per program root) and checks every user module and the standard library's signatures
//! (not its function bodies). An edit inside one function body, asked for diagnostics
//! ([`AnalysisHost::diagnostics_analysis`]), re-checks that body alone (`incremental.rs`).
use crate::analysis::Analysis;
use intc_driver::{CompileOptions, FileSystem, ParseCache, MANIFEST_FILE};
use std::cell::RefCell;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

/// What one compilation read, to tell whether a later one would read the same.
#[derive(Clone, Debug, Default)]
pub(crate) struct Reads {
    files: Vec<(PathBuf, Option<u64>)>,
    dirs: Vec<(PathBuf, Option<Vec<PathBuf>>)>,
}

/// The open files (their texts overlay the disk) and the programs checked so far.
pub struct AnalysisHost {
    base: Arc<dyn FileSystem + Send + Sync>,
    pub(crate) options: Arc<CompileOptions>,
    overlay: HashMap<PathBuf, Arc<str>>,
    /// The checked programs by root (an `Analysis` is not `Sync`: the host lives on one
    /// thread, the language server's worker).
    memo: RefCell<HashMap<PathBuf, Rc<Analysis>>>,
    /// The parses of each program's files, reused for the files an edit did not change.
    parses: RefCell<HashMap<PathBuf, ParseCache>>,
}

impl AnalysisHost {
    pub fn new(base: Arc<dyn FileSystem + Send + Sync>, options: CompileOptions) -> AnalysisHost {
        AnalysisHost {
            base,
            options: Arc::new(options),
            overlay: HashMap::new(),
            memo: RefCell::new(HashMap::new()),
            parses: RefCell::new(HashMap::new()),
        }
    }

    /// How many files were parsed and how many parses were reused, over every program so
    /// far (for tests and the latency benchmark).
    pub fn parse_counts(&self) -> (usize, usize) {
        let caches = self.parses.borrow();
        caches.values().fold((0, 0), |(parsed, reused), cache| {
            (parsed + cache.parsed(), reused + cache.reused())
        })
    }

    /// Sets the text of an open file (it overlays the disk from now on).
    pub fn set_file_text(&mut self, path: &Path, text: &str) {
        self.overlay.insert(path.to_path_buf(), Arc::from(text));
    }

    /// Closes a file: the disk's content counts again.
    pub fn close_file(&mut self, path: &Path) {
        self.overlay.remove(path);
    }

    /// The current text of a file (open or on disk).
    pub fn file_text(&self, path: &Path) -> Option<String> {
        let bytes = self.overlay_fs().read(path).ok()?;
        Some(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// The file formatted in the canonical style (`intc-fmt`), or `None` when it is already
    /// formatted, cannot be read, or has syntax errors (the formatter refuses those; the
    /// diagnostics already show them).
    pub fn formatted(&self, path: &Path) -> Option<String> {
        let text = self.file_text(path)?;
        let formatted = intc_fmt::format(&text).ok()?;
        (formatted != text).then_some(formatted)
    }

    /// The directory of the project a file belongs to (the nearest ancestor with `Int.toml`),
    /// else the file itself (a single-file program).
    pub fn program_root(&self, file: &Path) -> PathBuf {
        let fs = self.overlay_fs();
        file.ancestors()
            .skip(1)
            .find(|dir| fs.exists(&dir.join(MANIFEST_FILE)))
            .map(Path::to_path_buf)
            .unwrap_or_else(|| file.to_path_buf())
    }

    /// The checked program `file` belongs to, from the memo when nothing it read changed.
    pub fn analysis(&self, file: &Path) -> Result<Rc<Analysis>, String> {
        let root = self.program_root(file);
        let fs = self.overlay_fs();
        if let Some(analysis) = self.memo.borrow().get(&root) {
            if !analysis.is_edited() && analysis.reads.unchanged(&fs) {
                return Ok(Rc::clone(analysis));
            }
        }
        let analysis = Rc::new(self.analyse_with(&root, &fs)?);
        self.memo.borrow_mut().insert(root, Rc::clone(&analysis));
        Ok(analysis)
    }

    /// An analysis of the program `file` belongs to that answers its diagnostics (and
    /// `Analysis::text`), and nothing else: after an edit inside one function body, only that
    /// body is checked again (`incremental.rs`). The language server publishes diagnostics
    /// from this.
    pub fn diagnostics_analysis(&self, file: &Path) -> Result<Rc<Analysis>, String> {
        let root = self.program_root(file);
        let fs = self.overlay_fs();
        let previous = self.memo.borrow_mut().remove(&root);
        if let Some(previous) = previous {
            match previous.reads.changed_file(&fs) {
                Some(None) => {
                    self.memo.borrow_mut().insert(root, Rc::clone(&previous));
                    return Ok(previous);
                }
                Some(Some(changed)) => {
                    // Unshared (the memo held the only reference): the kept check moves on.
                    if let (Ok(mut previous), Ok(bytes)) =
                        (Rc::try_unwrap(previous), fs.read(&changed))
                    {
                        let text = String::from_utf8_lossy(&bytes);
                        if previous.edit(&changed, &text) {
                            previous.reads.set(&changed, hash_bytes(&bytes));
                            let edited = Rc::new(previous);
                            self.memo.borrow_mut().insert(root, Rc::clone(&edited));
                            return Ok(edited);
                        }
                    }
                }
                None => {}
            }
        }
        let analysis = Rc::new(self.analyse_with(&root, &fs)?);
        self.memo.borrow_mut().insert(root, Rc::clone(&analysis));
        Ok(analysis)
    }

    /// Checks the program of `file` as if `file` held `text` (completion inserts a
    /// placeholder name at the cursor so that what is before it parses and is typed).
    pub(crate) fn analysis_with_text(&self, file: &Path, text: &str) -> Result<Analysis, String> {
        let root = self.program_root(file);
        let mut fs = self.overlay_fs();
        fs.overlay.insert(file.to_path_buf(), Arc::from(text));
        self.analyse_with(&root, &fs)
    }

    fn analyse_with(&self, root: &Path, fs: &OverlayFs<'_>) -> Result<Analysis, String> {
        let recording = Recording {
            inner: fs,
            reads: RefCell::new(Reads::default()),
        };
        let mut caches = self.parses.borrow_mut();
        let cache = caches.entry(root.to_path_buf()).or_default();
        let output = intc_driver::check_only_kept(&recording, root, &self.options, cache)
            .map_err(|error| error.to_string())?;
        drop(caches);
        Ok(Analysis::new(
            root.to_path_buf(),
            output,
            recording.reads.into_inner(),
        ))
    }

    pub(crate) fn overlay_fs(&self) -> OverlayFs<'_> {
        OverlayFs {
            base: self.base.as_ref(),
            overlay: self.overlay.clone(),
        }
    }
}

impl Reads {
    /// `Some(None)` when nothing read changed, `Some(Some(path))` when the content of that
    /// file alone did, `None` otherwise.
    fn changed_file(&self, fs: &dyn FileSystem) -> Option<Option<PathBuf>> {
        let mut changed: Option<&PathBuf> = None;
        for (path, hash) in &self.files {
            if changed == Some(path) {
                continue;
            }
            let now = fs.read(path).ok().map(|b| hash_bytes(&b));
            if now != *hash {
                if changed.is_some() || hash.is_none() || now.is_none() {
                    return None;
                }
                changed = Some(path);
            }
        }
        let dirs = self
            .dirs
            .iter()
            .all(|(path, listing)| sorted_listing(fs, path) == *listing);
        dirs.then(|| changed.cloned())
    }

    /// Records that `path` now has the content hashed `hash`.
    fn set(&mut self, path: &Path, hash: u64) {
        for (read, old) in &mut self.files {
            if read == path {
                *old = Some(hash);
            }
        }
    }

    fn unchanged(&self, fs: &dyn FileSystem) -> bool {
        self.files
            .iter()
            .all(|(path, hash)| fs.read(path).ok().map(|b| hash_bytes(&b)) == *hash)
            && self
                .dirs
                .iter()
                .all(|(path, listing)| sorted_listing(fs, path) == *listing)
    }
}

fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

fn sorted_listing(fs: &dyn FileSystem, path: &Path) -> Option<Vec<PathBuf>> {
    let mut entries = fs.list_dir(path).ok()?;
    entries.sort();
    Some(entries)
}

/// The disk with the open files' texts over it.
pub(crate) struct OverlayFs<'a> {
    base: &'a (dyn FileSystem + Send + Sync),
    overlay: HashMap<PathBuf, Arc<str>>,
}

impl FileSystem for OverlayFs<'_> {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        match self.overlay.get(path) {
            Some(text) => Ok(text.as_bytes().to_vec()),
            None => self.base.read(path),
        }
    }

    fn list_dir(&self, path: &Path) -> io::Result<Vec<PathBuf>> {
        let listed = self.base.list_dir(path);
        let extra = self
            .overlay
            .keys()
            .filter(|file| file.parent() == Some(path))
            .cloned();
        match listed {
            Ok(mut entries) => {
                for file in extra {
                    if !entries.contains(&file) {
                        entries.push(file);
                    }
                }
                Ok(entries)
            }
            Err(error) => {
                let entries: Vec<PathBuf> = extra.collect();
                if entries.is_empty() {
                    Err(error)
                } else {
                    Ok(entries)
                }
            }
        }
    }

    fn exists(&self, path: &Path) -> bool {
        self.overlay.contains_key(path) || self.base.exists(path)
    }

    fn is_dir(&self, path: &Path) -> bool {
        !self.overlay.contains_key(path) && self.base.is_dir(path)
    }
}

/// Notes every read and listing of a compilation.
struct Recording<'a> {
    inner: &'a dyn FileSystem,
    reads: RefCell<Reads>,
}

impl FileSystem for Recording<'_> {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        let result = self.inner.read(path);
        let hash = result.as_ref().ok().map(|bytes| hash_bytes(bytes));
        self.reads
            .borrow_mut()
            .files
            .push((path.to_path_buf(), hash));
        result
    }

    fn list_dir(&self, path: &Path) -> io::Result<Vec<PathBuf>> {
        let result = self.inner.list_dir(path);
        let listing = result.as_ref().ok().map(|entries| {
            let mut entries = entries.clone();
            entries.sort();
            entries
        });
        self.reads
            .borrow_mut()
            .dirs
            .push((path.to_path_buf(), listing));
        result
    }

    fn exists(&self, path: &Path) -> bool {
        let exists = self.inner.exists(path);
        // An existence check counts as a read: a file that appears or goes away changes it.
        let hash = self.inner.read(path).ok().map(|bytes| hash_bytes(&bytes));
        self.reads
            .borrow_mut()
            .files
            .push((path.to_path_buf(), hash));
        exists
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.inner.is_dir(path)
    }
}
