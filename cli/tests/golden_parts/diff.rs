//! A line diff of expected and actual text for failure messages.

/// A unified-style listing: ` ` common, `-` expected only, `+` actual only. Long inputs fall
/// back to showing both texts whole.
pub fn line_diff(expected: &str, actual: &str) -> String {
    let old: Vec<&str> = expected.split_inclusive('\n').collect();
    let new: Vec<&str> = actual.split_inclusive('\n').collect();
    if old.len() * new.len() > 4_000_000 {
        return format!("--- expected\n{expected}\n+++ actual\n{actual}\n");
    }
    // Longest common subsequence table, filled from the end.
    let mut table = vec![vec![0u32; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            table[i][j] = if old[i] == new[j] {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let mut output = String::from("--- expected\n+++ actual\n");
    let (mut i, mut j) = (0, 0);
    let show = |marker: char, line: &str, output: &mut String| {
        output.push(marker);
        output.push_str(&line.replace('\t', "\\t"));
        if !line.ends_with('\n') {
            output.push_str("\n\\ no newline at end\n");
        }
    };
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            show(' ', old[i], &mut output);
            i += 1;
            j += 1;
        } else if i < old.len() && (j == new.len() || table[i + 1][j] >= table[i][j + 1]) {
            show('-', old[i], &mut output);
            i += 1;
        } else {
            show('+', new[j], &mut output);
            j += 1;
        }
    }
    output
}
