//! Signature help: the signature of the call the cursor is in, with the parameter the cursor
//! is at (counted by the commas written so far, so half-written calls answer) and the
//! parameters' `# + p - ...` documentation.
use crate::analysis::Analysis;
use crate::complete::lang_modules;
use crate::host::AnalysisHost;
use crate::navigate::KEYWORDS;
use crate::scan;
use intc_sema::{FunctionInfo, ModuleId, ParamKindInfo, Type, TypeId};
use intc_span::FileId;
use intc_syntax::ast;
use std::path::Path;

/// The signature of the call at the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureHelp {
    /// `function push(Type[] arr, Type... vals) returns ()`.
    pub label: String,
    /// The function's documentation (without the parameter lines), Markdown.
    pub doc: String,
    pub params: Vec<ParamHelp>,
    /// The index of the parameter the cursor is at.
    pub active: u32,
}

/// One parameter of a [`SignatureHelp`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamHelp {
    /// The parameter's range in the label, in bytes.
    pub start: u32,
    pub end: u32,
    pub doc: Option<String>,
}

/// What is called, as written before the `(`.
enum Callee<'t> {
    /// `f(`
    Function(&'t str),
    /// `mod:f(` (a module function or a lang library function).
    Qualified(&'t str, &'t str),
    /// `x.m(` or `x->m(`: the base expression ends at `base_end`.
    Method { base_end: usize, name: &'t str },
    /// `new C(` or `new mod:C(`.
    New(Option<&'t str>, &'t str),
    /// `new (`: the class comes from the expected type (`http:Client c = check new (`); the
    /// `new` keyword starts at the offset.
    Inferred(usize),
    /// `c->/albums/[id].get(`: a resource method call; `->/` starts at `arrow`, the path runs
    /// to `path_end` (past its `.`).
    Resource {
        arrow: usize,
        path_end: usize,
        accessor: &'t str,
    },
}

impl AnalysisHost {
    /// The signature of the call whose argument list holds `offset` in `path`.
    pub fn signature_help(&self, path: &Path, offset: u32) -> Option<SignatureHelp> {
        let text = self.file_text(path)?;
        let offset = (offset as usize).min(text.len());
        if !text.is_char_boundary(offset) {
            return None;
        }
        let open = scan::open_brackets(&text, offset)
            .into_iter()
            .rev()
            .find(|o| o.ch == b'(')?;
        let callee = callee_before(&text, open.at)?;
        let analysis = self.analysis(path).ok()?;
        let file = analysis.file_id(path)?;
        let help = match callee {
            Callee::Function(name) => {
                let module = analysis.checked().module_of_file(file)?;
                analysis.function_help(analysis.module_function(module, name)?)
            }
            Callee::Qualified(prefix, name) => match analysis.imported_module(file, prefix) {
                Some(module) => analysis.function_help(analysis.module_function(module, name)?),
                None => lang_help(prefix, name, false),
            },
            Callee::New(prefix, name) => analysis.new_help(file, prefix, name),
            Callee::Inferred(new_at) => {
                self.inferred_new_help(path, &text, new_at, open.at, offset)
            }
            Callee::Resource {
                arrow,
                path_end,
                accessor,
            } => self.resource_call_help(path, &text, arrow, path_end, accessor, offset),
            Callee::Method { base_end, name } => {
                let (patched_analysis, ty) = self.type_of_base(path, &text, base_end, offset)?;
                patched_analysis.method_help(ty, name)
            }
        };
        let mut help = help?;
        help.active += open.commas;
        Some(help)
    }

    /// The signature of a resource method call after its path (the parameters after the path
    /// parameters): the client's type from the text with the access cut off (as completion
    /// of the path reads it), the method as the path and accessor select it.
    fn resource_call_help(
        &self,
        path: &Path,
        text: &str,
        arrow: usize,
        path_end: usize,
        accessor: &str,
        offset: usize,
    ) -> Option<SignatureHelp> {
        let (written, finished) =
            crate::complete_context::split_access_path(text.get(arrow + 3..path_end)?)?;
        if !finished {
            return None;
        }
        let base_end = text[..arrow].trim_end().len();
        let (analysis, ty) = self.type_of_base(path, text, base_end, offset)?;
        let ty = analysis.without_nil(ty);
        let Type::Object(object) = analysis.checked().types.get(ty) else {
            return None;
        };
        let (function, path_params) = analysis.resource_method(object, &written, accessor)?;
        analysis.params_help(
            function,
            path_params,
            &format!("resource function {accessor}"),
        )
    }

    /// The `init` of the class a `new (` at `new_at` constructs, as the checker inferred it
    /// from the expected type: from the text as it is, else with the argument list emptied
    /// (up to its `)` when it has one, else with the statement closed after the cursor's
    /// line), so that half-written arguments do not stop the checker.
    fn inferred_new_help(
        &self,
        path: &Path,
        text: &str,
        new_at: usize,
        paren: usize,
        offset: usize,
    ) -> Option<SignatureHelp> {
        let help_of = |analysis: &Analysis| -> Option<SignatureHelp> {
            let file = analysis.file_id(path)?;
            let checked = analysis.checked();
            let info = analysis
                .exprs
                .iter()
                .filter(|(s, _)| s.file == file && s.start as usize == new_at)
                .find_map(|(_, key)| checked.news.get(key))?;
            analysis.init_help(info.class)
        };
        if let Some(help) = self.analysis(path).ok().and_then(|a| help_of(&a)) {
            return Some(help);
        }
        let mut patches = Vec::new();
        if let Some(close) = scan::closing(text, paren).filter(|&c| text.as_bytes()[c] == b')') {
            patches.push(format!("{}(){}", &text[..paren], &text[close + 1..]));
        }
        patches.push(format!(
            "{}(){};{}",
            &text[..paren],
            scan::closers(text, new_at),
            &text[scan::line_end(text, offset)..]
        ));
        patches.iter().find_map(|patched| {
            let analysis = self.analysis_with_text(path, patched).ok()?;
            help_of(&analysis)
        })
    }
}

/// The callee written before the `(` at `paren`.
fn callee_before(text: &str, paren: usize) -> Option<Callee<'_>> {
    let before = text[..paren].trim_end();
    let start = scan::word_start(before, before.len());
    let name = &before[start..];
    if name == "new" {
        return Some(Callee::Inferred(start));
    }
    if name.is_empty() || KEYWORDS.contains(&name) {
        return None;
    }
    let rest = before[..start].trim_end();
    let ends_with_new = |t: &str| {
        t.strip_suffix("new")
            .is_some_and(|b| !b.ends_with(|c: char| scan::is_word(c)))
    };
    if ends_with_new(rest) {
        return Some(Callee::New(None, name));
    }
    if let Some(rest) = rest.strip_suffix("->") {
        return Some(Callee::Method {
            base_end: rest.trim_end().len(),
            name,
        });
    }
    if let Some(rest) = rest.strip_suffix('.') {
        // `c->/albums/[id].get(`: the `.` ends a resource access path on this line.
        let line_start = rest.rfind('\n').map_or(0, |i| i + 1);
        if let Some(arrow) = rest[line_start..].rfind("->/").map(|a| line_start + a) {
            let path_chars = |c: char| scan::is_word(c) || "/[]. \"".contains(c);
            if rest[arrow + 3..].chars().all(path_chars) {
                return Some(Callee::Resource {
                    arrow,
                    path_end: rest.len() + 1,
                    accessor: name,
                });
            }
        }
        let rest = rest.strip_suffix('?').unwrap_or(rest).trim_end();
        return Some(Callee::Method {
            base_end: rest.len(),
            name,
        });
    }
    if let Some(rest) = rest.strip_suffix(':').filter(|r| !r.ends_with(':')) {
        let rest = rest.trim_end();
        let prefix_start = scan::word_start(rest, rest.len());
        let prefix = &rest[prefix_start..];
        if prefix.is_empty() {
            return None;
        }
        if ends_with_new(rest[..prefix_start].trim_end()) {
            return Some(Callee::New(Some(prefix), name));
        }
        return Some(Callee::Qualified(prefix, name));
    }
    Some(Callee::Function(name))
}

