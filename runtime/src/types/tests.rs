//! Type table tests.
