//! The accept loop: the connection cap and stopping.

use super::conn::{self, Shared};
use super::Stop;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;

/// What a connection over the cap is told before it is closed.
const OVER_CAPACITY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain\r\n\
content-length: 19\r\nconnection: close\r\n\r\nService Unavailable";

pub(super) async fn accept_loop(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<Stop>,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            biased;
            changed = stop.changed() => {
                if changed.is_err() || *stop.borrow() != Stop::Running {
                    break;
                }
            }
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => match shared.permits.clone().try_acquire_owned() {
                    Ok(permit) => {
                        connections.spawn(conn::serve(stream, peer, shared.clone(), stop.clone(), permit));
                    }
                    // A TLS client cannot read a plain answer: it is only closed.
                    Err(_) if shared.tls.is_some() => drop(stream),
                    Err(_) => {
                        connections.spawn(refuse(stream));
                    }
                },
                // Out of file descriptors and the like: let connections finish, then retry.
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    // A dropped `Server` (the sender gone) stops immediately.
    let how = *stop.borrow();
    if let Stop::Graceful(grace) = how {
        let all_done = async { while connections.join_next().await.is_some() {} };
        let _ = tokio::time::timeout(grace, all_done).await;
    }
    connections.abort_all();
    while connections.join_next().await.is_some() {}
}

/// Answers a connection over the cap with 503 and closes it (bounded in time). What the
/// client sent is read and dropped until it closes: closing with unread bytes would reset the
/// connection and could destroy the answer before the client reads it.
async fn refuse(mut stream: TcpStream) {
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        stream.write_all(OVER_CAPACITY).await?;
        stream.shutdown().await?;
        let mut sink = [0u8; 1024];
        while stream.read(&mut sink).await? > 0 {}
        Ok::<(), std::io::Error>(())
    })
    .await;
}
