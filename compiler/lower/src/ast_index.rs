//! An index from node keys to the default-value expressions the checker refers to by key
//! (parameter defaults, record field defaults, class field defaults), built once by walking the
//! module-level items and their type descriptors; also the values of annotations on them.

use crate::sema;
use intc_span::FileId;
use intc_syntax::ast;
use sema::NodeKey;
use std::collections::HashMap;

#[derive(Default)]
pub(crate) struct AstIndex<'a> {
    exprs: HashMap<NodeKey, &'a ast::Expr>,
}

impl<'a> AstIndex<'a> {
    pub(crate) fn build(modules: &'a [sema::SourceModule]) -> AstIndex<'a> {
        let mut index = AstIndex::default();
        for module in modules {
            for file in &module.files {
                for item in &file.items {
                    index.item(file.file, item);
                }
            }
        }
        index
    }

    /// The expression with this key, if it is one of the indexed defaults.
    pub(crate) fn expr(&self, key: NodeKey) -> Option<&'a ast::Expr> {
        self.exprs.get(&key).copied()
    }

    fn add(&mut self, file: FileId, expr: &'a ast::Expr) {
        self.exprs.insert(NodeKey::new(file, expr.id), expr);
    }

    fn annots(&mut self, file: FileId, annots: &'a [ast::Annotation]) {
        for annot in annots {
            if let Some(value) = &annot.value {
                self.add(file, value);
            }
        }
    }

    fn item(&mut self, file: FileId, item: &'a ast::Item) {
        match item {
            ast::Item::Function(function) => {
                self.annots(file, &function.annots);
                self.signature(file, &function.signature);
            }
            ast::Item::TypeDef(def) => {
                self.annots(file, &def.annots);
                self.type_desc(file, &def.ty, 0);
            }
            ast::Item::Const(def) => {
                if let Some(ty) = &def.ty {
                    self.type_desc(file, ty, 0);
                }
            }
            ast::Item::Var(var) => {
                self.annots(file, &var.annots);
                if let Some(ty) = &var.ty {
                    self.type_desc(file, ty, 0);
                }
            }
            ast::Item::Class(class) => {
                self.annots(file, &class.annots);
                self.class_members(file, &class.members);
            }
            ast::Item::Enum(def) => self.annots(file, &def.annots),
            ast::Item::Annotation(_) | ast::Item::Error(_) => {}
        }
    }

    /// Class members (also used for object constructors met during lowering).
    pub(crate) fn class_members(&mut self, file: FileId, members: &'a [ast::ClassMember]) {
        for member in members {
            match member {
                ast::ClassMember::Field(field) => {
                    self.annots(file, &field.annots);
                    self.type_desc(file, &field.ty, 0);
                    if let Some(default) = &field.default {
                        self.add(file, default);
                    }
                }
                ast::ClassMember::Method(method) => {
                    self.annots(file, &method.annots);
                    self.signature(file, &method.signature);
                }
                ast::ClassMember::Inclusion(ty) => self.type_desc(file, ty, 0),
            }
        }
    }

    pub(crate) fn signature(&mut self, file: FileId, signature: &'a ast::FunctionSignature) {
        self.annots(file, &signature.return_annots);
        for param in &signature.params {
            self.annots(file, &param.annots);
            self.type_desc(file, &param.ty, 0);
            if let Some(default) = &param.default {
                self.add(file, default);
            }
        }
        if let Some(ret) = &signature.return_type {
            self.type_desc(file, ret, 0);
        }
    }

    /// Indexes record field defaults inside a type descriptor. Depth is bounded because the
    /// parser limits nesting; the explicit limit keeps a malformed tree from recursing forever.
    pub(crate) fn type_desc(&mut self, file: FileId, ty: &'a ast::TypeDesc, depth: u32) {
        if depth > 256 {
            return;
        }
        let depth = depth + 1;
        match &ty.kind {
            ast::TypeDescKind::Record(record) => {
                for field in &record.fields {
                    self.annots(file, &field.annots);
                    self.type_desc(file, &field.ty, depth);
                    if let Some(default) = &field.default {
                        self.add(file, default);
                    }
                }
                for inclusion in &record.inclusions {
                    self.type_desc(file, inclusion, depth);
                }
                if let Some(rest) = &record.rest {
                    self.type_desc(file, rest, depth);
                }
            }
            ast::TypeDescKind::Array { element, .. } => self.type_desc(file, element, depth),
            ast::TypeDescKind::Tuple { members, rest } => {
                for member in members {
                    self.type_desc(file, member, depth);
                }
                if let Some(rest) = rest {
                    self.type_desc(file, rest, depth);
                }
            }
            ast::TypeDescKind::Map(inner)
            | ast::TypeDescKind::Optional(inner)
            | ast::TypeDescKind::Error(inner)
            | ast::TypeDescKind::Typedesc(inner)
            | ast::TypeDescKind::Distinct(inner)
            | ast::TypeDescKind::Isolated(inner) => self.type_desc(file, inner, depth),
            ast::TypeDescKind::Union(members) | ast::TypeDescKind::Intersection(members) => {
                for member in members {
                    self.type_desc(file, member, depth);
                }
            }
            ast::TypeDescKind::Function(signature) => self.signature(file, signature),
            ast::TypeDescKind::Object { members, .. } => {
                for member in members {
                    match member {
                        ast::ObjectTypeMember::Field(field) => {
                            self.type_desc(file, &field.ty, depth);
                        }
                        ast::ObjectTypeMember::Method { signature, .. } => {
                            self.signature(file, signature);
                        }
                        ast::ObjectTypeMember::Inclusion(ty) => self.type_desc(file, ty, depth),
                    }
                }
            }
            ast::TypeDescKind::Builtin(_)
            | ast::TypeDescKind::Nil
            | ast::TypeDescKind::Named { .. }
            | ast::TypeDescKind::Singleton(_)
            | ast::TypeDescKind::Error_ => {}
        }
    }
}
