//! The pass after parsing: hands out dense `NodeId`s in source order (every expression, binding
//! pattern and parameter) and attaches `#` documentation to the items and methods it precedes.
//! Recursion here is bounded by the nesting limit the pre-pass enforces.

use crate::ast::*;
use crate::number_xml::XmlnsScope;
use crate::prepass::DocBlock;

struct Numberer<'a> {
    next: u32,
    docs: &'a [DocBlock],
    xmlns: XmlnsScope,
}

/// Numbers the module from `first` on; returns the diagnostics of xml namespace resolution.
pub fn finish(
    module: &mut Module,
    docs: &[DocBlock],
    first: u32,
) -> Vec<intc_diagnostics::Diagnostic> {
    let mut numberer = Numberer {
        next: first,
        docs,
        xmlns: XmlnsScope::default(),
    };
    // Module-level `xmlns` declarations are in scope in the whole module.
    for item in &module.items {
        if let Item::Xmlns(decl) = item {
            numberer.xmlns.declare(decl);
        }
    }
    for item in &mut module.items {
        numberer.item(item);
    }
    module.node_count = numberer.next;
    numberer.xmlns.diagnostics
}

impl Numberer<'_> {
    fn id(&mut self) -> NodeId {
        let id = NodeId(self.next);
        self.next = self.next.saturating_add(1);
        id
    }

    fn doc_for(&self, start: u32) -> Vec<String> {
        self.docs
            .binary_search_by_key(&(start as usize), |block| block.next_token_start)
            .ok()
            .and_then(|index| self.docs.get(index))
            .map(|block| {
                block
                    .lines
                    .iter()
                    .map(|line| line.strip_prefix(' ').unwrap_or(line).to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    fn item(&mut self, item: &mut Item) {
        match item {
            Item::Function(def) => self.function(def),
            Item::Xmlns(_) => {}
            Item::TypeDef(def) => {
                def.doc = self.doc_for(def.span.start);
                self.annots(&mut def.annots);
                self.ty(&mut def.ty);
            }
            Item::Const(def) => {
                def.doc = self.doc_for(def.span.start);
                self.annots(&mut def.annots);
                if let Some(ty) = &mut def.ty {
                    self.ty(ty);
                }
                self.expr(&mut def.value);
            }
            Item::Var(var) => {
                var.doc = self.doc_for(var.span.start);
                self.annots(&mut var.annots);
                if let Some(ty) = &mut var.ty {
                    self.ty(ty);
                }
                self.binding(&mut var.binding);
                if let VarInit::Expr(init) = &mut var.init {
                    self.expr(init);
                }
            }
            Item::Class(class) => {
                class.doc = self.doc_for(class.span.start);
                self.annots(&mut class.annots);
                self.class_members(&mut class.members);
            }
            Item::Enum(def) => {
                def.doc = self.doc_for(def.span.start);
                self.annots(&mut def.annots);
                for member in &mut def.members {
                    if let Some(value) = &mut member.value {
                        self.expr(value);
                    }
                }
            }
            Item::Annotation(def) => {
                def.doc = self.doc_for(def.span.start);
                self.annots(&mut def.annots);
                if let Some(ty) = &mut def.ty {
                    self.ty(ty);
                }
            }
            Item::Service(service) => {
                service.doc = self.doc_for(service.span.start);
                if let Some(ty) = &mut service.ty {
                    self.ty(ty);
                }
                for listener in &mut service.listeners {
                    self.expr(listener);
                }
                self.expr(&mut service.body);
            }
            Item::Error(_) => {}
        }
    }

    fn annots(&mut self, annots: &mut [Annotation]) {
        for annot in annots {
            if let Some(value) = &mut annot.value {
                self.expr(value);
            }
        }
    }

    fn function(&mut self, def: &mut FunctionDef) {
        def.doc = self.doc_for(def.span.start);
        self.annots(&mut def.annots);
        self.signature(&mut def.signature);
        self.body(&mut def.body);
    }

    fn class_members(&mut self, members: &mut [ClassMember]) {
        for member in members {
            match member {
                ClassMember::Field(field) => self.field(field),
                ClassMember::Method(def) => self.function(def),
                ClassMember::Inclusion(ty) => self.ty(ty),
            }
        }
    }

    fn field(&mut self, field: &mut ObjectField) {
        self.annots(&mut field.annots);
        self.ty(&mut field.ty);
        if let Some(default) = &mut field.default {
            self.expr(default);
        }
    }

    fn signature(&mut self, signature: &mut FunctionSignature) {
        for param in &mut signature.params {
            param.id = self.id();
            self.annots(&mut param.annots);
            self.ty(&mut param.ty);
            if let Some(default) = &mut param.default {
                self.expr(default);
            }
        }
        self.annots(&mut signature.return_annots);
        if let Some(ty) = &mut signature.return_type {
            self.ty(ty);
        }
    }

    fn body(&mut self, body: &mut FunctionBody) {
        match body {
            FunctionBody::Block(block) => self.block(block),
            FunctionBody::Expr(expr) => self.expr(expr),
            FunctionBody::External(_, annots) => self.annots(annots),
        }
    }

    fn ty(&mut self, ty: &mut TypeDesc) {
        match &mut ty.kind {
            TypeDescKind::Array { element, length } => {
                self.ty(element);
                if let ArrayLength::Fixed(expr) = length {
                    self.expr(expr);
                }
            }
            TypeDescKind::Tuple { members, rest } => {
                for member in members {
                    self.ty(member);
                }
                if let Some(rest) = rest {
                    self.ty(rest);
                }
            }
            TypeDescKind::Map(inner)
            | TypeDescKind::Optional(inner)
            | TypeDescKind::Error(inner)
            | TypeDescKind::Typedesc(inner)
            | TypeDescKind::XmlSequence(inner)
            | TypeDescKind::Distinct(inner)
            | TypeDescKind::Isolated(inner)
            | TypeDescKind::Transactional(inner) => self.ty(inner),
            TypeDescKind::Record(record) => {
                for field in &mut record.fields {
                    self.annots(&mut field.annots);
                    self.ty(&mut field.ty);
                    if let Some(default) = &mut field.default {
                        self.expr(default);
                    }
                }
                for inclusion in &mut record.inclusions {
                    self.ty(inclusion);
                }
                if let Some(rest) = &mut record.rest {
                    self.ty(rest);
                }
            }
            TypeDescKind::Union(members) | TypeDescKind::Intersection(members) => {
                for member in members {
                    self.ty(member);
                }
            }
            TypeDescKind::Singleton(expr) => self.expr(expr),
            TypeDescKind::Future(Some(inner)) => self.ty(inner),
            TypeDescKind::Future(None) => {}
            TypeDescKind::Table { row, key } => {
                self.ty(row);
                if let Some(crate::ast::TableKeyConstraint::Type(key)) = key {
                    self.ty(key);
                }
            }
            TypeDescKind::Stream(Some((value, completion))) => {
                self.ty(value);
                if let Some(completion) = completion {
                    self.ty(completion);
                }
            }
            TypeDescKind::Stream(None) => {}
            TypeDescKind::Function(signature) => self.signature(signature),
            TypeDescKind::Object { members, .. } => {
                for member in members {
                    match member {
                        ObjectTypeMember::Field(field) => self.field(field),
                        ObjectTypeMember::Method {
                            annots, signature, ..
                        } => {
                            self.annots(annots);
                            self.signature(signature);
                        }
                        ObjectTypeMember::Inclusion(ty) => self.ty(ty),
                    }
                }
            }
            TypeDescKind::Builtin(_)
            | TypeDescKind::Nil
            | TypeDescKind::Named { .. }
            | TypeDescKind::Error_ => {}
        }
    }

    fn args(&mut self, args: &mut [Arg]) {
        for arg in args {
            match arg {
                Arg::Positional(expr) | Arg::Named(_, expr) | Arg::Rest(expr) => self.expr(expr),
            }
        }
    }

    fn expr(&mut self, expr: &mut Expr) {
        expr.id = self.id();
        match &mut expr.kind {
            ExprKind::Literal(_)
            | ExprKind::ByteArray(_)
            | ExprKind::Var { .. }
            | ExprKind::InferredTypedesc
            | ExprKind::Commit
            | ExprKind::Transactional
            | ExprKind::Error => {}
            ExprKind::AnnotAccess { base, .. } => self.expr(base),
            ExprKind::XmlStep { base, patterns, .. } => {
                self.expr(base);
                for pattern in patterns {
                    self.xmlns.resolve_pattern(pattern);
                }
            }
            ExprKind::XmlTemplate(template) => {
                self.xmlns.resolve_template(template);
                self.xml_nodes(&mut template.content);
            }
            ExprKind::Template(parts) | ExprKind::RawTemplate(parts) => {
                for part in parts {
                    if let TemplatePart::Interpolation(expr) = part {
                        self.expr(expr);
                    }
                }
            }
            ExprKind::Table { rows, .. } => {
                for row in rows {
                    self.expr(row);
                }
            }
            ExprKind::RegExpTemplate(parts) => {
                for (_, part) in parts {
                    if let TemplatePart::Interpolation(expr) = part {
                        self.expr(expr);
                    }
                }
            }
            ExprKind::List(items) => {
                for item in items {
                    match item {
                        ListItem::Expr(expr) | ListItem::Spread(expr) => self.expr(expr),
                    }
                }
            }
            ExprKind::Mapping(fields) => {
                for field in fields {
                    match field {
                        MappingField::KeyValue { key, value, .. } => {
                            if let MappingKey::Computed(key) = key {
                                self.expr(key);
                            }
                            if let Some(value) = value {
                                self.expr(value);
                            }
                        }
                        MappingField::Spread(expr) => self.expr(expr),
                    }
                }
            }
            ExprKind::Unary { operand, .. } => self.expr(operand),
            ExprKind::Binary { lhs, rhs, .. } => {
                self.expr(lhs);
                self.expr(rhs);
            }
            ExprKind::Ternary {
                cond,
                then,
                otherwise,
            } => {
                self.expr(cond);
                self.expr(then);
                self.expr(otherwise);
            }
            ExprKind::Member { base, index } => {
                self.expr(base);
                self.expr(index);
            }
            ExprKind::Field { base, field, .. } => {
                self.expr(base);
                self.xmlns.resolve_attribute_access(field);
            }
            ExprKind::Call { callee, args } => {
                self.expr(callee);
                self.args(args);
            }
            ExprKind::MethodCall { receiver, args, .. } => {
                self.expr(receiver);
                self.args(args);
            }
            ExprKind::TypeTest { expr, ty, .. } => {
                self.expr(expr);
                self.ty(ty);
            }
            ExprKind::Cast { ty, expr } => {
                self.ty(ty);
                self.expr(expr);
            }
            ExprKind::Start { annots, call } => {
                self.annots(annots);
                self.expr(call);
            }
            ExprKind::Wait(futures) => {
                for future in futures {
                    self.expr(future);
                }
            }
            ExprKind::MultipleWait(fields) => {
                for field in fields {
                    self.expr(&mut field.future);
                }
            }
            ExprKind::Receive(_) | ExprKind::Flush(_) => {}
            ExprKind::SyncSend { value, .. } => self.expr(value),
            ExprKind::Check { expr, .. }
            | ExprKind::Trap(expr)
            | ExprKind::Typeof(expr)
            | ExprKind::Group(expr) => self.expr(expr),
            ExprKind::Lambda {
                annots,
                signature,
                body,
                ..
            } => {
                self.annots(annots);
                self.signature(signature);
                self.body(body);
            }
            ExprKind::Arrow { body, .. } => self.expr(body),
            ExprKind::New { class, args } => {
                if let Some(class) = class {
                    self.ty(class);
                }
                self.args(args);
            }
            ExprKind::ObjectConstructor {
                annots,
                type_ref,
                members,
                ..
            } => {
                self.annots(annots);
                if let Some(type_ref) = type_ref {
                    self.ty(type_ref);
                }
                self.class_members(members);
            }
            ExprKind::ErrorConstructor { ty, args } => {
                if let Some(ty) = ty {
                    self.ty(ty);
                }
                self.args(args);
            }
            ExprKind::Let { decls, body } => {
                for decl in decls {
                    if let Some(ty) = &mut decl.ty {
                        self.ty(ty);
                    }
                    self.expr(&mut decl.init);
                    self.binding(&mut decl.binding);
                }
                self.expr(body);
            }
            ExprKind::Query(query) => self.query(query),
        }
    }

    fn query(&mut self, query: &mut crate::ast::Query) {
        use crate::ast::{QueryClause, QueryEnd};
        for clause in &mut query.clauses {
            match clause {
                QueryClause::From {
                    ty,
                    binding,
                    iterable,
                    ..
                } => {
                    if let Some(ty) = ty {
                        self.ty(ty);
                    }
                    self.expr(iterable);
                    self.binding(binding);
                }
                QueryClause::Join {
                    ty,
                    binding,
                    iterable,
                    lhs,
                    rhs,
                    ..
                } => {
                    if let Some(ty) = ty {
                        self.ty(ty);
                    }
                    self.expr(iterable);
                    self.binding(binding);
                    self.expr(lhs);
                    self.expr(rhs);
                }
                QueryClause::Where(e) | QueryClause::Limit(e) => self.expr(e),
                QueryClause::Let(decls) => {
                    for decl in decls {
                        if let Some(ty) = &mut decl.ty {
                            self.ty(ty);
                        }
                        self.expr(&mut decl.init);
                        self.binding(&mut decl.binding);
                    }
                }
                QueryClause::OrderBy(keys) => {
                    for key in keys {
                        self.expr(&mut key.expr);
                    }
                }
                QueryClause::GroupBy(keys) => {
                    for key in keys {
                        match key {
                            crate::ast::GroupingKey::Var(e) => self.expr(e),
                            crate::ast::GroupingKey::Let(decl) => {
                                if let Some(ty) = &mut decl.ty {
                                    self.ty(ty);
                                }
                                self.expr(&mut decl.init);
                                self.binding(&mut decl.binding);
                            }
                        }
                    }
                }
            }
        }
        match &mut query.end {
            QueryEnd::Select { expr, on_conflict } => {
                self.expr(expr);
                if let Some(c) = on_conflict {
                    self.expr(c);
                }
            }
            QueryEnd::Do(block) => self.block(block),
            QueryEnd::Collect(e) => self.expr(e),
        }
    }

    fn binding(&mut self, pattern: &mut BindingPattern) {
        pattern.id = self.id();
        match &mut pattern.kind {
            BindingPatternKind::Capture(_) | BindingPatternKind::Wildcard => {}
            BindingPatternKind::List { items, rest } => {
                for item in items {
                    self.binding(item);
                }
                if let Some(rest) = rest {
                    self.binding(rest);
                }
            }
            BindingPatternKind::Mapping { fields, rest } => {
                for field in fields {
                    self.binding(&mut field.pattern);
                }
                if let Some(rest) = rest {
                    self.binding(rest);
                }
            }
            BindingPatternKind::Error {
                message,
                cause,
                fields,
                rest,
                ..
            } => {
                if let Some(message) = message {
                    self.binding(message);
                }
                if let Some(cause) = cause {
                    self.binding(cause);
                }
                for field in fields {
                    self.binding(&mut field.pattern);
                }
                if let Some(rest) = rest {
                    self.binding(rest);
                }
            }
        }
    }

    fn match_pattern(&mut self, pattern: &mut MatchPattern) {
        match &mut pattern.kind {
            MatchPatternKind::Const(expr) => self.expr(expr),
            MatchPatternKind::Wildcard => {}
            MatchPatternKind::Var(binding) => self.binding(binding),
            MatchPatternKind::List { items, rest } => {
                for item in items {
                    self.match_pattern(item);
                }
                if let Some(rest) = rest {
                    self.binding(rest);
                }
            }
            MatchPatternKind::Mapping { fields, rest } => {
                for field in fields {
                    self.match_pattern(&mut field.pattern);
                }
                if let Some(rest) = rest {
                    self.binding(rest);
                }
            }
            MatchPatternKind::Error {
                message,
                cause,
                fields,
                rest,
                ..
            } => {
                if let Some(message) = message {
                    self.match_pattern(message);
                }
                if let Some(cause) = cause {
                    self.match_pattern(cause);
                }
                for field in fields {
                    self.match_pattern(&mut field.pattern);
                }
                if let Some(rest) = rest {
                    self.binding(rest);
                }
            }
        }
    }

    fn block(&mut self, block: &mut Block) {
        let mark = self.xmlns.mark();
        for stmt in &mut block.stmts {
            self.stmt(stmt);
        }
        self.xmlns.reset(mark);
    }

    /// Numbers the interpolations of an xml template in source order.
    fn xml_nodes(&mut self, nodes: &mut [XmlNode]) {
        for node in nodes {
            match node {
                XmlNode::Text(_) => {}
                XmlNode::Interpolation(expr) => self.expr(expr),
                XmlNode::Element(element) => {
                    for attribute in &mut element.attributes {
                        self.xml_pieces(&mut attribute.value);
                    }
                    self.xml_nodes(&mut element.children);
                }
                XmlNode::Comment(pieces)
                | XmlNode::Pi {
                    content: pieces, ..
                } => self.xml_pieces(pieces),
            }
        }
    }

    fn xml_pieces(&mut self, pieces: &mut [XmlPiece]) {
        for piece in pieces {
            if let XmlPiece::Interpolation(expr) = piece {
                self.expr(expr);
            }
        }
    }

    fn worker(&mut self, worker: &mut WorkerDecl) {
        worker.id = self.id();
        self.annots(&mut worker.annots);
        if let Some(ty) = &mut worker.return_type {
            self.ty(ty);
        }
        self.block(&mut worker.body);
        self.on_fail(&mut worker.on_fail);
    }

    fn on_fail(&mut self, on_fail: &mut Option<OnFail>) {
        if let Some(on_fail) = on_fail {
            if let Some(ty) = &mut on_fail.ty {
                self.ty(ty);
            }
            if let Some(binding) = &mut on_fail.binding {
                self.binding(binding);
            }
            self.block(&mut on_fail.body);
        }
    }

    fn stmt(&mut self, stmt: &mut Stmt) {
        match &mut stmt.kind {
            StmtKind::VarDecl {
                annots,
                ty,
                binding,
                init,
                ..
            } => {
                self.annots(annots);
                if let Some(ty) = ty {
                    self.ty(ty);
                }
                if let Some(init) = init {
                    self.expr(init);
                }
                self.binding(binding);
            }
            StmtKind::Assign { target, value } | StmtKind::CompoundAssign { target, value, .. } => {
                self.expr(target);
                self.expr(value);
            }
            StmtKind::DestructureAssign { pattern, value } => {
                self.binding(pattern);
                self.expr(value);
            }
            StmtKind::Expr(expr) | StmtKind::Panic(expr) | StmtKind::Fail(expr) => self.expr(expr),
            StmtKind::Return(expr) | StmtKind::Rollback(expr) => {
                if let Some(expr) = expr {
                    self.expr(expr);
                }
            }
            StmtKind::Transaction { body, on_fail } => {
                self.block(body);
                self.on_fail(on_fail);
            }
            StmtKind::Retry {
                manager,
                body,
                on_fail,
                ..
            } => {
                self.expr(manager);
                self.block(body);
                self.on_fail(on_fail);
            }
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                self.expr(cond);
                self.block(then);
                match otherwise {
                    Some(ElseBranch::Block(block)) => self.block(block),
                    Some(ElseBranch::If(stmt)) => self.stmt(stmt),
                    None => {}
                }
            }
            StmtKind::While {
                cond,
                body,
                on_fail,
            } => {
                self.expr(cond);
                self.block(body);
                self.on_fail(on_fail);
            }
            StmtKind::Foreach {
                ty,
                binding,
                iterable,
                body,
                on_fail,
            } => {
                if let Some(ty) = ty {
                    self.ty(ty);
                }
                self.expr(iterable);
                self.binding(binding);
                self.block(body);
                self.on_fail(on_fail);
            }
            StmtKind::Match {
                expr,
                clauses,
                on_fail,
            } => {
                self.expr(expr);
                for clause in clauses {
                    for pattern in &mut clause.patterns {
                        self.match_pattern(pattern);
                    }
                    if let Some(guard) = &mut clause.guard {
                        self.expr(guard);
                    }
                    self.block(&mut clause.body);
                }
                self.on_fail(on_fail);
            }
            StmtKind::Do { body, on_fail } => {
                self.block(body);
                self.on_fail(on_fail);
            }
            StmtKind::Lock(block) | StmtKind::Block(block) => self.block(block),
            StmtKind::Send { value, .. } => self.expr(value),
            StmtKind::Worker(worker) => self.worker(worker),
            StmtKind::Fork(workers) => {
                for worker in workers {
                    self.worker(worker);
                }
            }
            StmtKind::Break | StmtKind::Continue | StmtKind::Error => {}
            StmtKind::Xmlns(decl) => self.xmlns.declare(decl),
        }
    }
}
