//! A kept checker: the state of a whole check, held with the modules it borrows, in which an
//! editor re-checks one edited body (a function's or a method's, or a whole service
//! declaration) without checking the rest of the program again.
//!
//! The item holding the body is re-parsed on its own by the caller, with spans past its file's
//! old end and node ids past every id the file used (`intc_syntax::parse_fragment`), so
//! nothing the check holds for other items moves or collides. The body is checked in place:
//! every table the check shares between bodies (types, classes, expression types,
//! resolutions) only grows, and nothing outside a body reads what a body added, because bodies
//! infer neither signatures nor isolation. The old body's diagnostics, used imports and `var`s
//! of error type are dropped, and the passes that read bodies run again: the isolation walk
//! over the edited file, unused `var`s of error type and unused imports. The old body's
//! entries stay in the append-only tables under node ids and spans nothing refers to any more.
//! A re-parse with syntax errors adds their spans, so the checker stays silent inside them as
//! a whole check would.
use crate::checker::{Checker, HashMap, Place};
use crate::isolation::item_span;
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
    /// Each function body's and each service declaration's.
    pub bodies: Vec<(BodyKey, Range<usize>)>,
    /// The isolation pass's, per file walked.
    pub isolation: Vec<(FileId, Range<usize>)>,
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

/// What a kept check can re-check alone: a function's or method's body, or a whole service
/// declaration (its methods are checked as its object constructor is typed).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BodyKey {
    Function(FunctionId),
    Service(ItemRef),
}

/// A body of a file as the kept check sees it now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeptBody {
    pub key: BodyKey,
    /// The module-level item holding it.
    pub source: ItemRef,
    /// That item now, in the check's coordinates (past the file's end once re-parsed).
    pub item: Span,
    /// The body as last checked: a block, braces included, or a whole service declaration.
    pub body: Span,
}

