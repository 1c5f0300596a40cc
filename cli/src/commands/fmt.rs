//! `intc fmt [--check] [PATH...]`: formats `.int` files in place with the canonical style
//! (`docs/style.md`). A directory stands for every `.int` file below it (so a project's root
//! covers all its modules). With `--check`, nothing is written: the files that would change
//! are listed and the exit code is 1. A file with syntax errors is reported as `intc check`
//! reports it and left alone (exit code 2).

use crate::output;
use crate::sources::{path_from, EXIT_COMPILE_ERROR};
use intc_diagnostics::render::{self, MessageFormat};
use intc_span::{FileId, SourceMap};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// The exit code of `--check` when a file would change.
const EXIT_WOULD_CHANGE: u8 = 1;

pub fn fmt(paths: &[PathBuf], check: bool) -> u8 {
    let default = [PathBuf::from(".")];
    let roots = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut files = Vec::new();
    let mut failed = false;
    for root in roots {
        if root.is_dir() {
            if let Err(error) = collect(root, &mut files) {
                eprintln!("error: cannot read '{}': {error}", root.display());
                failed = true;
            }
        } else if root.is_file() {
            files.push(root.clone());
        } else {
            eprintln!("error: '{}' does not exist", root.display());
            failed = true;
        }
    }
    let current_dir = std::env::current_dir().ok();
    let mut changed = false;
    for file in &files {
        let shown = path_from(current_dir.as_deref(), file);
        match format_one(file, &shown, check) {
            Ok(true) => {
                changed = true;
                if check {
                    output::print_out(&format!("{shown}\n"));
                }
            }
            Ok(false) => {}
            Err(()) => failed = true,
        }
    }
    if failed {
        EXIT_COMPILE_ERROR
    } else if check && changed {
        EXIT_WOULD_CHANGE
    } else {
        0
    }
}

/// Every `.int` file below `directory`, in name order; hidden directories and build output
/// (`target`) are skipped.
fn collect(directory: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(directory)?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        if path.is_dir() {
            if !name.starts_with('.') && name != "target" {
                collect(&path, files)?;
            }
        } else if name.ends_with(".int") {
            files.push(path);
        }
    }
    Ok(())
}

/// Formats one file; `Ok(true)` when its text changes (and, unless `check`, was rewritten).
fn format_one(file: &Path, shown: &str, check: bool) -> Result<bool, ()> {
    let bytes = std::fs::read(file).map_err(|error| {
        eprintln!("error: cannot read '{shown}': {error}");
    })?;
    let Ok(text) = String::from_utf8(bytes) else {
        eprintln!("error: '{shown}' is not valid UTF-8");
        return Err(());
    };
    // A byte-order mark is not part of the program text (as the driver reads it) but stays.
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(body) => ("\u{feff}", body),
        None => ("", text.as_str()),
    };
    match intc_fmt::format_file(FileId(0), body) {
        Ok(formatted) => {
            if formatted == body {
                return Ok(false);
            }
            if !check {
                std::fs::write(file, format!("{bom}{formatted}")).map_err(|error| {
                    eprintln!("error: cannot write '{shown}': {error}");
                })?;
            }
            Ok(true)
        }
        Err(diagnostics) => {
            let mut sources = SourceMap::new();
            sources.add(shown.to_owned(), body.to_owned());
            let color = render::color_enabled(std::io::stderr().is_terminal());
            output::print_err(&render::render(
                MessageFormat::Human,
                &diagnostics,
                &sources,
                color,
            ));
            Err(())
        }
    }
}
