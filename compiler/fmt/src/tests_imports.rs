//! The import pass: Ballerina formatter-core's default-option reference cases
//! (`declarations/import/{source,assert}/import_declaration_{1,2,6,7,8,9,10,11}.bal`), written in
//! intc's syntax (imports are the same; bodies are intc's), and the rule's edges.

use super::tests::check;
use super::*;

const LICENCE: &str =
    "// Copyright (c) 2023 Example Org.\n//\n// Licensed under the Apache License, Version 2.0.\n";

/// `rest` after the licence header.
fn licensed(rest: &str) -> String {
    format!("{LICENCE}{rest}")
}

#[test]
fn sorts_and_normalises_imports_on_one_line() {
    // import_declaration_1.
    check(
        "import   ballerina  /  lang  .  'int  ;\n import ballerina/math;   import ballerina / io   as   console  ;\n",
        "import ballerina/io as console;\nimport ballerina/lang.'int;\nimport ballerina/math;\n",
    );
}

#[test]
fn comments_above_an_import_move_with_it() {
    // import_declaration_2: the first import stays first; blank lines inside a group go.
    check(
        "import greeter.email;\n// Ballerina library imports\n// Second line of comments\nimport ballerina/io as console;\nimport ballerina/lang.'int;\n\nimport greeter.util;\n\n\nimport ballerina/log as logger;\n\n\nimport ballerina/math;\n\n\n\nimport google/gmail;\n// Third-party package imports\nimport apache/kafka as apache_kafka;\nimport ballerinax/kafka;\nimport ballerinax/transformer as _;\n\nfunction foo() {\n    int v = 8;\n}\n",
        "import greeter.email;\nimport greeter.util;\n\n// Ballerina library imports\n// Second line of comments\nimport ballerina/io as console;\nimport ballerina/lang.'int;\nimport ballerina/log as logger;\nimport ballerina/math;\nimport ballerinax/kafka;\nimport ballerinax/transformer as _;\n\n// Third-party package imports\nimport apache/kafka as apache_kafka;\nimport google/gmail;\n\nfunction foo() {\n    int v = 8;\n}\n",
    );
}

#[test]
fn a_licence_header_stays_at_the_top() {
    // import_declaration_6.
    check(
        &licensed("\nimport ballerina/time;\nimport ballerina/http;\nimport ballerina/uuid;\n\nimport cp_configuration_service.config;\nimport cp_configuration_service.utils;\n\nfunction bar() {\n    string a = \"a\";\n}\n"),
        &licensed("\nimport cp_configuration_service.config;\nimport cp_configuration_service.utils;\n\nimport ballerina/http;\nimport ballerina/time;\nimport ballerina/uuid;\n\nfunction bar() {\n    string a = \"a\";\n}\n"),
    );
}

#[test]
fn three_groups_in_order() {
    // import_declaration_7.
    check(
        &licensed("\nimport abc/foo;\nimport abc/bar;\nimport cde/baz;\n\nimport ballerinax/oracledb;\nimport ballerina/log;\nimport ballerinax/jdbc;\nimport ballerina/time;\n\n// module imports\nimport bas;\nimport fos;\n\nfunction bar() {\n    string a = \"a\";\n}\n"),
        &licensed("\n// module imports\nimport bas;\nimport fos;\n\nimport ballerina/log;\nimport ballerina/time;\nimport ballerinax/jdbc;\nimport ballerinax/oracledb;\n\nimport abc/bar;\nimport abc/foo;\nimport cde/baz;\n\nfunction bar() {\n    string a = \"a\";\n}\n"),
    );
}

