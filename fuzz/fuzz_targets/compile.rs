//! Fuzz target `compile`: the whole driver pipeline (load, parse, check, lower, verify IR) on
//! any bytes as a single-file program. Besides panics it flags compiler-internal failures: a
//! program the checker accepted must lower to IR the verifier accepts.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (file_system, root) = intc_fuzz::single_file_program(data);
    let options = intc_fuzz::compile_options();
    if let Ok(output) = intc_driver::compile(&file_system, &root, &options) {
        intc_fuzz::assert_spans_inside_sources(&output);
        intc_fuzz::assert_no_internal_errors(&output);
    }
});
