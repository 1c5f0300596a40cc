//! xml template expressions, lowered to calls of lang.xml natives. An element is one
//! `templateElement` call whose arguments are its name, prefix, attributes and content
//! pieces, each evaluated straight into the call's argument window: an interpolation is its
//! value (xml as it is, a string as a text shared with it, another simple value as its
//! `toString`), a nested element its own `templateElement`, a text a string constant. Other
//! content is the `concat` of its pieces, evaluated the same way; content that is one
//! element is that element, one interpolation its `templateItem`. Names arrive expanded
//! from the parser (`XmlName::expanded`), so nothing is resolved here.

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
        // `concat` takes an interpolated value as `templateItem` would (xml as it is, a
        // string as text, any other value as its `toString`).
        let window = self.regs(nodes.len());
        for (i, node) in nodes.iter().enumerate() {
            self.xml_node(node, Reg(window.start + i as u16));
        }
        let native = self.lw.builder.lang_native(LangNative::XmlConcat);
        self.emit(Instruction::CallNative {
            dst,
            native,
            args: window,
        });
    }

    /// One content item, as an argument of `concat` or `templateElement`.
    fn xml_node(&mut self, node: &'a ast::XmlNode, dst: Reg) {
        match node {
            ast::XmlNode::Interpolation(expr) => self.value_into(expr, dst),
            ast::XmlNode::Text(text) => self.load_string(dst, text),
            ast::XmlNode::Element(element) => self.xml_element(element, dst),
            ast::XmlNode::Comment(content) => {
                let text = self.reg();
                self.xml_pieces(content, text);
                self.call_lang(LangNative::XmlCreateComment, &[text], dst);
            }
            ast::XmlNode::Pi { target, content } => {
                let name = self.reg();
                self.load_string(name, target);
                let text = self.reg();
                self.xml_pieces(content, text);
                self.call_lang(
                    LangNative::XmlCreateProcessingInstruction,
                    &[name, text],
                    dst,
                );
            }
        }
    }

    /// `templateElement(name, prefix, attributeCount, attrName1, attrValue1, ...,
    /// content...)`, the arguments evaluated in source order (attributes, then content).
    fn xml_element(&mut self, element: &'a ast::XmlElementNode, dst: Reg) {
        let attributes = &element.attributes;
        let content = &element.children;
        let window = self.regs(3 + 2 * attributes.len() + content.len());
        let at = |i: usize| Reg(window.start + i as u16);
        self.load_string(at(0), &element.name.expanded());
        self.load_string(at(1), element.name.prefix.as_deref().unwrap_or(""));
        self.emit(Instruction::LoadInt {
            dst: at(2),
            value: attributes.len() as i64,
        });
        for (i, attribute) in attributes.iter().enumerate() {
            self.load_string(at(3 + 2 * i), &attribute.name.expanded());
            self.xml_pieces(&attribute.value, at(4 + 2 * i));
        }
        let first = 3 + 2 * attributes.len();
        for (i, node) in content.iter().enumerate() {
            self.xml_node(node, at(first + i));
        }
        let native = self.lw.builder.lang_native(LangNative::XmlTemplateElement);
        self.emit(Instruction::CallNative {
            dst,
            native,
            args: window,
        });
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

    /// The string of an attribute value, comment or processing instruction, into `dst`: one
    /// interpolation is its `toString` (a string as it is, shared), one text its constant.
    fn xml_pieces(&mut self, pieces: &'a [ast::XmlPiece], dst: Reg) {
        let Some((first, rest)) = pieces.split_first() else {
            return self.load_string(dst, "");
        };
        self.xml_piece(first, dst);
        for piece in rest {
            let part = self.reg();
            self.xml_piece(piece, part);
            self.emit(Instruction::Concat {
                dst,
                a: dst,
                b: part,
            });
        }
    }

    fn xml_piece(&mut self, piece: &'a ast::XmlPiece, dst: Reg) {
        match piece {
            ast::XmlPiece::Text(text) => self.load_string(dst, text),
            ast::XmlPiece::Interpolation(expr) => {
                let value = self.value(expr);
                self.emit(Instruction::ToString { dst, value });
            }
        }
    }
}
