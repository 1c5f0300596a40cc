//! Unit tests of the lowering.


mod kit;
mod run;
mod shape;
