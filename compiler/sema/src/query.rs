//! Query expressions and query actions (spec "Query expression", "Query action"): the
//! clauses' variables live in one scope opened by the first `from`; a `check` in any clause
//! fails the query (its value is the error), like a statement with an `on fail` clause; the
//! result kind comes from `map`, the contextually expected type, or the first collection.

use crate::checker::Checker;
use crate::model::*;
use crate::model_query::QueryResult;
use crate::types::basic;
use intc_diagnostics::codes;
use intc_syntax::ast;

impl<'a> Checker<'a> {
    pub(crate) fn check_query(
        &mut self,
        expr: &'a ast::Expr,
        query: &'a ast::Query,
        expected: Option<TypeId>,
    ) -> TypeId {
        let before = self.fx.flow.clone();
        if query.clauses.iter().any(|c| {
            matches!(
                c,
                ast::QueryClause::OrderBy(_)
                    | ast::QueryClause::Join { .. }
                    | ast::QueryClause::GroupBy(_)
            )
        }) || matches!(query.end, ast::QueryEnd::Collect(_))
        {
            let rows = self.p.types.array_of(TypeArena::ANY_OR_ERROR);
            self.p.queries.rows.insert(self.key(expr.id), rows);
        }
        self.fx.push_scope();
        self.enter_on_fail(true);
        let mut first_collection = None;
        // A stream's pipeline runs lazily (spec "Query expressions"): after the first
        // collection, the clauses are checked as a closure lowering makes the producer of.
        let mut lazy = None;
        for (index, clause) in query.clauses.iter().enumerate() {
            let mut collection = None;
            if index == 0 && self.constructs_stream(query, expected) {
                if let ast::QueryClause::From { iterable, .. } = clause {
                    collection = Some(self.check_expr(iterable, None));
                    let key = self.key(expr.id);
                    self.p.queries.lazy.insert(key);
                    lazy = Some(self.enter_closure(key, TypeArena::NIL));
                    self.enter_on_fail(true);
                }
            }
            self.check_query_clause(clause, &mut first_collection, collection);
        }
        let result = match &query.end {
            ast::QueryEnd::Collect(collected) => {
                self.aggregate_query_variables(&[], false);
                self.p
                    .queries
                    .results
                    .insert(self.key(expr.id), QueryResult::Collect);
                self.check_expr(collected, expected)
            }
            ast::QueryEnd::Do(body) => {
                self.check_block(body);
                self.p
                    .queries
                    .results
                    .insert(self.key(expr.id), QueryResult::Action);
                TypeArena::NIL
            }
            ast::QueryEnd::Select {
                expr: select,
                on_conflict,
            } => {
                let (kind, ty) =
                    self.check_select(query, select, expected, first_collection, expr.span);
                if let Some(conflict) = on_conflict {
                    let error_or_nil = self.p.types.union_of(&[TypeArena::ERROR, TypeArena::NIL]);
                    self.check_assignable(conflict, error_or_nil);
                    let keyed_table = matches!(kind, Some(QueryResult::Table(_)))
                        && self
                            .table_key_type(ty)
                            .is_some_and(|k| !self.p.types.is_subtype(k, TypeArena::NEVER));
                    if !matches!(kind, Some(QueryResult::Map(_))) && !keyed_table {
                        self.error(
                            codes::ON_CONFLICT,
                            conflict.span,
                            "'on conflict' is allowed only in a query that constructs a map or a table with a key",
                        );
                    }
                }
                if let Some(kind) = kind {
                    self.p.queries.results.insert(self.key(expr.id), kind);
                }
                ty
            }
        };
        let mut failures = match lazy {
            Some(_) => self.leave_on_fail(true),
            None => Vec::new(),
        };
        let locals = self.query_scope_locals();
        self.forget_aggregated(&locals);
        if let Some(saved) = lazy {
            self.exit_closure(saved);
        }
        failures.extend(self.leave_on_fail(true));
        self.fx.pop_scope();
        self.fx.flow = before;
        if let Some(QueryResult::Stream { .. }) = self.p.queries.results.get(&self.key(expr.id)) {
            return self.finish_stream_query(expr, expected, result, &failures);
        }
        let mut members = vec![result];
        members.extend(failures);
        self.p.types.union_of(&members)
    }

    /// Whether the query constructs a stream, decided as `check_select` decides it.
    fn constructs_stream(&self, query: &ast::Query, expected: Option<TypeId>) -> bool {
        if query.construct_map
            || query.table_key.is_some()
            || !matches!(query.end, ast::QueryEnd::Select { .. })
        {
            return false;
        }
        let Some(expected) = expected.filter(|&e| !self.p.types.is_unknown(e)) else {
            return query.construct_stream;
        };
        if self.p.types.basic_mask(expected) & basic::TABLE != 0 {
            return false;
        }
        query.construct_stream
            || self
                .p
                .types
                .members(expected)
                .into_iter()
                .any(|m| matches!(self.p.types.get(m), Type::Stream { .. }))
    }

