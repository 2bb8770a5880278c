//! The optional async HTTP client (cargo feature `client`): sends an
//! [`Operation`]'s request and parses the answer into its typed response or
//! error.
//!
//! This module owns what happens between a typed request and a typed answer
//! over the network, and nothing else: building and signing stay in
//! [`wire`](crate::wire) and [`sign`](crate::sign), parsing stays in the
//! [`Envelope`](crate::Envelope). What it adds:
//!
//! - **a fresh signature per attempt**: each attempt calls
//!   [`Operation::signed_request`] again, so its timestamp and nonce are new
//!   (a replayed nonce would be refused by Alibaba Cloud);
//! - **retries** of what may succeed later: an answer the error enums mark
//!   retryable ([`ApiError::is_retryable`]: the spec's `retryable` codes, and
//!   HTTP 429 and 503 whatever code their body carries) and a connection that could not be made (the request was
//!   never sent, so sending it again cannot apply it twice); exponential
//!   backoff with full jitter, up to [`RetryPolicy::max_attempts`], returning
//!   the last error;
//! - **`Retry-After`** (RFC 9110 §10.2.3) on a retryable answer: the next
//!   attempt waits at least the delay the server asked for, and none is made
//!   when that delay is longer than [`RetryPolicy::max_delay`]: the error is
//!   returned at once as [`ClientError::RetryLater`], with the delay, so the
//!   caller can schedule the request again;
//! - **the documented rate limit**: requests of one action start at least
//!   `1 / RATE_LIMIT_PER_SECOND` seconds apart, counted across every clone of
//!   a [`Client`];
//! - **timeouts** per attempt, reported as [`ClientError::Timeout`].
//!
//! Nothing here prints a request: errors carry no URL (an Alibaba Cloud query
//! holds the request's parameters), no header and no credential.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use http::HeaderMap;
use tokio::time::Instant;

use crate::error::{ApiError, ServiceError};
use crate::operation::Operation;
use crate::wire::{RequestError, SendConfig};

/// An HTTP client for every [`Operation`]: signs with one [`SendConfig`],
/// retries, keeps to each action's rate limit and times out.
///
/// Cheap to clone: clones share the connection pool and the rate limiter.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use std::time::Duration;
/// use cloud_api_runtime::client::{Client, RetryPolicy};
/// use cloud_api_runtime::{Credentials, SendConfig, Vendor};
///
/// let config = SendConfig::new(Credentials::from_env(Vendor::TencentCloud)?);
/// let client = Client::builder(config)
///     .with_request_timeout(Duration::from_secs(10))
///     .with_retry_policy(RetryPolicy::default().with_max_attempts(5))
///     .build()?;
/// # let _ = client;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    config: SendConfig,
    settings: Settings,
    rate_limiter: RateLimiter,
}

/// The settings a [`ClientBuilder`] collects.
#[derive(Debug, Clone)]
struct Settings {
    request_timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    rate_limit: bool,
    proxy_from_env: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            request_timeout: Client::DEFAULT_REQUEST_TIMEOUT,
            connect_timeout: Client::DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::default(),
            rate_limit: true,
            proxy_from_env: true,
        }
    }
}

impl Client {
    /// How long one attempt may take, from connecting to the last byte of the answer.
    pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
    /// How long connecting (TCP and TLS) may take.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

    /// A client with the default settings: see [`ClientBuilder`].
    ///
    /// # Errors
    /// [`BuildError`] when the HTTP stack cannot be set up (its TLS
    /// configuration, say).
    pub fn new(config: SendConfig) -> Result<Self, BuildError> {
        Self::builder(config).build()
    }

    /// A builder to change the timeouts, the retry policy, the rate limit or
    /// the proxy before building the client.
    pub fn builder(config: SendConfig) -> ClientBuilder {
        ClientBuilder { config, settings: Settings::default() }
    }

    /// The configuration requests are signed with.
    pub fn config(&self) -> &SendConfig {
        &self.config
    }

