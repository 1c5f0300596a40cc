//! Listeners and services: module initialization of listener declarations and service
//! declarations (spec "Listener declaration", "Service declaration"), the listener lifecycle
//! functions the runtime calls (`Program::listener_hooks`), and the per-class table of
//! resource and remote methods (`Program::services`) that listener modules dispatch with.

use crate::emit::FnLower;
use crate::{ir, sema, Lowerer};
use intc_syntax::ast;
use intc_syntax::resource::{self, Segment};
use ir::{Instruction, LangNative, Reg};
use sema::ParamKindInfo;

impl<'a> Lowerer<'a> {
    /// `Program::listener_hooks`, when the program declares or may register a listener.
    pub(crate) fn lower_listener_hooks(&mut self) {
        let file = intc_span::FileId(0);
        let hook = |lw: &mut Lowerer<'a>, method: &str| {
            let mut function = ir::Function::new(format!("$listener.{method}"), 1);
            function.name = format!("$listener.{method}");
            let mut body = FnLower::new(lw, file, 1);
            let window = body.regs(1);
            body.emit(Instruction::Move {
                dst: Reg(window.start),
                src: Reg(0),
            });
            let dst = body.reg();
            let name = body.lw.builder.string_constant(method);
            body.emit(Instruction::CallMethod {
                dst,
                method: name,
                args: window,
                packed_rest: false,
            });
            body.emit(Instruction::Return { value: dst });
            let function = body.finish(function);
            lw.builder.add_function(function)
        };
        let start = hook(self, "start");
        let graceful_stop = hook(self, "gracefulStop");
        let immediate_stop = hook(self, "immediateStop");
        self.builder.program.listener_hooks = Some(ir::ListenerHooks {
            start,
            graceful_stop,
            immediate_stop,
        });
    }

    /// Whether the program may have listeners: it declares one or a service, or calls
    /// `runtime:registerListener`.
    pub(crate) fn uses_listeners(&self) -> bool {
        let declares = self.modules.iter().any(|m| {
            m.files.iter().any(|f| {
                f.items.iter().any(|item| match item {
                    ast::Item::Service(_) => true,
                    ast::Item::Var(var) => var.is_listener,
                    _ => false,
                })
            })
        });
        declares
            || self
                .builder
                .program
                .natives
                .contains(&ir::NativeRef::Lang(LangNative::RuntimeRegisterListener))
    }

    /// `Program::services`: every class with resource or remote methods.
    pub(crate) fn lower_service_classes(&mut self) {
        let checked = self.checked;
        for (index, class) in checked.classes.iter().enumerate() {
            let remote_names: Vec<&str> = match checked.types.get(class.ty) {
                sema::Type::Object(o) => o
                    .methods
                    .iter()
                    .filter(|m| m.is_remote)
                    .map(|m| m.name.as_str())
                    .collect(),
                _ => Vec::new(),
            };
            let mut resources = Vec::new();
            let mut remotes = Vec::new();
            for (name, function) in &class.methods {
                let Some(&func) = self.functions.get(function) else {
                    continue;
                };
                let Some(info) = checked.functions.get(function.index()) else {
                    continue;
                };
                let return_type = self.ir_type(info.ret);
                if let Some((accessor, segments)) = resource::decode_method(name) {
                    let mut params = info.params.iter();
                    let mut path = Vec::with_capacity(segments.len());
                    for segment in segments {
                        path.push(match segment {
                            Segment::Literal(literal) => ir::PathSegment::Literal(literal),
                            Segment::Param(_) | Segment::Rest(_) => {
                                let Some(param) = params.next() else {
                                    break;
                                };
                                let (name, ty) = (param.name.clone(), self.ir_type(param.ty));
                                if matches!(segment, Segment::Rest(_)) {
                                    ir::PathSegment::Rest { name, ty }
                                } else {
                                    ir::PathSegment::Param { name, ty }
                                }
                            }
                        });
                    }
                    let first = info.params.len() - params.len();
                    let params = params
                        .enumerate()
                        .map(|(i, p)| self.method_param(p, func, first + i))
                        .collect();
                    resources.push(ir::ResourceMethod {
                        accessor,
                        path,
                        params,
                        return_type,
                        func,
                    });
                } else if remote_names.contains(&name.as_str()) {
                    let params = info
                        .params
                        .iter()
                        .enumerate()
                        .map(|(i, p)| self.method_param(p, func, i))
                        .collect();
                    remotes.push(ir::RemoteMethod {
                        name: name.clone(),
                        params,
                        return_type,
                        func,
                    });
                }
            }
            if !resources.is_empty() || !remotes.is_empty() {
                self.builder.program.services.push(ir::ServiceClass {
                    class: ir::ClassId(index as u32),
                    resources,
                    remotes,
                    sharing: ir::Sharing::Unknown,
                });
            }
        }
    }

    /// A parameter (the `index`-th declared one of `func`) as listener natives see it; its
    /// annotations are the set lowering recorded for it, if any.
    fn method_param(
        &mut self,
        param: &sema::ParamInfo,
        func: ir::FuncId,
        index: usize,
    ) -> ir::MethodParam {
        let target = ir::AnnotationTarget::Param(func, index as u32);
        let annotations = self
            .builder
            .program
            .annotations
            .iter()
            .position(|set| set.target == target);
        let rest = param.kind == ParamKindInfo::Rest;
        let mut ty = self.ir_type(param.ty);
        if rest {
            ty = self.ir_array_of(ty);
        }
        ir::MethodParam {
            name: param.name.clone(),
            ty,
            defaultable: param.kind == ParamKindInfo::Defaultable,
            rest,
            annotations,
        }
    }
}

