//! Every `external` declaration has exactly one registered native and vice versa.

use super::*;

/// The native name of every `external` function and method of the module sources, found by
/// the real parser (the generated table comes from a small text scan in `build.rs`).
fn external_declarations() -> Vec<String> {
    use intc_syntax::ast;
    let mut names = Vec::new();
    for (index, source) in module_sources().iter().enumerate() {
        let parsed = intc_syntax::parse(intc_span::FileId(index as u32), source.text);
        for item in &parsed.module.items {
            match item {
                ast::Item::Function(f) if matches!(f.body, ast::FunctionBody::External(..)) => {
                    names.push(format!("std.{}:{}", source.module, f.name.name));
                }
                ast::Item::Class(class) => {
                    for member in &class.members {
                        if let ast::ClassMember::Method(f) = member {
                            if matches!(f.body, ast::FunctionBody::External(..)) {
                                let method = intc_syntax::resource::trace_name(&f.name.name)
                                    .unwrap_or_else(|| f.name.name.clone());
                                names.push(format!(
                                    "std.{}:{}.{}",
                                    source.module, class.name.name, method
                                ));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    names.sort();
    names
}

#[test]
fn every_external_declaration_has_one_native_and_back() {
    let declared = external_declarations();
    let mut generated: Vec<String> = StdNative::ALL
        .iter()
        .map(|id| id.name().to_owned())
        .collect();
    generated.sort();
    assert_eq!(declared, generated, "build.rs scan and parser disagree");
    for &id in StdNative::ALL {
        assert!(native(id).is_some(), "no native for {}", id.name());
    }
    let mut registry = NativeRegistry::new();
    register_natives(&mut registry);
    let mut registered: Vec<String> = registry.names().map(str::to_owned).collect();
    registered.sort();
    assert_eq!(declared, registered);
    assert!(declared.iter().any(|n| n == "std.io:println"));
}

#[test]
fn module_sources_parse_without_syntax_errors() {
    for (index, source) in module_sources().iter().enumerate() {
        let parsed = intc_syntax::parse(intc_span::FileId(index as u32), source.text);
        assert!(
            parsed.diagnostics.is_empty(),
            "{}: {:?}",
            source.file_name,
            parsed.diagnostics
        );
    }
}

/// A `Write` sink the test can read back after the runtime is done with it.
#[derive(Clone, Default)]
struct SharedBuffer(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for SharedBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl SharedBuffer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.borrow()).into_owned()
    }
}

/// `main` calling `print("a", 1)`, `println(2.5)` and `fprintln(stderr, "oops")` through the
/// registered natives.
fn printing_program() -> intc_ir::Program {
    use intc_ir::{Constant, FunctionBuilder, Instruction, MainEntry, ProgramBuilder, RegRange};
    let mut program = ProgramBuilder::new();
    let file = program.add_file("main.int");
    let print = program.native("std.io:print");
    let println = program.native("std.io:println");
    let fprintln = program.native("std.io:fprintln");
    let letter = program.string_constant("a");
    let stderr = program.string_constant("stderr");
    let oops = program.string_constant("oops");
    let mut main = FunctionBuilder::new("main", 0, 0);
    main.function_mut().file = file;
    let window = main.registers(2).unwrap_or(RegRange::new(0, 2));
    let dst = main.register().unwrap_or(intc_ir::Reg(2));
    let first = intc_ir::Reg(window.start);
    let second = intc_ir::Reg(window.start + 1);
    main.emit(Instruction::LoadConst {
        dst: first,
        constant: letter,
    });
    main.emit(Instruction::LoadInt {
        dst: second,
        value: 1,
    });
    main.emit(Instruction::CallNative {
        dst,
        native: print,
        args: window,
    });
    let half = program.add_constant(Constant::Float(2.5));
    main.emit(Instruction::LoadConst {
        dst: first,
        constant: half,
    });
    main.emit(Instruction::CallNative {
        dst,
        native: println,
        args: RegRange::new(window.start, 1),
    });
    main.emit(Instruction::LoadConst {
        dst: first,
        constant: stderr,
    });
    main.emit(Instruction::LoadConst {
        dst: second,
        constant: oops,
    });
    main.emit(Instruction::CallNative {
        dst,
        native: fprintln,
        args: window,
    });
    main.emit(Instruction::ReturnNil);
    let func = program.add_function(main.finish());
    let mut finished = program.finish();
    finished.main = Some(MainEntry {
        func,
        params: Vec::new(),
        rest: None,
        rest_list: None,
    });
    finished
}

#[test]
fn natives_print_with_to_string_semantics_to_the_right_stream() {
    let mut registry = NativeRegistry::new();
    register_natives(&mut registry);
    let runtime = intc_runtime::Runtime::new(printing_program(), &registry);
    let Ok(mut runtime) = runtime else {
        panic!("program should load: {:?}", runtime.err());
    };
    let (stdout, stderr) = (SharedBuffer::default(), SharedBuffer::default());
    runtime.set_output(Box::new(stdout.clone()), Box::new(stderr.clone()));
    let outcome = runtime.run_main(Vec::new());
    assert!(matches!(outcome, intc_runtime::Outcome::Ok), "{outcome:?}");
    assert_eq!(stdout.text(), "a12.5\n");
    assert_eq!(stderr.text(), "oops\n");
}
