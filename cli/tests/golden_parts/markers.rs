//! Compile-error markers: `//~ ERROR E0200: message` at the end of a line, or
//! `//~^ ERROR E0200: message` (one `^` per line upwards) on a line of its own. The message is
//! the text `intc check --message-format=short` prints after `error[CODE]: `, compared exactly,
//! so a changed (worse) message fails the test. A marker runs to the end of the line or to the
//! next `//~`.

/// An expected or reported error: (file name, line, code, message).
pub type ErrorKey = (String, u32, String, String);

/// One marker found in a file, with where it sits (for rewriting its message).
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub key: ErrorKey,
    /// The 0-based line the marker is written on.
    pub written_on: usize,
    /// Byte range of the message within that line.
    pub message_range: (usize, usize),
}

/// The markers of one file, with `file` as the file name to report them under.
pub fn parse_markers(file: &str, text: &str) -> Result<Vec<ErrorKey>, String> {
    Ok(locate_markers(file, text)?
        .into_iter()
        .map(|marker| marker.key)
        .collect())
}

/// The markers of one file with their positions.
pub fn locate_markers(file: &str, text: &str) -> Result<Vec<Marker>, String> {
    let mut markers = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line_number = index as u32 + 1;
        let starts: Vec<usize> = line.match_indices("//~").map(|(at, _)| at).collect();
        for (which, &start) in starts.iter().enumerate() {
            let end = starts.get(which + 1).copied().unwrap_or(line.len());
            let marker = &line[start + 3..end];
            let carets = marker.chars().take_while(|&c| c == '^').count();
            let after = marker[carets..].trim_start();
            let Some(after) = after.strip_prefix("ERROR") else {
                return Err(format!(
                    "{file}:{line_number}: malformed marker (expected `//~ ERROR CODE: message`)"
                ));
            };
            let after = after.trim_start();
            let code: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if code.is_empty() {
                return Err(format!("{file}:{line_number}: marker without a code"));
            }
            let Some(message) = after[code.len()..].strip_prefix(':') else {
                return Err(format!(
                    "{file}:{line_number}: marker without a message (write `//~ ERROR {code}: <the message>`)"
                ));
            };
            let trimmed = message.trim();
            if trimmed.is_empty() {
                return Err(format!(
                    "{file}:{line_number}: marker without a message (write `//~ ERROR {code}: <the message>`)"
                ));
            }
            let target = line_number
                .checked_sub(carets as u32)
                .filter(|&target| target >= 1)
                .ok_or_else(|| {
                    format!("{file}:{line_number}: marker points above the first line")
                })?;
            let message_start = end - message.len() + (message.len() - message.trim_start().len());
            markers.push(Marker {
                key: (file.to_owned(), target, code, trimmed.to_owned()),
                written_on: index,
                message_range: (message_start, message_start + trimmed.len()),
            });
        }
    }
    Ok(markers)
}

/// Errors from `intc check --message-format=short` output: `FILE:LINE:COL: error[CODE]: message`.
pub fn parse_reported(short_output: &str) -> Vec<ErrorKey> {
    short_output
        .lines()
        .filter_map(|line| {
            let (location, rest) = line.split_once(": error[")?;
            let (code, message) = rest.split_once("]: ")?;
            let mut parts = location.rsplitn(3, ':');
            let _column = parts.next()?;
            let line_number: u32 = parts.next()?.parse().ok()?;
            let file = parts.next()?.to_owned();
            Some((
                file,
                line_number,
                code.to_owned(),
                message.trim().to_owned(),
            ))
        })
        .collect()
}

/// `text` with every marker's message replaced by the message reported for the same file, line
/// and code (`UPDATE_GOLDEN=1`); markers with no such report keep their text.
pub fn rewrite_messages(file: &str, text: &str, reported: &[ErrorKey]) -> Result<String, String> {
    let markers = locate_markers(file, text)?;
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let mut used = vec![false; reported.len()];
    // Later markers on a line first, so earlier byte ranges stay valid.
    for marker in markers.iter().rev() {
        let (name, line, code, _) = &marker.key;
        let found = reported.iter().enumerate().rev().find(|(at, report)| {
            !used[*at] && &report.0 == name && report.1 == *line && &report.2 == code
        });
        if let Some((at, report)) = found {
            used[at] = true;
            let (start, end) = marker.message_range;
            lines[marker.written_on].replace_range(start..end, &report.3);
        }
    }
    let mut rewritten = lines.join("\n");
    if text.ends_with('\n') {
        rewritten.push('\n');
    }
    Ok(rewritten)
}

/// The runner's own check of marker and report parsing (run as one of the golden trials,
/// because this test target has no libtest harness).
pub fn self_test() -> Result<(), String> {
    let key = |file: &str, line: u32, code: &str, message: &str| {
        (file.to_owned(), line, code.to_owned(), message.to_owned())
    };
    let text = "int x = \"a\"; //~ ERROR E0200: incompatible types //~ ERROR E0100: undefined symbol 'a'\nfoo()\n//~^ ERROR E0001: expected ';'\n";
    let markers = parse_markers("a.int", text)?;
    check_equal(
        &markers,
        &[
            key("a.int", 1, "E0200", "incompatible types"),
            key("a.int", 1, "E0100", "undefined symbol 'a'"),
            key("a.int", 2, "E0001", "expected ';'"),
        ],
    )?;
    let reported = parse_reported(
        "a.int:2:1: error[E0001]: x: y\nwarning[E0105]: y\nmodules/m/m.int:3:4: error[E0103]: z: w\n",
    );
    check_equal(
        &reported,
        &[
            key("a.int", 2, "E0001", "x: y"),
            key("modules/m/m.int", 3, "E0103", "z: w"),
        ],
    )?;
    if parse_markers("b.int", "//~^ ERROR E0001: x\n").is_ok() {
        return Err("a marker above the first line must be rejected".to_owned());
    }
    for without_message in ["f(); //~ ERROR E0100\n", "f(); //~ ERROR E0100:  \n"] {
        if parse_markers("c.int", without_message).is_ok() {
            return Err(format!(
                "a marker without a message must be rejected: {without_message:?}"
            ));
        }
    }
    let rewritten = rewrite_messages(
        "a.int",
        text,
        &[
            key("a.int", 1, "E0100", "new"),
            key("a.int", 2, "E0001", "other"),
        ],
    )?;
    let expected = "int x = \"a\"; //~ ERROR E0200: incompatible types //~ ERROR E0100: new\nfoo()\n//~^ ERROR E0001: other\n";
    if rewritten != expected {
        return Err(format!("rewrite: expected {expected:?}, got {rewritten:?}"));
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
