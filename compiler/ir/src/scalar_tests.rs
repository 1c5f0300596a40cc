//! Unit tests for the scalar-frame analysis (`scalar.rs`) and its check in the verifier.

use crate::*;

/// A program with one function `f(param)` returning int, built by `body`.
fn program_with(
    param: impl FnOnce(&mut ProgramBuilder) -> TypeId,
    body: impl FnOnce(&mut FunctionBuilder, FuncId),
) -> Program {
    let mut builder = ProgramBuilder::new();
    let file = builder.add_file("f.int");
    let param = param(&mut builder);
    let int = builder.add_anonymous_type(TypeKind::Int);
    let signature = builder.add_anonymous_type(TypeKind::Function {
        params: vec![param],
        rest: None,
        ret: int,
        isolated: false,
        transactional: false,
    });
    let id = builder.reserve_function("f");
    let mut f = FunctionBuilder::new("f", 1, 0);
    f.function_mut().file = file;
    f.function_mut().signature = Some(signature);
    body(&mut f, id);
    builder.define_function(id, f.finish());
    builder.finish()
}

fn int(builder: &mut ProgramBuilder) -> TypeId {
    builder.add_anonymous_type(TypeKind::Int)
}

/// `f(n) = n < 2 ? n : f(n - 1) + f(n - 2)`.
fn fib(f: &mut FunctionBuilder, id: FuncId) {
    let a = f.register().unwrap();
    let b = f.register().unwrap();
    let branch = f.emit(Instruction::JumpIfCmpIntImm {
        cmp: Cmp::Ge,
        a: Reg(0),
        imm: 2,
        target: 0,
    });
    f.emit(Instruction::Return { value: Reg(0) });
    let recurse = f.here();
    assert!(f.patch(branch, recurse));
    for (dst, imm) in [(a, -1), (b, -2)] {
        f.emit(Instruction::AddIntImm {
            dst,
            a: Reg(0),
            imm,
        });
        f.emit(Instruction::Call {
            dst,
            func: id,
            args: RegRange {
                start: dst.0,
                count: 1,
            },
        });
    }
    f.emit(Instruction::AddInt { dst: a, a, b });
    f.emit(Instruction::Return { value: a });
}

#[test]
fn int_recursion_is_scalar_and_verifies() {
    let mut program = program_with(int, fib);
    assert_eq!(scalar_frames(&program), vec![true]);
    mark_scalar_frames(&mut program);
    assert!(program.functions[0].scalar_frame);
    assert_eq!(verify(&program), Ok(()));
    assert!(program.to_string().contains(" scalar {"));
}

#[test]
fn a_boxed_parameter_is_not_scalar() {
    let program = program_with(|b| b.add_anonymous_type(TypeKind::String), fib);
    assert_eq!(scalar_frames(&program), vec![false]);
}

#[test]
fn an_optional_int_parameter_is_scalar() {
    let optional_int = |b: &mut ProgramBuilder| {
        let members = vec![int(b), b.add_anonymous_type(TypeKind::Nil)];
        b.add_anonymous_type(TypeKind::Union(members))
    };
    let program = program_with(optional_int, |f, _| {
        f.emit(Instruction::Return { value: Reg(0) });
    });
    assert_eq!(scalar_frames(&program), vec![true]);
}

#[test]
fn a_register_read_before_written_on_one_path_is_not_scalar() {
    let program = program_with(int, |f, _| {
        let r = f.register().unwrap();
        let branch = f.emit(Instruction::JumpIfCmpIntImm {
            cmp: Cmp::Ge,
            a: Reg(0),
            imm: 2,
            target: 0,
        });
        f.emit(Instruction::LoadInt { dst: r, value: 1 });
        let join = f.here();
        assert!(f.patch(branch, join));
        f.emit(Instruction::Return { value: r });
    });
    assert_eq!(scalar_frames(&program), vec![false]);
}

#[test]
fn a_register_written_on_every_path_is_scalar() {
    let program = program_with(int, |f, _| {
        let r = f.register().unwrap();
        f.emit(Instruction::LoadInt { dst: r, value: 0 });
        let branch = f.emit(Instruction::JumpIfCmpIntImm {
            cmp: Cmp::Ge,
            a: Reg(0),
            imm: 2,
            target: 0,
        });
        f.emit(Instruction::LoadInt { dst: r, value: 1 });
        let join = f.here();
        assert!(f.patch(branch, join));
        f.emit(Instruction::Return { value: r });
    });
    assert_eq!(scalar_frames(&program), vec![true]);
}

#[test]
fn other_instructions_and_wrong_flags_are_rejected() {
    let mut program = program_with(int, |f, _| {
        let r = f.register().unwrap();
        f.emit(Instruction::LoadConst {
            dst: r,
            constant: ConstId(0),
        });
        f.emit(Instruction::Return { value: Reg(0) });
    });
    program.constants.push(Constant::String("s".into()));
    assert_eq!(scalar_frames(&program), vec![false]);
    program.functions[0].scalar_frame = true;
    let errors = verify(&program).unwrap_err();
    assert!(
        errors.iter().any(|e| e.contains("marked scalar")),
        "{errors:?}"
    );
}

#[test]
fn a_caller_of_a_non_scalar_function_is_not_scalar() {
    let mut program = program_with(int, fib);
    // A second function, identical but reading an unwritten register, called by `f`.
    let mut g = program.functions[0].clone();
    g.code.insert(
        0,
        Instruction::Move {
            dst: Reg(0),
            src: Reg(2),
        },
    );
    g.lines.insert(0, 0);
    for instruction in &mut g.code {
        if let Some(target) = instruction.target_mut() {
            *target += 1;
        }
    }
    program.functions.push(g);
    if let Instruction::Call { func, .. } = &mut program.functions[0].code[3] {
        *func = FuncId(1);
    }
    assert_eq!(scalar_frames(&program), vec![false, false]);
}
