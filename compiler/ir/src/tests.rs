//! Unit tests for the verifier, the builders and the textual form.

use crate::*;

fn fib_program() -> Program {
    let mut builder = ProgramBuilder::new();
    let file = builder.add_file("fib.int");
    let int = builder.add_anonymous_type(TypeKind::Int);
    let fib = builder.reserve_function("fib");
    let mut f = FunctionBuilder::new("fib", 1, 0);
    f.function_mut().file = file;
    f.set_line(2);
    let two = f.register().unwrap();
    let tmp = f.register().unwrap();
    let args = f.registers(1).unwrap();
    let result = f.register().unwrap();
    f.emit(Instruction::LoadInt { dst: two, value: 2 });
    let branch = f.emit(Instruction::JumpIfCmpInt {
        cmp: Cmp::Ge,
        a: Reg(0),
        b: two,
        target: 0,
    });
    f.emit(Instruction::Return { value: Reg(0) });
    let recurse = f.here();
    assert!(f.patch(branch, recurse));
    f.set_line(3);
    f.emit(Instruction::AddIntImm {
        dst: Reg(args.start),
        a: Reg(0),
        imm: -1,
    });
    f.emit(Instruction::Call {
        dst: tmp,
        func: fib,
        args,
    });
    f.emit(Instruction::AddIntImm {
        dst: Reg(args.start),
        a: Reg(0),
        imm: -2,
    });
    f.emit(Instruction::Call {
        dst: result,
        func: fib,
        args,
    });
    f.emit(Instruction::AddInt {
        dst: result,
        a: result,
        b: tmp,
    });
    f.emit(Instruction::Return { value: result });
    builder.define_function(fib, f.finish());
    builder.program.main = Some(MainEntry {
        func: fib,
        params: vec![int],
        rest: None,
        rest_list: None,
    });
    builder.finish()
}

#[test]
fn instruction_is_at_most_16_bytes() {
    assert!(
        std::mem::size_of::<Instruction>() <= 16,
        "{}",
        std::mem::size_of::<Instruction>()
    );
}

#[test]
fn valid_program_verifies() {
    assert_eq!(verify(&fib_program()), Ok(()));
}

#[test]
fn verifier_reports_bad_register_target_and_missing_terminator() {
    let mut program = fib_program();
    program.functions[0].code[1] = Instruction::JumpIfCmpInt {
        cmp: Cmp::Lt,
        a: Reg(0),
        b: Reg(99),
        target: 999,
    };
    program.functions[0].code.push(Instruction::Nop);
    program.functions[0].lines.push(0);
    let errors = verify(&program).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("register r99 out of range")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("jump target 999")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("terminator")),
        "{errors:?}"
    );
}

#[test]
fn verifier_checks_ids_and_arity() {
    let mut program = fib_program();
    program.functions[0].code[3] = Instruction::Call {
        dst: Reg(0),
        func: FuncId(0),
        args: RegRange::new(0, 2),
    };
    program.functions[0].code[4] = Instruction::FieldGet {
        dst: Reg(0),
        object: Reg(0),
        name: ConstId(7),
    };
    let errors = verify(&program).unwrap_err();
    assert!(
        errors.iter().any(|e| e.contains("passes 2 arguments")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("k7 out of range")),
        "{errors:?}"
    );
}

#[test]
fn verifier_checks_type_table_references() {
    let mut program = fib_program();
    program
        .types
        .push(TypeDef::anonymous(TypeKind::Map(TypeId(42))));
    let errors = verify(&program).unwrap_err();
    assert!(errors.iter().any(|e| e.contains("t42")), "{errors:?}");
}

#[test]
fn textual_form_is_stable() {
    let text = fib_program().to_string();
    let expected = "\
file 0 \"fib.int\"
type t0 = int
main = f0 (t0)

function f0 fib params 1 captures 0 registers 5 file 0 {
  @0    L2    r1 = int 2
  @1    L2    jump_if_int.ge r0, r1 -> @3
  @2    L2    return r0
  @3    L3    r3 = add_int_imm r0, -1
  @4    L3    r2 = call f0(r3..r3)
  @5    L3    r3 = add_int_imm r0, -2
  @6    L3    r4 = call f0(r3..r3)
  @7    L3    r4 = add_int r4, r2
  @8    L3    return r4
}
";
    assert_eq!(text, expected);
}

#[test]
fn display_names_follow_stack_trace_convention() {
    let mut builder = ProgramBuilder::new();
    let ty = builder.add_anonymous_type(TypeKind::Any);
    let mut method = Function::new("area", 1);
    method.class = Some(ClassId(0));
    let m = builder.add_function(method);
    let mut other = Function::new("helper", 0);
    other.module = Some("util".into());
    let o = builder.add_function(other);
    let root = builder.add_function(Function::new("main", 0));
    builder.program.classes.push(Class {
        name: "Circle".into(),
        module: None,
        fields: vec![],
        methods: vec![("area".into(), m)],
        ty,
        readonly: false,
    });
    let program = builder.finish();
    assert_eq!(program.function_display_name(m), "Circle.area");
    assert_eq!(program.function_display_name(o), "util:helper");
    assert_eq!(program.function_display_name(root), "main");
}

