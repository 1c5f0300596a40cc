//! The lang library, read from its declarations (`intc-langlib`'s `lang/<module>.int`): each
//! `external` function is resolved into a [`LangSig`] on first use, its types checked by the
//! same resolver as user code, with the module's own names in scope. Ballerina's
//! `@typeParam` types (`Type`, `Type1`, `CloneableType`, ...) become placeholder types
//! ([`LangState::type_params`]) that a call instantiates (`langlib_generic.rs`); a typedesc
//! parameter defaulting to `<>` is a type parameter too, bound by the typedesc argument or
//! the call's expected type (`cloneWithType`'s `returns t|error`). Constants (`int:MAX_VALUE`,
//! `float:Infinity`) and enum members (`array:ASCENDING`) are evaluated from the same
//! sources. A module is parsed once per process and only when a program uses it.

use crate::checker::{Checker, Place, Progress};
use crate::consts::NumericHint;
use crate::model::*;
use crate::types::basic;
use intc_langlib::LangNative;
use intc_span::FileId;
use intc_syntax::ast;
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Clone, Debug)]
pub(crate) struct LangParam {
    pub name: String,
    pub ty: TypeId,
    pub kind: ParamKindInfo,
}

/// One declaration of the lang library, with its type parameters uninstantiated.
#[derive(Clone, Debug)]
pub(crate) struct LangSig {
    pub native: LangNative,
    /// The receiver (for method-call syntax) is the first parameter.
    pub params: Vec<LangParam>,
    pub ret: TypeId,
}

/// The checker's view of the lang library: what it resolved so far.
#[derive(Default)]
pub(crate) struct LangState {
    /// The lang module whose declarations are being resolved (its names are in scope).
    pub scope: Option<&'static str>,
    /// While resolving a declaration: its `typedesc<T> t = <>` parameters by name.
    pub dependent: HashMap<String, TypeId>,
    /// Resolved declarations (`None`: no such external function).
    pub functions: HashMap<(&'static str, String), Option<LangSig>>,
    /// Resolved type definitions by module and name, with whether they are public.
    pub types: HashMap<(&'static str, String), (TypeId, bool)>,
    /// Type parameters (placeholders) and their bounds.
    pub type_params: HashMap<TypeId, TypeId>,
}

/// The lang module names, as `'static` strings.
fn static_module(module: &str) -> Option<&'static str> {
    intc_langlib::modules().find(|m| *m == module)
}

/// The parsed source of a lang module (parsed once per process, on first use).
fn lang_ast(module: &str) -> Option<(FileId, &'static ast::Module)> {
    const COUNT: usize = intc_langlib::MODULES.len();
    static PARSED: [OnceLock<ast::Module>; COUNT] = [const { OnceLock::new() }; COUNT];
    let index = intc_langlib::modules().position(|m| m == module)?;
    // Lang sources get file ids no program file has; their spans are never shown (the
    // sources are checked by `tests::lang_sources_resolve`).
    let file = FileId(u32::MAX - COUNT as u32 + index as u32);
    let text = intc_langlib::source(module)?;
    let parsed = PARSED[index].get_or_init(|| intc_syntax::parse(file, text).module);
    Some((file, parsed))
}

/// The parameters of a lang library function that take isolated functions when the call is in
/// an isolated context: `@isolatedParam` ones and those typed `isolated function` (which intc
/// does not require elsewhere, see `resolve.rs`), by index (the receiver is index 0).
pub(crate) fn isolated_params(native: LangNative) -> Vec<usize> {
    fn isolated_type(ty: &ast::TypeDesc) -> bool {
        match &ty.kind {
            ast::TypeDescKind::Isolated(_) => true,
            ast::TypeDescKind::Optional(inner) => isolated_type(inner),
            ast::TypeDescKind::Union(members) => members.iter().any(isolated_type),
            _ => false,
        }
    }
    let Some((_, module)) = lang_ast(native.module()) else {
        return Vec::new();
    };
    let def = module.items.iter().find_map(|item| match item {
        ast::Item::Function(f)
            if f.name.name == native.name()
                && matches!(f.body, ast::FunctionBody::External(..)) =>
        {
            Some(f)
        }
        _ => None,
    });
    def.map(|f| {
        f.signature
            .params
            .iter()
            .enumerate()
            .filter(|(_, p)| has_annotation(&p.annots, "isolatedParam") || isolated_type(&p.ty))
            .map(|(i, _)| i)
            .collect()
    })
    .unwrap_or_default()
}

/// Whether a lang library function is declared `public`.
fn is_public(native: LangNative) -> bool {
    let Some((_, module)) = lang_ast(native.module()) else {
        return false;
    };
    module.items.iter().any(|item| {
        matches!(item, ast::Item::Function(def)
            if def.name.name == native.name() && def.visibility == ast::Visibility::Public)
    })
}

/// Whether a lang library function is declared `transactional` (callable only in a
/// transactional scope).
pub(crate) fn is_transactional(native: LangNative) -> bool {
    let Some((_, module)) = lang_ast(native.module()) else {
        return false;
    };
    module.items.iter().any(|item| {
        matches!(item, ast::Item::Function(def)
            if def.name.name == native.name() && def.qualifiers.transactional)
    })
}

fn has_annotation(annots: &[ast::Annotation], name: &str) -> bool {
    annots
        .iter()
        .any(|a| a.module.is_none() && a.name.name == name)
}

impl<'a> Checker<'a> {
    /// The element type of a list type (union of members for tuples).
    pub(crate) fn list_element_type(&mut self, ty: TypeId) -> TypeId {
        match self.p.types.get(ty).clone() {
            Type::Array { element, .. } => element,
            Type::Tuple { members, rest } => {
                let mut all = members;
                all.extend(rest);
                self.p.types.union_of(&all)
            }
            Type::ReadonlyOf(inner) => self.list_element_type(inner),
            Type::Json => TypeArena::JSON,
            Type::Anydata => TypeArena::ANYDATA,
            Type::Union(members) => {
                let parts: Vec<TypeId> = members
                    .iter()
                    .filter(|&&m| self.p.types.basic_mask(m) & basic::LIST != 0)
                    .copied()
                    .collect::<Vec<_>>()
                    .into_iter()
                    .map(|m| self.list_element_type(m))
                    .collect();
                self.p.types.union_of(&parts)
            }
            Type::Unknown => TypeArena::UNKNOWN,
            _ => TypeArena::ANY_OR_ERROR,
        }
    }

