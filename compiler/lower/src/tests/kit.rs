//! A kit building small programs as AST plus the checker's tables, so the lowering tests do
//! not depend on the parser and checker.

use crate::lower;
use intc_ir::{Instruction, Program};
use intc_sema as sema;
use intc_span::{FileId, SourceMap, Span};
use intc_syntax::ast::{self, BinaryOp, Expr, ExprKind, Literal, NodeId, Stmt, StmtKind};
use sema::{
    ArgMatching, ArgSource, CallInfo, CallTarget, CheckedProgram, FunctionInfo, FunctionKind,
    ItemRef, LiteralKind, ModuleId, ModuleInfo, NodeKey, ParamDefault, ParamInfo, ParamKindInfo,
    Resolution, RestSource, TypeArena,
};

pub(crate) const FILE: FileId = FileId(0);

/// Builds AST nodes with fresh ids and the matching checker tables.
pub(crate) struct Kit {
    pub(crate) next: u32,
    pub(crate) checked: CheckedProgram,
    pub(crate) items: Vec<ast::Item>,
}

pub(crate) fn span() -> Span {
    Span::new(FILE, 0, 0)
}

pub(crate) fn ident(name: &str) -> ast::Ident {
    ast::Ident {
        name: name.to_string(),
        span: span(),
    }
}

impl Kit {
    pub(crate) fn new() -> Kit {
        let mut checked = CheckedProgram::default();
        checked.modules.push(ModuleInfo {
            org: "test".into(),
            name: "main".into(),
            is_root: true,
            display_prefix: None,
            files: vec![FILE],
            globals: Vec::new(),
            init: None,
            main: None,
        });
        checked.module_order.push(ModuleId(0));
        let mut kit = Kit {
            next: 0,
            checked,
            items: Vec::new(),
        };
        // Function 0: io:println as a native.
        let fn_type = kit
            .checked
            .types
            .add(sema::Type::Function(sema::FunctionType {
                params: Vec::new(),
                required: 0,
                rest: Some(TypeArena::ANY_OR_ERROR),
                ret: TypeArena::NIL,
                is_isolated: true,
                is_transactional: false,
            }));
        kit.checked.functions.push(FunctionInfo {
            name: "println".into(),
            module: ModuleId(0),
            kind: FunctionKind::Module,
            is_public: true,
            params: vec![ParamInfo {
                name: "values".into(),
                decl: None,
                ty: TypeArena::ANY_OR_ERROR,
                kind: ParamKindInfo::Rest,
                default: ParamDefault::None,
            }],
            ret: TypeArena::NIL,
            ty: fn_type,
            is_external: true,
            native_name: Some("std.io:println".into()),
            source: None,
            member: None,
        });
        kit
    }

    pub(crate) fn id(&mut self) -> NodeId {
        let id = NodeId(self.next);
        self.next += 1;
        id
    }

    pub(crate) fn key(id: NodeId) -> NodeKey {
        NodeKey::new(FILE, id)
    }

    pub(crate) fn expr(&mut self, kind: ExprKind, ty: sema::TypeId) -> Expr {
        let id = self.id();
        self.checked.expr_types.insert(Kit::key(id), ty);
        Expr {
            id,
            kind,
            span: span(),
        }
    }

    pub(crate) fn int(&mut self, value: i64) -> Expr {
        let e = self.expr(ExprKind::Literal(Literal::Int(value)), TypeArena::INT);
        self.checked
            .literal_kinds
            .insert(Kit::key(e.id), LiteralKind::Int);
        e
    }

    pub(crate) fn string(&mut self, value: &str) -> Expr {
        self.expr(
            ExprKind::Literal(Literal::String(value.into())),
            TypeArena::STRING,
        )
    }

    /// A reference to a local declared by `decl`.
    pub(crate) fn local(&mut self, name: &str, decl: NodeId, ty: sema::TypeId) -> Expr {
        let e = self.expr(
            ExprKind::Var {
                module: None,
                name: ident(name),
            },
            ty,
        );
        self.checked
            .resolutions
            .insert(Kit::key(e.id), Resolution::Local(Kit::key(decl)));
        e
    }

