//! The response cache of `http:CacheConfig`, after module-ballerina-http's `HttpCachingClient`:
//! GET and HEAD responses are kept per method and path; a fresh one (`max-age`, `s-maxage` for
//! a shared cache, or `Expires` - `Date`, against its age) is served without a request unless
//! the request or the response says `no-cache` (or the request has `Pragma`); a stale one with
//! validators (`ETag`, `Last-Modified`) is revalidated by a conditional request, and a `304`
//! refreshes it. `no-store` (request or response), `private` in a shared cache and, under the
//! default `CACHE_CONTROL_AND_VALIDATORS` policy, a response without `Cache-Control` and a
//! validator are not stored. A successful unsafe request invalidates the path's entries.

use super::engine::Received;
use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

/// The settings of `http:CacheConfig`.
#[derive(Clone, Debug)]
pub struct CacheSettings {
    pub shared: bool,
    pub capacity: usize,
    pub eviction_factor: f64,
    /// `CACHE_CONTROL_AND_VALIDATORS` (else `RFC_7234`).
    pub needs_validators: bool,
}

/// A stored response and when it was received.
#[derive(Clone, Debug)]
struct Entry {
    key: String,
    status: u16,
    reason: String,
    uri: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    received: Instant,
}

/// A client's cache (shared by the clones of the native client).
pub struct Cache {
    settings: CacheSettings,
    /// Oldest first: eviction removes from the front.
    entries: Mutex<VecDeque<Entry>>,
}

/// What the cache says about a GET or HEAD request.
pub enum Lookup {
    /// Serve this response.
    Fresh(Received),
    /// Send the request with these conditional headers added.
    Revalidate(Vec<(String, String)>),
    /// Send the request as it is.
    Miss,
}

/// The directives of a `Cache-Control` header (lower case, values without quotes).
fn directives(headers: &[(String, String)]) -> Vec<(String, Option<String>)> {
    headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("cache-control"))
        .flat_map(|(_, v)| v.split(','))
        .filter_map(|d| {
            let d = d.trim();
            if d.is_empty() {
                return None;
            }
            Some(match d.split_once('=') {
                Some((name, value)) => (
                    name.trim().to_ascii_lowercase(),
                    Some(value.trim().trim_matches('"').to_string()),
                ),
                None => (d.to_ascii_lowercase(), None),
            })
        })
        .collect()
}

fn has(directives: &[(String, Option<String>)], name: &str) -> bool {
    directives.iter().any(|(n, _)| n == name)
}

