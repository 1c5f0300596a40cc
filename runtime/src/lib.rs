//! intc-runtime