    /// One clause; `checked` is the type of a `from`'s collection when it was checked already.
    fn check_query_clause(
        &mut self,
        clause: &'a ast::QueryClause,
        first_collection: &mut Option<TypeId>,
        checked: Option<TypeId>,
    ) {
        match clause {
            ast::QueryClause::From {
                ty,
                binding,
                iterable,
                ..
            } => {
                let collection = match checked {
                    Some(collection) => collection,
                    None => self.check_expr(iterable, None),
                };
                first_collection.get_or_insert(collection);
                let element = self.iterated(collection, iterable);
                let declared = self.declared_element(ty.as_ref(), element, iterable.span);
                self.declare_pattern(binding, declared, true);
            }
            ast::QueryClause::Join {
                outer,
                ty,
                binding,
                iterable,
                lhs,
                rhs,
                ..
            } => {
                // Spec "Join clause": the earlier clauses' variables are not in scope in the
                // collection and the `equals` right side.
                let earlier = self.query_scope_locals();
                let collection = self.check_without_query_vars(
                    iterable,
                    None,
                    earlier.clone(),
                    "a join's collection",
                );
                let element = self.iterated(collection, iterable);
                let declared = self.declared_element(ty.as_ref(), element, iterable.span);
                self.check_expr(lhs, None);
                let right_side = "the right side of a join's 'equals'";
                if !*outer {
                    self.declare_pattern(binding, declared, true);
                    self.check_without_query_vars(rhs, None, earlier, right_side);
                    return;
                }
                if let Some(desc) = ty {
                    self.error(
                        codes::OUTER_JOIN_VAR,
                        desc.span,
                        "outer join must be declared with 'var'",
                    );
                }
                // Spec "Join clause": each variable of an outer join is `T?` after the join;
                // the `equals` expression sees the member itself (narrowed while it is checked).
                let mut bindings = Vec::new();
                self.bind_pattern_types(binding, declared, &mut bindings);
                let optional = self.p.types.union_of(&[declared, TypeArena::NIL]);
                self.declare_pattern(binding, optional, true);
                let mut captures = Vec::new();
                crate::collect::binding_captures(binding, &mut captures);
                let saved = self.fx.flow.narrowed.clone();
                for (name, node) in &captures {
                    let key = self.key(*node);
                    let exact = bindings.iter().find(|(k, _)| *k == key).map(|(_, t)| *t);
                    if let (Some(local), Some(exact)) = (self.fx.lookup(&name.name), exact) {
                        self.fx.flow.narrowed.insert(local, exact);
                    }
                }
                self.check_without_query_vars(rhs, None, earlier, right_side);
                self.fx.flow.narrowed = saved;
            }
            ast::QueryClause::Where(cond) => {
                // The clauses after `where` see the frames for which it held.
                let facts = self.check_condition(cond);
                self.apply_narrowing(&facts.if_true);
            }
            ast::QueryClause::Let(decls) => {
                for decl in decls {
                    self.check_var_decl(decl.ty.as_ref(), &decl.binding, Some(&decl.init), true);
                }
            }
            ast::QueryClause::Limit(count) => {
                // Spec "Limit clause": evaluated once, with no frame's variables in scope.
                let earlier = self.query_scope_locals();
                self.check_without_query_vars(
                    count,
                    Some(TypeArena::INT),
                    earlier,
                    "a limit expression",
                );
            }
            ast::QueryClause::GroupBy(keys) => {
                let mut grouping = Vec::new();
                for key in keys {
                    match key {
                        ast::GroupingKey::Let(decl) => {
                            self.check_var_decl(
                                decl.ty.as_ref(),
                                &decl.binding,
                                Some(&decl.init),
                                true,
                            );
                            let mut captures = Vec::new();
                            crate::collect::binding_captures(&decl.binding, &mut captures);
                            for (name, _) in captures {
                                grouping.extend(self.fx.lookup(&name.name));
                            }
                        }
                        ast::GroupingKey::Var(var) => {
                            self.check_expr(var, None);
                            if let ast::ExprKind::Var { name, .. } = &var.kind {
                                grouping.extend(self.fx.lookup(&name.name));
                            }
                        }
                    }
                }
                self.aggregate_query_variables(&grouping, true);
            }
            ast::QueryClause::OrderBy(keys) => {
                for key in keys {
                    let t = self.check_expr(&key.expr, None);
                    if !self.p.types.is_unknown(t) && !self.p.types.ordered_together(t, t) {
                        let message = format!(
                            "order by not supported for complex type fields, order key should belong to a basic type: found '{}'",
                            self.p.types.display(t)
                        );
                        self.error(codes::ORDER_KEY, key.expr.span, message);
                    }
                }
            }
        }
    }