    /// The retry policy in force.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.settings.retry
    }

    /// Sends `request` as action `O` and parses the answer: the typed
    /// response, or why there is none.
    ///
    /// A request the client-side rules refuse (blocking violations only), or
    /// one without an endpoint, returns at once: it neither waits for nor
    /// uses a turn of the rate limit. Each attempt waits for the action's
    /// rate limit, is signed anew and times out on its own; attempts stop at the first success, at an error
    /// that is not worth repeating, or after [`RetryPolicy::max_attempts`],
    /// returning the last error. A retryable answer's `Retry-After` sets the
    /// least wait before the next attempt; one longer than
    /// [`RetryPolicy::max_delay`] ends the attempts at once (see
    /// [`RetryPolicy`]).
    ///
    /// # Errors
    /// [`ClientError::Request`] when the request cannot be built (it breaks
    /// the spec's rules, say: nothing is sent), [`ClientError::Api`] when the
    /// API answers with an error, [`ClientError::RetryLater`] when that error
    /// came with a `Retry-After` the client did not wait for,
    /// [`ClientError::Timeout`] and [`ClientError::Transport`] when no answer
    /// arrives.
    pub async fn send<O: Operation>(
        &self,
        request: &O::Request,
    ) -> Result<O::Response, ClientError<O::Error>> {
        // Refused before taking a turn of the rate limit: a request that
        // cannot be sent would otherwise wait for a slot, use it up, and
        // delay the calls after it for nothing.
        crate::wire::check::<O>(request, &self.config).map_err(ClientError::Request)?;
        crate::wire::encodable::<O>(request).map_err(ClientError::Request)?;
        self.config.endpoint_for::<O>().map_err(ClientError::Request)?;
        let retry = &self.settings.retry;
        let mut attempt = 1;
        loop {
            let error = match self.attempt::<O>(request).await {
                Ok(response) => return Ok(response),
                Err(error) if error.is_retryable() => error,
                Err(error) => return Err(error),
            };
            let Some(wait) = retry.wait_after(attempt, error.retry_after()) else {
                return Err(error);
            };
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// One attempt: wait for the rate limit, sign, send, parse.
    async fn attempt<O: Operation>(
        &self,
        request: &O::Request,
    ) -> Result<O::Response, ClientError<O::Error>> {
        // Validated before the wait (in `send`), signed after it: signed before
        // waiting for a turn, the signature would be older than necessary;
        // signed after, its timestamp is the moment it leaves. Signing
        // validates again, which costs little and keeps `signed_request` the
        // one way a request is built.
        if let Some(rate) = O::RATE_LIMIT_PER_SECOND.filter(|_| self.settings.rate_limit) {
            let action = ActionKey { service: O::SERVICE, version: O::VERSION, action: O::ACTION };
            self.rate_limiter.wait_turn(action, rate).await;
        }
        let wire = O::signed_request(request, &self.config).map_err(ClientError::Request)?;
        // reqwest refuses only what it cannot address (a URL it does not
        // support): a request that cannot be built, never a network failure.
        let wire = reqwest::Request::try_from(wire).map_err(|e| {
            ClientError::Request(RequestError::Endpoint(error_chain(&e.without_url())))
        })?;
        let answer = self.http.execute(wire).await.map_err(|e| self.failed(e))?;
        let status = answer.status();
        let headers = answer.headers().clone();
        let body = answer.bytes().await.map_err(|e| self.failed(e))?;
        O::parse_http_response(status, &headers, &body).map_err(|error| {
            // Only an answer worth repeating has a wait worth reading: a
            // `Retry-After` on any other error changes nothing.
            match retry_after(&headers, SystemTime::now()) {
                Some(retry_after) if error.is_retryable() => {
                    ClientError::RetryLater { retry_after, error }
                }
                _ => ClientError::Api(error),
            }
        })
    }

    /// The error for a request that got no (whole) answer.
    fn failed<E>(&self, error: reqwest::Error) -> ClientError<E> {
        // A connect timeout is first a connection failure: nothing was sent.
        if error.is_timeout() && !error.is_connect() {
            ClientError::Timeout { after: self.settings.request_timeout }
        } else {
            ClientError::Transport(TransportError::new(error, &self.settings))
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `SendConfig`'s Debug redacts the credentials; the reqwest client adds nothing useful.
        f.debug_struct("Client")
            .field("config", &self.config)
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

/// Collects a [`Client`]'s settings; [`build`](Self::build) makes the client.
#[derive(Debug, Clone)]
#[must_use]
pub struct ClientBuilder {
    config: SendConfig,
    settings: Settings,
}

impl ClientBuilder {
    /// How long one attempt may take, from connecting to the last byte of the
    /// answer ([`Client::DEFAULT_REQUEST_TIMEOUT`] unless set).
    pub fn with_request_timeout(mut self, timeout: Duration) -> Self {
        self.settings.request_timeout = timeout;
        self
    }

    /// How long connecting may take ([`Client::DEFAULT_CONNECT_TIMEOUT`] unless set).
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.settings.connect_timeout = timeout;
        self
    }

    /// When and how often to try again ([`RetryPolicy::default`] unless set).
    pub fn with_retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.settings.retry = policy;
        self
    }

    /// Sends as fast as asked instead of keeping to each action's documented
    /// `RATE_LIMIT_PER_SECOND`: for an account with a raised quota, or a
    /// caller with a limiter of its own.
    pub fn without_rate_limit(mut self) -> Self {
        self.settings.rate_limit = false;
        self
    }

    /// Connects directly, ignoring the `HTTP_PROXY`/`HTTPS_PROXY`/`ALL_PROXY`
    /// variables that are otherwise followed (tests of a local server use it,
    /// so a proxy in the environment cannot take their requests elsewhere).
    pub fn without_proxy(mut self) -> Self {
        self.settings.proxy_from_env = false;
        self
    }

    /// The client.
    ///
    /// # Errors
    /// [`BuildError`] when the HTTP stack cannot be set up (its TLS
    /// configuration, say).
    pub fn build(self) -> Result<Client, BuildError> {
        let mut http = reqwest::Client::builder()
            .timeout(self.settings.request_timeout)
            .connect_timeout(self.settings.connect_timeout)
            .user_agent(concat!("cloud-api-runtime/", env!("CARGO_PKG_VERSION")));
        if !self.settings.proxy_from_env {
            http = http.no_proxy();
        }
        let http = http.build().map_err(|e| BuildError(error_chain(&e)))?;
        Ok(Client {
            http,
            config: self.config,
            settings: self.settings,
            rate_limiter: RateLimiter::default(),
        })
    }
}

/// When a failed attempt is repeated: up to `max_attempts` attempts in all,
/// waiting a random time between zero and `base_delay · 2^(n-1)` (at most
/// `max_delay`) after the `n`th ("full jitter", so many clients that failed
/// together do not retry together).
///
/// An answer with `Retry-After` (delta-seconds or an HTTP-date, RFC 9110
/// §10.2.3) sets the least wait: the client waits
/// `max(retry_after, jittered backoff)`, so it never comes back before the
/// server asked and still backs off at least as the policy would without the
/// header. A `Retry-After` longer than `max_delay` is not waited for: the
/// attempts end at once with [`ClientError::RetryLater`], which carries the
/// delay. One that cannot be read (not a number or an HTTP-date, negative) is
/// ignored and the backoff alone applies; a date in the past asks for no wait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
}

impl Default for RetryPolicy {
    /// Three attempts, waits from 200 ms up to 5 s.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retry.
    pub fn never() -> Self {
        Self::default().with_max_attempts(1)
    }

    /// At most `attempts` attempts in all, the first included (0 counts as 1).
    #[must_use]
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The cap of the wait after the first failure; it doubles after each one.
    #[must_use]
    pub fn with_base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The most any single wait can be, the server's `Retry-After` included:
    /// an answer asking for longer ends the attempts.
    #[must_use]
    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The most attempts made, the first included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The most any single wait can be; a longer `Retry-After` is not waited for.
    pub fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// The cap of the wait after failed attempt `attempt` (1-based):
    /// `base_delay · 2^(attempt-1)`, at most `max_delay`.
    pub fn delay_cap(&self, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(1).min(31);
        self.base_delay.saturating_mul(1 << doublings).min(self.max_delay)
    }

    /// The wait after failed attempt `attempt`: uniformly random in
    /// `0..=delay_cap(attempt)`.
    fn backoff(&self, attempt: u32) -> Duration {
        let cap = self.delay_cap(attempt);
        // Without the OS's randomness, waiting the whole cap is still a
        // correct backoff, only without the spread: better than failing the call.
        let Ok(random) = getrandom::u64() else { return cap };
        let cap_nanos = u64::try_from(cap.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(random % cap_nanos.saturating_add(1))
    }

    /// The wait after failed attempt `attempt` (1-based) whose answer asked
    /// for `retry_after`, or `None` when no attempt follows: the last one was
    /// made, or the server asked for longer than `max_delay`.
    fn wait_after(&self, attempt: u32, retry_after: Option<Duration>) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        match retry_after {
            Some(asked) if asked > self.max_delay => None,
            asked => Some(self.backoff(attempt).max(asked.unwrap_or_default())),
        }
    }
}

/// The wait an answer's `Retry-After` asks for (RFC 9110 §10.2.3), `None`
/// without one that can be read.
///
/// Delta-seconds are whole seconds (a number too large for a `u64` is read as
/// `u64::MAX` seconds: the server asks for a very long wait, which still
/// ends the attempts). An HTTP-date (any of the three forms RFC 9110 §5.6.7
/// makes a recipient read, parsed by `httpdate`, hyper's own) is counted from
/// the answer's own `Date` when it has a valid one, both being the server's
/// clock, so a client clock that is off does not change the wait; from `now`
/// otherwise. A date not ahead asks for no wait. Anything else (a sign, a
/// fraction, garbage, bytes that are not text) is not a `Retry-After`.
fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = header_text(headers, http::header::RETRY_AFTER)?;
    if let Some(delay) = delta_seconds(value) {
        return Some(delay);
    }
    let at = httpdate::parse_http_date(value).ok()?;
    let reference = header_text(headers, http::header::DATE)
        .and_then(|date| httpdate::parse_http_date(date).ok())
        .unwrap_or(now);
    Some(at.duration_since(reference).unwrap_or_default())
}

