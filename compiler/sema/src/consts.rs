//! Constant definitions and compile-time evaluation of constant expressions (also used for
//! array lengths, singleton types, enum member values and match patterns).

use crate::checker::{Checker, ImportTarget, Place, Progress, Symbol};
use crate::model::*;
use crate::types::basic;
use intc_decimal::Decimal;
use intc_diagnostics::codes;
use intc_syntax::ast;

/// How the evaluator treats an expression: in a constant context, or as an already checked
/// expression whose value matters only if it is constant (a condition, for reachability).
#[derive(Clone, Copy)]
pub(crate) enum ConstMode {
    /// A constant context (constant declarations, singleton types, array lengths, match
    /// patterns): what is not constant is reported, names are looked up in `Place`.
    Declare(Place),
    /// An expression checked already: nothing is reported, names are read from the
    /// checker's resolutions.
    Checked,
}

/// Which numeric type a literal should take in a constant context.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumericHint {
    None,
    Float,
    Decimal,
}

pub(crate) fn parse_float(text: &str) -> Option<f64> {
    if text.starts_with("0x") || text.starts_with("0X") {
        // Hex floats take no suffix (`f` and `d` are hex digits): the lexer's reading.
        return intc_syntax::hex_float(text);
    }
    text.trim_end_matches(['f', 'F', 'd', 'D'])
        .parse::<f64>()
        .ok()
}

/// The value of a decimal literal's text (suffix already removed by the lexer); `None` when
/// it is out of the decimal range.
pub(crate) fn parse_decimal(text: &str) -> Option<Decimal> {
    Decimal::parse_literal(text).ok()
}

impl<'a> Checker<'a> {
    pub(crate) fn evaluate_all_constants(&mut self) {
        for index in 0..self.p.constants.len() {
            self.evaluate_constant(ConstId(index as u32));
        }
    }

    pub(crate) fn evaluate_enums(&mut self) {
        let modules = self.modules;
        for index in 0..self.p.type_defs.len() {
            let TypeDefKind::Enum(members) = self.p.type_defs[index].kind.clone() else {
                continue;
            };
            let source = self.p.type_defs[index].source;
            let Some(ast::Item::Enum(def)) = modules
                .get(source.module.index())
                .and_then(|m| m.files.get(source.file_index))
                .and_then(|f| f.items.get(source.item))
            else {
                continue;
            };
            let place = Place {
                module: source.module,
                file: source.file,
            };
            let mut singletons = Vec::new();
            for (member, &id) in def.members.iter().zip(members.iter()) {
                let value = match &member.value {
                    Some(expr) => match self.const_expr_value(place, expr) {
                        Some(v @ ConstValue::String(_)) => v,
                        Some(_) => {
                            self.error(
                                codes::TYPE_MISMATCH,
                                expr.span,
                                "enum member values must be strings",
                            );
                            ConstValue::String(member.name.name.clone())
                        }
                        None => ConstValue::String(member.name.name.clone()),
                    },
                    None => ConstValue::String(member.name.name.clone()),
                };
                let ty = self.p.types.singleton(value.clone());
                let c = &mut self.p.constants[id.index()];
                c.value = value;
                c.ty = ty;
                self.const_progress[id.index()] = Progress::Done;
                singletons.push(ty);
            }
            let slot = self.p.type_defs[index].ty;
            let union = if singletons.len() == 1 {
                Type::Singleton(match self.p.types.get(singletons[0]) {
                    Type::Singleton(v) => v.clone(),
                    _ => ConstValue::Nil,
                })
            } else {
                Type::Union(singletons)
            };
            self.p.types.set(slot, union);
        }
    }

