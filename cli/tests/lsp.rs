//! `intc lsp` driven by a real LSP client over stdio (JSON-RPC with Content-Length framing)
//! on the multi-module project `tests/lsp/shop`: diagnostics appearing and clearing as the
//! text is edited, hover, definition across modules, completion after `io:` and `.`,
//! document symbols, answers on broken code, and a panicking request answered with an error
//! while the server keeps running; then signature help, workspace symbols, quick-fix code
//! actions, mapping-field and resource-path completion, and references and rename of record
//! fields; then signature help of `new (` whose class comes from the declared type, the
//! methods after a client's resource path, and references and rename of the fields of an
//! inline record type. Edits are `didChange` texts, never written to disk.
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(120);

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    /// Notifications received while waiting for something else.
    notifications: Vec<Value>,
    next_id: i64,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_intc"))
            .arg("lsp")
            .env("INTC_LSP_TESTING", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("intc lsp starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (send, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(value) = line.strip_prefix("Content-Length: ") {
                        length = value.parse::<usize>().ok();
                    }
                }
                let Some(length) = length else { return };
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let Ok(message) = serde_json::from_slice::<Value>(&body) else {
                    return;
                };
                if send.send(message).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            notifications: Vec::new(),
            next_id: 1,
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its response (the whole message: `result` or `error`).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = self.receive(deadline);
            if message.get("id") == Some(&json!(id)) && message.get("method").is_none() {
                return message;
            }
            self.notifications.push(message);
        }
    }

    fn receive(&mut self, deadline: Instant) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.messages.recv_timeout(left) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => panic!("no message from intc lsp in time"),
            Err(RecvTimeoutError::Disconnected) => panic!("intc lsp closed its output"),
        }
    }

    /// Waits for the diagnostics of `uri` with this document version.
    fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let deadline = Instant::now() + TIMEOUT;
        let matches = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        };
        if let Some(i) = self.notifications.iter().position(matches) {
            let found = self.notifications.remove(i);
            return found["params"]["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default();
        }
        loop {
            let message = self.receive(deadline);
            if matches(&message) {
                return message["params"]["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
            }
            self.notifications.push(message);
        }
    }
}

fn project() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/lsp/shop")
        .canonicalize()
        .expect("the test project")
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn at(line: u32, character: u32, uri: &str) -> Value {
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
}

fn change(client: &mut Client, uri: &str, version: i64, text: &str) {
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
    );
}

