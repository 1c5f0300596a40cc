//! Loading: finds the files of the root module, reads and parses them, and follows imports to
//! project modules (`modules/<name>/`) and registered standard library modules.

use crate::fs::FileSystem;
use crate::manifest::{parse_manifest, PackageManifest};
use crate::parse_cache::ParseCache;
use crate::{CompileOptions, StdModule};
use intc_diagnostics::{codes, Diagnostic};
use intc_sema::{ModuleName, SourceModule};
use intc_span::{SourceMap, Span};
use intc_syntax::ast;
use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The manifest file that marks a project directory.
pub const MANIFEST_FILE: &str = "Int.toml";
/// Organisation name given to a single-file program.
pub const ANONYMOUS_ORG: &str = "$anon";

/// Why a program could not even be loaded (before any source is read).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.message)
    }
}

impl std::error::Error for LoadError {}

/// The UTF-8 encoding of U+FEFF, which some editors put at the start of a file.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProgramKind {
    SingleFile,
    Project(PackageManifest),
}

/// Where a program lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgramLayout {
    pub kind: ProgramKind,
    /// The project directory, or the directory holding the single file (where `Config.toml` is
    /// looked up).
    pub root_dir: PathBuf,
}

/// The parsed modules of a program before checking.
#[derive(Debug)]
pub struct LoadedProgram {
    pub source_map: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
    pub modules: Vec<SourceModule>,
    pub layout: ProgramLayout,
}

/// Loads a program rooted at a `.int` file or at a directory containing `Int.toml`.
pub fn load(
    fs: &dyn FileSystem,
    root: &Path,
    options: &CompileOptions,
) -> Result<LoadedProgram, LoadError> {
    load_with(fs, root, options, None)
}

/// [`load`], reusing the parses in `cache` of files whose text is unchanged and keeping the
/// new ones there.
pub fn load_cached(
    fs: &dyn FileSystem,
    root: &Path,
    options: &CompileOptions,
    cache: &mut ParseCache,
) -> Result<LoadedProgram, LoadError> {
    cache.begin();
    let loaded = load_with(fs, root, options, Some(&mut *cache));
    cache.end();
    loaded
}

fn load_with(
    fs: &dyn FileSystem,
    root: &Path,
    options: &CompileOptions,
    cache: Option<&mut ParseCache>,
) -> Result<LoadedProgram, LoadError> {
    if !fs.exists(root) {
        return Err(LoadError {
            message: format!("'{}' does not exist", root.display()),
        });
    }
    let mut loader = Loader {
        fs,
        options,
        source_map: SourceMap::new(),
        diagnostics: Vec::new(),
        modules: Vec::new(),
        loaded: HashSet::new(),
        queue: VecDeque::new(),
        package: None,
        root_dir: PathBuf::new(),
        cache,
    };
    let kind = if fs.is_dir(root) {
        loader.load_project_root(root)?
    } else {
        loader.load_single_file(root)?
    };
    while let Some(pending) = loader.queue.pop_front() {
        loader.load_imported(pending);
    }
    Ok(LoadedProgram {
        source_map: loader.source_map,
        diagnostics: loader.diagnostics,
        modules: loader.modules,
        layout: ProgramLayout {
            kind,
            root_dir: loader.root_dir,
        },
    })
}

/// A module to load because some file imports it.
enum PendingModule {
    Std(ModuleName),
    Project {
        name: ModuleName,
        directory: String,
        import_span: Span,
    },
}

struct Loader<'a> {
    fs: &'a dyn FileSystem,
    options: &'a CompileOptions,
    source_map: SourceMap,
    diagnostics: Vec<Diagnostic>,
    modules: Vec<SourceModule>,
    /// Modules loaded or queued, so each is loaded once.
    loaded: HashSet<ModuleName>,
    queue: VecDeque<PendingModule>,
    package: Option<PackageManifest>,
    root_dir: PathBuf,
    /// Parses kept from earlier loads of the program (an editor's), if any.
    cache: Option<&'a mut ParseCache>,
}

