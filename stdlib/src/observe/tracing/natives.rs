//! The natives of `ballerinax/jaeger` (`modules/jaeger/jaeger.int`) and the span functions
//! of `ballerina/observe` (`user.rs`).

use super::export::ExportConfig;
use super::user;
use super::TracingConfig;
use crate::StdNative;
use intc_runtime::native::Native;
use intc_runtime::{NativeContext, Panic, Value};
use std::time::Duration;

pub fn native(id: StdNative) -> Option<Native> {
    #[allow(unreachable_patterns)]
    let function: intc_runtime::NativeFn = match id {
        StdNative::JaegerStartTracing => start_tracing,
        StdNative::ObserveStartRootSpan => user::start_root_span,
        StdNative::ObserveStartSpan => user::start_span,
        StdNative::ObserveAddTagToSpan => user::add_tag_to_span,
        StdNative::ObserveFinishSpan => user::finish_span,
        StdNative::ObserveFinishSpanWithError => user::finish_span_with_error,
        StdNative::ObserveGetSpanContext => user::get_span_context,
        _ => return None,
    };
    Some(Native::Plain(function))
}

fn number(value: Option<&Value>) -> Option<f64> {
    match value? {
        Value::Decimal(d) => Some(d.to_f64()),
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

/// `startTracing(agentHostname, agentPort, samplerType, samplerParam, reporterFlushInterval,
/// reporterBufferSize, isErrorLoggingEnabled, isPayloadLoggingEnabled) returns string?`:
/// starts the tracer exporting to `http://agentHostname:agentPort/v1/traces`; `()` once
/// started, else why not.
fn start_tracing(_ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let host = args.first().and_then(Value::as_str).unwrap_or("localhost");
    let port = args.get(1).and_then(Value::as_int).unwrap_or(55680);
    let Ok(port) = u16::try_from(port) else {
        return Ok(Value::string(format!("invalid agent port {port}")));
    };
    let sampler_type = args.get(2).and_then(Value::as_str).unwrap_or("const");
    let sampler_param = number(args.get(3)).unwrap_or(1.0);
    let flush_interval = args
        .get(4)
        .and_then(Value::as_int)
        .and_then(|ms| u64::try_from(ms).ok())
        .unwrap_or(1000);
    let buffer_size = args
        .get(5)
        .and_then(Value::as_int)
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(10_000)
        .clamp(1, 1_000_000);
    let flag = |i: usize| args.get(i).and_then(Value::as_bool).unwrap_or(false);
    // An IPv6 literal needs brackets in a URL.
    let authority = if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    };
    let config = TracingConfig {
        sampler_type: sampler_type.to_string(),
        sampler_param,
        export: ExportConfig {
            url: format!("http://{authority}/v1/traces"),
            flush_interval: Duration::from_millis(flush_interval),
            buffer_size,
            log_errors: flag(6),
            log_payloads: flag(7),
        },
    };
    Ok(match super::start(config) {
        Ok(()) => Value::Nil,
        Err(message) => Value::string(message),
    })
}
