//! The file handles behind `std/io`'s stream functions (`modules/io/io_streams.int`): a file
//! read piece by piece as its stream is pulled (blocks, lines or CSV rows out of a buffer
//! refilled 64 KiB at a time), and a file written as a stream is drained (buffered, flushed
//! 64 KiB at a time and on close). Each read or write of the disk is a `Step::Await` on
//! tokio's file API, so only the pulling strand waits; the file is taken out of its handle
//! for the operation and put back by the completion. A handle's file is dropped (closed) by
//! the stream's close operation, which the stream performs itself on completion.
//!
//! Opening reads the first piece at once, so a file that cannot be read (a directory, say)
//! fails the call with the message its whole-file counterpart gives.

use crate::args;
use crate::io_files::{failure, plain_error};
use crate::StdNative;
use intc_runtime::native::{Completion, Native};
use intc_runtime::value::HandleObj;
use intc_runtime::{NativeContext, Panic, Step, Value};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// How much is read from, or buffered for, the disk at a time.
const CHUNK: usize = 64 * 1024;

/// The implementation of each stream-file native of `std/io`.
pub fn native(id: StdNative) -> Option<Native> {
    // Other modules' ids fall through to `None`.
    #[allow(unreachable_patterns)]
    let function: intc_runtime::StepFn = match id {
        StdNative::IoExternOpenRead => open_read,
        StdNative::IoExternReadBlock => read_block,
        StdNative::IoExternReadLine => read_line,
        StdNative::IoExternReadCsvRow => read_csv_row,
        StdNative::IoExternCloseRead => close_read,
        StdNative::IoExternOpenWrite => open_write,
        StdNative::IoExternWriteText => write_text,
        StdNative::IoExternWriteBlock => write_block,
        StdNative::IoExternCloseWrite => close_write,
        _ => return None,
    };
    Some(Native::Step(function))
}

/// A CSV reader fed one character at a time (RFC 4180: quoted fields may hold commas, quotes
/// as `""` and line breaks; rows end with `\n`, `\r\n` or `\r`; blank lines are skipped; a
/// quote inside an unquoted field is literal).
#[derive(Default)]
pub struct CsvParser {
    rows: VecDeque<Vec<String>>,
    row: Vec<String>,
    field: String,
    quoted: bool,
    /// A quote inside a quoted field: the next character says whether it was `""`.
    quote_pending: bool,
    /// The last row ended with `\r`: a `\n` right after it belongs to it.
    after_cr: bool,
    row_has_content: bool,
}

impl CsvParser {
    pub fn push(&mut self, c: char) {
        if self.quote_pending {
            self.quote_pending = false;
            if c == '"' {
                self.field.push('"');
                return;
            }
            self.quoted = false;
        }
        if self.quoted {
            if c == '"' {
                self.quote_pending = true;
            } else {
                self.field.push(c);
            }
            return;
        }
        if std::mem::take(&mut self.after_cr) && c == '\n' {
            return;
        }
        match c {
            '"' if self.field.is_empty() => {
                self.quoted = true;
                self.row_has_content = true;
            }
            ',' => {
                self.row.push(std::mem::take(&mut self.field));
                self.row_has_content = true;
            }
            '\n' | '\r' => {
                self.end_row();
                self.after_cr = c == '\r';
            }
            _ => {
                self.field.push(c);
                self.row_has_content = true;
            }
        }
    }

    fn end_row(&mut self) {
        if self.row_has_content || !self.field.is_empty() {
            self.row.push(std::mem::take(&mut self.field));
            self.rows.push_back(std::mem::take(&mut self.row));
        }
        self.row_has_content = false;
    }

    /// The end of the text: a row without a line break after it is complete.
    pub fn finish(&mut self) {
        self.quote_pending = false;
        self.quoted = false;
        self.end_row();
    }

    /// The next complete row, if any.
    pub fn take_row(&mut self) -> Option<Vec<String>> {
        self.rows.pop_front()
    }
}

/// A file being read as its stream is pulled.
struct ReadFile {
    path: String,
    /// `None` while a read is in flight, and once closed.
    file: RefCell<Option<tokio::fs::File>>,
    /// Bytes read and not yet handed out.
    buffer: RefCell<Vec<u8>>,
    eof: Cell<bool>,
    closed: Cell<bool>,
    /// Lines: the last line ended with `\r`, so a `\n` right after it belongs to it.
    after_cr: Cell<bool>,
    csv: RefCell<CsvParser>,
    csv_finished: Cell<bool>,
}

/// What a read of a stream asks for.
#[derive(Clone, Copy)]
enum Want {
    /// A block of this many bytes (the last may be shorter).
    Block(usize),
    Line,
    CsvRow,
    /// Nothing: the first piece read by opening.
    Open,
}

fn handle_value<T: 'static>(value: Rc<T>) -> Value {
    Value::Handle(Rc::new(HandleObj {
        value: Box::new(value),
    }))
}

