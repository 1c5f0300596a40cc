//! `intc new NAME`: a fresh project with a hello-world `main.int`.

use crate::sources::EXIT_COMPILE_ERROR;
use std::path::Path;

const MAIN_TEMPLATE: &str =
    "import ballerina/io;\n\npublic function main() {\n    io:println(\"Hello, World!\");\n}\n";

pub fn new_project(name: &str) -> u8 {
    let directory = Path::new(name);
    let Some(package) = directory
        .file_name()
        .and_then(|part| part.to_str())
        .filter(|part| is_package_name(part))
    else {
        eprintln!("error: '{name}' is not a valid package name: use letters, digits and '_', not starting with a digit");
        return EXIT_COMPILE_ERROR;
    };
    if directory.exists() {
        eprintln!("error: '{name}' already exists");
        return EXIT_COMPILE_ERROR;
    }
    let manifest =
        format!("[package]\norg = \"myorg\"\nname = \"{package}\"\nversion = \"0.1.0\"\n");
    let created = std::fs::create_dir_all(directory.join("tests"))
        .and_then(|()| std::fs::write(directory.join("Int.toml"), manifest))
        .and_then(|()| std::fs::write(directory.join("main.int"), MAIN_TEMPLATE));
    match created {
        Ok(()) => {
            println!("Created project '{package}' in {name}; run it with `intc run {name}`");
            0
        }
        Err(error) => {
            eprintln!("error: cannot create '{name}': {error}");
            EXIT_COMPILE_ERROR
        }
    }
}

fn is_package_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
