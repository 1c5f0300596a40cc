//! The IR of strands: `start` is a `Start` prefix of the call, waits are `Wait`/`WaitAny`/
//! `WaitAll`, named workers are functions started through their closure.

use super::e2e::compile;
use super::kit::code_of;
use intc_ir::Instruction;

fn is_call(instruction: &Instruction) -> bool {
    matches!(
        instruction,
        Instruction::Call { .. }
            | Instruction::CallIndirect { .. }
            | Instruction::CallMethod { .. }
            | Instruction::CallNative { .. }
            | Instruction::CallNativeSpread { .. }
    )
}

/// Every `Start` in `code` is directly followed by a call instruction.
fn starts_prefix_calls(code: &[Instruction]) -> usize {
    let starts: Vec<usize> = code
        .iter()
        .enumerate()
        .filter(|(_, i)| matches!(i, Instruction::Start { .. }))
        .map(|(at, _)| at)
        .collect();
    for &at in &starts {
        assert!(code.get(at + 1).is_some_and(is_call), "{code:#?}");
    }
    starts.len()
}

#[test]
fn start_prefixes_function_and_method_calls_after_their_arguments() {
    let program = compile(
        r#"
function add(int a, int b) returns int => a + b;

class C {
    function get(int k) returns int => k;
}

public function main() returns error? {
    int x = 1;
    future<int> f = start add(x + 1, x > 0 ? 2 : 3);
    C c = new;
    future<int> g = start c.get(4);
    int a = check wait f;
    int|error b = wait g;
    // Lang library calls that are otherwise inlined stay calls when started.
    int[] xs = [1, 2];
    future<int> n = start xs.length();
    future<string> s = start xs.toString();
}
"#,
    );
    let code = code_of(&program, "main");
    assert_eq!(starts_prefix_calls(code), 4);
    assert_eq!(
        code.iter()
            .filter(|i| matches!(i, Instruction::Wait { .. }))
            .count(),
        2
    );
}

#[test]
fn alternate_and_multiple_waits() {
    let program = compile(
        r#"
function one() returns int => 1;

public function main() {
    future<int> f = start one();
    future<int> g = start one();
    int|error first = wait f | g;
    future<int> h = start one();
    future<int> i = start one();
    record {|int|error a; int|error b;|} r = wait {a: h, b: i};
}
"#,
    );
    let code = code_of(&program, "main");
    assert_eq!(starts_prefix_calls(code), 4);
    assert!(code.iter().any(|i| matches!(
        i,
        Instruction::WaitAny { futures, .. } if futures.count == 2
    )));
    let all = code
        .iter()
        .position(|i| matches!(i, Instruction::WaitAll { futures, .. } if futures.count == 2));
    let map = code
        .iter()
        .rposition(|i| matches!(i, Instruction::NewMap { entries, .. } if entries.count == 4));
    assert!(all.is_some() && map > all, "{code:#?}");
}

#[test]
fn named_workers_are_started_closures_over_the_init_variables() {
    let program = compile(
        r#"
function f(int n) returns int {
    int base = n * 2;
    worker w returns int {
        return base + 1;
    }
    int later = 3;
    int r = wait w;
    return later + r;
}

public function main() {
    fork {
        worker a returns int {
            return 1;
        }
    }
    int|error r = wait a;
}
"#,
    );
    let code = code_of(&program, "f");
    assert_eq!(starts_prefix_calls(code), 1);
    let start = code
        .iter()
        .position(|i| matches!(i, Instruction::Start { .. }));
    // The worker's closure captures `base` (made a cell first).
    assert!(code[..start.unwrap_or(0)]
        .iter()
        .any(|i| matches!(i, Instruction::MakeClosure { captures, .. } if captures.count == 1)));
    assert!(matches!(
        code.get(start.unwrap_or(0) + 1),
        Some(Instruction::CallIndirect { args, .. }) if args.count == 0
    ));
    let worker = program
        .functions
        .iter()
        .find(|f| f.name == "$worker.w")
        .expect("the worker's function");
    assert_eq!((worker.num_params, worker.num_captures), (0, 1));
    assert_eq!(starts_prefix_calls(code_of(&program, "main")), 1);
    assert!(program.functions.iter().any(|f| f.name == "$worker.a"));
}
