//! The lang library's function signatures, instantiated for a receiver type: the type
//! parameter `T` of `lang.array` is the receiver's element type, of `lang.map` its member
//! type. Return types that depend on arguments (`map`, `reduce`, `cloneWithType`) are
//! computed by the call checker from [`ReturnRule`].

use crate::checker::Checker;
use crate::model::*;
use crate::types::basic;

#[derive(Clone, Debug)]
pub(crate) struct LangParam {
    pub name: &'static str,
    pub ty: TypeId,
    pub kind: ParamKindInfo,
}

/// How the result type of a lang library call is found.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum ReturnRule {
    Fixed(TypeId),
    /// `array:map`: an array of the function argument's return type.
    MappedArray,
    /// `map:map`: a map of the function argument's return type.
    MappedMap,
    /// `reduce`: the type of the initial value argument.
    Reduce,
    /// `T|error` where `T` comes from the typedesc argument or the expected type.
    TypedescOrError,
}

#[derive(Clone, Debug)]
pub(crate) struct LangSig {
    pub native: String,
    /// The receiver (for method-call syntax) is the first parameter.
    pub params: Vec<LangParam>,
    pub ret: ReturnRule,
}

fn p(name: &'static str, ty: TypeId) -> LangParam {
    LangParam {
        name,
        ty,
        kind: ParamKindInfo::Required,
    }
}

fn opt(name: &'static str, ty: TypeId) -> LangParam {
    LangParam {
        name,
        ty,
        kind: ParamKindInfo::Defaultable,
    }
}

