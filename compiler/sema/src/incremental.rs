//! A kept checker: the state of a whole check, held with the modules it borrows, in which an
//! editor re-checks one edited function body without checking the rest of the program again.
//!
//! The edited function is re-parsed on its own by the caller, with spans past its file's old
//! end and node ids past every id the file used (`intc_syntax::parse_fragment`), so nothing
//! the check holds for other items moves or collides. Its body is checked in place: every
//! table the check shares between bodies (types, classes, expression types, resolutions) only
//! grows, and nothing outside a body reads what a body added, because bodies infer neither
//! signatures nor isolation. The old body's diagnostics, used imports and `var`s of error type
//! are dropped, and the passes that read every body (isolation, unused `var`s of error type,
//! unused imports) run again. The old body's entries stay in the append-only tables under
//! node ids and spans nothing refers to any more.
use crate::checker::{Checker, Place};
use crate::model::*;
use crate::SourceModule;
use intc_diagnostics::Diagnostic;
use intc_span::{FileId, SourceMap, Span};
use intc_syntax::ast;
use std::collections::BTreeMap;
use std::ops::Range;

/// Where each pass's diagnostics are in the checker's list after `Checker::run`.
#[derive(Clone, Debug, Default)]
pub(crate) struct RunMarks {
    /// Each function body's.
    pub bodies: Vec<(FunctionId, Range<usize>)>,
    /// The isolation pass's.
    pub isolation: Range<usize>,
    /// Where the passes after every other start (unused `var`s of error type, unused imports).
    pub derived: usize,
}

/// The checker's modules and the items re-parsed since, which the kept checker borrows.
struct Kept {
    modules: Vec<SourceModule>,
    reparsed: typed_arena::Arena<ast::Item>,
}

self_cell::self_cell!(
    struct KeptCell {
        owner: Kept,
        #[not_covariant]
        dependent: Checker,
    }
);

/// A module-level function with a block body, as the kept check sees it now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeptFunction {
    pub source: ItemRef,
    /// The whole item, in the check's coordinates (past the file's end once re-parsed).
    pub span: Span,
    /// Its body block, braces included.
    pub body: Span,
}

/// A whole check kept for re-checking function bodies (see the module documentation).
pub struct KeptCheck {
    cell: KeptCell,
    /// Diagnostics of every pass but those below.
    stable: Vec<Diagnostic>,
    /// Each function body's (in function order).
    bodies: BTreeMap<FunctionId, Vec<Diagnostic>>,
    /// The passes that read every body, reported again after each re-check.
    isolation: Vec<Diagnostic>,
    derived: Vec<Diagnostic>,
    /// Bodies re-checked so far.
    rechecked: usize,
}

impl KeptCheck {
    /// Checks the modules as [`crate::check_recovered`] does and keeps the checker.
    pub fn check(
        modules: Vec<SourceModule>,
        sources: &SourceMap,
        syntax_errors: &[Span],
        bodies: crate::Bodies,
    ) -> KeptCheck {
        let broken = crate::broken_names(&modules, sources);
        let kept = Kept {
            modules,
            reparsed: typed_arena::Arena::new(),
        };
        let mut cell = KeptCell::new(kept, |kept| {
            let mut checker = Checker::new(&kept.modules);
            checker.bodies = bodies;
            checker.broken_names = broken;
            checker.syntax_errors = syntax_errors.to_vec();
            checker.run();
            checker
        });
        let (all, marks) = cell.with_dependent_mut(|_, checker| {
            (
                std::mem::take(&mut checker.diags),
                std::mem::take(&mut checker.marks),
            )
        });
        let mut stable = Vec::new();
        let mut by_body = BTreeMap::new();
        let mut isolation = Vec::new();
        let mut derived = Vec::new();
        let mut body_of = vec![None; all.len()];
        for (id, range) in &marks.bodies {
            by_body.insert(*id, Vec::new());
            for slot in body_of.get_mut(range.clone()).into_iter().flatten() {
                *slot = Some(*id);
            }
        }
        for (index, diagnostic) in all.into_iter().enumerate() {
            if let Some(id) = body_of[index] {
                by_body.entry(id).or_insert_with(Vec::new).push(diagnostic);
            } else if marks.isolation.contains(&index) {
                isolation.push(diagnostic);
            } else if index >= marks.derived {
                derived.push(diagnostic);
            } else {
                stable.push(diagnostic);
            }
        }
        KeptCheck {
            cell,
            stable,
            bodies: by_body,
            isolation,
            derived,
            rechecked: 0,
        }
    }

    /// The checked program (with every re-checked body's tables added).
    pub fn program(&self) -> &CheckedProgram {
        self.cell.with_dependent(|_, checker| &checker.p)
    }

    /// The modules checked (their trees as parsed before any re-check).
    pub fn modules(&self) -> &[SourceModule] {
        &self.cell.borrow_owner().modules
    }

    /// Consumes the kept check into its program and modules (lowering's inputs).
    pub fn into_parts(self) -> (CheckedProgram, Vec<SourceModule>) {
        let KeptCheck { cell, .. } = self;
        let mut cell = cell;
        let program = cell.with_dependent_mut(|_, checker| std::mem::take(&mut checker.p));
        (program, cell.into_owner().modules)
    }

