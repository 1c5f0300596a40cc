//! Interpreter tests on hand-built IR programs.

mod harness;
mod programs_basic;
mod programs_immediates;
mod programs_structures;
