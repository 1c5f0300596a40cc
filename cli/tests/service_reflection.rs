//! The reflection API listener modules dispatch with (`NativeContext::service_methods`):
//! a native given a service object finds the resource method for an accessor and a path,
//! and calls it through `Step::Call` with the path parameters converted to their types.

use intc_driver::{compile, CompileOptions, MemoryFileSystem, StdModule};
use intc_ir::PathSegment;
use intc_runtime::native::{Continue, NativeContext, NativeRegistry, Step};
use intc_runtime::value::{Closure, Value};
use intc_runtime::{Outcome, Panic, Runtime};
use std::cell::RefCell;
use std::io::Write;
use std::path::Path;
use std::rc::Rc;

/// `svctest:dispatch(service, accessor, path)`: the resource method's result, or an error
/// when none matches.
fn dispatch(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let service = args[0].clone();
    let accessor = args[1].as_str().unwrap_or_default().to_string();
    let path: Vec<String> = match args[2].as_list() {
        Some(list) => list
            .items()
            .iter()
            .map(|v| v.as_str().unwrap_or_default().to_string())
            .collect(),
        None => Vec::new(),
    };
    let Some(table) = ctx.service_methods(&service) else {
        return Ok(Step::Done(ctx.error("NotAService", "not a service object")));
    };
    'resources: for resource in &table.resources {
        if resource.accessor != accessor || resource.path.len() != path.len() {
            continue;
        }
        let mut call_args = vec![service.clone()];
        for (segment, written) in resource.path.iter().zip(&path) {
            match segment {
                PathSegment::Literal(literal) if literal == written => {}
                PathSegment::Literal(_) => continue 'resources,
                PathSegment::Param { ty, .. } => {
                    // The first of the written text as an int or as a string that the
                    // parameter's type admits.
                    let as_int = written.parse().ok().map(Value::Int);
                    let candidates = as_int.into_iter().chain([Value::string(written.as_str())]);
                    match candidates.into_iter().find(|v| ctx.value_belongs(v, *ty)) {
                        Some(value) => call_args.push(value),
                        None => continue 'resources,
                    }
                }
                PathSegment::Rest { .. } => continue 'resources,
            }
        }
        let function = Value::Function(Closure::new(resource.func, Box::new([])));
        return Ok(Step::Call {
            function,
            args: call_args,
            then: Box::new(Finish),
        });
    }
    Ok(Step::Done(
        ctx.error("NotFound", "no resource method matches"),
    ))
}

struct Finish;

impl Continue for Finish {
    fn resume(self: Box<Self>, _: &mut NativeContext<'_>, result: Value) -> Result<Step, Panic> {
        Ok(Step::Done(result))
    }
}

/// Output captured for the assertion.
#[derive(Clone, Default)]
struct Captured(Rc<RefCell<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

const PROGRAM: &str = r#"
import ballerina/io;
import ballerina/svctest;

type Api service object {
    function name() returns string;
};

class Recorder {
    Api[] services = [];
    public function attach(Api s, string[]|string? point = ()) returns error? {
        self.services.push(s);
    }
    public function detach(Api s) returns error? {}
    public function 'start() returns error? {
        foreach Api s in self.services {
            io:println(s.name(), ": ", svctest:dispatch(s, "get", ["albums", "42"]));
            io:println(s.name(), ": ", svctest:dispatch(s, "get", ["albums", "x"]));
            io:println(s.name(), ": ", svctest:dispatch(s, "post", ["albums"]));
            io:println(s.name(), ": ", svctest:dispatch(s, "get", ["artists", "coltrane"]));
        }
    }
    public function gracefulStop() returns error? {}
    public function immediateStop() returns error? {}
}

listener Recorder ep = new;

service /music on ep {
    private int calls = 0;

    function name() returns string {
        return "music";
    }

    resource function get albums/[int id]() returns string {
        self.calls += 1;
        return "album " + (id + 1).toString() + " (call " + self.calls.toString() + ")";
    }

    resource function post albums() returns string {
        return "created";
    }

    resource function get artists/[string name]() returns string {
        return "artist " + name;
    }
}
"#;

#[test]
fn a_native_dispatches_to_resource_methods_of_a_service() {
    let mut std_modules: Vec<StdModule> = intc_stdlib::module_sources()
        .into_iter()
        .map(|source| StdModule {
            name: source.module.to_owned(),
            files: vec![(source.file_name.to_owned(), source.text.to_owned())],
        })
        .collect();
    std_modules.push(StdModule {
        name: "svctest".to_owned(),
        files: vec![(
            "svctest.int".to_owned(),
            "public isolated function dispatch(any s, string accessor, string[] path) returns any|error = external;\n"
                .to_owned(),
        )],
    });
    let fs = MemoryFileSystem::new().with("/p/main.int", PROGRAM);
    let compiled = compile(
        &fs,
        Path::new("/p/main.int"),
        &CompileOptions { std_modules },
    )
    .expect("loads");
    assert!(!compiled.has_errors(), "{:?}", compiled.diagnostics);
    let program = compiled.program.expect("compiles");
    let mut natives = NativeRegistry::new();
    intc_stdlib::register_natives(&mut natives);
    natives.register_step("std.svctest:dispatch", dispatch);
    let mut runtime = Runtime::new(program, &natives).expect("loads the program");
    let out = Captured::default();
    runtime.set_output(Box::new(out.clone()), Box::new(Captured::default()));
    let outcome = runtime.run_main(Vec::new());
    runtime.flush();
    let report = runtime.render_outcome(&outcome);
    assert!(matches!(outcome, Outcome::Ok), "{report:?}");
    let text = String::from_utf8_lossy(&out.0.borrow()).into_owned();
    assert_eq!(
        text,
        "music: album 43 (call 1)\n\
         music: error(\"NotFound\",message=\"no resource method matches\")\n\
         music: created\n\
         music: artist coltrane\n"
    );
}