    pub(crate) fn evaluate_constant(&mut self, id: ConstId) {
        match self.const_progress.get(id.index()) {
            Some(Progress::Pending) => {}
            _ => return,
        }
        let Some((place, def)) = self.const_ast.get(id.index()).copied().flatten() else {
            self.const_progress[id.index()] = Progress::Done;
            return;
        };
        self.const_progress[id.index()] = Progress::Active;
        let declared = def.ty.as_ref().map(|t| self.resolve_type(place, t));
        let hint = match declared.map(|t| self.p.types.basic_mask(t)) {
            Some(m) if m == basic::FLOAT => NumericHint::Float,
            Some(m) if m == basic::DECIMAL => NumericHint::Decimal,
            _ => NumericHint::None,
        };
        let value = self.const_expr_hinted(place, &def.value, hint);
        let (value, ty) = match value {
            Some(value) => {
                let ty = match &value {
                    // Without a declared type, a constant list or mapping has the singleton type
                    // of its value (spec "Constant declarations"): the members' singleton types.
                    ConstValue::List(_) | ConstValue::Map(_) => {
                        let inferred = declared.unwrap_or_else(|| self.const_shape_type(&value));
                        self.readonly_of(inferred)
                    }
                    other => self.p.types.singleton(other.clone()),
                };
                if let Some(declared) = declared {
                    self.expect_assignable(ty, declared, def.value.span);
                }
                (value, ty)
            }
            None => (ConstValue::Nil, TypeArena::UNKNOWN),
        };
        self.record_type(place.file, def.value.id, ty);
        let c = &mut self.p.constants[id.index()];
        c.value = value;
        c.ty = ty;
        self.const_progress[id.index()] = Progress::Done;
    }

    /// The type whose one value is `value`: singletons, and tuples and closed records of them.
    fn const_shape_type(&mut self, value: &ConstValue) -> TypeId {
        match value {
            ConstValue::List(items) => {
                let members = items.iter().map(|v| self.const_shape_type(v)).collect();
                let tuple = self.p.types.add(Type::Tuple {
                    members,
                    rest: None,
                });
                self.readonly_of(tuple)
            }
            ConstValue::Map(fields) => {
                let fields = fields
                    .iter()
                    .map(|(k, v)| RecordField {
                        name: k.clone(),
                        ty: self.const_shape_type(v),
                        optional: false,
                        readonly: true,
                        default: None,
                    })
                    .collect();
                let record = self
                    .p
                    .types
                    .add(Type::Record(RecordType { fields, rest: None }));
                self.readonly_of(record)
            }
            ConstValue::Nil => TypeArena::NIL,
            simple => self.p.types.singleton(simple.clone()),
        }
    }

    /// The type of a constant list or mapping value (widened member types).
    pub(crate) fn const_value_type(&mut self, value: &ConstValue) -> TypeId {
        match value {
            ConstValue::Nil => TypeArena::NIL,
            ConstValue::Boolean(_) => TypeArena::BOOLEAN,
            ConstValue::Int(_) => TypeArena::INT,
            ConstValue::Float(_) => TypeArena::FLOAT,
            ConstValue::Decimal(_) => TypeArena::DECIMAL,
            ConstValue::String(_) => TypeArena::STRING,
            ConstValue::List(items) => {
                let members: Vec<TypeId> = items.iter().map(|v| self.const_value_type(v)).collect();
                let element = self.p.types.union_of(&members);
                let element = if items.is_empty() {
                    TypeArena::NEVER
                } else {
                    element
                };
                self.p.types.array_of(element)
            }
            ConstValue::Map(fields) => {
                let fields = fields
                    .iter()
                    .map(|(k, v)| RecordField {
                        name: k.clone(),
                        ty: self.const_value_type(v),
                        optional: false,
                        readonly: true,
                        default: None,
                    })
                    .collect();
                self.p
                    .types
                    .add(Type::Record(RecordType { fields, rest: None }))
            }
        }
    }

    pub(crate) fn const_expr_value(
        &mut self,
        place: Place,
        expr: &'a ast::Expr,
    ) -> Option<ConstValue> {
        self.const_expr_hinted(place, expr, NumericHint::None)
    }

    /// The value of an already checked expression (a condition) when it is a constant
    /// expression, without reporting anything.
    pub(crate) fn checked_const_value(&mut self, expr: &ast::Expr) -> Option<ConstValue> {
        self.const_eval(ConstMode::Checked, expr, NumericHint::None)
    }

    pub(crate) fn const_expr_hinted(
        &mut self,
        place: Place,
        expr: &ast::Expr,
        hint: NumericHint,
    ) -> Option<ConstValue> {
        self.const_eval(ConstMode::Declare(place), expr, hint)
    }

    /// Reports (in a constant context) a failure to evaluate `expr`.
    fn const_error(
        &mut self,
        mode: ConstMode,
        code: intc_diagnostics::Code,
        expr: &ast::Expr,
        message: &str,
    ) -> Option<ConstValue> {
        if let ConstMode::Declare(_) = mode {
            self.error(code, expr.span, message);
        }
        None
    }

