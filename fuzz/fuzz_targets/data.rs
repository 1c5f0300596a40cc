//! Fuzz target `data`: any bytes (lossy UTF-8) through every data module parser —
//! `jsondata:parseString` into records, arrays and `json`, `csv:parseString` into records and
//! string rows, `yaml:parseString` and `xmldata:parseString` into records — by running
//! `tests/fuzz_data/parse_all.int` (compiled once) in the interpreter. Each parse must answer
//! a value or an error value: a Rust panic, a Ballerina panic or a stack overflow is a crash.
#![no_main]

use intc_runtime::{NativeRegistry, Outcome, Runtime, Value};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const PROGRAM: &str = include_str!("../../tests/fuzz_data/parse_all.int");

/// The program with `main` replaced by a call of `parseAll` on the text given as argument.
fn program() -> &'static intc_ir::Program {
    static PROGRAM_IR: OnceLock<intc_ir::Program> = OnceLock::new();
    PROGRAM_IR.get_or_init(|| {
        let main = PROGRAM
            .find("public function main(")
            .map_or(PROGRAM, |at| &PROGRAM[..at]);
        let source = format!("{main}public function main(string text) {{\n    parseAll(text);\n}}\n");
        let (file_system, root) = intc_fuzz::single_file_program(source.as_bytes());
        let output = intc_driver::compile(&file_system, &root, &intc_fuzz::compile_options())
            .expect("the data program loads");
        output.program.expect("the data program compiles")
    })
}

fuzz_target!(|data: &[u8]| {
    let text = intc_fuzz::source_text(data);
    let mut natives = NativeRegistry::new();
    intc_stdlib::register_natives(&mut natives);
    let mut runtime = Runtime::new(program().clone(), &natives).expect("the runtime loads");
    runtime.set_direct_output(Box::new(std::io::sink()), Box::new(std::io::sink()));
    let outcome = runtime.run_main(vec![Value::string(text)]);
    assert!(matches!(outcome, Outcome::Ok), "a parser failed instead of returning an error");
});