/// A whole check kept for re-checking function bodies (see the module documentation).
pub struct KeptCheck {
    cell: KeptCell,
    /// Diagnostics of every pass but those below.
    stable: Vec<Diagnostic>,
    /// Each body's (in function order, then the services').
    bodies: BTreeMap<BodyKey, Vec<Diagnostic>>,
    /// The passes that read bodies, reported again after each re-check: the isolation walk
    /// (per file; a re-check walks the edited file again), unused `var`s of error type and
    /// unused imports.
    isolation: BTreeMap<FileId, Vec<Diagnostic>>,
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
        let mut isolation = BTreeMap::new();
        let mut derived = Vec::new();
        // Which pass reported each diagnostic.
        enum Owner {
            Body(BodyKey),
            Isolation(FileId),
        }
        let mut owner_of: Vec<Option<Owner>> = (0..all.len()).map(|_| None).collect();
        for (id, range) in &marks.bodies {
            by_body.insert(*id, Vec::new());
            for slot in owner_of.get_mut(range.clone()).into_iter().flatten() {
                *slot = Some(Owner::Body(*id));
            }
        }
        for (file, range) in &marks.isolation {
            isolation.insert(*file, Vec::new());
            for slot in owner_of.get_mut(range.clone()).into_iter().flatten() {
                *slot = Some(Owner::Isolation(*file));
            }
        }
        for (index, diagnostic) in all.into_iter().enumerate() {
            if let Some(Owner::Body(id)) = owner_of[index] {
                by_body.entry(id).or_insert_with(Vec::new).push(diagnostic);
            } else if let Some(Owner::Isolation(file)) = owner_of[index] {
                isolation
                    .entry(file)
                    .or_insert_with(Vec::new)
                    .push(diagnostic);
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
        for file in self.isolation.values() {
            all.extend(file.iter().cloned());
        }
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

    /// The bodies of `file` this check types and can re-check alone.
    pub fn bodies(&self, file: FileId) -> Vec<KeptBody> {
        self.cell
            .with_dependent(|_, checker| checker.kept_bodies(file))
    }

    /// Re-checks `body` within `item`, the module-level item holding it re-parsed past every
    /// span and node id of its file (`next_id` is the first id it left free), with the same
    /// signatures. Returns `false` and changes nothing when `item` does not hold that body.
    /// `syntax_errors` are the spans of the re-parse's syntax errors (nothing is reported
    /// inside a body holding one, as in a whole check).
    pub fn recheck(
        &mut self,
        body: &KeptBody,
        item: ast::Item,
        next_id: u32,
        syntax_errors: &[Span],
    ) -> bool {
        let result = self.cell.with_dependent_mut(|kept, checker| {
            let item: &ast::Item = kept.reparsed.alloc(item);
            checker.recheck(body, item, next_id, syntax_errors)
        });
        let Some(recheck) = result else {
            return false;
        };
        self.bodies.insert(body.key, recheck.body);
        self.isolation.insert(body.source.file, recheck.isolation);
        self.derived = recheck.derived;
        self.rechecked += 1;
        true
    }
}

/// What re-checking one body reports.
struct Recheck {
    body: Vec<Diagnostic>,
    isolation: Vec<Diagnostic>,
    derived: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    fn kept_bodies(&self, file: FileId) -> Vec<KeptBody> {
        let mut functions: HashMap<(ItemRef, Option<usize>), FunctionId> = HashMap::default();
        for (index, f) in self.p.functions.iter().enumerate() {
            if let Some(source) = f.source.filter(|s| s.file == file) {
                functions.insert((source, f.member), FunctionId(index as u32));
            }
        }
        let mut found = Vec::new();
        for (m, module) in self.modules.iter().enumerate() {
            let module_id = ModuleId(m as u32);
            if self.skips_bodies_of(module_id) {
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
                    let (Some(item), Some(parsed)) =
                        (self.item_of(source), self.parsed_item(source))
                    else {
                        continue;
                    };
                    let mut push = |key: BodyKey, first: Span| {
                        let body = self.checked_bodies.get(&key).copied().unwrap_or(first);
                        found.push(KeptBody {
                            key,
                            source,
                            item: item_span(item),
                            body,
                        });
                    };
                    match parsed {
                        ast::Item::Function(def) => {
                            if let (ast::FunctionBody::Block(block), Some(&id)) =
                                (&def.body, functions.get(&(source, None)))
                            {
                                push(BodyKey::Function(id), block.span);
                            }
                        }
                        ast::Item::Class(class) => {
                            for (member, m) in class.members.iter().enumerate() {
                                if let (ast::ClassMember::Method(def), Some(&id)) =
                                    (m, functions.get(&(source, Some(member))))
                                {
                                    if let ast::FunctionBody::Block(block) = &def.body {
                                        push(BodyKey::Function(id), block.span);
                                    }
                                }
                            }
                        }
                        ast::Item::Service(service) => {
                            push(BodyKey::Service(source), service.span);
                        }
                        _ => {}
                    }
                }
            }
        }
        found
    }

    fn recheck(
        &mut self,
        body: &KeptBody,
        item: &'a ast::Item,
        next_id: u32,
        syntax_errors: &[Span],
    ) -> Option<Recheck> {
        let source = body.source;
        if self.skips_bodies_of(source.module) {
            return None;
        }
        let place = Place {
            module: source.module,
            file: source.file,
        };
        // What to check, and the new body's span.
        #[derive(Clone, Copy)]
        enum Unit<'a> {
            /// A function or method (with its class and member index).
            Function(FunctionId, &'a ast::FunctionDef, Option<(ClassId, usize)>),
            Service(&'a ast::ServiceDecl),
        }
        let (unit, span) = match (body.key, self.parsed_item(source)?, item) {
            (BodyKey::Function(id), ast::Item::Function(old), ast::Item::Function(new)) => {
                self.copy_param_types(source.file, old, new)?;
                (Unit::Function(id, new, None), block_span(new)?)
            }
            (BodyKey::Function(id), ast::Item::Class(old), ast::Item::Class(new)) => {
                let info = self.p.functions.get(id.index())?;
                let (member, FunctionKind::Method(class)) = (info.member?, info.kind) else {
                    return None;
                };
                let (ast::ClassMember::Method(was), ast::ClassMember::Method(now)) =
                    (old.members.get(member)?, new.members.get(member)?)
                else {
                    return None;
                };
                if old.members.len() != new.members.len() || was.name.name != now.name.name {
                    return None;
                }
                self.copy_param_types(source.file, was, now)?;
                (
                    Unit::Function(id, now, Some((class, member))),
                    block_span(now)?,
                )
            }
            (BodyKey::Service(_), ast::Item::Service(_), ast::Item::Service(new)) => {
                (Unit::Service(new), new.span)
            }
            _ => return None,
        };
        let dead = body.body;
        self.overrides.insert(source, item);
        if let Unit::Function(_, def, Some((_, member))) = unit {
            self.method_overrides.insert((source, member), def);
        }
        self.checked_bodies.insert(body.key, span);
        self.next_synthetic.insert(source.file, next_id);
        self.syntax_errors.extend_from_slice(syntax_errors);
        if let BodyKey::Function(id) = body.key {
            self.bodies_with_syntax_errors.remove(&id);
        }
        // The old body's `var`s of error type go with it.
        self.error_vars.retain(|(_, _, at)| {
            !(at.file == dead.file && at.start >= dead.start && at.end <= dead.end)
        });
        self.diags.clear();
        let outer = std::mem::take(self.used_imports.get_mut());
        self.with_place(place, |c| match unit {
            Unit::Function(id, def, class) => {
                c.check_function_body(id, def, class.map(|(class, _)| class))
            }
            Unit::Service(service) => c.check_service(service),
        });
        // Annotations met in the body's type descriptors (checked after every body in a
        // whole check).
        self.check_pending_annotations(false);
        let used = std::mem::replace(self.used_imports.get_mut(), outer);
        self.body_imports.insert(body.key, used);
        let diagnostics = std::mem::take(&mut self.diags);
        // Only the edited file's walk can change.
        self.check_isolation(Some(source.file));
        self.marks.isolation.clear();
        let isolation = std::mem::take(&mut self.diags);
        self.report_unused_error_vars();
        self.warn_unused_imports();
        let derived = std::mem::take(&mut self.diags);
        Some(Recheck {
            body: diagnostics,
            isolation,
            derived,
        })
    }

    /// What the signature's passes noted by the first parse's parameter node ids (a rest
    /// parameter's list type) holds for the re-parse's; `None` when the parameters differ.
    fn copy_param_types(
        &mut self,
        file: FileId,
        old: &ast::FunctionDef,
        new: &ast::FunctionDef,
    ) -> Option<()> {
        let (was, now) = (&old.signature.params, &new.signature.params);
        if old.name.name != new.name.name || was.len() != now.len() {
            return None;
        }
        for (was, now) in was.iter().zip(now) {
            if let Some(&ty) = self.p.local_types.get(&NodeKey::new(file, was.id)) {
                self.p.local_types.insert(NodeKey::new(file, now.id), ty);
            }
        }
        Some(())
    }
}

fn block_span(def: &ast::FunctionDef) -> Option<Span> {
    match &def.body {
        ast::FunctionBody::Block(block) => Some(block.span),
        _ => None,
    }
}
