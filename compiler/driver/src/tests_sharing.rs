//! The service sharing analysis (`intc_ir::analyse_sharing`) on whole programs, standard
//! library modules included: which services copies of the module state may serve.

use super::tests::options;
use super::*;
use intc_ir::{Program, Sharing};

fn program(source: &str) -> Program {
    let fs = MemoryFileSystem::new().with("/s/svc.int", source);
    let compiled = compile(&fs, Path::new("/s/svc.int"), &options()).expect("loads");
    assert!(
        compiled.diagnostics.is_empty(),
        "{:?}",
        compiled.diagnostics
    );
    compiled.program.expect("compiles")
}

/// The verdict of the service class whose methods include `method`.
fn verdict(program: &Program, method: &str) -> Sharing {
    program
        .services
        .iter()
        .find(|s| {
            program.classes[s.class.index()]
                .methods
                .iter()
                .any(|(name, _)| name.contains(method))
        })
        .map(|s| s.sharing.clone())
        .expect("a service with that method")
}

fn pinned_by(program: &Program, method: &str) -> Option<String> {
    match verdict(program, method) {
        Sharing::Pinned { global, .. } => Some(program.globals[global.index()].name.clone()),
        Sharing::Replicable { .. } => None,
        Sharing::Unknown => panic!("not analysed"),
    }
}

const HEAD: &str = "import ballerina/http;\n";

#[test]
fn a_service_reading_only_final_readonly_state_is_replicable() {
    let p = program(&format!(
        "{HEAD}final string greeting = \"hi\";\nfinal map<int> & readonly limits = {{a: 1}};\n\
         service /a on new http:Listener(0) {{\n\
           resource function get hello() returns string {{ return greeting + limits.toString(); }}\n\
         }}\n"
    ));
    assert_eq!(pinned_by(&p, "hello"), None);
    let Sharing::Replicable { globals } = verdict(&p, "hello") else {
        panic!("replicable")
    };
    let names: Vec<&str> = globals
        .iter()
        .map(|g| p.globals[g.index()].name.as_str())
        .collect();
    assert!(
        names.contains(&"greeting") && names.contains(&"limits"),
        "{names:?}"
    );
}

#[test]
fn a_mutable_module_variable_pins_the_service_and_is_named() {
    let p = program(&format!(
        "{HEAD}int count = 0;\n\
         service /a on new http:Listener(0) {{\n\
           resource function get hits() returns int {{ count += 1; return count; }}\n\
         }}\n"
    ));
    assert_eq!(pinned_by(&p, "hits").as_deref(), Some("count"));
}

#[test]
fn an_isolated_variable_touched_in_lock_is_shared_state_too() {
    let p = program(&format!(
        "{HEAD}isolated int total = 0;\n\
         service /a on new http:Listener(0) {{\n\
           resource function post add(int n) returns int {{ lock {{ total += n; return total; }} }}\n\
         }}\n"
    ));
    assert_eq!(pinned_by(&p, "add").as_deref(), Some("total"));
}

#[test]
fn state_reached_through_calls_and_methods_counts() {
    let p = program(&format!(
        "{HEAD}string[] seen = [];\n\
         function remember(string s) {{ seen.push(s); }}\n\
         class Recorder {{ function note(string s) {{ remember(s); }} }}\n\
         service /a on new http:Listener(0) {{\n\
           resource function get note(string s) returns string {{ Recorder r = new; r.note(s); return s; }}\n\
         }}\n"
    ));
    assert_eq!(pinned_by(&p, "note").as_deref(), Some("seen"));
}

#[test]
fn state_reached_through_a_function_value_counts() {
    let p = program(&format!(
        "{HEAD}int calls = 0;\n\
         function bump() {{ calls += 1; }}\n\
         final function () f = bump;\n\
         service /a on new http:Listener(0) {{\n\
           resource function get go() {{ f(); }}\n\
         }}\n"
    ));
    assert_eq!(pinned_by(&p, "go").as_deref(), Some("calls"));
}

#[test]
fn state_only_module_initialization_touches_does_not_pin() {
    let p = program(&format!(
        "{HEAD}int started = 0;\n\
         final string prefix = \"hello \";\n\
         function init() {{ started = 1; }}\n\
         service /a on new http:Listener(0) {{\n\
           resource function get greet(string name) returns string {{ return prefix + name; }}\n\
         }}\n"
    ));
    assert_eq!(pinned_by(&p, "greet"), None);
}

/// Calling an `http:Client` reaches the natives of `std/http`, and through them every function
/// of the module: none of them may touch a mutable module variable (the listener auth's
/// handler cache lives in each listener's native state), so such a service is replicable.
#[test]
fn a_service_calling_a_client_is_replicable() {
    let p = program(&format!(
        "{HEAD}final http:Client backend = check new (\"http://127.0.0.1:9\");\n\
         service /a on new http:Listener(0) {{\n\
           resource function get fwd() returns string|error {{ return backend->get(\"/x\"); }}\n\
         }}\n"
    ));
    assert_eq!(pinned_by(&p, "fwd"), None);
}

#[test]
fn services_are_judged_separately() {
    let p = program(&format!(
        "{HEAD}int count = 0;\n\
         listener http:Listener l = new (0);\n\
         service /a on l {{ resource function get counted() returns int {{ count += 1; return count; }} }}\n\
         service /b on l {{ resource function get plain() returns string {{ return \"ok\"; }} }}\n"
    ));
    assert_eq!(pinned_by(&p, "counted").as_deref(), Some("count"));
    assert_eq!(pinned_by(&p, "plain"), None);
}

/// `log:setOutputFile` changes where every later log line goes: the log module keeps that
/// in program-wide native state (shared with replicas), not in a module variable.
#[test]
fn logging_from_a_service_does_not_pin_it() {
    let p = program(
        "import ballerina/http;\nimport ballerina/log;\n\
         service /a on new http:Listener(0) {\n\
           resource function get logged() returns string { log:printInfo(\"hit\", n = 1); return \"ok\"; }\n\
         }\n",
    );
    assert_eq!(pinned_by(&p, "logged"), None);
}

/// The services of a project under `examples/`, each with its verdict.
fn example_verdicts(name: &str) -> Vec<(String, Sharing)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name);
    let compiled = compile(&StdFileSystem, &root, &options()).expect("loads");
    assert!(
        compiled.diagnostics.is_empty(),
        "{name}: {:?}",
        compiled.diagnostics
    );
    let program = compiled.program.expect("compiles");
    let verdicts: Vec<(String, Sharing)> = program
        .services
        .iter()
        .map(|s| {
            let class = &program.classes[s.class.index()];
            let sharing = match &s.sharing {
                Sharing::Pinned { global, by } => {
                    let global = &program.globals[global.index()].name;
                    panic!("{name}: `{global}` pins {} (used by {by:?})", class.name)
                }
                other => other.clone(),
            };
            (class.name.clone(), sharing)
        })
        .collect();
    assert!(!verdicts.is_empty(), "{name} has services");
    verdicts
}

/// The HTTP examples (a greeting, a pass-through proxy, content-based routing, scatter-gather,
/// orchestration, a backend for frontend) share no mutable state between requests: with
/// their `http:Client`s in final module variables, every one may be served on every core.
#[test]
fn the_http_examples_are_replicable() {
    for name in [
        "http_hello",
        "http_passthrough",
        "http_content_routing",
        "http_scatter_gather",
        "http_orchestration",
        "http_bff",
    ] {
        for (class, sharing) in example_verdicts(name) {
            assert!(
                matches!(sharing, Sharing::Replicable { .. }),
                "{name}: {class} is {sharing:?}"
            );
        }
    }
}
