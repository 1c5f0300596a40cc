//! Runs `.int` service programs for the `http:Listener` tests: each starts with `-Cport=0`
//! (the listener binds a free port on 127.0.0.1 and its start-up log line says which), is
//! called with a raw HTTP/1.1 client over `TcpStream`, and is stopped with SIGTERM.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a program may take to start or to stop (generous: debug builds on a busy machine).
const PATIENCE: Duration = Duration::from_secs(60);

/// A running service program.
pub struct Running {
    child: Option<Child>,
    /// The port of the first listener that started.
    pub port: u16,
    /// The ports of every listener, in start-up order.
    pub ports: Vec<u16>,
    stderr: Arc<Mutex<String>>,
}

/// What a stopped program left.
pub struct Stopped {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// A directory for a test's files.
pub fn scratch(name: &str) -> PathBuf {
    let directory = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("intc-http-service")
        .join(name);
    let _ = std::fs::remove_dir_all(&directory);
    std::fs::create_dir_all(&directory).expect("scratch directory");
    directory
}

/// Writes `source` as `NAME.int` and starts it, waiting for `listeners` start-up lines.
pub fn start(name: &str, source: &str, listeners: usize) -> Running {
    start_with(name, source, &[], listeners)
}

/// [`start`] with more `intc run` arguments (`-Ckey=value`).
pub fn start_with(name: &str, source: &str, args: &[&str], listeners: usize) -> Running {
    let directory = scratch(name);
    let file = directory.join(format!("{name}.int"));
    std::fs::write(&file, source).expect("write the program");
    let mut all = vec!["-Cport=0"];
    all.extend_from_slice(args);
    start_path(&file, &directory, &all, listeners)
}

/// [`start`] with environment variables set for the program.
#[allow(dead_code)]
pub fn start_env(name: &str, source: &str, env: &[(&str, &str)], listeners: usize) -> Running {
    let directory = scratch(name);
    let file = directory.join(format!("{name}.int"));
    std::fs::write(&file, source).expect("write the program");
    start_path_env(&file, &directory, &["-Cport=0"], env, listeners)
}

/// Starts `intc run ARGS PATH` and waits for `listeners` start-up lines on standard error.
pub fn start_path(
    path: &std::path::Path,
    directory: &std::path::Path,
    args: &[&str],
    listeners: usize,
) -> Running {
    start_path_env(path, directory, args, &[], listeners)
}

/// [`start_path`] with environment variables set for the program.
pub fn start_path_env(
    path: &std::path::Path,
    directory: &std::path::Path,
    args: &[&str],
    env: &[(&str, &str)],
    listeners: usize,
) -> Running {
    let mut child = Command::new(env!("CARGO_BIN_EXE_intc"))
        .envs(env.iter().copied())
        .arg("run")
        .args(args)
        .arg(path)
        .current_dir(directory)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run intc");
    let stderr_pipe = child.stderr.take().expect("piped stderr");
    let stderr = Arc::new(Mutex::new(String::new()));
    let (lines, started) = mpsc::channel();
    let collected = stderr.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr_pipe).lines() {
            let Ok(line) = line else { break };
            collected.lock().expect("stderr lock").push_str(&line);
            collected.lock().expect("stderr lock").push('\n');
            if line.starts_with("[ballerina/http] started ") && lines.send(line).is_err() {
                break;
            }
        }
    });
    let mut running = Running {
        child: Some(child),
        port: 0,
        ports: Vec::new(),
        stderr,
    };
    let deadline = Instant::now() + PATIENCE;
    while running.ports.len() < listeners {
        let left = deadline.saturating_duration_since(Instant::now());
        match started.recv_timeout(left) {
            Ok(line) => {
                let port = line
                    .rsplit(':')
                    .next()
                    .and_then(|p| p.trim().parse().ok())
                    .expect("the start-up line ends with the port");
                running.ports.push(port);
            }
            Err(_) => {
                let stopped = running.stop();
                panic!(
                    "the program did not start (exit {:?}); stderr:\n{}stdout:\n{}",
                    stopped.code, stopped.stderr, stopped.stdout
                );
            }
        }
    }
    running.port = running.ports[0];
    running
}

