//! The strand tables lowering reads: named workers, their captures and the worker-name reads.

use super::parsed::check_source;

#[test]
fn workers_are_recorded_with_their_captures_and_future_types() {
    let text = r#"function f(int n) returns int {
    int base = n + 1;
    int unused = 2;
    worker w returns int {
        return base;
    }
    worker v {
    }
    int later = 3;
    int r = wait w;
    error? e = wait v;
    return r + later;
}
"#;
    let (result, syntax_errors, _) = check_source(text);
    assert_eq!(syntax_errors, 0);
    let errors: Vec<_> = result.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let program = &result.program;
    let mut workers: Vec<_> = program.strands.workers.iter().collect();
    workers.sort_by_key(|(_, w)| w.name.clone());
    let names: Vec<&str> = workers.iter().map(|(_, w)| w.name.as_str()).collect();
    assert_eq!(names, ["v", "w"]);
    let (w_key, w) = workers[1];
    assert_eq!(program.types.display(w.future), "future<int>");
    // `w` captures `base` only; `v` captures nothing.
    assert_eq!(program.captures.get(w_key).map(Vec::len), Some(1));
    assert_eq!(program.captures.get(workers[0].0).map_or(0, Vec::len), 0);
    // Both `wait` operands are worker names.
    assert_eq!(program.strands.worker_refs.len(), 2);
}
