//! Cycle collection: garbage cycles of every container kind are reclaimed, anything with a
//! reference from outside the containers survives intact. Each test runs on its own thread,
//! so it sees only its own registry.

use super::{collect_cycles, tracked_containers};
use crate::value::{
    CellObj, Closure, ErrorObj, IterObj, IterState, ListObj, MapKey, MapObj, ObjectObj, Value,
    ValueMap,
};
use intc_ir::{ClassId, FuncId, TypeId};
use std::rc::{Rc, Weak};

fn new_list(items: Vec<Value>) -> Rc<ListObj> {
    ListObj::new(TypeId(0), items)
}

fn new_map() -> Rc<MapObj> {
    MapObj::new(TypeId(0), ValueMap::default())
}

fn put(map: &MapObj, key: &str, value: Value) {
    map.entries_mut().insert(MapKey::new(key), value);
}

#[test]
fn a_mapping_that_holds_itself_is_reclaimed() {
    let record = new_map();
    put(&record, "self", Value::Map(record.clone()));
    put(&record, "name", Value::string("loop"));
    let weak = Rc::downgrade(&record);
    drop(record);
    assert!(
        weak.upgrade().is_some(),
        "reference counting alone cannot free it"
    );
    assert_eq!(collect_cycles(), 1);
    assert!(weak.upgrade().is_none());
    assert_eq!(tracked_containers(), 0);
}

#[test]
fn a_cycle_between_a_list_and_a_map_is_reclaimed() {
    let list = new_list(vec![Value::Int(1)]);
    let map = new_map();
    list.items_mut().push(Value::Map(map.clone()));
    put(&map, "back", Value::List(list.clone()));
    let (wl, wm) = (Rc::downgrade(&list), Rc::downgrade(&map));
    drop((list, map));
    assert_eq!(collect_cycles(), 2);
    assert!(wl.upgrade().is_none() && wm.upgrade().is_none());
}

#[test]
fn an_object_graph_with_back_references_is_reclaimed() {
    // parent.children = [child1, child2]; child.parent = parent.
    let children = new_list(Vec::new());
    let parent = ObjectObj::new(ClassId(0), vec![Value::List(children.clone())]);
    let mut weaks: Vec<Weak<ObjectObj>> = vec![Rc::downgrade(&parent)];
    for _ in 0..2 {
        let child = ObjectObj::new(ClassId(1), vec![Value::Object(parent.clone())]);
        weaks.push(Rc::downgrade(&child));
        children.items_mut().push(Value::Object(child));
    }
    drop((parent, children));
    assert_eq!(collect_cycles(), 4);
    assert!(weaks.iter().all(|w| w.upgrade().is_none()));
    assert_eq!(tracked_containers(), 0);
}

#[test]
fn a_closure_whose_captured_cell_holds_it_is_reclaimed() {
    // function f = () => f(): the cell of `f` holds the closure that captures the cell.
    let cell = CellObj::new(Value::Nil);
    let closure = Closure::new(
        FuncId(0),
        vec![Value::Cell(cell.clone())].into_boxed_slice(),
    );
    *cell.borrow_mut() = Value::Function(closure.clone());
    let (wc, wf) = (Rc::downgrade(&cell), Rc::downgrade(&closure));
    drop((cell, closure));
    assert_eq!(collect_cycles(), 2);
    assert!(wc.upgrade().is_none() && wf.upgrade().is_none());
}

#[test]
fn a_cycle_through_an_error_cause_and_detail_is_reclaimed() {
    // holder (object) -> error -> cause error -> detail {owner: holder}.
    let holder = ObjectObj::new(ClassId(0), vec![Value::Nil]);
    let detail = new_map();
    put(&detail, "owner", Value::Object(holder.clone()));
    let cause = ErrorObj::new(TypeId(0), Rc::new("inner".into()), Value::Nil, detail);
    let error = ErrorObj::new(
        TypeId(0),
        Rc::new("outer".into()),
        Value::Error(cause.clone()),
        new_map(),
    );
    holder.fields_mut()[0] = Value::Error(error.clone());
    let (wh, we, wc) = (
        Rc::downgrade(&holder),
        Rc::downgrade(&error),
        Rc::downgrade(&cause),
    );
    drop((holder, error, cause));
    // holder, two errors, two detail records.
    assert_eq!(collect_cycles(), 5);
    assert!(wh.upgrade().is_none() && we.upgrade().is_none() && wc.upgrade().is_none());
    assert_eq!(tracked_containers(), 0);
}

#[test]
fn a_list_holding_its_own_iterator_is_reclaimed() {
    let list = new_list(Vec::new());
    let iter = IterObj::new(IterState::List {
        list: list.clone(),
        index: 0,
    });
    list.items_mut().push(Value::Iterator(iter));
    let weak = Rc::downgrade(&list);
    drop(list);
    assert_eq!(collect_cycles(), 2);
    assert!(weak.upgrade().is_none());
}

