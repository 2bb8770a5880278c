//! A real HTTP server on 127.0.0.1 for end-to-end tests of the client: it
//! checks each request's signature with [`crate::verify`], decodes the
//! request, and answers what the test's script says: the spec's doc example,
//! the provider's error envelope, or any status and body, after a delay and
//! with extra headers if asked.
//!
//! Three concerns, kept apart so the server can grow into a stand-in server
//! generated from the specs:
//! - **verification**: [`crate::verify`], independent of the runtime's signers;
//! - **the protocol**: a [`Router`] per wire protocol ([`tencent`], [`alibaba`])
//!   knows which signature to check, where the action and parameters travel,
//!   and how the provider wraps an error; both decode the parameters into the
//!   registered action's typed request with the runtime's own decoders, so a
//!   request the API would refuse is refused with the API's code;
//! - **the answers**: the test's script maps each verified, decoded [`Call`] to
//!   an [`Answer`]; [`Answer::Example`] is the spec's own example response.
//!
//! The server binds port 0 on 127.0.0.1 only, and stops when dropped (or when
//! the test's runtime ends), taking its open connections with it.

pub mod alibaba;
pub mod tencent;

use std::collections::{BTreeMap, HashSet};
use std::convert::Infallible;
use std::error::Error;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use cloud_api_types::Protocol;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::task::{JoinHandle, JoinSet};

use crate::verify::{Arrived, Keys, Rejection, Verified};

/// What the server answers a verified, decoded request with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The first doc example response of the action's spec, HTTP 200.
    Example,
    /// The provider's error envelope with this code and message. `status`
    /// is the HTTP status where the provider varies it (Alibaba Cloud);
    /// Tencent Cloud answers errors with 200 whatever it is.
    Error {
        /// The error code.
        code: String,
        /// The message.
        message: String,
        /// The HTTP status.
        status: u16,
    },
    /// This status and body, as they are: a gateway's failure, a broken body.
    Raw {
        /// The HTTP status.
        status: u16,
        /// The body.
        body: String,
    },
    /// The inner answer, after waiting this long.
    Delayed(Duration, Box<Answer>),
    /// The inner answer with these headers (name, value) added: `Retry-After`.
    WithHeaders(Vec<(String, String)>, Box<Answer>),
}

impl Answer {
    /// The provider's error envelope for `code`.
    pub fn error(code: &str, message: &str, status: u16) -> Self {
        Self::Error { code: code.to_owned(), message: message.to_owned(), status }
    }

    /// This answer with the header `name: value` added.
    pub fn with_header(self, name: &str, value: &str) -> Self {
        Self::WithHeaders(vec![(name.to_owned(), value.to_owned())], Box::new(self))
    }
}

/// A request that passed verification and decoding, as the script sees it.
#[derive(Debug, Clone)]
pub struct Call {
    /// The action (`UpdateUser`).
    pub action: String,
    /// The API version (`2019-01-16`).
    pub version: String,
    /// 1 for the first call of this action and version, 2 for the next, …
    pub attempt: usize,
    /// The parameters as they travelled: the JSON body (Tencent), or the
    /// query's flat name → value pairs as a JSON object of strings (Alibaba).
    pub parameters: Value,
    /// The typed request of the registered action, decoded from the body
    /// (`Operation::decode_request`'s decoder) or from the query
    /// (`Operation::decode_query`'s), encoded again as JSON by the generated
    /// type: deserialize it into the action's request type to compare.
    pub request: Value,
}

/// One request as the server saw it, whatever came of it.
#[derive(Debug, Clone)]
pub struct Received {
    /// When the whole request had arrived.
    pub at: Instant,
    /// The signature check's verdict.
    pub signature: Result<Verified, Rejection>,
    /// The decoded call, when the signature checked out and the request decoded.
    pub call: Option<Call>,
}

/// What a protocol's router gives the server: where the action and
/// parameters are, which signature to check, and the provider's error shape.
pub trait Router: Send + Sync + 'static {
    /// The provider module name (`tencentcloud`), for the spec examples and the registry.
    fn provider(&self) -> &'static str;

    /// Checks the signature; `used_nonces` holds the nonces seen before.
    fn verify(
        &self,
        arrived: &Arrived,
        keys: &Keys,
        now: SystemTime,
        used_nonces: &mut HashSet<String>,
    ) -> Result<Verified, Rejection>;

    /// The action, version and parameters, or the provider's refusal.
    fn decode(&self, arrived: &Arrived) -> Result<Call, Rejection>;

    /// The provider's error envelope for `code` and `message`: the status
    /// (where the provider varies it) and body. `arrived` gives what the
    /// provider echoes (Alibaba Cloud's `HostId`).
    fn error(&self, error: &ErrorAnswer<'_>, arrived: &Arrived) -> Reply;
}

