//! The uncaught-panic report, in jBallerina's layout (`ErrorValue.getPrintableStackTrace`):
//!
//! ```text
//! error: {ballerina}DivisionByZero {"message":" / by zero"}
//! <TAB>at demo:divide(demo.int:4)
//! <TAB>   demo:main(demo.int:9)
//! cause: inner
//! <TAB>at demo:load(demo.int:2)
//! <TAB>   ... 1 more
//! ```
//!
//! The first frame follows `\tat `, the others `\t   `; a cause's frames shared with the
//! error it caused are summarised as `... N more`. A frame is `module:function(file:line)`,
//! with `module.Class:method` for methods. Module names are jBallerina's JVM package names:
//! `org.package.major` (`org.package.module.major` for other modules of a project), and the
//! file's name for a single-file program (`demo:main`, with methods shown as `Class:method`).

use crate::types::TypeTable;
use crate::value::{TraceFrame, Value};
use intc_ir::Program;
use std::collections::HashMap;

/// Frames printed per trace; a deeper trace (a stack overflow has up to
/// `interp::MAX_FRAMES`) prints its innermost frames and `... N more`.
pub const MAX_PRINTED_FRAMES: usize = 100;

/// How traces name modules (see the module documentation).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ModuleNames {
    /// The root module's name in a project (`org.package.0`); `None` for a single file.
    pub root: Option<String>,
    /// The other modules' names, keyed by the IR's module name (`Function::module`).
    pub modules: HashMap<String, String>,
}

/// `error: <message> <detail>`, then the trace and causes when `with_trace`.
pub fn render_error(
    program: &Program,
    types: &TypeTable,
    names: &ModuleNames,
    error: &Value,
    with_trace: bool,
) -> String {
    let Value::Error(e) = error else {
        return format!("error: {}\n", crate::format::to_string(error, types));
    };
    let mut out = format!("error: {}", e.message);
    if !e.detail.is_empty() {
        out.push(' ');
        out.push_str(&crate::format::to_string(
            &Value::Map(e.detail.clone()),
            types,
        ));
    }
    if with_trace {
        write_trace(&mut out, program, names, e.trace(), &[]);
        let mut enclosing: Vec<TraceFrame> = e.trace().to_vec();
        let mut cause = e.cause.clone();
        while let Value::Error(c) = cause {
            out.push_str("\ncause: ");
            out.push_str(&c.message);
            write_trace(&mut out, program, names, c.trace(), &enclosing);
            enclosing = c.trace().to_vec();
            cause = c.cause.clone();
        }
    }
    out.push('\n');
    out
}

fn write_trace(
    out: &mut String,
    program: &Program,
    names: &ModuleNames,
    trace: &[TraceFrame],
    enclosing: &[TraceFrame],
) {
    if trace.is_empty() {
        return;
    }
    // Frames at the bottom shared with the enclosing trace are left out, as jBallerina does.
    let mut last = trace.len() - 1;
    let mut n = enclosing.len();
    while n > 0 && last > 0 && trace[last] == enclosing[n - 1] {
        last -= 1;
        n -= 1;
    }
    let shown = (last + 1).min(MAX_PRINTED_FRAMES);
    for (index, frame) in trace[..shown].iter().enumerate() {
        out.push_str(if index == 0 { "\n\tat " } else { "\n\t   " });
        out.push_str(&frame_text(program, names, frame));
    }
    let left_out = trace.len() - shown;
    if left_out > 0 {
        out.push_str(&format!("\n\t   ... {left_out} more"));
    }
}

/// `module:function(file:line)` for one frame.
pub fn frame_text(program: &Program, names: &ModuleNames, frame: &TraceFrame) -> String {
    let Some(function) = program.functions.get(frame.func.index()) else {
        return format!("<unknown {}>", frame.func);
    };
    let file = program
        .file_name(function.file)
        .rsplit('/')
        .next()
        .unwrap_or("")
        .to_string();
    let line = function.lines.get(frame.pc as usize).copied().unwrap_or(0);
    let module = match &function.module {
        Some(module) => Some(
            names
                .modules
                .get(module)
                .cloned()
                .unwrap_or_else(|| module.clone()),
        ),
        None => names.root.clone(),
    };
    let class = function
        .class
        .and_then(|c| program.classes.get(c.index()))
        .map(|c| c.name.as_str());
    let qualified = match (module, class) {
        (Some(module), Some(class)) => format!("{module}.{class}:{}", function.name),
        (None, Some(class)) => format!("{class}:{}", function.name),
        (Some(module), None) => format!("{module}:{}", function.name),
        (None, None) => {
            let stem = file
                .rsplit_once('.')
                .map_or(file.as_str(), |(stem, _)| stem);
            format!("{stem}:{}", function.name)
        }
    };
    format!("{qualified}({file}:{line})")
}