#[test]
fn a_cycle_referenced_from_outside_survives_intact() {
    let a = new_map();
    let b = new_map();
    put(&a, "b", Value::Map(b.clone()));
    put(&b, "a", Value::Map(a.clone()));
    // Reachable only through the cycle: must survive with it.
    let leaf = new_list(vec![Value::Int(42)]);
    put(&b, "leaf", Value::List(leaf.clone()));
    let weak_leaf = Rc::downgrade(&leaf);
    drop((a, leaf));
    // `b` is still held here, like a register would hold it.
    assert_eq!(collect_cycles(), 0);
    let a = match b.get("a") {
        Some(Value::Map(a)) => a,
        other => panic!("cycle member lost: {other:?}"),
    };
    assert!(matches!(a.get("b"), Some(Value::Map(m)) if Rc::ptr_eq(&m, &b)));
    let leaf = weak_leaf.upgrade().expect("leaf freed while reachable");
    assert_eq!(leaf.get(0).and_then(|v| v.as_int()), Some(42));
    drop((a, leaf, b));
    // Now nothing outside refers to the cycle.
    assert_eq!(collect_cycles(), 3);
    assert!(weak_leaf.upgrade().is_none());
}

#[test]
fn a_container_borrowed_mutably_during_a_collection_counts_as_alive() {
    let list = new_list(Vec::new());
    list.items_mut().push(Value::List(list.clone()));
    let weak = Rc::downgrade(&list);
    let inner = new_map();
    put(&inner, "self", Value::Map(inner.clone()));
    {
        // A native in the middle of a mutation: the collector cannot look inside.
        let _guard = inner.entries_mut();
        drop(list);
        // The list is garbage; the map (referenced from here) is not.
        assert_eq!(collect_cycles(), 1);
    }
    assert!(weak.upgrade().is_none());
    assert!(inner.get("self").is_some());
    drop(inner);
    assert_eq!(collect_cycles(), 1);
}

#[test]
fn a_long_garbage_chain_is_reclaimed_without_recursion() {
    // A ring of 200,000 records: collection and the resulting frees must not recurse.
    let first = new_map();
    let mut last = first.clone();
    for _ in 1..200_000 {
        let next = new_map();
        put(&last, "next", Value::Map(next.clone()));
        last = next;
    }
    put(&last, "next", Value::Map(first.clone()));
    let weak = Rc::downgrade(&first);
    drop((first, last));
    collect_cycles();
    assert!(weak.upgrade().is_none());
    assert_eq!(tracked_containers(), 0);
}

#[test]
fn allocation_triggers_collections_so_garbage_stays_bounded() {
    // No explicit collection: the allocation threshold must keep the registry bounded.
    for i in 0..200_000 {
        let record = new_map();
        put(&record, "self", Value::Map(record.clone()));
        put(&record, "i", Value::Int(i));
    }
    let tracked = tracked_containers();
    assert!(
        tracked <= 2 * super::MIN_THRESHOLD,
        "{tracked} containers still tracked"
    );
}

#[test]
fn closures_without_captures_are_not_tracked() {
    let plain = Closure::new(FuncId(0), Box::new([]));
    assert_eq!(tracked_containers(), 0);
    let capturing = Closure::new(FuncId(0), vec![Value::Int(1)].into_boxed_slice());
    assert_eq!(tracked_containers(), 1);
    drop((plain, capturing));
    assert_eq!(tracked_containers(), 0);
}

fn table_row(id: i64) -> Rc<MapObj> {
    let row = new_map();
    put(&row, "id", Value::Int(id));
    row
}

#[test]
fn a_table_whose_row_refers_back_to_it_is_reclaimed() {
    let table = crate::value::TableObj::new(TypeId(0), Rc::from(vec!["id".to_string()]));
    for id in 0..3 {
        let row = table_row(id);
        put(&row, "owner", Value::Table(table.clone()));
        assert!(table.add(Value::Map(row)).is_ok());
    }
    let weak = Rc::downgrade(&table);
    drop(table);
    assert!(weak.upgrade().is_some(), "the rows keep the table alive");
    // The table and its three rows.
    assert_eq!(collect_cycles(), 4);
    assert!(weak.upgrade().is_none());
    assert_eq!(tracked_containers(), 0);
}

#[test]
fn a_referenced_table_cycle_survives_with_its_rows_and_keys() {
    let table = crate::value::TableObj::new(TypeId(0), Rc::from(vec!["id".to_string()]));
    let row = table_row(7);
    put(&row, "owner", Value::Table(table.clone()));
    assert!(table.add(Value::Map(row)).is_ok());
    // Held from outside through a list, as a local would hold it.
    let holder = new_list(vec![Value::Table(table.clone())]);
    drop(table);
    assert_eq!(collect_cycles(), 0);
    let Some(Value::Table(table)) = holder.items().first().cloned() else {
        panic!("the holder lost its table");
    };
    assert_eq!(table.len(), 1);
    assert!(table.get(&Value::Int(7)).is_some());
}
