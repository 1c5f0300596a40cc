//! Tests of configurable keys and their errors.

use super::*;
use intc_ir::{Configurable, Global, TypeDef, TypeId, TypeKind};

fn program() -> Program {
    let global = |name: &str, module: Option<&str>, required: bool| Global {
        name: name.to_owned(),
        module: module.map(str::to_owned),
        ty: TypeId(0),
        configurable: Some(Configurable { required }),
        is_final: true,
    };
    Program {
        types: vec![TypeDef::anonymous(TypeKind::Int)],
        globals: vec![
            global("port", None, true),
            global("retries", Some("util"), false),
        ],
        ..Program::default()
    }
}

fn project_keys() -> ModuleKeys {
    let mut keys = ModuleKeys {
        root: Some(("acme".into(), "shop".into())),
        ..ModuleKeys::default()
    };
    keys.modules
        .insert("util".into(), ("acme".into(), "shop.util".into()));
    keys
}

fn sources(file: &str, options: &[&str]) -> Result<ConfigSources, String> {
    let directory = std::env::temp_dir();
    let mut loaded = ConfigSources::load(
        None,
        &directory.join("no-such-dir"),
        &options.iter().map(|o| o.to_string()).collect::<Vec<_>>(),
    )?;
    loaded.file = Some(ConfigFile::parse("Config.toml".into(), file.into())?);
    Ok(loaded)
}

fn resolved(file: &str, options: &[&str]) -> Result<Vec<(Option<String>, String, i64)>, String> {
    let values = resolve_configurables(&program(), &project_keys(), &sources(file, options)?)?;
    Ok(values
        .into_iter()
        .map(|v| (v.module, v.name, v.value.as_int().unwrap_or(i64::MIN)))
        .collect())
}

fn both(port: i64, retries: i64) -> Result<Vec<(Option<String>, String, i64)>, String> {
    Ok(vec![
        (None, "port".into(), port),
        (Some("util".into()), "retries".into(), retries),
    ])
}

#[test]
fn root_and_module_values_by_every_key_form() {
    assert_eq!(
        resolved("port = 80\n[shop.util]\nretries = 3\n", &[]),
        both(80, 3)
    );
    assert_eq!(
        resolved("[shop]\nport = 81\n[acme.shop.util]\nretries = 4\n", &[]),
        both(81, 4)
    );
    assert_eq!(
        resolved("acme.shop.port = 82\nshop.util.retries = 5\n", &[]),
        both(82, 5)
    );
    assert_eq!(
        resolved(
            "port = 80\n",
            &["shop.port=8080", "acme.shop.util.retries=6"]
        ),
        both(8080, 6)
    );
}

#[test]
fn unknown_keys_name_their_place_and_the_closest_variable() {
    assert_eq!(
        resolved("port = 1\n\nprot = 2\n", &[]),
        Err(
            "[Config.toml:(3:1,3:5)] unused configuration value 'prot' (did you mean 'port'?)"
                .into()
        )
    );
    assert_eq!(
        resolved("port = 1\n[shop.util]\nretry = 2\n", &[]),
        Err("[Config.toml:(3:1,3:6)] unused configuration value 'shop.util.retry' (did you mean 'shop.util.retries'?)".into())
    );
    // Ballerina has no `[util]` form: a module is named with its package.
    assert_eq!(
        resolved("port = 1\n[util]\nretries = 2\n", &[]),
        Err("[Config.toml:(2:2,2:6)] unused configuration value 'util'".into())
    );
    assert_eq!(
        resolved("port = 1\n", &["shop.util.retry=3"]),
        Err(
            "[shop.util.retry=3] unused command line argument (did you mean 'shop.util.retries'?)"
                .into()
        )
    );
}

#[test]
fn syntax_errors_and_bad_values_are_reported() {
    assert!(sources("port = \n", &[])
        .is_err_and(|e| e.starts_with("invalid toml file : [Config.toml:(1:")));
    assert_eq!(resolved("", &[]), Ok(Vec::new()));
    assert_eq!(
        resolved("port = \"eighty\"\n", &[]),
        Err("invalid value for configurable variable 'port': expected a value of type 'int', found '\"eighty\"'".into())
    );
    assert!(sources("", &["novalue"]).is_err_and(|e| e.contains("expected -Ckey=value")));
}

#[test]
fn single_files_take_plain_keys_only() {
    let keys = ModuleKeys::default();
    let values = resolve_configurables(&program(), &keys, &sources("port = 7\n", &[]).unwrap());
    assert!(values.is_ok_and(|v| v.len() == 1));
    let prefixed = resolve_configurables(&program(), &keys, &sources("x.port = 7\n", &[]).unwrap());
    assert!(prefixed.is_err_and(|e| e.contains("unused configuration value 'x'")));
}

#[test]
fn edit_distance_counts_characters() {
    assert_eq!(edit_distance("port", "prot"), 2);
    assert_eq!(edit_distance("retries", "retry"), 3);
    assert_eq!(edit_distance("", "abc"), 3);
}

#[test]
fn standard_modules_are_keyed_under_ballerina_and_ballerinax() {
    let mut keys = ModuleKeys::default();
    keys.modules
        .insert("util".into(), ("ballerina".into(), "util".into()));
    keys.std_modules.insert("util".into());
    let read = |keys: &ModuleKeys, text: &str| {
        resolve_configurables(&program(), keys, &sources(text, &[]).unwrap()).map(|values| {
            values
                .into_iter()
                .map(|v| v.value.as_int())
                .collect::<Vec<_>>()
        })
    };
    assert_eq!(
        read(&keys, "[ballerinax.util]\nretries = 2\n"),
        Ok(vec![Some(2)])
    );
    assert_eq!(
        read(&keys, "[ballerina.util]\nretries = 3\n"),
        Ok(vec![Some(3)])
    );
    // A project module of org `ballerina` is not also `ballerinax`.
    keys.std_modules.clear();
    assert!(read(&keys, "[ballerinax.util]\nretries = 2\n").is_err());
}
