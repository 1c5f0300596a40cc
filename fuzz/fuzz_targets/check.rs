//! Fuzz target `check`: any bytes as a single-file program, loaded, parsed and type-checked
//! through the driver exactly as `intc check` does, and its diagnostics rendered in every
//! message format, must not panic or overflow the stack.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (file_system, root) = intc_fuzz::single_file_program(data);
    let options = intc_fuzz::compile_options();
    if let Ok(output) = intc_driver::check_only(&file_system, &root, &options) {
        intc_fuzz::assert_spans_inside_sources(&output);
        intc_fuzz::render_all_formats(&output);
    }
});
