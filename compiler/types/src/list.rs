//! List types: constructors, emptiness and member projections.

use crate::basic::{bits, BasicTypeCode};
use crate::bdd::{Atom, Bdd};
use crate::env::{list_semtype, Env, ListAtom};
use crate::semtype::{SemType, SubtypeData};

/// Canonical form of a list atom: `fixed_len` covers the explicit members, and a repeated last
/// member is stored once.
pub(crate) fn normalize_list_atom(
    mut members: Vec<SemType>,
    fixed_len: usize,
    rest: SemType,
) -> ListAtom {
    let fixed_len = fixed_len.max(members.len());
    while members.len() >= 2 && members[members.len() - 1] == members[members.len() - 2] {
        members.pop();
    }
    if fixed_len == 0 {
        members.clear();
    }
    ListAtom {
        members,
        fixed_len,
        rest,
    }
}

impl Env {
    /// The list type of `members` (the last repeated up to `fixed_len`) followed by any number
    /// of `rest` (never: no more members). See [`ListAtom`].
    pub fn list_type(&mut self, members: Vec<SemType>, fixed_len: usize, rest: SemType) -> SemType {
        let atom = normalize_list_atom(members, fixed_len, rest);
        let i = self.intern_list(atom);
        list_semtype(Bdd::atom(Atom::Index(i)))
    }

    /// `[A, B, R...]` (`rest: None` for a closed tuple).
    pub fn tuple(&mut self, members: &[SemType], rest: Option<&SemType>) -> SemType {
        let n = members.len();
        self.list_type(
            members.to_vec(),
            n,
            rest.cloned().unwrap_or_else(SemType::never),
        )
    }

    /// `T[]`.
    pub fn array_of(&mut self, element: &SemType) -> SemType {
        self.list_type(Vec::new(), 0, element.clone())
    }

    /// `T[N]`.
    pub fn fixed_array(&mut self, element: &SemType, len: usize) -> SemType {
        // `T[0]` is the empty list whatever `T` is (even an empty `T`): no member to repeat.
        let members = if len == 0 {
            Vec::new()
        } else {
            vec![element.clone()]
        };
        self.list_type(members, len, SemType::never())
    }

    /// Emptiness of one half (RO or RW) of a list type.
    pub(crate) fn list_bdd_empty(&self, code: BasicTypeCode, bdd: &Bdd) -> bool {
        let filter = member_filter(code);
        self.memo_empty(code, bdd, |env| {
            bdd.every_path(&mut |pos, neg| env.list_path_empty(pos, neg, &filter))
        })
    }