    fn not_constant(&mut self, mode: ConstMode, expr: &ast::Expr) -> Option<ConstValue> {
        let message = "expression is not a constant expression";
        self.const_error(mode, codes::INVALID_OPERATION, expr, message)
    }

    /// The one evaluator of constant expressions (see [`ConstMode`]).
    fn const_eval(
        &mut self,
        mode: ConstMode,
        expr: &ast::Expr,
        hint: NumericHint,
    ) -> Option<ConstValue> {
        match &expr.kind {
            ast::ExprKind::Literal(lit) => Some(match lit {
                ast::Literal::Int(v) => match hint {
                    NumericHint::Float => ConstValue::Float(*v as f64),
                    NumericHint::Decimal => ConstValue::Decimal(Decimal::from(*v)),
                    NumericHint::None => ConstValue::Int(*v),
                },
                ast::Literal::Float { text, suffix } => {
                    let decimal = *suffix == ast::FloatSuffix::Decimal
                        || (*suffix == ast::FloatSuffix::None && hint == NumericHint::Decimal);
                    if decimal {
                        ConstValue::Decimal(parse_decimal(text)?)
                    } else {
                        ConstValue::Float(parse_float(text)?)
                    }
                }
                ast::Literal::String(s) => ConstValue::String(s.clone()),
                ast::Literal::Boolean(b) => ConstValue::Boolean(*b),
                ast::Literal::Nil => ConstValue::Nil,
            }),
            ast::ExprKind::Group(inner) => self.const_eval(mode, inner, hint),
            ast::ExprKind::Unary { op, operand } => {
                let v = self.const_eval(mode, operand, hint)?;
                match (op, v) {
                    (ast::UnaryOp::Neg, ConstValue::Int(i)) => match i.checked_neg() {
                        Some(n) => Some(ConstValue::Int(n)),
                        None => {
                            let message = "int value out of range";
                            self.const_error(mode, codes::LITERAL_OUT_OF_RANGE, expr, message)
                        }
                    },
                    (ast::UnaryOp::Neg, ConstValue::Float(f)) => Some(ConstValue::Float(-f)),
                    (ast::UnaryOp::Neg, ConstValue::Decimal(d)) => Some(ConstValue::Decimal(-d)),
                    (
                        ast::UnaryOp::Plus,
                        v @ (ConstValue::Int(_) | ConstValue::Float(_) | ConstValue::Decimal(_)),
                    ) => Some(v),
                    (ast::UnaryOp::Not, ConstValue::Boolean(b)) => Some(ConstValue::Boolean(!b)),
                    (ast::UnaryOp::BitNot, ConstValue::Int(i)) => Some(ConstValue::Int(!i)),
                    _ => self.not_constant(mode, expr),
                }
            }
            ast::ExprKind::Binary { op, lhs, rhs } => {
                let a = self.const_eval(mode, lhs, hint)?;
                let b = self.const_eval(mode, rhs, hint)?;
                match fold_binary(*op, &a, &b) {
                    Some(v) => Some(v),
                    None => match arithmetic_failure(*op, &a, &b) {
                        Some(message) => {
                            self.const_error(mode, codes::CONSTANT_ARITHMETIC, expr, message)
                        }
                        None => self.not_constant(mode, expr),
                    },
                }
            }
            ast::ExprKind::Var { module, name } => match mode {
                ConstMode::Declare(place) => {
                    self.const_reference(place, expr, module.as_ref(), name)
                }
                ConstMode::Checked => match self.p.resolutions.get(&self.key(expr.id))? {
                    Resolution::Constant(id) => {
                        let constant = self.p.constants.get(id.index())?;
                        (constant.ty != TypeArena::UNKNOWN).then(|| constant.value.clone())
                    }
                    _ => None,
                },
            },
            ast::ExprKind::ByteArray(bytes) => Some(ConstValue::List(
                bytes
                    .iter()
                    .map(|&b| ConstValue::Int(i64::from(b)))
                    .collect(),
            )),
            ast::ExprKind::List(items) => {
                let mut values = Vec::new();
                for item in items {
                    match item {
                        ast::ListItem::Expr(e) => values.push(self.const_eval(mode, e, hint)?),
                        ast::ListItem::Spread(e) => match self.const_eval(mode, e, hint)? {
                            ConstValue::List(inner) => values.extend(inner),
                            _ => return self.not_constant(mode, e),
                        },
                    }
                }
                Some(ConstValue::List(values))
            }
            ast::ExprKind::Mapping(fields) => {
                let mut values: Vec<(String, ConstValue)> = Vec::new();
                for field in fields {
                    match field {
                        ast::MappingField::KeyValue { key, value, .. } => {
                            let name = match key {
                                ast::MappingKey::Ident(i) => i.name.clone(),
                                ast::MappingKey::String(s, _) => s.clone(),
                                ast::MappingKey::Computed(e) => {
                                    match self.const_eval(mode, e, NumericHint::None)? {
                                        ConstValue::String(s) => s,
                                        _ => return self.not_constant(mode, e),
                                    }
                                }
                            };
                            let v = match value {
                                Some(v) => self.const_eval(mode, v, hint)?,
                                None => return self.not_constant(mode, expr),
                            };
                            values.retain(|(k, _)| k != &name);
                            values.push((name, v));
                        }
                        ast::MappingField::Spread(e) => return self.not_constant(mode, e),
                    }
                }
                Some(ConstValue::Map(values))
            }
            ast::ExprKind::Template(parts) => {
                let mut out = String::new();
                for part in parts {
                    match part {
                        ast::TemplatePart::Text(t) => out.push_str(t),
                        ast::TemplatePart::Interpolation(e) => {
                            match self.const_eval(mode, e, NumericHint::None)? {
                                ConstValue::String(s) => out.push_str(&s),
                                ConstValue::Int(i) => out.push_str(&i.to_string()),
                                ConstValue::Boolean(b) => out.push_str(&b.to_string()),
                                _ => return self.not_constant(mode, e),
                            }
                        }
                    }
                }
                Some(ConstValue::String(out))
            }
            ast::ExprKind::Error | ast::ExprKind::InferredTypedesc => None,
            _ => self.not_constant(mode, expr),
        }
    }

