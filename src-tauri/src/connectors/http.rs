//! The API client collectors use: bounded concurrency, pacing from the service's
//! rate-limit headers, `Retry-After`, retries with jittered exponential backoff for
//! 5xx, timeouts, cut connections and broken JSON, one token renewal on a 401, and
//! a total deadline. Every answer is kept (raw) for the snapshot.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use reqwest::header::HeaderMap;
use serde::Serialize;
use serde_json::Value;
use tokio::sync::Semaphore;
use tokio::time::Instant;

use super::error::ConnectorError;
use crate::auth::session::Session;

/// How a service words its errors and limits; each connector folder has one.
pub trait Dialect: Send + Sync {
    fn service(&self) -> &'static str;
    /// The answer says the access token expired or was revoked.
    fn token_rejected(&self, status: u16, body: &Value) -> bool;
    /// The service's own code and message for an error answer.
    fn describe(&self, status: u16, body: &Value) -> (String, String);
    /// Reads the limit headers of an answer: `Ok(Some(qps))` paces later requests;
    /// an error stops the sync (a daily allowance nearly used up).
    fn limits(&self, headers: &HeaderMap) -> Result<Option<f64>, ConnectorError>;
}

#[derive(Debug, Clone)]
pub struct SyncPolicy {
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Attempts per request for answers worth retrying (429, 5xx, timeouts...).
    pub max_attempts: u32,
    pub base_backoff: Duration,
    pub max_backoff: Duration,
    pub request_timeout: Duration,
    /// The whole sync, sign-in renewals and waits included.
    pub deadline: Duration,
    /// The largest answer accepted (the largest real ones are a few MiB).
    pub max_response_bytes: u64,
    /// All answers of one sync together.
    pub max_sync_bytes: u64,
}

const MIB: u64 = 1024 * 1024;
/// The most of a service's error message that is kept.
const MAX_MESSAGE: usize = 500;
/// Pages of one listing a sync follows at most; a service that never says "done"
/// is an error, not an endless sync.
pub const MAX_PAGES: usize = 10_000;

impl Default for SyncPolicy {
    fn default() -> Self {
        SyncPolicy {
            concurrency: 8,
            max_attempts: 5,
            base_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
            request_timeout: Duration::from_secs(30),
            deadline: Duration::from_secs(15 * 60),
            max_response_bytes: 32 * MIB,
            max_sync_bytes: 512 * MIB,
        }
    }
}

/// One answer as received, for the snapshot.
#[derive(Debug, Clone, Serialize)]
pub struct RawExchange {
    pub path: String,
    pub status: u16,
    pub body: Value,
}

/// Counts the UI shows while a sync runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub requests: u32,
    pub retries: u32,
}

pub type OnAnswer = Box<dyn Fn(Counts) + Send + Sync>;

pub struct Api {
    http: reqwest::Client,
    session: Session,
    dialect: Box<dyn Dialect>,
    policy: SyncPolicy,
    deadline: Instant,
    permits: Semaphore,
    pacer: Pacer,
    raw: std::sync::Mutex<Vec<RawExchange>>,
    requests: AtomicU32,
    /// Bytes of every answer so far, against the sync's cap.
    received: std::sync::atomic::AtomicU64,
    retries: AtomicU32,
    on_answer: OnAnswer,
}

enum Attempt {
    Done(Value),
    /// Worth another try after `wait` (or the backoff when `None`).
    Retry {
        error: ConnectorError,
        wait: Option<Duration>,
    },
    Renew(crate::auth::secret::Secret),
}

