//! Unit tests of the lowering.

mod annotations;
mod e2e;
mod e2e_more;
mod kit;
mod run;
mod shape;
mod strands;
