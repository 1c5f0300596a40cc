//! Natives of `std/log`: what Ballerina's log module does in Java (`io.ballerina.stdlib.log.Utils`
//! and `java.lang.String`/`PrintStream` calls): the time stamp, the calling module, Java's
//! escaping of logfmt strings, stack frame text and writing a line to its destination.

use crate::StdNative;
use intc_runtime::format::to_bal_string;
use intc_runtime::native::Native;
use intc_runtime::{NativeContext, Panic, Value};
use std::io::Write;

/// The implementation of each `std/log` external function.
pub fn native(id: StdNative) -> Option<Native> {
    // Other modules' ids fall through to `None`.
    #[allow(unreachable_patterns)]
    let function: intc_runtime::NativeFn = match id {
        StdNative::LogGetCurrentTime => current_time,
        StdNative::LogGetInvokedModuleName => invoked_module_name,
        StdNative::LogEscape => escape,
        StdNative::LogFrameText => frame_text,
        StdNative::LogWriteLine => write_line,
        StdNative::LogTruncateFile => truncate_file,
        StdNative::LogSetOutputPath => set_output_path,
        StdNative::LogOutputPath => output_path,
        _ => return None,
    };
    Some(Native::Plain(function))
}

fn current_time(_: &mut NativeContext<'_>, _: &[Value]) -> Result<Value, Panic> {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    Ok(Value::string(utc_timestamp(
        since_epoch.as_secs(),
        since_epoch.subsec_millis(),
    )))
}

/// `yyyy-MM-dd'T'HH:mm:ss.SSSXXX` of Java's `SimpleDateFormat` in UTC (`XXX` is `Z` there).
/// jBallerina formats in the JVM's default time zone; intc always uses UTC.
fn utc_timestamp(seconds: u64, millis: u32) -> String {
    let days = (seconds / 86_400) as i64;
    let of_day = seconds % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        of_day / 3600,
        of_day / 60 % 60,
        of_day % 60
    )
}

/// The proleptic Gregorian date of a day count from 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `org/module` of the innermost caller outside this module, as jBallerina derives it from the
/// caller's JVM class (`org.module.major.file`); a single file's functions have no package, so
/// the answer is `""`.
fn invoked_module_name(context: &mut NativeContext<'_>, _: &[Value]) -> Result<Value, Panic> {
    // The IR names a module by its last name part: this module's functions are in `log`,
    // which the embedder names `ballerina/log` (or not at all).
    let own = matches!(
        context.module_display_name(Some("log")).as_str(),
        "ballerina/log" | ""
    );
    let program = context.program();
    let caller = context.stack_trace().iter().find_map(|frame| {
        let module = &program.functions.get(frame.func.0 as usize)?.module;
        let inside = own && module.as_deref() == Some("log");
        (!inside).then(|| module.clone())
    });
    let name = match caller {
        Some(module) => context.module_display_name(module.as_deref()),
        None => String::new(),
    };
    Ok(Value::string(name))
}

/// Java's `String.replace` chain of the log module, then `toBalString` (so a backslash ends up
/// escaped twice, exactly as Ballerina prints it).
fn escape(context: &mut NativeContext<'_>, arguments: &[Value]) -> Result<Value, Panic> {
    let text = arguments.first().and_then(Value::as_str).unwrap_or("");
    let replaced = text
        .replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
        .replace('\'', "\\'")
        .replace('"', "\\\"");
    Ok(Value::string(to_bal_string(
        &Value::string(replaced),
        context.types(),
    )))
}

/// `callableName: f  fileName: main.bal lineNumber: 3` — Java's `StackFrameImpl.toString()`,
/// with `moduleName: m ` after the callable's name when the frame has a module.
fn frame_text(_: &mut NativeContext<'_>, arguments: &[Value]) -> Result<Value, Panic> {
    let Some(frame) = arguments.first().and_then(Value::as_map) else {
        return Ok(Value::string(""));
    };
    let field = |name: &str| -> String {
        match frame.get(name) {
            Some(Value::Nil) | None => String::new(),
            Some(value) => value
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| value.as_int().map(|n| n.to_string()).unwrap_or_default()),
        }
    };
    let module = field("moduleName");
    let module = if module.is_empty() {
        String::new()
    } else {
        format!("moduleName: {module} ")
    };
    Ok(Value::string(format!(
        "callableName: {} {module} fileName: {} lineNumber: {}",
        field("callableName"),
        field("fileName"),
        field("lineNumber")
    )))
}

/// Writes `line` and a newline to `stderr`, `stdout` or the end of a file. A file that cannot
/// be written is reported on stderr, as the log module logs "failed to write log output".
/// The file `log:setOutputFile` chose: program-wide state (`NativeContext::shared`), so that
/// replica isolates serving the same program log to it too.
#[derive(Default)]
struct OutputPath(std::sync::Mutex<String>);

fn set_output_path(context: &mut NativeContext<'_>, arguments: &[Value]) -> Result<Value, Panic> {
    let path = arguments.first().and_then(Value::as_str).unwrap_or("");
    let shared = context.shared::<OutputPath>();
    let mut current = shared.0.lock().unwrap_or_else(|p| p.into_inner());
    *current = path.to_owned();
    Ok(Value::Nil)
}

fn output_path(context: &mut NativeContext<'_>, _arguments: &[Value]) -> Result<Value, Panic> {
    let shared = context.shared::<OutputPath>();
    let current = shared.0.lock().unwrap_or_else(|p| p.into_inner());
    Ok(Value::string(current.as_str()))
}

fn write_line(context: &mut NativeContext<'_>, arguments: &[Value]) -> Result<Value, Panic> {
    let destination = arguments
        .first()
        .and_then(Value::as_str)
        .unwrap_or("stderr");
    let line = format!(
        "{}\n",
        arguments.get(1).and_then(Value::as_str).unwrap_or("")
    );
    match destination {
        // Like Java's `PrintStream.println`: a closed pipe loses the line silently.
        "stderr" => {
            let _ = context.stderr().write_all(line.as_bytes());
        }
        "stdout" => {
            let _ = context.stdout().write_all(line.as_bytes());
        }
        path => {
            let written = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .and_then(|mut file| file.write_all(line.as_bytes()));
            if let Err(problem) = written {
                let report =
                    format!("failed to write log output to the file '{path}': {problem}\n");
                let _ = context.stderr().write_all(report.as_bytes());
            }
        }
    }
    Ok(Value::Nil)
}

fn truncate_file(_: &mut NativeContext<'_>, arguments: &[Value]) -> Result<Value, Panic> {
    let path = arguments.first().and_then(Value::as_str).unwrap_or("");
    Ok(match std::fs::File::create(path) {
        Ok(_) => Value::Nil,
        Err(problem) => Value::string(problem.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_java_simple_date_format_in_utc() {
        assert_eq!(utc_timestamp(0, 0), "1970-01-01T00:00:00.000Z");
        // 2026-12-05T10:15:30.123Z
        assert_eq!(
            utc_timestamp(1_796_465_730, 123),
            "2026-12-05T10:15:30.123Z"
        );
        // A leap day.
        assert_eq!(utc_timestamp(951_782_400, 7), "2000-02-29T00:00:00.007Z");
    }
}
