//! `Int.toml`, the project manifest: `[package]` with `org`, `name` and `version`.

use intc_diagnostics::{codes, Diagnostic};
use intc_span::{FileId, Span};

/// The `[package]` table of a project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageManifest {
    pub org: String,
    pub name: String,
    pub version: String,
}

/// Parses a manifest; problems are reported as E0400 diagnostics located in the manifest file.
pub fn parse_manifest(file: FileId, text: &str) -> Result<PackageManifest, Diagnostic> {
    let whole_file = Span::new(file, 0, 0);
    let table: toml::Table = text.parse().map_err(|error: toml::de::Error| {
        let span = error
            .span()
            .map(|range| Span::new(file, to_u32(range.start), to_u32(range.end)))
            .unwrap_or(whole_file);
        Diagnostic::error(
            codes::CONFIG,
            span,
            format!("invalid Int.toml: {}", error.message()),
        )
    })?;
    let missing = |what: &str| {
        Diagnostic::error(
            codes::CONFIG,
            whole_file,
            format!("Int.toml: missing {what}"),
        )
        .with_help("a manifest starts with [package] and the keys org, name and version")
    };
    let package = table
        .get("package")
        .and_then(toml::Value::as_table)
        .ok_or_else(|| missing("the [package] table"))?;
    let text_of = |key: &str| {
        package
            .get(key)
            .and_then(toml::Value::as_str)
            .map(str::to_owned)
    };
    let org = text_of("org").ok_or_else(|| missing("the string key package.org"))?;
    let name = text_of("name").ok_or_else(|| missing("the string key package.name"))?;
    let version = text_of("version").unwrap_or_else(|| "0.0.0".to_owned());
    for (key, value) in [("org", &org), ("name", &name)] {
        if !is_identifier_path(value) {
            return Err(Diagnostic::error(
                codes::CONFIG,
                whole_file,
                format!("Int.toml: package.{key} '{value}' is not a valid name"),
            )
            .with_help("use letters, digits and '_' (dots separate name parts)"));
        }
    }
    Ok(PackageManifest { org, name, version })
}

fn is_identifier_path(value: &str) -> bool {
    !value.is_empty()
        && value.split('.').all(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .is_some_and(|first| first.is_alphabetic() || first == '_')
                && chars.all(|c| c.is_alphanumeric() || c == '_')
        })
}

fn to_u32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_package_table() {
        let manifest = parse_manifest(
            FileId(0),
            "[package]\norg = \"acme\"\nname = \"shop\"\nversion = \"1.2.3\"\n",
        );
        assert_eq!(
            manifest,
            Ok(PackageManifest {
                org: "acme".into(),
                name: "shop".into(),
                version: "1.2.3".into()
            })
        );
    }

    #[test]
    fn reports_missing_keys_and_syntax_errors() {
        let missing = parse_manifest(FileId(0), "[package]\nname = \"shop\"\n").err();
        assert!(
            missing.is_some_and(|d| d.code == codes::CONFIG && d.message.contains("package.org"))
        );
        let broken = parse_manifest(FileId(0), "[package\n").err();
        assert!(broken.is_some_and(|d| d.message.starts_with("invalid Int.toml")));
        let bad_name = parse_manifest(FileId(0), "[package]\norg = \"a-b\"\nname = \"x\"\n").err();
        assert!(bad_name.is_some_and(|d| d.message.contains("not a valid name")));
    }
}