/// The first `name` header as text, without surrounding whitespace.
fn header_text(headers: &HeaderMap, name: http::header::HeaderName) -> Option<&str> {
    Some(headers.get(name)?.to_str().ok()?.trim())
}

/// `delta-seconds = 1*DIGIT`, saturating at `u64::MAX` seconds.
fn delta_seconds(value: &str) -> Option<Duration> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let seconds = value
        .bytes()
        .fold(0_u64, |n, digit| n.saturating_mul(10).saturating_add(u64::from(digit - b'0')));
    Some(Duration::from_secs(seconds))
}

/// Which action a rate limit counts: the same name in two services or
/// versions is two limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct ActionKey {
    service: &'static str,
    version: &'static str,
    action: &'static str,
}

/// The next free start time of each action, shared by a client's clones.
#[derive(Debug, Clone, Default)]
struct RateLimiter {
    next_start: Arc<Mutex<HashMap<ActionKey, Instant>>>,
}

impl RateLimiter {
    /// Waits until `action` may start again at `per_second` requests a
    /// second: each caller books the next slot, `1 / per_second` after the
    /// previous one, then sleeps until it. Booking under the lock and sleeping
    /// outside it keeps concurrent callers in order without holding the lock.
    async fn wait_turn(&self, action: ActionKey, per_second: u32) {
        let Some(spacing) = Duration::from_secs(1).checked_div(per_second) else { return };
        let slot = {
            // A panic elsewhere while holding the lock leaves a valid map
            // (one insert), so a poisoned lock is still usable.
            let mut next_start = self.next_start.lock().unwrap_or_else(PoisonError::into_inner);
            let now = Instant::now();
            let slot = next_start.get(&action).map_or(now, |&next| next.max(now));
            next_start.insert(action, slot + spacing);
            slot
        };
        tokio::time::sleep_until(slot).await;
    }
}

