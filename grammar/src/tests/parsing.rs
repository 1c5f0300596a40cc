//! Parser tests: expression precedence, items, types and the non-LR(1) cases.

use super::{body, expr, parse_ok, sexp};
use crate::ast::*;

fn s(source: &str) -> String {
    sexp(&expr(source))
}

#[test]
fn arithmetic_precedence_and_associativity() {
    assert_eq!(s("1 + 2 * 3"), "(Add 1 (Mul 2 3))");
    assert_eq!(s("1 - 2 - 3"), "(Sub (Sub 1 2) 3)");
    assert_eq!(s("-a * b"), "(Mul (Neg a) b)");
    assert_eq!(s("a % b / c"), "(Div (Rem a b) c)");
}

#[test]
fn logical_bitwise_and_comparison_precedence() {
    assert_eq!(s("a || b && c"), "(Or a (And b c))");
    assert_eq!(s("a && b | c"), "(And a (BitOr b c))");
    assert_eq!(s("a | b ^ c & d"), "(BitOr a (BitXor b (BitAnd c d)))");
    assert_eq!(s("a & b == c"), "(BitAnd a (Eq b c))");
    assert_eq!(s("a == b < c"), "(Eq a (Lt b c))");
    assert_eq!(s("a !== b"), "(RefNe a b)");
    assert_eq!(s("a < b + 1"), "(Lt a (Add b 1))");
}

#[test]
fn shifts_are_built_from_single_greater_than_tokens() {
    assert_eq!(s("a >> 1 + 2"), "(Shr a (Add 1 2))");
    assert_eq!(s("a >>> b << c"), "(Shl (UShr a b) c)");
    assert_eq!(s("a > b"), "(Gt a b)");
    assert_eq!(s("a >= b"), "(Ge a b)");
}

#[test]
fn range_sits_between_shift_and_relational() {
    assert_eq!(s("0 ..< n + 1"), "(RangeExclusive 0 (Add n 1))");
    assert_eq!(s("1 ... 3"), "(RangeInclusive 1 3)");
}

#[test]
fn conditional_and_elvis_are_right_associative() {
    assert_eq!(s("a ? b : c ? d : e"), "(? a b (? c d e))");
    assert_eq!(s("a ?: b ?: c"), "(Elvis a (Elvis b c))");
    assert_eq!(s("a || b ? 1 : 2"), "(? (Or a b) 1 2)");
}

#[test]
fn trap_has_the_lowest_precedence() {
    assert_eq!(s("trap a / b"), "(trap (Div a b))");
    assert_eq!(s("trap a ? b : c"), "(trap (? a b c))");
    assert_eq!(s("(trap a) / b"), "(Div (trap a) b)");
}

#[test]
fn prefix_operators_bind_at_unary_level() {
    assert_eq!(s("check f() + 1"), "(Add (check (call f 0)) 1)");
    assert_eq!(s("checkpanic x"), "(checkpanic x)");
    assert_eq!(s("!a && b"), "(And (Not a) b)");
    assert_eq!(s("~a"), "(BitNot a)");
    assert_eq!(s("typeof a"), "(typeof a)");
    assert_eq!(s("<int>x + 1"), "(Add (cast x) 1)");
    assert_eq!(s("<map<int>>m"), "(cast m)");
}

#[test]
fn postfix_field_member_and_method_calls() {
    assert_eq!(s("a.b[1].c(2, 3)"), "(method ([] (. a b) 1) c 2)");
    assert_eq!(s("a?.b"), "(?. a b)");
    assert_eq!(s("xs.map(x => x * 2)"), "(method xs map 1)");
    assert_eq!(s("io:println(1)"), "(call io:println 1)");
    assert_eq!(s("int:MAX_VALUE"), "int:MAX_VALUE");
    assert_eq!(s("(a.f)(1)"), "(call (. a f) 1)");
}

#[test]
fn type_tests_take_whole_type_descriptors() {
    let e = expr("x is int|string");
    match e.kind {
        ExprKind::TypeTest {
            ty, negated: false, ..
        } => assert!(matches!(ty.kind, TypeDescKind::Union(ref m) if m.len() == 2)),
        other => panic!("{other:?}"),
    }
    assert_eq!(s("x !is error"), "(is! x T)");
    // `?` spaced after `is T` is the conditional operator; adjacent it makes the type optional.
    assert_eq!(s("x is int ? 1 : 2"), "(? (is x T) 1 2)");
    match expr("x is int?").kind {
        ExprKind::TypeTest { ty, .. } => assert!(matches!(ty.kind, TypeDescKind::Optional(_))),
        other => panic!("{other:?}"),
    }
    // A bitwise operator after the type is not part of it.
    assert_eq!(s("x is int && y"), "(And (is x T) y)");
}

