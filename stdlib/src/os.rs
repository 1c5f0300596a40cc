//! Natives of `std/os` (`modules/os/os.int`): the environment (with the program's own
//! changes kept in an overlay, as Ballerina keeps them in the JVM's copy of the environment,
//! so the process's real environment is never written while other threads may read it),
//! the user, and child processes on tokio's process API (waiting parks only the strand).

use crate::args;
use crate::StdNative;
use intc_runtime::native::{Completion, Native};
use intc_runtime::value::HandleObj;
use intc_runtime::{NativeContext, Panic, Step, Value};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::process::Stdio;
use std::rc::Rc;
use std::sync::Mutex;

/// The implementation of each `std/os` external function.
pub fn native(id: StdNative) -> Option<Native> {
    // Other modules' ids fall through to `None`.
    #[allow(unreachable_patterns)]
    Some(match id {
        StdNative::OsGetEnv => Native::Plain(get_env),
        StdNative::OsGetUsername => Native::Plain(get_username),
        StdNative::OsGetUserHome => Native::Plain(get_user_home),
        StdNative::OsExternSetEnv => Native::Plain(set_env),
        StdNative::OsExternUnsetEnv => Native::Plain(unset_env),
        StdNative::OsExternListEnv => Native::Plain(list_env),
        StdNative::OsExternExec => Native::Plain(exec),
        StdNative::OsExternWaitForExit => Native::Step(wait_for_exit),
        StdNative::OsExternOutput => Native::Step(output),
        StdNative::OsExternExit => Native::Plain(exit),
        _ => return None,
    })
}

/// Variables the program set (`Some`) or removed (`None`).
static OVERLAY: Mutex<BTreeMap<String, Option<String>>> = Mutex::new(BTreeMap::new());

fn overlay() -> std::sync::MutexGuard<'static, BTreeMap<String, Option<String>>> {
    // A panic while holding the lock leaves the map consistent (single inserts), so a
    // poisoned lock is still usable.
    OVERLAY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The program's view of one variable.
pub fn env_var(name: &str) -> Option<String> {
    match overlay().get(name) {
        Some(value) => value.clone(),
        None => std::env::var(name).ok(),
    }
}

/// The program's view of the whole environment, sorted by name.
fn environment() -> BTreeMap<String, String> {
    let mut env: BTreeMap<String, String> = std::env::vars_os()
        .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
        .collect();
    for (key, value) in overlay().iter() {
        match value {
            Some(v) => {
                env.insert(key.clone(), v.clone());
            }
            None => {
                env.remove(key);
            }
        }
    }
    env
}

fn get_env(_context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    Ok(Value::string(
        env_var(args::string(args, 0)).unwrap_or_default(),
    ))
}

fn get_username(_context: &mut NativeContext<'_>, _args: &[Value]) -> Result<Value, Panic> {
    let name = env_var("USER")
        .or_else(|| env_var("LOGNAME"))
        .or_else(|| env_var("USERNAME"))
        .unwrap_or_default();
    Ok(Value::string(name))
}

fn get_user_home(_context: &mut NativeContext<'_>, _args: &[Value]) -> Result<Value, Panic> {
    let home = env_var("HOME")
        .or_else(|| env_var("USERPROFILE"))
        .unwrap_or_default();
    Ok(Value::string(home))
}

fn set_env(_context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    overlay().insert(
        args::string(args, 0).to_string(),
        Some(args::string(args, 1).to_string()),
    );
    Ok(Value::Nil)
}

fn unset_env(_context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    overlay().insert(args::string(args, 0).to_string(), None);
    Ok(Value::Nil)
}

fn list_env(context: &mut NativeContext<'_>, _args: &[Value]) -> Result<Value, Panic> {
    let pairs = environment()
        .into_iter()
        .flat_map(|(k, v)| [k, v])
        .collect();
    Ok(args::strings_value(context, pairs))
}

/// A started child: running (`child`), or finished with its status and output.
struct ProcessNative {
    child: RefCell<Option<tokio::process::Child>>,
    finished: RefCell<Option<Finished>>,
}

