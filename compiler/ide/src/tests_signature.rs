//! Signature help and workspace symbols over inline fixtures.
use crate::fixture::{project, single};
use crate::SymbolKind;

fn active_label(help: &crate::SignatureHelp) -> &str {
    let p = &help.params[help.active as usize];
    &help.label[p.start as usize..p.end as usize]
}

#[test]
fn signature_of_a_function_with_the_parameter_at_the_cursor() {
    let f = single("# Adds two numbers.\n# + a - the first\n# + b - the second\nfunction add(int a, int b) returns int => a + b;\npublic function main() {\n    int x = add(1, $0\n}\n");
    let help = f.host.signature_help(&f.path, f.offset).expect("help");
    assert_eq!(help.label, "function add(int a, int b) returns int");
    assert_eq!(help.active, 1);
    assert_eq!(active_label(&help), "int b");
    assert_eq!(help.params[0].doc.as_deref(), Some("the first"));
    assert_eq!(help.params[1].doc.as_deref(), Some("the second"));
    assert_eq!(help.doc, "Adds two numbers.");

    // The first argument, in a finished call; strings and nested calls do not count.
    let f = single("function add(int a, int b) returns int => a + b;\nfunction id(string s) returns int => 1;\npublic function main() {\n    int x = add(id(\"a,b\"$0), 2);\n}\n");
    let help = f.host.signature_help(&f.path, f.offset).expect("help");
    assert_eq!(help.label, "function id(string s) returns int");
    assert_eq!(help.active, 0);
}

#[test]
fn signature_of_module_functions_and_lang_library_calls() {
    let f = single("import ballerina/io;\npublic function main() {\n    io:println(1, $0\n}\n");
    let help = f.host.signature_help(&f.path, f.offset).expect("help");
    assert_eq!(help.label, "function println(any... values)");
    assert_eq!(help.doc, "Prints the values and a newline.");
    assert_eq!(help.active, 1);

    // `xs.push(`: the receiver is the lang function's first parameter.
    let f = single("public function main() {\n    int[] xs = [];\n    xs.push($0\n}\n");
    let help = f.host.signature_help(&f.path, f.offset).expect("help");
    assert!(help.label.starts_with("function push("), "{}", help.label);
    assert_eq!(help.active, 1);
    assert_eq!(active_label(&help), "Type... vals");

    let f = single("public function main() {\n    int n = int:abs($0);\n}\n");
    let help = f.host.signature_help(&f.path, f.offset).expect("help");
    assert!(help.label.starts_with("function abs("), "{}", help.label);
    assert_eq!(help.active, 0);
}

#[test]
fn signature_of_methods_remote_methods_and_new() {
    let text = "client class Store {\n    # Opens it.\n    # + name - what to call it\n    function init(string name) {}\n    # Keeps a value.\n    # + key - the key\n    # + value - the value\n    remote function put(string key, int value) {}\n    function size() returns int => 0;\n}\npublic function main() {\n    Store s = new $CALL\n}\n";
    let at = |call: &str| {
        let f = single(&text.replace("$CALL", call));
        f.host.signature_help(&f.path, f.offset).expect("help")
    };
    let help = at("Store($0");
    assert_eq!(help.label, "new Store(string name)");
    assert_eq!(help.params[0].doc.as_deref(), Some("what to call it"));
    let help = at("(\"a\");\n    s->put(\"k\", $0");
    assert_eq!(help.label, "function put(string key, int value)");
    assert_eq!(active_label(&help), "int value");
    assert_eq!(help.doc, "Keeps a value.");
    let help = at("(\"a\");\n    int n = s.size($0);");
    assert_eq!(help.label, "function size() returns int");
}

#[test]
fn signature_of_new_with_the_class_from_the_expected_type() {
    let text = "client class Store {\n    # Opens it.\n    # + name - what to call it\n    # + size - how big\n    function init(string name, int size) returns error? {}\n}\nclass Plain {\n}\nfunction keep(Store s) {}\npublic function main() returns error? {\n    $CALL\n}\n";
    let at = |call: &str| {
        let f = single(&text.replace("$CALL", call));
        f.host.signature_help(&f.path, f.offset)
    };
    // Half-written: the checker infers `Store` from the declared type.
    let help = at("Store s = check new ($0").expect("help");
    assert_eq!(
        help.label,
        "new Store(string name, int size) returns error?"
    );
    assert_eq!(help.active, 0);
    assert_eq!(help.params[0].doc.as_deref(), Some("what to call it"));
    // The active parameter moves with the commas, in half-written and finished calls.
    let help = at("Store s = check new (\"a\", $0").expect("help");
    assert_eq!(active_label(&help), "int size");
    let help = at("Store s = check new(\"a\", 1$0);").expect("help");
    assert_eq!(active_label(&help), "int size");
    // Any place with an expected type: an argument, a later statement left intact.
    let help = at("check keep(check new (\"a\", $0\n    int n = 1;").expect("help");
    assert_eq!(active_label(&help), "int size");
    // A class without `init`.
    let help = at("Plain p = new ($0").expect("help");
    assert_eq!(help.label, "new Plain()");
    assert!(help.params.is_empty());
    // No class to infer: no help.
    assert_eq!(at("int n = new ($0"), None);
    assert_eq!(at("var v = new ($0"), None);
}