impl Analysis {
    /// The module-level function `name` of a module.
    pub(crate) fn module_function(&self, module: ModuleId, name: &str) -> Option<&FunctionInfo> {
        self.checked()
            .functions
            .iter()
            .find(|f| f.module == module && f.member.is_none() && f.name == name)
    }

    /// The type of the outermost expression of `path` ending at `end`.
    pub(crate) fn type_ending_at(&self, path: &Path, end: u32) -> Option<TypeId> {
        let file = self.file_id(path)?;
        self.exprs
            .iter()
            .filter(|(s, _)| s.file == file && s.end == end)
            .min_by_key(|(s, _)| s.start)
            .map(|(_, key)| self.type_of(*key))
    }

    fn function_help(&self, f: &FunctionInfo) -> Option<SignatureHelp> {
        let head = match f.kind {
            intc_sema::FunctionKind::Method(class) if f.name == "init" => {
                let class = self.checked().classes.get(class.index())?;
                format!("new {}", class.name)
            }
            _ => format!("function {}", f.name),
        };
        self.params_help(f, 0, &head)
    }

    /// `head(params) returns ret` of `f`, leaving out its first `skip` parameters (a resource
    /// method's path parameters).
    fn params_help(&self, f: &FunctionInfo, skip: usize, head: &str) -> Option<SignatureHelp> {
        let doc = self
            .function_def(f)
            .map(|d| d.doc.clone())
            .unwrap_or_default();
        let params: Vec<(String, String)> = f
            .params
            .iter()
            .skip(skip)
            .map(|p| {
                let rest = matches!(p.kind, ParamKindInfo::Rest);
                let ty = match (rest, self.checked().types.get(p.ty)) {
                    (true, Type::Array { element, .. }) => self.show_type(*element),
                    _ => self.show_type(p.ty),
                };
                let included = if matches!(p.kind, ParamKindInfo::Included) {
                    "*"
                } else {
                    ""
                };
                let dots = if rest { "..." } else { "" };
                (format!("{included}{ty}{dots} {}", p.name), p.name.clone())
            })
            .collect();
        let ret = (f.ret != intc_sema::TypeArena::NIL).then(|| self.show_type(f.ret));
        Some(build(head, &params, ret.as_deref(), &doc))
    }

