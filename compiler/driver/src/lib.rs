//! intc-driver: turns a program root (one `.int` file or a project directory) into checked,
//! lowered and verified IR, collecting every diagnostic on the way. It does no I/O of its own:
//! all reads go through the [`FileSystem`] the embedder supplies.

mod fs;
mod loader;
mod manifest;
mod parse_cache;

pub use fs::{FileSystem, MemoryFileSystem, StdFileSystem};
pub use loader::{
    load, load_cached, LoadError, LoadedProgram, ProgramKind, ProgramLayout, ANONYMOUS_ORG,
    MANIFEST_FILE,
};
pub use manifest::{parse_manifest, PackageManifest};
pub use parse_cache::ParseCache;

use intc_diagnostics::Diagnostic;
use intc_sema::{CheckedProgram, SourceModule};
use intc_span::SourceMap;
use intc_syntax::ast;
use std::path::Path;

/// A standard library module the embedder makes importable as `std/<name>` (and through the
/// aliases `ballerina/<name>` and `ballerinax/<name>`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StdModule {
    /// Dotted module name, e.g. `io`.
    pub name: String,
    /// Source files: display name and text.
    pub files: Vec<(String, String)>,
}

/// What the embedder configures for a compilation.
#[derive(Clone, Debug, Default)]
pub struct CompileOptions {
    pub std_modules: Vec<StdModule>,
}

impl CompileOptions {
    /// Options with the standard library given as `(module, file name, text)` per file, a
    /// module's files in order.
    pub fn with_std_files<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>,
    ) -> Self {
        let mut std_modules: Vec<StdModule> = Vec::new();
        for (module, file_name, text) in files {
            let file = (file_name.to_owned(), text.to_owned());
            match std_modules.iter_mut().find(|m| m.name == module) {
                Some(existing) => existing.files.push(file),
                None => std_modules.push(StdModule {
                    name: module.to_owned(),
                    files: vec![file],
                }),
            }
        }
        CompileOptions { std_modules }
    }
}

/// Everything one compilation produced.
#[derive(Debug)]
pub struct CompileOutput {
    pub source_map: SourceMap,
    /// Every diagnostic of every stage, sorted by file and position, duplicates removed.
    pub diagnostics: Vec<Diagnostic>,
    /// The verified program; `None` when there were errors.
    pub program: Option<intc_ir::Program>,
    /// The parsed modules (also for `intc dump ast`).
    pub modules: Vec<SourceModule>,
    pub layout: ProgramLayout,
    /// Failures of the compiler itself (constructs lowering cannot handle, IR verifier
    /// rejections): not the user's fault, but the program cannot run.
    pub internal_errors: Vec<String>,
    /// The checker's tables (`None` when the nesting limit cut the input): what the IDE
    /// layer reads for hover, definitions and completion.
    pub checked: Option<CheckedProgram>,
}

impl CompileOutput {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The parameters of the root module's `main` as declared (the IR records only their
    /// types), so command-line arguments can be matched by name and defaults left out.
    pub fn main_parameters(&self) -> Option<Vec<MainParameter>> {
        let root = self.modules.iter().find(|module| module.is_root)?;
        let main = root
            .files
            .iter()
            .flat_map(|file| &file.items)
            .find_map(|item| match item {
                ast::Item::Function(function) if function.name.name == "main" => Some(function),
                _ => None,
            })?;
        Some(
            main.signature
                .params
                .iter()
                .map(|param| MainParameter {
                    name: param.name.name.clone(),
                    kind: match param.kind {
                        ast::ParamKind::Required | ast::ParamKind::Included => {
                            MainParameterKind::Required
                        }
                        ast::ParamKind::Defaultable => MainParameterKind::Defaultable,
                        ast::ParamKind::Rest => MainParameterKind::Rest,
                    },
                })
                .collect(),
        )
    }
}

/// One declared parameter of `main`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MainParameter {
    pub name: String,
    pub kind: MainParameterKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MainParameterKind {
    Required,
    /// Has a default: may be left out on the command line (it then arrives as `()`).
    Defaultable,
    Rest,
}

