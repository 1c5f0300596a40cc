//! Subtypes of int: sorted, disjoint, non-adjacent inclusive ranges.

/// One inclusive range of ints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Range {
    pub min: i64,
    pub max: i64,
}

/// A proper subtype of int (neither empty nor all of int when held in a `SemType`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct IntSubtype {
    ranges: Vec<Range>,
}

impl IntSubtype {
    /// The ints in `min..=max` (`min <= max`).
    pub fn range(min: i64, max: i64) -> IntSubtype {
        IntSubtype {
            ranges: vec![Range { min, max }],
        }
    }

    pub fn ranges(&self) -> &[Range] {
        &self.ranges
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    pub fn is_all(&self) -> bool {
        self.ranges
            == [Range {
                min: i64::MIN,
                max: i64::MAX,
            }]
    }

    pub fn contains(&self, v: i64) -> bool {
        let i = self.ranges.partition_point(|r| r.max < v);
        self.ranges.get(i).is_some_and(|r| r.min <= v)
    }

    /// The one value, if there is exactly one.
    pub fn single(&self) -> Option<i64> {
        match self.ranges.as_slice() {
            [r] if r.min == r.max => Some(r.min),
            _ => None,
        }
    }

    /// Number of values, saturating.
    pub fn count(&self) -> u128 {
        self.ranges
            .iter()
            .map(|r| (r.max as i128 - r.min as i128 + 1) as u128)
            .sum()
    }

    pub fn union(&self, other: &IntSubtype) -> IntSubtype {
        let mut all: Vec<Range> = self.ranges.iter().chain(&other.ranges).copied().collect();
        all.sort();
        let mut out: Vec<Range> = Vec::with_capacity(all.len());
        for r in all {
            match out.last_mut() {
                Some(last) if last.max == i64::MAX || r.min <= last.max + 1 => {
                    last.max = last.max.max(r.max);
                }
                _ => out.push(r),
            }
        }
        IntSubtype { ranges: out }
    }

    pub fn intersect(&self, other: &IntSubtype) -> IntSubtype {
        let mut out = Vec::new();
        let (mut i, mut j) = (0, 0);
        while i < self.ranges.len() && j < other.ranges.len() {
            let a = self.ranges[i];
            let b = other.ranges[j];
            let min = a.min.max(b.min);
            let max = a.max.min(b.max);
            if min <= max {
                out.push(Range { min, max });
            }
            if a.max < b.max {
                i += 1;
            } else {
                j += 1;
            }
        }
        IntSubtype { ranges: out }
    }

    pub fn complement(&self) -> IntSubtype {
        let mut out = Vec::new();
        let mut next = Some(i64::MIN);
        for r in &self.ranges {
            if let Some(n) = next {
                if r.min > n {
                    out.push(Range {
                        min: n,
                        max: r.min - 1,
                    });
                }
            }
            next = r.max.checked_add(1);
        }
        if let Some(n) = next {
            out.push(Range {
                min: n,
                max: i64::MAX,
            });
        }
        IntSubtype { ranges: out }
    }

    pub fn diff(&self, other: &IntSubtype) -> IntSubtype {
        self.intersect(&other.complement())
    }
}

/// The built-in subtypes of int, by their Ballerina names.
/// The built-in subtypes of int (`byte` and the `int:` module's types): the one definition the
/// checker, the IR and the runtime share.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BuiltinIntSubtype {
    /// `byte` = `int:Unsigned8`.
    Byte,
    Signed8,
    Signed16,
    Signed32,
    Unsigned16,
    Unsigned32,
}

impl BuiltinIntSubtype {
    /// Every built-in subtype, in the order names are preferred when printing.
    pub const ALL: [BuiltinIntSubtype; 6] = [
        BuiltinIntSubtype::Byte,
        BuiltinIntSubtype::Signed8,
        BuiltinIntSubtype::Signed16,
        BuiltinIntSubtype::Signed32,
        BuiltinIntSubtype::Unsigned16,
        BuiltinIntSubtype::Unsigned32,
    ];

    /// Inclusive value range.
    pub fn range(self) -> (i64, i64) {
        match self {
            BuiltinIntSubtype::Byte => (0, 255),
            BuiltinIntSubtype::Signed8 => (-128, 127),
            BuiltinIntSubtype::Signed16 => (-32768, 32767),
            BuiltinIntSubtype::Signed32 => (i32::MIN as i64, i32::MAX as i64),
            BuiltinIntSubtype::Unsigned16 => (0, 65535),
            BuiltinIntSubtype::Unsigned32 => (0, u32::MAX as i64),
        }
    }

    /// The Ballerina spelling (`byte`, `int:Signed32`).
    pub fn name(self) -> &'static str {
        match self {
            BuiltinIntSubtype::Byte => "byte",
            BuiltinIntSubtype::Signed8 => "int:Signed8",
            BuiltinIntSubtype::Signed16 => "int:Signed16",
            BuiltinIntSubtype::Signed32 => "int:Signed32",
            BuiltinIntSubtype::Unsigned16 => "int:Unsigned16",
            BuiltinIntSubtype::Unsigned32 => "int:Unsigned32",
        }
    }

    /// The set of its values.
    pub fn semtype(self) -> crate::SemType {
        let (lo, hi) = self.range();
        crate::SemType::int_range(lo, hi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_algebra() {
        let a = IntSubtype::range(0, 10);
        let b = IntSubtype::range(5, 20);
        assert_eq!(a.intersect(&b), IntSubtype::range(5, 10));
        assert_eq!(a.union(&b), IntSubtype::range(0, 20));
        assert_eq!(a.diff(&b), IntSubtype::range(0, 4));
        assert_eq!(
            IntSubtype::range(0, 4).union(&IntSubtype::range(5, 9)),
            IntSubtype::range(0, 9)
        );
        assert!(a.complement().complement() == a);
        assert!(IntSubtype::range(i64::MIN, i64::MAX)
            .complement()
            .is_empty());
        assert!(a.contains(10) && !a.contains(11) && !a.contains(-1));
        assert_eq!(IntSubtype::range(3, 3).single(), Some(3));
        assert_eq!(a.complement().ranges().len(), 2);
    }
}
