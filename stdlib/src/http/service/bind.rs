//! Argument binding of `http:Listener`'s resources, as Ballerina binds them: typed path
//! parameters, query parameters (typed, optional, defaultable, arrays), `@http:Header`
//! parameters, the `Caller`, `RequestContext`, `http:Request` and `http:Headers` objects, and
//! the payload (text, bytes, XML, a form, or JSON converted to the parameter's type). An
//! argument that cannot be bound is 400 with module-ballerina-http's text.

use super::dispatch::HttpService;
use super::percent_decode;
use crate::http::server::{Request, Response};
use intc_decimal::Decimal;
use intc_ir::{AnnotationTarget, MethodParam, PathSegment, ResourceMethod, TypeId, TypeKind};
use intc_runtime::value::ListObj;
use intc_runtime::{NativeContext, TypeTable, Value};
use std::rc::Rc;

/// Where the annotations of a parameter say its argument comes from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    Payload,
    Header,
    Query,
    Inferred,
}

/// The value of `text` for a parameter of type `ty`: the first of int, float, decimal,
/// boolean and string readings that belongs to it.
fn typed(ctx: &NativeContext<'_>, text: &str, ty: TypeId) -> Option<Value> {
    let mut candidates = Vec::with_capacity(5);
    if let Ok(i) = text.parse::<i64>() {
        candidates.push(Value::Int(i));
    }
    if let Ok(f) = text.parse::<f64>() {
        if !text.chars().any(|c| c.is_ascii_alphabetic()) {
            candidates.push(Value::Float(f));
        }
    }
    if let Ok(d) = Decimal::parse(text) {
        candidates.push(Value::Decimal(Rc::new(d)));
    }
    match text {
        "true" => candidates.push(Value::Boolean(true)),
        "false" => candidates.push(Value::Boolean(false)),
        _ => {}
    }
    candidates.push(Value::string(text));
    candidates.into_iter().find(|v| ctx.value_belongs(v, ty))
}

/// The array type among `ty` (itself, or a member of a union such as `int[]?`), with its
/// element type.
fn array_of(types: &TypeTable, ty: TypeId) -> Option<(TypeId, TypeId)> {
    match types.get(ty) {
        TypeKind::Array { element, .. } => Some((ty, *element)),
        TypeKind::Union(members) => members.iter().find_map(|m| array_of(types, *m)),
        TypeKind::ReadonlyOf(inner) => array_of(types, *inner),
        _ => None,
    }
}

/// Whether values of `ty` are simple (nil, boolean, numbers, strings): a query parameter
/// rather than a payload when nothing annotates it.
fn simple(types: &TypeTable, ty: TypeId, depth: u32) -> bool {
    if depth > 16 {
        return false;
    }
    match types.get(ty) {
        TypeKind::Nil
        | TypeKind::Boolean
        | TypeKind::Int
        | TypeKind::IntSubtype(_)
        | TypeKind::Float
        | TypeKind::Decimal
        | TypeKind::String
        | TypeKind::StringChar
        | TypeKind::Singleton(_) => true,
        TypeKind::Union(members) => members.iter().all(|m| simple(types, *m, depth + 1)),
        TypeKind::ReadonlyOf(inner) => simple(types, *inner, depth + 1),
        TypeKind::Array { element, .. } => simple(types, *element, depth + 1),
        _ => false,
    }
}

/// Parses a query string into decoded (name, value) pairs.
fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    let Some(query) = query else {
        return Vec::new();
    };
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |s: &str| percent_decode(s, true).unwrap_or_else(|| s.to_owned());
            (decode(name), decode(value))
        })
        .collect()
}

fn bad_request(message: impl Into<String>) -> Response {
    Response::text(400, message)
}

