//! Ballerina's conversions of values to text and between types: `toString`, `toBalString`,
//! JSON (`toJson`, `toJsonString`, `fromJsonString`), deep copies (`clone`,
//! `cloneReadOnly`) and conversions to a type (`cloneWithType`, `ensureType`).

mod convert;
mod converter;
mod copy;
mod display;
mod json;
mod json_feed;
mod json_text;
mod json_typed;
mod members;
mod numbers;
pub mod xml_text;

pub use convert::{
    clone_with_type, decimal_to_int, ensure_type, float_to_decimal, float_to_int, round_half_even,
    ConversionFailure, EnsureTypeFailure,
};
pub use copy::{clone_value, deep_copy, intern_type, readonly_type, CopyMode};
pub use display::{quick_text, render, write_quoted, Rendered, Renderer, Style};
pub use json::{number_value, parse_json, JsonSyntaxError};
pub use json_feed::{JsonFeed, JsonFeedError};
pub use json_text::{is_acyclic, json_text, write_json_string};
pub use json_typed::{
    from_json_text_with_type, read_typed, DataOptions, Fallback, FieldKeys, JsonReadError,
};
pub use members::{list_element_type, map_member_type};
pub use numbers::{decimal_to_bal_string, decimal_to_string, float_to_bal_string, float_to_string};

use crate::types::TypeTable;
use crate::value::Value;

/// `value.toString()` without calling user `toString()` methods (objects print as
/// `object <Class>`); what string templates and panic reports use.
pub fn to_string(value: &Value, types: &TypeTable) -> String {
    render(value, types, Style::Informal).unwrap_or_default()
}

/// `value.toBalString()` without calling user `toString()` methods.
pub fn to_bal_string(value: &Value, types: &TypeTable) -> String {
    render(value, types, Style::Expression).unwrap_or_default()
}

/// `value.toJsonString()` of an anydata value (`None` if the value is cyclic).
pub fn to_json_string(value: &Value) -> Option<String> {
    json_text(value)
}

#[cfg(test)]
mod tests;