impl Api {
    pub fn new(
        session: Session,
        dialect: Box<dyn Dialect>,
        policy: SyncPolicy,
        on_answer: OnAnswer,
    ) -> Api {
        Api {
            http: crate::auth::oauth::no_redirect_client(None),
            session,
            dialect,
            deadline: far_off(policy.deadline),
            permits: Semaphore::new(policy.concurrency.max(1)),
            policy,
            pacer: Pacer::default(),
            raw: std::sync::Mutex::new(Vec::new()),
            requests: AtomicU32::new(0),
            received: std::sync::atomic::AtomicU64::new(0),
            retries: AtomicU32::new(0),
            on_answer,
        }
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn concurrency(&self) -> usize {
        self.policy.concurrency.max(1)
    }

    pub fn counts(&self) -> Counts {
        Counts {
            requests: self.requests.load(Ordering::Relaxed),
            retries: self.retries.load(Ordering::Relaxed),
        }
    }

    /// Every answer so far, in the order they arrived.
    pub fn take_raw(&self) -> Vec<RawExchange> {
        std::mem::take(&mut *self.raw.lock().unwrap_or_else(|p| p.into_inner()))
    }

    fn service(&self) -> String {
        self.dialect.service().to_string()
    }

    fn deadline_error(&self) -> ConnectorError {
        ConnectorError::Deadline {
            service: self.service(),
            seconds: self.policy.deadline.as_secs(),
        }
    }

    /// GETs `url` and returns its JSON, retrying what is worth retrying.
    pub async fn get(&self, url: &str) -> Result<Value, ConnectorError> {
        let mut attempts = 0;
        let mut renewed = false;
        loop {
            attempts += 1;
            match self.attempt(url, attempts).await? {
                Attempt::Done(value) => return Ok(value),
                Attempt::Renew(rejected) if !renewed => {
                    renewed = true;
                    attempts -= 1;
                    self.session.rejected(&rejected).await?;
                    continue;
                }
                Attempt::Renew(_) => {
                    return Err(ConnectorError::NeedsSignIn {
                        service: self.service(),
                        detail: "a renewed access token was refused too".into(),
                    })
                }
                Attempt::Retry { error, wait } => {
                    if attempts >= self.policy.max_attempts {
                        return Err(error);
                    }
                    let wait = wait.unwrap_or_else(|| self.backoff(attempts));
                    if Instant::now() + wait >= self.deadline {
                        return Err(self.deadline_error());
                    }
                    self.retries.fetch_add(1, Ordering::Relaxed);
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }

    async fn attempt(&self, url: &str, attempts: u32) -> Result<Attempt, ConnectorError> {
        let path = path_of(url);
        let within_deadline = async {
            self.pacer.wait().await;
            let _permit = self.permits.acquire().await;
            let token = self.session.bearer().await?;
            let request_deadline = far_off(self.policy.request_timeout).min(self.deadline);
            let answer = tokio::time::timeout_at(request_deadline, async {
                let response = self
                    .http
                    .get(url)
                    .bearer_auth(token.expose())
                    .send()
                    .await?;
                let status = response.status().as_u16();
                let headers = response.headers().clone();
                let body = read_bounded(response, self.policy.max_response_bytes).await?;
                Ok::<_, reqwest::Error>((status, headers, body))
            })
            .await;
            Ok::<_, ConnectorError>((token, answer))
        };
        let (token, answer) = tokio::time::timeout_at(self.deadline, within_deadline)
            .await
            .map_err(|_| self.deadline_error())??;
        let service = self.service();
        let transient = |detail: String| Attempt::Retry {
            error: ConnectorError::Unreachable {
                service: service.clone(),
                detail,
            },
            wait: None,
        };
        let (status, headers, body) = match answer {
            Err(_) if Instant::now() >= self.deadline => return Err(self.deadline_error()),
            Err(_) => {
                return Ok(transient(format!(
                    "no answer from {path} within {} s",
                    self.policy.request_timeout.as_secs()
                )))
            }
            Ok(Err(e)) => return Ok(transient(describe(&e))),
            Ok(Ok(answer)) => answer,
        };
        let too_large = |limit: u64, whole_sync: bool| ConnectorError::TooLarge {
            service: service.clone(),
            path: path.clone(),
            limit_bytes: limit,
            whole_sync,
        };
        let Some(body) = body else {
            return Err(too_large(self.policy.max_response_bytes, false));
        };
        let received = self
            .received
            .fetch_add(body.len() as u64, Ordering::Relaxed)
            + body.len() as u64;
        if received > self.policy.max_sync_bytes {
            return Err(too_large(self.policy.max_sync_bytes, true));
        }
        self.requests.fetch_add(1, Ordering::Relaxed);
        (self.on_answer)(self.counts());
        if let Some(qps) = self.dialect.limits(&headers)? {
            self.pacer.set_rate(qps);
        }
        let json: Result<Value, _> = serde_json::from_slice(&body);
        if status == 429 {
            let wait = retry_after(&headers);
            if let Some(wait) = wait {
                self.pacer.pause_for(wait);
            }
            return Ok(Attempt::Retry {
                error: ConnectorError::RateLimited { service, attempts },
                wait: wait.map(|w| w + jitter(Duration::from_millis(100))),
            });
        }
        if status >= 500 {
            return Ok(Attempt::Retry {
                error: ConnectorError::ServerError {
                    service,
                    status,
                    attempts,
                },
                wait: None,
            });
        }
        let body = match json {
            Ok(body) => body,
            Err(e) if (200..300).contains(&status) => {
                return Ok(Attempt::Retry {
                    error: ConnectorError::Malformed {
                        service,
                        path,
                        detail: e.to_string(),
                        attempts,
                    },
                    wait: None,
                })
            }
            Err(_) => Value::String(String::from_utf8_lossy(&body).chars().take(500).collect()),
        };
        if (status == 401 || status == 403) && self.dialect.token_rejected(status, &body) {
            return Ok(Attempt::Renew(token));
        }
        if !(200..300).contains(&status) {
            let (code, message) = self.dialect.describe(status, &body);
            // What a service says is shown and stored: a sentence, not a page.
            let message = if message.chars().count() > MAX_MESSAGE {
                let short: String = message.chars().take(MAX_MESSAGE).collect();
                format!("{short}…")
            } else {
                message
            };
            return Err(ConnectorError::Api {
                service,
                path,
                status,
                code: code.chars().take(100).collect(),
                message,
            });
        }
        self.raw
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(RawExchange {
                path,
                status,
                body: body.clone(),
            });
        Ok(Attempt::Done(body))
    }

    /// Full jitter: a random wait up to base x 2^(attempt-1), capped.
    fn backoff(&self, attempt: u32) -> Duration {
        let ceiling = self
            .policy
            .base_backoff
            .saturating_mul(1 << attempt.saturating_sub(1).min(16))
            .min(self.policy.max_backoff);
        jitter(ceiling)
    }
}

/// The path and query of a URL, for records (our requests carry no secrets there).
fn path_of(url: &str) -> String {
    url::Url::parse(url).map_or_else(
        |_| url.to_string(),
        |u| match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_string(),
        },
    )
}

fn describe(error: &reqwest::Error) -> String {
    use std::error::Error as _;
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text = format!("{text}: {cause}");
        source = cause.source();
    }
    text
}

/// `Retry-After` in seconds (fractions tolerated).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let seconds: f64 = headers
        .get("retry-after")?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds.min(600.0)))
}

