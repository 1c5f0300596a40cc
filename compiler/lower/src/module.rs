//! Program-level lowering: files, function slots, classes, globals, module init functions
//! (module variables, configurables, the module's `init`) and the `main` entry.

use crate::emit::FnLower;
use crate::{ir, sema, Lowerer};
use intc_syntax::ast;
use ir::Instruction;
use sema::{FunctionKind, ParamKindInfo};

impl<'a> Lowerer<'a> {
    pub(crate) fn lower_program(&mut self) {
        for (_, file) in self.sources.files() {
            let name = file
                .name
                .rsplit('/')
                .next()
                .unwrap_or(&file.name)
                .to_string();
            self.builder.add_file(name);
        }
        if self.builder.program.files.is_empty() {
            self.builder.add_file("<none>");
        }
        self.reserve_functions();
        self.declare_classes();
        self.declare_globals();
        self.declare_annotation_globals();
        self.lower_function_bodies();
        let order = self.checked.module_order.clone();
        for module in order {
            self.lower_module_init(module);
        }
        self.lower_main_entry();
        if self.uses_listeners() {
            self.lower_listener_hooks();
        }
        self.lower_service_classes();
        self.lower_record_defaults();
        self.lower_type_id_names();
    }

    /// `Program::type_id_names`, in identity order.
    fn lower_type_id_names(&mut self) {
        let mut names: Vec<ir::TypeIdName> = self
            .checked
            .distinct_names
            .iter()
            .filter_map(|(&id, (module, local))| {
                let info = self.checked.modules.get(module.index())?;
                Some(ir::TypeIdName {
                    id,
                    org: info.org.clone(),
                    module: info.name.clone(),
                    local: local.clone(),
                })
            })
            .collect();
        names.sort_by_key(|name| name.id);
        self.builder.program.type_id_names = names;
    }

    /// Number of IR parameters of a checked function (`self` first for methods, the rest
    /// parameter as one list).
    pub(crate) fn ir_param_count(info: &sema::FunctionInfo) -> usize {
        let own = info.params.len();
        match info.kind {
            FunctionKind::Module => own,
            FunctionKind::Method(_) => own + 1,
        }
    }

    fn reserve_functions(&mut self) {
        let checked = self.checked;
        for (index, info) in checked.functions.iter().enumerate() {
            // An external module function is called as a native directly; an external method
            // gets an IR function forwarding to its native (`lower_function_def`), so that
            // method dispatch needs nothing new.
            if info.is_external && info.kind == FunctionKind::Module {
                continue;
            }
            let params = Self::ir_param_count(info).min(u16::MAX as usize) as u16;
            // A resource method shows in stack traces as jBallerina names it.
            let name = intc_syntax::resource::trace_name(&info.name);
            let mut function = ir::Function::new(name.unwrap_or(info.name.clone()), params);
            function.code.push(Instruction::ReturnNil);
            function.lines.push(0);
            function.module = self.module_prefix(info.module);
            if let FunctionKind::Method(class) = info.kind {
                function.class = Some(ir::ClassId(class.0));
            }
            function.signature = Some(self.ir_type(info.ty));
            function.rest_list = self.rest_list_type(info.ty);
            let id = self.builder.add_function(function);
            self.functions.insert(sema::FunctionId(index as u32), id);
        }
    }

    fn declare_classes(&mut self) {
        let checked = self.checked;
        for class in &checked.classes {
            let mut fields: Vec<ir::ClassField> = class
                .fields
                .iter()
                .map(|field| ir::ClassField {
                    name: field.name.clone(),
                    ty: self.ir_type(field.ty),
                    is_final: field.is_final,
                })
                .collect();
            // An object constructor's methods reach the enclosing locals they capture through
            // hidden fields holding the shared cells.
            let captures = self.object_captures(class);
            if !captures.is_empty() {
                let any = self.ir_any_or_error();
                for index in 0..captures.len() {
                    fields.push(ir::ClassField {
                        name: format!("$capture{index}"),
                        ty: any,
                        is_final: true,
                    });
                }
            }
            let mut methods: Vec<(String, ir::FuncId)> = class
                .methods
                .iter()
                .filter_map(|(name, f)| self.functions.get(f).map(|&id| (name.clone(), id)))
                .collect();
            if let Some(init) = class.init.and_then(|f| self.functions.get(&f).copied()) {
                methods.push(("init".to_string(), init));
            }
            let ty = self.ir_type(class.ty);
            self.builder.program.classes.push(ir::Class {
                name: class.name.clone(),
                module: self.module_prefix(class.module),
                fields,
                methods,
                ty,
                readonly: class.is_readonly,
            });
        }
    }