/// Loads, parses and checks; when that finds no error, lowers and verifies.
pub fn compile(
    fs: &dyn FileSystem,
    root: &Path,
    options: &CompileOptions,
) -> Result<CompileOutput, LoadError> {
    let loaded = load(fs, root, options)?;
    Ok(compile_loaded(loaded, true))
}

/// Loads, parses and checks without lowering (for `intc check`).
pub fn check_only(
    fs: &dyn FileSystem,
    root: &Path,
    options: &CompileOptions,
) -> Result<CompileOutput, LoadError> {
    let loaded = load(fs, root, options)?;
    Ok(compile_loaded(loaded, false))
}

/// [`check_only`] for an editor: files whose text is unchanged since an earlier check with
/// the same `cache` are not parsed again. The diagnostics are [`check_only`]'s (those at one
/// position may come in another order).
pub fn check_only_cached(
    fs: &dyn FileSystem,
    root: &Path,
    options: &CompileOptions,
    cache: &mut ParseCache,
) -> Result<CompileOutput, LoadError> {
    let kept = check_only_kept(fs, root, options, cache)?;
    let mut output = kept.output;
    output.checked = kept.kept.map(|kept| kept.into_parts().0);
    Ok(output)
}

fn compile_loaded(loaded: LoadedProgram, lower: bool) -> CompileOutput {
    let LoadedProgram {
        source_map,
        mut diagnostics,
        modules,
        layout,
    } = loaded;
    // Files with syntax errors are checked too: the parser recovers per declaration and per
    // statement, and the checker stays silent inside what did not parse (bodies with error
    // statements, names a broken declaration may have declared), so the other functions and
    // files still get their type errors. Lowering needs an error-free program.
    // Input the nesting limit cut (E0005) is not checked: the cut removed arbitrary pieces of
    // the tree, so the checker's findings would be echoes of it, and a tree at the limit is
    // deeper than the checker's recursion is meant to walk.
    let cut = diagnostics
        .iter()
        .any(|d| d.code == intc_diagnostics::codes::NESTING_TOO_DEEP);
    let checked = if cut {
        None
    } else {
        let syntax_errors = syntax_errors(&diagnostics);
        // Checking only reports the user's diagnostics, so library bodies (whose tables only
        // lowering reads) are left out; compiling to run checks them all.
        let bodies = if lower {
            intc_sema::Bodies::All
        } else {
            intc_sema::Bodies::UserOnly
        };
        let result = intc_sema::check_recovered(&modules, &source_map, &syntax_errors, bodies);
        diagnostics = combine_diagnostics(diagnostics, result.diagnostics, &source_map);
        Some(result.program)
    };
    let diagnostics = sort_and_deduplicate(diagnostics);
    let mut output = CompileOutput {
        source_map,
        diagnostics,
        program: None,
        modules,
        layout,
        internal_errors: Vec::new(),
        checked: None,
    };
    let Some(checked) = checked else {
        return output;
    };
    if !lower || output.has_errors() {
        output.checked = Some(checked);
        return output;
    }
    match lower_checked(&checked, &output.modules, &output.source_map) {
        Ok(program) => match intc_ir::verify(&program) {
            Ok(()) => output.program = Some(program),
            Err(problems) => {
                output.internal_errors = problems
                    .into_iter()
                    .map(|problem| format!("IR verification failed: {problem}"))
                    .collect();
            }
        },
        Err(problems) => output.internal_errors = problems,
    }
    output.checked = Some(checked);
    output
}

/// What [`check_only_kept`] gives: the output (without `checked`: the kept check holds the
/// program) and the loader's and parser's diagnostics alone.
pub struct KeptOutput {
    pub output: CompileOutput,
    /// `None` when the input was cut at the nesting limit (then nothing is checked).
    pub kept: Option<intc_sema::KeptCheck>,
    pub loaded_diagnostics: Vec<Diagnostic>,
}

