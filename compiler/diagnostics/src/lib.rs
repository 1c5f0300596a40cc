//! Diagnostics as data. Every stage produces [`Diagnostic`] values; they are rendered only at
//! the edge (the CLI, the language server) by the renderers in this crate.

use intc_span::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Note,
}

/// A stable diagnostic code such as `E0200`. See [`codes`] for the registry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Code(pub &'static str);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// The primary span: where the one-line form points.
    pub span: Span,
    /// Secondary labelled spans.
    pub labels: Vec<Label>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            span,
            labels: Vec::new(),
            help: None,
        }
    }

    pub fn warning(code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, span, message)
        }
    }

    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The registry of stable codes. A code never changes meaning once released.
pub mod codes {
    use super::Code;

    // Lexing and parsing: E00xx
    pub const SYNTAX: Code = Code("E0001");
    pub const LEXICAL: Code = Code("E0002");
    pub const UNTERMINATED: Code = Code("E0003");
    pub const LITERAL_OUT_OF_RANGE: Code = Code("E0004");
    pub const NESTING_TOO_DEEP: Code = Code("E0005");
    pub const INVALID_BYTE_ARRAY: Code = Code("E0006");
    pub const INVALID_IDENTIFIER_ESCAPE: Code = Code("E0007");

    // Names and modules: E01xx
    pub const UNDEFINED_NAME: Code = Code("E0100");
    pub const UNDEFINED_MODULE: Code = Code("E0101");
    pub const DUPLICATE_DEFINITION: Code = Code("E0102");
    pub const NOT_VISIBLE: Code = Code("E0103");
    pub const UNDEFINED_TYPE: Code = Code("E0104");
    pub const UNUSED_IMPORT: Code = Code("E0105");
    pub const CYCLIC_IMPORT: Code = Code("E0106");
    pub const UNDEFINED_ANNOTATION: Code = Code("E0130");
    pub const ANNOTATION_NOT_ALLOWED: Code = Code("E0131");
    pub const DUPLICATE_ANNOTATION: Code = Code("E0132");
    pub const ANNOTATION_REQUIRES_CONST: Code = Code("E0133");

    // Types: E02xx
    pub const TYPE_MISMATCH: Code = Code("E0200");
    pub const ARGUMENT_COUNT: Code = Code("E0201");
    pub const ARGUMENT_NAME: Code = Code("E0202");
    pub const UNDEFINED_FIELD: Code = Code("E0203");
    pub const UNDEFINED_METHOD: Code = Code("E0204");
    pub const INVALID_OPERATION: Code = Code("E0205");
    pub const INVALID_CAST: Code = Code("E0206");
    pub const UNHANDLED_ERROR: Code = Code("E0207");
    pub const MISSING_FIELD: Code = Code("E0208");
    pub const NOT_CALLABLE: Code = Code("E0209");
    pub const INVALID_CHECK: Code = Code("E0210");
    pub const DUPLICATE_KEY: Code = Code("E0211");
    pub const EMPTY_TYPE: Code = Code("E0212");
    pub const UNIMPLEMENTED_METHOD: Code = Code("E0213");
    pub const UNUSED_RESULT: Code = Code("E0214");
    pub const LIST_INDEX_OUT_OF_RANGE: Code = Code("E0230");
    pub const INVALID_REMOTE_CALL: Code = Code("E0215");
    pub const REMOTE_NOT_ALLOWED: Code = Code("E0216");
    pub const PARAMETER_ORDER: Code = Code("E0217");
    pub const INFERRED_TYPEDESC: Code = Code("E0245");
    pub const MATCH_ALTERNATIVE_VARIABLES: Code = Code("E0250");
    pub const CONSTANT_ARITHMETIC: Code = Code("E0270");
    pub const DECIMAL_OUT_OF_RANGE: Code = Code("E0271");
    pub const ANNOTATION_VALUE_NOT_EXPECTED: Code = Code("E0280");
    pub const ANNOTATION_VALUE_REQUIRED: Code = Code("E0281");
    pub const INVALID_ANNOTATION_TYPE: Code = Code("E0282");

    // Control flow and variables: E03xx
    pub const MISSING_RETURN: Code = Code("E0300");
    pub const UNREACHABLE: Code = Code("E0301");
    pub const ASSIGN_TO_FINAL: Code = Code("E0302");
    pub const UNINITIALIZED: Code = Code("E0303");
    pub const BREAK_OUTSIDE_LOOP: Code = Code("E0304");
    pub const INVALID_MAIN: Code = Code("E0305");
    pub const UNREACHABLE_PATTERN: Code = Code("E0306");
    pub const INVALID_INIT: Code = Code("E0307");
    pub const UNINITIALIZED_FIELD: Code = Code("E0308");
    pub const UNUSED_ERROR_VAR: Code = Code("E0313");

