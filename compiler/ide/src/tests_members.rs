//! Record fields in mapping constructors, resource paths after `c->/`, and references and
//! rename of record fields and object methods, over inline fixtures.
use crate::fixture::{project, single};
use crate::CompletionKind;

fn labels(items: &[crate::CompletionItem]) -> Vec<&str> {
    items.iter().map(|i| i.label.as_str()).collect()
}

const ALBUM: &str =
    "type Album record {|\n    string title;\n    string artist;\n    int year?;\n|};\n";

#[test]
fn record_fields_inside_a_mapping_constructor() {
    let f = single(&format!(
        "{ALBUM}public function main() {{\n    Album a = {{$0}};\n}}\n"
    ));
    let items = f.host.completions(&f.path, f.offset);
    assert_eq!(labels(&items), vec!["title", "artist", "year"]);
    assert_eq!(items[0].kind, CompletionKind::Field);
    assert_eq!(items[0].detail.as_deref(), Some("string"));
    assert_eq!(items[0].snippet.as_deref(), Some("title: $0"));

    // Half-written, with fields already given: only the others.
    let f = single(&format!(
        "{ALBUM}public function main() {{\n    Album a = {{title: \"x\", ar$0\n}}\n"
    ));
    let items = f.host.completions(&f.path, f.offset);
    assert_eq!(labels(&items), vec!["artist", "year"]);
    let f = single(&format!(
        "{ALBUM}function keep(Album a) {{}}\npublic function main() {{\n    keep({{artist: \"y\", $0}});\n}}\n"
    ));
    let items = f.host.completions(&f.path, f.offset);
    assert_eq!(labels(&items), vec!["title", "year"]);

    // A block is not a mapping constructor: names in scope there.
    let f = single(&format!(
        "{ALBUM}public function main() {{\n    int count = 1;\n    if true {{\n        $0\n    }}\n}}\n"
    ));
    let items = f.host.completions(&f.path, f.offset);
    assert!(labels(&items).contains(&"count"), "{items:?}");
}

#[test]
fn resource_paths_after_a_client_arrow() {
    let text = "client class Albums {\n    resource function get albums() returns string[] => [];\n    resource function get albums/[string id]() returns string => id;\n    resource function post albums/[string id]/tracks(string t) {}\n    resource function get artists() returns string[] => [];\n}\npublic function main() {\n    Albums c = new;\n    $CALL\n}\n";
    let at = |call: &str| {
        let f = single(&text.replace("$CALL", call));
        f.host.completions(&f.path, f.offset)
    };
    let items = at("string[] all = c->/$0");
    assert_eq!(labels(&items), vec!["albums", "artists"]);
    let items = at("string one = c->/albums/$0");
    assert_eq!(labels(&items), vec!["[id]"]);
    assert_eq!(items[0].snippet.as_deref(), Some("[${1:id}]"));
    let items = at("c->/albums/[\"a\"]/tr$0");
    assert_eq!(labels(&items), vec!["tracks"]);
    assert_eq!(items[0].detail.as_deref(), Some("post"));
}

