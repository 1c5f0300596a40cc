//! The lang library's declarations (`intc-langlib`) resolve without errors and with every
//! type known, and their type parameters instantiate at calls.

use crate::checker::Checker;
use crate::model::*;
use intc_langlib::LangNative;
use std::collections::HashSet;

/// Whether `ty` mentions the error type `Unknown` anywhere.
fn mentions_unknown(types: &TypeArena, ty: TypeId, seen: &mut HashSet<TypeId>) -> bool {
    if !seen.insert(ty) {
        return false;
    }
    let mut any = |t: TypeId| mentions_unknown(types, t, seen);
    match types.get(ty).clone() {
        Type::Unknown => true,
        Type::Array { element, .. } => any(element),
        Type::Map(t) | Type::Typedesc(t) | Type::ReadonlyOf(t) => any(t),
        Type::Tuple { members, rest } => members.into_iter().chain(rest).any(any),
        Type::Union(members) => members.into_iter().any(any),
        Type::Function(f) => f.params.into_iter().chain(f.rest).chain([f.ret]).any(any),
        Type::Error(e) => any(e.detail),
        Type::Record(r) => r.fields.into_iter().map(|f| f.ty).chain(r.rest).any(any),
        _ => false,
    }
}

#[test]
fn every_declaration_resolves() {
    let mut checker = Checker::new(&[]);
    for &id in LangNative::ALL {
        let sig = checker.lang_decl(id.module(), id.name());
        let Some(sig) = sig else {
            panic!("{id}: declaration not found");
        };
        assert_eq!(sig.native, id);
        let mut types: Vec<TypeId> = sig.params.iter().map(|p| p.ty).collect();
        types.push(sig.ret);
        for ty in types {
            let unknown = mentions_unknown(&checker.p.types, ty, &mut HashSet::new());
            assert!(!unknown, "{id}: a type of the declaration did not resolve");
        }
    }
    assert!(checker.diags.is_empty(), "{:?}", checker.diags);
}

#[test]
fn constants_and_public_types_resolve() {
    let mut checker = Checker::new(&[]);
    let expected = [
        ("int", "MAX_VALUE", ConstValue::Int(i64::MAX)),
        ("int", "MIN_VALUE", ConstValue::Int(i64::MIN)),
        (
            "int",
            "SIGNED32_MIN_VALUE",
            ConstValue::Int(i64::from(i32::MIN)),
        ),
        (
            "int",
            "UNSIGNED32_MAX_VALUE",
            ConstValue::Int(i64::from(u32::MAX)),
        ),
        ("float", "PI", ConstValue::Float(std::f64::consts::PI)),
        ("float", "E", ConstValue::Float(std::f64::consts::E)),
        ("float", "Infinity", ConstValue::Float(f64::INFINITY)),
        ("array", "ASCENDING", ConstValue::String("ascending".into())),
    ];
    for (module, name, value) in expected {
        let Some(id) = checker.lang_constant(module, name) else {
            panic!("{module}:{name} not found");
        };
        assert_eq!(
            checker.p.constants[id.index()].value,
            value,
            "{module}:{name}"
        );
    }
    let nan = checker.lang_constant("float", "NaN").map(
        |id| matches!(checker.p.constants[id.index()].value, ConstValue::Float(f) if f.is_nan()),
    );
    assert_eq!(nan, Some(true));
    for (module, name) in [
        ("array", "SortDirection"),
        ("array", "OrderedType"),
        ("value", "JsonFloat"),
        ("value", "JsonDecimal"),
        ("error", "StackFrame"),
        ("typedesc", "TypeId"),
        ("int", "Signed8"),
        ("string", "Char"),
    ] {
        let ty = checker.lang_module_type(module, name, true);
        assert!(ty.is_some(), "{module}:{name}");
    }
    // Type parameters are not part of a module's interface.
    assert_eq!(checker.lang_module_type("array", "Type", true), None);
    assert!(checker.diags.is_empty(), "{:?}", checker.diags);
}

#[test]
fn transactional_lang_functions_are_known_by_their_declaration() {
    use crate::langlib::is_transactional;
    for id in [
        LangNative::TransactionInfo,
        LangNative::TransactionSetRollbackOnly,
        LangNative::TransactionGetRollbackOnly,
        LangNative::TransactionSetData,
        LangNative::TransactionGetData,
        LangNative::TransactionOnCommit,
        LangNative::TransactionOnRollback,
    ] {
        assert!(is_transactional(id), "{id}");
    }
    for id in [
        LangNative::TransactionGetInfo,
        LangNative::TransactionBeginTransaction,
        LangNative::TransactionCommitTransaction,
        LangNative::ArrayPush,
    ] {
        assert!(!is_transactional(id), "{id}");
    }
}
