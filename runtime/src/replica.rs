//! Replica isolates: more threads serving the same service (issue 7, "Using the cores").
//!
//! An isolate is single-threaded (values are `Rc`). To serve a service on several cores, the
//! isolate that ran the program's initialization (the primary) plans a replica
//! ([`NativeContext::plan_replica`]): the program, its resolved natives, the types added at
//! run time, and copies ([`crate::value::transfer`]) of the module variables the service
//! reaches (`intc_ir::Sharing::Replicable` lists them) and of values the caller names (the
//! service objects). [`ReplicaPlan::spawn`] builds an isolate from that on a new thread,
//! without running module initialization again (its side effects happened once, on the
//! primary): the other module variables stay `()`, which is sound because the sharing
//! analysis proved the service never reads them. It then hands the copied values to the
//! caller's entry closure (which registers an event source, e.g. a request queue), serves
//! until every source has ended, and ends the thread.

use crate::interp::Interpreter;
use crate::native::{Native, NativeContext};
use crate::report::ModuleNames;
use crate::value::transfer::{snapshot, NotTransferable, Replicators, Transfer};
use crate::value::Value;
use crate::Runtime;
use intc_ir::{GlobalId, Program, TypeDef};
use rustc_hash::FxHashMap;
use std::any::{Any, TypeId};
use std::io::{BufWriter, Write};
use std::sync::{Arc, Mutex};

/// State natives keep for the whole program rather than per isolate (where `log` writes, for
/// example): one value per Rust type, made on first use, shared by the isolate and every
/// replica planned from it. What lives here is what makes per-isolate copies unnecessary.
#[derive(Default)]
pub struct SharedState(Mutex<FxHashMap<TypeId, Arc<dyn Any + Send + Sync>>>);

impl SharedState {
    fn get<T: Any + Send + Sync + Default>(&self) -> Arc<T> {
        // A panic while the lock was held cannot leave the map half-updated (one insert).
        let mut map = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let entry = map
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Arc::new(T::default()));
        match entry.clone().downcast::<T>() {
            Ok(value) => value,
            // The key is `T`'s own type id, so the value is a `T`; replace it if not.
            Err(_) => {
                let value = Arc::new(T::default());
                *entry = value.clone();
                value
            }
        }
    }
}

impl NativeContext<'_> {
    /// The program-wide `T` (see [`SharedState`]).
    pub fn shared<T: Any + Send + Sync + Default>(&self) -> Arc<T> {
        self.interp.shared.get::<T>()
    }
}

/// Makes a replica's standard output and error writers (called on the replica's thread).
pub type OutputFactory = Arc<dyn Fn() -> (Box<dyn Write>, Box<dyn Write>) + Send + Sync>;

/// What a replica runs first, on its own thread and inside its tokio runtime (it may spawn
/// tasks), with the copies of the values the plan named (in order): typically registering an
/// event source.
pub type ReplicaEntry = Box<dyn FnOnce(&mut NativeContext<'_>, Vec<Value>) + Send>;

/// Everything a replica isolate is built from (plain data, `Send`).
pub struct ReplicaPlan {
    program: Program,
    natives: Vec<Native>,
    module_names: ModuleNames,
    replicators: Replicators,
    added_types: Vec<TypeDef>,
    globals: Vec<(GlobalId, Transfer)>,
    values: Vec<Transfer>,
    output: Option<OutputFactory>,
    shared: Arc<SharedState>,
}

impl NativeContext<'_> {
    /// Plans a replica of this isolate holding copies of module variables `globals` and of
    /// `values`; fails (naming the variable or value and the place) if one cannot be copied.
    pub fn plan_replica(
        &self,
        globals: &[GlobalId],
        values: &[Value],
    ) -> Result<ReplicaPlan, NotTransferable> {
        let interp = &*self.interp;
        let classes = &interp.program.classes;
        // Annotation values live in globals module initialization sets once; natives read
        // them (`NativeContext::annotations`) without the IR saying so: copy them all.
        let mut wanted: Vec<GlobalId> = globals.to_vec();
        wanted.extend(interp.program.annotations.iter().map(|set| set.global));
        wanted.sort_unstable_by_key(|g| g.0);
        wanted.dedup();
        let mut copied = Vec::with_capacity(wanted.len());
        for global in wanted {
            let value = interp.globals.get(global.index()).unwrap_or(&Value::Nil);
            let name = interp
                .program
                .globals
                .get(global.index())
                .map_or("?", |g| g.name.as_str());
            let copy = snapshot(value, classes, &interp.replicators).map_err(|refused| {
                NotTransferable {
                    path: format!("{name}{}", refused.path),
                    what: refused.what,
                }
            })?;
            copied.push((global, copy));
        }
        let values = values
            .iter()
            .map(|value| snapshot(value, classes, &interp.replicators))
            .collect::<Result<Vec<_>, _>>()?;
        // The interpreter appended its callback trampolines; the replica appends its own.
        let mut program = (*interp.program).clone();
        program.functions.truncate(interp.first_trampoline as usize);
        Ok(ReplicaPlan {
            program,
            natives: interp.natives.clone(),
            module_names: interp.module_names.clone(),
            replicators: interp.replicators.clone(),
            added_types: interp.types.defs_from(interp.program_types).to_vec(),
            globals: copied,
            values,
            output: interp.replica_output.clone(),
            shared: interp.shared.clone(),
        })
    }
}

impl ReplicaPlan {
    /// Starts the replica on a new thread named `name`; the thread ends when the replica
    /// has served every event source `entry` registered.
    pub fn spawn(
        self,
        name: String,
        entry: ReplicaEntry,
    ) -> std::io::Result<std::thread::JoinHandle<()>> {
        std::thread::Builder::new()
            .name(name)
            .spawn(move || self.run(entry))
    }

    fn run(self, entry: ReplicaEntry) {
        let ReplicaPlan {
            program,
            natives,
            module_names,
            replicators,
            added_types,
            globals,
            values,
            output,
            shared,
        } = self;
        let mut interp = Interpreter::new(program, natives);
        for def in added_types {
            interp.types.add(def);
        }
        interp.module_names = module_names;
        interp.replicators = replicators;
        interp.shared = shared;
        let (stdout, stderr) = match &output {
            Some(make) => make(),
            None => (
                Box::new(std::io::stdout()) as Box<dyn Write>,
                Box::new(std::io::stderr()) as Box<dyn Write>,
            ),
        };
        // Unbuffered: lines from several threads interleave whole, and nothing is held back.
        interp.stdout = BufWriter::with_capacity(0, stdout);
        interp.stderr = BufWriter::with_capacity(0, stderr);
        interp.replica_output = output;
        for (global, copy) in globals {
            if let Some(slot) = interp.globals.get_mut(global.index()) {
                *slot = copy.rebuild();
            }
        }
        let mut runtime = Runtime::from_interpreter(interp);
        let program = runtime.interpreter().program.clone();
        runtime.compute_record_defaults(&program);
        let values = values.into_iter().map(Transfer::rebuild).collect();
        let interp = runtime.interpreter();
        // The entry runs inside the replica's tokio runtime, so it may spawn tasks (a server's
        // accept loop) that the serve loop then drives.
        match interp.scheduler_runtime() {
            Ok(scheduler) => {
                {
                    let _context = scheduler.enter();
                    entry(&mut NativeContext { interp }, values);
                }
                interp.sched.runtime = Some(scheduler);
            }
            Err(_) => return,
        }
        interp.serve_events();
        runtime.flush();
    }
}
