//! Workspace symbols: the services, resources, functions, types, classes and constants of
//! every module of the program (the standard library's excluded), matched against a query.
use crate::analysis::{Analysis, FileKey, Location};
use crate::outline::{Symbol, SymbolKind};

/// A declaration found by a workspace symbol query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    pub name: String,
    pub kind: SymbolKind,
    /// The declaration holding it (a service or class, for a resource or method).
    pub container: Option<String>,
    /// The name's range.
    pub location: Location,
}

impl Analysis {
    /// The declarations whose names match `query` (case-insensitively: a prefix first, then
    /// a substring, then the query's characters in order), best matches first.
    pub fn workspace_symbols(&self, query: &str) -> Vec<WorkspaceSymbol> {
        let query = query.to_lowercase();
        let mut found: Vec<(u8, WorkspaceSymbol)> = Vec::new();
        for module in &self.output.modules {
            if module.name.org == "std" {
                continue;
            }
            for ast in &module.files {
                let Some(file) = self.key(ast.file).cloned() else {
                    continue;
                };
                if !matches!(file, FileKey::Disk(_)) {
                    continue;
                }
                for symbol in ast.items.iter().filter_map(|i| self.item_symbol(i)) {
                    let members = match symbol.kind {
                        SymbolKind::Service | SymbolKind::Class => symbol.children.clone(),
                        _ => Vec::new(),
                    };
                    let mut add = |s: &Symbol, container: Option<&str>| {
                        if matches!(s.kind, SymbolKind::Field | SymbolKind::Variable) {
                            return;
                        }
                        if let Some(rank) = rank(&s.name.to_lowercase(), &query) {
                            found.push((
                                rank,
                                WorkspaceSymbol {
                                    name: s.name.clone(),
                                    kind: s.kind,
                                    container: container.map(str::to_owned),
                                    location: Location {
                                        file: file.clone(),
                                        start: s.name_start,
                                        end: s.name_end,
                                    },
                                },
                            ));
                        }
                    };
                    add(&symbol, None);
                    for member in &members {
                        add(member, Some(&symbol.name));
                    }
                }
            }
        }
        found.sort_by(|(a, x), (b, y)| a.cmp(b).then_with(|| x.name.cmp(&y.name)));
        found.into_iter().map(|(_, s)| s).collect()
    }
}

/// How well `name` matches `query` (lower is better; `None`: no match).
fn rank(name: &str, query: &str) -> Option<u8> {
    if name.starts_with(query) {
        return Some(0);
    }
    if name.contains(query) {
        return Some(1);
    }
    let mut chars = name.chars();
    query.chars().all(|q| chars.any(|c| c == q)).then_some(2)
}