/// Why [`Client::send`] returned no response.
#[derive(Debug)]
#[non_exhaustive]
pub enum ClientError<E> {
    /// The request could not be built: it breaks the spec's rules, there is
    /// no endpoint, or it could not be signed. Nothing was sent.
    Request(RequestError),
    /// The API answered, with an error (or an answer that is not the
    /// documented shape).
    Api(ApiError<E>),
    /// The API answered with an error worth repeating and asked, with
    /// `Retry-After`, to wait `retry_after` first; the client made no further
    /// attempt, because the wait is longer than [`RetryPolicy::max_delay`] or
    /// the last attempt was made. Send again `retry_after` later at the
    /// earliest (counted from when the error was returned, give or take the
    /// header's one-second resolution).
    RetryLater {
        /// The wait the server asked for.
        retry_after: Duration,
        /// The answer that asked for it.
        error: ApiError<E>,
    },
    /// No whole answer arrived within the request timeout. The request may
    /// have been processed, so it is not retried.
    Timeout {
        /// The request timeout that ran out.
        after: Duration,
    },
    /// The connection could not be made, or broke.
    Transport(TransportError),
}

impl<E: ServiceError> ClientError<E> {
    /// Whether sending the same request again may succeed and cannot apply it
    /// twice: a retryable answer ([`ApiError::is_retryable`]) or a connection
    /// that was never made.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Api(error) | Self::RetryLater { error, .. } => error.is_retryable(),
            Self::Transport(error) => error.is_connect(),
            Self::Request(_) | Self::Timeout { .. } => false,
        }
    }
}

