//! Natives of `ballerina/data.xmldata` (`modules/data.xmldata/xmldata.int`): XML to a value of
//! the target record type. The element tree is read following the target type — attributes
//! and child elements become fields by local name (attributes behind `attributePrefix`),
//! repeated elements or array-typed fields lists, character data of an element with
//! attributes or children the `textFieldName` field, and text is converted to the simple type
//! the field asks for — then `cloneWithType` makes the typed value (defaults, readonly,
//! numeric conversions, and the conversion error when the data does not fit). Fields the
//! target does not declare are dropped (projection), or are an error when
//! `allowDataProjection` is off; a field's `@xmldata:Namespace` matches only elements in
//! that namespace, and a record type's the element read as that type (the root, or a nested
//! record's element), else the read fails.

use crate::StdNative;
use intc_decimal::Decimal;
use intc_ir::{TypeId, TypeKind};
use intc_runtime::error::new_error;
use intc_runtime::format::{clone_value, clone_with_type};
use intc_runtime::native::Native;
use intc_runtime::value::xml::{split_name, XmlElement, XmlItem, XmlObj};
use intc_runtime::value::{ListObj, MapKey, MapObj, ValueMap};
use intc_runtime::{NativeContext, Panic, Step, TypeTable, Value};

/// How deep the element tree is read (as `xml:fromString` caps nesting).
const MAX_DEPTH: usize = 1000;

/// The implementation of each `data.xmldata` external function.
pub fn native(id: StdNative) -> Option<Native> {
    if id == StdNative::DataXmldataParseStream {
        return Some(Native::Step(parse_stream));
    }
    #[allow(unreachable_patterns)]
    let function: intc_runtime::NativeFn = match id {
        StdNative::DataXmldataParseAsType => parse_as_type,
        StdNative::DataXmldataParseString => parse_string,
        StdNative::DataXmldataParseBytes => parse_bytes,
        StdNative::DataXmldataRecordTypeName => record_type_name,
        StdNative::DataXmldataFieldForms => field_forms,
        _ => return None,
    };
    Some(Native::Plain(function))
}

/// The attribute prefix, text field name and projection of an `Options`/`SourceOptions`
/// argument.
struct Options {
    attribute_prefix: String,
    text_field: String,
    /// `allowDataProjection`: when off, an attribute, element or text the record does not
    /// declare is an error.
    projection: bool,
}

fn options(args: &[Value], index: usize) -> Options {
    let field = |name: &str, default: &str| match args.get(index) {
        Some(Value::Map(m)) => match m.get(name) {
            Some(Value::String(s)) => s.to_string(),
            _ => default.to_string(),
        },
        _ => default.to_string(),
    };
    let projection = match args.get(index) {
        Some(Value::Map(m)) => !matches!(m.get("allowDataProjection"), Some(Value::Boolean(false))),
        _ => true,
    };
    Options {
        attribute_prefix: field("attributePrefix", ""),
        text_field: field("textFieldName", "#content"),
        projection,
    }
}

/// An `xmldata:Error` (the module's distinct error type) with `message`.
fn module_error(ctx: &NativeContext<'_>, message: &str) -> Value {
    let types = ctx.types();
    let ty = (0..types.len() as u32)
        .map(TypeId)
        .find(|&ty| {
            matches!(types.get(ty), TypeKind::Error { .. })
                && types.type_name(ty).ends_with("xmldata:Error")
        })
        .unwrap_or(types.well_known.error);
    new_error(types, ty, message, Value::Nil, ValueMap::default())
}

fn parse_as_type(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    match args.first() {
        Some(Value::Xml(x)) => {
            let x = x.clone();
            Ok(convert_document(ctx, &x, args))
        }
        _ => Ok(module_error(ctx, "the source is not xml")),
    }
}

fn parse_string(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let text = match args.first() {
        Some(Value::String(s)) => s.to_string(),
        _ => String::new(),
    };
    Ok(parse_text(ctx, &text, args))
}

fn parse_bytes(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let bytes = crate::args::bytes(args, 0);
    Ok(parse_byte_vec(ctx, bytes, args))
}

fn parse_byte_vec(ctx: &mut NativeContext<'_>, bytes: Vec<u8>, args: &[Value]) -> Value {
    match String::from_utf8(bytes) {
        Ok(text) => parse_text(ctx, &text, args),
        Err(_) => module_error(ctx, "the bytes are not valid UTF-8"),
    }
}

