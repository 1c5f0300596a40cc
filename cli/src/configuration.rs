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

#[cfg(test)]
mod tests {
    use super::*;
    use intc_ir::{Configurable, Global, TypeDef, TypeId, TypeKind};

    fn program() -> Program {
        let global = |name: &str, module: Option<&str>, required: bool| Global {
            name: name.to_owned(),
            module: module.map(str::to_owned),
            ty: TypeId(0),
            configurable: Some(Configurable { required }),
        };
        Program {
            types: vec![TypeDef::anonymous(TypeKind::Int)],
            globals: vec![
                global("port", None, true),
                global("retries", Some("shop.util"), false),
            ],
            ..Program::default()
        }
    }

    fn sources(file: &str, options: &[&str]) -> Result<ConfigSources, String> {
        let directory = std::env::temp_dir();
        let mut loaded = ConfigSources::load(
            None,
            &directory.join("no-such-dir"),
            &options.iter().map(|o| o.to_string()).collect::<Vec<_>>(),
        )?;
        loaded.file = file
            .parse()
            .map_err(|error: toml::de::Error| error.to_string())?;
        Ok(loaded)
    }

    fn resolved(
        file: &str,
        options: &[&str],
    ) -> Result<Vec<(Option<String>, String, i64)>, String> {
        let values = resolve_configurables(&program(), &sources(file, options)?)?;
        Ok(values
            .into_iter()
            .map(|v| (v.module, v.name, v.value.as_int().unwrap_or(i64::MIN)))
            .collect())
    }

    #[test]
    fn file_values_module_tables_and_overriding_options() {
        let values = resolved("port = 80\n[shop.util]\nretries = 3\n", &[]);
        assert_eq!(
            values,
            Ok(vec![
                (None, "port".into(), 80),
                (Some("shop.util".into()), "retries".into(), 3)
            ])
        );
        let overridden = resolved("port = 80\n", &["port=8080", "shop.util.retries=5"]);
        assert_eq!(
            overridden,
            Ok(vec![
                (None, "port".into(), 8080),
                (Some("shop.util".into()), "retries".into(), 5)
            ])
        );
    }

    #[test]
    fn missing_values_are_left_to_the_runtime_and_bad_ones_are_errors() {
        assert_eq!(resolved("", &[]), Ok(Vec::new()));
        let wrong_type = resolved("port = \"eighty\"\n", &[]);
        assert_eq!(
            wrong_type,
            Err("invalid value for configurable variable 'port': expected a value of type 'int', found '\"eighty\"'".into())
        );
        assert!(resolved("", &["nosuch=1"])
            .is_err_and(|e| e.contains("no configurable variable 'nosuch'")));
        assert!(sources("", &["novalue"]).is_err_and(|e| e.contains("expected -Ckey=value")));
    }
}
