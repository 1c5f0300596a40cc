//! Semantic tokens: every resolved name classified by what it denotes (the TextMate grammar
//! colours keywords, literals and comments; only the checker knows what a name is).
use crate::analysis::{Analysis, Def};
use intc_sema::model_ide::ItemSymbol;
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Function,
    Variable,
    Parameter,
    Type,
    Class,
    Constant,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SemanticToken {
    pub start: u32,
    pub end: u32,
    pub kind: TokenKind,
    /// The name's definition (not a use).
    pub declaration: bool,
}

impl Analysis {
    /// The file's names in text order, each once.
    pub fn semantic_tokens(&self, path: &Path) -> Vec<SemanticToken> {
        let Some(file) = self.file_id(path) else {
            return Vec::new();
        };
        let text = self.text_of(file);
        let params: std::collections::HashSet<intc_sema::NodeKey> = self
            .checked()
            .functions
            .iter()
            .flat_map(|f| f.params.iter().filter_map(|p| p.decl))
            .collect();
        let mut tokens: Vec<SemanticToken> = self
            .names
            .iter()
            .filter(|(span, _)| span.file == file)
            .map(|(span, def)| {
                let kind = match def {
                    Def::Item(ItemSymbol::Function(_)) => TokenKind::Function,
                    Def::Item(ItemSymbol::Global(_)) => TokenKind::Variable,
                    Def::Item(ItemSymbol::Const(_)) => TokenKind::Constant,
                    Def::Item(ItemSymbol::TypeDef(_)) => TokenKind::Type,
                    Def::Item(ItemSymbol::Class(_)) => TokenKind::Class,
                    Def::Local(key) => {
                        if params.contains(key) {
                            TokenKind::Parameter
                        } else {
                            TokenKind::Variable
                        }
                    }
                };
                SemanticToken {
                    start: span.start,
                    end: span.end,
                    kind,
                    declaration: self.def_spans.get(def) == Some(span),
                }
            })
            // A token never spans lines (LSP's relative encoding cannot say so).
            .filter(|t| {
                text.get(t.start as usize..t.end as usize)
                    .is_some_and(|s| !s.contains('\n'))
            })
            .collect();
        tokens.sort_by_key(|t| (t.start, t.end));
        tokens.dedup_by_key(|t| t.start);
        tokens
    }
}
