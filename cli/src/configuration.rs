//! Configurable variables: values from `Config.toml` (next to the program, or `--config`) and
//! `-Ckey=value` options (which win), converted to the declared types before `main` runs.
//!
//! Keys follow Ballerina's configurable specification: a root-module variable is `port`,
//! `package.port` or `org.package.port` (also as tables `[package]` and `[org.package]`); a
//! variable of the project's module `package.util` is `package.util.port` or
//! `org.package.util.port` (tables `[package.util]`, `[org.package.util]`); a standard library
//! module's variable is `ballerina.observe.metricsEnabled` or, as its imports also accept that
//! org, `ballerinax.prometheus.port`. `-C` options use the same keys. A key that names no variable is an error that suggests the closest one.

use crate::typed_values::{convert, Input};
use intc_driver::{CompileOutput, ProgramKind};
use intc_ir::Program;
use intc_runtime::value::Value;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use toml::de::{DeTable, DeValue};

/// Where the program's modules are, for the keys of their variables.
#[derive(Clone, Debug, Default)]
pub struct ModuleKeys {
    /// `(org, package)` of a project's root module; `None` for a single file.
    pub root: Option<(String, String)>,
    /// `(org, dotted module name)` of the other modules, by the IR's module name.
    pub modules: HashMap<String, (String, String)>,
    /// The standard library modules among them: importable as `ballerina/<name>` and
    /// `ballerinax/<name>`, so their variables are keyed under either org
    /// (`[ballerina.observe]`, `[ballerinax.prometheus]`).
    pub std_modules: HashSet<String>,
}

impl ModuleKeys {
    pub fn of(output: &CompileOutput) -> ModuleKeys {
        let mut keys = ModuleKeys::default();
        if let ProgramKind::Project(manifest) = &output.layout.kind {
            keys.root = Some((manifest.org.clone(), manifest.name.clone()));
        }
        for module in output.modules.iter().filter(|module| !module.is_root) {
            let name = &module.name;
            // The IR names a module by its last name part (`Global::module`).
            let short = name
                .name
                .rsplit('.')
                .next()
                .unwrap_or(&name.name)
                .to_owned();
            let org = if name.org == "std" {
                keys.std_modules.insert(short.clone());
                "ballerina"
            } else {
                &name.org
            };
            keys.modules
                .insert(short, (org.to_owned(), name.name.clone()));
        }
        keys
    }

    /// Every key a variable may be given by, as key parts.
    fn candidates(&self, module: Option<&str>, name: &str) -> Vec<Vec<String>> {
        let dotted = |parts: &[&str]| -> Vec<String> {
            parts
                .iter()
                .flat_map(|part| part.split('.'))
                .map(str::to_owned)
                .collect()
        };
        match module {
            None => match &self.root {
                None => vec![dotted(&[name])],
                Some((org, package)) => vec![
                    dotted(&[name]),
                    dotted(&[package, name]),
                    dotted(&[org, package, name]),
                ],
            },
            Some(short) => match self.modules.get(short) {
                Some((org, full)) => {
                    let mut keys = vec![dotted(&[full, name]), dotted(&[org, full, name])];
                    if self.std_modules.contains(short) {
                        keys.push(dotted(&["ballerinax", full, name]));
                    }
                    keys
                }
                None => vec![dotted(&[short, name])],
            },
        }
    }
}

/// A configuration file as read.
#[derive(Debug)]
struct ConfigFile {
    /// The path shown in messages.
    shown: String,
    text: String,
    table: toml::Table,
}

/// The configuration sources of one run.
#[derive(Debug, Default)]
pub struct ConfigSources {
    file: Option<ConfigFile>,
    /// `-C` options in command-line order: (key, raw value).
    options: Vec<(String, String)>,
}

impl ConfigSources {
    /// Reads the configuration file (if any) and splits the `-C` options.
    pub fn load(
        explicit_file: Option<&Path>,
        program_dir: &Path,
        options: &[String],
    ) -> Result<ConfigSources, String> {
        let default_file = program_dir.join("Config.toml");
        let file_path = match explicit_file {
            Some(path) => Some(path.to_path_buf()),
            None => default_file.is_file().then_some(default_file),
        };
        let file = match file_path {
            Some(path) => {
                let text = std::fs::read_to_string(&path)
                    .map_err(|error| format!("cannot read '{}': {error}", path.display()))?;
                let shown = path
                    .strip_prefix(".")
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .into_owned();
                Some(ConfigFile::parse(shown, text)?)
            }
            None => None,
        };
        let options = options
            .iter()
            .map(|option| {
                option
                    .split_once('=')
                    .map(|(key, value)| (key.trim().to_owned(), value.to_owned()))
                    .ok_or_else(|| format!("invalid option '-C{option}': expected -Ckey=value"))
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(ConfigSources { file, options })
    }

    /// The raw input for a variable: the last `-C` option naming it, else the file's entry.
    fn lookup(&self, candidates: &[Vec<String>]) -> Option<Input<'_>> {
        if let Some((_, value)) = self.options.iter().rev().find(|(key, _)| {
            let parts: Vec<&str> = key.split('.').collect();
            candidates.iter().any(|candidate| *candidate == parts)
        }) {
            return Some(Input::Text(value));
        }
        let file = self.file.as_ref()?;
        candidates.iter().find_map(|candidate| {
            let (name, path) = candidate.split_last()?;
            let mut table = &file.table;
            for part in path {
                table = table.get(part)?.as_table()?;
            }
            table.get(name).map(Input::Toml)
        })
    }
}

impl ConfigFile {
    fn parse(shown: String, text: String) -> Result<ConfigFile, String> {
        match text.parse::<toml::Table>() {
            Ok(table) => Ok(ConfigFile { shown, text, table }),
            Err(error) => {
                let place = error
                    .span()
                    .map(|span| location(&shown, &text, span))
                    .unwrap_or_else(|| format!("[{shown}]"));
                Err(format!(
                    "invalid toml file : {place} {}",
                    error.message().trim_end()
                ))
            }
        }
    }

