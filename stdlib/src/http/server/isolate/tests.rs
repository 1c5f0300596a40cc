//! A Ballerina function (IR built here) serves HTTP requests through the isolate glue: each
//! request runs on its own strand, a panic answers 500 without ending the program, and the
//! program ends once a graceful stop has answered everything.

use super::*;
use crate::http::server::{Server, ServerConfig};
use intc_ir::{
    Constant, FunctionBuilder, Instruction as I, LangNative, MainEntry, ProgramBuilder, Reg,
    RegRange, TypeKind,
};
use intc_runtime::{Completion, NativeRegistry, Outcome, Runtime, Step};
use std::cell::RefCell;
use std::io::{Read, Write};
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::Duration;

/// Where `test:serve` reports the bound address to the client thread.
static ADDRESS: Mutex<Option<std::sync::mpsc::Sender<SocketAddr>>> = Mutex::new(None);

/// Runs `handler(n)` for `GET /div/n`; `GET /stop` stops the server gracefully.
struct Divider {
    handler: Value,
    server: RefCell<Option<Server>>,
}

impl Service for Divider {
    fn job(&self, _ctx: &mut NativeContext<'_>, request: Request) -> Result<Prepared, Response> {
        if request.path == "/stop" {
            if let Some(server) = self.server.borrow_mut().take() {
                tokio::spawn(server.graceful_stop(Duration::from_secs(10)));
            }
            return Err(Response::text(200, "stopping"));
        }
        match request
            .path
            .strip_prefix("/div/")
            .and_then(|n| n.parse::<i64>().ok())
        {
            Some(n) => Ok(Prepared {
                callee: Callee::Function(self.handler.clone()),
                args: vec![Value::Int(n)],
                state: Box::new(()),
            }),
            None => Err(Response::text(404, "no such resource")),
        }
    }

    fn respond(
        &self,
        ctx: &mut NativeContext<'_>,
        _state: Box<dyn std::any::Any>,
        result: Result<Value, Panic>,
    ) -> Response {
        match result {
            Ok(value) => Response::text(200, intc_runtime::format::to_string(&value, ctx.types())),
            Err(panic) => Response::text(
                500,
                intc_runtime::format::to_string(&panic.error, ctx.types()),
            ),
        }
    }
}

/// `test:serve(handler)`: binds a server on a free loopback port serving `Divider`.
fn serve(_ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let handler = args.first().cloned().unwrap_or_default();
    let (dispatcher, queue) = channel(64);
    Ok(Step::Await(Box::pin(async move {
        let mut config = ServerConfig::new(0);
        config.host = "127.0.0.1".into();
        let bound = Server::bind(config, dispatcher).await;
        let completion: Completion = Box::new(move |ctx: &mut NativeContext<'_>| {
            let server = bound.map_err(|e| ctx.panic("{ballerina}Error", &e.to_string()))?;
            if let Some(report) = ADDRESS.lock().unwrap().take() {
                let _ = report.send(server.local_addr());
            }
            let service = Rc::new(Divider {
                handler,
                server: RefCell::new(Some(server)),
            });
            register(ctx, queue, service);
            Ok(Step::Done(Value::Nil))
        });
        completion
    })))
}

/// `handler(x)`: sleeps 10 ms (parking its strand), then returns `100 / x`.
fn program() -> intc_ir::Program {
    let mut b = ProgramBuilder::new();
    b.add_file("main.int");
    b.add_anonymous_type(TypeKind::Int);
    let sleep = b.lang_native(LangNative::RuntimeSleep);
    let serve = b.native("test:serve");
    let seconds = b.add_constant(Constant::Decimal(
        intc_decimal::Decimal::parse("0.01").unwrap(),
    ));
    let mut f = FunctionBuilder::new("handler", 1, 0);
    let args = f.registers(1).unwrap();
    let ignored = f.register().unwrap();
    let hundred = f.register().unwrap();
    let r = f.register().unwrap();
    f.emit(I::LoadConst {
        dst: Reg(args.start),
        constant: seconds,
    });
    f.emit(I::CallNative {
        dst: ignored,
        native: sleep,
        args,
    });
    f.emit(I::LoadInt {
        dst: hundred,
        value: 100,
    });
    f.emit(I::DivInt {
        dst: r,
        a: hundred,
        b: Reg(0),
    });
    f.emit(I::Return { value: r });
    let handler = b.add_function(f.finish());
    let mut m = FunctionBuilder::new("main", 0, 0);
    let args = m.registers(1).unwrap();
    let ignored = m.register().unwrap();
    m.emit(I::MakeClosure {
        dst: Reg(args.start),
        func: handler,
        captures: RegRange::EMPTY,
    });
    m.emit(I::CallNative {
        dst: ignored,
        native: serve,
        args,
    });
    m.emit(I::ReturnNil);
    let main = b.add_function(m.finish());
    b.program.main = Some(MainEntry {
        func: main,
        params: vec![],
        rest: None,
        rest_list: None,
    });
    b.finish()
}

/// One request with `Connection: close`: (status, body).
fn request(addr: SocketAddr, path: &str) -> (u16, String) {
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text.split("\r\n\r\n").nth(1).unwrap_or("").to_string();
    (status, body)
}

#[test]
fn a_ballerina_function_serves_each_request_on_its_own_strand() {
    let (report, reported) = std::sync::mpsc::channel();
    *ADDRESS.lock().unwrap() = Some(report);
    let client = std::thread::spawn(move || {
        let addr = reported.recv_timeout(Duration::from_secs(10)).unwrap();
        // Concurrent requests: their strands overlap (each sleeps 10 ms).
        let concurrent: Vec<_> = (1..=16)
            .map(|n| std::thread::spawn(move || (n, request(addr, &format!("/div/{n}")))))
            .collect();
        let mut results: Vec<String> = concurrent
            .into_iter()
            .map(|t| {
                let (n, (status, body)) = t.join().unwrap();
                format!("{n}:{status}:{body}")
            })
            .collect();
        // A panicking strand answers 500; the next request is served as usual.
        let (status, body) = request(addr, "/div/0");
        results.push(format!("0:{status}:{}", body.contains("DivisionByZero")));
        let (status, body) = request(addr, "/div/50");
        results.push(format!("50:{status}:{body}"));
        results.push(format!("{:?}", request(addr, "/nothing")));
        results.push(format!("{:?}", request(addr, "/stop")));
        results
    });
    let mut natives = NativeRegistry::new();
    natives.register_step("test:serve", serve);
    let mut runtime = Runtime::new(program(), &natives).unwrap();
    // Returns once the graceful stop has ended the event source.
    let outcome = runtime.run_main(vec![]);
    assert!(matches!(outcome, Outcome::Ok), "{outcome:?}");
    let results = client.join().unwrap();
    let mut expected: Vec<String> = (1..=16).map(|n| format!("{n}:200:{}", 100 / n)).collect();
    expected.push("0:500:true".into());
    expected.push("50:200:2".into());
    expected.push("(404, \"no such resource\")".into());
    expected.push("(200, \"stopping\")".into());
    assert_eq!(results, expected);
}
