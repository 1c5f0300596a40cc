//! Unit tests: subtyping tables and checks of parsed programs.

mod subtyping;