    // Strands, workers and message passing: E05xx
    /// A worker declaration outside a function body, or among the default worker's statements.
    pub const WORKER_PLACEMENT: Code = Code("E0500");
    /// `start` of something other than a function or method call.
    pub const START_NOT_CALL: Code = Code("E0501");
    /// `wait` on a value that is not a future.
    pub const WAIT_NOT_FUTURE: Code = Code("E0502");
    /// A worker's name evaluated more than once in one execution of a worker.
    pub const WORKER_NAME_REUSED: Code = Code("E0503");
    /// A multiple wait whose result does not fit the expected type.
    pub const WAIT_RESULT: Code = Code("E0504");
    /// A worker message-passing action the compiler cannot yet translate.
    pub const MESSAGE_PASSING: Code = Code("E0505");
    /// A send, receive or flush whose peer is not a worker of the same function (or itself).
    pub const MESSAGE_PEER: Code = Code("E0506");
    /// A send without its receive in the peer, or a receive without its send.
    pub const MESSAGE_UNMATCHED: Code = Code("E0507");
    /// A send, receive or flush that could run more than once (in a loop or a function).
    pub const MESSAGE_REPEATED: Code = Code("E0508");
    /// A receive checked before its send without a declared type to receive into.
    pub const MESSAGE_TYPE_UNKNOWN: Code = Code("E0509");
    /// A send whose value does not fit the type its receive declares.
    pub const MESSAGE_TYPE: Code = Code("E0510");
    /// A receive (single, alternate or multiple) inside an `if`, `match` or `do` with `on
    /// fail`: only sends may be conditional.
    pub const MESSAGE_CONDITIONAL_RECEIVE: Code = Code("E0511");
    /// A field name used twice in one multiple receive, or one without fields.
    pub const MESSAGE_MULTIPLE_RECEIVE: Code = Code("E0512");
    /// A send, receive or flush nested inside an expression (`f(<- w)`, `(<- w) + 1`): the
    /// spec ("Actions") allows an action only where an action-or-expr may stand.
    pub const ACTION_IN_EXPRESSION: Code = Code("E0513");
    // Isolation and concurrency: E0530-E0549 (spec "Isolated functions", "Lock statement")
    pub const ISOLATED_VAR_OUTSIDE_LOCK: Code = Code("E0530");
    pub const INVALID_ISOLATED_VAR_DECL: Code = Code("E0531");
    pub const NON_ISOLATED_INITIALIZER: Code = Code("E0532");
    pub const LOCK_MULTIPLE_RESTRICTED: Code = Code("E0533");
    pub const LOCK_NON_ISOLATED_CALL: Code = Code("E0534");
    pub const LOCK_TRANSFER_OUT: Code = Code("E0535");
    pub const LOCK_TRANSFER_IN: Code = Code("E0536");
    pub const ISOLATED_FN_NON_ISOLATED_CALL: Code = Code("E0537");
    pub const ISOLATED_FN_MUTABLE_STORAGE: Code = Code("E0538");
    pub const ISOLATED_FN_MODULE_MUTATION: Code = Code("E0539");
    pub const ISOLATED_FN_CAPTURE: Code = Code("E0540");
    pub const ISOLATED_OBJECT_PUBLIC_FIELD: Code = Code("E0541");
    pub const ISOLATED_OBJECT_FIELD_OUTSIDE_LOCK: Code = Code("E0542");
    pub const ISOLATED_OBJECT_FIELD_ASSIGN: Code = Code("E0543");
    pub const ISOLATED_FN_NON_ISOLATED_INIT: Code = Code("E0544");
    pub const ISOLATED_VAR_DESTRUCTURE: Code = Code("E0545");
    pub const ISOLATED_PARAM_ARGUMENT: Code = Code("E0546");

    // Configuration: E04xx
    pub const CONFIG: Code = Code("E0400");

    // Transactions: E0550-E0569
    pub const TRANSACTION_WITHOUT_COMMIT: Code = Code("E0550");
    pub const COMMIT_OUTSIDE_TRANSACTION: Code = Code("E0551");
    pub const COMMIT_NOT_ALLOWED: Code = Code("E0552");
    pub const ROLLBACK_OUTSIDE_TRANSACTION: Code = Code("E0553");
    pub const ROLLBACK_NOT_ALLOWED: Code = Code("E0554");
    pub const NESTED_TRANSACTION: Code = Code("E0555");
    pub const TRANSACTIONAL_CALL: Code = Code("E0556");
    pub const TRANSACTION_EXIT: Code = Code("E0557");
    pub const INVALID_RETRY_MANAGER: Code = Code("E0558");
    pub const TRANSACTION_FALLS_THROUGH: Code = Code("E0559");

    // Transactional workers and function types: E0570-E0579
    pub const TRANSACTIONAL_WORKER: Code = Code("E0570");