/// A uniformly random duration in [0, ceiling].
fn jitter(ceiling: Duration) -> Duration {
    let random =
        (uuid::Uuid::new_v4().as_u128() & u128::from(u32::MAX)) as f64 / f64::from(u32::MAX);
    ceiling.mul_f64(random)
}

/// Spaces request starts at the rate the service allows and holds every request
/// back while the service asked us to wait.
#[derive(Default)]
struct Pacer {
    state: std::sync::Mutex<PacerState>,
}

#[derive(Default)]
struct PacerState {
    interval: Option<Duration>,
    next_start: Option<Instant>,
    paused_until: Option<Instant>,
}

/// The whole body, or `None` as soon as it is known to be larger than `limit`
/// (from its Content-Length, or while it arrives): nothing larger is held in memory.
async fn read_bounded(
    mut response: reqwest::Response,
    limit: u64,
) -> Result<Option<Vec<u8>>, reqwest::Error> {
    if response.content_length().is_some_and(|n| n > limit) {
        return Ok(None);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        if (body.len() + chunk.len()) as u64 > limit {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Some(body))
}

/// The longest a service's rate limit may space two requests.
const MAX_INTERVAL: Duration = Duration::from_secs(60);

/// `now + wait`, or a century from now for a wait too long to add (a huge
/// `--deadline`): no overflow, no panic.
fn far_off(wait: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(wait)
        .or_else(|| now.checked_add(Duration::from_secs(100 * 365 * 24 * 3600)))
        .unwrap_or(now)
}

impl Pacer {
    async fn wait(&self) {
        let start = {
            let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
            let now = Instant::now();
            let mut at = now.max(s.paused_until.unwrap_or(now));
            if let Some(interval) = s.interval {
                at = at.max(s.next_start.unwrap_or(at));
                s.next_start = Some(at + interval);
            }
            at
        };
        tokio::time::sleep_until(start).await;
    }

    /// Paces to `qps` requests a second; a service's odd limit ("1e-30") cannot
    /// space requests more than a minute apart.
    fn set_rate(&self, qps: f64) {
        if qps.is_finite() && qps > 0.0 {
            let interval = Duration::try_from_secs_f64(1.0 / qps)
                .unwrap_or(MAX_INTERVAL)
                .min(MAX_INTERVAL);
            let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
            s.interval = Some(interval);
        }
    }

    fn pause_for(&self, wait: Duration) {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let until = far_off(wait);
        s.paused_until = Some(s.paused_until.map_or(until, |p| p.max(until)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_ignores_garbage() {
        let mut h = HeaderMap::new();
        assert_eq!(retry_after(&h), None);
        h.insert("retry-after", "2".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(2)));
        h.insert("retry-after", "0.5".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_millis(500)));
        h.insert("retry-after", "soon".parse().unwrap());
        assert_eq!(retry_after(&h), None);
    }

    #[test]
    fn hostile_limits_and_deadlines_do_not_panic() {
        let pacer = Pacer::default();
        pacer.set_rate(1e-30);
        let interval = pacer.state.lock().unwrap().interval;
        assert_eq!(interval, Some(MAX_INTERVAL));
        pacer.set_rate(f64::MIN_POSITIVE);
        pacer.pause_for(Duration::MAX);
        assert!(far_off(Duration::MAX) > Instant::now());
        assert!(far_off(Duration::from_secs(u64::MAX)) > Instant::now());
    }

    #[test]
    fn jitter_stays_within_its_ceiling_and_varies() {
        let ceiling = Duration::from_millis(800);
        let waits: Vec<_> = (0..50).map(|_| jitter(ceiling)).collect();
        assert!(waits.iter().all(|w| *w <= ceiling));
        assert!(waits.iter().any(|w| *w != waits[0]));
    }

    #[test]
    fn paths_keep_the_query_and_drop_the_host() {
        assert_eq!(
            path_of("http://127.0.0.1:9/v2/users?page_size=300&status=active"),
            "/v2/users?page_size=300&status=active"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn the_pacer_spaces_starts_at_the_allowed_rate_and_honours_pauses() {
        let pacer = Pacer::default();
        pacer.set_rate(50.0);
        let start = Instant::now();
        for _ in 0..11 {
            pacer.wait().await;
        }
        assert_eq!(Instant::now() - start, Duration::from_millis(200));
        pacer.pause_for(Duration::from_secs(1));
        pacer.wait().await;
        assert!(Instant::now() - start >= Duration::from_millis(1200));
    }
}
