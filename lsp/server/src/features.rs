//! The LSP methods added over the IDE layer's signature help, workspace symbols and code
//! actions (the trait methods in `backend.rs` call these), with their conversions.
use crate::backend::{at, path_of, with_converter, Backend};
use crate::convert;
use crate::worker::State;
use std::collections::HashSet;
use std::path::PathBuf;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::lsp_types::*;
use tower_lsp_server::UriExt;

impl Backend {
    pub(crate) async fn signature_help_at(
        &self,
        params: SignatureHelpParams,
    ) -> Result<Option<SignatureHelp>> {
        let at_params = params.text_document_position_params;
        let Some(path) = path_of(&at_params.text_document.uri) else {
            return Ok(None);
        };
        self.request(move |state| {
            let offset = at(state, &path, at_params.position)?;
            let help = state.host.signature_help(&path, offset)?;
            Some(signature_help(help))
        })
        .await
    }

    pub(crate) async fn workspace_symbols(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<OneOf<Vec<SymbolInformation>, Vec<WorkspaceSymbol>>>> {
        let query = params.query;
        self.request(move |state| {
            let mut symbols = Vec::new();
            for root in program_roots(state) {
                with_converter(state, &root, |converter| {
                    for symbol in converter.analysis.workspace_symbols(&query) {
                        if let Some(location) = converter.location(&symbol.location) {
                            symbols.push(WorkspaceSymbol {
                                name: symbol.name,
                                kind: convert::symbol_kind(symbol.kind),
                                tags: None,
                                container_name: symbol.container,
                                location: OneOf::Left(location),
                                data: None,
                            });
                        }
                    }
                    Some(())
                });
            }
            Some(OneOf::Right(symbols))
        })
        .await
    }

    pub(crate) async fn code_actions(
        &self,
        params: CodeActionParams,
    ) -> Result<Option<CodeActionResponse>> {
        let Some(path) = path_of(&params.text_document.uri) else {
            return Ok(None);
        };
        let range = params.range;
        self.request(move |state| {
            let state: &State = state;
            let text = state.host.file_text(&path)?;
            let start = convert::offset_in(&text, range.start);
            let end = convert::offset_in(&text, range.end);
            let actions = state.host.code_actions(&path, start, end);
            let answer = actions
                .into_iter()
                .filter_map(|action| {
                    let diagnostics = action.fixes.as_ref().and_then(|d| {
                        with_converter(state, &path, |converter| {
                            Some(vec![convert::diagnostic(converter, &text, d)])
                        })
                    });
                    Some(CodeActionOrCommand::CodeAction(CodeAction {
                        title: action.title,
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics,
                        edit: Some(workspace_edit(state, &action.edits)?),
                        command: None,
                        is_preferred: Some(true),
                        disabled: None,
                        data: None,
                    }))
                })
                .collect();
            Some(answer)
        })
        .await
    }
}

/// The roots of the programs to search: the workspace's and those of the open files.
fn program_roots(state: &State) -> Vec<PathBuf> {
    let mut seen = HashSet::new();
    let mut files: Vec<PathBuf> = state.roots.clone();
    files.extend(state.open.keys().cloned());
    files
        .into_iter()
        .filter(|file| seen.insert(state.host.program_root(file)))
        .collect()
}

/// File edits as document changes (files created first when they do not exist).
fn workspace_edit(state: &State, edits: &[intc_ide::FileEdit]) -> Option<WorkspaceEdit> {
    let mut operations = Vec::new();
    for edit in edits {
        let uri = Uri::from_file_path(&edit.path)?;
        let text = if edit.create {
            operations.push(DocumentChangeOperation::Op(ResourceOp::Create(
                CreateFile {
                    uri: uri.clone(),
                    options: Some(CreateFileOptions {
                        overwrite: Some(false),
                        ignore_if_exists: Some(true),
                    }),
                    annotation_id: None,
                },
            )));
            String::new()
        } else {
            state.host.file_text(&edit.path)?
        };
        operations.push(DocumentChangeOperation::Edit(TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
            edits: vec![OneOf::Left(TextEdit {
                range: convert::range_in(&text, edit.start, edit.end),
                new_text: edit.new_text.clone(),
            })],
        }));
    }
    Some(WorkspaceEdit {
        document_changes: Some(DocumentChanges::Operations(operations)),
        ..WorkspaceEdit::default()
    })
}

fn signature_help(help: intc_ide::SignatureHelp) -> SignatureHelp {
    // Parameter ranges are offsets into the label in UTF-16 code units.
    let utf16 = |bytes: u32| {
        help.label
            .get(..bytes as usize)
            .map_or(0, |s| s.encode_utf16().count() as u32)
    };
    let parameters = help
        .params
        .iter()
        .map(|p| ParameterInformation {
            label: ParameterLabel::LabelOffsets([utf16(p.start), utf16(p.end)]),
            documentation: p.doc.clone().map(Documentation::String),
        })
        .collect();
    let documentation = (!help.doc.is_empty()).then(|| {
        Documentation::MarkupContent(MarkupContent {
            kind: MarkupKind::Markdown,
            value: help.doc.clone(),
        })
    });
    SignatureHelp {
        signatures: vec![SignatureInformation {
            label: help.label.clone(),
            documentation,
            parameters: Some(parameters),
            active_parameter: Some(help.active),
        }],
        active_signature: Some(0),
        active_parameter: Some(help.active),
    }
}
