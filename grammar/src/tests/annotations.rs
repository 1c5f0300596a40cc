//! Annotation syntax: declarations, attachments everywhere, `.@` access and raw templates.

use super::{body, parse_ok};
use crate::ast::*;
use intc_span::FileId;

#[test]
fn annotation_declarations() {
    let module = parse_ok(
        "public const annotation map<string> A on type, object function, source var;\n\
         annotation B;\n\
         annotation Config C on record field, service remote function;",
    );
    let decls: Vec<&AnnotationDecl> = module
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Annotation(decl) => Some(decl),
            _ => None,
        })
        .collect();
    assert_eq!(decls.len(), 3);
    assert!(decls[0].is_const && decls[0].visibility == Visibility::Public);
    let points: Vec<(bool, AttachPointKind)> = decls[0]
        .attach_points
        .iter()
        .map(|p| (p.source, p.kind))
        .collect();
    assert_eq!(
        points,
        [
            (false, AttachPointKind::Type),
            (false, AttachPointKind::ObjectFunction),
            (true, AttachPointKind::Var)
        ]
    );
    assert!(decls[1].ty.is_none() && decls[1].attach_points.is_empty());
    assert!(matches!(
        decls[2].ty.as_ref().map(|t| &t.kind),
        Some(TypeDescKind::Named { .. })
    ));
    assert_eq!(
        decls[2].attach_points[1].kind,
        AttachPointKind::ServiceRemoteFunction
    );
}

#[test]
fn invalid_attach_point_is_a_syntax_error() {
    let parsed = crate::parse(FileId(0), "annotation A on object banana;");
    assert_eq!(parsed.diagnostics.len(), 1);
    assert!(parsed.diagnostics[0]
        .message
        .contains("invalid annotation attach point 'object banana'"));
}

#[test]
fn attachments_on_functions_parameters_returns_and_bodies() {
    let module = parse_ok(
        "@a @m:b {x: 1}\n\
         function f(@p int x, @q {k: \"v\"} string... rest) returns @r int = @java:Method external;",
    );
    let Item::Function(def) = &module.items[0] else {
        panic!("{module:?}")
    };
    assert_eq!(def.annots.len(), 2);
    assert_eq!(
        def.annots[1].module.as_ref().map(|m| m.name.as_str()),
        Some("m")
    );
    assert!(matches!(
        def.annots[1].value.as_ref().map(|v| &v.kind),
        Some(ExprKind::Mapping(_))
    ));
    assert_eq!(def.signature.params[0].annots[0].name.name, "p");
    assert_eq!(def.signature.params[1].annots[0].name.name, "q");
    assert_eq!(def.signature.return_annots[0].name.name, "r");
    let FunctionBody::External(_, annots) = &def.body else {
        panic!("{def:?}")
    };
    assert_eq!(annots[0].name.name, "Method");
}

#[test]
fn attachments_on_types_fields_classes_and_variables() {
    let module = parse_ok(
        "@t type R record { @f string name; @g {} readonly int id; };\n\
         @c class C { @o int x = 1; @m function get() returns int => self.x; }\n\
         @v int counter = 0;\n\
         @k const K = 1;\n\
         @e enum E { A }",
    );
    let Item::TypeDef(def) = &module.items[0] else {
        panic!()
    };
    assert_eq!(def.annots[0].name.name, "t");
    let TypeDescKind::Record(record) = &def.ty.kind else {
        panic!()
    };
    assert_eq!(record.fields[0].annots[0].name.name, "f");
    assert!(record.fields[1].readonly);
    assert_eq!(record.fields[1].annots[0].name.name, "g");
    let Item::Class(class) = &module.items[1] else {
        panic!()
    };
    assert_eq!(class.annots[0].name.name, "c");
    let ClassMember::Field(field) = &class.members[0] else {
        panic!()
    };
    assert_eq!(field.annots[0].name.name, "o");
    let ClassMember::Method(method) = &class.members[1] else {
        panic!()
    };
    assert_eq!(method.annots[0].name.name, "m");
    let Item::Var(var) = &module.items[2] else {
        panic!()
    };
    assert_eq!(var.annots[0].name.name, "v");
    assert!(matches!(&module.items[3], Item::Const(c) if c.annots.len() == 1));
    assert!(matches!(&module.items[4], Item::Enum(e) if e.annots.len() == 1));
}

#[test]
fn local_variables_annotation_access_and_raw_templates() {
    let stmts = body(
        "function f() { @a int x = 1; @b {} final var y = t.@m:tag; object:RawTemplate r = `a${x}b`; }",
    );
    assert!(matches!(&stmts[0].kind, StmtKind::VarDecl { annots, .. } if annots.len() == 1));
    let StmtKind::VarDecl {
        annots,
        is_final: true,
        init: Some(init),
        ..
    } = &stmts[1].kind
    else {
        panic!("{stmts:?}")
    };
    assert_eq!(annots[0].name.name, "b");
    assert!(matches!(
        &init.kind,
        ExprKind::AnnotAccess { module: Some(m), name, .. } if m.name == "m" && name.name == "tag"
    ));
    let StmtKind::VarDecl {
        init: Some(template),
        ..
    } = &stmts[2].kind
    else {
        panic!("{stmts:?}")
    };
    let ExprKind::RawTemplate(parts) = &template.kind else {
        panic!("{template:?}")
    };
    assert_eq!(parts.len(), 3);
}

#[test]
fn anonymous_functions_and_object_constructors_take_annotations() {
    let stmts = body(
        "function f() { var g = @a @m:b {x: 1} function() {}; var o = @s service object {}; }",
    );
    let StmtKind::VarDecl { init: Some(g), .. } = &stmts[0].kind else {
        panic!("{stmts:?}")
    };
    let ExprKind::Lambda { annots, .. } = &g.kind else {
        panic!("{g:?}")
    };
    assert_eq!(annots.len(), 2);
    assert_eq!(
        annots[1].module.as_ref().map(|m| m.name.as_str()),
        Some("m")
    );
    let StmtKind::VarDecl { init: Some(o), .. } = &stmts[1].kind else {
        panic!("{stmts:?}")
    };
    assert!(matches!(
        &o.kind,
        ExprKind::ObjectConstructor { annots, qualifiers, .. } if annots.len() == 1 && qualifiers.service
    ));
}
