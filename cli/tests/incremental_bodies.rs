//! The editor's per-body re-check (`intc-ide`'s `incremental.rs`) reports what a whole check
//! does. Over the golden programs and examples: edits inside the first bodies of functions,
//! class methods and service methods of each program's files (a statement half-written, then
//! with a type error, then corrected, then removed), each answered by one host re-checking incrementally
//! and compared with a second host that checks the program whole.

#[allow(dead_code)]
#[path = "golden_parts/discovery.rs"]
mod discovery;
#[path = "golden_parts/std_options.rs"]
mod std_options;

use intc_driver::{CompileOptions, StdFileSystem};
use intc_ide::{AnalysisHost, FileDiagnostic};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Each program's `.int` files.
fn programs(dir: &Path, found: &mut Vec<Vec<PathBuf>>) {
    let cases = discovery::discover(dir).unwrap_or_else(|error| panic!("{error}"));
    for case in cases {
        match case.kind {
            discovery::CaseKind::File { program } => found.push(vec![program]),
            discovery::CaseKind::Project { folder } => {
                let mut files = Vec::new();
                int_files(&folder, &mut files);
                files.sort();
                found.push(files);
            }
            discovery::CaseKind::Orphan { .. } => {}
        }
    }
}

fn int_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            int_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "int") {
            out.push(path);
        }
    }
}

fn sorted(mut diagnostics: Vec<FileDiagnostic>) -> Vec<String> {
    diagnostics.sort_by(|a, b| (a.start, a.end, a.code).cmp(&(b.start, b.end, b.code)));
    diagnostics.iter().map(|d| format!("{d:?}")).collect()
}

/// Where each of the first bodies of `text` opens (just after its `{`): functions', then
/// class methods', then the methods' of services.
fn body_starts(text: &str, limit: usize) -> Vec<(usize, usize)> {
    use intc_syntax::ast;
    let parsed = intc_syntax::parse(intc_span::FileId(0), text);
    let block = |def: &ast::FunctionDef| match &def.body {
        ast::FunctionBody::Block(block) => Some(block.span.start as usize + 1),
        _ => None,
    };
    let methods = |members: &[ast::ClassMember]| -> Vec<usize> {
        members
            .iter()
            .filter_map(|m| match m {
                ast::ClassMember::Method(def) => block(def),
                _ => None,
            })
            .take(limit)
            .collect()
    };
    let (mut functions, mut classes, mut services) = (Vec::new(), Vec::new(), Vec::new());
    for item in &parsed.module.items {
        match item {
            ast::Item::Function(def) => functions.extend(block(def)),
            ast::Item::Class(class) => classes.extend(methods(&class.members)),
            ast::Item::Service(service) => {
                if let ast::ExprKind::ObjectConstructor { members, .. } = &service.body.kind {
                    services.extend(methods(members));
                }
            }
            _ => {}
        }
    }
    let mut starts: Vec<(usize, usize)> = [functions, classes, services]
        .into_iter()
        .enumerate()
        .flat_map(|(kind, found)| found.into_iter().take(limit).map(move |at| (at, kind)))
        .collect();
    starts.sort_unstable();
    starts
}

/// Edits made and edits re-checked alone, by kind of body (function, class method, service
/// method), and the differences found.
type Tally = ([usize; 3], [usize; 3], Vec<String>);

/// Edits the program's files one body at a time.
fn check_program(files: &[PathBuf], options: &CompileOptions) -> Tally {
    let base: Arc<StdFileSystem> = Arc::new(StdFileSystem);
    let mut host = AnalysisHost::new(base.clone(), options.clone());
    let mut whole = AnalysisHost::new(base, options.clone());
    let Some(first) = files.first() else {
        return Tally::default();
    };
    if host.analysis(first).is_err() {
        return Tally::default();
    }
    let (mut edits, mut alone, mut problems) = Tally::default();
    for file in files {
        let Ok(original) = std::fs::read_to_string(file) else {
            continue;
        };
        let mut text = original.clone();
        // From the last body up, so that earlier offsets stay put.
        for (at, kind) in body_starts(&original, 2).into_iter().rev() {
            let probe = "\n    int intcEditProbe = \"x\";";
            let steps = [
                // Half-written: a syntax error.
                text[..at].to_string() + &probe.replace("\"x\"", "") + &text[at..],
                text[..at].to_string() + probe + &text[at..],
                text[..at].to_string() + &probe.replace("\"x\"", "1") + &text[at..],
                text.clone(),
            ];
            for step in steps {
                text = step;
                host.set_file_text(file, &text);
                whole.set_file_text(file, &text);
                let Ok(edited) = host.diagnostics_analysis(file) else {
                    problems.push(format!("{}: the edit failed to check", file.display()));
                    continue;
                };
                let Ok(expected) = whole.analysis(file) else {
                    continue;
                };
                edits[kind] += 1;
                if edited.rechecked_bodies() > 0 {
                    alone[kind] += 1;
                }
                for other in files {
                    let (got, want) = (
                        sorted(edited.diagnostics(other)),
                        sorted(expected.diagnostics(other)),
                    );
                    if got != want {
                        problems.push(format!(
                            "{} (editing {} at {at}):\n  re-checked: {got:#?}\n  whole: {want:#?}\n{text}",
                            other.display(),
                            file.display()
                        ));
                    }
                }
            }
        }
    }
    (edits, alone, problems)
}

#[test]
fn a_body_rechecked_alone_reports_what_a_whole_check_does() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut found = Vec::new();
    programs(&root.join("tests/programs"), &mut found);
    programs(&root.join("examples"), &mut found);
    assert!(found.len() > 1000, "found only {} programs", found.len());
    let options = std_options::options();
    // Two workers: the 2-core CI machine.
    let halves: Vec<Vec<Vec<PathBuf>>> = vec![
        found.iter().step_by(2).cloned().collect(),
        found.iter().skip(1).step_by(2).cloned().collect(),
    ];
    let results: Vec<Tally> = std::thread::scope(|scope| {
        let workers: Vec<_> = halves
            .iter()
            .map(|half| {
                let options = &options;
                // The checker recurses as deep as the programs nest (`intc` checks on a
                // thread this big).
                std::thread::Builder::new()
                    .stack_size(1 << 30)
                    .spawn_scoped(scope, move || {
                        let mut total = Tally::default();
                        for files in half {
                            let (edits, alone, problems) = check_program(files, options);
                            for kind in 0..3 {
                                total.0[kind] += edits[kind];
                                total.1[kind] += alone[kind];
                            }
                            total.2.extend(problems);
                        }
                        total
                    })
                    .expect("spawns a worker")
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("a worker panicked"))
            .collect()
    });
    let mut edits = [0; 3];
    let mut alone = [0; 3];
    for result in &results {
        for kind in 0..3 {
            edits[kind] += result.0[kind];
            alone[kind] += result.1[kind];
        }
    }
    let problems: Vec<&String> = results.iter().flat_map(|r| &r.2).collect();
    eprintln!("edits (functions, class methods, service methods): {edits:?}, re-checked one body alone: {alone:?}");
    let total: usize = edits.iter().sum();
    assert!(
        problems.is_empty(),
        "{} of {total} edits differ:\n{}",
        problems.len(),
        problems
            .iter()
            .take(
                std::env::var("INTC_SHOW")
                    .ok()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(5)
            )
            .map(|p| p.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    // Most edits stay inside one body of a program that parses, whatever holds the body.
    for kind in 0..3 {
        assert!(
            alone[kind] * 2 > edits[kind],
            "only {alone:?} of {edits:?} edits re-checked one body alone"
        );
    }
}