#[test]
fn resource_methods_after_a_whole_resource_path() {
    let text = "client class Albums {\n    resource function get albums() returns string[] => [];\n    resource function get albums/[string id]() returns string => id;\n    resource function put albums/[string id](string title) {}\n    resource function get albums/[int n]/tracks() returns int => n;\n    resource function post albums/[string id]/tracks(string t, int... more) {}\n    resource function delete .() {}\n}\nclient class Http {\n    resource function get [string... path](map<string>? headers = ()) returns string => \"\";\n    resource function post [string... path](string message) returns string => message;\n    resource function get health() returns string => \"ok\";\n}\npublic function main() {\n    Albums c = new;\n    Http h = new;\n    string id = \"a\";\n    $CALL\n}\n";
    let at = |call: &str| {
        let f = single(&text.replace("$CALL", call));
        f.host.completions(&f.path, f.offset)
    };
    let items = at("string one = c->/albums/[id].$0");
    assert_eq!(labels(&items), vec!["get", "put"]);
    assert_eq!(items[0].kind, CompletionKind::Method);
    assert_eq!(items[0].detail.as_deref(), Some("() returns string"));
    assert_eq!(items[1].detail.as_deref(), Some("(string title)"));
    // A literal matches a path parameter admitting strings, not one of type int.
    let items = at("c->/albums/a.$0");
    assert_eq!(labels(&items), vec!["get", "put"]);
    let items = at("c->/albums/[id]/tracks.po$0");
    assert_eq!(labels(&items), vec!["get", "post"]);
    assert_eq!(items[1].detail.as_deref(), Some("(string t, int... more)"));
    let items = at("c->/albums/a/tracks.$0");
    assert_eq!(labels(&items), vec!["post"]);
    let items = at("string[] all = c->/albums.$0\n");
    assert_eq!(labels(&items), vec!["get"]);
    let items = at("c->/.$0");
    assert_eq!(labels(&items), vec!["delete"]);
    // A rest path parameter (as `http:Client` declares them) takes any path.
    let items = at("string s = h->/albums/[id]/tracks.$0");
    assert_eq!(labels(&items), vec!["get", "post"]);
    assert_eq!(
        items[0].detail.as_deref(),
        Some("(map<string>? headers) returns string")
    );
    let items = at("string s = h->/health.$0");
    assert_eq!(labels(&items), vec!["get", "post"]);
    // No resource method of that path; a `.` inside a computed segment is no method.
    assert!(at("c->/artists.$0").is_empty());
    let items = at("c->/albums/[id.$0");
    assert!(!labels(&items).contains(&"get"), "{items:?}");
}

#[test]
fn references_and_rename_of_record_fields() {
    let f = project(&[
        ("main.int", "import app.shop;\npublic function main() {\n    shop:Item item = {name: \"pen\", count: 3};\n    int n = item.cou$0nt + 1;\n}\n"),
        ("modules/shop/shop.int", "public type Item record {|\n    string name;\n    int count;\n|};\npublic function make(int count) returns Item => {name: \"a\", count};\npublic function total(Item i) returns int => i.count;\n"),
    ]);
    let analysis = f.analysis();
    let refs = analysis.references(&f.path, f.offset, true);
    let shown: Vec<(String, String)> = refs
        .iter()
        .map(|l| (format!("{:?}", l.file), f.text_at(l)))
        .collect();
    assert_eq!(refs.len(), 5, "{shown:?}");
    assert!(refs.iter().all(|l| f.text_at(l) == "count"));
    assert_eq!(
        refs[0].file,
        crate::FileKey::Disk("/p/modules/shop/shop.int".into()),
        "the declaration first"
    );
    assert_eq!(analysis.references(&f.path, f.offset, false).len(), 4);

    // From the declaration, the same occurrences.
    let text = f
        .host
        .file_text(std::path::Path::new("/p/modules/shop/shop.int"))
        .unwrap();
    let declaration = text.find("count;").unwrap() as u32;
    let from_declaration = analysis.references(
        std::path::Path::new("/p/modules/shop/shop.int"),
        declaration,
        true,
    );
    assert_eq!(from_declaration, refs);

    // Rename keeps the shorthand field's variable, and refuses an existing field's name.
    let edits = analysis
        .rename(&f.path, f.offset, "quantity")
        .expect("renamed");
    let mut texts: Vec<&str> = edits.iter().map(|e| e.new_text.as_str()).collect();
    texts.sort();
    assert_eq!(
        texts,
        vec![
            "quantity",
            "quantity",
            "quantity",
            "quantity",
            "quantity: count"
        ]
    );
    let refused = analysis.rename(&f.path, f.offset, "name").unwrap_err();
    assert!(refused.0.contains("already a member"), "{}", refused.0);
}

