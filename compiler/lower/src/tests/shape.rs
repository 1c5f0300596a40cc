//! IR-shape tests: the lowering picks the fast instructions and the right structure.

use super::kit::*;
use intc_ir::Instruction;
use intc_sema as sema;
use intc_syntax::ast::{self, BinaryOp, ExprKind, StmtKind};
use sema::{ArgMatching, ArgSource, CallInfo, CallTarget, ParamDefault, ParamKindInfo, TypeArena};

#[test]
fn range_foreach_becomes_a_register_loop_without_iterators() {
    let mut kit = Kit::new();
    let zero = kit.int(0);
    let (decl_s, s) = kit.var_decl("s", TypeArena::INT, zero);
    let lo = kit.int(0);
    let hi = kit.int(10);
    let range = kit.binary(BinaryOp::RangeExclusive, lo, hi, TypeArena::INT_RANGE);
    let i = kit.id();
    let target = kit.local("s", s, TypeArena::INT);
    let read_i = kit.local("i", i, TypeArena::INT);
    let body = block(vec![stmt(StmtKind::CompoundAssign {
        op: BinaryOp::Add,
        target,
        value: read_i,
    })]);
    let foreach = stmt(StmtKind::Foreach {
        ty: None,
        binding: ast::BindingPattern {
            id: i,
            kind: ast::BindingPatternKind::Capture(ident("i")),
            span: span(),
        },
        iterable: range,
        body,
        on_fail: None,
    });
    let read_s = kit.local("s", s, TypeArena::INT);
    let print = kit.println(vec![read_s]);
    kit.function(
        "main",
        Vec::new(),
        TypeArena::NIL,
        vec![decl_s, foreach, print],
    );
    let program = kit.lower();
    let code = code_of(&program, "main");
    assert!(!code.iter().any(|i| matches!(
        i,
        Instruction::IterNew { .. } | Instruction::IterRange { .. }
    )));
    assert!(code
        .iter()
        .any(|i| matches!(i, Instruction::JumpIfCmpInt { .. })));
    // The step and the bottom test are one instruction jumping back into the body.
    assert!(code.iter().any(|i| matches!(
        i,
        Instruction::IncJumpIfCmpInt {
            step: 1,
            cmp: intc_ir::Cmp::Lt,
            ..
        }
    )));
    assert!(!code.iter().any(|i| matches!(i, Instruction::Jump { .. })));
    assert!(code.iter().any(|i| matches!(i, Instruction::AddInt { .. })));
    assert!(code
        .iter()
        .any(|i| matches!(i, Instruction::CallNative { .. })));
    assert_eq!(
        program.natives,
        vec![intc_ir::NativeRef::Named("std.io:println".to_string())]
    );
    assert!(program.main.is_some());
}

#[test]
fn string_append_to_a_local_is_in_place_concat() {
    let mut kit = Kit::new();
    let empty = kit.string("");
    let (decl_s, s) = kit.var_decl("s", TypeArena::STRING, empty);
    let target = kit.local("s", s, TypeArena::STRING);
    let piece = kit.string("ab");
    let append = stmt(StmtKind::CompoundAssign {
        op: BinaryOp::Add,
        target,
        value: piece,
    });
    kit.function("main", Vec::new(), TypeArena::NIL, vec![decl_s, append]);
    let program = kit.lower();
    let code = code_of(&program, "main");
    assert!(code
        .iter()
        .any(|i| matches!(i, Instruction::Concat { dst, a, .. } if dst == a)));
}