fn rest(name: &'static str, ty: TypeId) -> LangParam {
    LangParam {
        name,
        ty,
        kind: ParamKindInfo::Rest,
    }
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
            _ => return None,
        })
    }

    /// A lang library function of `module` instantiated for a receiver (first argument) type.
    pub(crate) fn lang_function(
        &mut self,
        module: &str,
        name: &str,
        recv: TypeId,
    ) -> Option<LangSig> {
        let t = &mut self.p.types;
        let native = format!("lang.{module}:{name}");
        let fixed = ReturnRule::Fixed;
        let (params, ret): (Vec<LangParam>, ReturnRule) = match module {
            "array" => {
                let e = self.list_element_type(recv);
                let t = &mut self.p.types;
                let arr = t.array_of(e);
                let opt_int = t.optional(TypeArena::INT);
                let r = p("arr", recv);
                match name {
                    "length" => (vec![r], fixed(TypeArena::INT)),
                    "push" | "unshift" => (vec![r, rest("vals", e)], fixed(TypeArena::NIL)),
                    "pop" | "shift" => (vec![r], fixed(e)),
                    "remove" => (vec![r, p("index", TypeArena::INT)], fixed(e)),
                    "removeAll" => (vec![r], fixed(TypeArena::NIL)),
                    "setLength" => (vec![r, p("length", TypeArena::INT)], fixed(TypeArena::NIL)),
                    "reverse" => (vec![r], fixed(arr)),
                    "slice" => (
                        vec![
                            r,
                            p("startIndex", TypeArena::INT),
                            opt("endIndex", TypeArena::INT),
                        ],
                        fixed(arr),
                    ),
                    "indexOf" | "lastIndexOf" => (
                        vec![
                            r,
                            p("val", TypeArena::ANYDATA),
                            opt("startIndex", TypeArena::INT),
                        ],
                        fixed(opt_int),
                    ),
                    "sort" => {
                        let key_fn = t.add(Type::Function(FunctionType {
                            params: vec![e],
                            required: 1,
                            rest: None,
                            ret: TypeArena::ANYDATA,
                            is_isolated: false,
                        }));
                        let key = t.optional(key_fn);
                        (
                            vec![r, opt("direction", TypeArena::STRING), opt("key", key)],
                            fixed(arr),
                        )
                    }
                    "filter" | "some" | "every" => {
                        let f = t.add(Type::Function(FunctionType {
                            params: vec![e],
                            required: 1,
                            rest: None,
                            ret: TypeArena::BOOLEAN,
                            is_isolated: false,
                        }));
                        let ret = if name == "filter" {
                            arr
                        } else {
                            TypeArena::BOOLEAN
                        };
                        (vec![r, p("func", f)], fixed(ret))
                    }
                    "map" => {
                        let f = t.add(Type::Function(FunctionType {
                            params: vec![e],
                            required: 1,
                            rest: None,
                            ret: TypeArena::ANY_OR_ERROR,
                            is_isolated: false,
                        }));
                        (vec![r, p("func", f)], ReturnRule::MappedArray)
                    }
                    "forEach" => {
                        let f = t.add(Type::Function(FunctionType {
                            params: vec![e],
                            required: 1,
                            rest: None,
                            ret: TypeArena::NIL,
                            is_isolated: false,
                        }));
                        (vec![r, p("func", f)], fixed(TypeArena::NIL))
                    }
                    "reduce" => (
                        vec![
                            r,
                            p("func", TypeArena::ANY_FUNCTION),
                            p("initial", TypeArena::ANY_OR_ERROR),
                        ],
                        ReturnRule::Reduce,
                    ),
                    "enumerate" => {
                        let pair = t.add(Type::Tuple {
                            members: vec![TypeArena::INT, e],
                            rest: None,
                        });
                        let arr = t.array_of(pair);
                        (vec![r], fixed(arr))
                    }
                    _ => return self.value_function(name, recv),
                }
            }
            "map" => {
                let e = self.mapping_member_type(recv);
                let t = &mut self.p.types;
                let r = p("m", recv);
                let map_e = t.map_of(e);
                match name {
                    "length" => (vec![r], fixed(TypeArena::INT)),
                    "keys" => {
                        let keys = t.array_of(TypeArena::STRING);
                        (vec![r], fixed(keys))
                    }
                    "entries" => {
                        let pair = t.add(Type::Tuple {
                            members: vec![TypeArena::STRING, e],
                            rest: None,
                        });
                        let m = t.map_of(pair);
                        (vec![r], fixed(m))
                    }
                    "hasKey" => (
                        vec![r, p("k", TypeArena::STRING)],
                        fixed(TypeArena::BOOLEAN),
                    ),
                    "get" | "remove" => (vec![r, p("k", TypeArena::STRING)], fixed(e)),
                    "removeIfHasKey" => {
                        let o = t.optional(e);
                        (vec![r, p("k", TypeArena::STRING)], fixed(o))
                    }
                    "removeAll" => (vec![r], fixed(TypeArena::NIL)),
                    "toArray" => {
                        let a = t.array_of(e);
                        (vec![r], fixed(a))
                    }
                    "reduce" => (
                        vec![
                            r,
                            p("func", TypeArena::ANY_FUNCTION),
                            p("initial", TypeArena::ANY_OR_ERROR),
                        ],
                        ReturnRule::Reduce,
                    ),
                    "filter" | "forEach" | "map" => {
                        let ret = match name {
                            "filter" => TypeArena::BOOLEAN,
                            "forEach" => TypeArena::NIL,
                            _ => TypeArena::ANY_OR_ERROR,
                        };
                        let f = t.add(Type::Function(FunctionType {
                            params: vec![e],
                            required: 1,
                            rest: None,
                            ret,
                            is_isolated: false,
                        }));
                        let rule = match name {
                            "filter" => fixed(map_e),
                            "forEach" => fixed(TypeArena::NIL),
                            _ => ReturnRule::MappedMap,
                        };
                        (vec![r, p("func", f)], rule)
                    }
                    _ => return self.value_function(name, recv),
                }
            }
            "string" => {
                let s = TypeArena::STRING;
                let r = p("str", s);
                let opt_int = t.optional(TypeArena::INT);
                match name {
                    "length" => (vec![r], fixed(TypeArena::INT)),
                    "substring" => (
                        vec![
                            r,
                            p("startIndex", TypeArena::INT),
                            opt("endIndex", TypeArena::INT),
                        ],
                        fixed(s),
                    ),
                    "indexOf" | "lastIndexOf" => (
                        vec![r, p("substr", s), opt("startIndex", TypeArena::INT)],
                        fixed(opt_int),
                    ),
                    "includes" => (
                        vec![r, p("substr", s), opt("startIndex", TypeArena::INT)],
                        fixed(TypeArena::BOOLEAN),
                    ),
                    "startsWith" | "endsWith" | "equalsIgnoreCaseAscii" => {
                        (vec![r, p("substr", s)], fixed(TypeArena::BOOLEAN))
                    }
                    "toUpperAscii" | "toLowerAscii" | "trim" => (vec![r], fixed(s)),
                    "join" => (vec![p("separator", s), rest("strs", s)], fixed(s)),
                    "concat" => (vec![rest("strs", s)], fixed(s)),
                    "padStart" | "padEnd" | "padZero" => (
                        vec![r, p("len", TypeArena::INT), opt("padChar", s)],
                        fixed(s),
                    ),
                    "codePointCompare" => (vec![p("str1", s), p("str2", s)], fixed(TypeArena::INT)),
                    "toCodePointInt" => {
                        (vec![p("ch", TypeArena::STRING_CHAR)], fixed(TypeArena::INT))
                    }
                    "codePointAt" => (vec![r, p("index", TypeArena::INT)], fixed(TypeArena::INT)),
                    "getCodePoint" => (vec![r, p("index", TypeArena::INT)], fixed(TypeArena::INT)),
                    "toBytes" => {
                        let bytes = t.array_of(TypeArena::BYTE);
                        (vec![r], fixed(bytes))
                    }
                    "fromBytes" => {
                        let bytes = t.array_of(TypeArena::BYTE);
                        let res = t.union_of(&[s, TypeArena::ERROR]);
                        (vec![p("bytes", bytes)], fixed(res))
                    }
                    "toCodePointInts" => {
                        let ints = t.array_of(TypeArena::INT);
                        (vec![r], fixed(ints))
                    }
                    "fromCodePointInts" => {
                        let ints = t.array_of(TypeArena::INT);
                        let res = t.union_of(&[s, TypeArena::ERROR]);
                        (vec![p("codePoints", ints)], fixed(res))
                    }
                    "fromCodePointInt" => {
                        let res = t.union_of(&[TypeArena::STRING_CHAR, TypeArena::ERROR]);
                        (vec![p("codePoint", TypeArena::INT)], fixed(res))
                    }
                    _ => return self.value_function(name, recv),
                }
            }
            "int" => {
                let i = TypeArena::INT;
                let r = p("n", i);
                match name {
                    "abs" | "signum" => (vec![r], fixed(i)),
                    "max" | "min" => (vec![r, rest("ns", i)], fixed(i)),
                    "sum" => (vec![rest("ns", i)], fixed(i)),
                    "avg" => (vec![r, rest("ns", i)], fixed(TypeArena::DECIMAL)),
                    "range" => (
                        vec![p("rangeStart", i), p("rangeEnd", i), p("step", i)],
                        fixed(TypeArena::INT_RANGE),
                    ),
                    "fromString" | "fromHexString" => {
                        let res = t.union_of(&[i, TypeArena::ERROR]);
                        (vec![p("s", TypeArena::STRING)], fixed(res))
                    }
                    "toHexString" => (vec![r], fixed(TypeArena::STRING)),
                    _ => return self.value_function(name, recv),
                }
            }
            "decimal" => {
                let d = TypeArena::DECIMAL;
                let r = p("x", d);
                match name {
                    "abs" | "floor" | "ceiling" => (vec![r], fixed(d)),
                    "round" => (vec![r, opt("fractionDigits", TypeArena::INT)], fixed(d)),
                    "quantize" => (vec![r, p("y", d)], fixed(d)),
                    "max" | "min" | "avg" => (vec![r, rest("xs", d)], fixed(d)),
                    "sum" => (vec![rest("xs", d)], fixed(d)),
                    "fromString" => {
                        let res = t.union_of(&[d, TypeArena::ERROR]);
                        (vec![p("s", TypeArena::STRING)], fixed(res))
                    }
                    _ => return self.value_function(name, recv),
                }
            }
            "float" => {
                let f = TypeArena::FLOAT;
                let r = p("x", f);
                match name {
                    "abs" | "floor" | "ceiling" | "ceil" | "sqrt" | "exp" | "log" | "log10"
                    | "sin" | "cos" | "tan" => (vec![r], fixed(f)),
                    "round" => (vec![r, opt("fractionDigits", TypeArena::INT)], fixed(f)),
                    "pow" => (vec![r, p("y", f)], fixed(f)),
                    // `float:max(float... xs)`; `decimal:max(decimal x, decimal... xs)`.
                    "max" | "min" if module == "float" => (vec![rest("xs", f)], fixed(f)),
                    "max" | "min" => (vec![r, rest("xs", f)], fixed(f)),
                    "sum" => (vec![rest("xs", f)], fixed(f)),
                    "isNaN" | "isInfinite" | "isFinite" => (vec![r], fixed(TypeArena::BOOLEAN)),
                    "fromString" => {
                        let res = t.union_of(&[f, TypeArena::ERROR]);
                        (vec![p("s", TypeArena::STRING)], fixed(res))
                    }
                    "toFixedString" | "toExpString" => (
                        vec![r, p("fractionDigits", TypeArena::INT)],
                        fixed(TypeArena::STRING),
                    ),
                    // Functions only `lang.float` has (lang.decimal is declared above).
                    "cbrt" | "asin" | "acos" | "atan" | "sinh" | "cosh" | "tanh"
                        if module == "float" =>
                    {
                        (vec![r], fixed(f))
                    }
                    "atan2" if module == "float" => (vec![p("y", f), p("x", f)], fixed(f)),
                    "avg" if module == "float" => (vec![rest("xs", f)], fixed(f)),
                    "toHexString" if module == "float" => (vec![r], fixed(TypeArena::STRING)),
                    "fromHexString" if module == "float" => {
                        let res = t.union_of(&[f, TypeArena::ERROR]);
                        (vec![p("s", TypeArena::STRING)], fixed(res))
                    }
                    "fromBitsInt" => (vec![p("x", TypeArena::INT)], fixed(f)),
                    "toBitsInt" => (vec![r], fixed(TypeArena::INT)),
                    _ => return self.value_function(name, recv),
                }
            }
            "boolean" => match name {
                "some" | "every" => (
                    vec![rest("bs", TypeArena::BOOLEAN)],
                    fixed(TypeArena::BOOLEAN),
                ),
                "fromString" => {
                    let res = t.union_of(&[TypeArena::BOOLEAN, TypeArena::ERROR]);
                    (vec![p("s", TypeArena::STRING)], fixed(res))
                }
                _ => return self.value_function(name, recv),
            },
            "error" => {
                let r = p("e", recv);
                match name {
                    "message" => (vec![r], fixed(TypeArena::STRING)),
                    "cause" => (vec![r], fixed(TypeArena::ERROR_OR_NIL)),
                    "detail" => {
                        let detail = match self.p.types.get(recv) {
                            Type::Error(e) => e.detail,
                            _ => TypeArena::ERROR_DETAIL,
                        };
                        let ro = self.readonly_of(detail);
                        (vec![r], fixed(ro))
                    }
                    "stackTrace" => {
                        let arr = self.p.types.array_of(TypeArena::ANY);
                        (vec![r], fixed(arr))
                    }
                    _ => return self.value_function(name, recv),
                }
            }
            "value" => return self.value_function(name, recv),
            _ => return self.value_function(name, recv),
        };
        Some(LangSig {
            native,
            params,
            ret,
        })
    }

    /// A `lang.value` function, callable as a method on any value.
    pub(crate) fn value_function(&mut self, name: &str, recv: TypeId) -> Option<LangSig> {
        let r = p("v", recv);
        let fixed = ReturnRule::Fixed;
        let (params, ret) = match name {
            "toString" | "toBalString" => (vec![r], fixed(TypeArena::STRING)),
            "toJson" => (vec![r], fixed(TypeArena::JSON)),
            "toJsonString" => (vec![r], fixed(TypeArena::STRING)),
            "fromJsonString" => {
                let res = self.p.types.union_of(&[TypeArena::JSON, TypeArena::ERROR]);
                (vec![p("str", TypeArena::STRING)], fixed(res))
            }
            "clone" => (vec![r], fixed(recv)),
            "cloneReadOnly" => {
                let ro = self.readonly_of(recv);
                (vec![r], fixed(ro))
            }
            "isReadOnly" => (vec![r], fixed(TypeArena::BOOLEAN)),
            "cloneWithType" | "fromJsonWithType" | "ensureType" | "fromJsonStringWithType" => (
                vec![r, opt("t", TypeArena::TYPEDESC)],
                ReturnRule::TypedescOrError,
            ),
            "count" => (vec![rest("vs", TypeArena::ANY)], fixed(TypeArena::INT)),
            _ => return None,
        };
        Some(LangSig {
            native: format!("lang.value:{name}"),
            params,
            ret,
        })
    }
}
