//! `intc check` (and the editor) leave the standard library's function bodies unchecked
//! (`intc_sema::Bodies::UserOnly`); compiling to run checks them all. This holds the two to
//! the same diagnostics, to the byte, over every golden program and example: nothing a
//! library body holds may reach what the user is told.

// Only the golden runner's discovery: the rest of its support is for running programs.
#[allow(dead_code)]
#[path = "golden_parts/discovery.rs"]
mod discovery;
#[path = "golden_parts/in_process.rs"]
mod in_process;

use intc_diagnostics::Diagnostic;
use intc_driver::{CompileOptions, StdFileSystem};
use std::path::{Path, PathBuf};

/// Every program under `dir`, found as the golden runner finds its cases (each `.int` file
/// outside a project, each project as a whole; orphan expectation files are not programs).
fn programs(dir: &Path, found: &mut Vec<PathBuf>) {
    let cases = discovery::discover(dir).unwrap_or_else(|error| panic!("{error}"));
    found.extend(cases.into_iter().filter_map(|case| match case.kind {
        discovery::CaseKind::File { program } => Some(program),
        discovery::CaseKind::Project { folder } => Some(folder),
        discovery::CaseKind::Orphan { .. } => None,
    }));
}

fn shown(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics.iter().map(|d| format!("{d:?}")).collect()
}

fn compare(path: &Path, options: &CompileOptions) -> Option<String> {
    let full = intc_driver::compile(&StdFileSystem, path, options);
    let checked = intc_driver::check_only(&StdFileSystem, path, options);
    // The editor's check, which keeps the checker (`KeptCheck`): the same diagnostics, though
    // those at one position may come in another order.
    let mut cache = intc_driver::ParseCache::default();
    if let (Ok(checked), Ok(kept)) = (
        &checked,
        intc_driver::check_only_cached(&StdFileSystem, path, options, &mut cache),
    ) {
        let (mut want, mut got) = (shown(&checked.diagnostics), shown(&kept.diagnostics));
        want.sort();
        got.sort();
        if want != got {
            return Some(format!(
                "{}:
  checked: {want:#?}
  kept: {got:#?}",
                path.display()
            ));
        }
    }
    let (full, checked) = match (full, checked) {
        (Ok(full), Ok(checked)) => (shown(&full.diagnostics), shown(&checked.diagnostics)),
        (full, checked) => {
            let (full, checked) = (
                full.err().map(|e| e.to_string()),
                checked.err().map(|e| e.to_string()),
            );
            return (full != checked).then(|| {
                format!(
                    "{}: load errors differ: {full:?} / {checked:?}",
                    path.display()
                )
            });
        }
    };
    (full != checked).then(|| {
        format!(
            "{}:\n  compiled: {full:#?}\n  checked: {checked:#?}",
            path.display()
        )
    })
}

#[test]
fn check_without_library_bodies_reports_what_a_full_compile_does() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut found = Vec::new();
    programs(&root.join("tests/programs"), &mut found);
    programs(&root.join("examples"), &mut found);
    assert!(found.len() > 1000, "found only {} programs", found.len());
    let options = in_process::options();
    // Each program is checked three times.
    let problems: Vec<String> = in_process::on_two_workers(&found, |path| compare(path, &options))
        .into_iter()
        .flatten()
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