impl<E> ClientError<E> {
    /// The API's error, if the API answered.
    pub fn api_error(&self) -> Option<&ApiError<E>> {
        match self {
            Self::Api(error) | Self::RetryLater { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The wait the server asked for before sending again, when the client
    /// stopped on an answer with a `Retry-After` ([`Self::RetryLater`]).
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::RetryLater { retry_after, .. } => Some(*retry_after),
            _ => None,
        }
    }

    /// The service's error code as a variant, if the service answered with one.
    pub fn service_error(&self) -> Option<&E> {
        self.api_error().and_then(ApiError::service_error)
    }

    /// The request ID, if an answer carried one.
    pub fn request_id(&self) -> Option<&str> {
        self.api_error().and_then(ApiError::request_id)
    }
}

impl<E: ServiceError> fmt::Display for ClientError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Request(error) => write!(f, "request not sent: {error}"),
            Self::Api(error) => write!(f, "the API answered with an error: {error}"),
            Self::RetryLater { retry_after, error } => write!(
                f,
                "the API answered with an error and asked to retry after {retry_after:?}: {error}"
            ),
            Self::Timeout { after } => {
                write!(f, "no answer within the request timeout of {after:?}")
            }
            Self::Transport(error) => write!(f, "{error}"),
        }
    }
}

impl<E: ServiceError + 'static> std::error::Error for ClientError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Request(error) => Some(error),
            Self::Api(error) | Self::RetryLater { error, .. } => Some(error),
            Self::Transport(error) => Some(error),
            Self::Timeout { .. } => None,
        }
    }
}

/// A connection that could not be made or broke before the whole answer
/// arrived. Shows the cause (refused, reset, TLS) but never the URL.
#[derive(Debug)]
pub struct TransportError {
    connect: bool,
    timed_out: bool,
    message: String,
    source: reqwest::Error,
}