#[test]
fn language_server_over_stdio() {
    let root = project();
    let main_path = root.join("main.int");
    let main = uri(&main_path);
    let main_text = std::fs::read_to_string(&main_path).expect("main.int");
    let mut client = Client::start();

    let init = client.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(&root), "capabilities": {}}),
    );
    assert!(
        init["result"]["capabilities"]["hoverProvider"]
            .as_bool()
            .unwrap_or(false),
        "{init}"
    );
    client.notify("initialized", json!({}));

    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": main, "languageId": "ballerina", "version": 1, "text": main_text}}),
    );
    assert_eq!(
        client.diagnostics(&main, 1),
        Vec::<Value>::new(),
        "a clean project"
    );

    // An error appears as the text is edited, and clears when it is fixed.
    let broken = main_text.replace(
        "int total = inventory:value(item);",
        "int total = \"many\";",
    );
    change(&mut client, &main, 2, &broken);
    let diagnostics = client.diagnostics(&main, 2);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["range"]["start"]["line"], 6);
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("incompatible types"),
        "{diagnostics:?}"
    );
    change(&mut client, &main, 3, &main_text);
    assert_eq!(
        client.diagnostics(&main, 3),
        Vec::<Value>::new(),
        "the error cleared"
    );

    // Hover: a local's type, an imported function's signature and doc comment.
    let hover = client.request("textDocument/hover", at(7, 27, &main));
    let shown = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    assert!(shown.contains("int total"), "{hover}");
    let hover = client.request("textDocument/hover", at(5, 38, &main));
    let shown = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    assert!(
        shown.contains("function newItem(string name, int count) returns inventory:Item"),
        "{hover}"
    );
    assert!(shown.contains("Makes an item."), "{hover}");

    // Definition across modules.
    let definition = client.request("textDocument/definition", at(5, 38, &main));
    let target = &definition["result"];
    assert!(
        target["uri"]
            .as_str()
            .unwrap_or("")
            .ends_with("modules/inventory/inventory.int"),
        "{definition}"
    );
    assert_eq!(
        target["range"]["start"],
        json!({"line": 7, "character": 16})
    );
    // ... and into the standard library (a copy of its source the server writes).
    let definition = client.request("textDocument/definition", at(7, 8, &main));
    let std_file = definition["result"]["uri"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    assert!(
        std_file.ends_with(".int") && std_file.contains("intc-lsp-std"),
        "{definition}"
    );

    // Completion after `io:` and after `.`, in text that does not parse yet.
    let typing = main_text.replace("    io:println(item.name, total);", "    io:\n    item.");
    change(&mut client, &main, 4, &typing);
    let completion = client.request("textDocument/completion", at(7, 7, &main));
    let names = labels(&completion);
    assert!(names.contains(&"println".to_owned()), "{names:?}");
    let completion = client.request("textDocument/completion", at(8, 9, &main));
    let names = labels(&completion);
    assert!(
        names.contains(&"name".to_owned()) && names.contains(&"count".to_owned()),
        "{names:?}"
    );
    let diagnostics = client.diagnostics(&main, 4);
    assert!(
        !diagnostics.is_empty(),
        "half-written code has syntax errors"
    );

    // Answers on broken code: symbols and hovers where the tree is whole.
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": main}}),
    );
    let names: Vec<String> = symbols["result"]
        .as_array()
        .map(|s| {
            s.iter()
                .map(|s| s["name"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(names, vec!["main".to_owned()], "{symbols}");
    let hover = client.request("textDocument/hover", at(6, 9, &main));
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .unwrap_or("")
            .contains("int total"),
        "{hover}"
    );

    // Document symbols of a service: the service and its resource.
    let service_path = root.join("service.int");
    let service = uri(&service_path);
    let service_text = std::fs::read_to_string(&service_path).expect("service.int");
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": service, "languageId": "ballerina", "version": 1, "text": service_text}}),
    );
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": service}}),
    );
    let service_symbol = &symbols["result"][0];
    assert_eq!(service_symbol["name"], "service /shop", "{symbols}");
    assert_eq!(
        service_symbol["children"][0]["name"], "get items",
        "{symbols}"
    );

    // Formatting: a badly laid-out text comes back as one edit with the canonical text; a
    // formatted text needs no edit.
    let messy = main_text.replacen("int total = ", "int   total=", 1);
    change(&mut client, &main, 4, &messy);
    let formatted = client.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": main}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    let edits = formatted["result"].as_array().cloned().unwrap_or_default();
    assert_eq!(edits.len(), 1, "{formatted}");
    assert_eq!(
        edits[0]["newText"].as_str(),
        Some(main_text.as_str()),
        "{formatted}"
    );
    change(&mut client, &main, 5, &main_text);
    let formatted = client.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": main}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    assert_eq!(formatted["result"], json!([]), "{formatted}");

    // A panic inside a request is an error answer; the server keeps answering.
    let panicked = client.request("intc/panicForTesting", json!(null));
    assert!(
        panicked["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("panic"),
        "{panicked}"
    );
    let hover = client.request("textDocument/hover", at(6, 9, &main));
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .unwrap_or("")
            .contains("int total"),
        "{hover}"
    );

    let shutdown = client.request("shutdown", json!(null));
    assert!(shutdown.get("error").is_none(), "{shutdown}");
    client.notify("exit", json!(null));
    let status = client.child.wait().expect("intc lsp exits");
    assert!(status.success(), "{status}");
}

fn labels(completion: &Value) -> Vec<String> {
    let items = match &completion["result"] {
        Value::Array(items) => items.clone(),
        other => other["items"].as_array().cloned().unwrap_or_default(),
    };
    items
        .iter()
        .filter_map(|i| i["label"].as_str().map(str::to_owned))
        .collect()
}

