//! `main`'s parameters from the words after `--`, converted by their declared types.

use crate::typed_values::{convert, type_name, Input};
use intc_driver::{MainParameter, MainParameterKind};
use intc_ir::{MainEntry, Program};
use intc_runtime::value::Value;

/// One value per positional parameter (an omitted defaultable parameter is `()`, which the
/// lowered `main` replaces by its default), plus the rest arguments if `main` has a rest
/// parameter.
#[derive(Debug)]
pub struct MainArguments {
    pub positional: Vec<Value>,
    pub rest: Option<Vec<Value>>,
}

/// Converts the command-line words. `declared` is `main`'s parameter list from the source
/// (names and which are defaultable); without it every parameter counts as required.
pub fn parse_main_arguments(
    program: &Program,
    entry: &MainEntry,
    declared: &[MainParameter],
    words: &[String],
) -> Result<MainArguments, String> {
    let positional_declared: Vec<&MainParameter> = declared
        .iter()
        .filter(|parameter| parameter.kind != MainParameterKind::Rest)
        .collect();
    let names_known = positional_declared.len() == entry.params.len();
    let name_of = |index: usize| match positional_declared.get(index) {
        Some(parameter) if names_known => format!("'{}'", parameter.name),
        _ => format!("{}", index + 1),
    };
    let required = if names_known {
        positional_declared
            .iter()
            .filter(|parameter| parameter.kind == MainParameterKind::Required)
            .count()
    } else {
        entry.params.len()
    };
    if words.len() < required {
        let missing = entry
            .params
            .get(words.len())
            .map(|ty| type_name(program, *ty))
            .unwrap_or_default();
        return Err(format!(
            "missing argument for parameter {} of type '{missing}'",
            name_of(words.len())
        ));
    }
    if entry.rest.is_none() && words.len() > entry.params.len() {
        return Err(format!(
            "too many arguments: main takes {} argument{}, got {}",
            entry.params.len(),
            if entry.params.len() == 1 { "" } else { "s" },
            words.len()
        ));
    }
    let mut positional = Vec::with_capacity(entry.params.len());
    for (index, ty) in entry.params.iter().enumerate() {
        let value = match words.get(index) {
            Some(word) => convert(program, *ty, Input::Text(word)).map_err(|problem| {
                format!(
                    "invalid argument for parameter {}: {problem}",
                    name_of(index)
                )
            })?,
            None => Value::Nil,
        };
        positional.push(value);
    }
    let rest = match entry.rest {
        Some(element) => Some(
            words
                .iter()
                .skip(entry.params.len())
                .map(|word| {
                    convert(program, element, Input::Text(word))
                        .map_err(|problem| format!("invalid rest argument: {problem}"))
                })
                .collect::<Result<Vec<_>, String>>()?,
        ),
        None => None,
    };
    Ok(MainArguments { positional, rest })
}

#[cfg(test)]
mod tests {
    use super::*;
    use intc_ir::{FuncId, TypeDef, TypeId, TypeKind};

    fn setup() -> (Program, MainEntry, Vec<MainParameter>) {
        let program = Program {
            types: vec![
                TypeDef::anonymous(TypeKind::String),
                TypeDef::anonymous(TypeKind::Int),
                TypeDef::anonymous(TypeKind::Array {
                    element: TypeId(1),
                    length: None,
                }),
            ],
            ..Program::default()
        };
        let entry = MainEntry {
            func: FuncId(0),
            params: vec![TypeId(0), TypeId(1)],
            rest: Some(TypeId(1)),
            rest_list: Some(TypeId(2)),
        };
        let declared = vec![
            MainParameter {
                name: "name".into(),
                kind: MainParameterKind::Required,
            },
            MainParameter {
                name: "times".into(),
                kind: MainParameterKind::Defaultable,
            },
            MainParameter {
                name: "extra".into(),
                kind: MainParameterKind::Rest,
            },
        ];
        (program, entry, declared)
    }

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn defaults_may_be_omitted_and_rest_collects_the_remainder() {
        let (program, entry, declared) = setup();
        let only_name = parse_main_arguments(&program, &entry, &declared, &words("Alice"));
        let Ok(arguments) = only_name else {
            panic!("{only_name:?}")
        };
        assert!(matches!(
            arguments.positional.as_slice(),
            [Value::String(_), Value::Nil]
        ));
        assert_eq!(arguments.rest.map(|rest| rest.len()), Some(0));
        let all = parse_main_arguments(&program, &entry, &declared, &words("Alice 3 4 5"));
        let Ok(arguments) = all else {
            panic!("{all:?}")
        };
        assert!(matches!(
            arguments.positional.as_slice(),
            [Value::String(_), Value::Int(3)]
        ));
        assert_eq!(arguments.rest.map(|rest| rest.len()), Some(2));
    }

    #[test]
    fn missing_and_ill_typed_arguments_are_explained() {
        let (program, entry, declared) = setup();
        let missing = parse_main_arguments(&program, &entry, &declared, &[]).err();
        assert_eq!(
            missing.as_deref(),
            Some("missing argument for parameter 'name' of type 'string'")
        );
        let bad = parse_main_arguments(&program, &entry, &declared, &words("Alice three")).err();
        assert_eq!(
            bad.as_deref(),
            Some("invalid argument for parameter 'times': expected a value of type 'int', found 'three'")
        );
        let no_rest = MainEntry {
            rest: None,
            rest_list: None,
            ..entry
        };
        let too_many =
            parse_main_arguments(&program, &no_rest, &declared[..2], &words("a 1 2")).err();
        assert_eq!(
            too_many.as_deref(),
            Some("too many arguments: main takes 2 arguments, got 3")
        );
    }
}
