//! For the tests that check every golden program in-process: the compile options with the
//! real standard library's sources, and the two workers they run on.
use intc_driver::CompileOptions;

pub fn options() -> CompileOptions {
    CompileOptions::with_std_files(
        intc_stdlib::module_sources()
            .into_iter()
            .map(|source| (source.module, source.file_name, source.text)),
    )
}

/// `each` of the items, on two workers (the 2-core CI machine), each with the CLI's stack:
/// the checker recurses as deep as the programs nest. The results come in no set order.
pub fn on_two_workers<T: Sync, R: Send>(items: &[T], each: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let each = &each;
    std::thread::scope(|scope| {
        let workers: Vec<_> = [0, 1]
            .into_iter()
            .map(|first| {
                std::thread::Builder::new()
                    .stack_size(1 << 30)
                    .spawn_scoped(scope, move || {
                        items
                            .iter()
                            .skip(first)
                            .step_by(2)
                            .map(each)
                            .collect::<Vec<R>>()
                    })
                    .expect("spawns a worker")
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().expect("a worker panicked"))
            .collect()
    })
}