#[test]
fn every_comment_before_the_first_import_is_header() {
    // import_declaration_8: blank-line groups in the header collapse to one.
    check(
        &licensed("\n\n// just a random comment\n// for two lines part of this import\n\n// comment 3\n// comment 4\n\n\n\nimport ballerinax/oracledb;\n\nimport ballerinax/http;\nimport ballerina/io;\nimport ballerina/time;\n\n// module imports\nimport bas;\nimport fos;\n\n// foo\nimport abc/foo;\n\n// bar\nimport abc/bar;\n\nfunction baz() {\n}\n"),
        &licensed("\n// just a random comment\n// for two lines part of this import\n\n// comment 3\n// comment 4\n\n// module imports\nimport bas;\nimport fos;\n\nimport ballerina/io;\nimport ballerina/time;\nimport ballerinax/http;\nimport ballerinax/oracledb;\n\n// bar\nimport abc/bar;\n// foo\nimport abc/foo;\n\nfunction baz() {\n}\n"),
    );
}

#[test]
fn a_comment_on_the_moved_first_import_stays_as_header() {
    // import_declaration_9 and 10.
    check(
        "// check this\nimport ballerinax/twilio as _;\nimport ballerina/jballerina.java as _;\n\nfunction foz() {\n}\n",
        "// check this\n\nimport ballerina/jballerina.java as _;\nimport ballerinax/twilio as _;\n\nfunction foz() {\n}\n",
    );
    check(
        &licensed("\n// check this\nimport ballerinax/twilio as _;\nimport ballerina/jballerina.java as _;\n\nfunction bar() {\n}\n"),
        &licensed("\n// check this\n\nimport ballerina/jballerina.java as _;\nimport ballerinax/twilio as _;\n\nfunction bar() {\n}\n"),
    );
}

#[test]
fn leading_blank_lines_go_and_module_imports_come_first() {
    // import_declaration_11.
    check(
        "\n// comment 1\n// comment 2\nimport ballerina/io;\nimport ballerinax/oracledb;\nimport ballerinax/http;\nimport ballerina/time;\n\n// module imports\nimport bas;\nimport fos;\n\n// foo\nimport abc/foo;\n\n// bar\nimport abc/bar;\n\nfunction baz() {\n}\n",
        "// comment 1\n// comment 2\n\n// module imports\nimport bas;\nimport fos;\n\nimport ballerina/io;\nimport ballerina/time;\nimport ballerinax/http;\nimport ballerinax/oracledb;\n\n// bar\nimport abc/bar;\n// foo\nimport abc/foo;\n\nfunction baz() {\n}\n",
    );
}

#[test]
fn style_guide_example() {
    check(
        "// Copyright (c) 2024 Example.\nimport ballerina/time;\nimport shop.inventory;\n// for the clock\nimport acme/clock;\n\nimport ballerina/io as console;\n",
        "// Copyright (c) 2024 Example.\n\nimport shop.inventory;\n\nimport ballerina/io as console;\nimport ballerina/time;\n\n// for the clock\nimport acme/clock;\n",
    );
}

#[test]
fn a_header_on_an_import_that_stays_first_stays_attached() {
    // Ballerina moves the header only when the first import moves.
    check(
        "// about io\nimport ballerina/io;\nimport ballerina/time;\n",
        "// about io\nimport ballerina/io;\nimport ballerina/time;\n",
    );
}

#[test]
fn module_names_compare_joined_without_dots() {
    // `lang.value` joins to `langvalue`, after `langlib`; a quote sorts before letters.
    check(
        "import ballerina/lang.value;\nimport ballerina/langlib;\nimport ballerina/lang.array;\nimport ballerina/lang.'int;\n",
        "import ballerina/lang.'int;\nimport ballerina/lang.array;\nimport ballerina/langlib;\nimport ballerina/lang.value;\n",
    );
}

#[test]
fn comparison_is_by_code_point() {
    check(
        "import myorg/b;\nimport MyOrg/a;\nimport myorg/B;\n",
        "import MyOrg/a;\nimport myorg/B;\nimport myorg/b;\n",
    );
}