#[test]
fn int_operands_use_typed_opcodes_and_conditions_fuse_into_branches() {
    let mut kit = Kit::new();
    let (pa, ta) = kit.param("a", TypeArena::INT);
    let (pb, tb) = kit.param("b", TypeArena::INT);
    let (a_id, b_id) = (pa.id, pb.id);
    let a = kit.local("a", a_id, TypeArena::INT);
    let b = kit.local("b", b_id, TypeArena::INT);
    let cond = kit.binary(BinaryOp::Lt, a, b, TypeArena::BOOLEAN);
    let a2 = kit.local("a", a_id, TypeArena::INT);
    let b2 = kit.local("b", b_id, TypeArena::INT);
    let product = kit.binary(BinaryOp::Mul, a2, b2, TypeArena::INT);
    let body = vec![
        stmt(StmtKind::If {
            cond,
            then: block(vec![stmt(StmtKind::Return(Some(product)))]),
            otherwise: None,
        }),
        stmt(StmtKind::Return(Some(kit.int(0)))),
    ];
    kit.function("f", vec![(pa, ta), (pb, tb)], TypeArena::INT, body);
    let program = kit.lower();
    let code = code_of(&program, "f");
    assert!(code.iter().any(|i| matches!(
        i,
        Instruction::JumpIfCmpInt {
            cmp: intc_ir::Cmp::Ge,
            ..
        }
    )));
    assert!(code.iter().any(|i| matches!(i, Instruction::MulInt { .. })));
    assert!(!code.iter().any(|i| matches!(i, Instruction::Binary { .. })));
    let function = program.functions.iter().find(|f| f.name == "f");
    assert_eq!(function.map(|f| f.num_params), Some(2));
}

#[test]
fn captured_locals_live_in_cells_shared_with_the_closure() {
    let mut kit = Kit::new();
    let one = kit.int(1);
    let (decl_x, x) = kit.var_decl("x", TypeArena::INT, one);
    kit.checked.captured.insert(Kit::key(x));
    // function () { x = x + 1; }
    let read = kit.local("x", x, TypeArena::INT);
    let one = kit.int(1);
    let sum = kit.binary(BinaryOp::Add, read, one, TypeArena::INT);
    let target = kit.local("x", x, TypeArena::INT);
    let lambda_type = kit
        .checked
        .types
        .add(sema::Type::Function(sema::FunctionType {
            params: Vec::new(),
            required: 0,
            rest: None,
            ret: TypeArena::NIL,
            is_isolated: false,
            is_transactional: false,
        }));
    let lambda = kit.expr(
        ExprKind::Lambda {
            annots: Vec::new(),
            qualifiers: ast::Qualifiers::default(),
            signature: Box::new(ast::FunctionSignature {
                return_annots: Vec::new(),
                params: Vec::new(),
                return_type: None,
                span: span(),
            }),
            body: Box::new(ast::FunctionBody::Block(block(vec![stmt(
                StmtKind::Assign { target, value: sum },
            )]))),
        },
        lambda_type,
    );
    kit.checked
        .captures
        .insert(Kit::key(lambda.id), vec![Kit::key(x)]);
    let (decl_f, _) = kit.var_decl("f", lambda_type, lambda);
    kit.function("main", Vec::new(), TypeArena::NIL, vec![decl_x, decl_f]);
    let program = kit.lower();
    let main = code_of(&program, "main");
    assert!(main
        .iter()
        .any(|i| matches!(i, Instruction::NewCell { .. })));
    assert!(main
        .iter()
        .any(|i| matches!(i, Instruction::MakeClosure { .. })));
    let closure = code_of(&program, "$lambda");
    assert!(closure
        .iter()
        .any(|i| matches!(i, Instruction::CellGet { .. })));
    assert!(closure
        .iter()
        .any(|i| matches!(i, Instruction::CellSet { .. })));
    let function = program.functions.iter().find(|f| f.name == "$lambda");
    assert_eq!(function.map(|f| f.num_captures), Some(1));
}

