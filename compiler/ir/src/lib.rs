//! intc-ir
