//! Regular expressions: an `re` template is a call of the non-public `lang.regexp` native
//! `template` with its literal texts and interpolated values in order (the pattern was
//! checked by the checker); and a program that calls `lang.regexp` gets the class of the
//! `regexp:Span` objects the natives return (`Program::regexp_span`), whose `substring()`
//! method reads the matched string the span keeps in a private field.

use crate::emit::FnLower;
use crate::Lowerer;
use intc_ir as ir;
use intc_ir::{FunctionBuilder, Instruction, LangNative, NativeRef, Reg, TypeKind};
use intc_syntax::ast;

impl<'l, 'a> FnLower<'l, 'a> {
    pub(crate) fn regexp_template(&mut self, parts: &'a [(usize, ast::TemplatePart)], dst: Reg) {
        let mut args = Vec::with_capacity(parts.len());
        for (_, part) in parts {
            match part {
                ast::TemplatePart::Text(text) => {
                    let r = self.reg();
                    self.load_string(r, text);
                    args.push(r);
                }
                ast::TemplatePart::Interpolation(e) => args.push(self.value(e)),
            }
        }
        self.call_lang(LangNative::RegexpTemplate, &args, dst);
    }
}

/// The span class's fields: the two public indices, then the string they index.
pub const SPAN_FIELDS: [&str; 3] = ["startIndex", "endIndex", "$str"];

impl Lowerer<'_> {
    /// Adds the class of `regexp:Span` values when the program calls a `lang.regexp` native.
    pub(crate) fn add_regexp_span_class(&mut self) {
        let uses_regexp = self
            .builder
            .program
            .natives
            .iter()
            .any(|native| matches!(native, NativeRef::Lang(id) if id.module() == "regexp"));
        if !uses_regexp {
            return;
        }
        let int = self.builder.add_anonymous_type(TypeKind::Int);
        let string = self.builder.add_anonymous_type(TypeKind::String);
        let substring_type = self.builder.add_anonymous_type(TypeKind::Function {
            params: Vec::new(),
            rest: None,
            ret: string,
            isolated: true,
            transactional: false,
        });
        let object = self.builder.add_type(ir::TypeDef::named(
            "regexp:Span",
            TypeKind::Object {
                fields: vec![
                    ir::ObjectField {
                        name: SPAN_FIELDS[0].to_string(),
                        ty: int,
                    },
                    ir::ObjectField {
                        name: SPAN_FIELDS[1].to_string(),
                        ty: int,
                    },
                ],
                methods: vec![ir::ObjectMethod {
                    name: "substring".to_string(),
                    ty: substring_type,
                    remote: false,
                }],
                distinct_ids: Vec::new(),
                class: None,
            },
        ));
        let class_id = ir::ClassId(self.builder.program.classes.len() as u32);
        // substring(self): string:substring(self.$str, self.startIndex, self.endIndex).
        let native = self.builder.lang_native(LangNative::StringSubstring);
        let mut f = FunctionBuilder::new("substring", 1, 0);
        f.function_mut().module = Some("lang.regexp".to_string());
        f.function_mut().class = Some(class_id);
        f.function_mut().signature = Some(substring_type);
        let (Ok(args), Ok(result)) = (f.registers(3), f.register()) else {
            return;
        };
        for (i, slot) in [2u16, 0, 1].into_iter().enumerate() {
            f.emit(Instruction::ObjectSlotGet {
                dst: Reg(args.start + i as u16),
                object: Reg(0),
                slot,
            });
        }
        f.emit(Instruction::CallNative {
            dst: result,
            native,
            args,
        });
        f.emit(Instruction::Return { value: result });
        let method = self.builder.add_function(f.finish());
        let field = |name: &str, ty| ir::ClassField {
            name: name.to_string(),
            ty,
            is_final: true,
        };
        self.builder.program.classes.push(ir::Class {
            name: "Span".to_string(),
            module: Some("lang.regexp".to_string()),
            fields: vec![
                field(SPAN_FIELDS[0], int),
                field(SPAN_FIELDS[1], int),
                field(SPAN_FIELDS[2], string),
            ],
            methods: vec![("substring".to_string(), method)],
            ty: object,
            readonly: true,
        });
        self.builder.program.regexp_span = Some(class_id);
    }
}
