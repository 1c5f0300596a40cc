//! Lists, mappings, objects, iteration and type tests.

use super::harness::*;
use crate::runtime::Outcome;
use intc_ir::{
    Class, ClassField, ClassId, FunctionBuilder, Instruction as I, RecordField, Reg, TypeKind,
};

#[test]
fn list_index_out_of_range_reports_ballerina_message() {
    let (mut b, t) = program_builder();
    let mut m = FunctionBuilder::new("main", 0, 0);
    m.set_line(9);
    let members = m.registers(3).unwrap();
    let list = m.register().unwrap();
    let idx = m.register().unwrap();
    let r = m.register().unwrap();
    for (i, reg) in members.regs().enumerate() {
        m.emit(I::LoadInt {
            dst: reg,
            value: i as i64 + 1,
        });
    }
    m.emit(I::NewList {
        dst: list,
        ty: t.int_list,
        members,
    });
    m.emit(I::LoadInt { dst: idx, value: 2 });
    m.emit(I::MemberGet {
        dst: r,
        container: list,
        key: idx,
    });
    emit_println(&mut b, &mut m, r);
    // list[5] = 9 on int[] fills 3, 4 with 0
    m.emit(I::LoadInt { dst: idx, value: 5 });
    m.emit(I::LoadInt { dst: r, value: 9 });
    m.emit(I::MemberSet {
        container: list,
        key: idx,
        value: r,
    });
    emit_println(&mut b, &mut m, list);
    m.emit(I::LoadInt { dst: idx, value: 7 });
    m.emit(I::MemberGet {
        dst: r,
        container: list,
        key: idx,
    });
    m.emit(I::ReturnNil);
    let main = b.add_function(m.finish());
    set_main(&mut b, main);
    let (outcome, out, err) = run(b);
    assert!(matches!(outcome, Outcome::Panicked(_)));
    assert_eq!(out, "3\n[1,2,3,0,0,9]\n");
    assert_eq!(
        err,
        "error: {ballerina/lang.array}IndexOutOfRange {\"message\":\"array index out of range: index: 7, size: 6\"}\n\tat main:main(main.int:9)\n"
    );
}

#[test]
fn storing_wrong_type_violates_inherent_type() {
    let (mut b, t) = program_builder();
    let hello = b.string_constant("hello");
    let mut m = FunctionBuilder::new("main", 0, 0);
    let list = m.register().unwrap();
    let idx = m.register().unwrap();
    let v = m.register().unwrap();
    let is = m.register().unwrap();
    m.emit(I::NewList {
        dst: list,
        ty: t.int_list,
        members: intc_ir::RegRange::EMPTY,
    });
    // any a = list; a is int[] -> true
    m.emit(I::TypeTest {
        dst: is,
        value: list,
        ty: t.int_list,
    });
    emit_println(&mut b, &mut m, is);
    m.emit(I::LoadInt { dst: idx, value: 0 });
    m.emit(I::LoadConst {
        dst: v,
        constant: hello,
    });
    m.emit(I::MemberSet {
        container: list,
        key: idx,
        value: v,
    });
    m.emit(I::ReturnNil);
    let main = b.add_function(m.finish());
    set_main(&mut b, main);
    let (_, out, err) = run(b);
    assert_eq!(out, "true\n");
    assert!(
        err.starts_with(
            "error: {ballerina/lang.array}InherentTypeViolation {\"message\":\"incompatible types: expected 'int', found 'string'\"}"
        ),
        "{err}"
    );
}

