//! The process-wide cache of OAuth2 introspection answers (`oauth2:ListenerOAuth2Provider`).
//! A listener served on several threads has a copy of its auth handlers, so of its provider,
//! on each thread; keeping the answers here (as JSON text: values cannot cross isolates) lets
//! every thread use the answer one of them got, so a token is introspected once per process.
//! Entries are kept per *namespace*, the text of the provider's `IntrospectionConfig` (the
//! threads' copies have equal configurations; different endpoints never share answers), each
//! namespace bounded by its `cacheConfig`. Expiry follows module-ballerina-oauth2: an answer
//! with `exp` is kept until then (and no longer than the cache's `defaultMaxAge`, when
//! positive); one without is kept for `defaultTokenExpTime`. A full namespace evicts the least
//! recently used `evictionFactor` of its entries, as `ballerina/cache` does.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// The bounds of one namespace (`oauth2:CacheConfig`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    pub capacity: usize,
    pub eviction_factor: f64,
}

struct Entry {
    text: String,
    /// Seconds since the epoch when the entry stops being answered.
    expires: f64,
    /// When it was last put or read (a counter), for the least recently used eviction.
    used: u64,
}

#[derive(Default)]
struct Namespace {
    entries: HashMap<String, Entry>,
}

/// Every namespace, and the use counter.
#[derive(Default)]
pub(crate) struct Cache {
    namespaces: HashMap<String, Namespace>,
    clock: u64,
}

impl Cache {
    /// The answer kept for `token`, if it has not expired at `now` (an expired one is dropped).
    pub fn get(&mut self, namespace: &str, token: &str, now: f64) -> Option<String> {
        self.clock += 1;
        let clock = self.clock;
        let entries = &mut self.namespaces.get_mut(namespace)?.entries;
        let entry = entries.get_mut(token)?;
        if entry.expires <= now {
            entries.remove(token);
            return None;
        }
        entry.used = clock;
        Some(entry.text.clone())
    }

    /// Keeps `text` for `token` until `expires`.
    pub fn put(
        &mut self,
        namespace: &str,
        token: &str,
        text: String,
        expires: f64,
        limits: Limits,
    ) {
        if limits.capacity == 0 {
            return;
        }
        self.clock += 1;
        let used = self.clock;
        let entries = &mut self
            .namespaces
            .entry(namespace.to_string())
            .or_default()
            .entries;
        if entries.len() >= limits.capacity && !entries.contains_key(token) {
            let share = (limits.capacity as f64 * limits.eviction_factor) as usize;
            let evict = share.clamp(1, entries.len());
            let mut by_use: Vec<(u64, String)> = entries
                .iter()
                .map(|(key, entry)| (entry.used, key.clone()))
                .collect();
            by_use.sort_unstable();
            for (_, key) in by_use.into_iter().take(evict) {
                entries.remove(&key);
            }
        }
        entries.insert(
            token.to_string(),
            Entry {
                text,
                expires,
                used,
            },
        );
    }
}

/// When an answer stops being used: its `exp` (`None` when absent) capped by the cache's
/// `defaultMaxAge` when positive, else `defaultTokenExpTime` from `now`.
pub(crate) fn expiry(now: f64, exp: Option<i64>, default_max_age: f64, token_exp_time: f64) -> f64 {
    match exp {
        Some(exp) if default_max_age > 0.0 => (exp as f64).min(now + default_max_age),
        Some(exp) => exp as f64,
        None => now + token_exp_time,
    }
}

/// The process's cache.
pub(crate) fn global() -> &'static Mutex<Cache> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    CACHE.get_or_init(Mutex::default)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Limits = Limits {
        capacity: 4,
        eviction_factor: 0.5,
    };

    #[test]
    fn an_answer_is_kept_until_it_expires_and_per_namespace() {
        let mut cache = Cache::default();
        cache.put("a", "t", "{}".into(), 110.0, LIMITS);
        assert_eq!(cache.get("a", "t", 109.5).as_deref(), Some("{}"));
        assert_eq!(cache.get("b", "t", 100.0), None);
        assert_eq!(cache.get("a", "t", 110.0), None);
        // Dropped once expired.
        assert_eq!(cache.get("a", "t", 0.0), None);
    }

    #[test]
    fn a_full_namespace_evicts_the_least_recently_used_share() {
        let mut cache = Cache::default();
        for token in ["1", "2", "3", "4"] {
            cache.put("a", token, token.into(), 1e9, LIMITS);
        }
        // "1" is read, so "2" and "3" are the least recently used.
        assert!(cache.get("a", "1", 0.0).is_some());
        cache.put("a", "5", "5".into(), 1e9, LIMITS);
        let kept: Vec<bool> = ["1", "2", "3", "4", "5"]
            .iter()
            .map(|t| cache.get("a", t, 0.0).is_some())
            .collect();
        assert_eq!(kept, vec![true, false, false, true, true]);
        let mut none = Cache::default();
        none.put(
            "a",
            "t",
            "{}".into(),
            1e9,
            Limits {
                capacity: 0,
                eviction_factor: 0.25,
            },
        );
        assert_eq!(none.get("a", "t", 0.0), None);
    }

    #[test]
    fn expiry_honours_exp_the_max_age_and_the_default_time() {
        assert_eq!(expiry(100.0, Some(500), -1.0, 3600.0), 500.0);
        assert_eq!(expiry(100.0, Some(500), 60.0, 3600.0), 160.0);
        assert_eq!(expiry(100.0, None, 60.0, 3600.0), 3700.0);
    }
}
