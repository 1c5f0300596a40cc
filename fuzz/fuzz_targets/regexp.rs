//! Fuzz target `regexp`: any bytes (lossy UTF-8) as a Ballerina regular expression, as
//! `regexp:fromString` receives it: it parses and compiles, or yields a syntax error whose
//! range is inside the text, and a compiled pattern matches without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let pattern = intc_fuzz::source_text(data);
    match intc_regexp::translate(&pattern) {
        Ok(_) => {
            if let Ok(re) = intc_regexp::compile(&pattern) {
                let _ = re.is_match("abc 123 \u{e9}\n");
                let _ = re.find(pattern.as_str());
            }
        }
        Err(e) => {
            assert!(e.start <= e.end && e.end <= pattern.len());
            assert!(!e.message.is_empty());
        }
    }
});