impl HttpService {
    /// The arguments of `resource` for `request`: the service, its path parameters, then
    /// its other parameters (trailing defaultable ones left out when absent).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn bind(
        &self,
        ctx: &mut NativeContext<'_>,
        service: &Value,
        resource: &ResourceMethod,
        rest: &[String],
        request: &Request,
        caller: &Value,
        context: Option<&Value>,
        objects: &mut Objects,
    ) -> Result<Vec<Value>, Response> {
        let mut args = vec![service.clone()];
        for (i, segment) in resource.path.iter().enumerate() {
            match segment {
                PathSegment::Literal(_) => {}
                PathSegment::Param { name, ty } => {
                    let text = rest.get(i).map(String::as_str).unwrap_or("");
                    match typed(ctx, text, *ty) {
                        Some(value) => args.push(value),
                        None => {
                            return Err(bad_request(format!(
                                "error in casting path parameter : '{name}'"
                            )))
                        }
                    }
                }
                PathSegment::Rest { name, ty } => {
                    let element = array_of(ctx.types(), *ty).map(|(_, e)| e);
                    let mut items = Vec::new();
                    for text in rest.iter().skip(i) {
                        let value = match element {
                            Some(element) => typed(ctx, text, element),
                            None => Some(Value::string(text.as_str())),
                        };
                        match value {
                            Some(value) => items.push(value),
                            None => {
                                return Err(bad_request(format!(
                                    "error in casting path parameter : '{name}'"
                                )))
                            }
                        }
                    }
                    args.push(Value::List(ListObj::new(*ty, items)));
                }
            }
        }
        let path_params = resource
            .path
            .iter()
            .filter(|s| !matches!(s, PathSegment::Literal(_)))
            .count();
        let query = query_pairs(request.query.as_deref());
        // `None`: a defaultable parameter that was not given (left out when trailing).
        let mut bound: Vec<(Option<Value>, &MethodParam)> = Vec::new();
        for (i, param) in resource.params.iter().enumerate() {
            let target = match param.annotations {
                Some(set) => ctx.program().annotations.get(set).map(|s| s.target.clone()),
                None => {
                    let index = u32::try_from(path_params + i).unwrap_or(u32::MAX);
                    Some(AnnotationTarget::Param(resource.func, index))
                }
            };
            let annotations = target.and_then(|t| ctx.annotations(&t));
            let annotation = |tag: &str| {
                annotations
                    .as_ref()
                    .and_then(|a| a.as_map())
                    .and_then(|m| m.get(tag))
            };
            let (source, config) = if let Some(c) = annotation("std/http:Payload") {
                (Source::Payload, c)
            } else if let Some(c) = annotation("std/http:Header") {
                (Source::Header, c)
            } else if let Some(c) = annotation("std/http:Query") {
                (Source::Query, c)
            } else {
                (Source::Inferred, Value::Nil)
            };
            let renamed = config
                .as_map()
                .and_then(|m| m.get("name"))
                .and_then(|n| n.as_str().map(str::to_owned));
            let name = renamed.unwrap_or_else(|| param.name.clone());
            let ty = param.ty;
            let value = match source {
                Source::Payload => {
                    super::xml_payload::check_payload_media_type(&config, request)?;
                    Some(self.payload(ctx, request, ty)?)
                }
                Source::Header => self.header(ctx, request, &name, param)?,
                Source::Query => self.query(ctx, &query, &name, param)?,
                Source::Inferred => {
                    if !caller.is_nil() && ctx.value_belongs(caller, ty) {
                        Some(caller.clone())
                    } else if let Some(context) = context.filter(|c| ctx.value_belongs(c, ty)) {
                        Some(context.clone())
                    } else if ctx.types().is_subtype(ty, ctx.types().well_known.error) {
                        // An error interceptor's error: the pipeline passes it.
                        Some(Value::Nil)
                    } else if let Some(object) = self.object_argument(ctx, request, objects, ty)? {
                        Some(object)
                    } else if simple(ctx.types(), ty, 0)
                        && !ctx.types().is_subtype(ty, ctx.types().well_known.byte_list)
                    {
                        self.query(ctx, &query, &name, param)?
                    } else {
                        Some(self.payload(ctx, request, ty)?)
                    }
                }
            };
            bound.push((value, param));
        }
        while matches!(bound.last(), Some((None, _))) {
            bound.pop();
        }
        for (value, param) in bound {
            match value {
                Some(value) => args.push(value),
                None if ctx.value_belongs(&Value::Nil, param.ty) => args.push(Value::Nil),
                None => {
                    return Err(bad_request(format!(
                        "no query param value found for '{}'",
                        param.name
                    )))
                }
            }
        }
        Ok(args)
    }

    /// The `http:Request` or `http:Headers` a parameter of type `ty` takes, if it takes one
    /// (each built once, on first need).
    pub(super) fn object_argument(
        &self,
        ctx: &mut NativeContext<'_>,
        request: &Request,
        objects: &mut Objects,
        ty: TypeId,
    ) -> Result<Option<Value>, Response> {
        let classes = self.classes(ctx);
        if Self::takes(ctx, classes.request, ty) {
            if objects.request.is_none() {
                objects.request = Some(self.make_request(ctx, request)?);
            }
            return Ok(objects.request.clone());
        }
        if Self::takes(ctx, classes.headers, ty) {
            if objects.headers.is_none() {
                let (names, values) = header_lists(ctx, request);
                objects.headers = Some(self.call(ctx, "makeHeaders", &[names, values])?);
            }
            return Ok(objects.headers.clone());
        }
        Ok(None)
    }

    pub(super) fn make_request(
        &self,
        ctx: &mut NativeContext<'_>,
        request: &Request,
    ) -> Result<Value, Response> {
        let raw_path = match &request.query {
            Some(query) => format!("{}?{}", request.path, query),
            None => request.path.clone(),
        };
        let version = match request.version {
            hyper::Version::HTTP_10 => "1.0",
            hyper::Version::HTTP_2 => "2.0",
            _ => "1.1",
        };
        let headers = request.headers.iter().map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            (name.as_str().to_owned(), value)
        });
        let scalars = [
            ("method", Value::string(request.method.as_str())),
            ("rawPath", Value::string(raw_path.as_str())),
            ("httpVersion", Value::string(version)),
        ];
        crate::http::message::make(ctx, "Request", &scalars, headers, &request.body)
            .ok_or_else(|| Response::text(500, "Internal Server Error"))
    }

    /// The payload bound to `ty`: text for `string`, bytes for `byte[]`, XML for an XML type,
    /// a form for `map<string>` sent as `application/x-www-form-urlencoded`, otherwise JSON
    /// converted to the type. A payload that does not fit is 400.
    fn payload(
        &self,
        ctx: &mut NativeContext<'_>,
        request: &Request,
        ty: TypeId,
    ) -> Result<Value, Response> {
        let known = &ctx.types().well_known;
        let (byte_list, string_map, int) = (known.byte_list, known.string_map, known.int);
        let content_type = request
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        let types = ctx.types();
        let kind = if types.is_subtype(ty, byte_list) {
            1
        } else if crate::http::client::admits_xml_only(ctx, ty) {
            4
        } else if content_type.starts_with("application/x-www-form-urlencoded")
            && types.is_subtype(string_map, ty)
        {
            3
        } else if ctx.value_belongs(&Value::string(""), ty)
            && !ctx.value_belongs(&Value::Int(0), ty)
            && !types.is_subtype(int, ty)
        {
            0
        } else {
            2
        };
        if kind == 2 {
            if let Some(bound) = super::json_payload::bind_json(ctx, &request.body, ty) {
                return Ok(bound);
            }
        }
        let body = bytes_value(byte_list, &request.body);
        let bound = self.call(
            ctx,
            "bindPayload",
            &[body, Value::Typedesc(ty), Value::Int(kind)],
        )?;
        if let Value::Error(_) = &bound {
            // module-ballerina-http's text: the prefix and the error value as a string.
            let text = intc_runtime::format::to_string(&bound, ctx.types());
            return Err(bad_request(format!("data binding failed: {text}")));
        }
        Ok(bound)
    }

    /// A header parameter: its first value (or all of them for an array type); absent is
    /// `()` when the type allows it, else 400.
    fn header(
        &self,
        ctx: &mut NativeContext<'_>,
        request: &Request,
        name: &str,
        param: &MethodParam,
    ) -> Result<Option<Value>, Response> {
        let texts: Vec<String> = request
            .headers
            .get_all(name.to_ascii_lowercase().as_str())
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect();
        if texts.is_empty() {
            if ctx.value_belongs(&Value::Nil, param.ty) {
                return Ok(Some(Value::Nil));
            }
            return Err(bad_request(format!("no header value found for '{name}'")));
        }
        self.texts_to(ctx, &texts, param)
            .map(Some)
            .ok_or_else(|| bad_request(format!("header binding failed for parameter: '{name}'")))
    }

    /// A query parameter; absent is `None` (its default) when defaultable, `()` when the
    /// type allows it, else 400.
    fn query(
        &self,
        ctx: &mut NativeContext<'_>,
        query: &[(String, String)],
        name: &str,
        param: &MethodParam,
    ) -> Result<Option<Value>, Response> {
        let texts: Vec<String> = query
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .collect();
        if texts.is_empty() {
            if param.defaultable {
                return Ok(None);
            }
            if ctx.value_belongs(&Value::Nil, param.ty) {
                return Ok(Some(Value::Nil));
            }
            return Err(bad_request(format!(
                "no query param value found for '{name}'"
            )));
        }
        self.texts_to(ctx, &texts, param)
            .map(Some)
            .ok_or_else(|| bad_request(format!("error in casting query param : '{name}'")))
    }

    /// Converts the texts of a header or query parameter to its type: an array type takes
    /// all of them, another type the first.
    fn texts_to(
        &self,
        ctx: &mut NativeContext<'_>,
        texts: &[String],
        param: &MethodParam,
    ) -> Option<Value> {
        let ty = param.ty;
        if let Some(first) = texts.first() {
            if let Some(value) = typed(ctx, first, ty) {
                if texts.len() == 1 || array_of(ctx.types(), ty).is_none() {
                    return Some(value);
                }
            }
        }
        let (list_ty, element) = array_of(ctx.types(), ty)?;
        let items = texts
            .iter()
            .map(|t| typed(ctx, t, element))
            .collect::<Option<Vec<_>>>()?;
        Some(Value::List(ListObj::new(list_ty, items)))
    }
}

/// The `http:Request`/`http:Headers` values of a request, built on first need.
#[derive(Default)]
pub(super) struct Objects {
    pub(super) request: Option<Value>,
    pub(super) headers: Option<Value>,
}

/// The request's header names and values as two `string[]` (one entry per value).
fn header_lists(ctx: &NativeContext<'_>, request: &Request) -> (Value, Value) {
    let string_list = ctx.types().well_known.string_list;
    let mut names = Vec::new();
    let mut values = Vec::new();
    for (name, value) in request.headers.iter() {
        names.push(Value::string(name.as_str()));
        values.push(Value::string(
            String::from_utf8_lossy(value.as_bytes()).into_owned(),
        ));
    }
    (
        Value::List(ListObj::new(string_list, names)),
        Value::List(ListObj::new(string_list, values)),
    )
}

fn bytes_value(byte_list: TypeId, bytes: &[u8]) -> Value {
    Value::List(ListObj::new(
        byte_list,
        bytes.iter().map(|b| Value::Int(i64::from(*b))).collect(),
    ))
}
