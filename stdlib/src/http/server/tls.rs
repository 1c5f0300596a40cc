//! TLS for listeners: rustls (ring provider) configured from PEM files.

use super::config::{TlsConfig, VerifyClient};
use super::ServerError;
use rustls::server::WebPkiClientVerifier;
use rustls::RootCertStore;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use std::path::Path;
use std::sync::Arc;
use tokio_rustls::TlsAcceptor;

fn certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, ServerError> {
    let bad = |e: rustls_pki_types::pem::Error| {
        ServerError::Tls(format!(
            "cannot read certificates from '{}': {e}",
            path.display()
        ))
    };
    let certs = CertificateDer::pem_file_iter(path)
        .map_err(bad)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(bad)?;
    if certs.is_empty() {
        return Err(ServerError::Tls(format!(
            "no certificate in '{}'",
            path.display()
        )));
    }
    Ok(certs)
}

/// The acceptor for `tls`; ALPN offers `h2` only when the listener speaks HTTP/2.
pub(super) fn acceptor(tls: &TlsConfig, http2: bool) -> Result<TlsAcceptor, ServerError> {
    // ring rather than aws-lc-rs keeps the build free of a CMake C build; rustls deprecates
    // ring's provider only because it lacks post-quantum key exchange.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let certs = certificates(&tls.cert_file)?;
    let key = PrivateKeyDer::from_pem_file(&tls.key_file).map_err(|e| {
        ServerError::Tls(format!(
            "cannot read the private key from '{}': {e}",
            tls.key_file.display()
        ))
    })?;
    let builder = rustls::ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| ServerError::Tls(e.to_string()))?;
    let builder = match &tls.mutual {
        None => builder.with_no_client_auth(),
        Some(mutual) => {
            let mut roots = RootCertStore::empty();
            for cert in certificates(&mutual.ca_file)? {
                roots
                    .add(cert)
                    .map_err(|e| ServerError::Tls(format!("bad CA certificate: {e}")))?;
            }
            let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider);
            let verifier = match mutual.verify_client {
                VerifyClient::Require => verifier,
                VerifyClient::Optional => verifier.allow_unauthenticated(),
            };
            let verifier = verifier
                .build()
                .map_err(|e| ServerError::Tls(e.to_string()))?;
            builder.with_client_cert_verifier(verifier)
        }
    };
    let mut config = builder
        .with_single_cert(certs, key)
        .map_err(|e| ServerError::Tls(e.to_string()))?;
    config.alpn_protocols = if http2 {
        vec![b"h2".to_vec(), b"http/1.1".to_vec()]
    } else {
        vec![b"http/1.1".to_vec()]
    };
    Ok(TlsAcceptor::from(Arc::new(config)))
}
