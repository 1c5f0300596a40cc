//! The golden suite (`tests/programs`) through the checker alone: every program checks
//! exactly as its `//~ ERROR` markers say (output tests without errors), projects included;
//! fuzz inputs never panic.

use super::parsed::{actual_errors, check_source, expected_markers, repo_root, std_modules};
use crate::{check, ModuleName, SourceModule};
use intc_span::SourceMap;
use std::path::{Path, PathBuf};

#[test]
fn golden_programs_check_as_their_markers_say() {
    // As the compiler's worker thread does, give the checker a large stack: emptiness checks
    // recurse along the nesting of the types compared, and the suite holds chains of type
    // definitions hundreds deep (`tests/programs/subtyping`).
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024 * 1024)
        .spawn(check_golden_programs)
        .expect("spawn");
    if let Err(panic) = handle.join() {
        std::panic::resume_unwind(panic);
    }
}

fn check_golden_programs() {
    let root = repo_root().join("tests/programs");
    let mut files = Vec::new();
    collect_int_files(&root, &mut files);
    let mut failures = Vec::new();
    for path in &files {
        // Project tests (folders with Int.toml) need the driver's module loading.
        if path.ancestors().any(|p| p.join("Int.toml").exists()) {
            continue;
        }
        let Ok(read) = std::fs::read_to_string(path) else {
            continue;
        };
        // The driver drops a byte-order mark before parsing; so does this test.
        let text = read.strip_prefix('\u{feff}').unwrap_or(&read).to_owned();
        // Files with syntax errors are checked too (the checker stays silent about what did
        // not parse); only their syntax markers are left out.
        let (result, _syntax, sources) = check_source(&text);
        let expected = expected_markers(&text);
        // The driver leaves out the checker's findings on lines with lexical errors and in
        // input cut by the nesting limit; the checker alone cannot.
        if expected
            .iter()
            .any(|(_, c)| matches!(c.as_str(), "E0002" | "E0003" | "E0005"))
        {
            continue;
        }
        let actual = actual_errors(&result, &sources);
        // Markers of syntax-level codes are the parser's business.
        let expected: Vec<_> = expected
            .into_iter()
            .filter(|(_, c)| !intc_syntax::reported_by_parser(c))
            .collect();
        if actual != expected {
            let messages: Vec<String> = result
                .diagnostics
                .iter()
                .map(|d| {
                    format!(
                        "{}:{} {}",
                        sources
                            .get(d.span.file)
                            .map(|f| f.line_of(d.span.start))
                            .unwrap_or(0),
                        d.code.0,
                        d.message
                    )
                })
                .collect();
            failures.push(format!(
                "{}: expected {expected:?}, got {messages:?}",
                path.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} programs:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

/// A `key = "value"` entry of an `Int.toml`.
fn manifest_value(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let (k, v) = line.split_once('=')?;
        (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
    })
}

#[test]
fn golden_projects_check_as_their_markers_say() {
    let root = repo_root().join("tests/programs/projects");
    let Ok(entries) = std::fs::read_dir(&root) else {
        return;
    };
    let mut projects: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    projects.sort();
    let mut failures = Vec::new();
    for project in projects {
        let Ok(manifest) = std::fs::read_to_string(project.join("Int.toml")) else {
            continue;
        };
        let org = manifest_value(&manifest, "org").unwrap_or_else(|| "$anon".into());
        let package = manifest_value(&manifest, "name").unwrap_or_else(|| "main".into());
        let mut sources = SourceMap::new();
        let mut modules = std_modules(&mut sources);
        let mut texts = Vec::new();
        let mut add_module = |dir: &Path, name: String, is_root: bool, sources: &mut SourceMap| {
            let mut files = Vec::new();
            let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
                .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_default();
            paths.sort();
            for path in paths
                .into_iter()
                .filter(|p| p.extension().is_some_and(|e| e == "int"))
            {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                let file = sources.add(path.display().to_string(), text.clone());
                files.push(intc_syntax::parse(file, &text).module.into());
                texts.push((path.display().to_string(), text));
            }
            modules.push(SourceModule {
                name: ModuleName {
                    org: org.clone(),
                    name,
                },
                files,
                is_root,
                is_library: false,
            });
        };
        add_module(&project, package.clone(), true, &mut sources);
        if let Ok(dirs) = std::fs::read_dir(project.join("modules")) {
            let mut dirs: Vec<PathBuf> = dirs.filter_map(|e| e.ok().map(|e| e.path())).collect();
            dirs.sort();
            for dir in dirs {
                let Some(name) = dir.file_name().map(|n| n.to_string_lossy().to_string()) else {
                    continue;
                };
                add_module(&dir, format!("{package}.{name}"), false, &mut sources);
            }
        }
        let result = check(&modules, &sources);
        let mut expected: Vec<(String, u32, String)> = Vec::new();
        for (name, text) in &texts {
            for (line, code) in expected_markers(text) {
                if !intc_syntax::reported_by_parser(&code) {
                    expected.push((name.clone(), line, code));
                }
            }
        }
        expected.sort();
        let mut actual: Vec<(String, u32, String)> = result
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .filter_map(|d| {
                let file = sources.get(d.span.file)?;
                Some((
                    file.name.clone(),
                    file.line_of(d.span.start),
                    d.code.0.to_string(),
                ))
            })
            .collect();
        actual.sort();
        if actual != expected {
            let messages: Vec<String> = result
                .diagnostics
                .iter()
                .map(|d| d.message.clone())
                .collect();
            failures.push(format!(
                "{}: expected {expected:?}, got {actual:?} {messages:?}",
                project.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn collect_int_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect_int_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "int") {
            out.push(path);
        }
    }
}

/// Every fuzz seed and regression input checks without a panic (whatever it reports).
#[test]
fn fuzz_inputs_never_panic() {
    let mut files = Vec::new();
    collect_int_files(&repo_root().join("fuzz/seeds"), &mut files);
    collect_int_files(&repo_root().join("fuzz/regressions"), &mut files);
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024 * 1024)
        .spawn(move || {
            for path in files {
                let bytes = std::fs::read(&path).unwrap_or_default();
                let text = String::from_utf8_lossy(&bytes).to_string();
                let _ = check_source(&text);
            }
        })
        .expect("spawn");
    assert!(handle.join().is_ok());
}
