//! IDE answers (byte offsets, plain data) to LSP types (UTF-16 positions, URIs).
use intc_ide::{Analysis, FileKey, LineIndex};
use std::path::{Component, Path, PathBuf};
use tower_lsp_server::lsp_types as lsp;
use tower_lsp_server::UriExt;

/// Converts ranges of the files of one analysis.
pub(crate) struct Converter<'a> {
    pub analysis: &'a Analysis,
    pub std_dir: &'a Path,
}

impl Converter<'_> {
    pub fn range(&self, file: &FileKey, start: u32, end: u32) -> Option<lsp::Range> {
        let text = self.analysis.text(file)?;
        Some(range_in(text, start, end))
    }

    pub fn location(&self, location: &intc_ide::Location) -> Option<lsp::Location> {
        let range = self.range(&location.file, location.start, location.end)?;
        let path = self.path_of(&location.file)?;
        Some(lsp::Location {
            uri: lsp::Uri::from_file_path(path)?,
            range,
        })
    }

    /// The file's path; a standard library file is written under `std_dir` first, so the
    /// editor can open it.
    pub fn path_of(&self, file: &FileKey) -> Option<PathBuf> {
        match file {
            FileKey::Disk(path) => Some(path.clone()),
            FileKey::Std { module, file: name } => {
                let relative: PathBuf = Path::new(name)
                    .components()
                    .filter_map(|c| match c {
                        Component::Normal(part) => Some(part),
                        _ => None,
                    })
                    .collect();
                let path = self.std_dir.join(module).join(relative);
                if !path.exists() {
                    let text = self.analysis.text(file)?;
                    std::fs::create_dir_all(path.parent()?).ok()?;
                    std::fs::write(&path, text).ok()?;
                }
                Some(path)
            }
        }
    }
}

pub(crate) fn range_in(text: &str, start: u32, end: u32) -> lsp::Range {
    let index = LineIndex::new(text);
    let (l1, c1) = index.position(text, start);
    let (l2, c2) = index.position(text, end);
    lsp::Range {
        start: lsp::Position::new(l1, c1),
        end: lsp::Position::new(l2, c2),
    }
}

pub(crate) fn offset_in(text: &str, position: lsp::Position) -> u32 {
    LineIndex::new(text).offset(text, position.line, position.character)
}

pub(crate) fn diagnostic(
    converter: &Converter<'_>,
    text: &str,
    d: &intc_ide::FileDiagnostic,
) -> lsp::Diagnostic {
    use intc_diagnostics::Severity;
    let severity = match d.severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Note => lsp::DiagnosticSeverity::INFORMATION,
    };
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|(location, message)| {
            Some(lsp::DiagnosticRelatedInformation {
                location: converter.location(location)?,
                message: message.clone(),
            })
        })
        .collect();
    lsp::Diagnostic {
        range: range_in(text, d.start, d.end),
        severity: Some(severity),
        code: Some(lsp::NumberOrString::String(d.code.to_owned())),
        source: Some("intc".to_owned()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        ..lsp::Diagnostic::default()
    }
}

pub(crate) fn completion(item: intc_ide::CompletionItem) -> lsp::CompletionItem {
    use intc_ide::CompletionKind as K;
    let kind = match item.kind {
        K::Keyword => lsp::CompletionItemKind::KEYWORD,
        K::Variable => lsp::CompletionItemKind::VARIABLE,
        K::Function => lsp::CompletionItemKind::FUNCTION,
        K::Method => lsp::CompletionItemKind::METHOD,
        K::Field => lsp::CompletionItemKind::FIELD,
        K::Type => lsp::CompletionItemKind::STRUCT,
        K::Class => lsp::CompletionItemKind::CLASS,
        K::Constant => lsp::CompletionItemKind::CONSTANT,
        K::Module => lsp::CompletionItemKind::MODULE,
        K::Snippet => lsp::CompletionItemKind::SNIPPET,
    };
    let is_snippet = item.snippet.is_some();
    lsp::CompletionItem {
        label: item.label,
        kind: Some(kind),
        detail: item.detail,
        insert_text: item.snippet,
        insert_text_format: is_snippet.then_some(lsp::InsertTextFormat::SNIPPET),
        ..lsp::CompletionItem::default()
    }
}

pub(crate) fn symbol_kind(kind: intc_ide::SymbolKind) -> lsp::SymbolKind {
    use intc_ide::SymbolKind as K;
    match kind {
        K::Function => lsp::SymbolKind::FUNCTION,
        K::Method | K::Resource => lsp::SymbolKind::METHOD,
        K::Service => lsp::SymbolKind::MODULE,
        K::Class => lsp::SymbolKind::CLASS,
        K::Type => lsp::SymbolKind::STRUCT,
        K::Enum => lsp::SymbolKind::ENUM,
        K::Constant => lsp::SymbolKind::CONSTANT,
        K::Variable => lsp::SymbolKind::VARIABLE,
        K::Field => lsp::SymbolKind::FIELD,
        K::Annotation => lsp::SymbolKind::PROPERTY,
    }
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be written.
pub(crate) fn symbol(text: &str, symbol: intc_ide::Symbol) -> lsp::DocumentSymbol {
    let kind = symbol_kind(symbol.kind);
    let children: Vec<lsp::DocumentSymbol> = symbol
        .children
        .into_iter()
        .map(|child| self::symbol(text, child))
        .collect();
    lsp::DocumentSymbol {
        name: symbol.name,
        detail: None,
        kind,
        tags: None,
        deprecated: None,
        range: range_in(text, symbol.start, symbol.end),
        selection_range: range_in(text, symbol.name_start, symbol.name_end),
        children: (!children.is_empty()).then_some(children),
    }
}

/// The token types and modifiers `semantic_tokens` indexes into.
pub(crate) fn token_legend() -> lsp::SemanticTokensLegend {
    lsp::SemanticTokensLegend {
        token_types: vec![
            lsp::SemanticTokenType::FUNCTION,
            lsp::SemanticTokenType::VARIABLE,
            lsp::SemanticTokenType::PARAMETER,
            lsp::SemanticTokenType::TYPE,
            lsp::SemanticTokenType::CLASS,
        ],
        token_modifiers: vec![
            lsp::SemanticTokenModifier::DECLARATION,
            lsp::SemanticTokenModifier::READONLY,
        ],
    }
}

/// LSP's relative encoding of the tokens (sorted, one line each).
pub(crate) fn semantic_tokens(
    text: &str,
    tokens: &[intc_ide::SemanticToken],
) -> Vec<lsp::SemanticToken> {
    use intc_ide::TokenKind as K;
    let index = LineIndex::new(text);
    let mut out = Vec::with_capacity(tokens.len());
    let (mut last_line, mut last_column) = (0u32, 0u32);
    for token in tokens {
        let (line, column) = index.position(text, token.start);
        let (_, end_column) = index.position(text, token.end);
        let (kind, readonly) = match token.kind {
            K::Function => (0, false),
            K::Variable => (1, false),
            K::Parameter => (2, false),
            K::Type => (3, false),
            K::Class => (4, false),
            K::Constant => (1, true),
        };
        let modifiers = u32::from(token.declaration) | (u32::from(readonly) << 1);
        let delta_line = line.saturating_sub(last_line);
        let delta_start = if delta_line == 0 {
            column.saturating_sub(last_column)
        } else {
            column
        };
        out.push(lsp::SemanticToken {
            delta_line,
            delta_start,
            length: end_column.saturating_sub(column),
            token_type: kind,
            token_modifiers_bitset: modifiers,
        });
        last_line = line;
        last_column = column;
    }
    out
}
