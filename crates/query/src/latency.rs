//! Query latencies as fouille reports them, in `fouille bench` and the
//! server's `/stats` alike: an HdrHistogram of microseconds from 1 µs to
//! 60 s, to three significant digits.

use std::time::Duration;

use hdrhistogram::Histogram;

/// Longest latency recorded, in microseconds; longer ones count as this.
const MAX_MICROS: u64 = 60_000_000;

/// A histogram of search latencies.
#[derive(Debug, Clone)]
pub struct LatencyHistogram(Histogram<u64>);

/// The percentiles of a histogram, in microseconds (0 when it is empty).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Percentiles {
    /// Median.
    pub p50: u64,
    /// 90th percentile.
    pub p90: u64,
    /// 99th percentile.
    pub p99: u64,
    /// 99.9th percentile.
    pub p999: u64,
    /// Slowest.
    pub max: u64,
}

impl Default for LatencyHistogram {
    fn default() -> Self {
        Self::new()
    }
}

impl LatencyHistogram {
    /// An empty histogram.
    pub fn new() -> Self {
        LatencyHistogram(
            Histogram::new_with_bounds(1, MAX_MICROS, 3).expect("valid histogram bounds"),
        )
    }

    /// Records one search that took `took`; returns it in microseconds,
    /// as recorded (at least 1, at most 60 s).
    pub fn record(&mut self, took: Duration) -> u64 {
        let micros = (took.as_micros() as u64).clamp(1, MAX_MICROS);
        // In bounds: recording cannot fail.
        let _ = self.0.record(micros);
        micros
    }

    /// Adds the searches of `other`.
    pub fn add(&mut self, other: &LatencyHistogram) {
        // Same bounds: adding cannot fail.
        let _ = self.0.add(&other.0);
    }

    /// Number of searches recorded.
    pub fn len(&self) -> u64 {
        self.0.len()
    }

    /// True when no search was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The latency at quantile `q` (0 to 1), in microseconds.
    pub fn quantile(&self, q: f64) -> u64 {
        self.0.value_at_quantile(q)
    }

    /// The usual percentiles.
    pub fn percentiles(&self) -> Percentiles {
        Percentiles {
            p50: self.quantile(0.5),
            p90: self.quantile(0.9),
            p99: self.quantile(0.99),
            p999: self.quantile(0.999),
            max: self.0.max(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_clamp_and_merge() {
        let mut a = LatencyHistogram::new();
        assert_eq!(a.percentiles().p50, 0);
        assert_eq!(a.record(Duration::ZERO), 1);
        assert_eq!(a.record(Duration::from_secs(3600)), MAX_MICROS);
        let mut b = LatencyHistogram::new();
        b.record(Duration::from_micros(250));
        a.add(&b);
        assert_eq!(a.len(), 3);
        assert!((249..=251).contains(&a.quantile(0.5)));
    }
}