/// An error a router wraps in its provider's envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorAnswer<'a> {
    /// The error code.
    pub code: &'a str,
    /// The message.
    pub message: &'a str,
    /// The HTTP status, where the provider varies it.
    pub status: u16,
    /// The request ID the server assigned.
    pub request_id: &'a str,
}

impl<'a> ErrorAnswer<'a> {
    fn of(rejection: &'a Rejection, request_id: &'a str) -> Self {
        Self {
            code: rejection.code,
            message: &rejection.message,
            status: rejection.status,
            request_id,
        }
    }
}

/// An HTTP status and a JSON (or any) body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The body.
    pub body: String,
}

/// The script: the answer to each call.
type Script = dyn Fn(&Call) -> Answer + Send + Sync;

struct State {
    router: Box<dyn Router>,
    keys: Keys,
    script: Box<Script>,
    received: Mutex<Vec<Received>>,
    used_nonces: Mutex<HashSet<String>>,
    examples: &'static Examples,
}

/// A running loopback server; stops when dropped.
pub struct LoopbackServer {
    address: SocketAddr,
    state: Arc<State>,
    accept: JoinHandle<()>,
}

impl LoopbackServer {
    /// Starts a server for `protocol` on 127.0.0.1 (a free port) that knows
    /// the key pairs in `keys` and answers each call with `script`'s answer.
    ///
    /// # Errors
    /// When the specs do not compile (their examples are the answers), the
    /// protocol has no router yet, or the port cannot be bound.
    pub async fn start(
        protocol: Protocol,
        keys: Keys,
        script: impl Fn(&Call) -> Answer + Send + Sync + 'static,
    ) -> Result<Self, Box<dyn Error>> {
        let router: Box<dyn Router> = match protocol {
            Protocol::TencentApi3 => Box::new(tencent::TencentApi3),
            Protocol::AlibabaRpc => Box::new(alibaba::AlibabaRpc),
            other => return Err(format!("no loopback router for {other:?}").into()),
        };
        let state = Arc::new(State {
            router,
            keys,
            script: Box::new(script),
            received: Mutex::default(),
            used_nonces: Mutex::default(),
            examples: Examples::from_specs()?,
        });
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let address = listener.local_addr()?;
        let accept = tokio::spawn(accept_loop(listener, Arc::clone(&state)));
        Ok(Self { address, state, accept })
    }

    /// The endpoint to give `SendConfig::with_endpoint`: `http://127.0.0.1:<port>`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Every request received so far, in arrival order.
    pub fn received(&self) -> Vec<Received> {
        lock(&self.state.received).clone()
    }
}

impl Drop for LoopbackServer {
    fn drop(&mut self) {
        // The accept task owns the connection tasks (a JoinSet), so aborting
        // it closes every connection too.
        self.accept.abort();
    }
}

/// A lock that a panicking test thread left behind is still usable: every
/// critical section here is a single push or insert.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

async fn accept_loop(listener: TcpListener, state: Arc<State>) {
    let mut connections = JoinSet::new();
    while let Ok((stream, _)) = listener.accept().await {
        while connections.try_join_next().is_some() {}
        let state = Arc::clone(&state);
        connections.spawn(async move {
            let service = service_fn(move |request| handle(Arc::clone(&state), request));
            // A client that hangs up mid-request is the client's business.
            let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
        });
    }
}

async fn handle(
    state: Arc<State>,
    request: hyper::Request<Incoming>,
) -> Result<hyper::Response<Full<Bytes>>, Infallible> {
    let (parts, body) = request.into_parts();
    let body = match body.collect().await {
        Ok(collected) => collected.to_bytes().to_vec(),
        Err(_) => return Ok(response(&Reply { status: 400, body: String::new() }, &[])),
    };
    let arrived = Arrived {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers,
        body,
    };
    let at = Instant::now();
    let (outcome, request_id) = {
        let signature = state.router.verify(
            &arrived,
            &state.keys,
            SystemTime::now(),
            &mut lock(&state.used_nonces),
        );
        let mut received = lock(&state.received);
        let request_id = format!("loopback-{}", received.len() + 1);
        let decoded = signature.as_ref().map_err(Clone::clone).and_then(|_| {
            let mut call = state.router.decode(&arrived)?;
            call.attempt = 1 + received
                .iter()
                .filter_map(|r| r.call.as_ref())
                .filter(|c| (&c.action, &c.version) == (&call.action, &call.version))
                .count();
            Ok(call)
        });
        let outcome = match &decoded {
            Ok(call) => Ok((call.clone(), (state.script)(call))),
            Err(rejection) => Err(rejection.clone()),
        };
        received.push(Received { at, signature, call: decoded.ok() });
        (outcome, request_id)
    };
    let mut headers = Vec::new();
    let reply = match outcome {
        Ok((call, answer)) => {
            render(&state, &call, answer, &arrived, &request_id, &mut headers).await
        }
        Err(rejection) => state.router.error(&ErrorAnswer::of(&rejection, &request_id), &arrived),
    };
    Ok(response(&reply, &headers))
}

