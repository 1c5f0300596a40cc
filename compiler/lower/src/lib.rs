//! intc-lower
