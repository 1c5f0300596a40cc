//! Configurable variables: values from `Config.toml` (next to the program, or `--config`) and
//! `-Ckey=value` options (which win), converted to the declared types before `main` runs.
//!
//! Keys: a root-module variable is a top-level key (`port = 8080`); a variable of module
//! `pkg.util` lives in the table `[pkg.util]` (or is written `-Cpkg.util.port=1`).

use crate::typed_values::{convert, Input};
use intc_ir::Program;
use intc_runtime::value::Value;
use std::path::Path;

/// The configuration sources of one run.
#[derive(Debug, Default)]
pub struct ConfigSources {
    file: toml::Table,
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
                text.parse::<toml::Table>().map_err(|error| {
                    format!(
                        "invalid configuration file '{}': {}",
                        path.display(),
                        error.message()
                    )
                })?
            }
            None => toml::Table::new(),
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

    /// The raw input for a variable: the last matching `-C` option, else the file's entry.
    fn lookup(&self, module: Option<&str>, name: &str) -> Option<Input<'_>> {
        let qualified = match module {
            Some(module) => format!("{module}.{name}"),
            None => name.to_owned(),
        };
        if let Some((_, value)) = self.options.iter().rev().find(|(key, _)| *key == qualified) {
            return Some(Input::Text(value));
        }
        let mut table = &self.file;
        if let Some(module) = module {
            for part in module.split('.') {
                table = table.get(part)?.as_table()?;
            }
        }
        table.get(name).map(Input::Toml)
    }

    fn option_keys(&self) -> impl Iterator<Item = &str> {
        self.options.iter().map(|(key, _)| key.as_str())
    }
}

/// A configurable variable's value, ready for the runtime.
#[derive(Debug)]
pub struct ConfiguredValue {
    pub module: Option<String>,
    pub name: String,
    pub value: Value,
}

/// The value of every configurable variable that has one. A value of the wrong type or a `-C`
/// option naming no variable is an error message; required variables left without a value are
/// reported by the runtime before `main` runs.
pub fn resolve_configurables(
    program: &Program,
    sources: &ConfigSources,
) -> Result<Vec<ConfiguredValue>, String> {
    let mut values = Vec::new();
    let mut known_keys = Vec::new();
    for global in &program.globals {
        if global.configurable.is_none() {
            continue;
        };
        let shown = match &global.module {
            Some(module) => format!("{module}:{}", global.name),
            None => global.name.clone(),
        };
        known_keys.push(match &global.module {
            Some(module) => format!("{module}.{}", global.name),
            None => global.name.clone(),
        });
        if let Some(input) = sources.lookup(global.module.as_deref(), &global.name) {
            let value = convert(program, global.ty, input).map_err(|problem| {
                format!("invalid value for configurable variable '{shown}': {problem}")
            })?;
            values.push(ConfiguredValue {
                module: global.module.clone(),
                name: global.name.clone(),
                value,
            });
        }
    }
    if let Some(unknown) = sources
        .option_keys()
        .find(|key| !known_keys.iter().any(|known| known == key))
    {
        return Err(format!(
            "-C{unknown}: the program has no configurable variable '{unknown}'"
        ));
    }
    Ok(values)
}
