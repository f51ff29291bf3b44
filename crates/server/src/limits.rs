//! Limits per client (by address), so that a few cheap clients cannot
//! starve the others: connections held at once, and requests per second.
//!
//! Both are kept here by hand rather than with `governor`/`tower_governor`:
//! a counter and a token bucket per address are a few dozen lines, and
//! those crates bring a dozen more into the build for the same.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Connections each client address holds at once.
#[derive(Debug)]
pub(crate) struct ClientConnections {
    max: usize,
    open: Mutex<HashMap<IpAddr, usize>>,
}

/// One connection counted against its client; uncounted when dropped.
#[derive(Debug)]
pub(crate) struct ConnectionSlot {
    connections: Arc<ClientConnections>,
    client: IpAddr,
}

impl ClientConnections {
    /// At most `max` connections per address (0: no limit).
    pub(crate) fn new(max: usize) -> Arc<Self> {
        Arc::new(ClientConnections {
            max,
            open: Mutex::new(HashMap::new()),
        })
    }

    /// Counts a new connection from `client`, or `None` when the client
    /// already holds as many as allowed.
    pub(crate) fn open(self: &Arc<Self>, client: IpAddr) -> Option<ConnectionSlot> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let count = open.entry(client).or_insert(0);
        if self.max > 0 && *count >= self.max {
            return None;
        }
        *count += 1;
        Some(ConnectionSlot {
            connections: Arc::clone(self),
            client,
        })
    }
}

impl Drop for ConnectionSlot {
    fn drop(&mut self) {
        let mut open = self
            .connections
            .open
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(count) = open.get_mut(&self.client) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.client);
            }
        }
    }
}

/// Requests per second per client address: a token bucket each, holding
/// up to two seconds' worth (bursts, such as a page's first searches,
/// pass).
#[derive(Debug)]
pub(crate) struct RequestRates {
    per_second: f64,
    burst: f64,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// Buckets kept before the full ones (clients idle for long) are
/// forgotten: the map cannot grow with every address ever seen.
const MAX_BUCKETS: usize = 10_000;

impl RequestRates {
    /// `per_second` requests a second per address, sustained (0: no limit).
    pub(crate) fn new(per_second: u32) -> Self {
        RequestRates {
            per_second: f64::from(per_second),
            burst: 2.0 * f64::from(per_second),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `client` may make a request now (it is counted if so).
    pub(crate) fn allow(&self, client: IpAddr) -> bool {
        self.allow_at(client, Instant::now())
    }

    fn allow_at(&self, client: IpAddr, now: Instant) -> bool {
        if self.per_second <= 0.0 {
            return true;
        }
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() >= MAX_BUCKETS && !buckets.contains_key(&client) {
            let (rate, burst) = (self.per_second, self.burst);
            buckets.retain(|_, b| b.tokens + rate * (now - b.updated).as_secs_f64() < burst);
        }
        let bucket = buckets.entry(client).or_insert(Bucket {
            tokens: self.burst,
            updated: now,
        });
        let refill = self.per_second * now.saturating_duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + refill).min(self.burst);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// Raises the soft limit of open files to the hard one, and returns the
/// soft limit then in force (`None` where it cannot be known). Under
/// `ulimit -n 1024`, 1,024 connections used every descriptor: accepts
/// failed with "Too many open files" and a rebuilt index could not be
/// opened.
pub(crate) fn raise_open_files_limit() -> Option<u64> {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit and setrlimit only read and write the struct
        // given, which lives for the whole call.
        unsafe {
            if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
                return None;
            }
            if limit.rlim_cur < limit.rlim_max {
                let raised = libc::rlimit {
                    rlim_cur: limit.rlim_max,
                    rlim_max: limit.rlim_max,
                };
                if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                    limit = raised;
                }
            }
        }
        Some(limit.rlim_cur)
    }
    #[cfg(not(unix))]
    {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_client_holds_at_most_its_share_of_connections() {
        let connections = ClientConnections::new(2);
        let (a, b): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        let first = connections.open(a).unwrap();
        let _second = connections.open(a).unwrap();
        assert!(connections.open(a).is_none());
        assert!(
            connections.open(b).is_some(),
            "another client is not held back"
        );
        drop(first);
        assert!(
            connections.open(a).is_some(),
            "a closed connection frees its slot"
        );
        assert!(ClientConnections::new(0).open(a).is_some());
    }

    #[test]
    fn a_client_gets_its_rate_with_a_burst_and_others_are_not_counted() {
        let rates = RequestRates::new(10);
        let (a, b): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "::1".parse().unwrap());
        let start = Instant::now();
        let allowed = (0..100).filter(|_| rates.allow_at(a, start)).count();
        assert_eq!(allowed, 20, "two seconds' worth at once");
        assert!(rates.allow_at(b, start));
        let later = start + Duration::from_millis(500);
        let allowed = (0..100).filter(|_| rates.allow_at(a, later)).count();
        assert_eq!(allowed, 5, "10 a second come back");
        assert!((0..1000).all(|_| RequestRates::new(0).allow(a)));
    }

    #[test]
    fn idle_clients_are_forgotten_when_there_are_many() {
        let rates = RequestRates::new(1);
        let start = Instant::now();
        for i in 0..MAX_BUCKETS as u32 {
            assert!(rates.allow_at(IpAddr::from(i.to_be_bytes()), start));
        }
        let later = start + Duration::from_secs(10);
        assert!(rates.allow_at("192.168.0.1".parse().unwrap(), later));
        assert!(rates.buckets.lock().unwrap().len() < 10);
    }

    #[test]
    fn the_open_files_limit_is_known_and_not_lowered() {
        if cfg!(unix) {
            let limit = raise_open_files_limit().unwrap();
            assert!(limit >= 256, "{limit}");
        }
    }
}