#[test]
fn literals_templates_lists_and_mappings() {
    match expr("string `Hello ${name}!`").kind {
        ExprKind::Template(parts) => {
            assert_eq!(parts.len(), 3);
            assert!(matches!(&parts[0], TemplatePart::Text(t) if t == "Hello "));
            assert!(matches!(&parts[1], TemplatePart::Interpolation(_)));
        }
        other => panic!("{other:?}"),
    }
    match expr("[1, ...xs, 3]").kind {
        ExprKind::List(items) => assert!(matches!(items[1], ListItem::Spread(_))),
        other => panic!("{other:?}"),
    }
    match expr(r#"{a: 1, "b": 2, [k]: 3, c, ...m, d:e}"#).kind {
        ExprKind::Mapping(fields) => {
            assert_eq!(fields.len(), 6);
            assert!(matches!(
                &fields[3],
                MappingField::KeyValue { value: None, .. }
            ));
            assert!(matches!(
                &fields[5],
                MappingField::KeyValue { value: Some(_), .. }
            ));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(s("()"), "()");
    assert_eq!(s("null"), "()");
}

#[test]
fn constructors_new_and_functions() {
    assert!(
        matches!(expr(r#"error("m", code = 1)"#).kind, ExprKind::ErrorConstructor { ty: None, ref args } if args.len() == 2)
    );
    assert!(matches!(
        expr(r#"error MyErr("m")"#).kind,
        ExprKind::ErrorConstructor { ty: Some(_), .. }
    ));
    assert!(matches!(expr(r#"MyErr("m")"#).kind, ExprKind::Call { .. }));
    assert!(
        matches!(expr("new Person(1)").kind, ExprKind::New { class: Some(_), ref args } if args.len() == 1)
    );
    assert!(matches!(
        expr("new()").kind,
        ExprKind::New { class: None, .. }
    ));
    assert!(matches!(
        expr("new Person").kind,
        ExprKind::New { class: Some(_), .. }
    ));
    assert!(matches!(
        expr("function (int a) returns int { return a; }").kind,
        ExprKind::Lambda { ref body, .. } if matches!(**body, FunctionBody::Block(_))
    ));
    assert!(matches!(
        expr("isolated function (int a) returns int => a + 1").kind,
        ExprKind::Lambda {
            qualifiers: Qualifiers { isolated: true, .. },
            ..
        }
    ));
    assert!(
        matches!(expr("(a, b) => a + b").kind, ExprKind::Arrow { ref params, .. } if params.len() == 2)
    );
    assert!(matches!(expr("x => x").kind, ExprKind::Arrow { .. }));
    // A mapping constructor body, after a single parameter or a parenthesised list.
    for source in [
        "x => {v: x}",
        "(x) => {v: x}",
        "(a, b) => {a, b}",
        "() => {}",
    ] {
        assert!(
            matches!(expr(source).kind, ExprKind::Arrow { ref body, .. }
                if matches!(body.kind, ExprKind::Mapping(_))),
            "{source}"
        );
    }
    assert!(
        matches!(expr("object { int n = 1; function get() returns int { return self.n; } }").kind,
        ExprKind::ObjectConstructor { ref members, .. } if members.len() == 2)
    );
    match expr("let int a = 1, var b = 2 in a + b").kind {
        ExprKind::Let { decls, .. } => assert_eq!(decls.len(), 2),
        other => panic!("{other:?}"),
    }
}

#[test]
fn imports_in_every_form() {
    let module = parse_ok(
        "import ballerina/io;\nimport std/io as sio;\nimport ballerina/lang.array as arr;\nimport myproj.utils;\n",
    );
    assert_eq!(module.imports.len(), 4);
    assert_eq!(
        module.imports[0].org.as_ref().map(|o| o.name.as_str()),
        Some("ballerina")
    );
    assert_eq!(
        module.imports[2]
            .path
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
        ["lang", "array"]
    );
    assert_eq!(
        module.imports[2].prefix.as_ref().map(|p| p.name.as_str()),
        Some("arr")
    );
    assert!(module.imports[3].org.is_none());
}

#[test]
fn functions_params_bodies_and_docs() {
    let module = parse_ok(
        "# Adds.\n# Twice.\npublic isolated function add(int a, int b = 2, int... rest) returns int => a + b;\n\
         function ext() = external;\nfunction f() {}\n",
    );
    let Item::Function(add) = &module.items[0] else {
        panic!()
    };
    assert_eq!(add.doc, vec!["Adds.".to_string(), "Twice.".to_string()]);
    assert_eq!(add.visibility, Visibility::Public);
    assert!(add.qualifiers.isolated);
    let kinds: Vec<ParamKind> = add.signature.params.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        [ParamKind::Required, ParamKind::Defaultable, ParamKind::Rest]
    );
    assert!(matches!(add.body, FunctionBody::Expr(_)));
    assert!(
        matches!(&module.items[1], Item::Function(f) if matches!(f.body, FunctionBody::External(..)))
    );
    assert!(matches!(&module.items[2], Item::Function(f) if f.signature.return_type.is_none()));
}

fn type_of(source: &str) -> TypeDesc {
    let module = parse_ok(&format!("type T {source};"));
    match module.items.into_iter().next() {
        Some(Item::TypeDef(def)) => def.ty,
        other => panic!("{other:?}"),
    }
}

#[test]
fn type_descriptors() {
    assert!(matches!(type_of("int?").kind, TypeDescKind::Optional(_)));
    // Dimensions in member-access order: `int[][2]` is an open list of `int[2]`.
    assert!(
        matches!(type_of("int[][2]").kind, TypeDescKind::Array { length: ArrayLength::Open, ref element }
        if matches!(element.kind, TypeDescKind::Array { length: ArrayLength::Fixed(_), .. }))
    );
    // In parentheses an array type is the member type: `(int[])[2]` has 2 members.
    assert!(
        matches!(type_of("(int[])[2]").kind, TypeDescKind::Array { length: ArrayLength::Fixed(_), ref element }
        if matches!(element.kind, TypeDescKind::Array { length: ArrayLength::Open, .. }))
    );
    assert!(matches!(
        type_of("int[*]").kind,
        TypeDescKind::Array {
            length: ArrayLength::Inferred,
            ..
        }
    ));
    assert!(
        matches!(type_of("[int, string...]").kind, TypeDescKind::Tuple { ref members, rest: Some(_) } if members.len() == 1)
    );
    assert!(
        matches!(type_of("map<map<int>>").kind, TypeDescKind::Map(ref inner) if matches!(inner.kind, TypeDescKind::Map(_)))
    );
    assert!(matches!(type_of(r#""a"|"b"|-1"#).kind, TypeDescKind::Union(ref m) if m.len() == 3));
    assert!(matches!(type_of("error<D>").kind, TypeDescKind::Error(_)));
    assert!(matches!(
        type_of("distinct error").kind,
        TypeDescKind::Distinct(_)
    ));
    assert!(matches!(
        type_of("function (int) returns int").kind,
        TypeDescKind::Function(_)
    ));
    assert!(
        matches!(type_of("int[] & readonly").kind, TypeDescKind::Intersection(ref m) if m.len() == 2)
    );
    // A literal directly before `?` is an optional singleton type.
    assert!(
        matches!(type_of("1|2?").kind, TypeDescKind::Union(ref m) if matches!(m[1].kind, TypeDescKind::Optional(_)))
    );
    assert!(matches!(type_of(r#""a"?"#).kind, TypeDescKind::Optional(_)));
    assert!(matches!(
        type_of("isolated client object {}").kind,
        TypeDescKind::Object { ref qualifiers, .. } if qualifiers.isolated && qualifiers.client
    ));
    assert!(matches!(
        type_of("service object {}").kind,
        TypeDescKind::Object { ref qualifiers, .. } if qualifiers.service
    ));
    assert!(matches!(
        type_of("isolated function (int) returns int").kind,
        TypeDescKind::Isolated(ref inner) if matches!(inner.kind, TypeDescKind::Function(_))
    ));
    assert!(matches!(
        type_of("typedesc<int>").kind,
        TypeDescKind::Typedesc(_)
    ));
    assert!(matches!(
        type_of("(int|string)[]").kind,
        TypeDescKind::Array { .. }
    ));
    assert!(matches!(type_of("()").kind, TypeDescKind::Nil));
    assert!(matches!(
        type_of("io:Error").kind,
        TypeDescKind::Named {
            module: Some(_),
            ..
        }
    ));
    assert!(matches!(
        type_of("int:Signed32").kind,
        TypeDescKind::Named {
            module: Some(_),
            ..
        }
    ));
    assert!(
        matches!(type_of("object { int x; function f() returns int; }").kind,
        TypeDescKind::Object { ref members, .. } if members.len() == 2)
    );
}

#[test]
fn record_types() {
    let TypeDescKind::Record(open) =
        type_of("record { int a; string b?; int c = 5; readonly int d; *Base; }").kind
    else {
        panic!()
    };
    assert!(!open.closed);
    assert_eq!(open.fields.len(), 4);
    assert!(open.fields[1].optional);
    assert!(open.fields[2].default.is_some());
    assert!(open.fields[3].readonly);
    assert_eq!(open.inclusions.len(), 1);
    let TypeDescKind::Record(closed) = type_of("record {| int a; string...; |}").kind else {
        panic!()
    };
    assert!(closed.closed);
    assert!(closed.rest.is_some());
}

#[test]
fn const_enum_module_vars_and_classes() {
    let module = parse_ok(
        "const X = 1;\nconst int Y = -2;\npublic enum Color { RED, GREEN = \"g\" }\n\
         final int a = 1;\nconfigurable int port = 8080;\nconfigurable string name = ?;\nisolated int counter = 0;\n\
         int plain = 3;\nvar v = 4;\n\
         public isolated class Counter {\n  *Base;\n  private int n = 0;\n  final string label;\n  int count;\n\
           function init(string label) { self.label = label; }\n  public function get() returns int { return self.n; }\n}\n\
         readonly class Point { int x = 0; }\n",
    );
    let items = &module.items;
    assert!(matches!(&items[0], Item::Const(c) if c.ty.is_none()));
    assert!(matches!(&items[1], Item::Const(c) if c.ty.is_some()));
    assert!(
        matches!(&items[2], Item::Enum(e) if e.members.len() == 2 && e.members[1].value.is_some())
    );
    assert!(matches!(&items[3], Item::Var(v) if v.is_final));
    assert!(
        matches!(&items[4], Item::Var(v) if v.is_configurable && matches!(v.init, VarInit::Expr(_)))
    );
    assert!(matches!(&items[5], Item::Var(v) if matches!(v.init, VarInit::Required(_))));
    assert!(matches!(&items[6], Item::Var(v) if v.is_isolated));
    assert!(matches!(&items[7], Item::Var(v) if v.ty.is_some()));
    assert!(matches!(&items[8], Item::Var(v) if v.ty.is_none()));
    let Item::Class(class) = &items[9] else {
        panic!("{:?}", items[9])
    };
    assert!(class.qualifiers.isolated);
    assert_eq!(class.members.len(), 6);
    assert!(
        matches!(&class.members[1], ClassMember::Field(f) if f.visibility == Visibility::Private)
    );
    assert!(matches!(&class.members[2], ClassMember::Field(f) if f.is_final));
    assert!(matches!(&items[10], Item::Class(c) if c.qualifiers.readonly));
}

#[test]
fn statement_starts_type_versus_expression() {
    let stmts = body(
        "function f() { int[] a = []; a[0] = 1; foo:Bar x = y; foo:bar(); Person p = {}; p = q; \
         int? n = (); T? m = c ? 1 : 2; map<map<int>> mm = {}; () u = (); [int, string] t = [1, \"a\"]; \
         [int, int] [i, j] = t; [i, j] = t; error e = error(\"x\"); record {| int a; |} r = {a: 1}; \
         function (int) returns int g = h; int:Signed32 s = 1; _ = f(); x.y = 2; int z; }",
    );
    let kinds: Vec<&str> = stmts
        .iter()
        .map(|s| match &s.kind {
            StmtKind::VarDecl { .. } => "decl",
            StmtKind::Assign { .. } => "assign",
            StmtKind::DestructureAssign { .. } => "destructure",
            StmtKind::Expr(_) => "expr",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "decl",
            "assign",
            "decl",
            "expr",
            "decl",
            "assign",
            "decl",
            "decl",
            "decl",
            "decl",
            "decl",
            "decl",
            "destructure",
            "decl",
            "decl",
            "decl",
            "decl",
            "destructure",
            "assign",
            "decl"
        ]
    );
}

#[test]
fn node_ids_are_dense_and_unique() {
    let module = parse_ok("function f(int a) returns int { int b = a + 1; return b * 2; }");
    // param a, `a + 1` (3 expressions), binding b, `b * 2` (3 expressions)
    assert_eq!(module.node_count, 8);
    let debug = format!("{module:?}");
    let mut ids: Vec<u32> = debug
        .split("NodeId(")
        .skip(1)
        .filter_map(|rest| rest.split(')').next().and_then(|n| n.parse().ok()))
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, (0..module.node_count).collect::<Vec<_>>());
}

#[test]
fn import_paths_may_contain_keywords() {
    let module = parse_ok("import ballerina/lang.int as ints;\nimport ballerina/lang.'function;\n");
    assert_eq!(module.imports[0].path[1].name, "int");
    assert_eq!(module.imports[1].path[1].name, "function");
}