/// The LSP position `after` bytes past the start of `needle` in `text` (ASCII text).
fn position(text: &str, needle: &str, after: usize) -> (u32, u32) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} in {text}"))
        + after;
    let line = text[..at].matches('\n').count() as u32;
    let column = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    (line, column as u32)
}

fn at_text(text: &str, needle: &str, after: usize, uri: &str) -> Value {
    let (line, character) = position(text, needle, after);
    at(line, character, uri)
}

/// Signature help, workspace symbols, code actions, mapping-field and resource-path
/// completion, and references and rename of record fields, over stdio on `tests/lsp/shop`.
#[test]
fn editing_features_over_stdio() {
    let root = project();
    let main_path = root.join("main.int");
    let main = uri(&main_path);
    let main_text = std::fs::read_to_string(&main_path).expect("main.int");
    let mut client = Client::start();
    let init = client.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(&root), "capabilities": {}}),
    );
    let capabilities = &init["result"]["capabilities"];
    assert_eq!(
        capabilities["signatureHelpProvider"]["triggerCharacters"],
        json!(["(", ","]),
        "{init}"
    );
    assert_eq!(capabilities["workspaceSymbolProvider"], json!(true));
    assert!(capabilities["codeActionProvider"].is_object(), "{init}");
    client.notify("initialized", json!({}));

    // Workspace symbols: the modules of the workspace's program, before any file is open.
    let found = workspace_symbols(&mut client, "item");
    assert!(
        found.iter().any(
            |(name, uri)| name == "newItem" && uri.ends_with("modules/inventory/inventory.int")
        ),
        "{found:?}"
    );

    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": main, "languageId": "ballerina", "version": 1, "text": main_text}}),
    );
    assert_eq!(client.diagnostics(&main, 1), Vec::<Value>::new());

    // References and rename of a record field, across modules and through a shorthand field.
    let field = at_text(&main_text, "item.name", 6, &main);
    let mut references = field.clone();
    references["context"] = json!({"includeDeclaration": true});
    let refs = client.request("textDocument/references", references);
    let refs = refs["result"].as_array().cloned().unwrap_or_default();
    assert_eq!(refs.len(), 3, "{refs:?}");
    let mut rename = field;
    rename["newName"] = json!("label");
    let renamed = client.request("textDocument/rename", rename);
    let changes = &renamed["result"]["changes"];
    let inventory = changes
        .as_object()
        .and_then(|c| c.iter().find(|(uri, _)| uri.ends_with("inventory.int")))
        .map(|(_, edits)| edits.clone())
        .unwrap_or_default();
    let texts: Vec<&str> = inventory
        .as_array()
        .map(|e| e.iter().filter_map(|e| e["newText"].as_str()).collect())
        .unwrap_or_default();
    assert!(texts.contains(&"label: name"), "{renamed}");

    // Signature help in a half-written remote call.
    let typing = main_text.replace(
        "import shop.inventory;\n",
        "import shop.inventory;\nimport shop.catalog;\n",
    );
    let typing = typing.replace(
        "    io:println(item.name, total);\n",
        "    io:println(item.name, total);\n    catalog:Catalog c = new;\n    _ = c->find(\"a\", \n",
    );
    change(&mut client, &main, 2, &typing);
    let found = workspace_symbols(&mut client, "album");
    assert!(
        found
            .iter()
            .any(|(name, uri)| name == "Album" && uri.ends_with("modules/catalog/catalog.int")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|(name, _)| name == "get albums"),
        "{found:?}"
    );
    let help = client.request(
        "textDocument/signatureHelp",
        at_text(&typing, "\"a\", ", 5, &main),
    );
    let signature = &help["result"]["signatures"][0];
    assert!(
        signature["label"]
            .as_str()
            .unwrap_or("")
            .starts_with("function find(string artist, int max)"),
        "{help}"
    );
    assert_eq!(help["result"]["activeParameter"], 1, "{help}");
    assert_eq!(
        signature["parameters"][1]["documentation"], "how many at most",
        "{help}"
    );

    // Completion: the fields of the record a mapping constructor builds, and the resource
    // paths of a client.
    let typing = typing.replace(
        "    _ = c->find(\"a\", \n",
        "    catalog:Album album = {title: \"t\", };\n    catalog:Album[] all = c->/;\n",
    );
    change(&mut client, &main, 3, &typing);
    let completion = client.request(
        "textDocument/completion",
        at_text(&typing, "\"t\", }", 5, &main),
    );
    assert_eq!(
        labels(&completion),
        vec!["artist".to_owned()],
        "{completion}"
    );
    let completion = client.request(
        "textDocument/completion",
        at_text(&typing, "c->/;", 4, &main),
    );
    assert_eq!(
        labels(&completion),
        vec!["albums".to_owned()],
        "{completion}"
    );

    // Code actions for the diagnostics of broken code: add `check`, add the missing import,
    // implement the methods of an included object type, and create the missing Config.toml
    // entry of a required configurable.
    let broken = main_text
        .replace("import ballerina/io;\n", "")
        .replace(
            "import shop.inventory;\n",
            "import shop.inventory;\nimport shop.catalog;\n\nconfigurable int port = ?;\n\nclass Square {\n    *catalog:Cover;\n}\n",
        )
        .replace(
            "public function main() {\n",
            "public function main() returns error? {\n    catalog:Album album = catalog:load(\"x\");\n",
        );
    change(&mut client, &main, 4, &broken);
    let diagnostics = client.diagnostics(&main, 4);
    assert!(diagnostics.len() >= 3, "{diagnostics:?}");
    let lines = broken.lines().count();
    let whole =
        json!({"start": {"line": 0, "character": 0}, "end": {"line": lines, "character": 0}});
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": main}, "range": whole, "context": {"diagnostics": diagnostics}}),
    );
    let actions = actions["result"].as_array().cloned().unwrap_or_default();
    let titles: Vec<&str> = actions.iter().filter_map(|a| a["title"].as_str()).collect();
    for expected in [
        "Add 'check'",
        "Add 'import ballerina/io;'",
        "Implement the missing methods of 'Square'",
        "Add 'port' to Config.toml",
    ] {
        assert!(titles.contains(&expected), "{expected}: {titles:?}");
    }
    let config = actions
        .iter()
        .find(|a| a["title"] == "Add 'port' to Config.toml")
        .map(|a| a["edit"]["documentChanges"].clone())
        .unwrap_or_default();
    assert_eq!(config[0]["kind"], "create", "{config}");
    assert!(
        config[0]["uri"]
            .as_str()
            .unwrap_or("")
            .ends_with("shop/Config.toml"),
        "{config}"
    );
    assert_eq!(config[1]["edits"][0]["newText"], "port = 0\n", "{config}");
    let check = actions
        .iter()
        .find(|a| a["title"] == "Add 'check'")
        .cloned()
        .unwrap_or_default();
    assert_eq!(check["kind"], "quickfix");
    assert_eq!(check["diagnostics"][0]["code"], "E0200", "{check}");
    assert_eq!(
        check["edit"]["documentChanges"][0]["edits"][0]["newText"], "check ",
        "{check}"
    );
    assert!(
        !std::path::Path::new(&root.join("Config.toml")).exists(),
        "code actions write nothing"
    );

    let shutdown = client.request("shutdown", json!(null));
    assert!(shutdown.get("error").is_none(), "{shutdown}");
    client.notify("exit", json!(null));
    let status = client.child.wait().expect("intc lsp exits");
    assert!(status.success(), "{status}");
}

