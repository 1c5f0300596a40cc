//! The editor's per-body re-check (`intc-ide`'s `incremental.rs`) reports what a whole check
//! does. Over the golden programs and examples: edits inside the first bodies of functions,
//! class methods and service methods of each program's files (a statement half-written, then
//! with a type error, then corrected, then removed), each answered by one host re-checking incrementally
//! and compared with a second host that checks the program whole.

#[allow(dead_code)]
#[path = "golden_parts/discovery.rs"]
mod discovery;
#[path = "golden_parts/in_process.rs"]
mod in_process;

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
fn body_starts(text: &str, limit: usize) -> Vec<(usize, usize, usize)> {
    use intc_syntax::ast;
    let parsed = intc_syntax::parse(intc_span::FileId(0), text);
    // Just after the `{` and at the `}`.
    let block = |def: &ast::FunctionDef| match &def.body {
        ast::FunctionBody::Block(block) => {
            Some((block.span.start as usize + 1, block.span.end as usize - 1))
        }
        _ => None,
    };
    let methods = |members: &[ast::ClassMember]| -> Vec<(usize, usize)> {
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
    let mut starts: Vec<(usize, usize, usize)> = [functions, classes, services]
        .into_iter()
        .enumerate()
        .flat_map(|(kind, found)| {
            found
                .into_iter()
                .take(limit)
                .map(move |(at, end)| (at, end, kind))
        })
        .collect();
    starts.sort_unstable();
    starts
}

/// Edits made and edits re-checked alone, by kind of body (function, class method, service
/// method), and the differences found.
type Tally = ([usize; 3], [usize; 3], Vec<String>);

/// The texts an edit session goes through for the body from `at` to `end` of `text` (the
/// last is `text` again).
type Steps<'s> = &'s (dyn Fn(&str, usize, usize) -> Vec<String> + Sync);

/// The probe edits: a statement half-written, with a type error, corrected, removed.
fn probe_steps(text: &str, at: usize, _end: usize) -> Vec<String> {
    let probe = "\n    int intcEditProbe = \"x\";";
    vec![
        text[..at].to_string() + &probe.replace("\"x\"", "") + &text[at..],
        text[..at].to_string() + probe + &text[at..],
        text[..at].to_string() + &probe.replace("\"x\"", "1") + &text[at..],
        text.to_string(),
    ]
}

/// Edits the program's files one body at a time, through `steps`.
fn check_program(files: &[PathBuf], options: &CompileOptions, steps: Steps<'_>) -> Tally {
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
        for (at, end, kind) in body_starts(&original, 2).into_iter().rev() {
            let steps = steps(&text, at, end);
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

/// Every program under `tests/programs` and `examples`, each as its `.int` files.
fn all_programs() -> Vec<Vec<PathBuf>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut found = Vec::new();
    programs(&root.join("tests/programs"), &mut found);
    programs(&root.join("examples"), &mut found);
    assert!(found.len() > 1000, "found only {} programs", found.len());
    found
}

/// Runs `steps` over the programs on two workers; fails on any difference from a whole check
/// and returns the edits made and re-checked alone by kind.
fn run(found: &[Vec<PathBuf>], steps: Steps<'_>) -> ([usize; 3], [usize; 3]) {
    let options = in_process::options();
    let results: Vec<Tally> =
        in_process::on_two_workers(found, |files| check_program(files, &options, steps));
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
    (edits, alone)
}

#[test]
fn a_body_rechecked_alone_reports_what_a_whole_check_does() {
    let (edits, alone) = run(&all_programs(), &probe_steps);
    // Most edits stay inside one body of a program that parses, whatever holds the body.
    for kind in 0..3 {
        assert!(
            alone[kind] * 2 > edits[kind],
            "only {alone:?} of {edits:?} edits re-checked one body alone"
        );
    }
}

/// Random one-character edits (insertions of characters that open, close and break
/// constructs, and deletions), chained six deep inside a body, then undone.
fn random_steps(text: &str, at: usize, end: usize) -> Vec<String> {
    const CHARS: &[u8] = b";{}()[]\"'`=.,:a1 \n/*<>|?";
    // A fixed seed per body: the same edits every run.
    let mut state = (at as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (end as u64);
    let mut next = move |bound: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % bound.max(1)
    };
    let mut steps = Vec::new();
    let mut current = text.to_string();
    let mut end = end;
    for _ in 0..6 {
        let position = at + next(end - at + 1);
        if !current.is_char_boundary(position) {
            continue;
        }
        if next(3) == 0 && position < end && current.as_bytes()[position].is_ascii() {
            current.remove(position);
            end -= 1;
        } else {
            current.insert(position, CHARS[next(CHARS.len())] as char);
            end += 1;
        }
        steps.push(current.clone());
    }
    steps.push(text.to_string());
    steps
}

#[test]
fn random_edits_inside_bodies_report_what_a_whole_check_does() {
    // Every fifth program: each edit is checked twice, and most break the syntax.
    let found: Vec<Vec<PathBuf>> = all_programs().into_iter().step_by(5).collect();
    let (edits, alone) = run(&found, &random_steps);
    let (edits, alone): (usize, usize) = (edits.iter().sum(), alone.iter().sum());
    assert!(edits > 1000, "only {edits} edits");
    // Many random edits cut a body open; those are checked whole.
    assert!(
        alone * 4 > edits,
        "only {alone} of {edits} edits re-checked one body alone"
    );
}