#[test]
fn maps_records_and_iteration_over_values() {
    let (mut b, t) = program_builder();
    let record = b.add_anonymous_type(TypeKind::Record {
        fields: vec![RecordField {
            name: "a".into(),
            ty: t.int,
            optional: false,
            readonly: false,
        }],
        rest: Some(t.int),
    });
    let key_a = b.string_constant("a");
    let key_b = b.string_constant("b");
    let mut m = FunctionBuilder::new("main", 0, 0);
    let entries = m.registers(4).unwrap();
    let map = m.register().unwrap();
    let it = m.register().unwrap();
    let v = m.register().unwrap();
    let sum = m.register().unwrap();
    let e = entries.start;
    m.emit(I::LoadConst {
        dst: Reg(e),
        constant: key_a,
    });
    m.emit(I::LoadInt {
        dst: Reg(e + 1),
        value: 1,
    });
    m.emit(I::LoadConst {
        dst: Reg(e + 2),
        constant: key_b,
    });
    m.emit(I::LoadInt {
        dst: Reg(e + 3),
        value: 2,
    });
    m.emit(I::NewMap {
        dst: map,
        ty: record,
        entries,
    });
    m.emit(I::LoadInt { dst: v, value: 40 });
    m.emit(I::FieldSet {
        object: map,
        name: key_a,
        value: v,
    });
    emit_println(&mut b, &mut m, map);
    m.emit(I::LoadInt { dst: sum, value: 0 });
    m.emit(I::IterNew {
        dst: it,
        iterable: map,
    });
    let top = m.here();
    let next = m.emit(I::IterNext {
        dst: v,
        iter: it,
        target: 0,
    });
    m.emit(I::AddInt {
        dst: sum,
        a: sum,
        b: v,
    });
    m.emit(I::Jump { target: top });
    let end = m.here();
    m.patch(next, end);
    emit_println(&mut b, &mut m, sum);
    m.emit(I::FieldGet {
        dst: v,
        object: map,
        name: key_b,
    });
    emit_println(&mut b, &mut m, v);
    m.emit(I::ReturnNil);
    let main = b.add_function(m.finish());
    set_main(&mut b, main);
    let (outcome, out, err) = run(b);
    assert!(matches!(outcome, Outcome::Ok), "{err}");
    assert_eq!(out, "{\"a\":40,\"b\":2}\n42\n2\n");
}

#[test]
fn ranges_and_strings_iterate() {
    let (mut b, _) = program_builder();
    let text = b.string_constant("héllo");
    let mut m = FunctionBuilder::new("main", 0, 0);
    let lo = m.register().unwrap();
    let hi = m.register().unwrap();
    let it = m.register().unwrap();
    let v = m.register().unwrap();
    let acc = m.register().unwrap();
    m.emit(I::LoadInt { dst: lo, value: 1 });
    m.emit(I::LoadInt { dst: hi, value: 4 });
    m.emit(I::LoadInt { dst: acc, value: 0 });
    m.emit(I::IterRange {
        dst: it,
        start: lo,
        end: hi,
        inclusive: true,
    });
    let top = m.here();
    let next = m.emit(I::IterNext {
        dst: v,
        iter: it,
        target: 0,
    });
    m.emit(I::AddInt {
        dst: acc,
        a: acc,
        b: v,
    });
    m.emit(I::Jump { target: top });
    let end = m.here();
    m.patch(next, end);
    emit_println(&mut b, &mut m, acc);
    m.emit(I::LoadConst {
        dst: v,
        constant: text,
    });
    m.emit(I::IterNew {
        dst: it,
        iterable: v,
    });
    let top = m.here();
    let next = m.emit(I::IterNext {
        dst: v,
        iter: it,
        target: 0,
    });
    emit_println(&mut b, &mut m, v);
    m.emit(I::Jump { target: top });
    let end = m.here();
    m.patch(next, end);
    m.emit(I::ReturnNil);
    let main = b.add_function(m.finish());
    set_main(&mut b, main);
    let (_, out, _) = run(b);
    assert_eq!(out, "10\nh\né\nl\nl\no\n");
}

