//! intc-stdlib