    /// The first key of the file that names no variable (and is not a table on the way to
    /// one), with its location.
    fn unused_key(&self, known: &[Vec<String>]) -> Option<(String, Vec<String>)> {
        let parsed = DeTable::parse(&self.text).ok()?;
        unused_in(
            &self.shown,
            &self.text,
            parsed.get_ref(),
            &mut Vec::new(),
            known,
        )
    }
}

fn unused_in(
    shown: &str,
    text: &str,
    table: &DeTable<'_>,
    path: &mut Vec<String>,
    known: &[Vec<String>],
) -> Option<(String, Vec<String>)> {
    for (key, value) in table {
        path.push(key.get_ref().to_string());
        let found = if known.iter().any(|candidate| candidate == path) {
            None
        } else if known.iter().any(|candidate| candidate.starts_with(path)) {
            match value.get_ref() {
                DeValue::Table(inner) => unused_in(shown, text, inner, path, known),
                _ => Some((location(shown, text, key.span()), path.clone())),
            }
        } else {
            Some((location(shown, text, key.span()), path.clone()))
        };
        path.pop();
        if found.is_some() {
            return found;
        }
    }
    None
}

/// `[file:(line:column,line:column)]` for a byte range, as jBallerina locates configuration
/// problems (lines and columns from 1, the end just past the range).
fn location(shown: &str, text: &str, span: std::ops::Range<usize>) -> String {
    let position = |offset: usize| {
        let before = text.get(..offset.min(text.len())).unwrap_or("");
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        format!("{line}:{column}")
    };
    format!(
        "[{shown}:({},{})]",
        position(span.start),
        position(span.end)
    )
}

/// A configurable variable's value, ready for the runtime.
#[derive(Debug)]
pub struct ConfiguredValue {
    pub module: Option<String>,
    pub name: String,
    pub value: Value,
}

/// The value of every configurable variable that has one. A value of the wrong type, or a key
/// in the file or a `-C` option naming no variable, is an error message; required variables
/// left without a value are reported by the runtime before `main` runs.
pub fn resolve_configurables(
    program: &Program,
    keys: &ModuleKeys,
    sources: &ConfigSources,
) -> Result<Vec<ConfiguredValue>, String> {
    let mut values = Vec::new();
    let mut known: Vec<Vec<String>> = Vec::new();
    for global in &program.globals {
        if global.configurable.is_none() {
            continue;
        };
        let shown = match &global.module {
            Some(module) => format!("{module}:{}", global.name),
            None => global.name.clone(),
        };
        let candidates = keys.candidates(global.module.as_deref(), &global.name);
        if let Some(input) = sources.lookup(&candidates) {
            let value = convert(program, global.ty, input).map_err(|problem| {
                format!("invalid value for configurable variable '{shown}': {problem}")
            })?;
            values.push(ConfiguredValue {
                module: global.module.clone(),
                name: global.name.clone(),
                value,
            });
        }
        known.extend(candidates);
    }
    if let Some(file) = &sources.file {
        if let Some((place, key)) = file.unused_key(&known) {
            return Err(format!(
                "{place} unused configuration value '{}'{}",
                key.join("."),
                suggestion(&key, &known)
            ));
        }
    }
    for (key, value) in &sources.options {
        let parts: Vec<String> = key.split('.').map(str::to_owned).collect();
        if !known.contains(&parts) {
            return Err(format!(
                "[{key}={value}] unused command line argument{}",
                suggestion(&parts, &known)
            ));
        }
    }
    Ok(values)
}

/// `" (did you mean 'port'?)"` naming the known key closest to `key` among those that differ
/// from it only in the last part, or nothing when none is close.
fn suggestion(key: &[String], known: &[Vec<String>]) -> String {
    let Some((last, path)) = key.split_last() else {
        return String::new();
    };
    let best = known
        .iter()
        .filter(|candidate| candidate.len() == key.len() && candidate.starts_with(path))
        .filter_map(|candidate| {
            let name = candidate.last()?;
            let distance = edit_distance(last, name);
            let length = last.chars().count();
            let longer = length.max(name.chars().count());
            (distance <= longer / 2 && distance < length).then_some((distance, candidate))
        })
        .min_by_key(|(distance, _)| *distance);
    match best {
        Some((_, candidate)) => format!(" (did you mean '{}'?)", candidate.join(".")),
        None => String::new(),
    }
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
#[path = "configuration_tests.rs"]
mod tests;