#[test]
fn check_returns_the_error_or_jumps_to_on_fail() {
    let mut kit = Kit::new();
    let (p, t) = kit.param("v", TypeArena::ANY_OR_ERROR);
    let v = p.id;
    let read = kit.local("v", v, TypeArena::ANY_OR_ERROR);
    let check = kit.expr(
        ExprKind::Check {
            expr: Box::new(read),
            panics: false,
        },
        TypeArena::ANY,
    );
    let read2 = kit.local("v", v, TypeArena::ANY_OR_ERROR);
    let check2 = kit.expr(
        ExprKind::Check {
            expr: Box::new(read2),
            panics: false,
        },
        TypeArena::ANY,
    );
    let printed = kit.println(vec![check2]);
    let on_fail_print = kit.string("failed");
    let on_fail_print = kit.println(vec![on_fail_print]);
    let body = vec![
        stmt(StmtKind::Expr(check)),
        stmt(StmtKind::Do {
            body: block(vec![printed]),
            on_fail: Some(ast::OnFail {
                ty: None,
                binding: None,
                body: block(vec![on_fail_print]),
                span: span(),
            }),
        }),
    ];
    kit.function("g", vec![(p, t)], TypeArena::ERROR_OR_NIL, body);
    let program = kit.lower();
    let code = code_of(&program, "g");
    let tests = code
        .iter()
        .filter(|i| matches!(i, Instruction::TypeTest { .. }))
        .count();
    assert_eq!(tests, 2);
    assert!(code.iter().any(|i| matches!(i, Instruction::Return { .. })));
    assert_eq!(
        code.iter()
            .filter(|i| matches!(i, Instruction::CallNative { .. }))
            .count(),
        2
    );
}

#[test]
fn unresolved_shapes_are_internal_compiler_errors_not_runtime_panics() {
    let mut kit = Kit::new();
    let unresolved = kit.expr(
        ExprKind::Var {
            module: None,
            name: ident("nowhere"),
        },
        TypeArena::INT,
    );
    let bad_call = kit.expr(
        ExprKind::Call {
            callee: Box::new(unresolved.clone()),
            args: vec![ast::Arg::Positional(unresolved)],
        },
        TypeArena::INT,
    );
    kit.function(
        "main",
        Vec::new(),
        TypeArena::NIL,
        vec![stmt(StmtKind::Expr(bad_call))],
    );
    let Err(problems) = kit.try_lower() else {
        panic!("an unresolved call lowered to a program");
    };
    assert_eq!(
        problems,
        vec!["lowering does not support a call the checker did not resolve (in test.int, line 1)"]
    );
}

#[test]
fn recursive_types_close_through_the_type_table() {
    let mut kit = Kit::new();
    // type Node record { int value; Node[] children; };
    let node = kit.checked.types.add_named("Node", sema::Type::Never);
    let children = kit.checked.types.array_of(node);
    kit.checked.types.set(
        node,
        sema::Type::Record(sema::RecordType {
            fields: vec![
                sema::RecordField {
                    name: "value".into(),
                    ty: TypeArena::INT,
                    optional: false,
                    readonly: false,
                    default: None,
                },
                sema::RecordField {
                    name: "children".into(),
                    ty: children,
                    optional: false,
                    readonly: false,
                    default: None,
                },
            ],
            rest: None,
        }),
    );
    let (param, ty) = kit.param("n", node);
    kit.function("main", vec![(param, ty)], TypeArena::NIL, Vec::new());
    let program = kit.lower();
    let node_type = program
        .types
        .iter()
        .position(|t| t.name.as_deref() == Some("Node"));
    let Some(node_index) = node_type else {
        panic!("Node type missing");
    };
    let intc_ir::TypeKind::Record { fields, .. } = &program.types[node_index].kind else {
        panic!("Node is not a record");
    };
    let intc_ir::TypeKind::Array { element, .. } = &program.types[fields[1].ty.index()].kind else {
        panic!("children is not an array");
    };
    assert_eq!(element.index(), node_index);
}