    fn new_help(&self, file: FileId, prefix: Option<&str>, name: &str) -> Option<SignatureHelp> {
        let checked = self.checked();
        let module = match prefix {
            Some(prefix) => self.imported_module(file, prefix)?,
            None => checked.module_of_file(file)?,
        };
        let class = checked.classes.iter().position(|c| {
            c.module == module
                && c.name == name
                && matches!(c.source, intc_sema::ClassSource::Item(_))
        })?;
        self.init_help(intc_sema::ClassId(class as u32))
    }

    /// The signature of a class's `init` (`new C()` when it declares none).
    fn init_help(&self, class: intc_sema::ClassId) -> Option<SignatureHelp> {
        let checked = self.checked();
        let info = checked.classes.get(class.index())?;
        match info.init {
            Some(init) => self.function_help(checked.functions.get(init.index())?),
            None => Some(build(&format!("new {}", info.name), &[], None, &[])),
        }
    }

    /// A method of an object type, or a lang library function taking a value of type `ty`
    /// first (its first parameter is the receiver).
    fn method_help(&self, ty: TypeId, name: &str) -> Option<SignatureHelp> {
        let checked = self.checked();
        let ty = self.without_nil(ty);
        let described = checked.types.get(ty);
        if let Type::Object(object) = described {
            let class = checked.classes.get(object.class?.index())?;
            let (_, id) = class.methods.iter().find(|(n, _)| n == name)?;
            return self.function_help(checked.functions.get(id.index())?);
        }
        lang_modules(described)
            .into_iter()
            .find_map(|module| lang_help(module, name, true))
    }
}

/// The signature of the lang library function `module:name` (read from its declaration);
/// in method-call syntax the receiver is its first parameter.
fn lang_help(module: &str, name: &str, method_call: bool) -> Option<SignatureHelp> {
    let source = intc_langlib::source(module)?;
    let parsed = intc_syntax::parse(FileId(u32::MAX), source).module;
    let def = parsed.items.iter().find_map(|item| match item {
        ast::Item::Function(d) if d.name.name == name => Some(d),
        _ => None,
    })?;
    let slice = |span: intc_span::Span| source.get(span.range()).unwrap_or("").trim().to_owned();
    let params: Vec<(String, String)> = def
        .signature
        .params
        .iter()
        .map(|p| (slice(p.span), p.name.name.clone()))
        .collect();
    let ret = def.signature.return_type.as_ref().map(|t| slice(t.span));
    let mut help = build(
        &format!("function {name}"),
        &params,
        ret.as_deref(),
        &def.doc,
    );
    if method_call {
        help.active = 1;
    }
    Some(help)
}

/// The label `head(p1, p2) returns ret`, with each parameter's range and documentation.
fn build(
    head: &str,
    params: &[(String, String)],
    ret: Option<&str>,
    doc: &[String],
) -> SignatureHelp {
    let (text, param_docs) = split_doc(doc);
    let mut label = format!("{head}(");
    let mut ranges = Vec::new();
    for (i, (shown, name)) in params.iter().enumerate() {
        if i > 0 {
            label.push_str(", ");
        }
        let start = label.len() as u32;
        label.push_str(shown);
        ranges.push(ParamHelp {
            start,
            end: label.len() as u32,
            doc: param_docs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, d)| d.clone()),
        });
    }
    label.push(')');
    if let Some(ret) = ret {
        label.push_str(" returns ");
        label.push_str(ret);
    }
    SignatureHelp {
        label,
        doc: text,
        params: ranges,
        active: 0,
    }
}

/// A doc comment's text and its `+ name - description` parameter lines.
fn split_doc(doc: &[String]) -> (String, Vec<(String, String)>) {
    let mut text = Vec::new();
    let mut params = Vec::new();
    for line in doc {
        let line = line.trim();
        match line.strip_prefix('+') {
            Some(param) => {
                if let Some((name, description)) = param.split_once('-') {
                    let name = name.trim().trim_start_matches('\'').to_owned();
                    params.push((name, description.trim().to_owned()));
                }
            }
            None => text.push(line),
        }
    }
    (text.join("\n").trim().to_owned(), params)
}
