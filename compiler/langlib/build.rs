//! Generates `LangNative`, one id per `external` function of the lang library sources in
//! `lang/*.int`, so that the compiler and the runtime meet through ids derived from the one
//! declaration of each function.
//!
//! The scan is deliberately small: the sources are ours and a unit test (`tests.rs`) parses
//! them with the real parser and checks that it finds exactly the same declarations.

use std::fmt::Write as _;
use std::path::Path;

/// The lang modules, in the order of the generated `MODULES` table.
const MODULES: [&str; 19] = [
    "array",
    "boolean",
    "decimal",
    "error",
    "float",
    "function",
    "future",
    "int",
    "map",
    "object",
    "regexp",
    "runtime",
    "stream",
    "string",
    "table",
    "transaction",
    "typedesc",
    "value",
    "xml",
];

struct Decl {
    module: &'static str,
    name: String,
    infers_typedesc: bool,
}

/// Drops `#` documentation lines and `//` comments (the sources have no `//` in strings).
fn strip_comments(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            continue;
        }
        let code = match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        };
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// The external functions of one source: declarations `... function NAME(...) ... = external;`
/// whose `function` keyword is on an unindented line (the return type may be an object type
/// declaring indented methods of its own).
fn scan(module: &'static str, text: &str) -> Vec<Decl> {
    let code = strip_comments(text);
    let mut decls = Vec::new();
    let mut chunks: Vec<&str> = code.split("= external;").collect();
    chunks.pop(); // after the last external declaration
    for chunk in chunks {
        let Some(line) = chunk
            .lines()
            .rev()
            .find(|l| !l.starts_with(char::is_whitespace) && l.contains("function "))
        else {
            continue;
        };
        let Some(at) = line.find("function ") else {
            continue;
        };
        let rest = line[at + "function ".len()..].trim_start();
        let rest = rest.strip_prefix('\'').unwrap_or(rest);
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        assert!(
            !name.is_empty(),
            "lang/{module}.int: unnamed external function"
        );
        let declaration = &chunk[chunk.rfind(line).unwrap_or(0)..];
        decls.push(Decl {
            module,
            infers_typedesc: declaration.contains("= <>"),
            name,
        });
    }
    decls
}

fn variant(decl: &Decl) -> String {
    let mut v = String::new();
    for part in [decl.module, decl.name.as_str()] {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            v.push(first.to_ascii_uppercase());
            v.extend(chars);
        }
    }
    v
}

fn main() {
    // Read at run time: a build script binary reused from another checkout (a shared target
    // directory) must still scan this checkout's sources.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest_dir).join("lang");
    let mut decls = Vec::new();
    for module in MODULES {
        let path = dir.join(format!("{module}.int"));
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).expect("lang library source");
        decls.extend(scan(module, &text));
    }
    let mut out = String::new();
    out.push_str(
        "/// One `external` function of the lang library (generated from `lang/*.int`).\n",
    );
    out.push_str("#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]\n");
    out.push_str("pub enum LangNative {\n");
    for d in &decls {
        let _ = writeln!(out, "    /// `{}:{}`", d.module, d.name);
        let _ = writeln!(out, "    {},", variant(d));
    }
    out.push_str("}\n\n");
    let _ = writeln!(
        out,
        "/// Every id, in declaration order.\npub const ALL: [LangNative; {}] = [",
        decls.len()
    );
    for d in &decls {
        let _ = writeln!(out, "    LangNative::{},", variant(d));
    }
    out.push_str("];\n\n");
    out.push_str("/// `(module, function name, infers its typedesc argument)` per id.\n");
    let _ = writeln!(out, "const INFO: [(&str, &str, bool); {}] = [", decls.len());
    for d in &decls {
        let _ = writeln!(
            out,
            "    ({:?}, {:?}, {}),",
            d.module, d.name, d.infers_typedesc
        );
    }
    out.push_str("];\n\n");
    let _ = writeln!(
        out,
        "/// The lang modules with their sources.\npub const MODULES: [(&str, &str); {}] = [",
        MODULES.len()
    );
    for m in MODULES {
        let _ = writeln!(
            out,
            "    ({m:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/lang/{m}.int\"))),"
        );
    }
    out.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    std::fs::write(Path::new(&out_dir).join("natives.rs"), out).expect("write natives.rs");
}
