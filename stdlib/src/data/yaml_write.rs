//! `yaml:toYamlString`'s text, in module-ballerina-data.yaml's layout: block style with a
//! sequence under a key at the key's indentation, a nested collection item as `-` on a line of
//! its own, plain scalars unless a string needs quotes (or `forceQuotes`), flow style
//! (`{a: 1, b: [x, y]}`) with `flowStyle`, and `---` between the documents of a stream.

use super::MAX_DEPTH;
use intc_runtime::format::to_string;
use intc_runtime::{TypeTable, Value};

/// The options of `yaml:WriteConfig` the writer follows.
pub struct WriteConfig {
    pub indent: usize,
    pub single_quotes: bool,
    pub force_quotes: bool,
    pub flow: bool,
    pub stream: bool,
}

struct Writer<'t> {
    types: &'t TypeTable,
    config: &'t WriteConfig,
    lines: Vec<String>,
}

/// The text of `value` (a list of documents when `config.stream`).
pub fn write_yaml(
    types: &TypeTable,
    value: &Value,
    config: &WriteConfig,
) -> Result<String, String> {
    let mut writer = Writer {
        types,
        config,
        lines: Vec::new(),
    };
    if config.stream {
        let Some(list) = value.as_list() else {
            return Err("a YAML stream must be a list of documents".into());
        };
        let documents: Vec<Value> = list.items().clone();
        for (i, document) in documents.iter().enumerate() {
            if i > 0 {
                writer.lines.push("---".into());
            }
            writer.document(document)?;
        }
    } else {
        writer.document(value)?;
    }
    Ok(writer.lines.join("\n"))
}

/// Whether a plain scalar would read back as something else or not parse: empty, spaces at
/// either end, an indicator first, `: ` or ` #` inside, or a line break.
fn needs_quotes(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return true;
    };
    text.starts_with(' ')
        || text.ends_with(' ')
        || "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || text.contains(": ")
        || text.contains(" #")
        || text.ends_with(':')
        || text.contains('\n')
        || text.contains('\r')
        || text.contains('\t')
}

impl Writer<'_> {
    fn quoted(&self, text: &str) -> String {
        if self.config.single_quotes && !text.contains(['\n', '\r', '\t']) {
            format!("'{}'", text.replace('\'', "''"))
        } else {
            let mut out = String::from("\"");
            for c in text.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    c => out.push(c),
                }
            }
            out.push('"');
            out
        }
    }

    fn key(&self, key: &str) -> String {
        if self.config.force_quotes || needs_quotes(key) {
            self.quoted(key)
        } else {
            key.to_string()
        }
    }

    fn scalar(&self, value: &Value) -> String {
        let text = match value {
            Value::Nil => return "null".into(),
            Value::String(s) => {
                return if self.config.force_quotes || needs_quotes(s) {
                    self.quoted(s)
                } else {
                    s.to_string()
                }
            }
            Value::Float(x) if x.is_nan() => ".nan".to_string(),
            Value::Float(x) if x.is_infinite() => {
                if *x > 0.0 { ".inf" } else { "-.inf" }.to_string()
            }
            other => to_string(other, self.types),
        };
        if self.config.force_quotes {
            self.quoted(&text)
        } else if matches!(
            value,
            Value::Boolean(_) | Value::Int(_) | Value::Float(_) | Value::Decimal(_)
        ) {
            text
        } else if needs_quotes(&text) {
            // xml and table values are written as their text.
            self.quoted(&text)
        } else {
            text
        }
    }

    fn document(&mut self, value: &Value) -> Result<(), String> {
        if self.config.flow {
            let text = self.flow(value, 0)?;
            self.lines.push(text);
            return Ok(());
        }
        match value {
            Value::List(list) if list.is_empty() => self.lines.push("-".into()),
            _ => self.block(value, 0, 0)?,
        }
        Ok(())
    }

    /// Whether a value is written over lines of its own (a non-empty collection).
    fn nested(value: &Value) -> bool {
        match value {
            Value::List(list) => !list.is_empty(),
            Value::Map(map) => !map.is_empty(),
            _ => false,
        }
    }

    /// An empty collection or a scalar, on the line of its key or dash.
    fn inline(&self, value: &Value) -> String {
        match value {
            Value::List(_) => "[]".into(),
            Value::Map(_) => "{}".into(),
            other => self.scalar(other),
        }
    }

    fn block(&mut self, value: &Value, indent: usize, depth: u32) -> Result<(), String> {
        if depth >= MAX_DEPTH {
            return Err(format!(
                "the value is nested more than {MAX_DEPTH} levels deep"
            ));
        }
        let pad = " ".repeat(indent);
        let step = self.config.indent;
        match value {
            Value::Map(map) if !map.is_empty() => {
                let entries: Vec<(String, Value)> = map
                    .entries()
                    .iter()
                    .map(|(k, v)| (k.as_str().to_string(), v.clone()))
                    .collect();
                for (key, member) in entries {
                    let key = self.key(&key);
                    match &member {
                        Value::Map(_) if Self::nested(&member) => {
                            self.lines.push(format!("{pad}{key}:"));
                            self.block(&member, indent + step, depth + 1)?;
                        }
                        Value::List(_) if Self::nested(&member) => {
                            self.lines.push(format!("{pad}{key}:"));
                            self.block(&member, indent, depth + 1)?;
                        }
                        _ => {
                            let text = self.inline(&member);
                            self.lines.push(format!("{pad}{key}: {text}"));
                        }
                    }
                }
            }
            Value::List(list) if !list.is_empty() => {
                let items: Vec<Value> = list.items().clone();
                for item in items {
                    if Self::nested(&item) {
                        self.lines.push(format!("{pad}-"));
                        self.block(&item, indent + step, depth + 1)?;
                    } else {
                        let text = self.inline(&item);
                        self.lines.push(format!("{pad}- {text}"));
                    }
                }
            }
            other => {
                let text = self.inline(other);
                self.lines.push(format!("{pad}{text}"));
            }
        }
        Ok(())
    }

    fn flow(&self, value: &Value, depth: u32) -> Result<String, String> {
        if depth >= MAX_DEPTH {
            return Err(format!(
                "the value is nested more than {MAX_DEPTH} levels deep"
            ));
        }
        Ok(match value {
            Value::Map(map) => {
                let entries: Vec<(String, Value)> = map
                    .entries()
                    .iter()
                    .map(|(k, v)| (k.as_str().to_string(), v.clone()))
                    .collect();
                let mut parts = Vec::with_capacity(entries.len());
                for (key, member) in entries {
                    parts.push(format!(
                        "{}: {}",
                        self.key(&key),
                        self.flow(&member, depth + 1)?
                    ));
                }
                format!("{{{}}}", parts.join(", "))
            }
            Value::List(list) => {
                let items: Vec<Value> = list.items().clone();
                let mut parts = Vec::with_capacity(items.len());
                for item in &items {
                    parts.push(self.flow(item, depth + 1)?);
                }
                format!("[{}]", parts.join(", "))
            }
            other => self.scalar(other),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::needs_quotes;

    #[test]
    fn plain_unless_ambiguous() {
        assert!(!needs_quotes("Central Library"));
        assert!(!needs_quotes("555-1234"));
        assert!(needs_quotes(""));
        assert!(needs_quotes("- item"));
        assert!(needs_quotes("a: b"));
        assert!(needs_quotes("x #y"));
        assert!(needs_quotes("line\nbreak"));
    }
}
