//! intc-driver
