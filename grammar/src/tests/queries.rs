//! Query expressions: the pre-pass's contextual keywords and the clause grammar.

use super::*;

fn query(source: &str) -> Query {
    match super::expr(source).kind {
        ExprKind::Query(query) => *query,
        other => panic!("not a query: {other:?}"),
    }
}

#[test]
fn clauses_in_order() {
    let q = query(
        "from var x in xs where x > 1 let int y = x * 2 join var z in zs on y equals z \
         order by y descending, z limit 3 select [x, y]",
    );
    assert_eq!(q.clauses.len(), 6);
    assert!(matches!(q.clauses[0], QueryClause::From { ty: None, .. }));
    assert!(matches!(q.clauses[1], QueryClause::Where(_)));
    assert!(matches!(q.clauses[2], QueryClause::Let(_)));
    assert!(matches!(
        q.clauses[3],
        QueryClause::Join { outer: false, .. }
    ));
    match &q.clauses[4] {
        QueryClause::OrderBy(keys) => {
            assert_eq!(keys.len(), 2);
            assert!(keys[0].descending && !keys[1].descending);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(q.clauses[5], QueryClause::Limit(_)));
    assert!(matches!(
        q.end,
        QueryEnd::Select {
            on_conflict: None,
            ..
        }
    ));
}

#[test]
fn map_group_collect_and_conflict() {
    let q = query("map from var [k, v] in kvs select [k, v] on conflict error(\"dup\")");
    assert!(q.construct_map);
    assert!(matches!(
        q.end,
        QueryEnd::Select {
            on_conflict: Some(_),
            ..
        }
    ));
    let q = query("from var {a, b} in rows group by a, var c = b > 1 collect [...b]");
    match &q.clauses[1] {
        QueryClause::GroupBy(keys) => {
            assert!(matches!(keys[0], GroupingKey::Var(_)));
            assert!(matches!(keys[1], GroupingKey::Let(_)));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(q.end, QueryEnd::Collect(_)));
    let q = query("from int i in 0 ..< 3 outer join var j in js on i equals j select j");
    assert!(matches!(
        q.clauses[1],
        QueryClause::Join { outer: true, .. }
    ));
}

#[test]
fn query_words_stay_names_outside_queries() {
    // `from` before `=` or `)`, the clause words outside a query or after an operator.
    parse_ok(
        "function f(string text) returns int {\n\
         int from = 0;\n\
         int limit = text.length();\n\
         string select = \"s\";\n\
         int[] xs = from var x in [from, limit] where x > 0 select x * limit;\n\
         return from + limit + xs.length() + select.length();\n\
         }",
    );
    let body = body("function f() { from var x in xs do { g(x); }; }");
    assert!(matches!(
        &body[0].kind,
        StmtKind::Expr(Expr { kind: ExprKind::Query(q), .. }) if matches!(q.end, QueryEnd::Do(_))
    ));
}
