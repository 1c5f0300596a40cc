//! What the checker records about streams for lowering.

use crate::model::TypeId;

/// A `new` expression constructing a stream (spec "New expression").
#[derive(Clone, Debug, PartialEq)]
pub struct NewStreamInfo {
    /// The stream type constructed (a `Type::Stream`).
    pub ty: TypeId,
    /// Whether an implementor object is passed (else the stream is empty).
    pub implementor: bool,
}