/// `parseStream`: the stream's blocks, then as `parseBytes`.
fn parse_stream(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    crate::data::stream::parse_stream(ctx, args, "xmldata:Error", parse_byte_vec)
}

fn parse_text(ctx: &mut NativeContext<'_>, text: &str, args: &[Value]) -> Value {
    match intc_runtime::langlib::xml_parse::parse(text) {
        Ok(x) => convert_document(ctx, &x, args),
        Err(message) => module_error(ctx, &message),
    }
}

/// The root element of `x` as a value of the typedesc argument's type.
fn convert_document(ctx: &mut NativeContext<'_>, x: &XmlObj, args: &[Value]) -> Value {
    let options = options(args, 1);
    let target = match args.get(2) {
        Some(Value::Typedesc(t)) => *t,
        _ => ctx.types().well_known.anydata_map,
    };
    let root = x.items().iter().find_map(|item| match item {
        XmlItem::Element(e) => Some(e.clone()),
        _ => None,
    });
    let Some(root) = root else {
        return module_error(ctx, "the xml has no root element");
    };
    let generic = {
        let reader = Reader {
            ctx,
            types: ctx.types(),
            options: &options,
        };
        reader.element(&root, Some(target), 0)
    };
    let generic = match generic {
        Ok(value) => value,
        Err(message) => return module_error(ctx, &message),
    };
    match clone_with_type(&generic, target, ctx.types_mut()) {
        Ok(value) => value,
        Err(failure) => module_error(ctx, &failure.message),
    }
}