#[test]
fn objects_dispatch_methods_by_name_and_report_method_frames() {
    let (mut b, t) = program_builder();
    let object_ty = b.add_anonymous_type(TypeKind::Object {
        fields: vec![],
        methods: vec![],
        distinct_ids: vec![],
        class: Some(ClassId(0)),
    });
    let count = b.string_constant("count");
    let bump = b.string_constant("bump");
    // bump(self, by): self.count = self.count + by; if by == 0 { panic } return self.count
    let mut f = FunctionBuilder::new("bump", 2, 0);
    f.function_mut().class = Some(ClassId(0));
    f.set_line(7);
    let v = f.register().unwrap();
    f.emit(I::FieldGet {
        dst: v,
        object: Reg(0),
        name: count,
    });
    f.emit(I::AddInt {
        dst: v,
        a: v,
        b: Reg(1),
    });
    f.emit(I::ObjectSlotSet {
        object: Reg(0),
        slot: 0,
        value: v,
    });
    f.emit(I::DivInt {
        dst: v,
        a: v,
        b: Reg(1),
    });
    f.emit(I::ObjectSlotGet {
        dst: v,
        object: Reg(0),
        slot: 0,
    });
    f.emit(I::Return { value: v });
    let bump_fn = b.add_function(f.finish());
    b.program.classes.push(Class {
        name: "Counter".into(),
        module: None,
        fields: vec![ClassField {
            name: "count".into(),
            ty: t.int,
            is_final: false,
        }],
        methods: vec![("bump".into(), bump_fn)],
        ty: object_ty,
        readonly: false,
    });
    let mut m = FunctionBuilder::new("main", 0, 0);
    m.set_line(12);
    let obj = m.register().unwrap();
    let args = m.registers(2).unwrap();
    let r = m.register().unwrap();
    m.emit(I::NewObject {
        dst: obj,
        class: ClassId(0),
    });
    m.emit(I::LoadInt { dst: r, value: 5 });
    m.emit(I::FieldSet {
        object: obj,
        name: count,
        value: r,
    });
    m.emit(I::Move {
        dst: Reg(args.start),
        src: obj,
    });
    m.emit(I::LoadInt {
        dst: Reg(args.start + 1),
        value: 3,
    });
    m.emit(I::CallMethod {
        dst: r,
        method: bump,
        args,
        packed_rest: false,
    });
    emit_println(&mut b, &mut m, r);
    m.emit(I::TypeTest {
        dst: r,
        value: obj,
        ty: object_ty,
    });
    emit_println(&mut b, &mut m, r);
    m.emit(I::LoadInt {
        dst: Reg(args.start + 1),
        value: 0,
    });
    m.emit(I::CallMethod {
        dst: r,
        method: bump,
        args,
        packed_rest: false,
    });
    m.emit(I::ReturnNil);
    let main = b.add_function(m.finish());
    set_main(&mut b, main);
    let (_, out, err) = run(b);
    assert_eq!(out, "8\ntrue\n");
    assert!(
        err.ends_with("\tat Counter:bump(main.int:7)\n\t   main:main(main.int:12)\n"),
        "{err}"
    );
}

#[test]
fn readonly_lists_reject_updates_and_shape_tests_apply() {
    let (mut b, t) = program_builder();
    let ro = b.add_anonymous_type(TypeKind::ReadonlyOf(t.int_list));
    let any_list = b.add_anonymous_type(TypeKind::Array {
        element: t.any,
        length: None,
    });
    let mut m = FunctionBuilder::new("main", 0, 0);
    let members = m.registers(1).unwrap();
    let list = m.register().unwrap();
    let r = m.register().unwrap();
    m.emit(I::LoadInt {
        dst: Reg(members.start),
        value: 7,
    });
    // An `any[]` holding only ints is not an `int[]` (inherent type)...
    m.emit(I::NewList {
        dst: list,
        ty: any_list,
        members,
    });
    m.emit(I::TypeTest {
        dst: r,
        value: list,
        ty: t.int_list,
    });
    emit_println(&mut b, &mut m, r);
    // ...but once immutable its shape decides.
    m.emit(I::Freeze { value: list });
    m.emit(I::TypeTest {
        dst: r,
        value: list,
        ty: t.int_list,
    });
    emit_println(&mut b, &mut m, r);
    m.emit(I::NewList {
        dst: list,
        ty: ro,
        members,
    });
    m.emit(I::LoadInt { dst: r, value: 0 });
    m.emit(I::MemberSet {
        container: list,
        key: r,
        value: r,
    });
    m.emit(I::ReturnNil);
    let main = b.add_function(m.finish());
    set_main(&mut b, main);
    let (_, out, err) = run(b);
    assert_eq!(out, "false\ntrue\n");
    assert!(
        err.starts_with("error: {ballerina/lang.array}InvalidUpdate {\"message\":\"modification not allowed on readonly value\"}"),
        "{err}"
    );
}

