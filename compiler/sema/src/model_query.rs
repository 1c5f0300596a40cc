//! What the checker records about query expressions for lowering.

use crate::model::{NodeKey, TypeId};
use std::collections::{HashMap, HashSet};

/// The value a query-select expression constructs (spec "Select clause").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryResult {
    /// A list of the inherent type (an array type).
    List(TypeId),
    /// The concatenation of the selected strings.
    String,
    /// `map from ...`: a mapping of the inherent type from `[key, value]` lists.
    Map(TypeId),
    /// A table of the inherent type (a table type with a key sequence), built by `put`.
    Table(TypeId),
    /// A query action (`do { }`): nil, or the error a `check` failed with.
    Action,
    /// `collect e`: the value of `e`.
    Collect,
    /// A stream (`stream from ...`, or a stream type expected) of type `stream`, whose
    /// members are the selected values (`list`: an array of them, for a stream whose query
    /// fails before its pipeline starts).
    Stream { list: TypeId, stream: TypeId },
    /// The concatenation of the selected xml values (an xml context).
    Xml,
}

#[derive(Clone, Debug, Default)]
pub struct QueryTables {
    /// By the query expression's key.
    pub results: HashMap<NodeKey, QueryResult>,
    /// `(any|error)[]`, the type of the lists holding the frames of an `order by` or the
    /// members of a `join`'s collection, for queries that have one.
    pub rows: HashMap<NodeKey, TypeId>,
    /// The type of each variable a `group by` or `collect` aggregates (`[T, T...]` or `T[]`),
    /// by the variable's declaration: the inherent type of the list it is bound to.
    pub aggregated: HashMap<NodeKey, TypeId>,
    /// Queries whose list result is made read-only once built (a `T[] & readonly` context).
    pub frozen: HashSet<NodeKey>,
    /// List constructor members that reference an aggregated variable: implicitly spread
    /// (`[x]` is `[...x]`). Call arguments need no entry: their matching says so.
    pub spread: HashSet<NodeKey>,
    /// Calls `f(x)` of an aggregated `x` that may be empty, of a lang library function that
    /// needs an argument: `()` when `x` is empty (spec "Function call expression").
    pub nil_if_empty: HashSet<NodeKey>,
    /// The `from` clauses (by the collection expression's key) over a stream whose
    /// completion may be an error, which then fails the query.
    pub stream_errors: HashSet<NodeKey>,
    /// Queries constructing a stream, run lazily: everything after the first `from`'s
    /// collection is a closure (its captures recorded under the query's key) that runs as the
    /// stream's producer, one selected value per next operation.
    pub lazy: HashSet<NodeKey>,
}
