//! intc-lower: lowers the checked program to IR.