#[derive(Clone)]
struct Finished {
    code: i64,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

/// Java's `IOException` text for a program that cannot start.
fn start_failure(program: &str, error: &std::io::Error) -> String {
    let text = error.to_string();
    let reason = match text.find(" (os error") {
        Some(at) => &text[..at],
        None => &text,
    };
    match error.raw_os_error() {
        Some(code) => format!("Cannot run program \"{program}\": error={code}, {reason}"),
        None => format!("Cannot run program \"{program}\": {reason}"),
    }
}

fn exec(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let program = args::string(args, 0).to_string();
    let mut command = tokio::process::Command::new(&program);
    command
        .args(args::strings(args, 1))
        .env_clear()
        .envs(environment())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let extra = args::strings(args, 2);
    for pair in extra.chunks(2) {
        if let [key, value] = pair {
            command.env(key, value);
        }
    }
    Ok(match command.spawn() {
        Ok(child) => Value::Handle(Rc::new(HandleObj {
            value: Box::new(Rc::new(ProcessNative {
                child: RefCell::new(Some(child)),
                finished: RefCell::new(None),
            })),
        })),
        Err(e) => args::error_value(context, &start_failure(&program, &e)),
    })
}

fn process_of(context: &NativeContext<'_>, args: &[Value]) -> Result<Rc<ProcessNative>, Panic> {
    match args.first() {
        Some(Value::Handle(handle)) => handle.value.downcast_ref::<Rc<ProcessNative>>().cloned(),
        _ => None,
    }
    .ok_or_else(|| context.panic("InternalError", "os:Process without its native process"))
}

/// Waits for the process (once; later calls reuse what the first one collected) and answers
/// with `answer` of its result.
fn finish(
    process: Rc<ProcessNative>,
    answer: fn(&mut NativeContext<'_>, &Finished) -> Value,
) -> Step {
    if let Some(done) = process.finished.borrow().clone() {
        return Step::Await(Box::pin(async move {
            Box::new(move |context: &mut NativeContext<'_>| Ok(Step::Done(answer(context, &done))))
                as Completion
        }));
    }
    let child = process.child.borrow_mut().take();
    Step::Await(Box::pin(async move {
        let result = match child {
            Some(child) => child.wait_with_output().await.map_err(|e| e.to_string()),
            None => Err("the process is being waited for already".to_string()),
        };
        Box::new(move |context: &mut NativeContext<'_>| {
            let done = match result {
                Ok(output) => Finished {
                    // A process ended by a signal has no exit code; Java reports 128 + signal.
                    code: output.status.code().map(i64::from).unwrap_or_else(|| {
                        #[cfg(unix)]
                        {
                            use std::os::unix::process::ExitStatusExt;
                            128 + i64::from(output.status.signal().unwrap_or(0))
                        }
                        #[cfg(not(unix))]
                        {
                            -1
                        }
                    }),
                    stdout: output.stdout,
                    stderr: output.stderr,
                },
                Err(message) => return Ok(Step::Done(args::error_value(context, &message))),
            };
            *process.finished.borrow_mut() = Some(done.clone());
            Ok(Step::Done(answer(context, &done)))
        }) as Completion
    }))
}

fn wait_for_exit(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let process = process_of(context, args)?;
    Ok(finish(process, |_, done| Value::Int(done.code)))
}

fn output(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let process = process_of(context, args)?;
    let answer: fn(&mut NativeContext<'_>, &Finished) -> Value = if args::boolean(args, 1) {
        |context, done| args::bytes_value(context, done.stderr.clone())
    } else {
        |context, done| args::bytes_value(context, done.stdout.clone())
    };
    Ok(finish(process, answer))
}

fn exit(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let process = process_of(context, args)?;
    if let Some(child) = process.child.borrow_mut().as_mut() {
        // Already ended is fine: there is nothing left to stop.
        let _ = child.start_kill();
    }
    Ok(Value::Nil)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_overlay_shadows_the_environment() {
        let key = "INTC_STDMODS_UNIT_OVERLAY";
        assert_eq!(env_var(key), None);
        overlay().insert(key.to_string(), Some("x".to_string()));
        assert_eq!(env_var(key).as_deref(), Some("x"));
        assert_eq!(environment().get(key).map(String::as_str), Some("x"));
        overlay().insert(key.to_string(), None);
        assert_eq!(env_var(key), None);
        assert!(!environment().contains_key(key));
    }

    #[test]
    fn start_failures_read_as_java_ioexceptions() {
        let error = std::io::Error::from_raw_os_error(2);
        assert_eq!(
            start_failure("nope", &error),
            "Cannot run program \"nope\": error=2, No such file or directory"
        );
    }
}