#[test]
fn errors_carry_message_cause_detail_and_creation_trace() {
    let (mut b, t) = program_builder();
    let msg = b.string_constant("bad thing");
    let code = b.string_constant("code");
    let map_ty = b.add_anonymous_type(TypeKind::Map(t.int));
    let mut m = FunctionBuilder::new("main", 0, 0);
    m.set_line(2);
    let entries = m.registers(2).unwrap();
    let detail = m.register().unwrap();
    let text = m.register().unwrap();
    let nil = m.register().unwrap();
    let e = m.register().unwrap();
    m.emit(I::LoadConst {
        dst: Reg(entries.start),
        constant: code,
    });
    m.emit(I::LoadInt {
        dst: Reg(entries.start + 1),
        value: 42,
    });
    m.emit(I::NewMap {
        dst: detail,
        ty: map_ty,
        entries,
    });
    m.emit(I::LoadConst {
        dst: text,
        constant: msg,
    });
    m.emit(I::LoadNil { dst: nil });
    m.emit(I::NewError {
        dst: e,
        ty: t.error,
        message: text,
        cause: nil,
        detail,
    });
    m.set_line(5);
    m.emit(I::Panic { value: e });
    let main = b.add_function(m.finish());
    set_main(&mut b, main);
    let (_, _, err) = run(b);
    assert_eq!(
        err,
        "error: bad thing {\"code\":42}\n\tat main:main(main.int:2)\n"
    );
}

#[test]
fn to_string_of_objects_calls_their_to_string_method() {
    let (mut b, t) = program_builder();
    let object_ty = b.add_anonymous_type(TypeKind::Object {
        fields: vec![],
        methods: vec![],
        distinct_ids: vec![],
        class: Some(ClassId(0)),
    });
    let text = b.string_constant("custom!");
    let mut f = FunctionBuilder::new("toString", 1, 0);
    f.function_mut().class = Some(ClassId(0));
    let v = f.register().unwrap();
    f.emit(I::LoadConst {
        dst: v,
        constant: text,
    });
    f.emit(I::Return { value: v });
    let method = b.add_function(f.finish());
    b.program.classes.push(Class {
        name: "Thing".into(),
        module: None,
        fields: vec![],
        methods: vec![("toString".into(), method)],
        ty: object_ty,
        readonly: false,
    });
    let mut m = FunctionBuilder::new("main", 0, 0);
    let obj = m.register().unwrap();
    let members = m.registers(1).unwrap();
    let r = m.register().unwrap();
    m.emit(I::NewObject {
        dst: obj,
        class: ClassId(0),
    });
    m.emit(I::ToString { dst: r, value: obj });
    emit_println(&mut b, &mut m, r);
    m.emit(I::Move {
        dst: Reg(members.start),
        src: obj,
    });
    m.emit(I::NewList {
        dst: r,
        ty: t.any_list(&mut b),
        members,
    });
    m.emit(I::ToString { dst: r, value: r });
    emit_println(&mut b, &mut m, r);
    m.emit(I::ReturnNil);
    let main = b.add_function(m.finish());
    set_main(&mut b, main);
    let (outcome, out, err) = run(b);
    assert!(matches!(outcome, Outcome::Ok), "{err}");
    assert_eq!(out, "custom!\n[custom!]\n");
}

#[test]
fn record_defaults_are_computed_on_demand_for_natives() {
    let (mut b, t) = program_builder();
    let record = b.add_anonymous_type(TypeKind::Record {
        fields: vec![RecordField {
            name: "count".into(),
            ty: t.int,
            optional: false,
            readonly: false,
        }],
        rest: None,
    });
    let mut d = FunctionBuilder::new("$default$count", 0, 0);
    let v = d.register().unwrap();
    d.emit(I::LoadInt { dst: v, value: 41 });
    d.emit(I::AddIntImm {
        dst: v,
        a: v,
        imm: 1,
    });
    d.emit(I::Return { value: v });
    let func = b.add_function(d.finish());
    b.program.record_defaults.push(intc_ir::RecordDefault {
        record,
        field: "count".into(),
        func,
        effect_free: true,
    });
    let native = b.native("test:defaults");
    let mut m = FunctionBuilder::new("main", 0, 0);
    let args = m.registers(1).unwrap();
    let r = m.register().unwrap();
    m.emit(I::LoadTypedesc {
        dst: Reg(args.start),
        ty: record,
    });
    m.emit(I::CallNative {
        dst: r,
        native,
        args,
    });
    emit_println(&mut b, &mut m, r);
    m.emit(I::ReturnNil);
    let main = b.add_function(m.finish());
    set_main(&mut b, main);
    let (_, out, err) = run(b);
    assert_eq!(out, "count=42;\n", "{err}");
}

