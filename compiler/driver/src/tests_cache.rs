//! The parse cache: only changed files are parsed again, and a cached check reports exactly
//! what an uncached one does.

use super::*;
use crate::tests::options;

const MANIFEST: &str = "[package]\norg = \"acme\"\nname = \"shop\"\nversion = \"0.1.0\"\n";

const MAIN: &str = "import ballerina/io;\nimport shop.util;\n\npublic function main() {\n    int n = util:twice(2);\n    string s = n;\n    io:println(s);\n}\n";

const UTIL: &str = "public function twice(int x) returns int {\n    return x * 2;\n}\n";

fn fs_with(util: &str) -> MemoryFileSystem {
    MemoryFileSystem::new()
        .with("/p/Int.toml", MANIFEST)
        .with("/p/main.int", MAIN)
        .with("/p/modules/util/util.int", util)
}

/// Diagnostics and trees of a cached check equal those of a fresh `check_only`.
fn assert_same_as_uncached(fs: &MemoryFileSystem, cached: &CompileOutput) {
    let fresh = check_only(fs, Path::new("/p"), &options()).expect("loads");
    assert_eq!(cached.diagnostics, fresh.diagnostics);
    assert_eq!(cached.modules.len(), fresh.modules.len());
    for (a, b) in cached.modules.iter().zip(&fresh.modules) {
        assert_eq!(a.files, b.files, "module {:?}", a.name);
    }
}

#[test]
fn only_the_changed_file_is_parsed_again() {
    let mut cache = ParseCache::new();
    let fs = fs_with(UTIL);
    let first = check_only_cached(&fs, Path::new("/p"), &options(), &mut cache).expect("loads");
    assert_same_as_uncached(&fs, &first);
    // main.int's mismatch is reported (the check is not skipped).
    assert!(first
        .diagnostics
        .iter()
        .any(|d| d.code == intc_diagnostics::codes::TYPE_MISMATCH));
    let files = first.source_map.files().count() - 1; // Int.toml is not parsed
    assert_eq!(cache.parsed(), files);
    assert_eq!(cache.reused(), 0);

    let again = check_only_cached(&fs, Path::new("/p"), &options(), &mut cache).expect("loads");
    assert_same_as_uncached(&fs, &again);
    assert_eq!(cache.parsed(), files);
    assert_eq!(cache.reused(), files);

    // A syntax error in the edited file: one parse, and the same diagnostics as a full check.
    let fs = fs_with("public function twice(int x) returns int {\n    return x * ;\n}\n");
    let edited = check_only_cached(&fs, Path::new("/p"), &options(), &mut cache).expect("loads");
    assert_same_as_uncached(&fs, &edited);
    assert_eq!(cache.parsed(), files + 1);
    assert_eq!(cache.reused(), 2 * files - 1);
}

#[test]
fn the_last_two_checks_parses_are_kept_and_older_ones_dropped() {
    let mut cache = ParseCache::new();
    let texts = [
        UTIL,
        "public function twice(int x) returns int {\n    return x * 3;\n}\n",
        "public function twice(int x) returns int {\n    return x * 4;\n}\n",
    ];
    let check = |cache: &mut ParseCache, util: &str| {
        let fs = fs_with(util);
        let output = check_only_cached(&fs, Path::new("/p"), &options(), cache).expect("loads");
        assert_same_as_uncached(&fs, &output);
    };
    check(&mut cache, texts[0]);
    let base = cache.parsed();
    check(&mut cache, texts[1]);
    assert_eq!(cache.parsed(), base + 1);
    // Back to the text of the check before: still cached (completion alternates like this).
    check(&mut cache, texts[0]);
    assert_eq!(cache.parsed(), base + 1);
    check(&mut cache, texts[2]);
    assert_eq!(cache.parsed(), base + 2);
    check(&mut cache, texts[0]);
    assert_eq!(cache.parsed(), base + 2);
    // texts[1] was last used three checks ago: dropped, parsed again.
    check(&mut cache, texts[1]);
    assert_eq!(cache.parsed(), base + 3);
}

#[test]
fn a_new_file_renumbers_the_files_after_it_and_they_are_parsed_as_their_new_ids() {
    let mut cache = ParseCache::new();
    let fs = fs_with(UTIL);
    check_only_cached(&fs, Path::new("/p"), &options(), &mut cache).expect("loads");
    // `a.int` sorts before `main.int`: every file after it gets another id in the source map,
    // so their cached trees (whose spans carry the old ids) must not be reused.
    let fs = fs_with(UTIL).with("/p/a.int", "function helper() returns int => \"x\";\n");
    let output = check_only_cached(&fs, Path::new("/p"), &options(), &mut cache).expect("loads");
    assert_same_as_uncached(&fs, &output);
    let a = output
        .source_map
        .files()
        .find(|(_, f)| f.name == "a.int")
        .map(|(id, _)| id)
        .expect("a.int is loaded");
    assert!(output.diagnostics.iter().any(|d| d.span.file == a));
}