    pub(crate) fn binary(&mut self, op: BinaryOp, lhs: Expr, rhs: Expr, ty: sema::TypeId) -> Expr {
        self.expr(
            ExprKind::Binary {
                op,
                lhs: Box::new(lhs),
                rhs: Box::new(rhs),
            },
            ty,
        )
    }

    /// `T name = init;` returning the statement and the declaration's id.
    pub(crate) fn var_decl(&mut self, name: &str, ty: sema::TypeId, init: Expr) -> (Stmt, NodeId) {
        let id = self.id();
        self.checked.local_types.insert(Kit::key(id), ty);
        let stmt = Stmt {
            kind: StmtKind::VarDecl {
                annots: Vec::new(),
                is_final: false,
                ty: None,
                binding: ast::BindingPattern {
                    id,
                    kind: ast::BindingPatternKind::Capture(ident(name)),
                    span: span(),
                },
                init: Some(init),
            },
            span: span(),
        };
        (stmt, id)
    }

    /// `io:println(args...)` as a statement.
    pub(crate) fn println(&mut self, args: Vec<Expr>) -> Stmt {
        let callee = self.expr(
            ExprKind::Var {
                module: Some(ident("io")),
                name: ident("println"),
            },
            TypeArena::ANY_FUNCTION,
        );
        self.checked.resolutions.insert(
            Kit::key(callee.id),
            Resolution::Function(sema::FunctionId(0)),
        );
        let rest = (0..args.len()).map(RestSource::Arg).collect();
        let call = self.expr(
            ExprKind::Call {
                callee: Box::new(callee),
                args: args.into_iter().map(ast::Arg::Positional).collect(),
            },
            TypeArena::NIL,
        );
        self.checked.calls.insert(
            Kit::key(call.id),
            CallInfo {
                target: CallTarget::Function(sema::FunctionId(0)),
                args: ArgMatching {
                    params: Vec::new(),
                    rest,
                    spread_positional: None,
                },
                ty: TypeArena::NIL,
            },
        );
        stmt(StmtKind::Expr(call))
    }

    /// Adds `function name(params) returns ret { body }` and returns its checked id.
    pub(crate) fn function(
        &mut self,
        name: &str,
        params: Vec<(ast::Param, sema::TypeId)>,
        ret: sema::TypeId,
        body: Vec<Stmt>,
    ) -> sema::FunctionId {
        let fn_type = self
            .checked
            .types
            .add(sema::Type::Function(sema::FunctionType {
                params: params.iter().map(|(_, t)| *t).collect(),
                required: params.len(),
                rest: None,
                ret,
                is_isolated: false,
                is_transactional: false,
            }));
        let id = sema::FunctionId(self.checked.functions.len() as u32);
        self.checked.functions.push(FunctionInfo {
            name: name.into(),
            module: ModuleId(0),
            kind: FunctionKind::Module,
            is_public: false,
            params: params
                .iter()
                .map(|(p, t)| ParamInfo {
                    name: p.name.name.clone(),
                    decl: Some(Kit::key(p.id)),
                    ty: *t,
                    kind: ParamKindInfo::Required,
                    default: ParamDefault::None,
                })
                .collect(),
            ret,
            ty: fn_type,
            is_external: false,
            native_name: None,
            source: Some(ItemRef {
                module: ModuleId(0),
                file_index: 0,
                file: FILE,
                item: self.items.len(),
            }),
            member: None,
        });
        self.items.push(ast::Item::Function(ast::FunctionDef {
            annots: Vec::new(),
            doc: Vec::new(),
            visibility: ast::Visibility::Module,
            qualifiers: ast::Qualifiers::default(),
            name: ident(name),
            signature: ast::FunctionSignature {
                return_annots: Vec::new(),
                params: params.into_iter().map(|(p, _)| p).collect(),
                return_type: None,
                span: span(),
            },
            body: ast::FunctionBody::Block(ast::Block {
                stmts: body,
                span: span(),
            }),
            span: span(),
        }));
        if name == "main" {
            self.checked.main = Some(id);
            self.checked.modules[0].main = Some(id);
        }
        id
    }

