//! Token buckets per rate-limit category: `qps` requests a second, a burst of at most
//! one second's worth. An empty bucket answers 429 with `Retry-After`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    Light,
    Medium,
    Heavy,
}

impl Category {
    pub fn name(self) -> &'static str {
        match self {
            Category::Light => "Light",
            Category::Medium => "Medium",
            Category::Heavy => "Heavy",
        }
    }
}

struct Bucket {
    qps: f64,
    tokens: f64,
    updated: Instant,
}

pub(super) struct Limits {
    buckets: Mutex<HashMap<Category, Bucket>>,
}

/// What a request learns about its category's limit.
pub(super) struct Decision {
    pub allowed: bool,
    pub limit: u32,
    pub remaining: u32,
    /// With `allowed == false`: when a token will be there.
    pub retry_after: Duration,
}

impl Limits {
    pub(super) fn new(qps: &HashMap<Category, u32>) -> Limits {
        let now = Instant::now();
        let buckets = qps
            .iter()
            .map(|(c, q)| {
                (
                    *c,
                    Bucket {
                        qps: f64::from(*q),
                        tokens: f64::from(*q),
                        updated: now,
                    },
                )
            })
            .collect();
        Limits {
            buckets: Mutex::new(buckets),
        }
    }

    pub(super) fn take(&self, category: Category) -> Decision {
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let Some(bucket) = buckets.get_mut(&category) else {
            return Decision {
                allowed: true,
                limit: 0,
                remaining: 0,
                retry_after: Duration::ZERO,
            };
        };
        let now = Instant::now();
        let elapsed = now.duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * bucket.qps).min(bucket.qps);
        bucket.updated = now;
        let limit = bucket.qps as u32;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Decision {
                allowed: true,
                limit,
                remaining: bucket.tokens as u32,
                retry_after: Duration::ZERO,
            }
        } else {
            let wait = (1.0 - bucket.tokens) / bucket.qps.max(f64::MIN_POSITIVE);
            Decision {
                allowed: false,
                limit,
                remaining: 0,
                retry_after: Duration::from_secs_f64(wait),
            }
        }
    }
}
