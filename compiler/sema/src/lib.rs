//! intc-sema