fn handle_of<T: 'static>(context: &NativeContext<'_>, args: &[Value]) -> Result<Rc<T>, Panic> {
    match args.first() {
        Some(Value::Handle(handle)) => handle.value.downcast_ref::<Rc<T>>().cloned(),
        _ => None,
    }
    .ok_or_else(|| context.panic("InternalError", "an io stream without its file"))
}

fn open_read(_context: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let path = args::string(args, 0).to_string();
    Ok(Step::Await(Box::pin(async move {
        let opened = tokio::fs::File::open(&path).await;
        Box::new(move |context: &mut NativeContext<'_>| match opened {
            Ok(file) => {
                let file = Rc::new(ReadFile {
                    path,
                    file: RefCell::new(Some(file)),
                    buffer: RefCell::new(Vec::new()),
                    eof: Cell::new(false),
                    closed: Cell::new(false),
                    after_cr: Cell::new(false),
                    csv: RefCell::new(CsvParser::default()),
                    csv_finished: Cell::new(false),
                });
                serve(context, file, Want::Open)
            }
            Err(e) => Ok(Step::Done(plain_error(context, &failure(&path, &e)))),
        }) as Completion
    })))
}

fn read_block(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let file = handle_of::<ReadFile>(context, args)?;
    let size = usize::try_from(args::int(args, 1, 4096))
        .unwrap_or(1)
        .max(1);
    serve(context, file, Want::Block(size))
}

fn read_line(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let file = handle_of::<ReadFile>(context, args)?;
    serve(context, file, Want::Line)
}

fn read_csv_row(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let file = handle_of::<ReadFile>(context, args)?;
    serve(context, file, Want::CsvRow)
}

fn close_read(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let file = handle_of::<ReadFile>(context, args)?;
    file.closed.set(true);
    file.file.borrow_mut().take();
    file.buffer.borrow_mut().clear();
    Ok(Step::Done(Value::Nil))
}

/// Hands out what `want` asks for from the buffer, reading the next piece of the file first
/// when the buffer does not hold it yet. A closed file gives `()` (the end).
fn serve(context: &mut NativeContext<'_>, file: Rc<ReadFile>, want: Want) -> Result<Step, Panic> {
    if file.closed.get() {
        return Ok(Step::Done(Value::Nil));
    }
    if let Some(value) = take(context, &file, want) {
        if matches!(want, Want::Open) {
            return Ok(Step::Done(handle_value(file)));
        }
        return Ok(Step::Done(value));
    }
    let Some(mut handle) = file.file.borrow_mut().take() else {
        let message = format!("{}: the file is being read by another strand", file.path);
        return Ok(Step::Done(args::error_value(context, &message)));
    };
    Ok(Step::Await(Box::pin(async move {
        let mut chunk = vec![0u8; CHUNK];
        let result = handle.read(&mut chunk).await;
        Box::new(move |context: &mut NativeContext<'_>| match result {
            Ok(n) => {
                if file.closed.get() {
                    return Ok(Step::Done(Value::Nil));
                }
                *file.file.borrow_mut() = Some(handle);
                if n == 0 {
                    file.eof.set(true);
                } else {
                    file.buffer
                        .borrow_mut()
                        .extend_from_slice(chunk.get(..n).unwrap_or_default());
                }
                serve(context, file, want)
            }
            Err(e) => Ok(Step::Done(plain_error(context, &failure(&file.path, &e)))),
        }) as Completion
    })))
}

/// What `want` asks for out of the buffer, or `None` when more must be read first.
fn take(context: &NativeContext<'_>, file: &ReadFile, want: Want) -> Option<Value> {
    let eof = file.eof.get();
    let mut buffer = file.buffer.borrow_mut();
    match want {
        // The caller makes the handle.
        Want::Open => (eof || !buffer.is_empty()).then_some(Value::Nil),
        Want::Block(size) => {
            if buffer.len() < size && !eof {
                return None;
            }
            if buffer.is_empty() {
                return Some(Value::Nil);
            }
            let end = size.min(buffer.len());
            let block: Vec<u8> = buffer.drain(..end).collect();
            Some(args::bytes_value(context, block))
        }
        Want::Line => {
            if file.after_cr.get() {
                match buffer.first() {
                    None if !eof => return None,
                    Some(b'\n') => {
                        buffer.remove(0);
                    }
                    _ => {}
                }
                file.after_cr.set(false);
            }
            match buffer.iter().position(|&b| b == b'\n' || b == b'\r') {
                Some(end) => {
                    let line: Vec<u8> = buffer.drain(..=end).collect();
                    file.after_cr.set(line.last() == Some(&b'\r'));
                    let text = line.get(..end).unwrap_or_default();
                    Some(Value::string(String::from_utf8_lossy(text).into_owned()))
                }
                None if eof && buffer.is_empty() => Some(Value::Nil),
                None if eof => {
                    let line = std::mem::take(&mut *buffer);
                    Some(Value::string(String::from_utf8_lossy(&line).into_owned()))
                }
                None => None,
            }
        }
        Want::CsvRow => {
            let mut csv = file.csv.borrow_mut();
            loop {
                if let Some(row) = csv.take_row() {
                    return Some(args::strings_value(context, row));
                }
                if file.csv_finished.get() {
                    return Some(Value::Nil);
                }
                let cut = if eof {
                    buffer.len()
                } else {
                    complete_utf8(&buffer)
                };
                if cut == 0 && !eof {
                    return None;
                }
                let piece: Vec<u8> = buffer.drain(..cut).collect();
                for c in String::from_utf8_lossy(&piece).chars() {
                    csv.push(c);
                }
                if eof {
                    csv.finish();
                    file.csv_finished.set(true);
                } else if csv.rows.is_empty() {
                    return None;
                }
            }
        }
    }
}