    /// The member type of a mapping type (union of field types and rest for records).
    pub(crate) fn mapping_member_type(&mut self, ty: TypeId) -> TypeId {
        match self.p.types.get(ty).clone() {
            Type::Map(element) => element,
            Type::Record(r) => {
                let mut all: Vec<TypeId> = r.fields.iter().map(|f| f.ty).collect();
                all.extend(r.rest);
                self.p.types.union_of(&all)
            }
            Type::ReadonlyOf(inner) => self.mapping_member_type(inner),
            Type::Json => TypeArena::JSON,
            Type::Anydata => TypeArena::ANYDATA,
            Type::Union(members) => {
                let parts: Vec<TypeId> = members
                    .iter()
                    .filter(|&&m| self.p.types.basic_mask(m) & basic::MAPPING != 0)
                    .copied()
                    .collect::<Vec<_>>()
                    .into_iter()
                    .map(|m| self.mapping_member_type(m))
                    .collect();
                self.p.types.union_of(&parts)
            }
            Type::Unknown => TypeArena::UNKNOWN,
            _ => TypeArena::ANY_OR_ERROR,
        }
    }

    /// The lang library module method-call syntax uses for a receiver type (`None` when only
    /// `lang.value` functions apply).
    pub(crate) fn lang_module_of(&self, receiver: TypeId) -> Option<&'static str> {
        let mask = self.p.types.basic_mask(receiver);
        Some(match mask {
            basic::LIST => "array",
            basic::MAPPING => "map",
            basic::STRING => "string",
            basic::INT => "int",
            basic::FLOAT => "float",
            basic::DECIMAL => "decimal",
            basic::BOOLEAN => "boolean",
            basic::ERROR => "error",
            basic::OBJECT => "object",
            basic::FUNCTION => "function",
            basic::TYPEDESC => "typedesc",
            // `f.cancel()`, `f.isDone()`: lang.future (when the lang library declares it).
            basic::FUTURE => "future",
            basic::XML => "xml",
            basic::TABLE => "table",
            basic::STREAM => "stream",
            basic::REGEXP => "regexp",
            _ => return None,
        })
    }

    /// Function `name` of lang module `module`, or of `lang.value` (callable on every value)
    /// when `module` has none.
    /// Only public declarations are found (`lang.transaction` declares non-public natives
    /// that only lowering calls).
    pub(crate) fn lang_function(&mut self, module: &str, name: &str) -> Option<LangSig> {
        self.lang_decl(module, name)
            .or_else(|| self.lang_decl("value", name))
            .filter(|sig| is_public(sig.native))
    }

    /// The external function `name` declared by lang module `module`.
    pub(crate) fn lang_decl(&mut self, module: &str, name: &str) -> Option<LangSig> {
        let module = static_module(module)?;
        let key = (module, name.to_string());
        if let Some(found) = self.lang.functions.get(&key) {
            return found.clone();
        }
        let resolved = self.resolve_lang_decl(module, name);
        self.lang.functions.insert(key, resolved.clone());
        resolved
    }