    fn const_reference(
        &mut self,
        place: Place,
        expr: &ast::Expr,
        module: Option<&ast::Ident>,
        name: &ast::Ident,
    ) -> Option<ConstValue> {
        if let Some(prefix) = module {
            if let Some(ImportTarget::Lang(lang)) = self.import_target(place.file, &prefix.name) {
                if let Some(id) = self.lang_constant(&lang, &name.name) {
                    return Some(self.p.constants[id.index()].value.clone());
                }
                let message = format!("undefined symbol '{}:{}'", prefix.name, name.name);
                self.error(codes::UNDEFINED_NAME, name.span, message);
                return None;
            }
        }
        match self.lookup_qualified(place, module, name) {
            Ok(Some((_, entry))) => match entry.symbol {
                Symbol::Const(id) => {
                    if self.const_progress[id.index()] == Progress::Active {
                        let message =
                            format!("illegal cyclic reference to constant '{}'", name.name);
                        self.error(codes::INVALID_OPERATION, expr.span, message);
                        return None;
                    }
                    self.evaluate_constant(id);
                    let c = &self.p.constants[id.index()];
                    if c.ty == TypeArena::UNKNOWN {
                        return None;
                    }
                    Some(c.value.clone())
                }
                _ => self.not_constant(ConstMode::Declare(place), expr),
            },
            Ok(None) => {
                let message = format!("undefined symbol '{}'", name.name);
                self.error(codes::UNDEFINED_NAME, name.span, message);
                None
            }
            Err(()) => None,
        }
    }
}

/// Why an arithmetic operator on two numbers of the same type has no constant value
/// (`fold_binary` failed on it), or `None` when the operands are not such numbers.
fn arithmetic_failure(op: ast::BinaryOp, a: &ConstValue, b: &ConstValue) -> Option<&'static str> {
    use ast::BinaryOp as B;
    use ConstValue as V;
    if !matches!(op, B::Add | B::Sub | B::Mul | B::Div | B::Rem) {
        return None;
    }
    let zero_divisor = match (a, b) {
        (V::Int(_), V::Int(y)) => *y == 0,
        (V::Decimal(_), V::Decimal(y)) => y.is_zero(),
        _ => return None,
    };
    Some(if zero_divisor && matches!(op, B::Div | B::Rem) {
        "division by zero in a constant expression"
    } else {
        "arithmetic overflow in a constant expression"
    })
}