#[test]
fn references_and_rename_of_fields_of_inline_record_types() {
    let f = single("public function main() {\n    record {| int a; string b; |} r = {a: 1, b: \"x\"};\n    int x = r.a$0 + 1;\n    record {| int a; |} other = {a: 2};\n    int y = other.a;\n}\n");
    let analysis = f.analysis();
    let text = analysis
        .text(&crate::FileKey::Disk(f.path.clone()))
        .unwrap()
        .to_owned();
    let declaration = text.find("a; string").unwrap() as u32;
    let refs = analysis.references(&f.path, f.offset, true);
    let starts: Vec<u32> = refs.iter().map(|l| l.start).collect();
    assert_eq!(
        starts,
        vec![
            declaration,
            text.find("a: 1").unwrap() as u32,
            text.find("r.a").unwrap() as u32 + 2,
        ],
        "the declaration, the constructor's key and the access, not the other record's"
    );
    assert!(refs.iter().all(|l| f.text_at(l) == "a"));
    assert_eq!(analysis.references(&f.path, f.offset, false).len(), 2);
    assert_eq!(analysis.references(&f.path, declaration, true), refs);
    let definition = analysis.definition(&f.path, f.offset).expect("defined");
    assert_eq!(definition.start, declaration);

    let edits = analysis
        .rename(&f.path, declaration, "count")
        .expect("renamed");
    let mut at: Vec<(u32, &str)> = edits
        .iter()
        .map(|e| (e.location.start, e.new_text.as_str()))
        .collect();
    at.sort();
    assert_eq!(at, starts.iter().map(|&s| (s, "count")).collect::<Vec<_>>());
    let refused = analysis.rename(&f.path, f.offset, "b").unwrap_err();
    assert!(refused.0.contains("already a member"), "{}", refused.0);

    // The other record's field is its own.
    let other = text.find("other.a").unwrap() as u32 + 6;
    let refs = analysis.references(&f.path, other, true);
    assert_eq!(refs.len(), 3, "{refs:?}");
    assert_eq!(refs[0].start, text.find("a; |}").unwrap() as u32);
}

#[test]
fn inline_record_fields_of_parameters_and_shorthand_fields() {
    let f = single("function area(record {| int w$0; int h; |} size) returns int => size.w * size.h;\npublic function main() {\n    int w = 2;\n    int n = area({w, h: 3});\n    n += area({w: 4, h: 5});\n}\n");
    let analysis = f.analysis();
    let refs = analysis.references(&f.path, f.offset, true);
    assert_eq!(refs.len(), 4, "{refs:?}");
    let edits = analysis
        .rename(&f.path, f.offset, "width")
        .expect("renamed");
    let mut texts: Vec<&str> = edits.iter().map(|e| e.new_text.as_str()).collect();
    texts.sort();
    assert_eq!(texts, vec!["width", "width", "width", "width: w"]);
}

#[test]
fn references_and_rename_of_object_methods() {
    let f = single("client class Counter {\n    int n = 0;\n    function inc() { self.n += 1; }\n    remote function reset() { self.n = 0; }\n    function twice() { self.inc(); self.inc(); }\n}\npublic function main() {\n    Counter c = new;\n    c.in$0c();\n    c->reset();\n}\n");
    let analysis = f.analysis();
    let refs = analysis.references(&f.path, f.offset, true);
    assert_eq!(refs.len(), 4, "{refs:?}");
    assert!(refs.iter().all(|l| f.text_at(l) == "inc"));
    let edits = analysis.rename(&f.path, f.offset, "add").expect("renamed");
    assert_eq!(edits.len(), 4);
    let refused = analysis.rename(&f.path, f.offset, "twice").unwrap_err();
    assert!(refused.0.contains("already a member"), "{}", refused.0);

    let text = analysis
        .text(&crate::FileKey::Disk(f.path.clone()))
        .unwrap()
        .to_owned();
    let remote = text.find("c->reset").unwrap() as u32 + 4;
    let refs = analysis.references(&f.path, remote, true);
    assert_eq!(refs.len(), 2, "{refs:?}");
    // Fields of a class: `self.n` everywhere.
    let field = text.find("self.n +=").unwrap() as u32 + 5;
    assert_eq!(analysis.references(&f.path, field, true).len(), 3);
}
