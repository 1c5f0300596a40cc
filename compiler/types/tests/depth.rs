//! Deeply nested types: no stack overflow within the documented bounds.

use intc_types::{Env, SemType};

fn nest(env: &mut Env, base: &SemType, depth: usize, warm: bool) -> SemType {
    let mut t = base.clone();
    for _ in 0..depth {
        t = env.array_of(&t);
        if warm {
            // Sema checks each definition as it resolves it, which memoises its emptiness.
            assert!(!env.is_empty(&t));
        }
    }
    t
}

#[test]
fn nesting_on_a_small_stack() {
    let mut env = Env::new();
    let a = nest(&mut env, &SemType::int(), 400, false);
    let b = nest(
        &mut env,
        &SemType::int().union(&SemType::string()),
        400,
        false,
    );
    assert!(env.is_subtype(&a, &b));
    assert!(!env.is_subtype(&b, &a));
}

/// Chains of type definitions (`type A1 A0[]; type A2 A1[]; ...`) nest semantically beyond
/// the parser's cap; the recursion then needs stack in proportion, which a compiler-sized
/// stack provides for chains far longer than any real program's.
#[test]
fn long_chains_of_definitions() {
    let result = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(|| {
            let mut env = Env::new();
            let a = nest(&mut env, &SemType::int(), 10_000, true);
            let b = nest(
                &mut env,
                &SemType::int().union(&SemType::string()),
                10_000,
                true,
            );
            (env.is_subtype(&a, &b), env.is_subtype(&b, &a))
        })
        .map(|h| h.join());
    match result {
        Ok(Ok(answers)) => assert_eq!(answers, (true, false)),
        _ => panic!("the deep check did not complete"),
    }
}

/// The parser caps syntactic nesting at 1000 levels; a debug build needs a few KiB of stack
/// per level, which the compiler's 1 GiB worker thread has plenty of.
#[test]
fn nesting_at_the_parser_cap_on_a_compiler_sized_stack() {
    let result = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(|| {
            let mut env = Env::new();
            let a = nest(&mut env, &SemType::int(), 1000, false);
            let b = nest(
                &mut env,
                &SemType::int().union(&SemType::string()),
                1000,
                false,
            );
            (env.is_subtype(&a, &b), env.is_subtype(&b, &a))
        })
        .map(|h| h.join());
    match result {
        Ok(Ok(answers)) => assert_eq!(answers, (true, false)),
        _ => panic!("the deep check did not complete"),
    }
}
