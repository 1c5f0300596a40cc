//! Unit tests: subtyping tables and checks of built and parsed programs.

mod builder;
mod built;
mod golden;
mod parsed;
mod subtyping;
