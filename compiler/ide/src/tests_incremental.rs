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