impl<'l, 'a> FnLower<'l, 'a> {
    /// The list a rest path parameter receives from several segments of a client resource
    /// access: the literal names and the computed segments' values, in path order.
    pub(crate) fn path_list(
        &mut self,
        ty: sema::TypeId,
        items: &[sema::resource_access::PathItem],
        args: &'a [ast::Arg],
        dst: Reg,
    ) {
        use sema::resource_access::PathItem;
        let arg = |index: usize| match args.get(index) {
            Some(ast::Arg::Positional(e) | ast::Arg::Named(_, e) | ast::Arg::Rest(e)) => Some(e),
            None => None,
        };
        // The items before a spread go into one `NewList`; a spread's members (and anything
        // after it) are appended.
        let prefix = items
            .iter()
            .position(|i| matches!(i, PathItem::Spread(_)))
            .unwrap_or(items.len());
        let window = self.regs(prefix);
        for (offset, item) in items.iter().take(prefix).enumerate() {
            let slot = Reg(window.start.wrapping_add(offset as u16));
            match item {
                PathItem::Literal(name) => self.load_string(slot, name),
                PathItem::Arg(index) => match arg(*index) {
                    Some(e) => self.value_into(e, slot),
                    None => self.unsupported("a path segment argument out of range"),
                },
                PathItem::Spread(_) => {}
            }
        }
        let ty = self.lw.ir_type(ty);
        self.emit(Instruction::NewList {
            dst,
            ty,
            members: window,
        });
        for item in items.iter().skip(prefix) {
            match item {
                PathItem::Literal(name) => {
                    let value = self.reg();
                    self.load_string(value, name);
                    self.append(dst, value);
                }
                PathItem::Arg(index) => match arg(*index) {
                    Some(e) => {
                        let value = self.value(e);
                        self.append(dst, value);
                    }
                    None => self.unsupported("a path segment argument out of range"),
                },
                PathItem::Spread(index) => match arg(*index) {
                    Some(e) => {
                        let iterable = self.value(e);
                        let iter = self.reg();
                        self.emit(Instruction::IterNew {
                            dst: iter,
                            iterable,
                        });
                        let member = self.reg();
                        let head = self.emit(Instruction::IterNext {
                            dst: member,
                            iter,
                            target: 0,
                        });
                        self.append(dst, member);
                        self.emit(Instruction::Jump { target: head });
                        self.patch_here(&[head]);
                    }
                    None => self.unsupported("a path segment argument out of range"),
                },
            }
        }
    }

    /// After a listener declaration's initializer: an error fails module initialization,
    /// a listener object is registered with the module.
    pub(crate) fn listener_initialized(&mut self, init: &'a ast::Expr, value: Reg) {
        if self.lw.checked.types.contains_error(self.expr_type(init)) {
            self.fail_if_error(value, false);
        }
        self.register_listener(value);
    }

    fn register_listener(&mut self, value: Reg) {
        let native = self
            .lw
            .builder
            .lang_native(LangNative::RuntimeRegisterListener);
        let window = self.regs(1);
        self.emit(Instruction::Move {
            dst: Reg(window.start),
            src: value,
        });
        let dst = self.reg();
        self.emit(Instruction::CallNative {
            dst,
            native,
            args: window,
        });
    }

    /// A service declaration: builds the service object, then for each listener expression
    /// evaluates it (an error fails module initialization), registers it and attaches the
    /// service (an error from `attach` fails module initialization too).
    pub(crate) fn lower_service(&mut self, service: &'a ast::ServiceDecl) {
        let mark = self.mark();
        let object = self.reg();
        self.value_into(&service.body, object);
        let point = self.reg();
        match &service.attach {
            ast::ServiceAttach::None => {
                self.emit(Instruction::LoadNil { dst: point });
            }
            ast::ServiceAttach::String(text, _) => self.load_string(point, text),
            ast::ServiceAttach::Path(segments, _) => {
                let names = segments
                    .iter()
                    .map(|s| sema::ConstValue::String(s.name.clone()))
                    .collect();
                let list = sema::ConstValue::List(names);
                self.load_const_value(point, &list, sema::TypeArena::ANYDATA);
            }
        }
        let attach = self.lw.builder.string_constant("attach");
        for listener in &service.listeners {
            let value = self.reg();
            self.value_into(listener, value);
            self.listener_initialized(listener, value);
            let window = self.regs(3);
            for (offset, src) in [value, object, point].into_iter().enumerate() {
                self.emit(Instruction::Move {
                    dst: Reg(window.start + offset as u16),
                    src,
                });
            }
            let result = self.reg();
            self.emit(Instruction::CallMethod {
                dst: result,
                method: attach,
                args: window,
                packed_rest: false,
            });
            self.fail_if_error(result, false);
        }
        self.release(mark);
    }
}
