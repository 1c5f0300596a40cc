//! xml template expressions, lowered to calls of lang.xml natives: each content item is
//! built (`templateElement`, `createComment`, `createProcessingInstruction`, a string
//! constant for text; an interpolation is its value) and the sequence is their `concat`;
//! content that is one element is that element, one interpolation its `templateItem`.
//! Names arrive expanded from the parser (`XmlName::expanded`), so nothing is resolved here.

use crate::emit::FnLower;
use crate::sema::types::basic;
use intc_ir::{Instruction, LangNative, Reg};
use intc_syntax::ast;

impl<'l, 'a> FnLower<'l, 'a> {
    pub(crate) fn xml_template(
        &mut self,
        expr: &ast::Expr,
        template: &'a ast::XmlTemplate,
        dst: Reg,
    ) {
        self.xml_content(&template.content, dst);
        // A template in a readonly context (the checker recorded `T & readonly`) is an
        // immutable value: the built sequence is frozen as `cloneReadOnly` would.
        let key = self.key(expr.id);
        let checked = self.lw.checked;
        let readonly = checked
            .operand_types
            .get(&key)
            .is_some_and(|&ty| matches!(checked.types.get(ty), crate::sema::Type::ReadonlyOf(_)));
        if readonly {
            self.call_lang(LangNative::ValueCloneReadOnly, &[dst], dst);
        }
    }

    fn xml_content(&mut self, nodes: &'a [ast::XmlNode], dst: Reg) {
        // One element or one interpolation is the sequence itself: no `concat` copying it.
        match nodes {
            [ast::XmlNode::Element(element)] => return self.xml_element(element, dst),
            [ast::XmlNode::Interpolation(expr)] => {
                let value = self.value(expr);
                return self.call_lang(LangNative::XmlTemplateItem, &[value], dst);
            }
            _ => {}
        }
        let mut pieces = Vec::with_capacity(nodes.len());
        for node in nodes {
            // `concat` takes an interpolated value as `templateItem` would (xml as it is, a
            // string as text, any other value as its `toString`).
            if let ast::XmlNode::Interpolation(expr) = node {
                let value = self.value(expr);
                pieces.push(value);
                continue;
            }
            let piece = self.reg();
            match node {
                ast::XmlNode::Text(text) => self.load_string(piece, text),
                ast::XmlNode::Interpolation(_) => {}
                ast::XmlNode::Element(element) => self.xml_element(element, piece),
                ast::XmlNode::Comment(content) => {
                    let text = self.xml_pieces(content);
                    self.call_lang(LangNative::XmlCreateComment, &[text], piece);
                }
                ast::XmlNode::Pi { target, content } => {
                    let name = self.reg();
                    self.load_string(name, target);
                    let text = self.xml_pieces(content);
                    self.call_lang(
                        LangNative::XmlCreateProcessingInstruction,
                        &[name, text],
                        piece,
                    );
                }
            }
            pieces.push(piece);
        }
        self.call_lang(LangNative::XmlConcat, &pieces, dst);
    }

    fn xml_element(&mut self, element: &'a ast::XmlElementNode, dst: Reg) {
        let name = self.reg();
        self.load_string(name, &element.name.expanded());
        let prefix = self.reg();
        self.load_string(prefix, element.name.prefix.as_deref().unwrap_or(""));
        let children = self.reg();
        self.xml_content(&element.children, children);
        let mut args = vec![name, prefix, children];
        for attribute in &element.attributes {
            let key = self.reg();
            self.load_string(key, &attribute.name.expanded());
            let value = self.xml_pieces(&attribute.value);
            args.push(key);
            args.push(value);
        }
        self.call_lang(LangNative::XmlTemplateElement, &args, dst);
    }

    /// A navigation step: `navigate(x, kind, patterns...)`.
    pub(crate) fn xml_step(
        &mut self,
        base: &'a ast::Expr,
        step: ast::XmlStepKind,
        patterns: &'a [ast::XmlName],
        dst: Reg,
    ) {
        let value = self.value(base);
        let kind = self.reg();
        self.emit(Instruction::LoadInt {
            dst: kind,
            value: step.code(),
        });
        let mut args = vec![value, kind];
        for pattern in patterns {
            let reg = self.reg();
            let text = if pattern.prefix.is_none() && pattern.local == "*" {
                "*".to_string()
            } else {
                pattern.expanded()
            };
            self.load_string(reg, &text);
            args.push(reg);
        }
        self.call_lang(LangNative::XmlNavigate, &args, dst);
    }

    /// Whether `expr`'s static type is xml (or `xml?`): field access on it reads an attribute.
    pub(crate) fn is_xml(&mut self, expr: &'a ast::Expr) -> bool {
        let ty = self.expr_type(expr);
        self.lw.checked.types.basic_mask(ty) & !basic::NIL == basic::XML
    }

    /// `x.name` / `x?.name` on xml.
    pub(crate) fn xml_attribute(
        &mut self,
        base: &'a ast::Expr,
        name: &str,
        optional: bool,
        dst: Reg,
    ) {
        let value = self.value(base);
        let key = self.reg();
        self.load_string(key, name);
        let flag = self.reg();
        self.emit(Instruction::LoadBool {
            dst: flag,
            value: optional,
        });
        self.call_lang(LangNative::XmlAttributeOf, &[value, key, flag], dst);
    }

    /// The string of an attribute value, comment or processing instruction.
    fn xml_pieces(&mut self, pieces: &'a [ast::XmlPiece]) -> Reg {
        let acc = self.reg();
        self.load_string(acc, "");
        for piece in pieces {
            let part = match piece {
                ast::XmlPiece::Text(text) => {
                    let part = self.reg();
                    self.load_string(part, text);
                    part
                }
                ast::XmlPiece::Interpolation(expr) => {
                    let value = self.value(expr);
                    let part = self.reg();
                    self.emit(Instruction::ToString { dst: part, value });
                    part
                }
            };
            self.emit(Instruction::Concat {
                dst: acc,
                a: acc,
                b: part,
            });
        }
        acc
    }
}
