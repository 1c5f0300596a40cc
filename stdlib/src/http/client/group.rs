//! `http:FailoverClient` and `http:LoadBalanceClient` on native clients: a group of
//! [`NativeClient`]s, one per target (each with the group's settings, so its own retries,
//! cache and circuit breaker), and the rule that picks among them, as module-ballerina-http's
//! `performFailoverAction` and `performLoadBalanceAction` do.

use super::engine::{Exchange, Failure, NativeClient, Received};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// How a group picks its targets.
#[derive(Clone)]
pub enum Rule {
    /// Starting from the target that answered last, the next one while a target fails or
    /// answers one of `codes`, waiting `interval` seconds between two.
    Failover {
        codes: Vec<u16>,
        interval: f64,
        succeeded: Arc<AtomicUsize>,
    },
    /// Round robin; with `failover`, a target that fails passes the request to the next.
    LoadBalance {
        failover: bool,
        next: Arc<AtomicUsize>,
    },
}

/// A failover or load balancing client (cheap to clone: shared clients and counters).
#[derive(Clone)]
pub struct GroupClient {
    pub clients: Vec<NativeClient>,
    pub rule: Rule,
}

fn failure(kind: &'static str, message: String) -> Failure {
    Failure { kind, message }
}

impl GroupClient {
    /// The index of the failover target that answered last (0 for load balancing).
    pub fn succeeded_index(&self) -> usize {
        match &self.rule {
            Rule::Failover { succeeded, .. } => succeeded.load(Ordering::Relaxed),
            Rule::LoadBalance { .. } => 0,
        }
    }

    pub async fn send(self, exchange: Exchange) -> Result<Received, Failure> {
        let count = self.clients.len();
        match &self.rule {
            Rule::Failover {
                codes,
                interval,
                succeeded,
            } => {
                let start = succeeded.load(Ordering::Relaxed) % count.max(1);
                let mut last = Err(failure(
                    "failover",
                    "All the failover endpoints failed.".to_string(),
                ));
                for step in 0..count {
                    if step > 0 && *interval > 0.0 {
                        tokio::time::sleep(Duration::from_secs_f64(interval.min(3600.0))).await;
                    }
                    let index = (start + step) % count;
                    match self.clients[index].clone().send(exchange.clone()).await {
                        Ok(received) if !codes.contains(&received.status) => {
                            succeeded.store(index, Ordering::Relaxed);
                            return Ok(received);
                        }
                        outcome => last = outcome,
                    }
                }
                Err(match last {
                    Ok(received) => failure(
                        "failover",
                        format!(
                            "All the failover endpoints failed. Last endpoint returned response \
                             is: {} {}",
                            received.status, received.reason
                        ),
                    ),
                    Err(error) => failure(
                        "failover",
                        format!(
                            "All the failover endpoints failed. Last error was: {}",
                            error.message
                        ),
                    ),
                })
            }
            Rule::LoadBalance { failover, next } => {
                let mut last = String::new();
                for _ in 0..count {
                    let index = next.fetch_add(1, Ordering::Relaxed) % count;
                    match self.clients[index].clone().send(exchange.clone()).await {
                        Ok(received) => return Ok(received),
                        Err(error) if !*failover => return Err(error),
                        Err(error) => last = error.message,
                    }
                }
                Err(failure(
                    "loadbalance",
                    format!("All the load balance endpoints failed. Last error was: {last}"),
                ))
            }
        }
    }
}
