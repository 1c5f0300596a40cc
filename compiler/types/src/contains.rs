//! `Env::contains`: membership of a run-time value in a type, walked with an explicit stack so
//! that a value of any depth is judged exactly (no recursion per level of nesting).
//!
//! A structural test evaluates the BDD of the value's basic type: at a node `(a, l, m, r)` the
//! value belongs if it belongs to `m`, or to `l` when it matches atom `a`, or to `r`
//! otherwise. Matching a list or mapping atom means every member belongs to the atom's member
//! type, which is where the walk goes down into the value.

use crate::basic::{bits, BasicTypeCode};
use crate::bdd::{Atom, Bdd, BddNode};
use crate::env::Env;
use crate::list::index;
use crate::semtype::{SemType, SubtypeData};
use crate::shape::{basic_code, Shape, ValueKind};
use crate::values::FloatKey;
use std::sync::Arc;

enum Frame<V> {
    /// Is `v` in `ty`?
    Check { ty: SemType, v: V },
    /// Evaluating a BDD node for `v`: stage 0 starts with the middle branch, stage 1 has its
    /// answer, stage 2 has the answer of the atom test.
    Node {
        node: Arc<BddNode>,
        v: V,
        code: BasicTypeCode,
        stage: u8,
    },
    /// Matching list atom `atom`: members before `next` are known to belong.
    List {
        atom: u32,
        v: V,
        next: usize,
        len: usize,
    },
    /// All of `checks` must hold; those before `next` do.
    All {
        checks: Vec<(SemType, V)>,
        next: usize,
    },
}

/// How a membership test starts.
enum Start {
    Done(bool),
    /// Evaluate this BDD of the value's basic type.
    Bdd(Bdd, BasicTypeCode),
}

impl Env {
    /// `value is ty`.
    pub fn contains<V: Shape>(&self, ty: &SemType, value: &V) -> bool {
        let mut stack: Vec<Frame<V>> = vec![Frame::Check {
            ty: ty.clone(),
            v: value.clone(),
        }];
        // The answer of the frame that completed last.
        let mut answer: Option<bool> = None;
        while let Some(frame) = stack.pop() {
            match frame {
                Frame::Check { ty, v } => match self.start(&ty, &v) {
                    Start::Done(b) => answer = Some(b),
                    Start::Bdd(bdd, code) => push_bdd(&mut stack, &mut answer, &bdd, v, code),
                },
                Frame::Node {
                    node,
                    v,
                    code,
                    stage,
                } => match stage {
                    0 => {
                        let middle = node.middle.clone();
                        stack.push(Frame::Node {
                            node,
                            v: v.clone(),
                            code,
                            stage: 1,
                        });
                        push_bdd(&mut stack, &mut answer, &middle, v, code);
                    }
                    1 => {
                        if answer.take() == Some(true) {
                            answer = Some(true);
                        } else {
                            let atom = node.atom;
                            stack.push(Frame::Node {
                                node,
                                v: v.clone(),
                                code,
                                stage: 2,
                            });
                            self.push_atom_test(&mut stack, &mut answer, atom, v, code);
                        }
                    }
                    _ => {
                        let next = if answer.take() == Some(true) {
                            node.left.clone()
                        } else {
                            node.right.clone()
                        };
                        push_bdd(&mut stack, &mut answer, &next, v, code);
                    }
                },
                Frame::List { atom, v, next, len } => {
                    if next > 0 && answer.take() != Some(true) {
                        answer = Some(false);
                        continue;
                    }
                    if next == len {
                        answer = Some(true);
                        continue;
                    }
                    let a = self.list_atom(atom);
                    let t = a.member_at(next).clone();
                    let member = if next >= a.fixed_len && t.basic_bits() == 0 {
                        None
                    } else {
                        v.member(next)
                    };
                    match member {
                        Some(m) => {
                            stack.push(Frame::List {
                                atom,
                                v,
                                next: next + 1,
                                len,
                            });
                            stack.push(Frame::Check { ty: t, v: m });
                        }
                        None => answer = Some(false),
                    }
                }
                Frame::All { mut checks, next } => {
                    if next > 0 && answer.take() != Some(true) {
                        answer = Some(false);
                        continue;
                    }
                    if next == checks.len() {
                        answer = Some(true);
                        continue;
                    }
                    let (ty, v) =
                        std::mem::replace(&mut checks[next], (SemType::never(), value.clone()));
                    stack.push(Frame::All {
                        checks,
                        next: next + 1,
                    });
                    stack.push(Frame::Check { ty, v });
                }
            }
        }
        answer.unwrap_or(false)
    }

