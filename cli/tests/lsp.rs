//! `intc lsp` driven by a real LSP client over stdio (JSON-RPC with Content-Length framing)
//! on the multi-module project `tests/lsp/shop`: diagnostics appearing and clearing as the
//! text is edited, hover, definition across modules, completion after `io:` and `.`,
//! document symbols, answers on broken code, and a panicking request answered with an error
//! while the server keeps running. Edits are `didChange` texts, never written to disk.
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
    assert_eq!(diagnostics[0]["range"]["start"]["line"], 5);
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
    let hover = client.request("textDocument/hover", at(6, 27, &main));
    let shown = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    assert!(shown.contains("int total"), "{hover}");
    let hover = client.request("textDocument/hover", at(4, 38, &main));
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
    let definition = client.request("textDocument/definition", at(4, 38, &main));
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
    let definition = client.request("textDocument/definition", at(6, 8, &main));
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
    let completion = client.request("textDocument/completion", at(6, 7, &main));
    let names = labels(&completion);
    assert!(names.contains(&"println".to_owned()), "{names:?}");
    let completion = client.request("textDocument/completion", at(7, 9, &main));
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
    let hover = client.request("textDocument/hover", at(5, 9, &main));
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
    let hover = client.request("textDocument/hover", at(5, 9, &main));
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
