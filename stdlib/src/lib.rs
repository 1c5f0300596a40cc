//! intc-stdlib: the standard library modules (`std/io`, `std/http`, ...) as `.int` declarations
//! whose `external` functions and methods the runtime implements as natives.
//!
//! `build.rs` generates [`StdNative`], one id per external declaration, from the sources in
//! `modules/<module>/*.int`; each Rust module maps the ids of its module to implementations
//! (`io::native`). A native's name (`std.io:println`, `std.http:Client.get`) is written only in
//! its declaration: the checker derives the same name from it, and the registry is filled from
//! the generated table, so adding a module is one directory plus one Rust module and one line in
//! [`MODULE_NATIVES`].

mod args;
mod constraint;
mod crypto;
mod crypto_keys;
mod data;
pub mod http;
mod io;
mod io_files;
mod io_stream_files;
pub(crate) mod jwt;
mod log;
mod mime;
mod oauth2;
pub mod observe;
mod os;
mod random;
mod time;
mod url;
mod uuid;
mod websocket;
mod xmldata;

use intc_runtime::native::Native;
use intc_runtime::NativeRegistry;

include!(concat!(env!("OUT_DIR"), "/natives.rs"));

impl StdNative {
    /// Every external function and method of the standard library.
    pub const ALL: &'static [StdNative] = &ALL;

    /// The dense index of this id (`0..ALL.len()`).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The native name the checker derives from the declaration (`std.io:println`).
    pub fn name(self) -> &'static str {
        NAMES[self.index()]
    }

    /// The module declaring it (`io`).
    pub fn module(self) -> &'static str {
        let name = self.name();
        let after = name.strip_prefix("std.").unwrap_or(name);
        after.split(':').next().unwrap_or(after)
    }
}

/// The implementations of each module's natives, by module directory name.
type ModuleNatives = fn(StdNative) -> Option<Native>;

/// One entry per module that declares external functions.
const MODULE_NATIVES: [(&str, ModuleNatives); 21] = [
    ("io", io::native),
    ("http", http::native),
    ("log", log::native),
    ("prometheus", observe::native),
    ("jwt", jwt::native),
    ("jaeger", observe::tracing::native),
    ("observe", observe::tracing::native),
    ("oauth2", oauth2::native),
    ("crypto", crypto::native),
    ("url", url::native),
    ("time", time::native),
    ("uuid", uuid::native),
    ("random", random::native),
    ("os", os::native),
    ("websocket", websocket::native),
    ("data.jsondata", data::jsondata::native),
    ("data.csv", data::csv::native),
    ("data.yaml", data::yaml::native),
    ("constraint", constraint::native),
    ("mime", mime::native),
    ("data.xmldata", xmldata::native),
];

/// The implementation of one native (`None` only if a module forgot one, which a test rules out).
pub fn native(id: StdNative) -> Option<Native> {
    let module = id.module();
    MODULE_NATIVES
        .iter()
        .find(|(name, _)| *name == module)
        .and_then(|(_, natives)| natives(id))
}

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
    FILES
        .iter()
        .map(|(module, file_name, text)| ModuleSource {
            module,
            file_name,
            text,
        })
        .collect()
}

/// Registers the native implementation of every `external` standard library function.
pub fn register_natives(registry: &mut NativeRegistry) {
    for &id in StdNative::ALL {
        match native(id) {
            Some(Native::Plain(function)) => registry.register(id.name(), function),
            Some(Native::Step(function)) => registry.register_step(id.name(), function),
            None => {}
        }
    }
    http::register_replicators(registry);
}

#[cfg(test)]
mod tests;

/// Writes a panic that a listener caught (in a resource, a callback or a stream) to stderr,
/// as the runtime reports one, and carries on serving.
pub(crate) fn report_panic(ctx: &mut intc_runtime::NativeContext<'_>, panic: &intc_runtime::Panic) {
    let text = ctx.render_panic(&panic.error);
    let stderr = ctx.stderr();
    let _ = write!(stderr, "{text}");
    let _ = stderr.flush();
}