/// The reply for `answer` to `call`, waiting first where it says so; the
/// headers it adds go to `headers`.
async fn render(
    state: &State,
    call: &Call,
    mut answer: Answer,
    arrived: &Arrived,
    request_id: &str,
    headers: &mut Vec<(String, String)>,
) -> Reply {
    loop {
        return match answer {
            Answer::Delayed(wait, inner) => {
                tokio::time::sleep(wait).await;
                answer = *inner;
                continue;
            }
            Answer::WithHeaders(added, inner) => {
                headers.extend(added);
                answer = *inner;
                continue;
            }
            Answer::Example => {
                let provider = state.router.provider();
                match state.examples.response(provider, &call.version, &call.action) {
                    Some(body) => Reply { status: 200, body: body.to_owned() },
                    None => Reply { status: 500, body: "the spec has no example response".into() },
                }
            }
            Answer::Error { code, message, status } => {
                let error = ErrorAnswer { code: &code, message: &message, status, request_id };
                state.router.error(&error, arrived)
            }
            Answer::Raw { status, body } => Reply { status, body },
        };
    }
}

/// The HTTP response for `reply`, with `headers` added; a header the test
/// wrote that HTTP cannot carry is left out (the test then sees it missing).
fn response(reply: &Reply, headers: &[(String, String)]) -> hyper::Response<Full<Bytes>> {
    let mut response = hyper::Response::new(Full::new(Bytes::from(reply.body.clone())));
    *response.status_mut() = hyper::StatusCode::from_u16(reply.status)
        .unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    if !reply.body.is_empty() {
        response.headers_mut().insert(
            hyper::header::CONTENT_TYPE,
            hyper::header::HeaderValue::from_static("application/json"),
        );
    }
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (
            hyper::header::HeaderName::from_bytes(name.as_bytes()),
            hyper::header::HeaderValue::from_str(value),
        ) {
            response.headers_mut().append(name, value);
        }
    }
    response
}

/// Each action's first doc example response, from the workspace's specs.
#[derive(Debug, Default)]
pub struct Examples {
    /// (provider, version, action) → response body.
    responses: BTreeMap<(String, String, String), String>,
}

impl Examples {
    /// The examples of the workspace's `specs/`, compiled once per test process.
    ///
    /// # Errors
    /// When the specs do not compile.
    pub fn from_specs() -> Result<&'static Self, String> {
        static EXAMPLES: OnceLock<Result<Examples, String>> = OnceLock::new();
        EXAMPLES
            .get_or_init(|| {
                let model = codegen::compile_dir(&crate::specs_dir()).map_err(|e| e.to_string())?;
                let mut responses = BTreeMap::new();
                for provider in &model.providers {
                    for service in &provider.services {
                        for action in &service.actions {
                            let first = action.examples.iter().find_map(|e| e.response.clone());
                            if let Some(body) = first {
                                let key = (
                                    provider.name.clone(),
                                    service.version.clone(),
                                    action.wire_name.clone(),
                                );
                                responses.insert(key, body);
                            }
                        }
                    }
                }
                Ok(Examples { responses })
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The example response of `action` at `version` of `provider`.
    pub fn response(&self, provider: &str, version: &str, action: &str) -> Option<&str> {
        self.responses
            .get(&(provider.to_owned(), version.to_owned(), action.to_owned()))
            .map(String::as_str)
    }
}

/// The registry entry of `action` at `version` of `provider`, if the
/// generated crate has one.
fn registered(
    provider: &str,
    version: &str,
    action: &str,
) -> Option<cloud_api_types::OperationInfo> {
    cloud_api_types::operations()
        .into_iter()
        .find(|op| (op.provider, op.version, op.action) == (provider, version, action))
}