/// Folds a binary operator on constant operands; `None` when not constant-foldable (type
/// mismatch or overflow).
pub(crate) fn fold_binary(op: ast::BinaryOp, a: &ConstValue, b: &ConstValue) -> Option<ConstValue> {
    use ast::BinaryOp as B;
    use ConstValue as V;
    Some(match (op, a, b) {
        (B::Add, V::Int(x), V::Int(y)) => V::Int(x.checked_add(*y)?),
        (B::Sub, V::Int(x), V::Int(y)) => V::Int(x.checked_sub(*y)?),
        (B::Mul, V::Int(x), V::Int(y)) => V::Int(x.checked_mul(*y)?),
        (B::Div, V::Int(x), V::Int(y)) => V::Int(x.checked_div(*y)?),
        (B::Rem, V::Int(x), V::Int(y)) => V::Int(x.checked_rem(*y)?),
        (B::Add, V::Float(x), V::Float(y)) => V::Float(x + y),
        (B::Sub, V::Float(x), V::Float(y)) => V::Float(x - y),
        (B::Mul, V::Float(x), V::Float(y)) => V::Float(x * y),
        (B::Div, V::Float(x), V::Float(y)) => V::Float(x / y),
        (B::Rem, V::Float(x), V::Float(y)) => V::Float(x % y),
        (B::Add, V::Decimal(x), V::Decimal(y)) => V::Decimal(x.checked_add(*y).ok()?),
        (B::Sub, V::Decimal(x), V::Decimal(y)) => V::Decimal(x.checked_sub(*y).ok()?),
        (B::Mul, V::Decimal(x), V::Decimal(y)) => V::Decimal(x.checked_mul(*y).ok()?),
        (B::Div, V::Decimal(x), V::Decimal(y)) => V::Decimal(x.checked_div(*y).ok()?),
        (B::Rem, V::Decimal(x), V::Decimal(y)) => V::Decimal(x.checked_rem(*y).ok()?),
        (B::Add, V::String(x), V::String(y)) => V::String(format!("{x}{y}")),
        (B::BitAnd, V::Int(x), V::Int(y)) => V::Int(x & y),
        (B::BitOr, V::Int(x), V::Int(y)) => V::Int(x | y),
        (B::BitXor, V::Int(x), V::Int(y)) => V::Int(x ^ y),
        (B::Shl, V::Int(x), V::Int(y)) => V::Int(x.wrapping_shl((*y & 63) as u32)),
        (B::Shr, V::Int(x), V::Int(y)) => V::Int(x.wrapping_shr((*y & 63) as u32)),
        (B::UShr, V::Int(x), V::Int(y)) => V::Int(((*x as u64) >> (*y & 63)) as i64),
        (B::And, V::Boolean(x), V::Boolean(y)) => V::Boolean(*x && *y),
        (B::Or, V::Boolean(x), V::Boolean(y)) => V::Boolean(*x || *y),
        (B::Eq, x, y) => V::Boolean(crate::types::const_equal(x, y)),
        (B::Ne, x, y) => V::Boolean(!crate::types::const_equal(x, y)),
        (B::Lt, V::Int(x), V::Int(y)) => V::Boolean(x < y),
        (B::Le, V::Int(x), V::Int(y)) => V::Boolean(x <= y),
        (B::Gt, V::Int(x), V::Int(y)) => V::Boolean(x > y),
        (B::Ge, V::Int(x), V::Int(y)) => V::Boolean(x >= y),
        (B::Lt, V::Float(x), V::Float(y)) => V::Boolean(x < y),
        (B::Le, V::Float(x), V::Float(y)) => V::Boolean(x <= y),
        (B::Gt, V::Float(x), V::Float(y)) => V::Boolean(x > y),
        (B::Ge, V::Float(x), V::Float(y)) => V::Boolean(x >= y),
        (B::Lt, V::String(x), V::String(y)) => V::Boolean(x < y),
        (B::Le, V::String(x), V::String(y)) => V::Boolean(x <= y),
        (B::Gt, V::String(x), V::String(y)) => V::Boolean(x > y),
        (B::Ge, V::String(x), V::String(y)) => V::Boolean(x >= y),
        _ => return None,
    })
}
