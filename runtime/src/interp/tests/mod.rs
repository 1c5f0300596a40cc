//! Interpreter tests on hand-built IR programs.

mod events;
mod fast_loop;
mod harness;
mod programs_basic;
mod programs_immediates;
mod programs_structures;
mod replica;
mod strand_context;
mod strands;
mod workers;