    /// The answer for everything but a structural walk, or the BDD to walk.
    fn start<V: Shape>(&self, ty: &SemType, value: &V) -> Start {
        let code = basic_code(value);
        if ty.all_bits() & code.bit() != 0 {
            return Start::Done(true);
        }
        let Some(data) = ty.subtype(code) else {
            return Start::Done(false);
        };
        let done = Start::Done;
        match (value.kind(), data) {
            (ValueKind::Boolean(b), SubtypeData::Boolean(v)) => done(b == *v),
            (ValueKind::Int(i), SubtypeData::Int(r)) => done(r.contains(i)),
            (ValueKind::Float(f), SubtypeData::Float(e)) => done(e.contains(&FloatKey::new(f))),
            (ValueKind::Decimal, SubtypeData::Decimal(e)) => done(e.contains(&value.decimal_key())),
            (ValueKind::String(s), SubtypeData::String(st)) => done(st.contains(s)),
            (ValueKind::Xml { len, item_kinds }, SubtypeData::Xml(x)) => {
                // Mutation never changes a sequence's length or its items' kinds (only an
                // element's name, attributes and children, which no xml type constrains), so
                // a mutable sequence belongs by its shape as an immutable one does.
                done(x.contains(len, item_kinds))
            }
            (ValueKind::List | ValueKind::Mapping, SubtypeData::Bdd(bdd)) => {
                let family = if matches!(value.kind(), ValueKind::List) {
                    bits::LIST
                } else {
                    bits::MAPPING
                };
                if self.inherent_within(ty, value, family) {
                    return done(true);
                }
                if !code.is_readonly() {
                    // A mutable structure belongs only through its inherent type.
                    return done(false);
                }
                Start::Bdd(bdd.clone(), code)
            }
            (ValueKind::Error, SubtypeData::Bdd(bdd)) => Start::Bdd(bdd.clone(), code),
            (ValueKind::Typedesc, SubtypeData::Bdd(_)) => match value.described_type() {
                Some(d) => done(self.box_contains(ty, code, std::slice::from_ref(d))),
                None => done(false),
            },
            (ValueKind::Table | ValueKind::Future | ValueKind::Stream, SubtypeData::Bdd(_)) => {
                let family = code.bit() | code.twin().map_or(0, |t| t.bit());
                done(self.inherent_within(ty, value, family))
            }
            (ValueKind::Function | ValueKind::Object | ValueKind::Handle, _) => {
                done(self.inherent_within(ty, value, bits::VAL))
            }
            _ => done(false),
        }
    }

    /// Starts testing whether `v` matches `atom` of the BDD of basic type `code`.
    fn push_atom_test<V: Shape>(
        &self,
        stack: &mut Vec<Frame<V>>,
        answer: &mut Option<bool>,
        atom: Atom,
        v: V,
        code: BasicTypeCode,
    ) {
        let i = match atom {
            Atom::Distinct(id) => {
                *answer = Some(v.distinct_ids().contains(&id));
                return;
            }
            Atom::Index(i) => i,
        };
        match code {
            BasicTypeCode::LIST_RO => {
                let len = v.list_len();
                if len < self.list_atom(i).fixed_len {
                    *answer = Some(false);
                } else {
                    stack.push(Frame::List {
                        atom: i,
                        v,
                        next: 0,
                        len,
                    });
                }
            }
            BasicTypeCode::MAPPING_RO | BasicTypeCode::ERROR => {
                let a = self.mapping_atom(index(atom));
                let mut checks = Vec::with_capacity(a.fields.len());
                for (name, t) in &a.fields {
                    match v.field(name) {
                        Some(child) => checks.push((t.clone(), child)),
                        None if t.basic_bits() & bits::UNDEF == 0 => {
                            *answer = Some(false);
                            return;
                        }
                        None => {}
                    }
                }
                for k in 0..v.field_count() {
                    if let Some((name, child)) = v.field_at(k) {
                        let declared = a
                            .fields
                            .binary_search_by(|(n, _)| n.as_str().cmp(name))
                            .is_ok();
                        if !declared {
                            checks.push((a.rest.clone(), child));
                        }
                    }
                }
                stack.push(Frame::All { checks, next: 0 });
            }
            // Other basic types are never judged atom by atom.
            _ => *answer = Some(false),
        }
    }

    /// Whether the value's inherent type, restricted to the value's own half of `family`,
    /// is a subtype of `ty`.
    fn inherent_within<V: Shape>(&self, ty: &SemType, value: &V, family: u32) -> bool {
        let Some(inherent) = value.inherent_type() else {
            return false;
        };
        let half = if value.is_readonly() {
            bits::READONLY
        } else {
            bits::VAL & !bits::READONLY
        };
        let split = bits::XML | bits::LIST | bits::MAPPING | bits::TABLE | bits::OBJECT;
        let inherent = inherent.restrict(family & (half | !split));
        !self.is_empty(&inherent) && self.is_subtype(&inherent, ty)
    }
}

fn push_bdd<V>(
    stack: &mut Vec<Frame<V>>,
    answer: &mut Option<bool>,
    bdd: &Bdd,
    v: V,
    code: BasicTypeCode,
) {
    match bdd {
        Bdd::True => *answer = Some(true),
        Bdd::False => *answer = Some(false),
        Bdd::Node(node) => stack.push(Frame::Node {
            node: node.clone(),
            v,
            code,
            stage: 0,
        }),
    }
}
