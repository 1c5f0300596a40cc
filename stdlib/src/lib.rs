//! intc-stdlib: the standard library modules (`std/io`, ...) as `.int` declarations whose
//! `external` functions the runtime implements as natives named `std.<module>:<function>`.

pub mod http;
mod io;

use intc_runtime::NativeRegistry;

/// The source of one standard library module file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ModuleSource {
    /// Dotted module name under `std/`, e.g. `io`.
    pub module: &'static str,
    /// Display name of the file in diagnostics.
    pub file_name: &'static str,
    pub text: &'static str,
}

/// Every standard library module file, for the driver to load when a program imports it.
pub fn module_sources() -> Vec<ModuleSource> {
    vec![ModuleSource {
        module: "io",
        file_name: "std/io/io.int",
        text: include_str!("../modules/io/io.int"),
    }]
}

/// Registers the native implementation of every `external` standard library function.
pub fn register_natives(registry: &mut NativeRegistry) {
    io::register(registry);
}

#[cfg(test)]
mod tests;