fn seconds(directives: &[(String, Option<String>)], name: &str) -> Option<f64> {
    directives
        .iter()
        .find(|(n, _)| n == name)
        .and_then(|(_, v)| v.as_deref()?.parse::<u64>().ok())
        .map(|s| s as f64)
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn count(headers: &[(String, String)], name: &str) -> usize {
    headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .count()
}

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the form RFC 1123 dates take in HTTP.
fn http_date(text: &str) -> Option<SystemTime> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let [_, day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    let day: i64 = day.parse().ok()?;
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = months.iter().position(|m| m == month)? as i64 + 1;
    let year: i64 = year.parse().ok()?;
    let mut hms = time.split(':').map(|p| p.parse::<i64>().ok());
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    // Days since the epoch of a civil date (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + h * 3600 + m * 60 + s;
    let secs = u64::try_from(secs).ok()?;
    Some(SystemTime::UNIX_EPOCH + Duration::from_secs(secs))
}

impl Entry {
    /// Ballerina's `getFreshnessLifetime`, in seconds (0 is stale).
    fn lifetime(&self, shared: bool) -> f64 {
        let cc = directives(&self.headers);
        if shared {
            if let Some(s) = seconds(&cc, "s-maxage") {
                return s;
            }
        }
        if let Some(s) = seconds(&cc, "max-age") {
            return s;
        }
        if count(&self.headers, "expires") != 1 || count(&self.headers, "date") != 1 {
            return 0.0;
        }
        let expires = header(&self.headers, "expires").and_then(http_date);
        let date = header(&self.headers, "date").and_then(http_date);
        match (expires, date) {
            (Some(e), Some(d)) => match e.duration_since(d) {
                Ok(lifetime) => lifetime.as_secs_f64(),
                Err(_) => 0.0,
            },
            _ => 0.0,
        }
    }

    /// The response's age: its `Age` header plus the time it has been stored.
    fn age(&self, now: Instant) -> f64 {
        let initial = header(&self.headers, "age")
            .and_then(|a| a.trim().parse::<u64>().ok())
            .unwrap_or(0) as f64;
        initial + now.duration_since(self.received).as_secs_f64()
    }

    fn response(&self, now: Instant) -> Received {
        let mut headers: Vec<(String, String)> = self
            .headers
            .iter()
            .filter(|(n, _)| !n.eq_ignore_ascii_case("age"))
            .cloned()
            .collect();
        headers.push(("age".to_string(), (self.age(now) as u64).to_string()));
        Received {
            status: self.status,
            reason: self.reason.clone(),
            uri: self.uri.clone(),
            headers,
            body: self.body.clone(),
            events: None,
        }
    }
}

/// The cache key Ballerina uses: the method and the request path.
pub fn key(method: &str, path: &str) -> String {
    format!("{method} {path}")
}

/// Ballerina's `isCacheableStatusCode`.
fn cacheable_status(status: u16) -> bool {
    matches!(
        status,
        200 | 203 | 204 | 206 | 300 | 301 | 404 | 405 | 410 | 414 | 501
    )
}

impl Cache {
    pub fn new(settings: CacheSettings) -> Cache {
        Cache {
            settings,
            entries: Mutex::new(VecDeque::new()),
        }
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, VecDeque<Entry>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Looks up a GET or HEAD request (its headers as they will be sent).
    pub fn lookup(&self, key: &str, request: &[(String, String)]) -> Lookup {
        let now = Instant::now();
        let entries = self.entries();
        let Some(entry) = entries.iter().find(|e| e.key == key) else {
            return Lookup::Miss;
        };
        let request_cc = directives(request);
        let response_cc = directives(&entry.headers);
        let no_cache = has(&request_cc, "no-cache") || has(&response_cc, "no-cache");
        let pragma = header(request, "pragma").is_some();
        if entry.lifetime(self.settings.shared) > entry.age(now) && !no_cache && !pragma {
            return Lookup::Fresh(entry.response(now));
        }
        let mut conditions = Vec::new();
        if let Some(etag) = header(&entry.headers, "etag") {
            conditions.push(("if-none-match".to_string(), etag.to_string()));
        }
        if let Some(modified) = header(&entry.headers, "last-modified") {
            conditions.push(("if-modified-since".to_string(), modified.to_string()));
        }
        if conditions.is_empty() {
            Lookup::Miss
        } else {
            Lookup::Revalidate(conditions)
        }
    }

    /// A `304` answered a revalidation: the stored response with the new headers, refreshed.
    pub fn revalidated(&self, key: &str, not_modified: &Received) -> Option<Received> {
        let now = Instant::now();
        let mut entries = self.entries();
        let entry = entries.iter_mut().find(|e| e.key == key)?;
        for (name, value) in &not_modified.headers {
            if name.eq_ignore_ascii_case("content-length") {
                continue;
            }
            entry.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
            entry.headers.push((name.clone(), value.clone()));
        }
        entry.received = now;
        Some(entry.response(now))
    }

    /// Stores a response to a GET or HEAD request when its directives and the policy allow.
    pub fn store(&self, key: &str, request: &[(String, String)], received: &Received) {
        let request_cc = directives(request);
        let response_cc = directives(&received.headers);
        let allowed_by_policy = !self.settings.needs_validators
            || (header(&received.headers, "cache-control").is_some()
                && (header(&received.headers, "etag").is_some()
                    || header(&received.headers, "last-modified").is_some()));
        let non_cacheable = has(&response_cc, "no-store")
            || (self.settings.shared && has(&response_cc, "private"))
            || has(&request_cc, "no-store");
        let cacheable = seconds(&response_cc, "max-age").is_some()
            || (self.settings.shared && seconds(&response_cc, "s-maxage").is_some())
            || (header(&received.headers, "cache-control").is_some()
                && !has(&response_cc, "private"))
            || header(&received.headers, "expires").is_some()
            || cacheable_status(received.status);
        if !allowed_by_policy || non_cacheable || !cacheable || self.settings.capacity == 0 {
            return;
        }
        let mut entries = self.entries();
        entries.retain(|e| e.key != key);
        if entries.len() >= self.settings.capacity {
            // Ballerina's cache evicts this fraction of its entries when full (oldest first).
            let evict = ((self.settings.capacity as f64 * self.settings.eviction_factor).ceil()
                as usize)
                .clamp(1, entries.len());
            entries.drain(..evict);
        }
        entries.push_back(Entry {
            key: key.to_string(),
            status: received.status,
            reason: received.reason.clone(),
            uri: received.uri.clone(),
            headers: received.headers.clone(),
            body: received.body.clone(),
            received: Instant::now(),
        });
    }

    /// Ballerina's `invalidateResponses` after an unsafe method's response.
    pub fn invalidate(&self, path: &str, status: u16) {
        if cacheable_status(status) && (200..400).contains(&status) {
            let (get, head) = (key("GET", path), key("HEAD", path));
            self.entries().retain(|e| e.key != get && e.key != head);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn received(headers: &[(&str, &str)]) -> Received {
        Received {
            status: 200,
            reason: "OK".into(),
            uri: "http://x/a".into(),
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: b"body".to_vec(),
            events: None,
        }
    }

    fn cache(needs_validators: bool) -> Cache {
        Cache::new(CacheSettings {
            shared: false,
            capacity: 2,
            eviction_factor: 0.5,
            needs_validators,
        })
    }

    #[test]
    fn dates_parse() {
        let t = http_date("Sun, 06 Nov 1994 08:49:37 GMT").expect("a date");
        let secs = t
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_secs());
        assert_eq!(secs.ok(), Some(784_111_777));
        assert!(http_date("yesterday").is_none());
    }

    #[test]
    fn fresh_then_validators() {
        let c = cache(true);
        let k = key("GET", "/a");
        c.store(
            &k,
            &[],
            &received(&[("cache-control", "max-age=60"), ("etag", "\"1\"")]),
        );
        assert!(matches!(c.lookup(&k, &[]), Lookup::Fresh(_)));
        let no_cache = [("cache-control".to_string(), "no-cache".to_string())];
        match c.lookup(&k, &no_cache) {
            Lookup::Revalidate(h) => assert_eq!(h[0].1, "\"1\""),
            _ => panic!("expected a revalidation"),
        }
    }

    #[test]
    fn policy_and_no_store() {
        let c = cache(true);
        let k = key("GET", "/a");
        c.store(&k, &[], &received(&[("cache-control", "max-age=60")]));
        assert!(matches!(c.lookup(&k, &[]), Lookup::Miss));
        let c = cache(false);
        c.store(
            &k,
            &[],
            &received(&[("cache-control", "no-store, max-age=60")]),
        );
        assert!(matches!(c.lookup(&k, &[]), Lookup::Miss));
        c.store(&k, &[], &received(&[("cache-control", "max-age=60")]));
        assert!(matches!(c.lookup(&k, &[]), Lookup::Fresh(_)));
        c.invalidate("/a", 200);
        assert!(matches!(c.lookup(&k, &[]), Lookup::Miss));
    }

    #[test]
    fn evicts_when_full() {
        let c = cache(false);
        for path in ["/a", "/b", "/c"] {
            c.store(
                &key("GET", path),
                &[],
                &received(&[("cache-control", "max-age=60")]),
            );
        }
        assert!(matches!(c.lookup(&key("GET", "/a"), &[]), Lookup::Miss));
        assert!(matches!(c.lookup(&key("GET", "/c"), &[]), Lookup::Fresh(_)));
    }
}
