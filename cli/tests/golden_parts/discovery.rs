//! Finds the test cases under `tests/programs/`: single-file programs with their expectation
//! files, project folders, and orphan expectation files (which fail).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The suffixes of expectation/extra files that belong to `name.int`.
pub const COMPANION_SUFFIXES: [&str; 4] = [".out", ".err", ".args", ".Config.toml"];

#[derive(Clone, Debug)]
pub enum CaseKind {
    /// `name.int` with its companions next to it.
    File { program: PathBuf },
    /// A folder with `Int.toml`.
    Project { folder: PathBuf },
    /// An expectation file without its program.
    Orphan { file: PathBuf },
}

#[derive(Clone, Debug)]
pub struct Case {
    /// Path relative to `tests/programs`, without the `.int` extension.
    pub name: String,
    pub kind: CaseKind,
}

pub fn discover(root: &Path) -> Result<Vec<Case>, String> {
    let mut cases = Vec::new();
    visit(root, root, &mut cases)?;
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(cases)
}

fn visit(root: &Path, directory: &Path, cases: &mut Vec<Case>) -> Result<(), String> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(directory)
        .map_err(|error| format!("cannot list {}: {error}", directory.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .collect();
    entries.sort();
    if directory != root
        && entries
            .iter()
            .any(|path| path.file_name().is_some_and(|name| name == "Int.toml"))
    {
        cases.push(Case {
            name: relative_name(root, directory),
            kind: CaseKind::Project {
                folder: directory.to_path_buf(),
            },
        });
        return Ok(());
    }
    let programs: BTreeSet<String> = entries
        .iter()
        .filter(|path| path.is_file())
        .filter_map(|path| {
            path.file_name()?
                .to_str()?
                .strip_suffix(".int")
                .map(str::to_owned)
        })
        .collect();
    for path in &entries {
        if path.is_dir() {
            visit(root, path, cases)?;
            continue;
        }
        let Some(file_name) = path.file_name().and_then(|name| name.to_str()) else {
            continue;
        };
        if let Some(stem) = file_name.strip_suffix(".int") {
            let _ = stem;
            let name = relative_name(root, &path.with_extension(""));
            cases.push(Case {
                name,
                kind: CaseKind::File {
                    program: path.clone(),
                },
            });
            continue;
        }
        let owner = COMPANION_SUFFIXES
            .iter()
            .find_map(|suffix| file_name.strip_suffix(suffix));
        if let Some(stem) = owner {
            if !programs.contains(stem) {
                cases.push(Case {
                    name: format!("orphan:{}", relative_name(root, path)),
                    kind: CaseKind::Orphan { file: path.clone() },
                });
            }
        }
    }
    Ok(())
}

fn relative_name(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .map(|part| part.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}
