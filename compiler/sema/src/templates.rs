//! The lang.object types `object:RawTemplate` and `object:Iterable`, the methods of range
//! objects, raw template expressions (`` `x ${v} y` ``) and iteration over iterable objects.

use crate::checker::Checker;
use crate::model::*;
use intc_diagnostics::codes;
use intc_syntax::ast;

impl<'a> Checker<'a> {
    /// `object:RawTemplate`: `distinct object { public (readonly & string[]) strings;
    /// public (any|error)[] insertions; }` (one identity for the whole program).
    pub(crate) fn raw_template_type(&mut self) -> TypeId {
        if let Some(&ty) = self.lang_objects.get("RawTemplate") {
            return ty;
        }
        let strings = self.readonly_strings();
        let insertions = self.p.types.add(Type::Array {
            element: TypeArena::ANY_OR_ERROR,
            length: None,
        });
        let distinct = self.fresh_distinct();
        let fields = raw_template_fields(strings, insertions);
        let object = plain_object(fields, Vec::new(), vec![distinct], None);
        let ty = self
            .p
            .types
            .add_named("object:RawTemplate", Type::Object(object));
        self.lang_objects.insert("RawTemplate", ty);
        ty
    }

    /// `object:Iterable`: `distinct object { public function iterator() returns object {
    /// public function next() returns record {| any|error value; |}|error?; }; }`.
    pub(crate) fn iterable_type(&mut self) -> TypeId {
        if let Some(&ty) = self.lang_objects.get("Iterable") {
            return ty;
        }
        let value_record = self.p.types.add(Type::Record(RecordType {
            fields: vec![RecordField {
                name: "value".to_string(),
                ty: TypeArena::ANY_OR_ERROR,
                optional: false,
                readonly: false,
                default: None,
            }],
            rest: None,
        }));
        let next_ret = self
            .p
            .types
            .union_of(&[value_record, TypeArena::ERROR, TypeArena::NIL]);
        let next = self.method_type(next_ret);
        let methods = vec![public_method("next", next)];
        let iterator_object = plain_object(Vec::new(), methods, Vec::new(), None);
        let iterator_object = self.p.types.add(Type::Object(iterator_object));
        let iterator = self.method_type(iterator_object);
        let distinct = self.fresh_distinct();
        let methods = vec![public_method("iterator", iterator)];
        let object = plain_object(Vec::new(), methods, vec![distinct], None);
        let ty = self
            .p
            .types
            .add_named("object:Iterable", Type::Object(object));
        self.lang_objects.insert("Iterable", ty);
        ty
    }

    /// The methods of a range object (`a ..< b`, `int:range(...)`), as an object type:
    /// `iterator()` returning `int:RangeIterator`.
    pub(crate) fn int_range_object(&mut self) -> Option<ObjectType> {
        let ty = match self.lang_objects.get("Range") {
            Some(&ty) => ty,
            None => {
                // Anonymous, as Ballerina declares it: diagnostics show its structure.
                let declared = self.lang_module_type("int", "RangeIterator", false)?;
                let structure = self.p.types.get(declared).clone();
                let iterator_object = self.p.types.add(structure);
                let iterator = self.method_type(iterator_object);
                let methods = vec![public_method("iterator", iterator)];
                let object = plain_object(Vec::new(), methods, Vec::new(), None);
                let ty = self.p.types.add(Type::Object(object));
                self.lang_objects.insert("Range", ty);
                ty
            }
        };
        match self.p.types.get(ty) {
            Type::Object(o) => Some(o.clone()),
            _ => None,
        }
    }

    fn method_type(&mut self, ret: TypeId) -> TypeId {
        self.p.types.add(Type::Function(FunctionType {
            params: Vec::new(),
            required: 0,
            rest: None,
            ret,
            is_isolated: false,
            is_transactional: false,
        }))
    }

    fn readonly_strings(&mut self) -> TypeId {
        let strings = self.p.types.add(Type::Array {
            element: TypeArena::STRING,
            length: None,
        });
        self.readonly_of(strings)
    }