    /// After a `group by` (`group`) or for `collect`: every variable of the query but the
    /// grouping keys is bound to the list of its values, `[T, T...]` or `T[]`.
    fn aggregate_query_variables(&mut self, grouping: &[crate::scope::LocalId], group: bool) {
        let Some(scope) = self.fx.scopes.last().cloned() else {
            return;
        };
        for (_, id) in scope {
            if grouping.contains(&id) {
                continue;
            }
            let member = self.fx.local_type(id);
            let aggregated = if group {
                self.p.types.add(Type::Tuple {
                    members: vec![member],
                    rest: Some(member),
                })
            } else {
                self.p.types.array_of(member)
            };
            self.fx.flow.narrowed.remove(&id);
            self.mark_aggregated(id);
            if let Some(local) = self.fx.locals.get_mut(id) {
                local.declared = aggregated;
                let key = local.key;
                self.p.queries.aggregated.insert(key, aggregated);
            }
        }
    }

    /// The element type iterating `collection` yields, recorded for lowering like a `foreach`.
    fn iterated(&mut self, collection: TypeId, iterable: &'a ast::Expr) -> TypeId {
        let (kind, element) = self.iteration_of(collection, iterable);
        let key = self.key(iterable.id);
        if kind == Some(IterationKind::Stream) {
            if let Some((_, completion)) = self.stream_params(collection) {
                let error = self.p.types.error_part(completion);
                if error != TypeArena::NEVER {
                    self.record_failure(error);
                    self.p.queries.stream_errors.insert(key);
                }
            }
        }
        if let Some(kind) = kind {
            self.p.iterations.insert(key, kind);
        }
        self.p.foreach_element_types.insert(key, element);
        element
    }

    fn declared_element(
        &mut self,
        ty: Option<&'a ast::TypeDesc>,
        element: TypeId,
        span: intc_span::Span,
    ) -> TypeId {
        match ty {
            Some(desc) => {
                let place = self.place;
                let declared = self.resolve_type(place, desc);
                self.expect_assignable(element, declared, span);
                declared
            }
            None => element,
        }
    }

    /// Types the select clause and decides what the query constructs.
    fn check_select(
        &mut self,
        query: &'a ast::Query,
        select: &'a ast::Expr,
        expected: Option<TypeId>,
        first_collection: Option<TypeId>,
        span: intc_span::Span,
    ) -> (Option<QueryResult>, TypeId) {
        if query.construct_map {
            return self.check_map_select(select, expected);
        }
        let table_context = expected.is_some_and(|e| {
            !self.p.types.is_unknown(e) && self.p.types.basic_mask(e) & basic::TABLE != 0
        });
        if query.table_key.is_some() || table_context {
            return self.check_table_select(query.table_key.as_deref(), select, expected);
        }
        let expected_stream = expected.and_then(|e| {
            self.p
                .types
                .members(e)
                .into_iter()
                .find(|&m| matches!(self.p.types.get(m), Type::Stream { .. }))
        });
        if query.construct_stream || expected_stream.is_some() {
            return self.check_stream_select(select, expected_stream);
        }
        if let Some(expected) = expected.filter(|&e| !self.p.types.is_unknown(e)) {
            let lists = self.applicable_list_types(Some(expected), 0);
            let array = lists
                .into_iter()
                .find(|&l| matches!(self.p.types.get(l), Type::Array { length: None, .. }));
            if let Some(array) = array {
                let element = self.list_element_type(array);
                self.check_assignable(select, element);
                return (Some(QueryResult::List(array)), array);
            }
            // `T[] & readonly`: built as `T[]`, then made read-only (spec "Select clause").
            let readonly = self
                .applicable_list_types(Some(expected), 0)
                .into_iter()
                .find_map(|l| match self.p.types.get(l) {
                    Type::ReadonlyOf(inner)
                        if matches!(self.p.types.get(*inner), Type::Array { length: None, .. }) =>
                    {
                        Some((l, *inner))
                    }
                    _ => None,
                });
            if let Some((readonly, inner)) = readonly {
                let element = self.list_element_type(readonly);
                self.check_assignable(select, element);
                self.p.queries.frozen.insert(self.key(select.id));
                return (Some(QueryResult::List(inner)), readonly);
            }
            // An xml context: the selected values are concatenated (spec "Select clause").
            if self.p.types.basic_mask(expected) == basic::XML {
                self.check_assignable(select, expected);
                return (Some(QueryResult::Xml), expected);
            }
            if self.p.types.basic_mask(expected) & basic::STRING != 0 {
                self.check_assignable(select, TypeArena::STRING);
                return (Some(QueryResult::String), TypeArena::STRING);
            }
            let t = self.check_expr(select, None);
            if !self.p.types.is_unknown(t) {
                let message = format!(
                    "incompatible types: expected '{}', found a query that constructs a list, string or map",
                    self.p.types.display(expected)
                );
                self.error(codes::QUERY_RESULT, span, message);
            }
            return (None, TypeArena::UNKNOWN);
        }
        let from_string =
            first_collection.is_some_and(|c| self.p.types.basic_mask(c) == basic::STRING);
        if from_string {
            let t = self.check_expr(select, None);
            if self.p.types.basic_mask(t) == basic::STRING {
                return (Some(QueryResult::String), TypeArena::STRING);
            }
            let widened = self.p.types.widen(t);
            let array = self.p.types.array_of(widened);
            return (Some(QueryResult::List(array)), array);
        }
        let t = self.check_expr(select, None);
        let widened = self.p.types.widen(t);
        let array = self.p.types.array_of(widened);
        (Some(QueryResult::List(array)), array)
    }