    fn resolve_lang_decl(&mut self, module: &'static str, name: &str) -> Option<LangSig> {
        let (file, ast) = lang_ast(module)?;
        let f = ast.items.iter().find_map(|item| match item {
            ast::Item::Function(f)
                if f.name.name == name && matches!(f.body, ast::FunctionBody::External(..)) =>
            {
                Some(f)
            }
            _ => None,
        })?;
        // The one place a declaration meets its native: the id generated from it.
        let native = LangNative::lookup(module, name)?;
        let place = Place {
            module: ModuleId(0),
            file,
        };
        let saved_scope = self.lang.scope.replace(module);
        let saved_dependent = std::mem::take(&mut self.lang.dependent);
        let mut params = Vec::new();
        for param in &f.signature.params {
            let inferred = matches!(
                param.default.as_ref().map(|d| &d.kind),
                Some(ast::ExprKind::InferredTypedesc)
            );
            let ty = match (&param.ty.kind, inferred) {
                // `typedesc<T> t = <>`: `t` is a type parameter bounded by `T`, the typedesc
                // argument (or the expected type) binds it, and `returns t|error` uses it.
                (ast::TypeDescKind::Typedesc(inner), true) => {
                    let bound = self.resolve_type(place, inner);
                    let placeholder = self.type_param(&param.name.name, bound);
                    self.lang
                        .dependent
                        .insert(param.name.name.clone(), placeholder);
                    self.p.types.add(Type::Typedesc(placeholder))
                }
                _ => self.resolve_type(place, &param.ty),
            };
            let kind = match param.kind {
                ast::ParamKind::Required => ParamKindInfo::Required,
                ast::ParamKind::Defaultable => ParamKindInfo::Defaultable,
                ast::ParamKind::Rest => ParamKindInfo::Rest,
                ast::ParamKind::Included => ParamKindInfo::Included,
            };
            params.push(LangParam {
                name: param.name.name.clone(),
                ty,
                kind,
            });
        }
        let ret = match &f.signature.return_type {
            Some(t) => self.resolve_type(place, t),
            None => TypeArena::NIL,
        };
        self.lang.dependent = saved_dependent;
        self.lang.scope = saved_scope;
        Some(LangSig {
            native,
            params,
            ret,
        })
    }

    /// A fresh type parameter named `name` with its bound. Its structure is an opaque
    /// distinct object type, so that resolving the declaration keeps it apart (`Type?` is not
    /// flattened into its bound's members, `CloneableType & readonly` stays an intersection);
    /// every use substitutes it before any question about its values is asked.
    pub(crate) fn type_param(&mut self, name: &str, bound: TypeId) -> TypeId {
        let structure = Type::Object(ObjectType {
            fields: Vec::new(),
            methods: Vec::new(),
            distinct_ids: vec![self.fresh_distinct()],
            class: None,
            is_readonly: false,
            is_isolated: false,
            is_client: false,
            is_service: false,
        });
        let placeholder = self.p.types.add_named(name, structure);
        self.lang.type_params.insert(placeholder, bound);
        placeholder
    }

    /// A type name inside a lang library declaration: a dependent typedesc parameter, a
    /// type of the module itself, or `module:Name` of another lang module.
    pub(crate) fn lang_scope_type(
        &mut self,
        scope: &'static str,
        prefix: Option<&ast::Ident>,
        name: &ast::Ident,
    ) -> TypeId {
        let found = match prefix {
            Some(p) => self.lang_module_type(&p.name, &name.name, false),
            None => match self.lang.dependent.get(&name.name) {
                Some(&t) => Some(t),
                None => self.lang_module_type(scope, &name.name, false),
            },
        };
        // The sources are tested to resolve (`tests::lang_sources_resolve`).
        found.unwrap_or(TypeArena::UNKNOWN)
    }

