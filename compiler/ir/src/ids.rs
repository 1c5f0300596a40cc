//! Typed indices into the program tables.

use std::fmt;

macro_rules! define_id {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);

        impl $name {
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($prefix, "{}"), self.0)
            }
        }
    };
}

define_id!(
    /// Index into [`crate::Program::functions`].
    FuncId,
    "f"
);
define_id!(
    /// Index into [`crate::Program::classes`].
    ClassId,
    "class"
);
define_id!(
    /// Index into [`crate::Program::types`].
    TypeId,
    "t"
);
define_id!(
    /// Index into [`crate::Program::constants`].
    ConstId,
    "k"
);
define_id!(
    /// Index into [`crate::Program::natives`].
    NativeId,
    "native"
);
define_id!(
    /// Index into [`crate::Program::globals`].
    GlobalId,
    "g"
);
