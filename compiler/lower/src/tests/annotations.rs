//! Annotation sets as natives see them (`NativeContext::annotations`): the interface the
//! standard library's natives (an HTTP module reading `@http:Payload` on parameters, say) use.

use super::e2e::run_with;
use intc_ir::AnnotationTarget;
use intc_runtime::{NativeContext, Outcome, Panic, Value};

/// `describe(name)`: the annotations of function `name`, its parameters, its return type and
/// the fields of the record type of its second parameter, rendered with `toString`.
fn describe(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let name = args
        .first()
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let program = ctx.program();
    let func = program
        .functions
        .iter()
        .position(|f| f.name == name)
        .map(|i| intc_ir::FuncId(i as u32));
    let Some(func) = func else {
        return Ok(Value::string("no such function"));
    };
    let record = program
        .annotations
        .iter()
        .find_map(|set| match &set.target {
            AnnotationTarget::Field(ty, field) if field == "name" => Some(*ty),
            _ => None,
        });
    let mut targets = vec![
        AnnotationTarget::Function(func),
        AnnotationTarget::Param(func, 0),
        AnnotationTarget::Param(func, 1),
        AnnotationTarget::Return(func),
    ];
    if let Some(record) = record {
        targets.push(AnnotationTarget::Field(record, "name".to_string()));
        targets.push(AnnotationTarget::Field(record, "age".to_string()));
    }
    let parts: Vec<String> = targets
        .iter()
        .map(|target| match ctx.annotations(target) {
            Some(value) => intc_runtime::format::to_string(&value, ctx.types()),
            None => "-".to_string(),
        })
        .collect();
    Ok(Value::string(parts.join(" | ")))
}

#[test]
fn natives_read_function_parameter_return_and_field_annotations() {
    let source = r#"
import ballerina/io;

type Header record {| string name; |};
annotation Header Hdr on parameter;
annotation Payload on parameter;
annotation map<string> Route on function, return;
annotation map<string> Json on record field;

type Person record {
    @Json {name: "full_name"}
    string name;
    int age;
};

@Route {path: "/people"}
function serve(@Hdr {name: "x-id"} string id, @Payload Person body) returns @Route {status: "201"} string {
    return id + body.name;
}

function describe(string name) returns string = external;

public function main() {
    io:println(serve("a", {name: "b", age: 1}));
    io:println(describe("serve"));
}
"#;
    let (outcome, stdout) = run_with(source, |registry| {
        registry.register("test.main:describe", describe);
    });
    assert!(matches!(outcome, Outcome::Ok), "{outcome:?}\n{stdout}");
    assert_eq!(
        stdout,
        "ab\n\
         {\"test/main:Route\":{\"path\":\"/people\"}} | {\"test/main:Hdr\":{\"name\":\"x-id\"}} | \
         {\"test/main:Payload\":true} | {\"test/main:Route\":{\"status\":\"201\"}} | \
         {\"test/main:Json\":{\"name\":\"full_name\"}} | -\n"
    );
}
