//! The standard library's HTTP server core (`intc_stdlib::http::server`) over TLS with HTTP/2
//! offered by ALPN, answering each request with the HTTP version it came in: shows which
//! version the client negotiated.

use intc_stdlib::http::server::{Request, Response, Server, ServerConfig, TlsConfig};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// The server's port and its certificate (PEM) for the client to trust.
pub fn h2_tls_server() -> (u16, String) {
    static SERVER: OnceLock<(tokio::runtime::Runtime, Server, String)> = OnceLock::new();
    let (_, server, pem) = SERVER.get_or_init(|| {
        let certified = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()])
            .expect("self-signed certificate");
        let directory = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("intc-http-client");
        std::fs::create_dir_all(&directory).expect("scratch directory");
        let cert_file = directory.join("core-cert.pem");
        let key_file = directory.join("core-key.pem");
        std::fs::write(&cert_file, certified.cert.pem()).expect("write the certificate");
        std::fs::write(&key_file, certified.key_pair.serialize_pem()).expect("write the key");
        let mut config = ServerConfig::new(0);
        config.host = "127.0.0.1".into();
        config.secure_socket = Some(TlsConfig {
            cert_file,
            key_file,
            mutual: None,
        });
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("tokio runtime");
        let dispatcher = Arc::new(|request: Request| async move {
            Response::text(200, format!("{:?}", request.version))
        });
        let server = runtime
            .block_on(Server::bind(config, dispatcher))
            .expect("server binds");
        (runtime, server, certified.cert.pem())
    });
    (server.local_addr().port(), pem.clone())
}
