//! Follows the HTTP/1 message framing of the bytes a connection reads, to see what hyper's
//! parser hides from the service: a request head carrying both `Content-Length` and
//! `Transfer-Encoding` (hyper drops the `Content-Length` and frames by `Transfer-Encoding`,
//! as RFC 9112 allows; the issue asks for 400, the safer answer against request smuggling).
//!
//! It records one verdict per request head, in order (HTTP/1 requests on a connection reach
//! the service in the order their heads arrive), and skips bodies by their framing so that a
//! body is never mistaken for a head. On anything it does not follow (the HTTP/2 preface, a
//! malformed chunk, a head larger than any limit, an upgrade) it stops watching: hyper
//! rejects or takes over those connections itself.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// Largest head buffered (hyper's own buffer limit refuses larger ones first).
const MAX_HEAD: usize = 1 << 20;

/// Per request head, in order: whether it had both framing headers.
pub(super) type Verdicts = Arc<Mutex<VecDeque<bool>>>;

enum State {
    Head,
    /// Bytes of a `Content-Length` body still to come.
    Fixed(u64),
    /// The chunk-size line (buffered in `line`).
    ChunkSize,
    /// Chunk data still to come, then its CRLF.
    ChunkData(u64),
    /// The CRLF after a chunk's data: how many bytes of it are still to come.
    ChunkEnd(u8),
    /// Trailer lines up to the empty one.
    Trailers,
    /// Not watching any more.
    Off,
}

pub(super) struct FramingWatch {
    state: State,
    line: Vec<u8>,
    verdicts: Verdicts,
}

impl FramingWatch {
    pub fn new(verdicts: Verdicts) -> FramingWatch {
        FramingWatch {
            state: State::Head,
            line: Vec::new(),
            verdicts,
        }
    }

