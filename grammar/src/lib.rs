//! intc-syntax
