//! `main`'s parameters from the words after `--`, converted by their declared types.

use crate::typed_values::{convert, type_name, Input};
use intc_ir::{MainEntry, Program};
use intc_runtime::value::Value;

/// The positional argument values, plus the rest arguments (already converted) if `main` has a
/// rest parameter.
#[derive(Debug)]
pub struct MainArguments {
    pub positional: Vec<Value>,
    pub rest: Option<Vec<Value>>,
}

pub fn parse_main_arguments(
    program: &Program,
    entry: &MainEntry,
    words: &[String],
) -> Result<MainArguments, String> {
    if words.len() < entry.params.len() {
        let missing = entry
            .params
            .get(words.len())
            .map(|ty| type_name(program, *ty))
            .unwrap_or_default();
        return Err(format!(
            "missing argument {} of type '{missing}': main expects {} argument{}",
            words.len() + 1,
            entry.params.len(),
            if entry.params.len() == 1 { "" } else { "s" }
        ));
    }
    if entry.rest.is_none() && words.len() > entry.params.len() {
        return Err(format!(
            "too many arguments: main expects {} argument{}, got {}",
            entry.params.len(),
            if entry.params.len() == 1 { "" } else { "s" },
            words.len()
        ));
    }
    let describe =
        |position: usize, problem: String| format!("invalid argument {position}: {problem}");
    let positional = entry
        .params
        .iter()
        .zip(words)
        .enumerate()
        .map(|(index, (ty, word))| {
            convert(program, *ty, Input::Text(word)).map_err(|p| describe(index + 1, p))
        })
        .collect::<Result<Vec<_>, String>>()?;
    let rest = match entry.rest {
        Some(element) => Some(
            words
                .iter()
                .enumerate()
                .skip(entry.params.len())
                .map(|(index, word)| {
                    convert(program, element, Input::Text(word)).map_err(|p| describe(index + 1, p))
                })
                .collect::<Result<Vec<_>, String>>()?,
        ),
        None => None,
    };
    Ok(MainArguments { positional, rest })
}