    // xml: E0700-E0719
    pub const XML_ILL_FORMED: Code = Code("E0700");
    pub const XML_INTERPOLATION_NOT_ALLOWED: Code = Code("E0701");
    pub const XML_UNKNOWN_ENTITY: Code = Code("E0702");
    pub const XML_UNDEFINED_PREFIX: Code = Code("E0703");
    pub const XML_INTERPOLATION_TYPE: Code = Code("E0704");
    pub const XML_DUPLICATE_ATTRIBUTE: Code = Code("E0705");
    pub const XML_INVALID_XMLNS: Code = Code("E0706");
    pub const XML_NAVIGATION: Code = Code("E0707");
    // regular expressions: E0750-E0759
    pub const REGEXP_SYNTAX: Code = Code("E0750");
    pub const REGEXP_INTERPOLATION_TYPE: Code = Code("E0751");
    /// `xml<T>` with a `T` that is not a subtype of xml.
    pub const XML_SEQUENCE_PARAMETER: Code = Code("E0708");

    // Listeners, services and resources: E0600-E0649
    /// A listener declaration or service declaration's expression is not a listener object.
    pub const NOT_A_LISTENER: Code = Code("E0600");
    /// A service object does not fit the type the declaration or the listener asks for.
    pub const SERVICE_TYPE: Code = Code("E0601");
    /// The attach point does not fit the listener's `attach` method.
    pub const ATTACH_POINT: Code = Code("E0602");
    /// Two resource methods with the same accessor and path.
    pub const DUPLICATE_RESOURCE: Code = Code("E0603");
    /// A path parameter whose type is not a subtype of `int|string|float|boolean|decimal`.
    pub const PATH_PARAM_TYPE: Code = Code("E0604");
    /// A resource method outside a service or client object, or a resource access action
    /// on a value that is not a client object.
    pub const RESOURCE_NOT_ALLOWED: Code = Code("E0605");
    /// A client resource access action no resource method matches.
    pub const NO_RESOURCE_METHOD: Code = Code("E0606");

    // The formatter: E0630-E0634
    /// `intc fmt` could not format a file without changing how it parses (the file is left
    /// unchanged).
    pub const FORMAT_UNSAFE: Code = Code("E0630");

    // Query expressions: E0720-E0739
    /// A query-select expression whose result cannot be a list, string or mapping (the
    /// contextually expected type or the `from` clause's collection).
    pub const QUERY_RESULT: Code = Code("E0720");
    /// An `order by` key whose type is not an ordered type.
    pub const ORDER_KEY: Code = Code("E0721");
    /// `outer join` with a declared type instead of `var`.
    pub const OUTER_JOIN_VAR: Code = Code("E0722");
    /// `on conflict` where the query constructs no map (or table with a key).
    pub const ON_CONFLICT: Code = Code("E0723");
    /// A sequence (aggregated) variable of `group by` or `collect` referenced where the spec
    /// allows none: anywhere but a list constructor member or a call's last argument.
    pub const SEQUENCE_VARIABLE: Code = Code("E0724");
    /// A variable of an earlier query clause used in a `join`'s collection, its `equals`
    /// right side or a `limit` expression, where it is not in scope.
    pub const QUERY_VAR_SCOPE: Code = Code("E0725");

    // Tables: E0770-E0779
    /// A table's row type that is not a subtype of `map<any|error>`.
    pub const TABLE_ROW_TYPE: Code = Code("E0770");
    /// A key specifier field that is not a required anydata field of the row type (or is
    /// repeated), or a `key<K>` type that is not anydata.
    pub const TABLE_KEY_FIELD: Code = Code("E0771");
    /// A key specifier field that is not read-only.
    pub const TABLE_KEY_READONLY: Code = Code("E0772");
    /// A table constructor whose rows are not mapping constructors, whose key specifier
    /// differs from the expected type's, or whose row type cannot be inferred.
    pub const TABLE_CONSTRUCTOR: Code = Code("E0773");
    /// Two rows of a table constructor with the same constant key value.
    pub const TABLE_DUPLICATE_KEY: Code = Code("E0774");
    /// Member access on a table without a key, or assignment to a member of a table.
    pub const TABLE_MEMBER_ACCESS: Code = Code("E0775");

    // Streams: E0740-E0749
    /// A stream type's completion type is not a subtype of `error?`.
    pub const STREAM_COMPLETION: Code = Code("E0740");
    /// `new stream<T, C>(x)` where `x` is not an object.
    pub const STREAM_IMPLEMENTOR: Code = Code("E0741");
    /// A stream implementor without a fitting `public isolated function next()`.
    pub const STREAM_NEXT: Code = Code("E0742");
    /// A stream implementor whose `close()` does not fit (`public isolated`, returning `C?`).
    pub const STREAM_CLOSE: Code = Code("E0743");
    /// `new stream<T, C>(...)` with more than one argument, or a named or spread one.
    pub const STREAM_ARGS: Code = Code("E0744");
    /// `foreach` over a stream whose completion type is not `()`.
    pub const STREAM_FOREACH: Code = Code("E0745");
}

pub mod render;