    /// The enclosing locals an object constructor's class captures (empty for classes).
    pub(crate) fn object_captures(&self, class: &sema::ClassInfo) -> &'a [sema::NodeKey] {
        let checked = self.checked;
        match class.source {
            sema::ClassSource::ObjectConstructor(key) => {
                checked.captures.get(&key).map(Vec::as_slice).unwrap_or(&[])
            }
            sema::ClassSource::Item(_) => &[],
        }
    }

    fn declare_globals(&mut self) {
        let checked = self.checked;
        for (index, global) in checked.globals.iter().enumerate() {
            let ty = self.ir_type(global.ty);
            self.builder.program.globals.push(ir::Global {
                name: global.name.clone(),
                module: self.module_prefix(global.module),
                ty,
                configurable: global.configurable.as_ref().map(|c| ir::Configurable {
                    required: c.required,
                }),
                is_final: global.is_final || global.configurable.is_some(),
            });
            self.global_decls
                .insert(global.decl, ir::GlobalId(index as u32));
        }
    }

    /// The AST item an `ItemRef` points at.
    pub(crate) fn item(&self, item: sema::ItemRef) -> Option<&'a ast::Item> {
        let modules = self.modules;
        modules
            .get(item.module.index())
            .and_then(|module| module.files.get(item.file_index))
            .and_then(|file| file.items.get(item.item))
    }

    fn lower_function_bodies(&mut self) {
        let checked = self.checked;
        for (index, info) in checked.functions.iter().enumerate() {
            let id = sema::FunctionId(index as u32);
            let Some(&ir_id) = self.functions.get(&id) else {
                continue;
            };
            let Some(source) = info.source else {
                continue;
            };
            let def = match (self.item(source), info.member) {
                (Some(ast::Item::Function(def)), None) => Some(def),
                (Some(ast::Item::Class(class)), Some(member)) => match class.members.get(member) {
                    Some(ast::ClassMember::Method(def)) => Some(def),
                    _ => None,
                },
                _ => None,
            };
            match def {
                Some(def) => self.lower_function_def(id, ir_id, def, source.file),
                None => self.lower_missing_body(ir_id, info, source.file),
            }
        }
    }

    /// A checked function whose AST could not be found (a model inconsistency): it panics
    /// with an explanation when called.
    pub(crate) fn lower_missing_body(
        &mut self,
        ir_id: ir::FuncId,
        info: &sema::FunctionInfo,
        file: intc_span::FileId,
    ) {
        let Some(template) = self.builder.program.functions.get(ir_id.index()).cloned() else {
            return;
        };
        let reserved = template.num_params as u32;
        let mut body = FnLower::new(self, file, reserved);
        body.unsupported(&format!("function `{}` without a body", info.name));
        let function = body.finish(template);
        self.builder.define_function(ir_id, function);
    }

    fn lower_module_init(&mut self, module: sema::ModuleId) {
        let checked = self.checked;
        let Some(info) = checked.modules.get(module.index()) else {
            return;
        };
        let file = info.files.first().copied().unwrap_or(intc_span::FileId(0));
        let mut function = ir::Function::new("init", 0);
        function.module = info.display_prefix.clone();
        function.name = "$init".to_string();
        let mut body = FnLower::new(self, file, 0);
        // Annotation values may use module variables (spec: a module's variables are
        // initialised in declaration order), so a set whose values name one is evaluated
        // after the variables declared before it; the others come first, so that variable
        // initialisers can read them.
        let mut sets_done = vec![false; checked.annotation_sets.len()];
        body.lower_annotation_sets(module, &mut sets_done, |b, i| {
            !b.annotation_set_reads_globals(i)
        });
        // Module variables and service declarations, in declaration order.
        let mut steps: Vec<(usize, usize, Option<sema::GlobalId>)> = Vec::new();
        let mut done_sources = Vec::new();
        for &global in &info.globals {
            let Some(global_info) = checked.globals.get(global.index()) else {
                continue;
            };
            if done_sources.contains(&global_info.source) {
                continue;
            }
            done_sources.push(global_info.source);
            let source = global_info.source;
            steps.push((source.file_index, source.item, Some(global)));
        }
        let modules = body.lw.modules;
        if let Some(source_module) = modules.get(module.index()) {
            for (file_index, file) in source_module.files.iter().enumerate() {
                for (item, declared) in file.items.iter().enumerate() {
                    if matches!(declared, ast::Item::Service(_)) {
                        steps.push((file_index, item, None));
                    }
                }
            }
        }
        steps.sort_by_key(|&(file_index, item, _)| (file_index, item));
        for (file_index, item, global) in steps {
            let Some(global) = global else {
                let source = sema::ItemRef {
                    module,
                    file_index,
                    file: modules[module.index()].files[file_index].file,
                    item,
                };
                let Some(ast::Item::Service(service)) = body.lw.item(source) else {
                    continue;
                };
                let at = (service.span.file, service.span.start);
                body.lower_annotation_sets(module, &mut sets_done, |b, i| {
                    b.annotation_set_position(i)
                        .is_some_and(|(file, start)| file == at.0 && start < at.1)
                });
                body.file = source.file;
                body.body_file = source.file;
                body.set_line(service.span);
                body.lower_service(service);
                continue;
            };
            let Some(global_info) = checked.globals.get(global.index()) else {
                continue;
            };
            let Some(ast::Item::Var(var)) = body.lw.item(global_info.source) else {
                continue;
            };
            let at = (var.span.file, var.span.start);
            body.lower_annotation_sets(module, &mut sets_done, |b, i| {
                b.annotation_set_position(i)
                    .is_some_and(|(file, start)| file == at.0 && start < at.1)
            });
            body.file = global_info.source.file;
            body.body_file = global_info.source.file;
            body.set_line(var.span);
            body.lower_module_var(var, ir::GlobalId(global.0), global_info);
        }
        body.lower_annotation_sets(module, &mut sets_done, |_, _| true);
        if let Some(init) = info.init {
            if let Some(&init_id) = body.lw.functions.get(&init) {
                let mark = body.mark();
                let result = body.reg();
                body.emit(Instruction::Call {
                    dst: result,
                    func: init_id,
                    args: ir::RegRange::EMPTY,
                });
                let ret = checked.functions.get(init.index()).map(|f| f.ret);
                if ret.is_some_and(|ret| checked.types.contains_error(ret)) {
                    body.emit(Instruction::Return { value: result });
                }
                body.release(mark);
            }
        }
        body.emit(Instruction::ReturnNil);
        let function = body.finish(function);
        let id = self.builder.add_function(function);
        self.builder.program.module_inits.push(id);
    }

    fn lower_main_entry(&mut self) {
        let checked = self.checked;
        let Some(main) = checked.main else {
            return;
        };
        let Some(&func) = self.functions.get(&main) else {
            return;
        };
        let Some(info) = checked.functions.get(main.index()) else {
            return;
        };
        let mut params = Vec::new();
        let mut rest = None;
        for param in &info.params {
            let ty = self.ir_type(param.ty);
            match param.kind {
                ParamKindInfo::Rest => rest = Some(ty),
                _ => params.push(ty),
            }
        }
        let rest_list = rest.map(|element| self.ir_array_of(element));
        self.builder.program.main = Some(ir::MainEntry {
            func,
            params,
            rest,
            rest_list,
        });
    }
}

impl<'l, 'a> FnLower<'l, 'a> {
    /// Initialises one module variable declaration (all the globals its pattern declares).
    fn lower_module_var(
        &mut self,
        var: &'a ast::ModuleVar,
        global: ir::GlobalId,
        info: &sema::GlobalInfo,
    ) {
        let init = match &var.init {
            ast::VarInit::Expr(init) => init,
            ast::VarInit::Required(_) | ast::VarInit::None => return,
        };
        let mark = self.mark();
        let skip = info
            .configurable
            .as_ref()
            .map(|_| self.emit(Instruction::JumpIfConfigured { global, target: 0 }));
        let value = self.reg();
        let readonly = self.is_readonly_type(info.ty);
        self.value_into_readonly(init, value, readonly);
        if var.is_listener {
            self.listener_initialized(init, value);
        }
        match &var.binding.kind {
            ast::BindingPatternKind::Capture(_) => {
                self.emit(Instruction::GlobalSet { global, src: value });
            }
            _ => self.bind_pattern(&var.binding, value),
        }
        if let Some(site) = skip {
            self.patch_here(&[site]);
        }
        self.release(mark);
    }
}