    /// `map from ... select [k, v]`: the map type from the context, or `map<V>` of the
    /// selected pairs.
    fn check_map_select(
        &mut self,
        select: &'a ast::Expr,
        expected: Option<TypeId>,
    ) -> (Option<QueryResult>, TypeId) {
        let map = expected.and_then(|e| {
            self.p
                .types
                .members(e)
                .into_iter()
                .find(|&m| matches!(self.p.types.get(m), Type::Map(_)))
        });
        if let Some(map) = map {
            let value = self.mapping_member_type(map);
            let pair = self.p.types.add(Type::Tuple {
                members: vec![TypeArena::STRING, value],
                rest: None,
            });
            self.check_assignable(select, pair);
            return (Some(QueryResult::Map(map)), map);
        }
        let t = self.check_expr(select, None);
        if let Type::Tuple {
            members,
            rest: None,
        } = self.p.types.get(t).clone()
        {
            if members.len() == 2 && self.p.types.is_subtype(members[0], TypeArena::STRING) {
                let value = self.p.types.widen(members[1]);
                let map = self.p.types.map_of(value);
                return (Some(QueryResult::Map(map)), map);
            }
        }
        if !self.p.types.is_unknown(t) {
            let message = format!(
                "incompatible types: expected '[string, any|error]', found '{}'",
                self.p.types.display(t)
            );
            self.error(codes::TYPE_MISMATCH, select.span, message);
        }
        (None, TypeArena::UNKNOWN)
    }

    /// A query constructing a stream: the selected values' type from the expected stream
    /// type, or widened from the select expression.
    fn check_stream_select(
        &mut self,
        select: &'a ast::Expr,
        expected_stream: Option<TypeId>,
    ) -> (Option<QueryResult>, TypeId) {
        let value = match expected_stream.and_then(|s| self.stream_params(s)) {
            Some((value, _)) => {
                self.check_assignable(select, value);
                value
            }
            None => {
                let t = self.check_expr(select, None);
                self.p.types.widen(t)
            }
        };
        let list = self.p.types.array_of(value);
        let stream = expected_stream.unwrap_or(TypeArena::UNKNOWN);
        (Some(QueryResult::Stream { list, stream }), stream)
    }

    /// The type of a query constructing a stream: an error failing the query completes the
    /// stream (spec "Select clause": the next operation returns it), so the failures belong
    /// to the completion type, not to the query's value.
    fn finish_stream_query(
        &mut self,
        expr: &'a ast::Expr,
        expected: Option<TypeId>,
        provisional: TypeId,
        failures: &[TypeId],
    ) -> TypeId {
        let key = self.key(expr.id);
        let Some(QueryResult::Stream { list, .. }) = self.p.queries.results.get(&key).copied()
        else {
            return provisional;
        };
        let value = self.list_element_type(list);
        let stream = match self.stream_params(provisional) {
            Some((_, completion)) => {
                let error_or_nil = self.p.types.union_of(&[completion, TypeArena::NIL]);
                for &failure in failures {
                    if !self.p.types.is_subtype(failure, error_or_nil) {
                        let mut members = vec![completion];
                        members.extend_from_slice(failures);
                        let found_completion = self.p.types.union_of(&members);
                        let found = self.p.types.add(Type::Stream {
                            value,
                            completion: found_completion,
                        });
                        let message = format!(
                            "incompatible types: expected '{}', found '{}'",
                            self.p.types.display(expected.unwrap_or(provisional)),
                            self.p.types.display(found)
                        );
                        self.error(codes::TYPE_MISMATCH, expr.span, message);
                        break;
                    }
                }
                provisional
            }
            None => {
                let mut members = failures.to_vec();
                members.push(TypeArena::NIL);
                let completion = self.p.types.union_of(&members);
                self.p.types.add(Type::Stream { value, completion })
            }
        };
        self.p
            .queries
            .results
            .insert(key, QueryResult::Stream { list, stream });
        stream
    }
}