#[test]
fn iterator_objects_and_lax_json_access() {
    // class Counter { int n; iterator() returns self; next() returns record {| int value; |}? }
    let (mut b, t) = program_builder();
    let object_ty = b.add_anonymous_type(TypeKind::Object {
        fields: vec![],
        methods: vec![],
        distinct_ids: vec![],
        class: Some(ClassId(0)),
    });
    let value_key = b.string_constant("value");
    let missing = b.string_constant("missing");
    let record = b.add_anonymous_type(TypeKind::Record {
        fields: vec![RecordField {
            name: "value".into(),
            ty: t.int,
            optional: false,
            readonly: false,
        }],
        rest: None,
    });
    let mut it = FunctionBuilder::new("iterator", 1, 0);
    it.function_mut().class = Some(ClassId(0));
    it.emit(I::Return { value: Reg(0) });
    let iterator = b.add_function(it.finish());
    // next(self): n = self.#0; if n >= 3 return (); self.#0 = n + 1; return {value: n}
    let mut nx = FunctionBuilder::new("next", 1, 0);
    nx.function_mut().class = Some(ClassId(0));
    let n = nx.register().unwrap();
    let three = nx.register().unwrap();
    let entries = nx.registers(2).unwrap();
    let r = nx.register().unwrap();
    nx.emit(I::ObjectSlotGet {
        dst: n,
        object: Reg(0),
        slot: 0,
    });
    nx.emit(I::LoadInt {
        dst: three,
        value: 3,
    });
    let more = nx.emit(I::JumpIfCmpInt {
        cmp: intc_ir::Cmp::Lt,
        a: n,
        b: three,
        target: 0,
    });
    nx.emit(I::ReturnNil);
    let here = nx.here();
    nx.patch(more, here);
    nx.emit(I::AddIntImm {
        dst: three,
        a: n,
        imm: 1,
    });
    nx.emit(I::ObjectSlotSet {
        object: Reg(0),
        slot: 0,
        value: three,
    });
    nx.emit(I::LoadConst {
        dst: Reg(entries.start),
        constant: value_key,
    });
    nx.emit(I::Move {
        dst: Reg(entries.start + 1),
        src: n,
    });
    nx.emit(I::NewMap {
        dst: r,
        ty: record,
        entries,
    });
    nx.emit(I::Return { value: r });
    let next = b.add_function(nx.finish());
    b.program.classes.push(Class {
        name: "Counter".into(),
        module: None,
        fields: vec![ClassField {
            name: "n".into(),
            ty: t.int,
            is_final: false,
        }],
        methods: vec![("iterator".into(), iterator), ("next".into(), next)],
        ty: object_ty,
        readonly: false,
    });
    let json_map = b.add_anonymous_type(TypeKind::Map(t.any));
    let mut m = FunctionBuilder::new("main", 0, 0);
    let obj = m.register().unwrap();
    let iter = m.register().unwrap();
    let v = m.register().unwrap();
    let zero = m.register().unwrap();
    m.emit(I::NewObject {
        dst: obj,
        class: ClassId(0),
    });
    m.emit(I::LoadInt {
        dst: zero,
        value: 0,
    });
    m.emit(I::ObjectSlotSet {
        object: obj,
        slot: 0,
        value: zero,
    });
    m.emit(I::IterNew {
        dst: iter,
        iterable: obj,
    });
    let top = m.here();
    let exit = m.emit(I::IterNext {
        dst: v,
        iter,
        target: 0,
    });
    emit_println(&mut b, &mut m, v);
    m.emit(I::Jump { target: top });
    let end = m.here();
    m.patch(exit, end);
    m.emit(I::NewMap {
        dst: v,
        ty: json_map,
        entries: intc_ir::RegRange::EMPTY,
    });
    m.emit(I::LaxFieldGet {
        dst: v,
        object: v,
        name: missing,
    });
    m.emit(I::ToString { dst: v, value: v });
    emit_println(&mut b, &mut m, v);
    m.emit(I::ReturnNil);
    let main = b.add_function(m.finish());
    set_main(&mut b, main);
    let (outcome, out, err) = run(b);
    assert!(matches!(outcome, Outcome::Ok), "{err}");
    assert_eq!(
        out,
        "0\n1\n2\nerror(\"{ballerina/lang.map}KeyNotFound\",message=\"key 'missing' not found in JSON mapping\")\n"
    );
}
