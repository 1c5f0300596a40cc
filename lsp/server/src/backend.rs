//! The LSP methods: each turns its parameters into a worker job and the job's plain answer
//! into LSP types.
use crate::convert::{self, Converter};
use crate::worker::{JobError, State, Worker};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::lsp_types::*;
use tower_lsp_server::{Client, LanguageServer, UriExt};

pub(crate) struct Backend {
    client: Client,
    worker: Worker,
    /// Counts edits: a diagnostics run superseded by a later edit is skipped.
    edits: Arc<AtomicU64>,
}

/// Diagnostics to publish: per open file, its version and diagnostics.
type Published = Vec<(PathBuf, i32, Vec<Diagnostic>)>;

impl Backend {
    pub fn new(client: Client, worker: Worker) -> Backend {
        Backend {
            client,
            worker,
            edits: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Runs a request's job; a panic becomes an internal error answer.
    pub(crate) async fn request<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut State) -> Option<R> + Send + 'static,
    ) -> Result<Option<R>> {
        match self.worker.run(f).await {
            Ok(answer) => Ok(answer),
            Err(JobError::Panicked(message)) => {
                self.client
                    .log_message(
                        MessageType::ERROR,
                        format!("intc lsp: request failed: {message}"),
                    )
                    .await;
                let mut error = Error::internal_error();
                error.message = format!("internal error: {message}").into();
                Err(error)
            }
            Err(JobError::Stopped) => Err(Error::internal_error()),
        }
    }

    /// Applies an edit (or an open/close) and publishes the diagnostics of the open files
    /// of the same program, unless a later edit already arrived.
    async fn edit(&self, apply: impl FnOnce(&mut State) + Send + 'static) {
        let generation = self.edits.fetch_add(1, Ordering::SeqCst) + 1;
        let edits = Arc::clone(&self.edits);
        let job = move |state: &mut State| -> Option<Published> {
            apply(state);
            if edits.load(Ordering::SeqCst) != generation {
                return None;
            }
            Some(publishable(state))
        };
        if let Ok(Some(published)) = self.request(job).await {
            for (path, version, diagnostics) in published {
                if let Some(uri) = Uri::from_file_path(&path) {
                    self.client
                        .publish_diagnostics(uri, diagnostics, Some(version))
                        .await;
                }
            }
        }
    }
}

impl Backend {
    /// `intc/panicForTesting`: a request whose job panics, so the tests can see a panic
    /// answered with an error while the server keeps serving. Only when the environment
    /// variable `INTC_LSP_TESTING` is set.
    pub async fn panic_for_testing(&self) -> Result<Option<()>> {
        if std::env::var_os("INTC_LSP_TESTING").is_none() {
            return Err(Error::method_not_found());
        }
        self.request(|_| -> Option<()> { panic!("intc/panicForTesting was asked to panic") })
            .await
    }
}

/// The diagnostics of every open file (each program checked once, from the memo).
fn publishable(state: &mut State) -> Published {
    let mut out = Vec::new();
    let open: Vec<(PathBuf, i32)> = state.open.iter().map(|(p, v)| (p.clone(), *v)).collect();
    for (path, version) in open {
        // After an edit inside one function body, only that body is checked again.
        let Ok(analysis) = state.host.diagnostics_analysis(&path) else {
            continue;
        };
        let converter = Converter {
            analysis: &analysis,
            std_dir: &state.std_dir,
        };
        let Some(text) = analysis.text(&intc_ide::FileKey::Disk(path.clone())) else {
            continue;
        };
        let diagnostics = analysis
            .diagnostics(&path)
            .iter()
            .map(|d| convert::diagnostic(&converter, text, d))
            .collect();
        out.push((path, version, diagnostics));
    }
    out
}