    /// A type defined by lang module `module` (only public ones when `public_only`: a user's
    /// `array:SortDirection`, never a type parameter).
    pub(crate) fn lang_module_type(
        &mut self,
        module: &str,
        name: &str,
        public_only: bool,
    ) -> Option<TypeId> {
        // Types with a meaning of their own in the compiler (`int:Signed32`, `string:Char`,
        // `object:Iterable`): one identity each, created by the checker.
        if let Some(t) = crate::resolve::lang_type(module, name) {
            return Some(t(self));
        }
        let module = static_module(module)?;
        if let Some(&(t, is_public)) = self.lang.types.get(&(module, name.to_string())) {
            return (is_public || !public_only).then_some(t);
        }
        let (file, ast) = lang_ast(module)?;
        let place = Place {
            module: ModuleId(0),
            file,
        };
        let key = (module, name.to_string());
        for item in &ast.items {
            match item {
                ast::Item::TypeDef(def) if def.name.name == name => {
                    let is_public = def.visibility == ast::Visibility::Public;
                    if public_only && !is_public {
                        return None;
                    }
                    let saved = self.lang.scope.replace(module);
                    let ty = if has_annotation(&def.annots, "typeParam") {
                        let bound = self.resolve_type(place, &def.ty);
                        let t = self.type_param(name, bound);
                        self.lang.types.insert(key, (t, is_public));
                        t
                    } else if has_annotation(&def.annots, "builtinSubtype") {
                        // `int:Range`: the range object, known to the compiler.
                        let t = match (module, name) {
                            ("int", "Range") => TypeArena::INT_RANGE,
                            ("xml", "Element" | "Comment" | "ProcessingInstruction" | "Text") => {
                                self.xml_item_type(name)
                            }
                            _ => self.resolve_type(place, &def.ty),
                        };
                        self.lang.types.insert(key, (t, is_public));
                        t
                    } else {
                        // Reserved first: the definition may refer to itself.
                        let slot = self
                            .p
                            .types
                            .add_named(format!("{module}:{name}"), Type::Unknown);
                        self.lang.types.insert(key, (slot, is_public));
                        let resolved = self.resolve_type(place, &def.ty);
                        let structure = match self.p.types.get(resolved).clone() {
                            Type::Union(members) => {
                                Type::Union(members.into_iter().filter(|&m| m != slot).collect())
                            }
                            other => other,
                        };
                        self.p.types.set(slot, structure);
                        slot
                    };
                    self.lang.scope = saved;
                    return Some(ty);
                }
                ast::Item::Enum(def) if def.name.name == name => {
                    let is_public = def.visibility == ast::Visibility::Public;
                    if public_only && !is_public {
                        return None;
                    }
                    let mut members = Vec::new();
                    for member in &def.members {
                        let id = self.lang_constant(module, &member.name.name)?;
                        members.push(self.p.constants[id.index()].ty);
                    }
                    let union = self.p.types.union_of(&members);
                    let structure = self.p.types.get(union).clone();
                    let t = self
                        .p
                        .types
                        .add_named(format!("{module}:{name}"), structure);
                    self.lang.types.insert(key, (t, is_public));
                    return Some(t);
                }
                _ => {}
            }
        }
        None
    }

    /// A constant or enum member of lang module `module` (`int:MAX_VALUE`,
    /// `array:ASCENDING`), evaluated from its declaration on first use.
    pub(crate) fn lang_constant(&mut self, module: &str, name: &str) -> Option<ConstId> {
        let key = format!("{module}:{name}");
        if let Some(&id) = self.lang_constants.get(&key) {
            return Some(id);
        }
        let module = static_module(module)?;
        let (file, ast) = lang_ast(module)?;
        let place = Place {
            module: ModuleId(0),
            file,
        };
        let mut value = None;
        for item in &ast.items {
            match item {
                ast::Item::Const(def)
                    if def.name.name == name && def.visibility == ast::Visibility::Public =>
                {
                    let hint = match def.ty.as_ref().map(|t| &t.kind) {
                        Some(ast::TypeDescKind::Builtin(ast::BuiltinType::Float)) => {
                            NumericHint::Float
                        }
                        Some(ast::TypeDescKind::Builtin(ast::BuiltinType::Decimal)) => {
                            NumericHint::Decimal
                        }
                        _ => NumericHint::None,
                    };
                    let saved = self.lang.scope.replace(module);
                    value = self.const_expr_hinted(place, &def.value, hint);
                    self.lang.scope = saved;
                }
                ast::Item::Enum(def) if def.visibility == ast::Visibility::Public => {
                    if let Some(member) = def.members.iter().find(|m| m.name.name == name) {
                        value = match &member.value {
                            Some(e) => self.const_expr_value(place, e),
                            None => Some(ConstValue::String(name.to_string())),
                        };
                    }
                }
                _ => {}
            }
            if value.is_some() {
                break;
            }
        }
        let value = value?;
        // Like a user constant, a reference has the value's singleton type (spec:
        // module-const-decl), so `int:MAX_VALUE` is also usable as a type.
        let ty = self.p.types.singleton(value.clone());
        let id = self.add_constant(ConstantInfo {
            name: name.to_string(),
            module: None,
            ty,
            value,
            is_public: true,
            enum_type: None,
        });
        self.const_progress[id.index()] = Progress::Done;
        self.lang_constants.insert(key, id);
        Some(id)
    }
}
