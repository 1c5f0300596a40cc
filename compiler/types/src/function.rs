//! Function types: constructors, emptiness (Frisch/Castagna/Benzaken, "Semantic subtyping",
//! with the formulation of Castagna's "Covariance and contravariance: a fresh look") and the
//! return-type projection.

use crate::basic::BasicTypeCode;
use crate::bdd::{Atom, Bdd};
use crate::env::{Env, FunctionAtom};
use crate::list::index;
use crate::semtype::{SemType, SubtypeData};

/// The distinct atom of isolated functions ([`Env::isolated_functions`]).
const ISOLATED: u32 = 0;
/// The distinct atom of transactional functions ([`Env::transactional_functions`]).
const TRANSACTIONAL: u32 = 1;

/// A function signature as written: `function (P1, P2 = .., R...) returns T`.
#[derive(Clone, Debug)]
pub struct Signature {
    /// Types of the required and defaultable parameters, in order.
    pub params: Vec<SemType>,
    /// How many leading `params` are required (the others have defaults).
    pub required: usize,
    /// The rest parameter's element type.
    pub rest: Option<SemType>,
    pub ret: SemType,
}

impl Env {
    /// The argument-list type a signature accepts: a union of tuples, one per number of
    /// defaultable arguments passed, the longest with the rest parameter.
    pub fn parameter_list_type(&mut self, sig: &Signature) -> SemType {
        let required = sig.required.min(sig.params.len());
        let mut t = SemType::never();
        for n in required..sig.params.len() {
            t = t.union(&self.tuple(&sig.params[..n], None));
        }
        let full = self.tuple(&sig.params, sig.rest.as_ref());
        t.union(&full)
    }

    /// The type of functions with this signature.
    pub fn function_type(&mut self, sig: &Signature) -> SemType {
        let params = self.parameter_list_type(sig);
        self.function_type_of(params, sig.ret.clone())
    }

    /// The type of functions taking argument lists of `params` and returning `ret`.
    pub fn function_type_of(&mut self, params: SemType, ret: SemType) -> SemType {
        let i = self.intern_function(FunctionAtom { params, ret });
        SemType::from_subtype(
            BasicTypeCode::FUNCTION,
            SubtypeData::Bdd(Bdd::atom(Atom::Index(i))),
        )
    }

    pub(crate) fn function_bdd_empty(&self, bdd: &Bdd) -> bool {
        self.memo_empty(BasicTypeCode::FUNCTION, bdd, |env| {
            bdd.every_path(&mut |pos, neg| env.function_path_empty(pos, neg))
        })
    }

    /// The isolated functions: `isolated function (A) returns R` is the intersection of
    /// this with `function (A) returns R`. Isolation is a property of a function value that
    /// its arrows do not determine, so it is a distinct atom of the function BDD (as a
    /// `distinct` identity is for errors): independent of every arrow.
    pub fn isolated_functions(&self) -> SemType {
        SemType::from_subtype(
            BasicTypeCode::FUNCTION,
            SubtypeData::Bdd(Bdd::atom(Atom::Distinct(ISOLATED))),
        )
    }

    /// The transactional functions (those declared `transactional`, callable only in a
    /// transactional scope). Spec "Function types": a function value with the transactional
    /// bit belongs only to transactional function types, so `function (A) returns R` is the
    /// arrow minus these, and `transactional function (A) returns R` the whole arrow (the
    /// opposite direction from isolated).
    pub fn transactional_functions(&self) -> SemType {
        SemType::from_subtype(
            BasicTypeCode::FUNCTION,
            SubtypeData::Bdd(Bdd::atom(Atom::Distinct(TRANSACTIONAL))),
        )
    }

    /// A conjunction of arrows minus arrows is empty iff one negated arrow `t1 -> t2` is
    /// implied: `t1` lies in the union of the positive domains and `phi(t1, !t2, pos)`.
    /// The isolation atom excludes only itself: a path holding it both positively and
    /// negatively is empty, otherwise it does not change the arrows' answer.
    fn function_path_empty(&self, pos: &[Atom], neg: &[Atom]) -> bool {
        if neg
            .iter()
            .any(|n| matches!(n, Atom::Distinct(_)) && pos.contains(n))
        {
            return true;
        }
        let pos: Vec<&FunctionAtom> = pos
            .iter()
            .filter(|a| matches!(a, Atom::Index(_)))
            .map(|a| self.function_atom(index(*a)))
            .collect();
        let domain = pos
            .iter()
            .fold(SemType::never(), |acc, a| acc.union(&a.params));
        neg.iter().filter(|a| matches!(a, Atom::Index(_))).any(|a| {
            let n = self.function_atom(index(*a));
            self.is_subtype(&n.params, &domain) && self.phi(&n.params, &n.ret.complement(), &pos)
        })
    }

    /// Castagna's Φ(t1, t2, P): every function in all arrows of P maps some part of t1 outside
    /// t2 — or rather, no function of P can return a value of t2 for an argument in t1.
    fn phi(&self, t1: &SemType, t2: &SemType, pos: &[&FunctionAtom]) -> bool {
        let Some((p, others)) = pos.split_first() else {
            return self.is_empty(t1) || self.is_empty(t2);
        };
        (self.is_subtype(t1, &p.params) || self.phi(&t1.diff(&p.params), t2, others))
            && (self.is_subtype(t2, &p.ret.complement())
                || self.phi(t1, &t2.intersect(&p.ret), others))
    }

    /// The type a call of a function of type `ty` with arguments of the list type `args`
    /// returns: for each conjunction of arrows, the intersection of the return types of the
    /// arrows whose domain accepts `args`; `any|error` if none does. Only the function part
    /// of `ty` counts.
    pub fn function_return_type(&self, ty: &SemType, args: &SemType) -> SemType {
        if ty.all_bits() & BasicTypeCode::FUNCTION.bit() != 0 {
            return SemType::val();
        }
        let Some(SubtypeData::Bdd(bdd)) = ty.subtype(BasicTypeCode::FUNCTION) else {
            return SemType::never();
        };
        let mut out = SemType::never();
        bdd.every_path(&mut |pos, _| {
            let mut ret: Option<SemType> = None;
            for a in pos.iter().filter(|a| matches!(a, Atom::Index(_))) {
                let f = self.function_atom(index(*a));
                if self.is_subtype(args, &f.params) {
                    ret = Some(match ret {
                        None => f.ret.clone(),
                        Some(r) => r.intersect(&f.ret),
                    });
                }
            }
            out = out.union(&ret.unwrap_or_else(SemType::val));
            true
        });
        out
    }

    /// The parameter list type and return type when the function part of `ty` is a single
    /// arrow (a function type as written).
    pub fn function_atom_of(&self, ty: &SemType) -> Option<(SemType, SemType)> {
        let i = crate::mapping::single_atom(ty, BasicTypeCode::FUNCTION)?;
        let f = self.function_atom(i);
        Some((f.params.clone(), f.ret.clone()))
    }
}
