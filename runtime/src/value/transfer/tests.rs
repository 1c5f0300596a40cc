//! Copies made on one thread and rebuilt on another.

use super::*;
use crate::value::{deep_equals, Closure, HandleObj};
use intc_ir::{Class, ClassField};
use std::sync::Arc;

fn frozen_list(items: Vec<Value>) -> Value {
    let list = ListObj::new(TypeId(3), items);
    list.freeze();
    Value::List(list)
}

fn frozen_map(entries: &[(&str, Value)]) -> Value {
    let mut m = ValueMap::default();
    for (k, v) in entries {
        m.insert(MapKey::new(k), v.clone());
    }
    let map = MapObj::new(TypeId(4), m);
    map.freeze();
    Value::Map(map)
}

fn class(fields: &[(&str, bool)]) -> Class {
    Class {
        name: "C".into(),
        module: None,
        fields: fields
            .iter()
            .map(|(name, is_final)| ClassField {
                name: (*name).into(),
                ty: TypeId(0),
                is_final: *is_final,
            })
            .collect(),
        methods: Vec::new(),
        ty: TypeId(0),
        readonly: false,
    }
}

/// Copies `value`, rebuilds it on another thread and hands back the comparison made there
/// against a second copy (the value itself cannot cross).
fn round_trip(value: &Value, classes: &[Class], replicators: &Replicators) -> bool {
    let first = snapshot(value, classes, replicators).expect("transferable");
    let second = snapshot(value, classes, replicators).expect("transferable");
    std::thread::spawn(move || {
        let (a, b) = (first.rebuild(), second.rebuild());
        deep_equals(&a, &b) && a.is_frozen_or_simple()
    })
    .join()
    .expect("the other thread")
}

trait FrozenOrSimple {
    fn is_frozen_or_simple(&self) -> bool;
}

impl FrozenOrSimple for Value {
    fn is_frozen_or_simple(&self) -> bool {
        match self {
            Value::List(l) => l.is_frozen(),
            Value::Map(m) => m.is_frozen(),
            Value::Xml(x) => x.is_frozen(),
            _ => true,
        }
    }
}

#[test]
fn immutable_structures_cross_threads_unchanged() {
    let value = frozen_list(vec![
        Value::Int(1),
        Value::Float(2.5),
        Value::string("three"),
        Value::decimal(Decimal::from_i64(4)),
        frozen_map(&[("a", Value::Boolean(true)), ("b", Value::Nil)]),
        Value::Typedesc(TypeId(7)),
    ]);
    assert!(round_trip(&value, &[], &Replicators::default()));
    // And the copy made here equals the original.
    let copy = snapshot(&value, &[], &Replicators::default())
        .expect("transferable")
        .rebuild();
    assert!(deep_equals(&copy, &value));
}

#[test]
fn errors_keep_message_cause_detail_and_trace() {
    let detail = match frozen_map(&[("code", Value::Int(42))]) {
        Value::Map(m) => m,
        _ => unreachable!(),
    };
    let cause = Value::Error(ErrorObj::new(
        TypeId(1),
        Rc::new("inner".into()),
        Value::Nil,
        MapObj::new(TypeId(4), ValueMap::default()),
    ));
    let error = ErrorObj::new(TypeId(1), Rc::new("outer".into()), cause, detail);
    error.set_trace_if_absent(Box::new([TraceFrame {
        func: FuncId(2),
        pc: 9,
    }]));
    let copy = snapshot(&Value::Error(error), &[], &Replicators::default())
        .expect("errors are immutable")
        .rebuild();
    let Value::Error(copy) = copy else {
        panic!("an error")
    };
    assert_eq!(copy.message.as_str(), "outer");
    assert_eq!(copy.detail.get("code").and_then(|v| v.as_int()), Some(42));
    assert!(matches!(&copy.cause, Value::Error(e) if e.message.as_str() == "inner"));
    assert_eq!(
        copy.trace(),
        &[TraceFrame {
            func: FuncId(2),
            pc: 9
        }]
    );
}