impl Loader<'_> {
    fn load_single_file(&mut self, path: &Path) -> Result<ProgramKind, LoadError> {
        let bytes = self.fs.read(path).map_err(|error| LoadError {
            message: format!("cannot read '{}': {error}", path.display()),
        })?;
        self.root_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let display = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let file = self.parse_file(display, &bytes);
        let name = ModuleName {
            org: ANONYMOUS_ORG.to_owned(),
            name: ".".to_owned(),
        };
        self.add_module(name, vec![file], true, false);
        Ok(ProgramKind::SingleFile)
    }

    fn load_project_root(&mut self, directory: &Path) -> Result<ProgramKind, LoadError> {
        self.root_dir = directory.to_path_buf();
        let manifest_path = directory.join(MANIFEST_FILE);
        let manifest_bytes = self.fs.read(&manifest_path).map_err(|_| LoadError {
            message: format!(
                "'{}' is not a project: it has no {MANIFEST_FILE}",
                directory.display()
            ),
        })?;
        let manifest_text = String::from_utf8_lossy(&manifest_bytes).into_owned();
        let manifest_file = self.source_map.add(MANIFEST_FILE, manifest_text.clone());
        let manifest = match parse_manifest(manifest_file, &manifest_text) {
            Ok(manifest) => manifest,
            Err(diagnostic) => {
                self.diagnostics.push(diagnostic);
                PackageManifest {
                    org: ANONYMOUS_ORG.to_owned(),
                    name: "main".to_owned(),
                    version: String::new(),
                }
            }
        };
        self.package = Some(manifest.clone());
        let sources = self.int_files_in(directory);
        if !sources
            .iter()
            .any(|path| path.file_name().is_some_and(|name| name == "main.int"))
        {
            self.diagnostics.push(
                Diagnostic::error(
                    codes::CONFIG,
                    Span::new(manifest_file, 0, 0),
                    "the project has no main.int",
                )
                .with_help("put `public function main() { }` in main.int next to Int.toml"),
            );
        }
        let files = sources
            .iter()
            .filter_map(|path| {
                let bytes = self.read_reporting(path)?;
                Some(self.parse_file(self.display_name(path), &bytes))
            })
            .collect();
        let name = ModuleName {
            org: manifest.org.clone(),
            name: manifest.name.clone(),
        };
        self.add_module(name, files, true, false);
        Ok(ProgramKind::Project(manifest))
    }

    fn load_imported(&mut self, pending: PendingModule) {
        match pending {
            PendingModule::Std(name) => {
                let Some(module) = find_std(&self.options.std_modules, &name.name) else {
                    return;
                };
                let files = module
                    .files
                    .iter()
                    .map(|(file_name, text)| self.parse_file(file_name.clone(), text.as_bytes()))
                    .collect();
                self.add_module(name, files, false, true);
            }
            PendingModule::Project {
                name,
                directory,
                import_span,
            } => {
                let path = self.root_dir.join("modules").join(&directory);
                let sources = if self.fs.is_dir(&path) {
                    self.int_files_in(&path)
                } else {
                    Vec::new()
                };
                if sources.is_empty() {
                    self.diagnostics.push(Diagnostic::error(
                        codes::UNDEFINED_MODULE,
                        import_span,
                        format!(
                            "cannot resolve module '{}': no .int files in modules/{directory}",
                            name.name
                        ),
                    ));
                    return;
                }
                let files = sources
                    .iter()
                    .filter_map(|path| {
                        let bytes = self.read_reporting(path)?;
                        Some(self.parse_file(self.display_name(path), &bytes))
                    })
                    .collect();
                self.add_module(name, files, false, false);
            }
        }
    }

    fn add_module(
        &mut self,
        name: ModuleName,
        files: Vec<Arc<ast::Module>>,
        is_root: bool,
        is_library: bool,
    ) {
        for file in &files {
            for import in &file.imports {
                self.resolve_import(import);
            }
        }
        self.loaded.insert(name.clone());
        self.modules.push(SourceModule {
            name,
            files,
            is_root,
            is_library,
        });
    }

    /// Queues the module an import names, or reports it as unknown.
    fn resolve_import(&mut self, import: &ast::Import) {
        let path: Vec<&str> = import.path.iter().map(|part| part.name.as_str()).collect();
        let dotted = path.join(".");
        let org = import.org.as_ref().map(|org| org.name.as_str());
        let pending = match org {
            Some("ballerina") if path.first() == Some(&"lang") => return,
            Some("std" | "ballerina" | "ballerinax") => {
                if find_std(&self.options.std_modules, &dotted).is_none() {
                    self.unknown_module(import, &format!("{}/{dotted}", org.unwrap_or("std")));
                    return;
                }
                PendingModule::Std(ModuleName {
                    org: "std".to_owned(),
                    name: dotted,
                })
            }
            _ => match self.project_module(org, &path, import.span) {
                Some(pending) => pending,
                None => {
                    let shown = match org {
                        Some(org) => format!("{org}/{dotted}"),
                        None => dotted,
                    };
                    self.unknown_module(import, &shown);
                    return;
                }
            },
        };
        let name = match &pending {
            PendingModule::Std(name) | PendingModule::Project { name, .. } => name.clone(),
        };
        if self.loaded.insert(name) {
            self.queue.push_back(pending);
        }
    }

    /// `import <package>.<module>;` or `import <org>/<package>.<module>;` of this project.
    fn project_module(
        &self,
        org: Option<&str>,
        path: &[&str],
        import_span: Span,
    ) -> Option<PendingModule> {
        let package = self.package.as_ref()?;
        if org.is_some_and(|org| org != package.org)
            || path.len() < 2
            || path.first() != Some(&package.name.as_str())
        {
            return None;
        }
        let directory = path.get(1..)?.join(".");
        Some(PendingModule::Project {
            name: ModuleName {
                org: package.org.clone(),
                name: path.join("."),
            },
            directory,
            import_span,
        })
    }

    fn unknown_module(&mut self, import: &ast::Import, shown: &str) {
        let mut available: Vec<String> = self
            .options
            .std_modules
            .iter()
            .map(|module| format!("ballerina/{}", module.name))
            .collect();
        available.sort();
        let mut help = format!(
            "the standard library has {} and the lang library modules `ballerina/lang.<type>` \
             (such as `ballerina/lang.array`)",
            available
                .iter()
                .map(|name| format!("`{name}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        if let Some(package) = &self.package {
            help.push_str(&format!(
                "; this project's modules are imported as `import {}.<module>;` from \
                 `modules/<module>/`",
                package.name
            ));
        }
        self.diagnostics.push(
            Diagnostic::error(
                codes::UNDEFINED_MODULE,
                import.span,
                format!("cannot resolve module '{shown}'"),
            )
            .with_help(help),
        );
    }

    /// The `.int` files directly in a directory, sorted by name for a stable order.
    fn int_files_in(&mut self, directory: &Path) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = match self.fs.list_dir(directory) {
            Ok(entries) => entries
                .into_iter()
                .filter(|path| {
                    path.extension().is_some_and(|extension| extension == "int")
                        && !self.fs.is_dir(path)
                })
                .collect(),
            Err(_) => Vec::new(),
        };
        files.sort();
        files
    }

    fn read_reporting(&mut self, path: &Path) -> Option<Vec<u8>> {
        match self.fs.read(path) {
            Ok(bytes) => Some(bytes),
            Err(error) => {
                self.diagnostics.push(Diagnostic::error(
                    codes::CONFIG,
                    Span::DUMMY,
                    format!("cannot read '{}': {error}", path.display()),
                ));
                None
            }
        }
    }

    /// File names are shown relative to the project root with `/` separators.
    fn display_name(&self, path: &Path) -> String {
        let relative = path.strip_prefix(&self.root_dir).unwrap_or(path);
        relative
            .components()
            .map(|part| part.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/")
    }

    /// Adds a file (less a leading byte-order mark) to the source map and parses it. Invalid UTF-8 is replaced (and reported)
    /// so the parser always sees a `str`.
    fn parse_file(&mut self, display: String, bytes: &[u8]) -> Arc<ast::Module> {
        // A UTF-8 byte-order mark is not part of the text: dropping it before the file is
        // stored keeps every span and column relative to the text the user sees.
        let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
        let (text, invalid_at) = match std::str::from_utf8(bytes) {
            Ok(text) => (text.to_owned(), None),
            Err(error) => (
                String::from_utf8_lossy(bytes).into_owned(),
                Some(error.valid_up_to()),
            ),
        };
        if u32::try_from(text.len()).is_err() {
            let file = self.source_map.add(display, String::new());
            self.diagnostics.push(Diagnostic::error(
                codes::LEXICAL,
                Span::new(file, 0, 0),
                "source file is larger than 4 GiB",
            ));
            return Arc::new(intc_syntax::parse(file, "").module);
        }
        let file = self.source_map.add(display, text);
        if let Some(offset) = invalid_at {
            let start = u32::try_from(offset).unwrap_or(u32::MAX);
            self.diagnostics.push(Diagnostic::error(
                codes::LEXICAL,
                Span::new(file, start, start.saturating_add(1)),
                format!("invalid UTF-8 at byte offset {offset}"),
            ));
        }
        let text = self
            .source_map
            .get(file)
            .map(|source| source.text.as_str())
            .unwrap_or("");
        let (module, diagnostics) = match self.cache.as_deref_mut() {
            Some(cache) => {
                let display = self.source_map.get(file).map_or("", |f| f.name.as_str());
                cache.parse(file, display, text)
            }
            None => {
                let parsed = intc_syntax::parse(file, text);
                (Arc::new(parsed.module), parsed.diagnostics)
            }
        };
        self.diagnostics.extend(diagnostics);
        module
    }
}

fn find_std<'a>(modules: &'a [StdModule], name: &str) -> Option<&'a StdModule> {
    modules.iter().find(|module| module.name == name)
}
