//! The one thread that owns the analysis state. Jobs run in arrival order.
use intc_driver::{CompileOptions, StdFileSystem};
use intc_ide::AnalysisHost;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::Arc;
use tokio::sync::oneshot;

/// What the worker owns: the host and the open documents with their versions.
pub(crate) struct State {
    pub host: AnalysisHost,
    pub open: HashMap<PathBuf, i32>,
    /// Where standard library sources are written for "go to definition" into them.
    pub std_dir: PathBuf,
    /// The workspace's folders (from `initialize`): workspace symbols search their programs.
    pub roots: Vec<PathBuf>,
}

type Job = Box<dyn FnOnce(&mut State) + Send>;

#[derive(Clone)]
pub(crate) struct Worker {
    jobs: mpsc::Sender<Job>,
}

/// Why a job gave no answer.
pub(crate) enum JobError {
    /// The job panicked (the message is logged).
    Panicked(String),
    /// The worker is gone.
    Stopped,
}

impl Worker {
    pub fn start(options: CompileOptions) -> Worker {
        let (jobs, queue) = mpsc::channel::<Job>();
        let std_dir = std::env::temp_dir().join(format!("intc-lsp-std-{}", std::process::id()));
        std::thread::Builder::new()
            .name("intc-lsp-worker".into())
            // The checker recurses over the tree; the CLI gives it the same stack.
            .stack_size(1 << 30)
            .spawn(move || {
                let mut state = State {
                    host: AnalysisHost::new(Arc::new(StdFileSystem), options),
                    open: HashMap::new(),
                    std_dir,
                    roots: Vec::new(),
                };
                for job in queue {
                    job(&mut state);
                }
            })
            .map(|_| ())
            .unwrap_or_else(|error| eprintln!("intc lsp: cannot start the worker: {error}"));
        Worker { jobs }
    }

    /// Runs `f` on the worker after every job sent before it. A request whose caller stopped
    /// waiting (a cancelled request) is not run.
    pub async fn run<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut State) -> R + Send + 'static,
    ) -> Result<R, JobError> {
        let (reply, answer) = oneshot::channel::<Result<R, String>>();
        let job: Job = Box::new(move |state: &mut State| {
            if reply.is_closed() {
                return;
            }
            let result = catch_unwind(AssertUnwindSafe(|| f(state))).map_err(panic_message);
            let _ = reply.send(result);
        });
        if self.jobs.send(job).is_err() {
            return Err(JobError::Stopped);
        }
        match answer.await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(message)) => Err(JobError::Panicked(message)),
            Err(_) => Err(JobError::Stopped),
        }
    }
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic without a message".to_owned()
    }
}
