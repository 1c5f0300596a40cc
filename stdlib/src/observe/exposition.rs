//! The Prometheus text exposition format (version 0.0.4): `# HELP`/`# TYPE` lines and samples
//! `name{label="value",...} number`. A small encoder of our own rather than the
//! `prometheus-client` crate: the format is a few lines of escaping, and the crate would add a
//! derive proc-macro (syn, quote) to every build of the standard library.

use std::fmt::Write as _;

/// The `content-type` of a scrape answer.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// What a metric family is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Counter,
    Gauge,
    Histogram,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Counter => "counter",
            Kind::Gauge => "gauge",
            Kind::Histogram => "histogram",
        }
    }
}

/// `# HELP` and `# TYPE` of a family.
pub fn header(out: &mut String, name: &str, help: &str, kind: Kind) {
    let _ = writeln!(out, "# HELP {name} {}", escape_help(help));
    let _ = writeln!(out, "# TYPE {name} {}", kind.name());
}

/// One sample line.
pub fn sample(out: &mut String, name: &str, labels: &[(&str, &str)], value: f64) {
    out.push_str(name);
    if !labels.is_empty() {
        out.push('{');
        for (i, (label, text)) in labels.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let _ = write!(out, "{label}=\"{}\"", escape_label(text));
        }
        out.push('}');
    }
    out.push(' ');
    out.push_str(&number(value));
    out.push('\n');
}

/// A sample value as Prometheus writes it (`+Inf`, `-Inf`, `NaN`, else the shortest text
/// that reads back as the same float: `1`, `0.25`).
pub fn number(value: f64) -> String {
    if value.is_nan() {
        "NaN".to_string()
    } else if value == f64::INFINITY {
        "+Inf".to_string()
    } else if value == f64::NEG_INFINITY {
        "-Inf".to_string()
    } else {
        format!("{value}")
    }
}

/// Label values escape `\`, `"` and line feeds.
fn escape_label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// Help texts escape `\` and line feeds.
fn escape_help(text: &str) -> String {
    text.replace('\\', "\\\\").replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_label_values_and_formats_numbers() {
        let mut out = String::new();
        header(&mut out, "x_total", "Line\none", Kind::Counter);
        sample(&mut out, "x_total", &[("a", "q\"b\\c\nd"), ("e", "")], 3.0);
        sample(&mut out, "x_total", &[], f64::INFINITY);
        assert_eq!(
            out,
            "# HELP x_total Line\\none\n# TYPE x_total counter\n\
             x_total{a=\"q\\\"b\\\\c\\nd\",e=\"\"} 3\nx_total +Inf\n"
        );
        assert_eq!(number(0.005), "0.005");
        assert_eq!(number(2.5), "2.5");
    }
}