/// The `uri` of the `@xmldata:Namespace` annotation in the annotation set `annots`.
fn namespace_uri(annots: Option<Value>) -> Option<String> {
    let Some(Value::Map(annots)) = annots else {
        return None;
    };
    let entries = annots.entries();
    let (_, config) = entries
        .iter()
        .find(|(k, _)| k.as_str().ends_with("xmldata:Namespace"))?;
    match config {
        Value::Map(config) => match config.get("uri") {
            Some(Value::String(uri)) => Some(uri.to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// What a target type asks an element to become.
enum Shape {
    /// A record or map: the element's attributes and children are its fields.
    Mapping,
    /// Character data converted to a simple type.
    Simple,
    /// No constraint (`anydata`, `json`, no target): text alone is a string, anything else
    /// a mapping.
    Generic,
}

struct Reader<'t> {
    ctx: &'t NativeContext<'t>,
    types: &'t TypeTable,
    options: &'t Options,
}

impl Reader<'_> {
    /// `ty` without `readonly &` and, for a union, its first member that is not `()`.
    fn core(&self, ty: TypeId) -> TypeId {
        let mut current = ty;
        for _ in 0..16 {
            let (plain, _) = self.types.strip_readonly(current);
            match self.types.get(plain) {
                TypeKind::Union(members) => {
                    match members
                        .iter()
                        .find(|&&m| !matches!(self.types.get(m), TypeKind::Nil))
                    {
                        Some(&m) => current = m,
                        None => return plain,
                    }
                }
                _ => return plain,
            }
        }
        current
    }

    fn shape(&self, ty: Option<TypeId>) -> Shape {
        let Some(ty) = ty else {
            return Shape::Generic;
        };
        match self.types.get(self.core(ty)) {
            TypeKind::Record { .. } | TypeKind::Map(_) => Shape::Mapping,
            TypeKind::Anydata | TypeKind::Json | TypeKind::Any | TypeKind::Readonly => {
                Shape::Generic
            }
            _ => Shape::Simple,
        }
    }

    /// (XML name, field name) of the fields of record type `record` that `@xmldata:Name`
    /// renames (an attribute's XML name carries the attribute prefix).
    fn xml_names(&self, record: TypeId) -> Vec<(String, String)> {
        let TypeKind::Record { fields, .. } = self.types.get(record) else {
            return Vec::new();
        };
        let mut names = Vec::new();
        for field in fields {
            let target = intc_ir::AnnotationTarget::Field(record, field.name.clone());
            let Some(Value::Map(annots)) = self.ctx.annotations(&target) else {
                continue;
            };
            let entries = annots.entries();
            let name = entries
                .iter()
                .find(|(k, _)| k.as_str().ends_with("xmldata:Name"))
                .and_then(|(_, v)| match v {
                    Value::Map(config) => match config.get("value") {
                        Some(Value::String(s)) => Some(s.to_string()),
                        _ => None,
                    },
                    _ => None,
                });
            let attribute = entries
                .iter()
                .any(|(k, _)| k.as_str().ends_with("xmldata:Attribute"));
            if let Some(name) = name {
                let xml_name = if attribute {
                    format!("{}{name}", self.options.attribute_prefix)
                } else {
                    name
                };
                names.push((xml_name, field.name.clone()));
            }
        }
        names
    }

    /// The element (the root, or one a field of record type `record` reads) is not in the
    /// namespace `record`'s `@xmldata:Namespace` names: the module's message, which names the
    /// type (Ballerina's `validateTypeNamespace`, here by URI alone, as fields match).
    fn namespace_mismatch(&self, element: &XmlElement, record: TypeId) -> Option<String> {
        if !matches!(self.types.get(record), TypeKind::Record { .. }) {
            return None;
        }
        let annots = self
            .ctx
            .annotations(&intc_ir::AnnotationTarget::Type(record));
        let uri = namespace_uri(annots)?;
        if split_name(&element.name()).0.unwrap_or("") == uri {
            return None;
        }
        let type_name = self.types.type_name(record);
        let local = type_name.rsplit(':').next().unwrap_or(&type_name);
        Some(format!("namespace mismatched for the type: '{local}'"))
    }

    /// The element type when `ty` is a list type.
    fn list_element(&self, ty: Option<TypeId>) -> Option<TypeId> {
        match self.types.get(self.core(ty?)) {
            TypeKind::Array { element, .. } => Some(*element),
            _ => None,
        }
    }

    /// The element as a value for `ty`; an error names a required field the element lacks.
    fn element(
        &self,
        element: &XmlElement,
        ty: Option<TypeId>,
        depth: usize,
    ) -> Result<Value, String> {
        // Templates can nest deeper than `fromString` allows; the walk recurses per level.
        if depth > MAX_DEPTH {
            return Err(format!(
                "the xml is nested deeper than {MAX_DEPTH} elements"
            ));
        }
        let children = element.children();
        let has_elements = children
            .items()
            .iter()
            .any(|i| matches!(i, XmlItem::Element(_)));
        let text: String = children
            .items()
            .iter()
            .filter_map(|i| match i {
                XmlItem::Text(t) => Some(t.to_string()),
                _ => None,
            })
            .collect();
        let attributes: Vec<(String, String)> = element
            .attributes()
            .iter()
            .filter(|(name, _)| !is_namespace_declaration(name))
            .map(|(name, value)| (name.as_str().to_owned(), value.as_str().to_owned()))
            .collect();
        match self.shape(ty) {
            Shape::Simple => return Ok(self.text(&text, ty)),
            Shape::Generic if !has_elements && attributes.is_empty() => {
                return Ok(Value::string(&text));
            }
            _ => {}
        }
        let mapping = ty.map(|t| self.core(t));
        if let Some(message) = mapping.and_then(|m| self.namespace_mismatch(element, m)) {
            return Err(message);
        }
        let renames = mapping.map(|m| self.xml_names(m)).unwrap_or_default();
        // The field an XML name stands for: the one `@xmldata:Name` gives that name, else
        // the field of that name.
        let field_of = |xml_name: &str| -> String {
            renames
                .iter()
                .find(|(x, _)| x == xml_name)
                .map_or_else(|| xml_name.to_string(), |(_, f)| f.clone())
        };
        let member = |key: &str| match mapping {
            Some(m) => self.types.map_member_type(m, key),
            None => Some(self.types.well_known.anydata),
        };
        // A record's fields and whether it is open (it has a rest type).
        let record = mapping.and_then(|m| match self.types.get(m) {
            TypeKind::Record { rest, .. } => Some((m, rest.is_some())),
            _ => None,
        });
        let undefined = |xml_name: &str| match mapping {
            Some(m) => format!(
                "undefined field '{xml_name}' in record '{}'",
                self.types.type_name(m)
            ),
            None => format!("undefined field '{xml_name}'"),
        };
        let mut entries = ValueMap::default();
        for (name, value) in &attributes {
            let key = field_of(&format!(
                "{}{}",
                self.options.attribute_prefix,
                split_name(name).1
            ));
            match member(&key) {
                Some(field_ty) => {
                    entries.insert(MapKey::new(&key), self.text(value, Some(field_ty)));
                }
                None if !self.options.projection => {
                    let xml_name =
                        format!("{}{}", self.options.attribute_prefix, split_name(name).1);
                    return Err(undefined(&xml_name));
                }
                None => {}
            }
        }
        // Child elements by local name, in the order their names first appear.
        let mut groups: Vec<(String, Vec<&XmlElement>)> = Vec::new();
        for item in children.items() {
            if let XmlItem::Element(child) = item {
                let name = child.name();
                let local = split_name(&name).1.to_string();
                match groups.iter_mut().find(|(n, _)| *n == local) {
                    Some((_, list)) => list.push(child),
                    None => groups.push((local, vec![child])),
                }
            }
        }
        for (local, mut elements) in groups {
            let name = field_of(&local);
            // A field with `@xmldata:Namespace` matches only elements in that namespace.
            if let Some((record, open)) = record {
                let target = intc_ir::AnnotationTarget::Field(record, name.clone());
                if let Some(uri) = namespace_uri(self.ctx.annotations(&target)) {
                    elements.retain(|e| split_name(&e.name()).0.unwrap_or("") == uri);
                    if elements.is_empty() {
                        if open || !self.options.projection {
                            return Err(undefined(&local));
                        }
                        continue;
                    }
                }
            }
            let Some(field_ty) = member(&name) else {
                if !self.options.projection {
                    return Err(undefined(&local));
                }
                continue;
            };
            let value = match self.list_element(Some(field_ty)) {
                Some(item_ty) => self.list(&elements, Some(item_ty), depth + 1)?,
                None if elements.len() > 1
                    && matches!(self.shape(Some(field_ty)), Shape::Generic) =>
                {
                    self.list(&elements, Some(field_ty), depth + 1)?
                }
                None => self.element(elements[elements.len() - 1], Some(field_ty), depth + 1)?,
            };
            entries.insert(MapKey::new(&name), value);
        }
        if !text.trim().is_empty() {
            let key = self.options.text_field.clone();
            match member(&key) {
                Some(field_ty) => {
                    entries.insert(MapKey::new(&key), self.text(&text, Some(field_ty)));
                }
                None if !self.options.projection => return Err(undefined(&key)),
                None => {}
            }
        }
        if let Some(record) = mapping {
            if let TypeKind::Record { fields, .. } = self.types.get(record) {
                for field in fields {
                    let key = MapKey::new(&field.name);
                    if field.optional || entries.contains_key(&key) {
                        continue;
                    }
                    // The default fills the field (a copy of a structured one, so that
                    // results do not share it).
                    match self.types.record_default(record, &field.name) {
                        Some(v) => {
                            entries.insert(key, clone_value(v));
                        }
                        None => {
                            // The module names an attribute field's absence apart.
                            let target =
                                intc_ir::AnnotationTarget::Field(record, field.name.clone());
                            let attribute = match self.ctx.annotations(&target) {
                                Some(Value::Map(annots)) => annots
                                    .entries()
                                    .iter()
                                    .any(|(k, _)| k.as_str().ends_with("xmldata:Attribute")),
                                _ => false,
                            };
                            let what = if attribute { "attribute" } else { "field" };
                            return Err(format!(
                                "required {what} '{}' not present in XML",
                                field.name
                            ));
                        }
                    }
                }
            }
        }
        Ok(Value::Map(MapObj::new(
            self.types.well_known.anydata_map,
            entries,
        )))
    }

    fn list(
        &self,
        elements: &[&XmlElement],
        item_ty: Option<TypeId>,
        depth: usize,
    ) -> Result<Value, String> {
        let items = elements
            .iter()
            .map(|e| self.element(e, item_ty, depth))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Value::List(ListObj::new(
            self.types.well_known.anydata_list,
            items,
        )))
    }

    /// Character data as the first of string, int, float, decimal, boolean and `()` (empty
    /// text) that belongs to `ty`; the string when none does (the conversion then reports it).
    fn text(&self, text: &str, ty: Option<TypeId>) -> Value {
        let Some(ty) = ty else {
            return Value::string(text);
        };
        let trimmed = text.trim();
        let mut candidates = vec![Value::string(text)];
        if let Ok(i) = trimmed.parse::<i64>() {
            candidates.push(Value::Int(i));
        }
        if let Ok(f) = trimmed.parse::<f64>() {
            candidates.push(Value::Float(f));
        }
        if let Ok(d) = Decimal::parse(trimmed) {
            candidates.push(Value::decimal(d));
        }
        match trimmed {
            "true" => candidates.push(Value::Boolean(true)),
            "false" => candidates.push(Value::Boolean(false)),
            "" => candidates.push(Value::Nil),
            _ => {}
        }
        candidates
            .iter()
            .find(|v| self.types.value_belongs(v, ty))
            .cloned()
            .unwrap_or_else(|| Value::string(text))
    }
}

/// `xmlns` and `xmlns:p` attributes declare namespaces; they are no data.
fn is_namespace_declaration(name: &str) -> bool {
    name == "xmlns" || split_name(name).0 == Some("http://www.w3.org/2000/xmlns/")
}

/// The local name of the named record type `value` was made with, if any.
fn record_type_name(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let Some(Value::Map(map)) = args.first() else {
        return Ok(Value::Nil);
    };
    let types = ctx.types();
    let (plain, _) = types.strip_readonly(map.ty);
    if !matches!(types.get(plain), TypeKind::Record { .. }) {
        return Ok(Value::Nil);
    }
    Ok(match types.def(plain).and_then(|d| d.name.as_deref()) {
        Some(name) => {
            let local = name.rsplit(':').next().unwrap_or(name);
            Value::string(local)
        }
        None => Value::Nil,
    })
}

/// `fieldForms(value)`: per field of the record type `value` was made with, its XML form as
/// `toXml` needs it: `[name, attribute, prefix, uri, kind]` — the `@xmldata:Name` value, the
/// word "attribute" for `@xmldata:Attribute`, the `@xmldata:Namespace` prefix and URI (each
/// "" when absent), and "record" or "records" when the field's declared type (optional or
/// nilable aside) is a record type or an array of one.
fn field_forms(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let mut forms = ValueMap::default();
    let string_list = ctx.types().well_known.string_list;
    let list_map = ctx.types().well_known.any_map;
    let Some(Value::Map(map)) = args.first() else {
        return Ok(Value::Map(MapObj::new(list_map, forms)));
    };
    let types = ctx.types();
    let (plain, _) = types.strip_readonly(map.ty);
    let TypeKind::Record { fields, .. } = types.get(plain) else {
        return Ok(Value::Map(MapObj::new(list_map, forms)));
    };
    for field in fields {
        let target = intc_ir::AnnotationTarget::Field(plain, field.name.clone());
        let annots = match ctx.annotations(&target) {
            Some(Value::Map(annots)) => annots
                .entries()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            _ => Vec::new(),
        };
        let tag = |name: &str| {
            annots
                .iter()
                .find(|(k, _)| k.as_str().ends_with(&format!("xmldata:{name}")))
                .map(|(_, v)| v.clone())
        };
        let text = |config: &Option<Value>, key: &str| match config {
            Some(Value::Map(config)) => match config.get(key) {
                Some(Value::String(s)) => s.to_string(),
                _ => String::new(),
            },
            _ => String::new(),
        };
        let namespace = tag("Namespace");
        let kind = match types.get(record_core(types, field.ty)) {
            TypeKind::Record { .. } => "record",
            TypeKind::Array { element, .. }
                if matches!(
                    types.get(record_core(types, *element)),
                    TypeKind::Record { .. }
                ) =>
            {
                "records"
            }
            _ => "",
        };
        let form = [
            text(&tag("Name"), "value"),
            if tag("Attribute").is_some() {
                "attribute".to_string()
            } else {
                String::new()
            },
            text(&namespace, "prefix"),
            text(&namespace, "uri"),
            kind.to_string(),
        ];
        let items = form.iter().map(Value::string).collect();
        forms.insert(
            MapKey::new(&field.name),
            Value::List(ListObj::new(string_list, items)),
        );
    }
    Ok(Value::Map(MapObj::new(list_map, forms)))
}

/// `ty` without `readonly &` and, for a union with `()`, its other member when there is one.
fn record_core(types: &TypeTable, ty: TypeId) -> TypeId {
    let (plain, _) = types.strip_readonly(ty);
    if let TypeKind::Union(members) = types.get(plain) {
        let others: Vec<TypeId> = members
            .iter()
            .copied()
            .filter(|&m| !matches!(types.get(m), TypeKind::Nil))
            .collect();
        if let [only] = others.as_slice() {
            return types.strip_readonly(*only).0;
        }
    }
    plain
}