impl TransportError {
    fn new(error: reqwest::Error, settings: &Settings) -> Self {
        // An Alibaba Cloud URL carries the request's parameters, which may be
        // sensitive; the error keeps no URL to show.
        let error = error.without_url();
        let mut message = error_chain(&error);
        if error.is_connect() && error.is_timeout() {
            message = format!("connect timeout of {:?}: {message}", settings.connect_timeout);
        }
        Self { connect: error.is_connect(), timed_out: error.is_timeout(), message, source: error }
    }

    /// The connection could not be made, so the request was not sent.
    pub fn is_connect(&self) -> bool {
        self.connect
    }

    /// A timeout ended the attempt (the connect timeout, for a connection failure).
    pub fn is_timeout(&self) -> bool {
        self.timed_out
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.connect { "could not connect" } else { "the connection failed" };
        write!(f, "{what}: {}", self.message)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// The HTTP stack could not be set up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError(String);

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the HTTP client could not be built: {}", self.0)
    }
}

impl std::error::Error for BuildError {}

/// An error and its causes, `: `-joined: reqwest's own message ("error
/// sending request") says little without hyper's and the OS's beneath it.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(next) = cause {
        let shown = next.to_string();
        if !text.ends_with(&shown) {
            text.push_str(": ");
            text.push_str(&shown);
        }
        cause = next.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACTION: ActionKey =
        ActionKey { service: "cam", version: "2019-01-16", action: "UpdateUser" };

    #[test]
    fn the_backoff_cap_doubles_up_to_the_maximum() {
        let policy = RetryPolicy::default()
            .with_base_delay(Duration::from_millis(100))
            .with_max_delay(Duration::from_millis(500));
        let caps: Vec<u128> = (1..=5).map(|n| policy.delay_cap(n).as_millis()).collect();
        assert_eq!(caps, [100, 200, 400, 500, 500]);
        assert_eq!(policy.delay_cap(u32::MAX), Duration::from_millis(500), "no overflow");
    }

    #[test]
    fn full_jitter_stays_within_the_cap_and_varies() {
        let policy = RetryPolicy::default()
            .with_base_delay(Duration::from_millis(100))
            .with_max_delay(Duration::from_secs(1));
        let waits: Vec<Duration> = (0..64).map(|_| policy.backoff(2)).collect();
        assert!(waits.iter().all(|wait| *wait <= Duration::from_millis(200)), "{waits:?}");
        assert!(waits.iter().any(|wait| *wait != waits[0]), "64 equal waits: no jitter");
        assert_eq!(
            RetryPolicy::default().with_base_delay(Duration::ZERO).backoff(3),
            Duration::ZERO
        );
    }

    /// 1994-11-06 08:49:37 UTC, the RFC's example date.
    const EXAMPLE: u64 = 784_111_777;

    fn at(unix_seconds: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(unix_seconds)
    }

    /// The `Retry-After` an answer with these headers asks for, at `now`.
    fn asked(headers: &[(&str, &[u8])], now: SystemTime) -> Option<Duration> {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            let name = http::header::HeaderName::from_bytes(name.as_bytes()).expect("a name");
            map.append(name, http::HeaderValue::from_bytes(value).expect("a header value"));
        }
        retry_after(&map, now)
    }

    fn asked_at(value: &str, now: SystemTime) -> Option<Duration> {
        asked(&[("retry-after", value.as_bytes())], now)
    }

    #[test]
    fn retry_after_reads_delta_seconds() {
        let now = SystemTime::now();
        assert_eq!(asked_at("1", now), Some(Duration::from_secs(1)));
        assert_eq!(asked_at("0", now), Some(Duration::ZERO));
        assert_eq!(asked_at("120", now), Some(Duration::from_secs(120)));
        assert_eq!(asked_at("007", now), Some(Duration::from_secs(7)));
        assert_eq!(asked_at(" 5 ", now), Some(Duration::from_secs(5)), "surrounding space");
        assert_eq!(asked(&[], now), None, "no header");
    }

    #[test]
    fn a_huge_retry_after_saturates_instead_of_being_dropped() {
        let now = SystemTime::now();
        let max = Some(Duration::from_secs(u64::MAX));
        assert_eq!(asked_at("18446744073709551615", now), max);
        assert_eq!(asked_at("18446744073709551616", now), max);
        assert_eq!(asked_at(&"9".repeat(400), now), max);
    }

    #[test]
    fn garbage_and_negative_retry_after_values_are_ignored() {
        let now = at(EXAMPLE);
        for value in [
            "",
            "-1",
            "+1",
            "1.5",
            "1e3",
            "0x10",
            "1 2",
            "soon",
            "１",
            "Sun, 06 Nov 1994",
            "GMT",
            // A weekday that is not the date's, a day the month lacks, wrong case,
            // an hour past 23, zones other than GMT, a three-digit year, a
            // one-digit hour, a four-digit year in the RFC 850 form.
            "Mon, 06 Nov 1994 08:49:37 GMT",
            "Fri, 30 Feb 2024 08:49:37 GMT",
            "sun, 06 nov 1994 08:49:37 gmt",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Nov 1994 08:49:37 +0000",
            "Sun, 06 Nov 994 08:49:37 GMT",
            "Sun, 06 Nov 1994 8:49:37 GMT",
            "Sunday, 06-Nov-1994 08:49:37 GMT",
        ] {
            assert_eq!(asked_at(value, now), None, "{value:?}");
        }
        assert_eq!(asked(&[("retry-after", b"\xff1")], now), None, "not text");
    }

    #[test]
    fn an_http_date_ahead_is_the_wait_until_it_in_all_three_forms() {
        let now = at(EXAMPLE - 7);
        for value in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            assert_eq!(asked_at(value, now), Some(Duration::from_secs(7)), "{value:?}");
        }
        // Far ahead: a date in 9999 is a wait of about 8000 years, not an error.
        let far = asked_at("Fri, 31 Dec 9999 23:59:59 GMT", now).expect("a valid date");
        assert!(far > Duration::from_secs(8_000 * 365 * 86_400), "{far:?}");
    }

    #[test]
    fn an_http_date_in_the_past_asks_for_no_wait() {
        let now = at(EXAMPLE + 100);
        assert_eq!(asked_at("Sun, 06 Nov 1994 08:49:37 GMT", now), Some(Duration::ZERO));
        assert_eq!(asked_at("Thu, 01 Jan 1970 00:00:00 GMT", now), Some(Duration::ZERO));
    }

    #[test]
    fn an_http_date_counts_from_the_answers_own_date() {
        // The client's clock is years off; the server's `Date` is the reference.
        let skewed = at(EXAMPLE + 10 * 365 * 86_400);
        let headers: [(&str, &[u8]); 2] = [
            ("date", b"Sun, 06 Nov 1994 08:49:00 GMT"),
            ("retry-after", b"Sun, 06 Nov 1994 08:49:37 GMT"),
        ];
        assert_eq!(asked(&headers, skewed), Some(Duration::from_secs(37)));
        // A `Date` that cannot be read leaves the local clock as the reference.
        let headers: [(&str, &[u8]); 2] =
            [("date", b"yesterday"), ("retry-after", b"Sun, 06 Nov 1994 08:49:37 GMT")];
        assert_eq!(asked(&headers, at(EXAMPLE - 3)), Some(Duration::from_secs(3)));
    }

    #[test]
    fn retry_after_is_a_floor_under_the_jittered_backoff() {
        let policy = RetryPolicy::default()
            .with_max_attempts(3)
            .with_base_delay(Duration::from_millis(100))
            .with_max_delay(Duration::from_secs(2));
        // Longer than any backoff of attempt 1 (at most 100 ms): exactly the server's wait.
        assert_eq!(
            policy.wait_after(1, Some(Duration::from_secs(1))),
            Some(Duration::from_secs(1))
        );
        // Shorter than the backoff's cap: the larger of the two, so never below either.
        let floor = Duration::from_millis(50);
        let waits: Vec<Duration> =
            (0..64).filter_map(|_| policy.wait_after(2, Some(floor))).collect();
        assert_eq!(waits.len(), 64);
        assert!(
            waits.iter().all(|w| (floor..=Duration::from_millis(200)).contains(w)),
            "{waits:?}"
        );
        assert!(waits.iter().any(|w| *w > floor), "the backoff still applies: {waits:?}");
        // Without the header, the backoff alone.
        let plain = policy.wait_after(1, None).expect("a retry");
        assert!(plain <= Duration::from_millis(100), "{plain:?}");
    }

    #[test]
    fn a_retry_after_beyond_the_max_delay_or_the_last_attempt_ends_the_attempts() {
        let policy = RetryPolicy::default()
            .with_max_attempts(3)
            .with_base_delay(Duration::ZERO)
            .with_max_delay(Duration::from_secs(1));
        assert_eq!(policy.max_delay(), Duration::from_secs(1));
        assert_eq!(
            policy.wait_after(1, Some(Duration::from_secs(1))),
            Some(Duration::from_secs(1))
        );
        assert_eq!(policy.wait_after(1, Some(Duration::from_millis(1001))), None);
        assert_eq!(policy.wait_after(1, Some(Duration::from_secs(u64::MAX))), None);
        assert_eq!(policy.wait_after(2, None), Some(Duration::ZERO));
        assert_eq!(policy.wait_after(3, None), None, "three attempts made");
        assert_eq!(policy.wait_after(3, Some(Duration::ZERO)), None);
    }

    #[test]
    fn at_least_one_attempt_is_made() {
        assert_eq!(RetryPolicy::default().with_max_attempts(0).max_attempts(), 1);
        assert_eq!(RetryPolicy::never().max_attempts(), 1);
    }

    /// On a paused clock, so the spacing is exact and the test takes no time.
    #[tokio::test(start_paused = true)]
    async fn requests_of_one_action_start_a_rate_interval_apart_across_clones() {
        let limiter = RateLimiter::default();
        let clone = limiter.clone();
        let start = Instant::now();
        let mut starts = Vec::new();
        for turn in 0..4 {
            let limiter = if turn % 2 == 0 { &limiter } else { &clone };
            limiter.wait_turn(ACTION, 20).await;
            starts.push(start.elapsed().as_millis());
        }
        assert_eq!(starts, [0, 50, 100, 150]);

        // Another action has a limit of its own.
        let other = ActionKey { action: "GetUser", ..ACTION };
        let before = Instant::now();
        limiter.wait_turn(other, 20).await;
        assert_eq!(before.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn a_slot_left_unused_is_not_saved_up() {
        let limiter = RateLimiter::default();
        limiter.wait_turn(ACTION, 10).await;
        tokio::time::sleep(Duration::from_secs(5)).await;
        let before = Instant::now();
        limiter.wait_turn(ACTION, 10).await;
        limiter.wait_turn(ACTION, 10).await;
        assert_eq!(before.elapsed(), Duration::from_millis(100), "no burst after a pause");
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_callers_are_spaced_too() {
        let limiter = RateLimiter::default();
        let start = Instant::now();
        let turns = (0..3).map(|_| {
            let limiter = limiter.clone();
            tokio::spawn(async move {
                limiter.wait_turn(ACTION, 4).await;
                start.elapsed().as_millis()
            })
        });
        let mut starts = Vec::new();
        for turn in turns.collect::<Vec<_>>() {
            starts.push(turn.await.expect("the waiting task does not panic"));
        }
        starts.sort_unstable();
        assert_eq!(starts, [0, 250, 500]);
    }
}
