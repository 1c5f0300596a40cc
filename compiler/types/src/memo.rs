//! Memoised emptiness of BDDs, with provisional results for recursive types.
//!
//! Deciding whether a recursive type is empty may ask the same question again before the first
//! answer is known (`type T [T];`). As in the semantic-subtyping papers the inner question is
//! answered "empty" (the co-inductive assumption: a type only reachable through itself has no
//! finite value). Answers computed while such an assumption is open are *provisional*: they are
//! kept until the question they assumed is settled. If that question turns out non-empty the
//! provisional answers are discarded (they may be wrong) and recomputed when next asked; if it
//! turns out empty they become final. This is the bookkeeping of Tarjan's strongly connected
//! components: each open question records the lowest stack depth it depended on.
//!
//! There is no depth cut-off: every recursion ends because an open question is never expanded
//! twice. The Rust stack grows with the *syntactic* nesting of the types involved (each level of
//! nesting is a few frames); sema builds types from source whose nesting the parser caps
//! (`intc_syntax` `MAX_NESTING`), so the depth is bounded.

use crate::basic::BasicTypeCode;
use crate::bdd::Bdd;
use rustc_hash::FxHashMap;

type Key = (u8, Bdd);

#[derive(Clone, Copy)]
enum State {
    /// Being computed at this stack depth.
    InProgress(usize),
    /// Computed while depending on an open question at depth `low`.
    Provisional {
        empty: bool,
        low: usize,
    },
    Done(bool),
}

struct Frame {
    /// The lowest depth of an open question this computation depended on.
    low: usize,
    /// Where this computation's provisional results start in `Memo::provisional`.
    provisional_start: usize,
}

#[derive(Default)]
pub(crate) struct Memo {
    map: FxHashMap<Key, State>,
    stack: Vec<Frame>,
    provisional: Vec<(Key, bool)>,
}

/// Outcome of looking a question up.
pub(crate) enum Lookup {
    Known(bool),
    /// Not known: the caller computes it and reports with [`Memo::finish`].
    Start,
}

impl Memo {
    pub(crate) fn clear(&mut self) {
        if self.stack.is_empty() {
            self.map.clear();
            self.provisional.clear();
        }
    }

    fn depend_on(&mut self, depth: usize) {
        if let Some(top) = self.stack.last_mut() {
            top.low = top.low.min(depth);
        }
    }

    pub(crate) fn start(&mut self, code: BasicTypeCode, bdd: &Bdd) -> Lookup {
        let key = (code.0, bdd.clone());
        match self.map.get(&key).copied() {
            Some(State::Done(b)) => return Lookup::Known(b),
            Some(State::InProgress(depth)) => {
                self.depend_on(depth);
                return Lookup::Known(true);
            }
            Some(State::Provisional { empty, low }) => {
                self.depend_on(low);
                return Lookup::Known(empty);
            }
            None => {}
        }
        let depth = self.stack.len();
        self.stack.push(Frame {
            low: depth,
            provisional_start: self.provisional.len(),
        });
        self.map.insert(key, State::InProgress(depth));
        Lookup::Start
    }

    pub(crate) fn finish(&mut self, code: BasicTypeCode, bdd: &Bdd, empty: bool) {
        let key = (code.0, bdd.clone());
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let depth = self.stack.len();
        if !empty {
            // Results below this question may have assumed it empty: forget them.
            for (k, _) in self.provisional.drain(frame.provisional_start..) {
                self.map.remove(&k);
            }
        }
        if frame.low >= depth {
            // Nothing open below this question remains: its answer, and the provisional answers
            // that only assumed questions now settled, are final.
            let settled: Vec<(Key, bool)> =
                self.provisional.drain(frame.provisional_start..).collect();
            for (k, e) in settled {
                self.map.insert(k, State::Done(e));
            }
            self.map.insert(key, State::Done(empty));
        } else {
            self.map.insert(
                key.clone(),
                State::Provisional {
                    empty,
                    low: frame.low,
                },
            );
            self.provisional.push((key, empty));
            self.depend_on(frame.low);
        }
    }
}
