//! Binary decision diagrams over atoms: the subtype data of lists, mappings, functions,
//! errors, objects and the parameterised basic types.
//!
//! A BDD denotes a union of intersections of atoms and negated atoms. A node `(a, l, m, r)`
//! denotes `(a & l) | m | (!a & r)` (the "lazy" BDDs of Castagna's papers, also used by
//! nBallerina): keeping a middle branch makes unions cheap. Atoms are ordered, every path
//! visits them in increasing order, and nodes are immutable and shared.

use std::sync::Arc;

/// What a BDD node tests: a structural atom held in the `Env` (a list, mapping, function or
/// box atom, according to the basic type owning the BDD), or a distinct type identity (errors
/// and objects only).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Atom {
    Index(u32),
    Distinct(u32),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Bdd {
    /// Every value of the basic type.
    True,
    /// No value.
    False,
    Node(Arc<BddNode>),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BddNode {
    pub atom: Atom,
    pub left: Bdd,
    pub middle: Bdd,
    pub right: Bdd,
}

impl Bdd {
    /// The BDD of exactly one atom.
    pub fn atom(atom: Atom) -> Bdd {
        Bdd::node(atom, Bdd::True, Bdd::False, Bdd::False)
    }

    fn node(atom: Atom, left: Bdd, middle: Bdd, right: Bdd) -> Bdd {
        if middle == Bdd::True {
            return Bdd::True;
        }
        if left == right {
            return left.union(&middle);
        }
        Bdd::Node(Arc::new(BddNode {
            atom,
            left,
            middle,
            right,
        }))
    }

    pub fn is_true(&self) -> bool {
        matches!(self, Bdd::True)
    }

    pub fn is_false(&self) -> bool {
        matches!(self, Bdd::False)
    }

    pub fn union(&self, other: &Bdd) -> Bdd {
        match (self, other) {
            _ if self == other => self.clone(),
            (Bdd::True, _) | (_, Bdd::True) => Bdd::True,
            (Bdd::False, b) | (b, Bdd::False) => b.clone(),
            (Bdd::Node(a), Bdd::Node(b)) => match a.atom.cmp(&b.atom) {
                std::cmp::Ordering::Less => Bdd::node(
                    a.atom,
                    a.left.clone(),
                    a.middle.union(other),
                    a.right.clone(),
                ),
                std::cmp::Ordering::Greater => Bdd::node(
                    b.atom,
                    b.left.clone(),
                    self.union(&b.middle),
                    b.right.clone(),
                ),
                std::cmp::Ordering::Equal => Bdd::node(
                    a.atom,
                    a.left.union(&b.left),
                    a.middle.union(&b.middle),
                    a.right.union(&b.right),
                ),
            },
        }
    }

    pub fn intersect(&self, other: &Bdd) -> Bdd {
        match (self, other) {
            _ if self == other => self.clone(),
            (Bdd::False, _) | (_, Bdd::False) => Bdd::False,
            (Bdd::True, b) | (b, Bdd::True) => b.clone(),
            (Bdd::Node(a), Bdd::Node(b)) => match a.atom.cmp(&b.atom) {
                std::cmp::Ordering::Less => Bdd::node(
                    a.atom,
                    a.left.intersect(other),
                    a.middle.intersect(other),
                    a.right.intersect(other),
                ),
                std::cmp::Ordering::Greater => Bdd::node(
                    b.atom,
                    self.intersect(&b.left),
                    self.intersect(&b.middle),
                    self.intersect(&b.right),
                ),
                std::cmp::Ordering::Equal => Bdd::node(
                    a.atom,
                    a.left.union(&a.middle).intersect(&b.left.union(&b.middle)),
                    a.middle.intersect(&b.middle),
                    a.right
                        .union(&a.middle)
                        .intersect(&b.right.union(&b.middle)),
                ),
            },
        }
    }

    pub fn diff(&self, other: &Bdd) -> Bdd {
        match (self, other) {
            _ if self == other => Bdd::False,
            (Bdd::False, _) | (_, Bdd::True) => Bdd::False,
            (b, Bdd::False) => b.clone(),
            (Bdd::True, b) => b.complement(),
            (Bdd::Node(a), Bdd::Node(b)) => match a.atom.cmp(&b.atom) {
                std::cmp::Ordering::Less => Bdd::node(
                    a.atom,
                    a.left.union(&a.middle).diff(other),
                    Bdd::False,
                    a.right.union(&a.middle).diff(other),
                ),
                std::cmp::Ordering::Greater => Bdd::node(
                    b.atom,
                    self.diff(&b.left.union(&b.middle)),
                    Bdd::False,
                    self.diff(&b.right.union(&b.middle)),
                ),
                std::cmp::Ordering::Equal => Bdd::node(
                    a.atom,
                    a.left.union(&a.middle).diff(&b.left.union(&b.middle)),
                    Bdd::False,
                    a.right.union(&a.middle).diff(&b.right.union(&b.middle)),
                ),
            },
        }
    }

    pub fn complement(&self) -> Bdd {
        match self {
            Bdd::True => Bdd::False,
            Bdd::False => Bdd::True,
            Bdd::Node(n) => {
                // !((a & l) | m | (!a & r)) = (a & !(l|m)) | (!a & !(r|m)), simplified when a
                // branch is empty as in the lazy-BDD papers.
                if n.right.is_false() {
                    Bdd::node(
                        n.atom,
                        n.left.union(&n.middle).complement(),
                        Bdd::False,
                        n.middle.complement(),
                    )
                } else if n.left.is_false() {
                    Bdd::node(
                        n.atom,
                        n.middle.complement(),
                        Bdd::False,
                        n.right.union(&n.middle).complement(),
                    )
                } else {
                    Bdd::node(
                        n.atom,
                        n.left.union(&n.middle).complement(),
                        Bdd::False,
                        n.right.union(&n.middle).complement(),
                    )
                }
            }
        }
    }

    /// Calls `f(pos, neg)` for every path to `True` (each an intersection of positive and
    /// negated atoms); stops and returns false as soon as `f` does.
    pub fn every_path(&self, f: &mut dyn FnMut(&[Atom], &[Atom]) -> bool) -> bool {
        let mut pos = Vec::new();
        let mut neg = Vec::new();
        self.every_path_inner(&mut pos, &mut neg, f)
    }

    fn every_path_inner(
        &self,
        pos: &mut Vec<Atom>,
        neg: &mut Vec<Atom>,
        f: &mut dyn FnMut(&[Atom], &[Atom]) -> bool,
    ) -> bool {
        match self {
            Bdd::False => true,
            Bdd::True => f(pos, neg),
            Bdd::Node(n) => {
                pos.push(n.atom);
                let ok = n.left.every_path_inner(pos, neg, f);
                pos.pop();
                if !ok || !n.middle.every_path_inner(pos, neg, f) {
                    return false;
                }
                neg.push(n.atom);
                let ok = n.right.every_path_inner(pos, neg, f);
                neg.pop();
                ok
            }
        }
    }

    /// Whether a value described by `test` (which says whether the value belongs to an atom)
    /// belongs to the BDD.
    pub fn contains(&self, test: &mut dyn FnMut(Atom) -> bool) -> bool {
        match self {
            Bdd::True => true,
            Bdd::False => false,
            Bdd::Node(n) => {
                if n.middle.contains(test) {
                    return true;
                }
                if test(n.atom) {
                    n.left.contains(test)
                } else {
                    n.right.contains(test)
                }
            }
        }
    }

    /// Every atom mentioned in the BDD, in order, without repetition.
    pub fn atoms(&self) -> Vec<Atom> {
        let mut out = Vec::new();
        self.collect_atoms(&mut out);
        out.sort();
        out.dedup();
        out
    }

    fn collect_atoms(&self, out: &mut Vec<Atom>) {
        if let Bdd::Node(n) = self {
            out.push(n.atom);
            n.left.collect_atoms(out);
            n.middle.collect_atoms(out);
            n.right.collect_atoms(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn algebra_of_atoms() {
        let a = Bdd::atom(Atom::Index(0));
        let b = Bdd::atom(Atom::Index(1));
        assert_eq!(a.union(&a), a);
        assert_eq!(a.intersect(&a.complement()), Bdd::False);
        assert_eq!(a.union(&a.complement()), Bdd::True);
        assert_eq!(a.diff(&a), Bdd::False);
        assert_eq!(a.complement().complement(), a);
        let ab = a.intersect(&b);
        let mut paths = 0;
        ab.every_path(&mut |pos, neg| {
            paths += 1;
            assert_eq!(pos, &[Atom::Index(0), Atom::Index(1)]);
            assert!(neg.is_empty());
            true
        });
        assert_eq!(paths, 1);
        assert!(a.union(&b).contains(&mut |at| at == Atom::Index(1)));
        assert!(!ab.contains(&mut |at| at == Atom::Index(1)));
        assert!(a.diff(&b).contains(&mut |at| at == Atom::Index(0)));
    }
}