    pub(crate) fn param(&mut self, name: &str, ty: sema::TypeId) -> (ast::Param, sema::TypeId) {
        let id = self.id();
        self.checked.local_types.insert(Kit::key(id), ty);
        let param = ast::Param {
            annots: Vec::new(),
            id,
            name: ident(name),
            ty: ast::TypeDesc {
                kind: ast::TypeDescKind::Builtin(ast::BuiltinType::Int),
                span: span(),
            },
            kind: ast::ParamKind::Required,
            default: None,
            span: span(),
        };
        (param, ty)
    }

    /// A direct call of a user function with positional arguments.
    pub(crate) fn call_fn(
        &mut self,
        function: sema::FunctionId,
        args: Vec<Expr>,
        ret: sema::TypeId,
    ) -> Expr {
        let callee = self.expr(
            ExprKind::Var {
                module: None,
                name: ident("f"),
            },
            TypeArena::ANY_FUNCTION,
        );
        self.checked
            .resolutions
            .insert(Kit::key(callee.id), Resolution::Function(function));
        let params = (0..args.len()).map(ArgSource::Arg).collect();
        let call = self.expr(
            ExprKind::Call {
                callee: Box::new(callee),
                args: args.into_iter().map(ast::Arg::Positional).collect(),
            },
            ret,
        );
        self.checked.calls.insert(
            Kit::key(call.id),
            CallInfo {
                target: CallTarget::Function(function),
                args: ArgMatching {
                    params,
                    rest: Vec::new(),
                    spread_positional: None,
                },
                ty: ret,
            },
        );
        call
    }

    /// A call of a function value held in a local.
    pub(crate) fn call_value(&mut self, callee: Expr, ret: sema::TypeId) -> Expr {
        let call = self.expr(
            ExprKind::Call {
                callee: Box::new(callee),
                args: Vec::new(),
            },
            ret,
        );
        self.checked.calls.insert(
            Kit::key(call.id),
            CallInfo {
                target: CallTarget::FunctionValue,
                args: ArgMatching::default(),
                ty: ret,
            },
        );
        call
    }

    /// A `function () returns ret` type.
    pub(crate) fn thunk_type(&mut self, ret: sema::TypeId) -> sema::TypeId {
        self.checked
            .types
            .add(sema::Type::Function(sema::FunctionType {
                params: Vec::new(),
                required: 0,
                rest: None,
                ret,
                is_isolated: false,
                is_transactional: false,
            }))
    }

    pub(crate) fn lower(self) -> Program {
        match self.try_lower() {
            Ok(program) => program,
            Err(problems) => panic!("internal compiler errors: {problems:#?}"),
        }
    }

    /// Lowers the program, returning the internal compiler errors lowering reports.
    pub(crate) fn try_lower(self) -> Result<Program, Vec<String>> {
        let mut sources = SourceMap::new();
        sources.add("test.int", "function main() {}\n");
        let module = sema::SourceModule {
            name: sema::ModuleName {
                org: "test".into(),
                name: "main".into(),
            },
            files: vec![ast::Module {
                file: FILE,
                imports: Vec::new(),
                items: self.items,
                node_count: self.next,
                span: span(),
            }
            .into()],
            is_root: true,
            is_library: false,
        };
        let program = lower(&self.checked, &[module], &sources)?;
        if let Err(problems) = intc_ir::verify(&program) {
            panic!("IR does not verify: {problems:#?}\n{program}");
        }
        Ok(program)
    }
}

pub(crate) fn stmt(kind: StmtKind) -> Stmt {
    Stmt { kind, span: span() }
}

pub(crate) fn block(stmts: Vec<Stmt>) -> ast::Block {
    ast::Block {
        stmts,
        span: span(),
    }
}

pub(crate) fn code_of<'p>(program: &'p Program, name: &str) -> &'p [Instruction] {
    program
        .functions
        .iter()
        .find(|f| f.name == name)
        .map(|f| f.code.as_slice())
        .unwrap_or(&[])
}