#[test]
fn builder_deduplicates_strings_and_natives() {
    let mut builder = ProgramBuilder::new();
    let a = builder.string_constant("x");
    let b = builder.string_constant("x");
    let n1 = builder.native("std.io:println");
    let n2 = builder.native("std.io:println");
    assert_eq!(a, b);
    assert_eq!(n1, n2);
    assert_eq!(builder.program.constants.len(), 1);
    assert_eq!(builder.program.natives.len(), 1);
}

#[test]
fn type_kinds_display_structurally() {
    let kind = TypeKind::Tuple {
        members: vec![TypeId(0), TypeId(1)],
        rest: Some(TypeId(2)),
    };
    assert_eq!(kind.to_string(), "[t0, t1, t2...]");
    let record = TypeKind::Record {
        fields: vec![RecordField {
            name: "a".into(),
            ty: TypeId(0),
            optional: true,
            readonly: false,
        }],
        rest: None,
    };
    assert_eq!(record.to_string(), "record {| t0 a?; |}");
}

#[test]
fn annotation_sets_display_and_verify() {
    let mut program = fib_program();
    program.annotations.push(crate::AnnotationSet {
        target: crate::AnnotationTarget::Param(FuncId(0), 1),
        global: crate::GlobalId(7),
    });
    let errors = verify(&program).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("annotation set global g7")),
        "{errors:?}"
    );
    assert!(program.to_string().contains("annotations param f0#1 = g7"));
}

/// A function of the given code with `registers` registers, appended to the fib program.
fn with_function(code: Vec<Instruction>, registers: u16) -> Program {
    let mut program = fib_program();
    let mut function = Function::new("messages", 0);
    function.num_registers = registers;
    function.lines = vec![0; code.len()];
    function.code = code;
    program.functions.push(function);
    program
}

#[test]
fn worker_message_instructions_verify_and_display() {
    let code = vec![
        Instruction::WorkerGroupNew {
            dst: Reg(0),
            members: 2,
        },
        Instruction::WorkerBind {
            group: Reg(0),
            member: 0,
        },
        Instruction::WorkerSend {
            group: Reg(0),
            from: 0,
            to: 1,
            slot: 0,
            value: Reg(1),
        },
        Instruction::WorkerSkip {
            group: Reg(0),
            from: 0,
            to: 1,
            upto: 2,
        },
        Instruction::WorkerFlush {
            dst: Reg(2),
            group: Reg(0),
            from: 0,
            to: 1,
            upto: 2,
        },
        Instruction::WorkerReceive {
            dst: Reg(2),
            group: Reg(0),
            from: 1,
            to: 0,
            slot: 0,
        },
        Instruction::WorkerReceiveAll {
            dst: Reg(2),
            group: Reg(0),
            to: 0,
            count: 2,
        },
        Instruction::WorkerPeer { from: 1, slot: 1 },
        Instruction::WorkerPeer { from: 2, slot: 0 },
        Instruction::ReturnNil,
    ];
    let program = with_function(code, 5);
    assert_eq!(verify(&program), Ok(()));
    let text = program.to_string();
    for expected in [
        "r0 = worker_group 2",
        "worker_bind r0 #0",
        "worker_send r0 #0->#1[0] r1",
        "worker_skip r0 #0->#1 upto 2",
        "r2 = worker_flush r0 #0->#1 upto 2",
        "r2 = worker_receive r0 #1->#0[0]",
        "r2.. = worker_receive_all r0 ->#0 x2",
        "peer #2[0]",
    ] {
        assert!(text.contains(expected), "{expected:?} in\n{text}");
    }
}

#[test]
fn receives_need_their_peers_and_registers() {
    // The multiple receive writes `count` registers (each slot's message or error).
    let short = with_function(
        vec![
            Instruction::WorkerReceiveAll {
                dst: Reg(2),
                group: Reg(0),
                to: 0,
                count: 2,
            },
            Instruction::WorkerPeer { from: 1, slot: 0 },
            Instruction::WorkerPeer { from: 2, slot: 0 },
            Instruction::ReturnNil,
        ],
        3,
    );
    let errors = verify(&short).unwrap_err();
    assert!(errors.iter().any(|e| e.contains("window")), "{errors:?}");
    let missing = with_function(
        vec![
            Instruction::WorkerReceiveAny {
                dst: Reg(1),
                group: Reg(0),
                to: 0,
                count: 2,
            },
            Instruction::WorkerPeer { from: 1, slot: 0 },
            Instruction::ReturnNil,
        ],
        2,
    );
    let errors = verify(&missing).unwrap_err();
    assert!(errors.iter().any(|e| e.contains("peers")), "{errors:?}");
}
