//! The generated ids against the real parser's reading of the sources.

use super::*;
use intc_span::FileId;
use intc_syntax::ast;

/// Every `external` function declared in the sources, as the parser sees them.
fn parsed_externals() -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (index, module) in modules().enumerate() {
        let text = source(module).expect("source");
        let parsed = intc_syntax::parse(FileId(index as u32), text);
        assert!(
            parsed.diagnostics.is_empty(),
            "lang/{module}.int does not parse: {:?}",
            parsed.diagnostics
        );
        for item in &parsed.module.items {
            if let ast::Item::Function(f) = item {
                if matches!(f.body, ast::FunctionBody::External(..)) {
                    found.push((module.to_string(), f.name.name.clone()));
                }
            }
        }
    }
    found
}

#[test]
fn every_external_declaration_has_exactly_one_id() {
    let found = parsed_externals();
    assert_eq!(found.len(), LangNative::ALL.len());
    for (module, name) in &found {
        let id = LangNative::lookup(module, name);
        assert!(id.is_some(), "{module}:{name} has no id");
    }
    let mut seen = std::collections::HashSet::new();
    for (module, name) in &found {
        assert!(
            seen.insert((module, name)),
            "{module}:{name} declared twice"
        );
    }
}

#[test]
fn ids_are_dense_and_named() {
    for (index, &id) in LangNative::ALL.iter().enumerate() {
        assert_eq!(id.index(), index);
        assert_eq!(LangNative::from_index(index), Some(id));
        assert_eq!(LangNative::lookup(id.module(), id.name()), Some(id));
    }
    assert_eq!(LangNative::ArrayPush.to_string(), "lang.array:push");
    assert_eq!(LangNative::ArrayMap.name(), "map");
    assert!(LangNative::ValueCloneWithType.infers_typedesc());
    assert!(!LangNative::ValueClone.infers_typedesc());
}
