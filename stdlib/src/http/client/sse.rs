//! Server-sent events on the client: a `text/event-stream` response read lazily, one event per
//! `next()` of the stream `http_sse.int` makes (`SseEventReader`), parsed by the WHATWG rules
//! (HTML, "Server-sent events", interpreting an event stream): lines end with CRLF, LF or CR;
//! a leading byte order mark is dropped; `:` starts a comment; a field's value loses one
//! leading space; `data` lines are joined with line feeds; `retry` takes only ASCII digits;
//! an `id` with NUL is ignored; unknown fields are ignored; a blank line dispatches the event;
//! an event the stream ends in the middle of is discarded. Unlike a browser's `EventSource`,
//! which dispatches only events with data, every block with a known field is an event, and
//! comments are kept (`SseEvent.comment`), as Ballerina's client does.

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use intc_runtime::native::{Completion, Step};
use intc_runtime::value::{HandleObj, ListObj};
use intc_runtime::{NativeContext, Panic, Value};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use std::time::Duration;

/// The longest line buffered; a longer one fails the stream (a server sending without line
/// breaks cannot make the client hold unbounded memory).
const MAX_LINE: usize = 8 << 20;

/// One parsed event.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Event {
    pub event: Option<String>,
    pub id: Option<String>,
    pub data: Option<String>,
    pub retry: Option<i64>,
    pub comment: Option<String>,
}

/// The WHATWG event stream parser, fed bytes as they arrive.
#[derive(Default)]
pub(crate) struct Parser {
    buffer: Vec<u8>,
    /// Whether the start of the stream was looked at for a byte order mark.
    started: bool,
    block: Event,
    /// Whether the block being read has a known field (it is then dispatched).
    seen: bool,
    ready: VecDeque<Event>,
}

impl Parser {
    /// Reads `bytes`; complete events wait in [`Parser::next_event`]. An error for a line
    /// over the limit.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<(), String> {
        self.buffer.extend_from_slice(bytes);
        if !self.started {
            const BOM: &[u8] = b"\xEF\xBB\xBF";
            if self.buffer.len() < BOM.len() && BOM.starts_with(&self.buffer) {
                return Ok(());
            }
            if self.buffer.starts_with(BOM) {
                self.buffer.drain(..BOM.len());
            }
            self.started = true;
        }
        self.lines(false);
        if self.buffer.len() > MAX_LINE {
            return Err(format!(
                "an event stream line is longer than {MAX_LINE} bytes"
            ));
        }
        Ok(())
    }

    /// The end of the stream: a final CR ends its line; an unfinished event is discarded.
    pub fn finish(&mut self) {
        self.lines(true);
        self.buffer.clear();
        self.block = Event::default();
        self.seen = false;
    }

    /// The next complete event.
    pub fn next_event(&mut self) -> Option<Event> {
        self.ready.pop_front()
    }

    fn lines(&mut self, at_end: bool) {
        let mut start = 0;
        while let Some(offset) = self.buffer[start..]
            .iter()
            .position(|b| *b == b'\n' || *b == b'\r')
        {
            let end = start + offset;
            let terminator = if self.buffer[end] == b'\n' {
                1
            } else {
                match self.buffer.get(end + 1) {
                    Some(b'\n') => 2,
                    Some(_) => 1,
                    // A CR last in what arrived: an LF may follow in the next read.
                    None if at_end => 1,
                    None => break,
                }
            };
            let line = String::from_utf8_lossy(&self.buffer[start..end]).into_owned();
            self.line(&line);
            start = end + terminator;
        }
        self.buffer.drain(..start);
    }

    fn line(&mut self, line: &str) {
        if line.is_empty() {
            if std::mem::take(&mut self.seen) {
                self.ready.push_back(std::mem::take(&mut self.block));
            }
            self.block = Event::default();
            return;
        }
        let (field, value) = match line.find(':') {
            Some(at) => {
                let value = &line[at + 1..];
                (&line[..at], value.strip_prefix(' ').unwrap_or(value))
            }
            None => (line, ""),
        };
        let join = |slot: &mut Option<String>| match slot {
            Some(text) => {
                text.push('\n');
                text.push_str(value);
            }
            None => *slot = Some(value.to_string()),
        };
        match field {
            "" => join(&mut self.block.comment),
            "data" => join(&mut self.block.data),
            "event" => self.block.event = Some(value.to_string()),
            "id" if !value.contains('\0') => self.block.id = Some(value.to_string()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                match value.parse() {
                    Ok(retry) => self.block.retry = Some(retry),
                    Err(_) => return,
                }
            }
            _ => return,
        }
        self.seen = true;
    }
}