/// How much of `bytes` ends on a character boundary (a UTF-8 sequence cut by the end of the
/// buffer waits for the next piece; invalid bytes elsewhere are replaced when decoded).
fn complete_utf8(bytes: &[u8]) -> usize {
    let len = bytes.len();
    // A sequence is at most 4 bytes: look back at most 3 for the lead byte of the last one.
    for back in 1..=len.min(3) {
        let Some(&byte) = bytes.get(len - back) else {
            break;
        };
        if byte & 0b1100_0000 == 0b1000_0000 {
            continue;
        }
        let needed = match byte {
            0xf0..=0xf7 => 4,
            0xe0..=0xef => 3,
            0xc0..=0xdf => 2,
            _ => 1,
        };
        return if needed > back { len - back } else { len };
    }
    len
}

/// A file being written as its stream is drained.
struct WriteFile {
    path: String,
    file: RefCell<Option<tokio::fs::File>>,
    buffer: RefCell<Vec<u8>>,
}

fn open_write(_context: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let path = args::string(args, 0).to_string();
    let append = args::boolean(args, 1);
    Ok(Step::Await(Box::pin(async move {
        let mut options = tokio::fs::OpenOptions::new();
        options.create(true);
        if append {
            options.append(true);
        } else {
            options.write(true).truncate(true);
        }
        let opened = options.open(&path).await;
        Box::new(move |context: &mut NativeContext<'_>| {
            Ok(Step::Done(match opened {
                Ok(file) => handle_value(Rc::new(WriteFile {
                    path,
                    file: RefCell::new(Some(file)),
                    buffer: RefCell::new(Vec::new()),
                })),
                Err(e) => plain_error(context, &failure(&path, &e)),
            }))
        }) as Completion
    })))
}

fn write_text(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let file = handle_of::<WriteFile>(context, args)?;
    file.buffer
        .borrow_mut()
        .extend_from_slice(args::string(args, 1).as_bytes());
    flush(context, file, false)
}

fn write_block(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let file = handle_of::<WriteFile>(context, args)?;
    file.buffer.borrow_mut().extend(args::bytes(args, 1));
    flush(context, file, false)
}

fn close_write(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let file = handle_of::<WriteFile>(context, args)?;
    flush(context, file, true)
}

/// Writes the buffer out once it holds a chunk, or (`last`) writes the rest, flushes and
/// closes the file.
fn flush(context: &mut NativeContext<'_>, file: Rc<WriteFile>, last: bool) -> Result<Step, Panic> {
    if !last && file.buffer.borrow().len() < CHUNK {
        return Ok(Step::Done(Value::Nil));
    }
    let Some(mut handle) = file.file.borrow_mut().take() else {
        let message = format!("{}: the file is closed or being written", file.path);
        return Ok(Step::Done(args::error_value(context, &message)));
    };
    let content = std::mem::take(&mut *file.buffer.borrow_mut());
    Ok(Step::Await(Box::pin(async move {
        let mut result = handle.write_all(&content).await;
        if last && result.is_ok() {
            result = handle.flush().await;
        }
        Box::new(move |context: &mut NativeContext<'_>| {
            if !last {
                *file.file.borrow_mut() = Some(handle);
            }
            Ok(Step::Done(match result {
                Ok(()) => Value::Nil,
                Err(e) => plain_error(context, &failure(&file.path, &e)),
            }))
        }) as Completion
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_utf8_sequence_waits_for_the_next_piece() {
        let text = "aං".as_bytes(); // `ං` is three bytes
        assert_eq!(complete_utf8(text), 4);
        assert_eq!(complete_utf8(&text[..3]), 1);
        assert_eq!(complete_utf8(&text[..2]), 1);
        assert_eq!(complete_utf8(b""), 0);
        assert_eq!(complete_utf8(b"abc"), 3);
    }

    #[test]
    fn csv_rows_come_out_as_their_line_breaks_arrive() {
        let mut csv = CsvParser::default();
        for c in "a,\"b\r\nc\"\r".chars() {
            csv.push(c);
        }
        assert_eq!(csv.take_row(), Some(vec!["a".into(), "b\r\nc".into()]));
        for c in "\n\"x\"\"y\"".chars() {
            csv.push(c);
        }
        assert_eq!(csv.take_row(), None);
        csv.finish();
        assert_eq!(csv.take_row(), Some(vec!["x\"y".into()]));
    }
}
