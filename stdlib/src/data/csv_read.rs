//! CSV text to a header row and rows of cells for `ballerina/data.csv`, by the `csv` crate
//! configured from `csv:ParseOptions` (delimiter, text enclosure, escape and comment
//! characters, the header line).

use super::csv::Cell;
use super::option_field;
use intc_runtime::Value;

/// A header row (if the source has one) and the data rows.
pub struct Table {
    pub headers: Option<Vec<String>>,
    pub rows: Vec<Vec<Cell>>,
}

/// The reading options of `csv:ParseOptions`.
pub struct ReadConfig {
    delimiter: u8,
    quote: u8,
    escape: u8,
    comment: u8,
    /// The index of the header line among the records; `None`: no header.
    header: Option<usize>,
    custom_headers: Option<Vec<String>>,
}

/// A `string:Char` option as one byte (the `csv` crate reads ASCII separators only).
fn single_byte(options: Option<&Value>, name: &str, default: u8) -> Result<u8, String> {
    match option_field(options, name) {
        Some(Value::String(s)) => match s.as_bytes() {
            [b] if b.is_ascii() => Ok(*b),
            _ => Err(format!("invalid configurations: '{name}'")),
        },
        _ => Ok(default),
    }
}

impl ReadConfig {
    pub fn from_options(options: Option<&Value>) -> Result<ReadConfig, String> {
        let header = match option_field(options, "header") {
            Some(Value::Nil) => None,
            Some(Value::Int(n)) => Some(usize::try_from(n).unwrap_or(0)),
            _ => Some(0),
        };
        let custom_headers = match option_field(options, "customHeadersIfHeadersAbsent") {
            Some(Value::List(list)) => Some(
                list.items()
                    .iter()
                    .map(|v| v.as_str().unwrap_or_default().to_string())
                    .collect(),
            ),
            _ => None,
        };
        Ok(ReadConfig {
            delimiter: single_byte(options, "delimiter", b',')?,
            quote: single_byte(options, "textEnclosure", b'"')?,
            escape: single_byte(options, "escapeChar", b'\\')?,
            comment: single_byte(options, "comment", b'#')?,
            header,
            custom_headers,
        })
    }
}

/// Reads `text` into a table: the records before the header line are dropped, and without a
/// header line the custom headers (if given) name the columns.
pub fn read_table(text: &str, config: &ReadConfig) -> Result<Table, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(config.delimiter)
        .quote(config.quote)
        .escape(Some(config.escape))
        .comment(Some(config.comment))
        .from_reader(text.as_bytes());
    let mut records: Vec<Vec<String>> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            format!("error while reading the csv data '{e}' in line: '{line}', column: '0'")
        })?;
        // A line holding only spaces is empty too.
        if record.len() == 1 && record.get(0).is_some_and(|f| f.trim().is_empty()) {
            continue;
        }
        records.push(record.iter().map(str::to_owned).collect());
    }
    let mut rows = records.into_iter();
    let headers = match config.header {
        Some(index) => match rows.nth(index) {
            Some(h) => Some(h),
            None => {
                return Ok(Table {
                    headers: None,
                    rows: Vec::new(),
                })
            }
        },
        None => config.custom_headers.clone(),
    };
    Ok(Table {
        headers,
        rows: rows
            .map(|r| r.into_iter().map(Cell::Text).collect())
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> ReadConfig {
        ReadConfig {
            delimiter: b',',
            quote: b'"',
            escape: b'\\',
            comment: b'#',
            header: Some(0),
            custom_headers: None,
        }
    }

    fn texts(row: &[Cell]) -> Vec<String> {
        row.iter()
            .map(|c| match c {
                Cell::Text(t) => t.clone(),
                Cell::Value(_) => String::new(),
            })
            .collect()
    }

    #[test]
    fn header_comments_quotes_and_blank_lines() {
        let table = read_table(
            "# a comment\nname,note\n\nAnn,\"x, \"\"y\"\"\"\nBob,plain\n",
            &config(),
        )
        .expect("reads");
        assert_eq!(
            table.headers,
            Some(vec!["name".to_string(), "note".to_string()])
        );
        assert_eq!(texts(&table.rows[0]), vec!["Ann", "x, \"y\""]);
        assert_eq!(texts(&table.rows[1]), vec!["Bob", "plain"]);
    }

    #[test]
    fn header_line_index_drops_the_lines_before() {
        let mut cfg = config();
        cfg.header = Some(1);
        let table = read_table("junk\na,b\n1,2\n", &cfg).expect("reads");
        assert_eq!(table.headers, Some(vec!["a".to_string(), "b".to_string()]));
        assert_eq!(table.rows.len(), 1);
    }
}