/// A response body being read as events.
pub(crate) struct Reading {
    /// `None` for events parsed from a whole payload (`sseEventsOf`).
    body: Option<Incoming>,
    parser: Parser,
    /// The client's timeout, as the longest wait for the next bytes.
    idle: Duration,
    ended: bool,
}

impl Reading {
    pub fn new(body: Incoming, idle: Duration) -> Reading {
        Reading {
            body: Some(body),
            parser: Parser::default(),
            idle,
            ended: false,
        }
    }

    /// The events of a whole payload. An error (a line over the limit) ends them early, as
    /// it ends a body being read.
    fn of_payload(payload: &[u8]) -> Reading {
        let mut parser = Parser::default();
        let _ = parser.feed(payload);
        parser.finish();
        Reading {
            body: None,
            parser,
            idle: Duration::ZERO,
            ended: true,
        }
    }

    /// The rest of the body, as bytes (its events not parsed), or why reading failed.
    async fn rest(&mut self) -> Result<Vec<u8>, String> {
        let Some(body) = self.body.as_mut() else {
            return Ok(Vec::new());
        };
        let mut bytes = Vec::new();
        loop {
            let frame = match tokio::time::timeout(self.idle, body.frame()).await {
                Ok(frame) => frame,
                Err(_) => return Err("Idle timeout triggered while reading the response".into()),
            };
            match frame {
                None => break,
                Some(Err(error)) => {
                    return Err(format!("error reading the response body: {error}"))
                }
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data() {
                        let data: Bytes = data;
                        bytes.extend_from_slice(&data);
                    }
                }
            }
        }
        self.ended = true;
        Ok(bytes)
    }

    /// The next event, `None` at the end of the body, or why reading failed.
    async fn next(&mut self) -> Result<Option<Event>, String> {
        loop {
            if let Some(event) = self.parser.next_event() {
                return Ok(Some(event));
            }
            let Some(body) = self.body.as_mut().filter(|_| !self.ended) else {
                return Ok(None);
            };
            let frame = match tokio::time::timeout(self.idle, body.frame()).await {
                Ok(frame) => frame,
                Err(_) => {
                    return Err("Idle timeout triggered while reading the event stream".into())
                }
            };
            match frame {
                None => {
                    self.ended = true;
                    self.parser.finish();
                }
                Some(Err(error)) => return Err(format!("error reading the event stream: {error}")),
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data() {
                        let data: Bytes = data;
                        self.parser.feed(&data)?;
                    }
                }
            }
        }
    }
}

/// What an `SseEventReader` reads from: the body while no read is in progress (a read takes
/// it and gives it back), gone once closed.
pub(crate) struct EventReader {
    reading: RefCell<Option<Reading>>,
    closed: std::cell::Cell<bool>,
}

/// The handle an event stream reads from.
pub(crate) fn reader_handle(reading: Reading) -> Value {
    let reader = Rc::new(EventReader {
        reading: RefCell::new(Some(reading)),
        closed: std::cell::Cell::new(false),
    });
    Value::Handle(Rc::new(HandleObj {
        value: Box::new(reader),
    }))
}

fn reader_of(ctx: &NativeContext<'_>, args: &[Value]) -> Result<Rc<EventReader>, Panic> {
    match args.first() {
        Some(Value::Handle(handle)) => handle.value.downcast_ref::<Rc<EventReader>>().cloned(),
        _ => None,
    }
    .ok_or_else(|| ctx.panic("InternalError", "http:SseEvent stream without its response"))
}

/// An event as the name and value pairs of its fields (`SseEventReader.next` builds the
/// record).
fn event_value(ctx: &NativeContext<'_>, event: Event) -> Value {
    let mut pairs = Vec::new();
    let mut push = |name: &str, value: Option<String>| {
        if let Some(value) = value {
            pairs.push(Value::string(name));
            pairs.push(Value::string(value));
        }
    };
    push("event", event.event);
    push("id", event.id);
    push("data", event.data);
    push("retry", event.retry.map(|r| r.to_string()));
    push("comment", event.comment);
    Value::List(ListObj::new(ctx.types().well_known.string_list, pairs))
}

