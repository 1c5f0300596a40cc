//! Unit tests of the lowering.

mod e2e;
mod kit;
mod run;
mod shape;
