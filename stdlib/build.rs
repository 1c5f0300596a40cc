//! Generates `StdNative`, one id per `external` function or method of the standard library
//! sources in `modules/<module>/*.int`, plus the table of module files, so that a native's name
//! (`std.io:println`, `std.http:Client.get`) is written only in its declaration.
//!
//! The module list is data: every directory under `modules/` is a module, every `.int` file in
//! it one of its files (sorted, so ids are stable). The scan is deliberately small: the sources
//! are ours, and a unit test (`tests.rs`) parses them with the real parser and checks that it
//! finds exactly the same declarations.

use std::fmt::Write as _;
use std::path::Path;

struct Decl {
    module: String,
    /// The class declaring it, for a method.
    class: Option<String>,
    name: String,
}

/// Drops `#` documentation lines and `//` comments (the sources have no `//` in strings).
fn strip_comments(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if line.trim_start().starts_with('#') {
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

/// The identifier at the start of `text`.
fn ident(text: &str) -> String {
    let text = text.trim_start();
    let text = text.strip_prefix('\'').unwrap_or(text);
    text.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

/// The external declarations of one file. A class starts on an unindented line containing
/// `class NAME {` and ends at the next unindented `}`; a declaration starts on the line holding
/// its `function` keyword and ends with `= external;`.
fn scan(module: &str, text: &str, decls: &mut Vec<Decl>) {
    let code = strip_comments(text);
    let mut class: Option<String> = None;
    let mut current: Option<(Option<String>, String)> = None;
    for line in code.lines() {
        let unindented = !line.starts_with(char::is_whitespace);
        if unindented && line.starts_with('}') {
            class = None;
        }
        if unindented {
            if let Some(at) = line.find("class ") {
                if line.trim_end().ends_with('{') {
                    class = Some(ident(&line[at + "class ".len()..]));
                }
            }
        }
        if current.is_none() {
            if let Some(at) = line.find("function ") {
                let after = &line[at + "function ".len()..];
                let mut name = ident(after);
                if line[..at].contains("resource ") {
                    name = resource_name(&name, after);
                }
                current = Some((class.clone(), name));
            }
        }
        if line.contains(';') || line.trim_end().ends_with('{') || line.trim_end().ends_with('}') {
            if let Some((owner, name)) = current.take() {
                if line.contains("= external;") {
                    assert!(!name.is_empty(), "{module}: unnamed external function");
                    decls.push(Decl {
                        module: module.to_string(),
                        class: owner,
                        name,
                    });
                }
            }
        }
    }
}

/// A resource method's name as the checker derives its native (`$get$albums$^$^^`, see
/// `intc_syntax::resource::trace_name`): the accessor, then per path segment (written on the
/// declaration's first line, up to `(`) its name, `^` for a parameter or `^^` for a rest.
fn resource_name(accessor: &str, after: &str) -> String {
    let path = after.trim_start()[accessor.len()..]
        .split('(')
        .next()
        .unwrap_or("")
        .trim();
    let mut name = format!("${accessor}");
    if path.is_empty() || path == "." {
        return name;
    }
    for segment in path.split('/') {
        let segment = segment.trim();
        name.push('$');
        if segment.starts_with('[') {
            name.push_str(if segment.contains("...") { "^^" } else { "^" });
        } else {
            name.push_str(segment);
        }
    }
    name
}

fn camel(part: &str) -> String {
    let mut v = String::new();
    for piece in part.split(['_', '.']) {
        let mut chars = piece.chars();
        if let Some(first) = chars.next() {
            v.push(first.to_ascii_uppercase());
            v.extend(chars);
        }
    }
    v
}

fn variant(decl: &Decl) -> String {
    let mut v = camel(&decl.module);
    if let Some(class) = &decl.class {
        v.push_str(&camel(class));
    }
    match decl.name.strip_prefix('$') {
        // `$get$albums$^^` → `ResourceGetAlbumsRest`.
        Some(resource) => {
            v.push_str("Resource");
            for part in resource.split('$') {
                v.push_str(&match part {
                    "^" => "Param".to_string(),
                    "^^" => "Rest".to_string(),
                    literal => camel(literal),
                });
            }
        }
        None => v.push_str(&camel(&decl.name)),
    }
    v
}

fn sorted_entries(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("stdlib modules directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    entries
}

fn main() {
    // Read at run time: a build script binary reused from another checkout (a shared target
    // directory) must still scan this checkout's sources.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest_dir).join("modules");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut decls = Vec::new();
    let mut files = Vec::new();
    for dir in sorted_entries(&root) {
        if !dir.is_dir() {
            continue;
        }
        println!("cargo:rerun-if-changed={}", dir.display());
        let module = dir
            .file_name()
            .and_then(|n| n.to_str())
            .expect("module directory name")
            .to_string();
        for path in sorted_entries(&dir) {
            if path.extension().and_then(|e| e.to_str()) != Some("int") {
                continue;
            }
            println!("cargo:rerun-if-changed={}", path.display());
            let text = std::fs::read_to_string(&path).expect("stdlib module source");
            scan(&module, &text, &mut decls);
            let file = path
                .file_name()
                .and_then(|n| n.to_str())
                .expect("module file name")
                .to_string();
            files.push((module.clone(), file));
        }
    }
    let mut out = String::new();
    out.push_str("/// One `external` function or method of the standard library (generated from\n");
    out.push_str("/// `modules/*/*.int`).\n");
    out.push_str("#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]\n");
    out.push_str("pub enum StdNative {\n");
    for d in &decls {
        let _ = writeln!(out, "    /// `{}`", qualified(d));
        let _ = writeln!(out, "    {},", variant(d));
    }
    out.push_str("}\n\n");
    let _ = writeln!(
        out,
        "/// Every id, in declaration order.\nconst ALL: [StdNative; {}] = [",
        decls.len()
    );
    for d in &decls {
        let _ = writeln!(out, "    StdNative::{},", variant(d));
    }
    out.push_str("];\n\n");
    out.push_str("/// The native name of each id (`std.<module>:<function>` or\n");
    out.push_str(
        "/// `std.<module>:<Class>.<method>`), as the checker derives it from the declaration.\n",
    );
    let _ = writeln!(out, "const NAMES: [&str; {}] = [", decls.len());
    for d in &decls {
        let _ = writeln!(out, "    {:?},", qualified(d));
    }
    out.push_str("];\n\n");
    let _ = writeln!(
        out,
        "/// `(module, display name, text)` of every module file.\nconst FILES: [(&str, &str, &str); {}] = [",
        files.len()
    );
    for (module, file) in &files {
        let _ = writeln!(
            out,
            "    ({module:?}, \"std/{module}/{file}\", include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/modules/{module}/{file}\"))),"
        );
    }
    out.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    std::fs::write(Path::new(&out_dir).join("natives.rs"), out).expect("write natives.rs");
}

fn qualified(d: &Decl) -> String {
    match &d.class {
        Some(class) => format!("std.{}:{}.{}", d.module, class, d.name),
        None => format!("std.{}:{}", d.module, d.name),
    }
}
