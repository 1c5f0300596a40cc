//! Unit tests: subtyping tables and checks of built and parsed programs.

mod builder;
mod built;
mod dependent;
mod golden;
mod langlib;
mod parsed;
mod strands;
mod subtyping;
