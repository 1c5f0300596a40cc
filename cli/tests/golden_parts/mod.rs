//! Support modules of the golden runner.

pub mod diff;
pub mod discovery;
pub mod execution;
pub mod markers;