/// Runs `f` with a converter over the analysis of the program `path` belongs to (one
/// place builds it for every request).
pub(crate) fn with_converter<R>(
    state: &State,
    path: &Path,
    f: impl FnOnce(&Converter<'_>) -> Option<R>,
) -> Option<R> {
    let analysis = state.host.analysis(path).ok()?;
    let converter = Converter {
        analysis: &analysis,
        std_dir: &state.std_dir,
    };
    f(&converter)
}

pub(crate) fn path_of(uri: &Uri) -> Option<PathBuf> {
    uri.to_file_path().map(|p| p.into_owned())
}

/// The current text of a file and the byte offset of a position in it.
pub(crate) fn at(state: &State, path: &Path, position: Position) -> Option<u32> {
    let text = state.host.file_text(path)?;
    Some(convert::offset_in(&text, position))
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        // A folder stands for its program: a file inside it finds the program's root.
        #[allow(deprecated)] // `root_uri` is what older clients send.
        let folders: Vec<PathBuf> = params
            .workspace_folders
            .unwrap_or_default()
            .iter()
            .map(|f| &f.uri)
            .chain(params.root_uri.as_ref())
            .filter_map(path_of)
            .map(|dir| dir.join(intc_driver::MANIFEST_FILE))
            .collect();
        let _ = self.worker.run(move |state| state.roots = folders).await;
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "intc".to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
            capabilities: ServerCapabilities {
                text_document_sync: Some(TextDocumentSyncCapability::Kind(
                    TextDocumentSyncKind::FULL,
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Left(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec![".".into(), ":".into(), ">".into()]),
                    ..CompletionOptions::default()
                }),
                document_symbol_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                document_formatting_provider: Some(OneOf::Left(true)),
                signature_help_provider: Some(SignatureHelpOptions {
                    trigger_characters: Some(vec!["(".into(), ",".into()]),
                    retrigger_characters: None,
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                }),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        ..CodeActionOptions::default()
                    },
                )),
                inlay_hint_provider: Some(OneOf::Left(true)),
                semantic_tokens_provider: Some(
                    SemanticTokensServerCapabilities::SemanticTokensOptions(
                        SemanticTokensOptions {
                            legend: convert::token_legend(),
                            full: Some(SemanticTokensFullOptions::Bool(true)),
                            range: None,
                            work_done_progress_options: WorkDoneProgressOptions::default(),
                        },
                    ),
                ),
                ..ServerCapabilities::default()
            },
        })
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let Some(path) = path_of(&params.text_document.uri) else {
            return;
        };
        let document = params.text_document;
        self.edit(move |state| {
            state.host.set_file_text(&path, &document.text);
            state.open.insert(path, document.version);
        })
        .await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let Some(path) = path_of(&params.text_document.uri) else {
            return;
        };
        // Full sync: the last change holds the whole text.
        let Some(change) = params.content_changes.into_iter().last() else {
            return;
        };
        let version = params.text_document.version;
        self.edit(move |state| {
            state.host.set_file_text(&path, &change.text);
            state.open.insert(path, version);
        })
        .await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let Some(path) = path_of(&uri) else {
            return;
        };
        self.edit(move |state| {
            state.host.close_file(&path);
            state.open.remove(&path);
        })
        .await;
        self.client.publish_diagnostics(uri, Vec::new(), None).await;
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at_params = params.text_document_position_params;
        let Some(path) = path_of(&at_params.text_document.uri) else {
            return Ok(None);
        };
        self.request(move |state| {
            let offset = at(state, &path, at_params.position)?;
            with_converter(state, &path, |converter| {
                let hover = converter.analysis.hover(&path, offset)?;
                let file = intc_ide::FileKey::Disk(path.clone());
                Some(Hover {
                    contents: HoverContents::Markup(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value: hover.markdown,
                    }),
                    range: converter.range(&file, hover.start, hover.end),
                })
            })
        })
        .await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let at_params = params.text_document_position_params;
        let Some(path) = path_of(&at_params.text_document.uri) else {
            return Ok(None);
        };
        self.request(move |state| {
            let offset = at(state, &path, at_params.position)?;
            with_converter(state, &path, |converter| {
                let location = converter.analysis.definition(&path, offset)?;
                Some(GotoDefinitionResponse::Scalar(
                    converter.location(&location)?,
                ))
            })
        })
        .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let at_params = params.text_document_position;
        let include = params.context.include_declaration;
        let Some(path) = path_of(&at_params.text_document.uri) else {
            return Ok(None);
        };
        self.request(move |state| {
            let offset = at(state, &path, at_params.position)?;
            with_converter(state, &path, |converter| {
                let locations = converter
                    .analysis
                    .references(&path, offset, include)
                    .iter()
                    .filter_map(|l| converter.location(l))
                    .collect();
                Some(locations)
            })
        })
        .await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let at_params = params.text_document_position;
        let new_name = params.new_name;
        let Some(path) = path_of(&at_params.text_document.uri) else {
            return Ok(None);
        };
        let answer = self
            .request(move |state| {
                let offset = at(state, &path, at_params.position)?;
                with_converter(state, &path, |converter| {
                    Some(
                        converter
                            .analysis
                            .rename(&path, offset, &new_name)
                            .map(|edits| {
                                // `WorkspaceEdit::changes` is keyed by `Uri`, whose cached parts are
                                // cells that never change its hash or equality.
                                #[allow(clippy::mutable_key_type)]
                    let mut changes: std::collections::HashMap<
                        Uri,
                        Vec<TextEdit>,
                    > = std::collections::HashMap::new();
                                for edit in edits {
                                    if let Some(location) = converter.location(&edit.location) {
                                        changes.entry(location.uri).or_default().push(TextEdit {
                                            range: location.range,
                                            new_text: edit.new_text,
                                        });
                                    }
                                }
                                WorkspaceEdit {
                                    changes: Some(changes),
                                    ..WorkspaceEdit::default()
                                }
                            }),
                    )
                })
            })
            .await?;
        match answer {
            None => Ok(None),
            Some(Ok(edit)) => Ok(Some(edit)),
            Some(Err(refused)) => Err(Error::invalid_params(refused.0)),
        }
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let at_params = params.text_document_position;
        let Some(path) = path_of(&at_params.text_document.uri) else {
            return Ok(None);
        };
        self.request(move |state| {
            let offset = at(state, &path, at_params.position)?;
            let items = state
                .host
                .completions(&path, offset)
                .into_iter()
                .map(convert::completion)
                .collect();
            Some(CompletionResponse::Array(items))
        })
        .await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let Some(path) = path_of(&params.text_document.uri) else {
            return Ok(None);
        };
        self.request(move |state| {
            let analysis = state.host.analysis(&path).ok()?;
            let text = analysis.text(&intc_ide::FileKey::Disk(path.clone()))?;
            let symbols = analysis
                .document_symbols(&path)
                .into_iter()
                .map(|s| convert::symbol(text, s))
                .collect();
            Some(DocumentSymbolResponse::Nested(symbols))
        })
        .await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let Some(path) = path_of(&params.text_document.uri) else {
            return Ok(None);
        };
        self.request(move |state| {
            let analysis = state.host.analysis(&path).ok()?;
            let text = analysis.text(&intc_ide::FileKey::Disk(path.clone()))?;
            let ranges = analysis
                .folding_ranges(&path)
                .into_iter()
                .map(|r| {
                    let range = convert::range_in(text, r.start, r.end);
                    FoldingRange {
                        start_line: range.start.line,
                        end_line: range.end.line,
                        ..FoldingRange::default()
                    }
                })
                .collect();
            Some(ranges)
        })
        .await
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        let Some(path) = path_of(&params.text_document.uri) else {
            return Ok(None);
        };
        self.request(move |state| {
            let text = state.host.file_text(&path)?;
            // One edit replacing the whole text: the formatter works on the file, and the
            // client keeps the cursor near where it was.
            let edit = match state.host.formatted(&path) {
                Some(formatted) => vec![TextEdit {
                    range: convert::range_in(
                        &text,
                        0,
                        u32::try_from(text.len()).unwrap_or(u32::MAX),
                    ),
                    new_text: formatted,
                }],
                None => Vec::new(),
            };
            Some(edit)
        })
        .await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let Some(path) = path_of(&params.text_document.uri) else {
            return Ok(None);
        };
        self.request(move |state| {
            let analysis = state.host.analysis(&path).ok()?;
            let text = analysis.text(&intc_ide::FileKey::Disk(path.clone()))?;
            let hints = analysis
                .inlay_hints(&path)
                .into_iter()
                .map(|h| InlayHint {
                    position: convert::range_in(text, h.offset, h.offset).start,
                    label: InlayHintLabel::String(h.label),
                    kind: Some(InlayHintKind::TYPE),
                    text_edits: None,
                    tooltip: None,
                    padding_left: None,
                    padding_right: None,
                    data: None,
                })
                .collect();
            Some(hints)
        })
        .await
    }

    async fn signature_help(&self, params: SignatureHelpParams) -> Result<Option<SignatureHelp>> {
        self.signature_help_at(params).await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<OneOf<Vec<SymbolInformation>, Vec<WorkspaceSymbol>>>> {
        self.workspace_symbols(params).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        self.code_actions(params).await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let Some(path) = path_of(&params.text_document.uri) else {
            return Ok(None);
        };
        self.request(move |state| {
            let analysis = state.host.analysis(&path).ok()?;
            let text = analysis.text(&intc_ide::FileKey::Disk(path.clone()))?;
            let data = convert::semantic_tokens(text, &analysis.semantic_tokens(&path));
            Some(SemanticTokensResult::Tokens(SemanticTokens {
                result_id: None,
                data,
            }))
        })
        .await
    }
}