    /// A raw template builds an object of a class of its own: `strings` and `insertions` typed
    /// from the expected object type when there is one, else as in `object:RawTemplate`.
    pub(crate) fn check_raw_template(
        &mut self,
        expr: &'a ast::Expr,
        parts: &'a [ast::TemplatePart],
        expected: Option<TypeId>,
    ) -> TypeId {
        let template = self.raw_template_type();
        let expected_object = expected.and_then(|t| self.object_member_of(t));
        let expected_field = |c: &Checker<'a>, name: &str| {
            expected_object.and_then(|o| match c.p.types.get(o) {
                Type::Object(object) => object.fields.iter().find(|f| f.name == name).map(|f| f.ty),
                _ => None,
            })
        };
        let insertions_ty = match expected_field(self, "insertions") {
            Some(ty) => ty,
            None => self.p.types.add(Type::Array {
                element: TypeArena::ANY_OR_ERROR,
                length: None,
            }),
        };
        let strings_ty = match expected_field(self, "strings") {
            Some(ty) => ty,
            None => self.readonly_strings(),
        };
        let element_hint = match self.p.types.get(insertions_ty) {
            Type::Array { element, .. } => Some(*element),
            _ => None,
        };
        let interpolations: Vec<&'a ast::Expr> = parts
            .iter()
            .filter_map(|p| match p {
                ast::TemplatePart::Interpolation(e) => Some(e),
                ast::TemplatePart::Text(_) => None,
            })
            .collect();
        let mut member_types = Vec::new();
        for (index, e) in interpolations.iter().enumerate() {
            let expected_member = match self.p.types.get(insertions_ty).clone() {
                Type::Tuple { members, rest } => members.get(index).copied().or(rest),
                _ => element_hint,
            };
            let t = self.check_expr(e, expected_member);
            if let Some(m) = expected_member {
                self.expect_assignable(t, m, e.span);
            }
            member_types.push(t);
        }
        if let Type::Tuple { members, rest } = self.p.types.get(insertions_ty).clone() {
            let fits = members.len() == interpolations.len()
                || (rest.is_some() && members.len() <= interpolations.len());
            if !fits {
                let tuple = self.p.types.add(Type::Tuple {
                    members: member_types.clone(),
                    rest: None,
                });
                self.expect_assignable(tuple, insertions_ty, expr.span);
            }
        }
        let key = self.key(expr.id);
        let distinct_ids = match self.p.types.get(template) {
            Type::Object(o) => o.distinct_ids.clone(),
            _ => Vec::new(),
        };
        let class = ClassId(self.p.classes.len() as u32);
        let fields = raw_template_fields(strings_ty, insertions_ty);
        let object = plain_object(fields, Vec::new(), distinct_ids, Some(class));
        // Displayed by the type it belongs to (each template has its own class).
        let ty = self
            .p
            .types
            .add_named("object:RawTemplate", Type::Object(object));
        self.p.classes.push(ClassInfo {
            name: "object".to_string(),
            module: self.place.module,
            is_public: false,
            is_readonly: false,
            is_isolated: false,
            is_client: false,
            fields: ["strings", "insertions"]
                .iter()
                .zip([strings_ty, insertions_ty])
                .map(|(name, ty)| ClassFieldInfo {
                    name: name.to_string(),
                    ty,
                    is_final: true,
                    is_public: true,
                    default: None,
                })
                .collect(),
            methods: Vec::new(),
            init: None,
            ty,
            source: ClassSource::ObjectConstructor(key),
        });
        self.p.raw_templates.insert(key, class);
        self.p.operand_types.insert(key, ty);
        ty
    }

    /// The one object type among the members of `t`, if any.
    fn object_member_of(&self, t: TypeId) -> Option<TypeId> {
        match self.p.types.get(t) {
            Type::Object(_) => Some(t),
            Type::Union(members) => {
                let objects: Vec<TypeId> = members
                    .iter()
                    .copied()
                    .filter(|&m| matches!(self.p.types.get(m), Type::Object(_)))
                    .collect();
                (objects.len() == 1).then(|| objects[0])
            }
            _ => None,
        }
    }

    /// The element type of `foreach` over an object with `iterator()` whose iterator's
    /// `next()` returns `record {| T value; |}?` (completion type nil, as the spec requires).
    pub(crate) fn iterable_object_element(&mut self, t: TypeId) -> Option<TypeId> {
        let object = self.object_member_of(t)?;
        let iterator_ret = self.method_return(object, "iterator")?;
        let next_ret = self.method_return(iterator_ret, "next")?;
        let members = match self.p.types.get(next_ret) {
            Type::Union(members) => members.clone(),
            _ => vec![next_ret],
        };
        let mut values = Vec::new();
        for member in members {
            match self.p.types.get(member) {
                Type::Nil => {}
                Type::Record(record) => {
                    values.push(record.fields.iter().find(|f| f.name == "value")?.ty);
                }
                _ => return None,
            }
        }
        (!values.is_empty()).then(|| self.p.types.union_of(&values))
    }

    fn method_return(&self, object: TypeId, name: &str) -> Option<TypeId> {
        let Type::Object(o) = self.p.types.get(object) else {
            return None;
        };
        let method = o.methods.iter().find(|m| m.name == name)?;
        match self.p.types.get(method.ty) {
            Type::Function(f) if f.params.is_empty() => Some(f.ret),
            _ => None,
        }
    }

    /// Reports a `foreach` over an object that is not an `object:Iterable` with completion
    /// type nil.
    pub(crate) fn not_iterable_object(&mut self, t: TypeId, span: intc_span::Span) {
        let message = format!(
            "'{}' is not iterable: expected an 'object:Iterable' whose iterator's 'next()' returns 'record {{| T value; |}}?'",
            self.p.types.display(t)
        );
        self.error(codes::TYPE_MISMATCH, span, message);
    }
}

fn raw_template_fields(strings: TypeId, insertions: TypeId) -> Vec<ObjectField> {
    vec![
        ObjectField {
            name: "strings".to_string(),
            ty: strings,
            is_public: true,
            is_final: true,
        },
        ObjectField {
            name: "insertions".to_string(),
            ty: insertions,
            is_public: true,
            is_final: false,
        },
    ]
}

fn public_method(name: &str, ty: TypeId) -> ObjectMethod {
    ObjectMethod {
        name: name.to_string(),
        ty,
        is_public: true,
        is_remote: false,
    }
}

/// An object type without qualifiers (not `readonly`, `isolated`, `client` or `service`), as
/// the lang library's object types and the classes of raw templates are.
fn plain_object(
    fields: Vec<ObjectField>,
    methods: Vec<ObjectMethod>,
    distinct_ids: Vec<u32>,
    class: Option<ClassId>,
) -> ObjectType {
    ObjectType {
        fields,
        methods,
        distinct_ids,
        class,
        is_readonly: false,
        is_isolated: false,
        is_client: false,
        is_service: false,
    }
}