#[test]
fn omitted_defaults_are_evaluated_by_the_callee_with_earlier_parameters_bound() {
    let mut kit = Kit::new();
    // function add(int a, int b = a * 2) returns int => a + b;  add(5)
    let (pa, ta) = kit.param("a", TypeArena::INT);
    let (mut pb, tb) = kit.param("b", TypeArena::INT);
    let a_ref = kit.local("a", pa.id, TypeArena::INT);
    let two = kit.int(2);
    let default = kit.binary(BinaryOp::Mul, a_ref, two, TypeArena::INT);
    let default_key = Kit::key(default.id);
    kit.checked
        .deferred_exprs
        .insert(default_key, default.clone());
    pb.default = Some(default);
    pb.kind = ast::ParamKind::Defaultable;
    let a_decl = pa.id;
    let b_decl = pb.id;
    let a_use = kit.local("a", a_decl, TypeArena::INT);
    let b_use = kit.local("b", b_decl, TypeArena::INT);
    let sum = kit.binary(BinaryOp::Add, a_use, b_use, TypeArena::INT);
    let add = kit.function(
        "add",
        vec![(pa, ta), (pb, tb)],
        TypeArena::INT,
        vec![stmt(StmtKind::Return(Some(sum)))],
    );
    kit.checked.functions[add.index()].params[1].kind = ParamKindInfo::Defaultable;
    kit.checked.functions[add.index()].params[1].default = ParamDefault::Expr(default_key);
    let callee = kit.expr(
        ExprKind::Var {
            module: None,
            name: ident("add"),
        },
        TypeArena::ANY_FUNCTION,
    );
    let five = kit.int(5);
    let call = kit.expr(
        ExprKind::Call {
            callee: Box::new(callee),
            args: vec![ast::Arg::Positional(five)],
        },
        TypeArena::INT,
    );
    kit.checked.calls.insert(
        Kit::key(call.id),
        CallInfo {
            target: CallTarget::Function(add),
            args: ArgMatching {
                params: vec![ArgSource::Arg(0), ArgSource::Default],
                rest: Vec::new(),
                spread_positional: None,
            },
            ty: TypeArena::INT,
        },
    );
    let print = kit.println(vec![call]);
    kit.function("main", Vec::new(), TypeArena::NIL, vec![print]);
    let program = kit.lower();
    let main = code_of(&program, "main");
    let call = main.iter().find_map(|i| match i {
        Instruction::Call { args, .. } => Some(*args),
        _ => None,
    });
    let Some(args) = call else {
        panic!("no direct call in main");
    };
    // The trailing default is left out: `add` evaluates it itself.
    assert_eq!(args.count, 1);
    let add_code = code_of(&program, "add");
    let given = add_code.iter().enumerate().find_map(|(at, i)| match i {
        Instruction::JumpIfArgGiven { index: 1, target } => Some((at, *target as usize)),
        _ => None,
    });
    let Some((given, target)) = given else {
        panic!("no JumpIfArgGiven for `b` in add's prologue");
    };
    // The default `a * 2` reads the first parameter (multiplying by an immediate) and is
    // skipped when the caller supplied `b`.
    assert!(add_code[given..target].iter().any(|i| matches!(
        i,
        Instruction::MulIntImm { a, imm: 2, .. } if a.0 == 0
    )));
}

#[test]
fn constructors_initialising_readonly_variables_are_frozen_deeply() {
    let mut kit = Kit::new();
    let ints = kit.checked.types.array_of(TypeArena::INT);
    let nested = kit.checked.types.array_of(ints);
    let readonly_nested = kit.checked.types.add(sema::Type::ReadonlyOf(nested));
    let one = kit.int(1);
    let inner = kit.expr(ExprKind::List(vec![ast::ListItem::Expr(one)]), ints);
    kit.checked.operand_types.insert(Kit::key(inner.id), ints);
    let outer = kit.expr(ExprKind::List(vec![ast::ListItem::Expr(inner)]), nested);
    kit.checked.operand_types.insert(Kit::key(outer.id), nested);
    let (decl, _) = kit.var_decl("frozen", readonly_nested, outer);
    let two = kit.int(2);
    let mutable = kit.expr(ExprKind::List(vec![ast::ListItem::Expr(two)]), ints);
    kit.checked.operand_types.insert(Kit::key(mutable.id), ints);
    let (decl_mutable, _) = kit.var_decl("mutable", ints, mutable);
    kit.function("main", Vec::new(), TypeArena::NIL, vec![decl, decl_mutable]);
    let program = kit.lower();
    let code = code_of(&program, "main");
    let freezes = code
        .iter()
        .filter(|i| matches!(i, Instruction::Freeze { .. }))
        .count();
    let lists = code
        .iter()
        .filter(|i| matches!(i, Instruction::NewList { .. }))
        .count();
    assert_eq!(lists, 3);
    assert_eq!(freezes, 2);
}

