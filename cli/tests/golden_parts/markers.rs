//! Compile-error markers: `//~ ERROR E0200` at the end of a line, `//~^ ERROR E0200` (one `^`
//! per line upwards) on a line of its own.

/// An expected or reported error: (file name, line, code).
pub type ErrorKey = (String, u32, String);

/// The markers of one file, with `file` as the file name to report them under.
pub fn parse_markers(file: &str, text: &str) -> Result<Vec<ErrorKey>, String> {
    let mut expected = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line_number = index as u32 + 1;
        let mut rest = line;
        while let Some(position) = rest.find("//~") {
            rest = &rest[position + 3..];
            let carets = rest.chars().take_while(|&c| c == '^').count();
            let after = rest[carets..].trim_start();
            let Some(after) = after.strip_prefix("ERROR") else {
                return Err(format!(
                    "{file}:{line_number}: malformed marker (expected `//~ ERROR CODE`)"
                ));
            };
            let code: String = after
                .trim_start()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if code.is_empty() {
                return Err(format!("{file}:{line_number}: marker without a code"));
            }
            let target = line_number
                .checked_sub(carets as u32)
                .filter(|&target| target >= 1)
                .ok_or_else(|| {
                    format!("{file}:{line_number}: marker points above the first line")
                })?;
            expected.push((file.to_owned(), target, code));
        }
    }
    Ok(expected)
}

/// Errors from `intc check --message-format=short` output: `FILE:LINE:COL: error[CODE]: ...`.
pub fn parse_reported(short_output: &str) -> Vec<ErrorKey> {
    short_output
        .lines()
        .filter_map(|line| {
            let (location, rest) = line.split_once(": error[")?;
            let code = rest.split_once(']')?.0.to_owned();
            let mut parts = location.rsplitn(3, ':');
            let _column = parts.next()?;
            let line_number: u32 = parts.next()?.parse().ok()?;
            let file = parts.next()?.to_owned();
            Some((file, line_number, code))
        })
        .collect()
}

/// The runner's own check of marker and report parsing (run as one of the golden trials,
/// because this test target has no libtest harness).
pub fn self_test() -> Result<(), String> {
    {
        let text = "int x = \"a\"; //~ ERROR E0200 //~ ERROR E0100\nfoo()\n//~^ ERROR E0001\n";
        let markers = parse_markers("a.int", text)?;
        check_equal(
            &markers,
            &[
                ("a.int".to_owned(), 1, "E0200".to_owned()),
                ("a.int".to_owned(), 1, "E0100".to_owned()),
                ("a.int".to_owned(), 2, "E0001".to_owned()),
            ],
        )?;
        let reported = parse_reported("a.int:2:1: error[E0001]: x\nwarning[E0105]: y\nmodules/m/m.int:3:4: error[E0103]: z: w\n");
        check_equal(
            &reported,
            &[
                ("a.int".to_owned(), 2, "E0001".to_owned()),
                ("modules/m/m.int".to_owned(), 3, "E0103".to_owned()),
            ],
        )?;
        if parse_markers("b.int", "//~^ ERROR E0001\n").is_ok() {
            return Err("a marker above the first line must be rejected".to_owned());
        }
    }
    Ok(())
}

fn check_equal(actual: &[ErrorKey], expected: &[ErrorKey]) -> Result<(), String> {
    if actual == expected {
        Ok(())
    } else {
        Err(format!("expected {expected:?}, got {actual:?}"))
    }
}
