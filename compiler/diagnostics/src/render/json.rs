//! JSON lines: one object per diagnostic with its location, severity, code, message, labels and
//! help, for editors and other tools.

use super::{resolve_span, severity_word, ResolvedSpan};
use crate::Diagnostic;
use intc_span::{SourceMap, Span};
use serde_json::{json, Map, Value};

/// One diagnostic as a JSON object. Location fields are `null` when the span is not in a file.
pub fn diagnostic_to_json(diagnostic: &Diagnostic, sources: &SourceMap) -> Value {
    let mut object = location_fields(diagnostic.span, sources);
    object.insert("severity".into(), json!(severity_word(diagnostic.severity)));
    object.insert("code".into(), json!(diagnostic.code.0));
    object.insert("message".into(), json!(diagnostic.message));
    let labels: Vec<Value> = diagnostic
        .labels
        .iter()
        .map(|label| {
            let mut fields = location_fields(label.span, sources);
            fields.insert("message".into(), json!(label.message));
            Value::Object(fields)
        })
        .collect();
    object.insert("labels".into(), Value::Array(labels));
    object.insert("help".into(), json!(diagnostic.help));
    Value::Object(object)
}

/// Every diagnostic as one compact JSON object per line.
pub fn render_json(diagnostics: &[Diagnostic], sources: &SourceMap) -> String {
    let mut text = String::new();
    for diagnostic in diagnostics {
        text.push_str(&diagnostic_to_json(diagnostic, sources).to_string());
        text.push('\n');
    }
    text
}

fn location_fields(span: Span, sources: &SourceMap) -> Map<String, Value> {
    let mut fields = Map::new();
    match resolve_span(span, sources) {
        Some(ResolvedSpan {
            file,
            line,
            column,
            end_line,
            end_column,
        }) => {
            fields.insert("file".into(), json!(file));
            fields.insert("line".into(), json!(line));
            fields.insert("column".into(), json!(column));
            fields.insert("end_line".into(), json!(end_line));
            fields.insert("end_column".into(), json!(end_column));
        }
        None => {
            for key in ["file", "line", "column", "end_line", "end_column"] {
                fields.insert(key.into(), Value::Null);
            }
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes;

    #[test]
    fn json_line_carries_every_field() {
        let mut sources = SourceMap::new();
        let file = sources.add("m.int", "foo();\n");
        let diagnostic = Diagnostic::error(
            codes::UNDEFINED_NAME,
            Span::new(file, 0, 3),
            "undefined function 'foo'",
        )
        .with_label(Span::new(file, 0, 3), "not found")
        .with_help("declare it");
        let text = render_json(&[diagnostic], &sources);
        assert!(text.ends_with('\n'));
        let value: Value = serde_json::from_str(text.trim_end()).expect("valid JSON");
        assert_eq!(value["file"], "m.int");
        assert_eq!(value["line"], 1);
        assert_eq!(value["column"], 1);
        assert_eq!(value["end_line"], 1);
        assert_eq!(value["end_column"], 4);
        assert_eq!(value["severity"], "error");
        assert_eq!(value["code"], "E0100");
        assert_eq!(value["message"], "undefined function 'foo'");
        assert_eq!(value["labels"][0]["message"], "not found");
        assert_eq!(value["labels"][0]["column"], 1);
        assert_eq!(value["help"], "declare it");
    }

    #[test]
    fn dummy_span_gives_null_location() {
        let sources = SourceMap::new();
        let diagnostic = Diagnostic::error(codes::CONFIG, Span::DUMMY, "bad config");
        let value = diagnostic_to_json(&diagnostic, &sources);
        assert!(value["file"].is_null());
        assert!(value["line"].is_null());
        assert!(value["help"].is_null());
        assert_eq!(value["labels"], json!([]));
    }
}