    /// Follows `bytes`, the next bytes read from the connection.
    pub fn feed(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            bytes = match self.state {
                State::Off => return,
                State::Head => self.head(bytes),
                State::Fixed(left) => {
                    let taken = (bytes.len() as u64).min(left);
                    self.state = if taken == left {
                        State::Head
                    } else {
                        State::Fixed(left - taken)
                    };
                    &bytes[taken as usize..]
                }
                State::ChunkSize => match self.take_line(bytes) {
                    Some(rest) => {
                        self.chunk_size();
                        rest
                    }
                    None => &[],
                },
                State::ChunkData(left) => {
                    let taken = (bytes.len() as u64).min(left);
                    self.state = if taken == left {
                        State::ChunkEnd(2)
                    } else {
                        State::ChunkData(left - taken)
                    };
                    &bytes[taken as usize..]
                }
                State::ChunkEnd(left) => {
                    // Only `\r\n` may follow chunk data.
                    let expected: &[u8] = if left == 2 { b"\r\n" } else { b"\n" };
                    let n = bytes.len().min(left as usize);
                    if bytes[..n] != expected[..n] {
                        self.state = State::Off;
                        return;
                    }
                    self.state = if n == left as usize {
                        State::ChunkSize
                    } else {
                        State::ChunkEnd(left - n as u8)
                    };
                    &bytes[n..]
                }
                State::Trailers => match self.take_line(bytes) {
                    Some(rest) => {
                        if self.line == b"\r\n" || self.line == b"\n" {
                            self.state = State::Head;
                        }
                        self.line.clear();
                        rest
                    }
                    None => &[],
                },
            };
        }
    }

    /// Buffers up to the end of a line; `Some(rest)` once `line` holds a whole line.
    fn take_line<'a>(&mut self, bytes: &'a [u8]) -> Option<&'a [u8]> {
        match bytes.iter().position(|b| *b == b'\n') {
            Some(end) => {
                self.line.extend_from_slice(&bytes[..=end]);
                Some(&bytes[end + 1..])
            }
            None => {
                self.line.extend_from_slice(bytes);
                if self.line.len() > MAX_HEAD {
                    self.state = State::Off;
                }
                None
            }
        }
    }

    fn chunk_size(&mut self) {
        let text = String::from_utf8_lossy(&self.line);
        let size = text.split(';').next().unwrap_or("").trim();
        self.state = match u64::from_str_radix(size, 16) {
            Ok(0) => State::Trailers,
            Ok(size) => State::ChunkData(size),
            Err(_) => State::Off,
        };
        self.line.clear();
    }

    fn head<'a>(&mut self, bytes: &'a [u8]) -> &'a [u8] {
        let mut bytes = bytes;
        if self.line.is_empty() {
            // Empty lines before a request line are ignored (RFC 9112 2.2).
            let skip = bytes
                .iter()
                .take_while(|b| **b == b'\r' || **b == b'\n')
                .count();
            bytes = &bytes[skip..];
            if bytes.is_empty() {
                return bytes;
            }
            // The usual case, a whole head in one read, is judged in place without copying
            // it into `line`.
            if let Some(end) = head_end(bytes, 0) {
                if bytes.starts_with(PREFACE) {
                    self.state = State::Off;
                    return &[];
                }
                self.judge(&bytes[..end]);
                return &bytes[end..];
            }
        }
        let searched_from = self.line.len().saturating_sub(3);
        self.line.extend_from_slice(bytes);
        if self.line.starts_with(PREFACE) {
            self.state = State::Off;
            return &[];
        }
        let Some(end) = head_end(&self.line, searched_from) else {
            if self.line.len() > MAX_HEAD {
                self.state = State::Off;
            }
            return &[];
        };
        // What followed the head in this read belongs to the body or the next request.
        let rest_len = self.line.len() - end;
        let rest_start = bytes.len() - rest_len;
        let head = std::mem::take(&mut self.line);
        self.judge(&head[..end]);
        &bytes[rest_start..]
    }

    /// Records the verdict on one head and sets the state for its body.
    fn judge(&mut self, head: &[u8]) {
        // Valid UTF-8 (every real head) is read in place; the lossy copy is the rare case.
        let text = match std::str::from_utf8(head) {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(head),
        };
        let mut lines = crlf_lines(&text);
        let request_line = lines.next().unwrap_or("");
        let mut length: Option<u64> = None;
        let mut has_length = false;
        let mut encoding: Option<String> = None;
        let mut upgrade = request_line.starts_with("CONNECT ");
        for line in lines {
            // Most lines name none of the three headers: a name that starts with a visible
            // character other than their initials cannot match once trimmed.
            if line
                .as_bytes()
                .first()
                .is_some_and(|b| b.is_ascii_graphic() && !b"cCtTuU".contains(b))
            {
                continue;
            }
            let Some(colon) = memchr::memchr(b':', line.as_bytes()) else {
                continue;
            };
            // Compared without lowercasing into a new string: this runs for every header
            // of every request.
            let name = line[..colon].trim();
            let value = line[colon + 1..].trim();
            if name.eq_ignore_ascii_case("content-length") {
                has_length = true;
                length = value.parse().ok();
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                let all = encoding.get_or_insert_with(String::new);
                if !all.is_empty() {
                    all.push(',');
                }
                all.push_str(value);
            } else if name.eq_ignore_ascii_case("upgrade") {
                upgrade = true;
            }
        }
        if let Ok(mut verdicts) = self.verdicts.lock() {
            verdicts.push_back(has_length && encoding.is_some());
        }
        self.state = if upgrade {
            State::Off
        } else if let Some(encoding) = encoding {
            let last = encoding.rsplit(',').next().unwrap_or("").trim();
            if last.eq_ignore_ascii_case("chunked") {
                State::ChunkSize
            } else {
                State::Off
            }
        } else if has_length {
            match length {
                Some(0) => State::Head,
                Some(n) => State::Fixed(n),
                None => State::Off,
            }
        } else {
            State::Head
        };
    }
}