    /// Every diagnostic of the check, in the check's coordinates.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all = self.stable.clone();
        for body in self.bodies.values() {
            all.extend(body.iter().cloned());
        }
        all.extend(self.isolation.iter().cloned());
        all.extend(self.derived.iter().cloned());
        all
    }

    /// How many bodies were re-checked since the whole check.
    pub fn rechecked(&self) -> usize {
        self.rechecked
    }

    /// The first node id no tree of `file` uses (nor any synthetic key handed out).
    pub fn next_node_id(&self, file: FileId) -> u32 {
        self.cell.with_dependent(|_, checker| {
            let parsed = checker
                .modules
                .iter()
                .flat_map(|m| &m.files)
                .find(|f| f.file == file)
                .map_or(0, |f| f.node_count);
            checker
                .next_synthetic
                .get(&file)
                .copied()
                .unwrap_or(parsed)
                .max(parsed)
        })
    }

    /// The module-level functions of `file` with a block body whose body this check types.
    pub fn functions(&self, file: FileId) -> Vec<KeptFunction> {
        self.cell.with_dependent(|_, checker| {
            let mut found = Vec::new();
            for (m, module) in checker.modules.iter().enumerate() {
                let module_id = ModuleId(m as u32);
                if checker.skips_bodies_of(module_id) {
                    continue;
                }
                for (file_index, tree) in module.files.iter().enumerate() {
                    if tree.file != file {
                        continue;
                    }
                    for index in 0..tree.items.len() {
                        let source = ItemRef {
                            module: module_id,
                            file_index,
                            file,
                            item: index,
                        };
                        if let Some(ast::Item::Function(def)) = checker.item_of(source) {
                            if let ast::FunctionBody::Block(block) = &def.body {
                                found.push(KeptFunction {
                                    source,
                                    span: def.span,
                                    body: block.span,
                                });
                            }
                        }
                    }
                }
            }
            found
        })
    }

    /// Re-checks the body of the module-level function at `source` as `item` (a function with
    /// the same signature, re-parsed past every span and node id of its file). Returns `false`
    /// and changes nothing when `item` is not such a function.
    pub fn recheck_function(&mut self, source: ItemRef, item: ast::Item, next_id: u32) -> bool {
        let result = self.cell.with_dependent_mut(|kept, checker| {
            let item: &ast::Item = kept.reparsed.alloc(item);
            checker.recheck_function(source, item, next_id)
        });
        let Some(recheck) = result else {
            return false;
        };
        self.bodies.insert(recheck.function, recheck.body);
        self.isolation = recheck.isolation;
        self.derived = recheck.derived;
        self.rechecked += 1;
        true
    }
}

/// What re-checking one body reports.
struct Recheck {
    function: FunctionId,
    body: Vec<Diagnostic>,
    isolation: Vec<Diagnostic>,
    derived: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    fn recheck_function(
        &mut self,
        source: ItemRef,
        item: &'a ast::Item,
        next_id: u32,
    ) -> Option<Recheck> {
        let ast::Item::Function(def) = item else {
            return None;
        };
        let Some(ast::Item::Function(old)) = self.item_of(source) else {
            return None;
        };
        if self.skips_bodies_of(source.module) || old.name.name != def.name.name {
            return None;
        }
        let index = self
            .p
            .functions
            .iter()
            .position(|f| f.source == Some(source) && f.member.is_none())?;
        let id = FunctionId(index as u32);
        let old_span = old.span;
        // What the signature's passes noted by the old parameters' node ids (a rest
        // parameter's list type) holds for the new ones.
        for (was, now) in old.signature.params.iter().zip(&def.signature.params) {
            let key = NodeKey::new(source.file, was.id);
            if let Some(&ty) = self.p.local_types.get(&key) {
                self.p
                    .local_types
                    .insert(NodeKey::new(source.file, now.id), ty);
            }
        }
        self.overrides.insert(source, item);
        self.next_synthetic.insert(source.file, next_id);
        // The old body's `var`s of error type go with it (they are all inside its span).
        self.error_vars.retain(|(_, _, span)| {
            !(span.file == old_span.file
                && span.start >= old_span.start
                && span.end <= old_span.end)
        });
        self.diags.clear();
        let place = Place {
            module: source.module,
            file: source.file,
        };
        let outer = std::mem::take(self.used_imports.get_mut());
        self.with_place(place, |c| c.check_function_body(id, def, None));
        // Annotations met in the body's type descriptors (checked after every body in a
        // whole check).
        self.check_pending_annotations(false);
        let used = std::mem::replace(self.used_imports.get_mut(), outer);
        self.body_imports.insert(id, used);
        let body = std::mem::take(&mut self.diags);
        self.check_isolation();
        let isolation = std::mem::take(&mut self.diags);
        self.report_unused_error_vars();
        self.warn_unused_imports();
        let derived = std::mem::take(&mut self.diags);
        Some(Recheck {
            function: id,
            body,
            isolation,
            derived,
        })
    }
}
