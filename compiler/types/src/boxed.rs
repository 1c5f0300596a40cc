//! Covariant type constructors: `typedesc<T>`, `future<T>`, `stream<T, C>` and `table<R>`.
//!
//! A value of one of these basic types is characterised by its type parameters (the type a
//! typedesc describes, a future's result type, a stream's value and completion types, a
//! table's row type), and belongs to `C<T>` iff its parameters are subtypes of `T`. An atom is
//! one such constraint. A conjunction `C<P1> & ... & !C<N1> & ...` is inhabited iff the
//! largest candidate, with parameters the intersection `P` of the `Pi`, escapes every
//! negated atom, i.e. iff no `Nj` contains `P` parameter-wise (a smaller candidate can only
//! escape fewer atoms). A table atom has three parameters: the row type, the key sequence and
//! the key values (`table.rs`).

use crate::basic::{bits, BasicTypeCode};
use crate::bdd::{Atom, Bdd};
use crate::env::{BoxAtom, Env};
use crate::list::index;
use crate::semtype::{SemType, SubtypeData};

impl Env {
    fn boxed(&mut self, code: BasicTypeCode, params: Vec<SemType>) -> SemType {
        let i = self.intern_box(BoxAtom { params });
        SemType::from_subtype(code, SubtypeData::Bdd(Bdd::atom(Atom::Index(i))))
    }

    /// `typedesc<T>`.
    pub fn typedesc(&mut self, described: &SemType) -> SemType {
        self.boxed(BasicTypeCode::TYPEDESC, vec![described.clone()])
    }

    /// `future<T>`.
    pub fn future(&mut self, result: &SemType) -> SemType {
        self.boxed(BasicTypeCode::FUTURE, vec![result.clone()])
    }

    /// `stream<T, C>` (`stream<T>` has `C` = `()`).
    pub fn stream(&mut self, value: &SemType, completion: &SemType) -> SemType {
        self.boxed(
            BasicTypeCode::STREAM,
            vec![value.clone(), completion.clone()],
        )
    }

    /// `table<R> KC`, mutable and immutable, from its three parameters (`table.rs`).
    pub(crate) fn table_of_params(&mut self, params: Vec<SemType>) -> SemType {
        let ro = self.boxed(BasicTypeCode::TABLE_RO, params.clone());
        let rw = self.boxed(BasicTypeCode::TABLE_RW, params);
        ro.union(&rw)
    }

    /// The parameters of the unconstrained value of a boxed basic type.
    pub(crate) fn box_top(code: BasicTypeCode) -> Vec<SemType> {
        match code {
            BasicTypeCode::STREAM => vec![SemType::val(), SemType::val()],
            BasicTypeCode::TABLE_RO => vec![
                SemType::from_bits(bits::MAPPING_RO_ONLY),
                SemType::val(),
                SemType::val(),
            ],
            BasicTypeCode::TABLE_RW => vec![
                SemType::from_bits(bits::MAPPING),
                SemType::val(),
                SemType::val(),
            ],
            _ => vec![SemType::val()],
        }
    }

    pub(crate) fn box_bdd_empty(&self, code: BasicTypeCode, bdd: &Bdd) -> bool {
        self.memo_empty(code, bdd, |env| {
            bdd.every_path(&mut |pos, neg| {
                let mut params = Env::box_top(code);
                for a in pos {
                    let atom = env.box_atom(index(*a));
                    for (p, q) in params.iter_mut().zip(&atom.params) {
                        *p = p.intersect(q);
                    }
                }
                neg.iter().any(|a| {
                    let atom = env.box_atom(index(*a));
                    params
                        .iter()
                        .zip(&atom.params)
                        .all(|(p, n)| env.is_subtype(p, n))
                })
            })
        })
    }

    /// Whether a value of a boxed basic type with type parameters `params` belongs to `ty`.
    pub(crate) fn box_contains(
        &self,
        ty: &SemType,
        code: BasicTypeCode,
        params: &[SemType],
    ) -> bool {
        if ty.all_bits() & code.bit() != 0 {
            return true;
        }
        let Some(SubtypeData::Bdd(bdd)) = ty.subtype(code) else {
            return false;
        };
        bdd.contains(&mut |a| {
            let atom = self.box_atom(index(a));
            params
                .iter()
                .zip(&atom.params)
                .all(|(p, n)| self.is_subtype(p, n))
        })
    }

    /// Type parameter `position` of the boxed part `code` of `ty` (0: `T` of `typedesc<T>`,
    /// `future<T>`, `stream<T, C>`, `table<T>`; 1: `C` of `stream<T, C>`):
    /// the union over the conjunctions of the intersection of their positive atoms.
    pub fn box_parameter(&self, ty: &SemType, code: BasicTypeCode, position: usize) -> SemType {
        let top = Env::box_top(code);
        let top_param = top.get(position).cloned().unwrap_or_else(SemType::val);
        if ty.all_bits() & code.bit() != 0 {
            return top_param;
        }
        let Some(SubtypeData::Bdd(bdd)) = ty.subtype(code) else {
            return SemType::never();
        };
        let mut out = SemType::never();
        bdd.every_path(&mut |pos, _| {
            let t = pos.iter().fold(top_param.clone(), |acc, a| {
                match self.box_atom(index(*a)).params.get(position) {
                    Some(p) => acc.intersect(p),
                    None => acc,
                }
            });
            out = out.union(&t);
            true
        });
        out
    }
}