#[test]
fn prefixes_line_comments_and_duplicates_travel_with_their_import() {
    check(
        "import ballerina/time as t; // clock\nimport ballerina/io as _;\nimport ballerina/time as t;\nimport ballerina/io; // console\n\nfunction main() {\n}\n",
        "import ballerina/io as _;\nimport ballerina/io; // console\nimport ballerina/time as t; // clock\nimport ballerina/time as t;\n\nfunction main() {\n}\n",
    );
}

#[test]
fn what_follows_the_imports_is_untouched() {
    check(
        "import ballerina/time;\nimport ballerina/io;\n// about main\n\n# Docs.\npublic function main() {\n}\n",
        "import ballerina/io;\nimport ballerina/time;\n// about main\n\n# Docs.\npublic function main() {\n}\n",
    );
    check(
        "import ballerina/time;\nimport ballerina/io;\n// the end\n",
        "import ballerina/io;\nimport ballerina/time;\n// the end\n",
    );
    check(
        "import ballerina/time;\nimport ballerina/io;",
        "import ballerina/io;\nimport ballerina/time;\n",
    );
}

#[test]
fn crlf_files_and_code_on_the_last_imports_line() {
    check(
        "// head\r\nimport ballerina/time;\r\n// io\r\nimport ballerina/io;\r\n\r\nfunction main() {\r\n}\r\n",
        "// head\n\n// io\nimport ballerina/io;\nimport ballerina/time;\n\nfunction main() {\n}\n",
    );
    check(
        "import ballerina/time; import ballerina/io; function main() {\n}\n",
        "import ballerina/io;\nimport ballerina/time;\nfunction main() {\n}\n",
    );
}

#[test]
fn an_import_with_a_comment_inside_is_kept_as_written() {
    check(
        "import ballerina/time;\nimport ballerina/ // why\n    io;\n",
        "import ballerina/ // why\n    io;\nimport ballerina/time;\n",
    );
}

#[test]
fn reordered_imports_compare_equal_as_a_set() {
    let a = shape(FileId(0), "import ballerina/time;\nimport ballerina/io;\n");
    let b = shape(FileId(0), "import ballerina/io;\nimport ballerina/time;\n");
    let c = shape(FileId(0), "import ballerina/io;\nimport ballerina/uuid;\n");
    assert!(a.is_some());
    assert_eq!(a, b);
    assert_ne!(a, c);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Distinct imports, some with a comment above or after them, one from each group and a
    /// few sharing an organisation.
    const IMPORTS: [&str; 7] = [
        "import ballerina/io;",
        "// the clock\nimport ballerina/time as t;",
        "import ballerinax/kafka; // events",
        "import shop.inventory;",
        "import shop;",
        "import acme/lang.'int as ints;",
        "// tracing\nimport acme/trace;",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// The imports' written order and the blank lines between them do not matter: every
        /// arrangement formats to the same text. (Comments above the first written import are
        /// the file's header and stay at the top, so such arrangements are left out.)
        #[test]
        fn any_arrangement_formats_alike(
            order in Just((0..IMPORTS.len()).collect::<Vec<_>>()).prop_shuffle(),
            blanks in proptest::collection::vec(any::<bool>(), IMPORTS.len()),
        ) {
            prop_assume!(!IMPORTS[order[0]].starts_with("//"));
            let mut text = String::new();
            for (at, blank) in order.iter().zip(&blanks) {
                text.push_str(IMPORTS[*at]);
                text.push_str(if *blank { "\n\n" } else { "\n" });
            }
            text.push_str("\nfunction main() {\n}\n");
            let expected = "import shop;\nimport shop.inventory;\n\nimport ballerina/io;\n// the clock\nimport ballerina/time as t;\nimport ballerinax/kafka; // events\n\nimport acme/lang.'int as ints;\n// tracing\nimport acme/trace;\n\nfunction main() {\n}\n";
            let formatted = format(&text).ok();
            prop_assert_eq!(formatted.as_deref(), Some(expected));
        }
    }
}