#[test]
fn signature_of_new_for_a_class_of_another_module() {
    let f = project(&[
        ("main.int", "import app.net;\npublic function main() returns error? {\n    net:Client c = check new (\"http://x\", $0\n}\n"),
        ("modules/net/net.int", "public client class Client {\n    # + url - where\n    # + timeout - how long\n    public function init(string url, decimal timeout = 30) returns error? {}\n}\n"),
    ]);
    let help = f.host.signature_help(&f.path, f.offset).expect("help");
    assert_eq!(
        help.label,
        "new Client(string url, decimal timeout) returns error?"
    );
    assert_eq!(active_label(&help), "decimal timeout");
    assert_eq!(help.params[1].doc.as_deref(), Some("how long"));
}

#[test]
fn no_signature_outside_a_call() {
    let f = single("public function main() {\n    int x = 1;$0\n}\n");
    assert_eq!(f.host.signature_help(&f.path, f.offset), None);
    let f = single("public function main() {\n    if (true$0) {}\n}\n");
    assert_eq!(f.host.signature_help(&f.path, f.offset), None);
}

#[test]
fn workspace_symbols_of_every_module_by_query() {
    let f = project(&[
        ("main.int", "import app.store;\npublic function main() { store:addAlbum(); }\nservice /albums on new Listener() {\n    resource function get all() returns string => \"\";\n}\nclass Listener {\n    public function attach(service object {} s, string[]|string? name = ()) returns error? {}\n    public function detach(service object {} s) returns error? {}\n    public function 'start() returns error? {}\n    public function gracefulStop() returns error? {}\n    public function immediateStop() returns error? {}\n}\n"),
        ("modules/store/store.int", "public type Album record { string title; };\npublic function addAlbum() {}\nconst MAX_ALBUMS = 10;\n"),
    ]);
    let analysis = f.analysis();
    let names = |query: &str| -> Vec<(String, SymbolKind)> {
        analysis
            .workspace_symbols(query)
            .into_iter()
            .map(|s| (s.name, s.kind))
            .collect()
    };
    let found = names("album");
    assert_eq!(
        found,
        vec![
            ("Album".to_owned(), SymbolKind::Type),
            ("MAX_ALBUMS".to_owned(), SymbolKind::Constant),
            ("addAlbum".to_owned(), SymbolKind::Function),
            ("service /albums".to_owned(), SymbolKind::Service),
        ]
    );
    // Fuzzy: the query's letters in order; members carry their container.
    let found = analysis.workspace_symbols("gtal");
    let resource = found
        .iter()
        .find(|s| s.name == "get all")
        .expect("the resource");
    assert_eq!(resource.kind, SymbolKind::Resource);
    assert_eq!(resource.container.as_deref(), Some("service /albums"));
    assert!(names("").len() >= 8);
    assert!(names("zzz").is_empty());
    // Locations point at the name in its own file.
    let album = &analysis.workspace_symbols("Album")[0];
    assert_eq!(f.text_at(&album.location), "Album");
}

#[test]
fn signature_of_resource_method_calls_after_their_path() {
    let text = "client class Albums {\n    # Replaces an album's title.\n    # + title - the new title\n    resource function put albums/[string id](string title, int year = 2000) {}\n    resource function get albums/[string id]() returns string => id;\n}\nclient class Http {\n    resource function post [string... path](string message, map<string>? headers = ()) returns string => message;\n}\npublic function main() {\n    Albums c = new;\n    Http h = new;\n    string id = \"a\";\n    $CALL\n}\n";
    let at = |call: &str| {
        let f = single(&text.replace("$CALL", call));
        f.host.signature_help(&f.path, f.offset)
    };
    // The parameters after the path parameters; the active one by the commas written.
    let help = at("c->/albums/[id].put(\"t\", $0").expect("help");
    assert_eq!(help.label, "resource function put(string title, int year)");
    assert_eq!(active_label(&help), "int year");
    assert_eq!(help.params[0].doc.as_deref(), Some("the new title"));
    assert_eq!(help.doc, "Replaces an album's title.");
    let help = at("string s = c->/albums/[id].get($0").expect("help");
    assert_eq!(help.label, "resource function get() returns string");
    // A rest path parameter (as `http:Client` declares them) takes any path.
    let help = at("string r = h->/orders/[id]/lines.post($0").expect("help");
    assert_eq!(
        help.label,
        "resource function post(string message, map<string>? headers) returns string"
    );
    assert_eq!(help.active, 0);
    // No resource method of that path or accessor: no help.
    assert!(at("c->/artists.get($0").is_none());
    assert!(at("c->/albums/[id].post($0").is_none());
}