    /// Whether the intersection of the atoms `pos`, minus the atoms `neg`, is empty.
    ///
    /// Lengths are explored by classes: the problem only changes at the fixed lengths of the
    /// atoms, so each class is represented by its longest length. For one length, members
    /// with the same types in every atom form a group; a group need never hold more members
    /// than there are negated atoms (each negated atom needs one member outside it), so
    /// `int[1000000]` costs no more than `int[3]`. Then a list escapes a negated atom iff one
    /// member lies outside that atom's member type: a search narrows one member per negated
    /// atom (the classic algorithm of Frisch/Castagna for products, applied to tuples).
    fn list_path_empty(&self, pos: &[Atom], neg: &[Atom], filter: &SemType) -> bool {
        let pos: Vec<&ListAtom> = pos.iter().map(|a| self.list_atom(index(*a))).collect();
        let neg: Vec<&ListAtom> = neg.iter().map(|a| self.list_atom(index(*a))).collect();
        let n_p = pos.iter().map(|a| a.fixed_len).max().unwrap_or(0);
        let rest_p = pos
            .iter()
            .fold(filter.clone(), |acc, a| acc.intersect(&a.rest));
        let max_len = if self.is_empty(&rest_p) {
            Some(n_p)
        } else {
            None
        };
        let mut candidates = vec![n_p];
        for n in &neg {
            if n.fixed_len >= n_p {
                candidates.push(n.fixed_len);
                candidates.push(n.fixed_len.saturating_add(1));
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        candidates.retain(|l| max_len.is_none_or(|m| *l <= m));
        for (k, &lo) in candidates.iter().enumerate() {
            let applicable: Vec<&ListAtom> =
                neg.iter().copied().filter(|n| n.fixed_len <= lo).collect();
            let cap = applicable.len().max(1);
            let len = match candidates.get(k + 1) {
                Some(next) => next - 1,
                None => {
                    let widest = pos
                        .iter()
                        .chain(&applicable)
                        .map(|a| a.fixed_len.max(a.members.len()))
                        .max()
                        .unwrap_or(0)
                        .max(lo);
                    if max_len.is_some() {
                        lo
                    } else {
                        widest.saturating_add(cap)
                    }
                }
            };
            if self.list_length_inhabited(&pos, &applicable, filter, len, cap) {
                return false;
            }
        }
        true
    }

    fn list_length_inhabited(
        &self,
        pos: &[&ListAtom],
        neg: &[&ListAtom],
        filter: &SemType,
        len: usize,
        cap: usize,
    ) -> bool {
        let mut bounds = vec![0, len];
        for a in pos.iter().chain(neg) {
            // Every explicit member may differ from the next; the last one repeats up to
            // `fixed_len`, and `rest` follows.
            bounds.extend(1..=a.members.len());
            bounds.push(a.fixed_len);
        }
        bounds.retain(|b| *b <= len);
        bounds.sort_unstable();
        bounds.dedup();
        let mut columns: Vec<SemType> = Vec::new();
        let mut negs: Vec<Vec<SemType>> = vec![Vec::new(); neg.len()];
        for w in bounds.windows(2) {
            let (start, end) = (w[0], w[1]);
            let s = pos
                .iter()
                .fold(filter.clone(), |acc, a| acc.intersect(a.member_at(start)));
            if self.is_empty(&s) {
                return false;
            }
            for _ in 0..(end - start).min(cap) {
                columns.push(s.clone());
                for (j, n) in neg.iter().enumerate() {
                    negs[j].push(n.member_at(start).clone());
                }
            }
        }
        // A negated atom containing every candidate cannot be escaped: answer first.
        if negs
            .iter()
            .any(|n| columns.iter().zip(n).all(|(c, t)| self.is_subtype(c, t)))
        {
            return false;
        }
        self.tuple_inhabited(&mut columns, &negs)
    }

    fn tuple_inhabited(&self, columns: &mut Vec<SemType>, negs: &[Vec<SemType>]) -> bool {
        let Some((first, others)) = negs.split_first() else {
            return true;
        };
        // Already outside this negated atom (a member cannot be in its member type): no need
        // to branch. This keeps unions of disjoint tuples linear instead of exponential.
        if (0..columns.len()).any(|i| self.is_empty(&columns[i].intersect(&first[i]))) {
            return self.tuple_inhabited(columns, others);
        }
        for i in 0..columns.len() {
            let d = columns[i].diff(&first[i]);
            if !self.is_empty(&d) {
                let saved = std::mem::replace(&mut columns[i], d);
                let found = self.tuple_inhabited(columns, others);
                columns[i] = saved;
                if found {
                    return true;
                }
            }
        }
        false
    }

    /// The type of member `index` of a list type (never if no list of the type has that
    /// member); only the list part of `ty` is considered.
    pub fn list_member_type(&self, ty: &SemType, index: usize) -> SemType {
        self.list_projection(ty, &mut |a, filter| a.member_at(index).intersect(filter))
    }

    /// The type of any member of a list type (for an index of type `int`).
    pub fn list_member_type_any(&self, ty: &SemType) -> SemType {
        self.list_projection(ty, &mut |a, filter| {
            let mut t = a.rest.clone();
            for m in &a.members {
                t = t.union(m);
            }
            t.intersect(filter)
        })
    }

    fn list_projection(
        &self,
        ty: &SemType,
        f: &mut dyn FnMut(&ListAtom, &SemType) -> SemType,
    ) -> SemType {
        let mut out = SemType::never();
        for code in [BasicTypeCode::LIST_RO, BasicTypeCode::LIST_RW] {
            let filter = member_filter(code);
            if ty.all_bits() & code.bit() != 0 {
                out = out.union(&f(self.lists_top(), &filter));
            } else if let Some(SubtypeData::Bdd(bdd)) = ty.subtype(code) {
                bdd.every_path(&mut |pos, _neg| {
                    let t = pos.iter().fold(filter.clone(), |acc, a| {
                        acc.intersect(&f(self.list_atom(index(*a)), &filter))
                    });
                    out = out.union(&t);
                    true
                });
            }
        }
        out
    }

    fn lists_top(&self) -> &ListAtom {
        self.lists.get(u32::MAX)
    }

    /// The lengths lists of the type may have: `(min, max)` with `max` `None` when unbounded.
    /// `None` if the type has no list part.
    pub fn list_length_range(&self, ty: &SemType) -> Option<(usize, Option<usize>)> {
        let mut range: Option<(usize, Option<usize>)> = None;
        let mut add = |min: usize, max: Option<usize>| {
            range = Some(match range {
                None => (min, max),
                Some((a, b)) => (a.min(min), b.zip(max).map(|(x, y)| x.max(y))),
            });
        };
        for code in [BasicTypeCode::LIST_RO, BasicTypeCode::LIST_RW] {
            if ty.all_bits() & code.bit() != 0 {
                add(0, None);
            } else if let Some(SubtypeData::Bdd(bdd)) = ty.subtype(code) {
                bdd.every_path(&mut |pos, _| {
                    let atoms: Vec<&ListAtom> =
                        pos.iter().map(|a| self.list_atom(index(*a))).collect();
                    let min = atoms.iter().map(|a| a.fixed_len).max().unwrap_or(0);
                    let closed = atoms.iter().any(|a| self.is_empty(&a.rest));
                    add(min, closed.then_some(min));
                    true
                });
            }
        }
        range
    }
}

/// The members every list of one half can have: readonly lists hold only readonly values.
pub(crate) fn member_filter(code: BasicTypeCode) -> SemType {
    if code.is_readonly() {
        SemType::from_bits(bits::READONLY)
    } else {
        SemType::val()
    }
}

pub(crate) fn index(atom: Atom) -> u32 {
    match atom {
        Atom::Index(i) => i,
        // Lists never hold distinct atoms; an impossible index reads as the top atom.
        Atom::Distinct(_) => u32::MAX,
    }
}
