//! Ordered types (spec "Ordering"): `()`, `boolean`, `int`, `float`, `decimal`, `string`,
//! `T?` of an ordered `T`, and lists whose members are ordered. The relational operators need
//! one ordered type to which both operands belong.

use crate::model::{Type, TypeArena, TypeId};
use crate::types::basic;

/// The ordered type a value set belongs to, up to what matters for comparing.
#[derive(Clone, Debug, PartialEq)]
enum Ordered {
    /// Only `()` (or no values): compares with any ordered type.
    Nil,
    /// One ordered basic type (its mask), possibly with `()`.
    Basic(u32),
    /// Lists: the ordered type of each leading position, then of every later position
    /// (`[T, rest]` is ordered when `T` and `[rest]` are: positions may differ).
    List(Vec<Ordered>, Box<Ordered>),
}

/// Lists nest no deeper than this in practice; deeper list types count as unordered rather
/// than recursing without bound.
const MAX_DEPTH: u32 = 32;

impl TypeArena {
    /// Whether there is an ordered type to which values of both `a` and `b` belong.
    pub fn ordered_together(&self, a: TypeId, b: TypeId) -> bool {
        match (
            self.ordered(a, &mut Vec::new()),
            self.ordered(b, &mut Vec::new()),
        ) {
            (Some(x), Some(y)) => join(x, y).is_some(),
            _ => false,
        }
    }

    /// `visiting` holds the list types being examined: meeting one again (a recursive type
    /// such as `type L L[];`) stands for "some list", whose members the outer visit checks.
    fn ordered(&self, ty: TypeId, visiting: &mut Vec<TypeId>) -> Option<Ordered> {
        if visiting.len() as u32 > MAX_DEPTH {
            return None;
        }
        if visiting.contains(&ty) {
            return Some(Ordered::List(Vec::new(), Box::new(Ordered::Nil)));
        }
        if let Type::ReadonlyOf(inner) = self.get(ty) {
            return self.ordered(*inner, visiting);
        }
        let mask = self.basic_mask(ty) & !basic::NIL;
        let scalar = basic::BOOLEAN | basic::NUMBER | basic::STRING;
        if mask == 0 {
            return Some(Ordered::Nil);
        }
        if mask.count_ones() == 1 && mask & scalar != 0 {
            return Some(Ordered::Basic(mask));
        }
        if mask != basic::LIST {
            return None;
        }
        visiting.push(ty);
        let list = self.ordered_lists(ty, visiting);
        visiting.pop();
        list
    }

    fn ordered_lists(&self, ty: TypeId, visiting: &mut Vec<TypeId>) -> Option<Ordered> {
        let mut list: Option<Ordered> = None;
        for member in self.members(ty) {
            let (leading, rest) = match self.get(member) {
                Type::Nil => continue,
                Type::ReadonlyOf(inner) => match self.ordered(*inner, visiting)? {
                    Ordered::List(leading, rest) => (leading, *rest),
                    _ => return None,
                },
                Type::Array { element, .. } => (Vec::new(), self.ordered(*element, visiting)?),
                Type::Tuple { members, rest } => {
                    let mut leading = Vec::new();
                    for m in members {
                        leading.push(self.ordered(*m, visiting)?);
                    }
                    let rest = match rest {
                        Some(r) => self.ordered(*r, visiting)?,
                        None => Ordered::Nil,
                    };
                    (leading, rest)
                }
                _ => return None,
            };
            let this = Ordered::List(leading, Box::new(rest));
            list = Some(match list {
                Some(previous) => join(previous, this)?,
                None => this,
            });
        }
        list.or(Some(Ordered::Nil))
    }
}

fn join(a: Ordered, b: Ordered) -> Option<Ordered> {
    match (a, b) {
        (Ordered::Nil, other) | (other, Ordered::Nil) => Some(other),
        (Ordered::Basic(x), Ordered::Basic(y)) if x == y => Some(Ordered::Basic(x)),
        (Ordered::List(xs, x_rest), Ordered::List(ys, y_rest)) => {
            let positions = xs.len().max(ys.len());
            let mut leading = Vec::with_capacity(positions);
            for i in 0..positions {
                let x = xs.get(i).cloned().unwrap_or_else(|| (*x_rest).clone());
                let y = ys.get(i).cloned().unwrap_or_else(|| (*y_rest).clone());
                leading.push(join(x, y)?);
            }
            Some(Ordered::List(leading, Box::new(join(*x_rest, *y_rest)?)))
        }
        _ => None,
    }
}