/// [`check_only_cached`] keeping the checker, for an editor's per-body re-checks
/// (`intc_sema::KeptCheck`); its diagnostics are the same.
pub fn check_only_kept(
    fs: &dyn FileSystem,
    root: &Path,
    options: &CompileOptions,
    cache: &mut ParseCache,
) -> Result<KeptOutput, LoadError> {
    let LoadedProgram {
        source_map,
        diagnostics,
        modules,
        layout,
    } = load_cached(fs, root, options, cache)?;
    let cut = diagnostics
        .iter()
        .any(|d| d.code == intc_diagnostics::codes::NESTING_TOO_DEEP);
    let kept = (!cut).then(|| {
        intc_sema::KeptCheck::check(
            modules.clone(),
            &source_map,
            &syntax_errors(&diagnostics),
            intc_sema::Bodies::UserOnly,
        )
    });
    let all = match &kept {
        Some(kept) => combine_diagnostics(diagnostics.clone(), kept.diagnostics(), &source_map),
        None => diagnostics.clone(),
    };
    Ok(KeptOutput {
        output: CompileOutput {
            diagnostics: sort_and_deduplicate(all),
            source_map,
            program: None,
            modules,
            layout,
            internal_errors: Vec::new(),
            checked: None,
        },
        kept,
        loaded_diagnostics: diagnostics,
    })
}

/// The spans of the syntax errors the checker stays silent around.
pub fn syntax_errors(diagnostics: &[Diagnostic]) -> Vec<intc_span::Span> {
    diagnostics
        .iter()
        .filter(|d| d.code == intc_diagnostics::codes::SYNTAX && !intc_syntax::recovered_in_full(d))
        .map(|d| d.span)
        .collect()
}

/// The loader's and parser's diagnostics with the checker's, sorted and deduplicated as
/// every check reports them; the checker's on a line with a lexical error are left out.
pub fn combine_diagnostics(
    mut loaded: Vec<Diagnostic>,
    checked: Vec<Diagnostic>,
    sources: &SourceMap,
) -> Vec<Diagnostic> {
    let lexical = lexical_error_lines(&loaded, sources);
    loaded.extend(checked.into_iter().filter(|d| {
        let line = sources.get(d.span.file).map(|f| f.line_of(d.span.start));
        !line.is_some_and(|line| lexical.contains(&(d.span.file, line)))
    }));
    sort_and_deduplicate(loaded)
}

/// The lines with a lexical error (a skipped character, an unterminated literal): the tokens
/// there are not what the user wrote, so the checker's findings on those lines are echoes
/// (`'hello'` lexes as the name `hello` and a stray `'`).
fn lexical_error_lines(
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
) -> std::collections::HashSet<(intc_span::FileId, u32)> {
    use intc_diagnostics::codes;
    diagnostics
        .iter()
        .filter(|d| d.code == codes::LEXICAL || d.code == codes::UNTERMINATED)
        .filter_map(|d| {
            let file = sources.get(d.span.file)?;
            Some((d.span.file, file.line_of(d.span.start)))
        })
        .collect()
}

/// The single seam to the lowering crate, so its signature can change in one place.
fn lower_checked(
    checked: &CheckedProgram,
    modules: &[SourceModule],
    sources: &SourceMap,
) -> Result<intc_ir::Program, Vec<String>> {
    intc_lower::lower(checked, modules, sources)
}

/// Stages may report the same problem (an unknown import is seen by the loader and the
/// checker, in different words); one report is enough. Otherwise different messages at one
/// place stay (a call missing two required parameters is two errors, as in jBallerina).
fn sort_and_deduplicate(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.sort_by_key(|diagnostic| (diagnostic.span.file, diagnostic.span.start));
    let mut seen = std::collections::HashSet::new();
    diagnostics.retain(|diagnostic| {
        let message = if diagnostic.code == intc_diagnostics::codes::UNDEFINED_MODULE {
            String::new()
        } else {
            diagnostic.message.clone()
        };
        seen.insert((diagnostic.code, diagnostic.span, message))
    });
    diagnostics
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_cache;
#[cfg(test)]
mod tests_sharing;