/// `text.split("\r\n")`, found by a byte search for `\r` rather than a substring search
/// (this runs for every request head).
fn crlf_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let text = rest?;
        let bytes = text.as_bytes();
        let mut from = 0;
        loop {
            match memchr::memchr(b'\r', &bytes[from..]) {
                // `\r` and `\n` are ASCII, so the cuts fall on character boundaries.
                Some(i) if bytes.get(from + i + 1) == Some(&b'\n') => {
                    let end = from + i;
                    rest = Some(&text[end + 2..]);
                    return Some(&text[..end]);
                }
                Some(i) => from += i + 1,
                None => {
                    rest = None;
                    return Some(text);
                }
            }
        }
    })
}

/// The first bytes of the HTTP/2 connection preface.
const PREFACE: &[u8] = b"PRI * HTTP/2.0";

/// Where the head in `bytes` ends (just after its `\r\n\r\n`), looking at line ends from
/// `from` on.
fn head_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(i) = memchr::memchr(b'\n', &bytes[at..]) {
        let newline = at + i;
        if newline >= 3 && &bytes[newline - 3..newline] == b"\r\n\r" {
            return Some(newline + 1);
        }
        at = newline + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdicts_of(pieces: &[&[u8]]) -> Vec<bool> {
        let verdicts = Verdicts::default();
        let mut watch = FramingWatch::new(verdicts.clone());
        for piece in pieces {
            watch.feed(piece);
        }
        let all = verdicts.lock().unwrap().iter().copied().collect();
        all
    }

    #[test]
    fn crlf_lines_split_as_split_does() {
        for text in [
            "",
            "a",
            "a\r\nb",
            "a\r\n",
            "\r\n\r\n",
            "a\rb\nc\r\nd",
            "a\r\r\nb\n\r\n",
            "é\r\nü\r",
        ] {
            let ours: Vec<&str> = crlf_lines(text).collect();
            let theirs: Vec<&str> = text.split("\r\n").collect();
            assert_eq!(ours, theirs, "{text:?}");
        }
    }

    #[test]
    fn bodies_are_skipped_by_their_framing() {
        // The bodies look like heads with both headers; they must not count.
        let fake = b"GET / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n";
        let mut stream = Vec::new();
        stream.extend_from_slice(
            format!("POST /a HTTP/1.1\r\nContent-Length: {}\r\n\r\n", fake.len()).as_bytes(),
        );
        stream.extend_from_slice(fake);
        stream.extend_from_slice(b"POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n");
        stream.extend_from_slice(format!("{:x};ext=1\r\n", fake.len()).as_bytes());
        stream.extend_from_slice(fake);
        stream.extend_from_slice(b"\r\n0\r\nx-trailer: 1\r\n\r\n");
        stream.extend_from_slice(b"\r\nGET /c HTTP/1.1\r\nContent-Length: 2\r\n");
        stream.extend_from_slice(b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        // Whole, and byte by byte.
        assert_eq!(verdicts_of(&[&stream]), vec![false, false, true]);
        let bytes: Vec<&[u8]> = stream.chunks(1).collect();
        assert_eq!(verdicts_of(&bytes), vec![false, false, true]);
    }

    #[test]
    fn whole_heads_are_judged_in_place_as_split_ones() {
        // Names in any case and with surrounding blanks, pipelined in one read; then the same
        // bytes split inside the terminator.
        let stream: &[u8] = b"GET /a HTTP/1.1\r\nHost: x\r\n content-LENGTH : 0\r\n\r\n\
            POST /b HTTP/1.1\r\nTRANSFER-ENCODING: chunked\r\ncontent-length: 3\r\n\r\n\
            0\r\n\r\nGET /c HTTP/1.1\r\nAccept: */*\r\n\r\n";
        let expected = vec![false, true, false];
        assert_eq!(verdicts_of(&[stream]), expected);
        let cut = stream.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 2;
        assert_eq!(verdicts_of(&[&stream[..cut], &stream[cut..]]), expected);
    }

    #[test]
    fn http2_and_upgrades_stop_the_watch() {
        assert!(verdicts_of(&[b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"]).is_empty());
        let upgrade = b"GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\nGET / HTTP/1.1\r\n\r\n";
        assert_eq!(verdicts_of(&[upgrade]), vec![false]);
    }
}
