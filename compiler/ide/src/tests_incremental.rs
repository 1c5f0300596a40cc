//! What an edit costs the host: only the edited file is parsed again, and the answers equal
//! those of a host that never saw the earlier text.
use crate::fixture::project;

const MAIN: &str = "import app.util;\n\npublic function main() {\n    int n = util:twice(2);\n    string s = n;\n}\n";
const UTIL: &str = "public function twice(int x) returns int {\n    int bonus = 7;\n    return x * 2 + bonus;\n}\n";

#[test]
fn an_edit_in_a_body_parses_only_that_file_and_gives_a_full_checks_diagnostics() {
    let mut f = project(&[("main.int", MAIN), ("modules/util/util.int", UTIL)]);
    let main = f.path.clone();
    let util = main.with_file_name("modules/util/util.int");
    let before = f.host.analysis(&main).expect("checks").diagnostics(&main);
    assert_eq!(before.len(), 1, "{before:?}");
    let (parsed, _) = f.host.parse_counts();

    let edited = UTIL.replace("bonus = 7", "bonus = \"7\"");
    f.host.set_file_text(&util, &edited);
    let analysis = f.host.analysis(&main).expect("checks");
    assert_eq!(f.host.parse_counts().0, parsed + 1);
    let util_diagnostics = analysis.diagnostics(&util);
    assert_eq!(util_diagnostics.len(), 1, "{util_diagnostics:?}");
    assert_eq!(analysis.diagnostics(&main), before);

    // A host that parses everything afresh reports the same.
    let fresh = project(&[("main.int", MAIN), ("modules/util/util.int", &edited)]);
    let expected = fresh.host.analysis(&main).expect("checks");
    assert_eq!(util_diagnostics, expected.diagnostics(&util));
    assert_eq!(analysis.diagnostics(&main), expected.diagnostics(&main));

    // Nothing changed: the memoised analysis answers and nothing is parsed.
    let (parsed, reused) = f.host.parse_counts();
    f.host.analysis(&main).expect("checks");
    assert_eq!(f.host.parse_counts(), (parsed, reused));
}

/// How many bodies the analysis's kept check re-checked since it checked the program whole.
fn rechecked(analysis: &crate::Analysis) -> usize {
    analysis.kept.as_ref().map_or(0, |kept| kept.rechecked())
}

const OTHER: &str = "import ballerina/io;

public function twice(int x) returns int {
    int bonus = 7;
    io:println(x);
    return x * 2 + bonus;
}

public function later() returns int {
    string s = 1;
    return 2;
}
";

#[test]
fn edits_inside_one_body_recheck_that_body_alone_and_report_what_a_full_check_does() {
    let mut f = project(&[("main.int", MAIN), ("modules/util/util.int", OTHER)]);
    let main = f.path.clone();
    let util = main.with_file_name("modules/util/util.int");
    f.host.analysis(&main).expect("checks");
    let steps: &[(&str, &str)] = &[
        // A new error in the edited body; the one in `later` moves down a line.
        ("bonus = 7;", "bonus = \"7\";\n    int extra = 1;"),
        // Gone again.
        ("bonus = \"7\";", "bonus = 7;"),
        // The only use of `io` goes: the import is unused.
        ("io:println(x);", ""),
        // An unused `var` of error type, then used.
        ("int extra = 1;", "var e = error(\"x\");"),
        ("var e = error(\"x\");", "var e = error(\"x\");\n    _ = e;"),
        // An edit in the other function, whose coordinates moved.
        ("string s = 1;", "string s = \"1\";"),
        ("return x * 2", "return x * 3"),
        // Half-written code: a syntax error, then an unterminated string (a lexical error,
        // whose line the checker stays silent on), then whole again.
        ("return x * 3", "return x * ;"),
        ("return x * ;", "string t = \"abc;\n    return x * 3;"),
        ("string t = \"abc;", "string t = \"abc\";"),
    ];
    let mut text = OTHER.to_string();
    for (round, (from, to)) in steps.iter().enumerate() {
        assert!(text.contains(from), "step {round}: {from}");
        text = text.replacen(from, to, 1);
        f.host.set_file_text(&util, &text);
        let analysis = f.host.diagnostics_analysis(&main).expect("checks");
        assert_eq!(
            rechecked(&analysis),
            round + 1,
            "step {round} re-checked one body"
        );
        let fresh = project(&[("main.int", MAIN), ("modules/util/util.int", &text)]);
        let expected = fresh.host.analysis(&main).expect("checks");
        for file in [&main, &util] {
            assert_eq!(
                analysis.diagnostics(file),
                expected.diagnostics(file),
                "step {round}: {}\n{text}",
                file.display()
            );
        }
        assert_eq!(
            analysis.text(&crate::FileKey::Disk(util.clone())),
            Some(text.as_str())
        );
    }
    // Any other question checks the program whole again (and answers as a fresh host).
    let analysis = f.host.analysis(&main).expect("checks");
    assert!(!analysis.is_edited());
    let offset = text.find("bonus + 0").map_or(0, |at| at as u32);
    let _ = analysis.hover(&util, offset);
}

#[test]
fn an_edit_that_leaves_a_body_checks_the_program_whole() {
    let mut f = project(&[("main.int", MAIN), ("modules/util/util.int", OTHER)]);
    let main = f.path.clone();
    let util = main.with_file_name("modules/util/util.int");
    f.host.analysis(&main).expect("checks");
    for (from, to) in [
        // The signature changes.
        ("twice(int x)", "twice(int y)"),
        // A brace closes the body early.
        ("int bonus = 7;", "int bonus = 7; }"),
        // A new item between the functions.
        (
            "\npublic function later",
            "\nconst K = 1;\npublic function later",
        ),
    ] {
        let text = OTHER.replacen(from, to, 1);
        f.host.set_file_text(&util, &text);
        let analysis = f.host.diagnostics_analysis(&main).expect("checks");
        assert_eq!(rechecked(&analysis), 0, "{to}");
        let fresh = project(&[("main.int", MAIN), ("modules/util/util.int", &text)]);
        let expected = fresh.host.analysis(&main).expect("checks");
        assert_eq!(
            analysis.diagnostics(&util),
            expected.diagnostics(&util),
            "{to}"
        );
    }
}