impl Running {
    /// The process id of the program.
    #[allow(dead_code)]
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// What the program wrote to standard error so far.
    #[allow(dead_code)]
    pub fn stderr_so_far(&self) -> String {
        self.stderr.lock().expect("stderr lock").clone()
    }

    /// Sends SIGTERM without waiting.
    pub fn terminate(&self) {
        if let Some(child) = &self.child {
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(child.id().to_string())
                .status();
        }
    }

    /// Sends SIGTERM and waits for the program to end.
    pub fn stop(&mut self) -> Stopped {
        self.terminate();
        self.wait()
    }

    /// Waits for the program to end (after [`Running::terminate`]).
    pub fn wait(&mut self) -> Stopped {
        let mut child = self.child.take().expect("running");
        let deadline = Instant::now() + PATIENCE;
        let code = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status.code(),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(20))
                }
                _ => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break None;
                }
            }
        };
        let mut stdout = String::new();
        if let Some(mut pipe) = child.stdout.take() {
            let _ = pipe.read_to_string(&mut stdout);
        }
        // The reader thread ends at end of file; give it the moment to take the last lines.
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut stderr = self.stderr.lock().expect("stderr lock").clone();
        while !stderr.contains("stopped") && Instant::now() < deadline && code == Some(0) {
            std::thread::sleep(Duration::from_millis(10));
            stderr = self.stderr.lock().expect("stderr lock").clone();
        }
        Stopped {
            code,
            stdout,
            stderr,
        }
    }

    /// Stops the program and asserts it ended with exit code 0.
    pub fn stop_ok(mut self) -> Stopped {
        let stopped = self.stop();
        assert_eq!(stopped.code, Some(0), "stderr:\n{}", stopped.stderr);
        stopped
    }

    pub fn get(&self, path: &str) -> Reply {
        request(self.port, "GET", path, &[], b"")
    }

    pub fn send(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        request(self.port, method, path, headers, body)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A response as the raw client read it.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One HTTP/1.1 exchange on a new connection (`Connection: close`).
pub fn request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(PATIENCE))
        .expect("read timeout");
    let mut head =
        format!("{method} {path} HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\nconnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if !body.is_empty() || matches!(method, "POST" | "PUT" | "PATCH") {
        head.push_str(&format!("content-length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).expect("send head");
    stream.write_all(body).expect("send body");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read response");
    parse(&raw)
}

fn parse(raw: &[u8]) -> Reply {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let rest = &raw[end + 4..];
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked {
        dechunk(rest)
    } else {
        rest.to_vec()
    };
    Reply {
        status,
        headers,
        body,
    }
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let Some(line_end) = rest.windows(2).position(|w| w == b"\r\n") else {
            return body;
        };
        let size = std::str::from_utf8(&rest[..line_end])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next().unwrap_or("").trim(), 16).ok())
            .unwrap_or(0);
        if size == 0 {
            return body;
        }
        let start = line_end + 2;
        body.extend_from_slice(&rest[start..(start + size).min(rest.len())]);
        rest = &rest[(start + size + 2).min(rest.len())..];
    }
}

/// Runs a client program `NAME.int` with `-Cport=PORT`: (exit code, stdout, stderr).
pub fn run_client(name: &str, source: &str, port: u16) -> (Option<i32>, String, String) {
    let directory = scratch(name);
    let file = directory.join(format!("{name}.int"));
    std::fs::write(&file, source).expect("write the program");
    let output = Command::new(env!("CARGO_BIN_EXE_intc"))
        .arg("run")
        .arg(format!("-Cport={port}"))
        .arg(&file)
        .current_dir(&directory)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run intc");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}