#[test]
fn mutable_values_are_refused_with_their_place() {
    let mutable = Value::List(ListObj::new(TypeId(3), vec![Value::Int(1)]));
    let value = frozen_map(&[
        ("limits", frozen_list(vec![Value::Int(0)])),
        ("seen", mutable),
    ]);
    let refused = snapshot(&value, &[], &Replicators::default())
        .err()
        .expect("refused");
    assert_eq!(refused.path, ".seen");
    assert_eq!(refused.to_string(), "a mutable list at `.seen`");
}

#[test]
fn objects_copy_when_every_field_is_final() {
    let classes = [class(&[("url", true), ("retries", true)])];
    let object = Value::Object(ObjectObj::new(
        ClassId(0),
        vec![Value::string("http://b"), Value::Int(3)],
    ));
    let copy = snapshot(&object, &classes, &Replicators::default()).expect("transferable");
    let fields = std::thread::spawn(move || {
        let Value::Object(copy) = copy.rebuild() else {
            panic!("an object")
        };
        let fields = copy.fields();
        (fields[0].as_str().map(str::to_owned), fields[1].as_int())
    })
    .join()
    .expect("the other thread");
    assert_eq!(fields, (Some("http://b".to_owned()), Some(3)));

    let counting = [class(&[("url", true), ("count", false)])];
    let refused = snapshot(&object, &counting, &Replicators::default())
        .err()
        .expect("a non-final field");
    assert_eq!(refused.what, "the non-final field `count`");
}

#[test]
fn closures_over_variables_and_futures_are_refused() {
    let plain = Value::Function(Closure::new(FuncId(5), Box::new([])));
    assert!(snapshot(&plain, &[], &Replicators::default()).is_ok());
    let capturing = Value::Function(Closure::new(
        FuncId(5),
        Box::new([Value::Cell(crate::value::CellObj::new(Value::Int(0)))]),
    ));
    let refused = snapshot(&capturing, &[], &Replicators::default())
        .err()
        .expect("refused");
    assert_eq!(refused.what, "a function value capturing variables");
}

/// A native resource the copies share (as an HTTP client's connection pool would be).
struct Pool(Arc<std::sync::atomic::AtomicUsize>);

fn replicate_pool(value: &dyn Any) -> Option<SendHandle> {
    let pool = value.downcast_ref::<Pool>()?;
    let shared = pool.0.clone();
    Some(Box::new(move || Box::new(Pool(shared)) as Box<dyn Any>))
}

#[test]
fn handles_copy_through_their_modules_replicator() {
    let counter = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let handle = Value::Handle(Rc::new(HandleObj {
        value: Box::new(Pool(counter.clone())),
    }));
    let refused = snapshot(&handle, &[], &Replicators::default())
        .err()
        .expect("no replicator");
    assert_eq!(refused.what, "a handle its module cannot copy");

    let mut replicators = Replicators::default();
    replicators.register::<Pool>(replicate_pool);
    let copy = snapshot(&handle, &[], &replicators).expect("replicable");
    std::thread::spawn(move || {
        let Value::Handle(h) = copy.rebuild() else {
            panic!("a handle")
        };
        let pool = h.value.downcast_ref::<Pool>().expect("a pool");
        pool.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    })
    .join()
    .expect("the other thread");
    assert_eq!(counter.load(std::sync::atomic::Ordering::SeqCst), 1);
}

#[test]
fn an_object_holding_itself_is_refused_not_overflowed() {
    let classes = [class(&[("me", true)])];
    let object = ObjectObj::new(ClassId(0), vec![Value::Nil]);
    object.fields_mut()[0] = Value::Object(object.clone());
    let value = Value::Object(object.clone());
    let refused = snapshot(&value, &classes, &Replicators::default())
        .err()
        .expect("refused");
    assert!(refused.what.contains("nested too deeply"), "{refused}");
    // Break the cycle so the test does not leak it.
    object.fields_mut()[0] = Value::Nil;
}

