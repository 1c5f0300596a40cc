//! The golden test runner: every program under `tests/programs/` is one test (see
//! `agents/TESTFORMAT.md` or `tests/programs/README.md` for the format). Set `UPDATE_GOLDEN=1`
//! to rewrite `.out`/`.err` files from the actual output.

mod golden_parts;

use golden_parts::discovery::discover;
use golden_parts::execution::run_case;
use libtest_mimic::{Arguments, Trial};
use std::path::PathBuf;

fn main() {
    let arguments = Arguments::from_args();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/programs");
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_intc"));
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|value| value == "1");
    let trials: Vec<Trial> = match discover(&root) {
        Ok(cases) => cases
            .into_iter()
            .map(|case| {
                let binary = binary.clone();
                Trial::test(case.name.clone(), move || {
                    run_case(&binary, &case, update).map_err(Into::into)
                })
            })
            .collect(),
        Err(error) => vec![Trial::test("discover tests/programs", move || {
            Err(error.into())
        })],
    };
    let mut trials = trials;
    trials.push(Trial::test("golden_runner::marker_parsing", || {
        golden_parts::markers::self_test().map_err(Into::into)
    }));
    libtest_mimic::run(&arguments, trials).exit();
}
