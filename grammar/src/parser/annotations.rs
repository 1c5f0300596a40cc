//! Grammar actions for annotation declarations (`annotation T tag on type, function;`).

use super::helpers::Ctx;
use crate::ast::{
    Annotation, AnnotationDecl, AttachPoint, AttachPointKind, Ident, TypeDesc, Visibility,
};
use intc_span::Span;

/// The parts of `annotation [T] tag [on points];` after the qualifiers.
pub type AnnotationDeclRest = (Option<TypeDesc>, Ident, Vec<AttachPoint>);

pub fn annotation_decl(
    annots: Vec<Annotation>,
    visibility: Visibility,
    is_const: bool,
    rest: AnnotationDeclRest,
    span: Span,
) -> AnnotationDecl {
    let (ty, name, attach_points) = rest;
    AnnotationDecl {
        doc: Vec::new(),
        annots,
        visibility,
        is_const,
        ty,
        name,
        attach_points,
        span,
    }
}

/// One attach point from its words; an unknown combination is a syntax error (and is read as
/// `type`, so the declaration stays usable).
pub fn attach_point(ctx: &mut Ctx, words: Vec<String>, span: Span) -> AttachPoint {
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    match AttachPointKind::from_words(&words) {
        Some((source, kind)) => AttachPoint { source, kind, span },
        None => {
            ctx.error(
                span,
                format!("invalid annotation attach point '{}'", words.join(" ")),
            );
            AttachPoint {
                source: false,
                kind: AttachPointKind::Type,
                span,
            }
        }
    }
}