#[test]
fn jumps_past_a_final_return_land_on_an_instruction() {
    let mut kit = Kit::new();
    let (p, t) = kit.param("flag", TypeArena::BOOLEAN);
    let flag = kit.local("flag", p.id, TypeArena::BOOLEAN);
    let one = kit.int(1);
    let two = kit.int(2);
    let body = vec![stmt(StmtKind::If {
        cond: flag,
        then: block(vec![stmt(StmtKind::Return(Some(one)))]),
        otherwise: Some(ast::ElseBranch::Block(block(vec![stmt(StmtKind::Return(
            Some(two),
        ))]))),
    })];
    kit.function("pick", vec![(p, t)], TypeArena::INT, body);
    // `lower` verifies the program: every jump target is inside the code.
    let program = kit.lower();
    assert!(!code_of(&program, "pick").is_empty());
}

#[test]
fn constructors_returned_as_readonly_values_are_frozen() {
    let mut kit = Kit::new();
    let ints = kit.checked.types.array_of(TypeArena::INT);
    let readonly_ints = kit.checked.types.add(sema::Type::ReadonlyOf(ints));
    let one = kit.int(1);
    let list = kit.expr(ExprKind::List(vec![ast::ListItem::Expr(one)]), ints);
    kit.checked.operand_types.insert(Kit::key(list.id), ints);
    let body = vec![stmt(StmtKind::Return(Some(list)))];
    kit.function("frozen", Vec::new(), readonly_ints, body);
    let two = kit.int(2);
    let list = kit.expr(ExprKind::List(vec![ast::ListItem::Expr(two)]), ints);
    kit.checked.operand_types.insert(Kit::key(list.id), ints);
    let body = vec![stmt(StmtKind::Return(Some(list)))];
    kit.function("mutable", Vec::new(), ints, body);
    let program = kit.lower();
    let freezes = |name: &str| {
        code_of(&program, name)
            .iter()
            .filter(|i| matches!(i, Instruction::Freeze { .. }))
            .count()
    };
    assert_eq!(freezes("frozen"), 1);
    assert_eq!(freezes("mutable"), 0);
}

#[test]
fn while_loops_test_at_the_bottom_with_immediate_operands() {
    let mut kit = Kit::new();
    let (pa, ta) = kit.param("a", TypeArena::INT);
    let a_id = pa.id;
    let a = kit.local("a", a_id, TypeArena::INT);
    let hundred = kit.int(100);
    let cond = kit.binary(BinaryOp::Lt, a, hundred, TypeArena::BOOLEAN);
    let a2 = kit.local("a", a_id, TypeArena::INT);
    let three = kit.int(3);
    let product = kit.binary(BinaryOp::Mul, a2, three, TypeArena::INT);
    let a3 = kit.local("a", a_id, TypeArena::INT);
    let zero = kit.int(0);
    let by_zero = kit.binary(BinaryOp::Rem, a3, zero, TypeArena::INT);
    let body = vec![
        stmt(StmtKind::While {
            cond,
            body: block(vec![stmt(StmtKind::Return(Some(product)))]),
            on_fail: None,
        }),
        stmt(StmtKind::Return(Some(by_zero))),
    ];
    kit.function("f", vec![(pa, ta)], TypeArena::INT, body);
    let program = kit.lower();
    let code = code_of(&program, "f");
    let tests: Vec<_> = code
        .iter()
        .filter_map(|i| match i {
            Instruction::JumpIfCmpIntImm { cmp, imm: 100, .. } => Some(*cmp),
            _ => None,
        })
        .collect();
    // Entry test (exit when `a >= 100`) and bottom test (repeat while `a < 100`).
    assert_eq!(tests, vec![intc_ir::Cmp::Ge, intc_ir::Cmp::Lt]);
    assert!(!code.iter().any(|i| matches!(i, Instruction::Jump { .. })));
    assert!(code
        .iter()
        .any(|i| matches!(i, Instruction::MulIntImm { imm: 3, .. })));
    // `% 0` keeps the general instruction so it panics with DivisionByZero.
    assert!(code.iter().any(|i| matches!(i, Instruction::RemInt { .. })));
    assert!(!code
        .iter()
        .any(|i| matches!(i, Instruction::RemIntImm { .. })));
}