/// `<doc xmlns:p="urn:p" a="1"><p:item>text</p:item><!--note--><?target data?></doc>`,
/// read-only.
fn frozen_document() -> Value {
    use crate::value::xml::{XmlElement, XmlItem, XmlObj, XmlPi};
    let item = XmlElement::new(
        "{urn:p}item".into(),
        Vec::new(),
        Rc::new(XmlObj::text("text")),
    )
    .with_prefix(Some("p"));
    let children = XmlObj::from_items([
        XmlItem::Element(Rc::new(item)),
        XmlItem::Comment(Rc::new("note".to_string())),
        XmlItem::Pi(Rc::new(XmlPi {
            target: "target".into(),
            content: "data".into(),
        })),
    ]);
    let doc = XmlElement::new(
        "doc".into(),
        vec![
            (
                format!("{{{}}}p", crate::value::xml::XMLNS_NAMESPACE),
                "urn:p".into(),
            ),
            ("a".into(), "1".into()),
        ],
        Rc::new(children),
    );
    let xml = XmlObj::element(doc);
    xml.freeze();
    Value::xml(xml)
}

fn xml_text(value: &Value) -> String {
    match value {
        Value::Xml(xml) => crate::format::xml_text::xml_to_string(xml),
        _ => panic!("an xml value"),
    }
}

#[test]
fn read_only_xml_crosses_threads_unchanged_and_read_only() {
    let value = frozen_document();
    let expected = xml_text(&value);
    assert_eq!(
        expected,
        "<doc xmlns:p=\"urn:p\" a=\"1\"><p:item>text</p:item><!--note--><?target data?></doc>"
    );
    let copy = snapshot(&value, &[], &Replicators::default()).expect("read-only xml");
    let (text, frozen) = std::thread::spawn(move || {
        let copy = copy.rebuild();
        let frozen = copy.is_immutable();
        (xml_text(&copy), frozen)
    })
    .join()
    .expect("the other thread");
    assert_eq!(text, expected);
    assert!(frozen, "the copy is read-only");
    // Equal to the original (`==` on xml), inside a frozen list as well.
    let list = frozen_list(vec![
        value.clone(),
        Value::xml(crate::value::xml::XmlObj::text("t")),
    ]);
    let copy = snapshot(&list, &[], &Replicators::default())
        .expect("transferable")
        .rebuild();
    assert!(deep_equals(&copy, &list));
}

#[test]
fn mutable_xml_is_refused_with_its_place() {
    use crate::value::xml::{XmlElement, XmlObj};
    let mutable = Value::xml(XmlObj::element(XmlElement::new(
        "counter".into(),
        Vec::new(),
        Rc::new(XmlObj::text("0")),
    )));
    let refused = snapshot(
        &frozen_map(&[("doc", mutable)]),
        &[],
        &Replicators::default(),
    )
    .err()
    .expect("refused");
    assert_eq!(refused.to_string(), "a mutable xml element at `.doc`");
    // Texts never change: a text sequence needs no freezing.
    let text = Value::xml(XmlObj::text("plain"));
    assert!(round_trip(&text, &[], &Replicators::default()));
}

#[test]
fn a_deep_xml_tree_is_copied_without_recursion() {
    use crate::value::xml::{XmlElement, XmlObj};
    let mut current = Rc::new(XmlObj::text("leaf"));
    for _ in 0..100_000 {
        current = Rc::new(XmlObj::element(XmlElement::new(
            "a".into(),
            Vec::new(),
            current,
        )));
    }
    current.freeze();
    let value = Value::Xml(current);
    let copy = snapshot(&value, &[], &Replicators::default()).expect("read-only xml");
    let (data, frozen) = std::thread::spawn(move || {
        let Value::Xml(copy) = copy.rebuild() else {
            panic!("xml")
        };
        (copy.data(), copy.is_frozen())
    })
    .join()
    .expect("the other thread");
    assert_eq!(data, "leaf");
    assert!(frozen);
}
