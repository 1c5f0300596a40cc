//! Execution tests: lowered programs run on the interpreter and produce the expected values.

use super::kit::*;
use intc_ir::Program;
use intc_runtime::{NativeRegistry, Runtime, Value};
use intc_sema::TypeArena;
use intc_syntax::ast::{self, BinaryOp, ExprKind, StmtKind};

fn run(program: Program, name: &str, args: &[Value]) -> Result<Value, Value> {
    let Some(index) = program.functions.iter().position(|f| f.name == name) else {
        panic!("no function {name}");
    };
    let mut runtime = match Runtime::new(program, &NativeRegistry::new()) {
        Ok(runtime) => runtime,
        Err(problem) => panic!("program does not load: {problem:?}"),
    };
    runtime.call(intc_ir::FuncId(index as u32), args)
}

fn int_of(result: Result<Value, Value>) -> i64 {
    match result {
        Ok(Value::Int(value)) => value,
        other => panic!("expected an int, got {other:?}"),
    }
}

/// `function sum(int lo, int hi) returns int { int s = 0; foreach int i in lo <op> hi { s += i; }
/// return s; }`, or `s += 1` when `count_only` (to count iterations near the int limits).
fn range_sum_program(op: BinaryOp, count_only: bool) -> Program {
    let mut kit = Kit::new();
    let (plo, tlo) = kit.param("lo", TypeArena::INT);
    let (phi, thi) = kit.param("hi", TypeArena::INT);
    let (lo_id, hi_id) = (plo.id, phi.id);
    let zero = kit.int(0);
    let (decl_s, s) = kit.var_decl("s", TypeArena::INT, zero);
    let lo = kit.local("lo", lo_id, TypeArena::INT);
    let hi = kit.local("hi", hi_id, TypeArena::INT);
    let range = kit.binary(op, lo, hi, TypeArena::INT_RANGE);
    let i = kit.id();
    let target = kit.local("s", s, TypeArena::INT);
    let value = if count_only {
        kit.int(1)
    } else {
        kit.local("i", i, TypeArena::INT)
    };
    let body = block(vec![stmt(StmtKind::CompoundAssign {
        op: BinaryOp::Add,
        target,
        value,
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
    let result = kit.local("s", s, TypeArena::INT);
    let ret = stmt(StmtKind::Return(Some(result)));
    kit.function(
        "sum",
        vec![(plo, tlo), (phi, thi)],
        TypeArena::INT,
        vec![decl_s, foreach, ret],
    );
    kit.lower()
}

#[test]
fn exclusive_and_inclusive_range_loops_sum_correctly() {
    let exclusive = range_sum_program(BinaryOp::RangeExclusive, false);
    assert_eq!(
        int_of(run(exclusive, "sum", &[Value::Int(0), Value::Int(10)])),
        45
    );
    let inclusive = range_sum_program(BinaryOp::RangeInclusive, false);
    assert_eq!(
        int_of(run(inclusive, "sum", &[Value::Int(1), Value::Int(10)])),
        55
    );
    let empty = range_sum_program(BinaryOp::RangeExclusive, false);
    assert_eq!(
        int_of(run(empty, "sum", &[Value::Int(5), Value::Int(5)])),
        0
    );
}

#[test]
fn inclusive_range_ending_at_int_max_does_not_overflow() {
    let program = range_sum_program(BinaryOp::RangeInclusive, true);
    let result = run(
        program,
        "sum",
        &[Value::Int(i64::MAX - 2), Value::Int(i64::MAX)],
    );
    assert_eq!(int_of(result), 3);
}

#[test]
fn recursive_fibonacci_computes() {
    let mut kit = Kit::new();
    let (pn, tn) = kit.param("n", TypeArena::INT);
    let n = pn.id;
    // Reserve fib's id: it is the next function (0 is println).
    let fib = intc_sema::FunctionId(kit.checked.functions.len() as u32);
    let read = kit.local("n", n, TypeArena::INT);
    let two = kit.int(2);
    let cond = kit.binary(BinaryOp::Lt, read, two, TypeArena::BOOLEAN);
    let early = kit.local("n", n, TypeArena::INT);
    let n1 = kit.local("n", n, TypeArena::INT);
    let one = kit.int(1);
    let arg1 = kit.binary(BinaryOp::Sub, n1, one, TypeArena::INT);
    let call1 = kit.call_fn(fib, vec![arg1], TypeArena::INT);
    let n2 = kit.local("n", n, TypeArena::INT);
    let two = kit.int(2);
    let arg2 = kit.binary(BinaryOp::Sub, n2, two, TypeArena::INT);
    let call2 = kit.call_fn(fib, vec![arg2], TypeArena::INT);
    let sum = kit.binary(BinaryOp::Add, call1, call2, TypeArena::INT);
    let body = vec![
        stmt(StmtKind::If {
            cond,
            then: block(vec![stmt(StmtKind::Return(Some(early)))]),
            otherwise: None,
        }),
        stmt(StmtKind::Return(Some(sum))),
    ];
    let id = kit.function("fib", vec![(pn, tn)], TypeArena::INT, body);
    assert_eq!(id, fib);
    let program = kit.lower();
    assert_eq!(int_of(run(program, "fib", &[Value::Int(15)])), 610);
}

#[test]
fn closures_share_mutations_of_captured_locals() {
    let mut kit = Kit::new();
    let zero = kit.int(0);
    let (decl_x, x) = kit.var_decl("x", TypeArena::INT, zero);
    kit.checked.captured.insert(Kit::key(x));
    let read = kit.local("x", x, TypeArena::INT);
    let one = kit.int(1);
    let sum = kit.binary(BinaryOp::Add, read, one, TypeArena::INT);
    let target = kit.local("x", x, TypeArena::INT);
    let thunk = kit.thunk_type(TypeArena::NIL);
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
        thunk,
    );
    kit.checked
        .captures
        .insert(Kit::key(lambda.id), vec![Kit::key(x)]);
    let (decl_f, f) = kit.var_decl("inc", thunk, lambda);
    let f1 = kit.local("inc", f, thunk);
    let call1 = kit.call_value(f1, TypeArena::NIL);
    let f2 = kit.local("inc", f, thunk);
    let call2 = kit.call_value(f2, TypeArena::NIL);
    // x = x * 10 in the enclosing function, then one more call: (2 * 10) + 1.
    let read = kit.local("x", x, TypeArena::INT);
    let ten = kit.int(10);
    let times = kit.binary(BinaryOp::Mul, read, ten, TypeArena::INT);
    let target = kit.local("x", x, TypeArena::INT);
    let f3 = kit.local("inc", f, thunk);
    let call3 = kit.call_value(f3, TypeArena::NIL);
    let result = kit.local("x", x, TypeArena::INT);
    let body = vec![
        decl_x,
        decl_f,
        stmt(StmtKind::Expr(call1)),
        stmt(StmtKind::Expr(call2)),
        stmt(StmtKind::Assign {
            target,
            value: times,
        }),
        stmt(StmtKind::Expr(call3)),
        stmt(StmtKind::Return(Some(result))),
    ];
    kit.function("counter", Vec::new(), TypeArena::INT, body);
    let program = kit.lower();
    assert_eq!(int_of(run(program, "counter", &[])), 21);
}

#[test]
fn string_appends_accumulate() {
    let mut kit = Kit::new();
    let empty = kit.string("");
    let (decl_s, s) = kit.var_decl("s", TypeArena::STRING, empty);
    let lo = kit.int(0);
    let hi = kit.int(4);
    let range = kit.binary(BinaryOp::RangeExclusive, lo, hi, TypeArena::INT_RANGE);
    let i = kit.id();
    let target = kit.local("s", s, TypeArena::STRING);
    let piece = kit.string("ab");
    let foreach = stmt(StmtKind::Foreach {
        ty: None,
        binding: ast::BindingPattern {
            id: i,
            kind: ast::BindingPatternKind::Capture(ident("i")),
            span: span(),
        },
        iterable: range,
        body: block(vec![stmt(StmtKind::CompoundAssign {
            op: BinaryOp::Add,
            target,
            value: piece,
        })]),
        on_fail: None,
    });
    let result = kit.local("s", s, TypeArena::STRING);
    let body = vec![decl_s, foreach, stmt(StmtKind::Return(Some(result)))];
    kit.function("build", Vec::new(), TypeArena::STRING, body);
    let program = kit.lower();
    match run(program, "build", &[]) {
        Ok(Value::String(text)) => assert_eq!(text.as_str(), "abababab"),
        other => panic!("expected a string, got {other:?}"),
    }
}

#[test]
fn spreading_a_list_into_a_native_rest_parameter_flattens_at_run_time() {
    use intc_sema::{ArgMatching, CallInfo, CallTarget, RestSource};
    let mut kit = Kit::new();
    let ints = kit.checked.types.array_of(TypeArena::INT);
    let members: Vec<ast::ListItem> = (1..=4).map(|n| ast::ListItem::Expr(kit.int(n))).collect();
    let list = kit.expr(ExprKind::List(members), ints);
    kit.checked.operand_types.insert(Kit::key(list.id), ints);
    let (decl, xs) = kit.var_decl("xs", ints, list);
    let read = kit.local("xs", xs, ints);
    let callee = kit.expr(
        ExprKind::Var {
            module: Some(ident("int")),
            name: ident("sum"),
        },
        TypeArena::ANY_FUNCTION,
    );
    let call = kit.expr(
        ExprKind::Call {
            callee: Box::new(callee),
            args: vec![ast::Arg::Rest(read)],
        },
        TypeArena::INT,
    );
    kit.checked.calls.insert(
        Kit::key(call.id),
        CallInfo {
            target: CallTarget::LangLib {
                native: intc_sema::LangNative::IntSum,
            },
            args: ArgMatching {
                params: Vec::new(),
                rest: vec![RestSource::Spread(0)],
                spread_positional: None,
            },
            ty: TypeArena::INT,
        },
    );
    let body = vec![decl, stmt(StmtKind::Return(Some(call)))];
    kit.function("total", Vec::new(), TypeArena::INT, body);
    let program = kit.lower();
    let Some(index) = program.functions.iter().position(|f| f.name == "total") else {
        panic!("no function total");
    };
    let registry = NativeRegistry::new();
    let mut runtime = match Runtime::new(program, &registry) {
        Ok(runtime) => runtime,
        Err(problem) => panic!("program does not load: {problem:?}"),
    };
    let result = runtime.call(intc_ir::FuncId(index as u32), &[]);
    assert_eq!(int_of(result), 10);
}

/// `function pick() returns int { match [a, b] { [var x, 1] | [1, var x] => { return x; }
/// _ => { return -1; } } }` with the body's `x` resolving to the second alternative's `x`.
fn alternatives_program(a: i64, b: i64) -> Program {
    let mut kit = Kit::new();
    let any_list = kit.checked.types.array_of(TypeArena::ANY);
    let members = vec![
        ast::ListItem::Expr(kit.int(a)),
        ast::ListItem::Expr(kit.int(b)),
    ];
    let subject = kit.expr(ExprKind::List(members), any_list);
    kit.checked
        .operand_types
        .insert(Kit::key(subject.id), any_list);
    let capture = |kit: &mut Kit| {
        let id = kit.id();
        kit.checked.local_types.insert(Kit::key(id), TypeArena::ANY);
        let pattern = ast::MatchPattern {
            kind: ast::MatchPatternKind::Var(ast::BindingPattern {
                id,
                kind: ast::BindingPatternKind::Capture(ident("x")),
                span: span(),
            }),
            span: span(),
        };
        (pattern, id)
    };
    let one = |kit: &mut Kit| ast::MatchPattern {
        kind: ast::MatchPatternKind::Const(kit.int(1)),
        span: span(),
    };
    let (x_first, first_id) = capture(&mut kit);
    let one_first = one(&mut kit);
    let one_second = one(&mut kit);
    let (x_second, second_id) = capture(&mut kit);
    // The checker's record that both alternatives declare one variable `x`.
    kit.checked
        .shared_pattern_variables
        .insert(Kit::key(second_id), Kit::key(first_id));
    let list = |items| ast::MatchPattern {
        kind: ast::MatchPatternKind::List { items, rest: None },
        span: span(),
    };
    let read_x = kit.local("x", second_id, TypeArena::ANY);
    let cast = kit.expr(
        ExprKind::Cast {
            ty: ast::TypeDesc {
                kind: ast::TypeDescKind::Builtin(ast::BuiltinType::Int),
                span: span(),
            },
            expr: Box::new(read_x),
        },
        TypeArena::INT,
    );
    kit.checked
        .operand_types
        .insert(Kit::key(cast.id), TypeArena::INT);
    let minus_one = kit.int(-1);
    let clauses = vec![
        ast::MatchClause {
            patterns: vec![
                list(vec![x_first, one_first]),
                list(vec![one_second, x_second]),
            ],
            guard: None,
            body: block(vec![stmt(StmtKind::Return(Some(cast)))]),
            span: span(),
        },
        ast::MatchClause {
            patterns: vec![ast::MatchPattern {
                kind: ast::MatchPatternKind::Wildcard,
                span: span(),
            }],
            guard: None,
            body: block(vec![stmt(StmtKind::Return(Some(minus_one)))]),
            span: span(),
        },
    ];
    let body = vec![stmt(StmtKind::Match {
        expr: subject,
        clauses,
        on_fail: None,
    })];
    kit.function("pick", Vec::new(), TypeArena::INT, body);
    kit.lower()
}

#[test]
fn match_alternatives_share_their_variables() {
    assert_eq!(int_of(run(alternatives_program(5, 1), "pick", &[])), 5);
    assert_eq!(int_of(run(alternatives_program(1, 7), "pick", &[])), 7);
    assert_eq!(int_of(run(alternatives_program(2, 2), "pick", &[])), -1);
}

/// `function sum(int lo, int hi) returns int { int s = 0; int i = lo; while i < hi { s += i;
/// i += 1; } return s; }`, with `hi` replaced by the literal `bound` when given.
fn while_sum_program(bound: Option<i64>) -> Program {
    let mut kit = Kit::new();
    let (plo, tlo) = kit.param("lo", TypeArena::INT);
    let (phi, thi) = kit.param("hi", TypeArena::INT);
    let (lo_id, hi_id) = (plo.id, phi.id);
    let zero = kit.int(0);
    let (decl_s, s) = kit.var_decl("s", TypeArena::INT, zero);
    let lo = kit.local("lo", lo_id, TypeArena::INT);
    let (decl_i, i) = kit.var_decl("i", TypeArena::INT, lo);
    let i_test = kit.local("i", i, TypeArena::INT);
    let limit = match bound {
        Some(value) => kit.int(value),
        None => kit.local("hi", hi_id, TypeArena::INT),
    };
    let cond = kit.binary(BinaryOp::Lt, i_test, limit, TypeArena::BOOLEAN);
    let s_target = kit.local("s", s, TypeArena::INT);
    let i_value = kit.local("i", i, TypeArena::INT);
    let i_target = kit.local("i", i, TypeArena::INT);
    let one = kit.int(1);
    let body = block(vec![
        stmt(StmtKind::CompoundAssign {
            op: BinaryOp::Add,
            target: s_target,
            value: i_value,
        }),
        stmt(StmtKind::CompoundAssign {
            op: BinaryOp::Add,
            target: i_target,
            value: one,
        }),
    ]);
    let result = kit.local("s", s, TypeArena::INT);
    let body = vec![
        decl_s,
        decl_i,
        stmt(StmtKind::While {
            cond,
            body,
            on_fail: None,
        }),
        stmt(StmtKind::Return(Some(result))),
    ];
    kit.function("sum", vec![(plo, tlo), (phi, thi)], TypeArena::INT, body);
    kit.lower()
}

#[test]
fn while_loops_with_a_fused_step_sum_correctly() {
    let by_register = while_sum_program(None);
    let code = code_of(&by_register, "sum");
    assert!(code
        .iter()
        .any(|i| matches!(i, intc_ir::Instruction::IncJumpIfCmpInt { step: 1, .. })));
    assert_eq!(
        int_of(run(by_register, "sum", &[Value::Int(0), Value::Int(10)])),
        45
    );
    let by_immediate = while_sum_program(Some(10));
    let code = code_of(&by_immediate, "sum");
    assert!(code.iter().any(|i| matches!(
        i,
        intc_ir::Instruction::IncJumpIfCmpIntImm {
            step: 1,
            limit: 10,
            ..
        }
    )));
    assert_eq!(
        int_of(run(by_immediate, "sum", &[Value::Int(3), Value::Int(0)])),
        42
    );
    // Not entered at all.
    let skipped = while_sum_program(Some(10));
    assert_eq!(
        int_of(run(skipped, "sum", &[Value::Int(20), Value::Int(0)])),
        0
    );
}