/// Signature help of `new (` whose class comes from the declared type, the methods of a
/// client's resource path, and references and rename of the fields of an inline record type,
/// over stdio on `tests/lsp/shop`.
#[test]
fn declared_classes_resource_methods_and_inline_records_over_stdio() {
    let root = project();
    let main_path = root.join("main.int");
    let main = uri(&main_path);
    let main_text = std::fs::read_to_string(&main_path).expect("main.int");
    let mut client = Client::start();
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(&root), "capabilities": {}}),
    );
    client.notify("initialized", json!({}));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": main, "languageId": "ballerina", "version": 1, "text": main_text}}),
    );
    assert_eq!(client.diagnostics(&main, 1), Vec::<Value>::new());

    // `new (` typed after an `http:Client` declaration: the client's `init`, with the
    // parameter the commas reached.
    let typing = main_text
        .replace(
            "import ballerina/io;\n",
            "import ballerina/io;\nimport ballerina/http;\n",
        )
        .replace(
            "public function main() {\n",
            "public function main() returns error? {\n    http:Client c = check new (\"http://localhost:9090\", \n",
        );
    change(&mut client, &main, 2, &typing);
    let help = client.request(
        "textDocument/signatureHelp",
        at_text(&typing, "9090\", ", 7, &main),
    );
    let signature = &help["result"]["signatures"][0];
    assert!(
        signature["label"]
            .as_str()
            .unwrap_or("")
            .starts_with("new Client(string url, *http:ClientConfiguration config)"),
        "{help}"
    );
    assert_eq!(help["result"]["activeParameter"], 1, "{help}");
    assert_eq!(
        signature["parameters"][1]["documentation"], "the configuration of the client",
        "{help}"
    );
    let help = client.request(
        "textDocument/signatureHelp",
        at_text(&typing, "new (", 5, &main),
    );
    assert_eq!(help["result"]["activeParameter"], 0, "{help}");

    // The resource methods of `http:Client` after a whole resource path.
    let typing = typing.replace(
        "9090\", \n",
        "9090\");\n    string id = \"a\";\n    json album = check c->/albums/[id].\n",
    );
    change(&mut client, &main, 3, &typing);
    let completion = client.request(
        "textDocument/completion",
        at_text(&typing, "[id].", 5, &main),
    );
    assert_eq!(
        labels(&completion),
        ["get", "post", "put", "patch", "delete", "head", "options"],
        "{completion}"
    );
    // And the chosen method's parameters after the path, once its `(` is typed.
    let calling = typing.replace("[id].\n", "[id].post({}, \n");
    change(&mut client, &main, 4, &calling);
    let help = client.request(
        "textDocument/signatureHelp",
        at_text(&calling, "post({}, ", 9, &main),
    );
    let signature = &help["result"]["signatures"][0];
    assert!(
        signature["label"]
            .as_str()
            .unwrap_or("")
            .starts_with("resource function post("),
        "{help}"
    );
    assert_eq!(help["result"]["activeParameter"], 1, "{help}");

    // References and rename of a field of an inline record type.
    let inline = main_text.replace(
        "    io:println(item.name, total);\n",
        "    record {| string label; int n; |} pair = {label: \"a\", n: total};\n    io:println(pair.label, item.name);\n",
    );
    change(&mut client, &main, 5, &inline);
    assert_eq!(client.diagnostics(&main, 5), Vec::<Value>::new());
    let field = at_text(&inline, "pair.label", 6, &main);
    let mut references = field.clone();
    references["context"] = json!({"includeDeclaration": true});
    let refs = client.request("textDocument/references", references);
    let lines: Vec<(i64, i64)> = refs["result"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|l| {
            let start = &l["range"]["start"];
            (
                start["line"].as_i64().unwrap_or(-1),
                start["character"].as_i64().unwrap_or(-1),
            )
        })
        .collect();
    let expected: Vec<(i64, i64)> = [("label;", 0), ("label:", 0), ("pair.label", 5)]
        .iter()
        .map(|(needle, after)| {
            let (line, column) = position(&inline, needle, *after);
            (i64::from(line), i64::from(column))
        })
        .collect();
    assert_eq!(lines, expected, "{refs}");
    let mut rename = field;
    rename["newName"] = json!("title");
    let renamed = client.request("textDocument/rename", rename);
    let edits = renamed["result"]["changes"][&main]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(edits.len(), 3, "{renamed}");
    assert!(edits.iter().all(|e| e["newText"] == "title"), "{renamed}");

    let shutdown = client.request("shutdown", json!(null));
    assert!(shutdown.get("error").is_none(), "{shutdown}");
    client.notify("exit", json!(null));
    let status = client.child.wait().expect("intc lsp exits");
    assert!(status.success(), "{status}");
}

/// The names and file URIs a `workspace/symbol` query answers.
fn workspace_symbols(client: &mut Client, query: &str) -> Vec<(String, String)> {
    let symbols = client.request("workspace/symbol", json!({ "query": query }));
    symbols["result"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap_or("").to_owned(),
                s["location"]["uri"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}