/// `readSseEvent(reader)`: the next event's fields, `()` at the end, or the error message.
pub(crate) fn read_event(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let reader = reader_of(ctx, args)?;
    // Closed, or being read by another strand (a stream is read one `next` at a time).
    let Some(mut reading) = reader.reading.borrow_mut().take() else {
        return Ok(Step::Done(Value::Nil));
    };
    if let Some(event) = reading.parser.next_event() {
        *reader.reading.borrow_mut() = Some(reading);
        return Ok(Step::Done(event_value(ctx, event)));
    }
    Ok(Step::Await(Box::pin(async move {
        let result = reading.next().await;
        Box::new(move |ctx: &mut NativeContext<'_>| {
            let value = match result {
                Ok(Some(event)) => {
                    if !reader.closed.get() {
                        *reader.reading.borrow_mut() = Some(reading);
                    }
                    event_value(ctx, event)
                }
                Ok(None) => Value::Nil,
                Err(message) => Value::string(message),
            };
            Ok(Step::Done(value))
        }) as Completion
    })))
}

/// `readSseBody(reader)`: the rest of an unread event stream's body as bytes (a `Response`'s
/// payload getters), or the message of an error reading it.
pub(crate) fn read_body(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let reader = reader_of(ctx, args)?;
    let Some(mut reading) = reader.reading.borrow_mut().take() else {
        return Ok(Step::Done(bytes_value(ctx, &[])));
    };
    reader.closed.set(true);
    Ok(Step::Await(Box::pin(async move {
        let result = reading.rest().await;
        Box::new(move |ctx: &mut NativeContext<'_>| {
            Ok(Step::Done(match result {
                Ok(bytes) => bytes_value(ctx, &bytes),
                Err(message) => Value::string(message),
            }))
        }) as Completion
    })))
}

fn bytes_value(ctx: &NativeContext<'_>, bytes: &[u8]) -> Value {
    let items = bytes.iter().map(|b| Value::Int(i64::from(*b))).collect();
    Value::List(ListObj::new(ctx.types().well_known.byte_list, items))
}

/// `sseEventsOf(payload)`: a reader of the events in a payload read whole.
pub(crate) fn events_of_payload(
    _ctx: &mut NativeContext<'_>,
    args: &[Value],
) -> Result<Value, Panic> {
    let payload = crate::args::bytes(args, 0);
    Ok(reader_handle(Reading::of_payload(&payload)))
}

/// `closeSseEvents(reader)`: drops the response (closing its connection).
pub(crate) fn close_events(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let reader = reader_of(ctx, args)?;
    reader.closed.set(true);
    reader.reading.borrow_mut().take();
    Ok(Value::Nil)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(pieces: &[&[u8]]) -> Vec<Event> {
        let mut parser = Parser::default();
        for piece in pieces {
            parser.feed(piece).unwrap();
        }
        parser.finish();
        std::iter::from_fn(|| parser.next_event()).collect()
    }

    fn data(text: &str) -> Event {
        Event {
            data: Some(text.to_string()),
            ..Event::default()
        }
    }

    #[test]
    fn fields_lines_and_comments() {
        let stream = b"\xEF\xBB\xBF: hello\r\nid: 7\r\nevent: tick\r\nretry: 3000\r\ndata: a\r\ndata:b\r\n\r\n";
        let expected = Event {
            event: Some("tick".into()),
            id: Some("7".into()),
            data: Some("a\nb".into()),
            retry: Some(3000),
            comment: Some("hello".into()),
        };
        assert_eq!(events(&[stream]), vec![expected.clone()]);
        // Byte by byte, CR line ends and LF line ends give the same.
        let bytes: Vec<&[u8]> = stream.chunks(1).collect();
        assert_eq!(events(&bytes), vec![expected.clone()]);
        let cr = String::from_utf8_lossy(stream).replace("\r\n", "\r");
        let cr: Vec<&[u8]> = cr.as_bytes().chunks(1).collect();
        assert_eq!(events(&cr), vec![expected]);
    }

    #[test]
    fn unknown_fields_and_bad_values_are_ignored() {
        let stream = b"foo: bar\nretry: 12a\nid: a\0b\n\ndata\ndata: x\n\n";
        // The first block has no known field; `data` without a colon is an empty line of data.
        assert_eq!(events(&[stream]), vec![data("\nx")]);
    }

    #[test]
    fn an_unfinished_event_is_discarded() {
        assert_eq!(events(&[b"data: 1\n\ndata: 2\n"]), vec![data("1")]);
        assert_eq!(events(&[b"data: 1\r\r"]), vec![data("1")]);
    }

    #[test]
    fn a_line_without_end_is_limited() {
        let mut parser = Parser::default();
        let chunk = vec![b'x'; 1 << 20];
        let failed = (0..9).any(|_| parser.feed(&chunk).is_err());
        assert!(failed);
    }
}
