//! A small AST builder so checks can be tested without the parser.

use crate::{ModuleName, SourceModule};
use intc_span::{FileId, Span};
use intc_syntax::ast::*;

pub struct Builder {
    pub file: FileId,
    next: u32,
    /// Each construct gets its own line so diagnostics can be told apart by line.
    pub line: u32,
}

impl Builder {
    pub fn new(file: FileId) -> Builder {
        Builder {
            file,
            next: 0,
            line: 0,
        }
    }

    /// A span on a fresh "line" (byte offsets 100 apart).
    pub fn span(&mut self) -> Span {
        self.line += 1;
        Span::new(self.file, self.line * 100, self.line * 100 + 10)
    }

    pub fn id(&mut self) -> NodeId {
        self.next += 1;
        NodeId(self.next - 1)
    }

    pub fn ident(&mut self, name: &str) -> Ident {
        Ident {
            name: name.to_string(),
            span: self.span(),
        }
    }

    pub fn expr(&mut self, kind: ExprKind) -> Expr {
        Expr {
            id: self.id(),
            kind,
            span: self.span(),
        }
    }

    pub fn int(&mut self, v: i64) -> Expr {
        self.expr(ExprKind::Literal(Literal::Int(v)))
    }

    pub fn float(&mut self, text: &str) -> Expr {
        self.expr(ExprKind::Literal(Literal::Float {
            text: text.to_string(),
            suffix: FloatSuffix::None,
        }))
    }

    pub fn string(&mut self, s: &str) -> Expr {
        self.expr(ExprKind::Literal(Literal::String(s.to_string())))
    }

    pub fn var(&mut self, name: &str) -> Expr {
        let name = self.ident(name);
        self.expr(ExprKind::Var { module: None, name })
    }

    pub fn qualified(&mut self, module: &str, name: &str) -> Expr {
        let module = Some(self.ident(module));
        let name = self.ident(name);
        self.expr(ExprKind::Var { module, name })
    }

    pub fn binary(&mut self, op: BinaryOp, lhs: Expr, rhs: Expr) -> Expr {
        self.expr(ExprKind::Binary {
            op,
            lhs: Box::new(lhs),
            rhs: Box::new(rhs),
        })
    }

    pub fn call(&mut self, callee: Expr, args: Vec<Expr>) -> Expr {
        let args = args.into_iter().map(Arg::Positional).collect();
        self.expr(ExprKind::Call {
            callee: Box::new(callee),
            args,
        })
    }

    pub fn method(&mut self, receiver: Expr, name: &str, args: Vec<Expr>) -> Expr {
        let method = self.ident(name);
        let args = args.into_iter().map(Arg::Positional).collect();
        self.expr(ExprKind::MethodCall {
            receiver: Box::new(receiver),
            method,
            args,
            remote: false,
        })
    }

    pub fn ty(&mut self, kind: TypeDescKind) -> TypeDesc {
        TypeDesc {
            kind,
            span: self.span(),
        }
    }

    pub fn builtin(&mut self, b: BuiltinType) -> TypeDesc {
        self.ty(TypeDescKind::Builtin(b))
    }

    pub fn capture(&mut self, name: &str) -> BindingPattern {
        let name = self.ident(name);
        BindingPattern {
            id: self.id(),
            kind: BindingPatternKind::Capture(name),
            span: self.span(),
        }
    }

    pub fn stmt(&mut self, kind: StmtKind) -> Stmt {
        Stmt {
            kind,
            span: self.span(),
        }
    }

    pub fn decl(&mut self, ty: Option<TypeDesc>, name: &str, init: Option<Expr>) -> Stmt {
        let binding = self.capture(name);
        self.stmt(StmtKind::VarDecl {
            annots: Vec::new(),
            is_final: false,
            ty,
            binding,
            init,
        })
    }

    pub fn block(&mut self, stmts: Vec<Stmt>) -> Block {
        Block {
            stmts,
            span: self.span(),
        }
    }

    pub fn param(&mut self, name: &str, ty: TypeDesc) -> Param {
        let name = self.ident(name);
        Param {
            annots: Vec::new(),
            id: self.id(),
            name,
            ty,
            kind: ParamKind::Required,
            default: None,
            span: self.span(),
        }
    }

    pub fn function(
        &mut self,
        public: bool,
        name: &str,
        params: Vec<Param>,
        ret: Option<TypeDesc>,
        body: FunctionBody,
    ) -> Item {
        let name = self.ident(name);
        Item::Function(FunctionDef {
            annots: Vec::new(),
            doc: Vec::new(),
            visibility: if public {
                Visibility::Public
            } else {
                Visibility::Module
            },
            qualifiers: Qualifiers::default(),
            name,
            signature: FunctionSignature {
                return_annots: Vec::new(),
                params,
                return_type: ret,
                span: self.span(),
            },
            body,
            span: self.span(),
        })
    }

    pub fn import(&mut self, org: &str, module: &str) -> Import {
        Import {
            org: Some(self.ident(org)),
            path: vec![self.ident(module)],
            prefix: None,
            span: self.span(),
        }
    }

    pub fn module(&mut self, imports: Vec<Import>, items: Vec<Item>) -> Module {
        Module {
            file: self.file,
            imports,
            items,
            node_count: self.next,
            span: Span::new(self.file, 0, 1),
        }
    }
}

/// `std/io` with `println`.
pub fn io_module(file: FileId) -> SourceModule {
    let mut b = Builder::new(file);
    let any = b.builtin(BuiltinType::Any);
    let error = b.builtin(BuiltinType::Error);
    let ty = b.ty(TypeDescKind::Union(vec![any, error]));
    let name = b.ident("values");
    let values = Param {
        annots: Vec::new(),
        id: b.id(),
        name,
        ty,
        kind: ParamKind::Rest,
        default: None,
        span: b.span(),
    };
    let span = b.span();
    let println = b.function(
        true,
        "println",
        vec![values],
        None,
        FunctionBody::External(span, Vec::new()),
    );
    let module = b.module(Vec::new(), vec![println]);
    SourceModule {
        name: ModuleName {
            org: "std".into(),
            name: "io".into(),
        },
        files: vec![module.into()],
        is_root: false,
        is_library: false,
    }
}

pub fn root_module(module: Module) -> SourceModule {
    SourceModule {
        name: ModuleName {
            org: "test".into(),
            name: "main".into(),
        },
        files: vec![module.into()],
        is_root: true,
        is_library: false,
    }
}
