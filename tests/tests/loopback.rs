//! The client end to end over real HTTP on 127.0.0.1: each request is signed
//! by the runtime, checked by the server's own implementation of the vendor's
//! signature check (`tests/src/verify.rs`), decoded, and answered with the
//! spec's example or an error envelope; the client's typed result is asserted.
//!
//! Servers bind port 0 on 127.0.0.1 inside each test and stop with it; the
//! client ignores proxy variables, so no request leaves the machine.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use cloud_api_types::alibabacloud::{cloudsso::v20210515 as cloudsso, eiam::v20211201 as eiam};
use cloud_api_types::client::{Client, ClientError, RetryPolicy};
use cloud_api_types::tencentcloud::{
    cam::v20190116 as cam, ciam::v20220331 as ciam, organization::v20210331 as organization,
};
use cloud_api_types::wire::alibaba::flatten;
use cloud_api_types::{
    ApiError, Credentials, Operation, Protocol, RequestError, SendConfig, SigningParams,
};
use serde_json::Value;
use tests::loopback::{Answer, Call, LoopbackServer, Received};
use tests::verify::Keys;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const KEY_ID: &str = "AKIDLOOPBACKTEST";
const SECRET: &str = "loopback-secret-that-must-never-show";

fn keys() -> Keys {
    Keys::single(KEY_ID, SECRET)
}

/// Counts signatures: each attempt asks the config for a time and a nonce once.
#[derive(Clone, Default)]
struct SignatureCount(Arc<AtomicUsize>);

impl SignatureCount {
    fn get(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

/// A config for `server`, signing with `secret`, counting its signatures.
fn config(
    endpoint: &str,
    secret: &str,
    count: &SignatureCount,
) -> Result<SendConfig, RequestError> {
    let count = count.clone();
    let config = SendConfig::new(Credentials::new(KEY_ID, secret))
        .with_endpoint(endpoint)?
        // CIAM requires a region (and supports only this one); the others take any.
        .with_region("ap-singapore")
        .with_signing_params(move || {
            let n = count.0.fetch_add(1, Ordering::SeqCst);
            SigningParams::fixed(SystemTime::now(), format!("loopback-nonce-{n}"))
        });
    Ok(config)
}

/// Short timeouts and backoff so the whole file stays fast; no proxy, so
/// requests go straight to 127.0.0.1.
fn client(config: SendConfig) -> Result<Client, Box<dyn std::error::Error>> {
    client_with(config, fast_retries())
}

/// Three attempts, waits of 10 ms doubling up to 40 ms: a `Retry-After` of a
/// second or more is longer than this policy allows.
fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(3)
        .with_base_delay(Duration::from_millis(10))
        .with_max_delay(Duration::from_millis(40))
}

fn client_with(
    config: SendConfig,
    policy: RetryPolicy,
) -> Result<Client, Box<dyn std::error::Error>> {
    let client = Client::builder(config)
        .with_request_timeout(Duration::from_secs(5))
        .with_connect_timeout(Duration::from_secs(1))
        .with_retry_policy(policy)
        .without_proxy()
        .build()?;
    Ok(client)
}

async fn server_answering(
    protocol: Protocol,
    script: impl Fn(&Call) -> Answer + Send + Sync + 'static,
) -> Result<(LoopbackServer, Client, SignatureCount), Box<dyn std::error::Error>> {
    let server = LoopbackServer::start(protocol, keys(), script).await?;
    let count = SignatureCount::default();
    let client = client(config(&server.endpoint(), SECRET, &count)?)?;
    Ok((server, client, count))
}

/// Every request the server saw passed its signature check.
fn all_verified(received: &[Received]) -> Result<(), String> {
    for (index, request) in received.iter().enumerate() {
        if let Err(rejection) = &request.signature {
            return Err(format!("request {index} refused: {rejection:?}"));
        }
    }
    Ok(())
}

/// No output of `shown` contains the secret.
fn assert_no_secret(shown: &str) {
    assert!(!shown.contains(SECRET), "the secret leaked: {shown}");
}

/// Sends `request` as `O` to a server answering the spec's example, and
/// checks the typed response is the example's, the server saw one verified
/// request of the right action and version, the parameters that travelled are
/// the ones sent (the JSON body, or the flattened query), and the typed
/// request the server decoded from them equals the one sent.
async fn succeeds<O: Operation>(request: O::Request) -> TestResult
where
    O::Error: 'static,
    O::Request: PartialEq,
{
    let (server, client, _) = server_answering(O::PROTOCOL, |_| Answer::Example).await?;
    let response = client.send::<O>(&request).await?;

    let examples = tests::loopback::Examples::from_specs()?;
    let example = examples.response(O::PROVIDER, O::VERSION, O::ACTION).ok_or("no example")?;
    let expected = O::parse_response(example)?;
    assert_eq!(serde_json::to_value(&response)?, serde_json::to_value(&expected)?);

    let received = server.received();
    assert_eq!(received.len(), 1);
    all_verified(&received)?;
    let call = received[0].call.as_ref().ok_or("the request did not decode")?;
    assert_eq!((call.action.as_str(), call.version.as_str()), (O::ACTION, O::VERSION));
    let sent = serde_json::to_value(&request)?;
    let expected_parameters = match O::PROTOCOL {
        Protocol::AlibabaRpc => Value::Object(
            flatten(&sent)?.into_iter().map(|(name, value)| (name, Value::String(value))).collect(),
        ),
        _ => sent,
    };
    assert_eq!(call.parameters, expected_parameters);
    let received: O::Request = serde_json::from_value(call.request.clone())?;
    assert_eq!(received, request, "the server decoded another request than the one sent");
    Ok(())
}

#[tokio::test]
async fn cam_update_user_succeeds() -> TestResult {
    succeeds::<cam::UpdateUser>(
        cam::UpdateUserRequest::new("alice").with_remark("ops team").with_console_login(1),
    )
    .await
}

#[tokio::test]
async fn ciam_update_user_succeeds() -> TestResult {
    succeeds::<ciam::UpdateUser>(
        ciam::UpdateUserRequest::new("user-1", "pool-1").with_nickname("Alice"),
    )
    .await
}

#[tokio::test]
async fn organization_update_user_succeeds() -> TestResult {
    succeeds::<organization::UpdateUser>(
        organization::UpdateUserRequest::new("z-1", "u-1").with_new_display_name("Alice A."),
    )
    .await
}

#[tokio::test]
async fn cloudsso_update_user_succeeds() -> TestResult {
    succeeds::<cloudsso::UpdateUser>(
        cloudsso::UpdateUserRequest::new("d-1", "u-1").with_new_display_name("Zhang San"),
    )
    .await
}

#[tokio::test]
async fn eiam_update_user_succeeds_with_flattened_custom_fields() -> TestResult {
    succeeds::<eiam::UpdateUser>(
        eiam::UpdateUserRequest::new("idaas_1", "user_1")
            .with_display_name("Zhang San")
            .with_email("a+b@example.com")
            .with_email_verified(true)
            .with_custom_fields(vec![
                eiam::CustomField::new()
                    .with_field_name("nick_name")
                    .with_field_value("z/s 三")
                    .with_operation("add"),
            ]),
    )
    .await
}

#[tokio::test]
async fn eiam_booleans_integers_as_text_and_several_items_decode_typed_on_the_server() -> TestResult
{
    // Both booleans false (a value the query writes as text like any other),
    // text that looks like a number or a boolean in string fields, and
    // reserved characters in names' values: the server's typed request is
    // the one sent, not one guessed from the text.
    succeeds::<eiam::UpdateUser>(
        eiam::UpdateUserRequest::new("idaas_1", "user_1")
            .with_username("true")
            .with_phone_region("86")
            .with_phone_number("15600000000")
            .with_phone_number_verified(false)
            .with_email("x&y=z@example.com")
            .with_email_verified(false)
            .with_custom_fields(vec![
                eiam::CustomField::new().with_field_name("a.b").with_operation("add"),
                eiam::CustomField::new().with_field_value("1").with_operation("remove"),
                eiam::CustomField::new().with_field_name("三").with_field_value(""),
            ]),
    )
    .await
}

#[tokio::test]
async fn an_unvalidated_alibaba_request_the_api_refuses_is_answered_with_its_code() -> TestResult {
    // Sent without client-side validation, the request reaches the server,
    // which decodes the query into the typed request and refuses it as the
    // API would: HTTP 400 with the action's code, every problem named.
    let (server, _, _) = server_answering(Protocol::AlibabaRpc, |_| Answer::Example).await?;
    let count = SignatureCount::default();
    let client = client(config(&server.endpoint(), SECRET, &count)?.without_validation())?;
    let request = eiam::UpdateUserRequest::new("idaas_1", "user_1")
        .with_display_name("d".repeat(129))
        .with_email("a@example.com")
        .with_phone_number("12ab");
    let error = client.send::<eiam::UpdateUser>(&request).await.err().ok_or("a success")?;
    match error.api_error() {
        Some(ApiError::Service {
            error: eiam::UpdateUserError::InvalidParameter,
            status: Some(400),
            message,
            ..
        }) => {
            for named in ["DisplayName", "PhoneNumber", "EmailVerified"] {
                assert!(message.contains(named), "{named} is not named in: {message}");
            }
        }
        _ => panic!("expected InvalidParameter with HTTP 400, got {error:?}"),
    }
    let received = server.received();
    assert_eq!(received.len(), 1);
    all_verified(&received)?;
    assert!(received[0].call.is_none(), "a refused request reaches no script");
    Ok(())
}

#[tokio::test]
async fn a_tencent_error_envelope_is_the_typed_error_and_is_not_retried() -> TestResult {
    let (server, client, count) = server_answering(Protocol::TencentApi3, |_| {
        Answer::error("ResourceNotFound.UserNotExist", "The user does not exist.", 200)
    })
    .await?;
    let error = client
        .send::<cam::UpdateUser>(&cam::UpdateUserRequest::new("ghost"))
        .await
        .err()
        .ok_or("a success")?;
    match &error {
        ClientError::Api(ApiError::Service {
            error: cam::UpdateUserError::ResourceNotFoundUserNotExist,
            message,
            request_id,
            status,
            host_id,
            recommend,
        }) => {
            assert_eq!(message, "The user does not exist.");
            assert_eq!(request_id.as_deref(), Some("loopback-1"));
            assert_eq!(*status, Some(200), "Tencent answers errors with HTTP 200");
            assert_eq!((host_id, recommend), (&None, &None));
        }
        other => panic!("expected the typed service error, got {other:?}"),
    }
    assert!(!error.is_retryable());
    assert_eq!(server.received().len(), 1, "a non-retryable code is not retried");
    assert_eq!(count.get(), 1);
    assert_no_secret(&format!("{error} {error:?} {client:?}"));
    Ok(())
}

#[tokio::test]
async fn an_alibaba_error_envelope_keeps_status_host_id_and_recommend() -> TestResult {
    let (server, client, _) = server_answering(Protocol::AlibabaRpc, |_| {
        Answer::error(
            "ResourceDuplicated.Username",
            "The specified resource: Username already exist.",
            409,
        )
    })
    .await?;
    let request = eiam::UpdateUserRequest::new("idaas_1", "user_1").with_username("taken");
    let error = client.send::<eiam::UpdateUser>(&request).await.err().ok_or("a success")?;
    let ClientError::Api(ApiError::Service {
        error: code,
        message,
        request_id,
        status,
        host_id,
        recommend,
    }) = &error
    else {
        panic!("expected the typed service error, got {error:?}");
    };
    assert_eq!(*code, eiam::UpdateUserError::ResourceDuplicatedUsername);
    assert_eq!(message, "The specified resource: Username already exist.");
    assert_eq!(request_id.as_deref(), Some("loopback-1"));
    assert_eq!(*status, Some(409));
    let authority = server.endpoint().trim_start_matches("http://").to_owned();
    assert_eq!(host_id.as_deref(), Some(authority.as_str()));
    assert_eq!(
        recommend.as_deref(),
        Some("https://api.aliyun.com/troubleshoot?q=ResourceDuplicated.Username")
    );
    assert_eq!(server.received().len(), 1);
    assert_no_secret(&format!("{error} {error:?}"));
    Ok(())
}

#[tokio::test]
async fn an_alibaba_success_carrying_a_code_field_is_a_success() -> TestResult {
    let (server, client, _) = server_answering(Protocol::AlibabaRpc, |_| Answer::Raw {
        status: 200,
        body: r#"{"RequestId": "R", "Code": "200", "Success": true}"#.into(),
    })
    .await?;
    let request = eiam::UpdateUserRequest::new("idaas_1", "user_1");
    let response = client.send::<eiam::UpdateUser>(&request).await?;
    assert_eq!(response.request_id.as_deref(), Some("R"));
    assert_eq!(server.received().len(), 1);
    Ok(())
}

#[tokio::test]
async fn a_5xx_without_a_body_is_an_http_error() -> TestResult {
    let (server, client, _) = server_answering(Protocol::TencentApi3, |_| Answer::Raw {
        status: 502,
        body: String::new(),
    })
    .await?;
    let error = client
        .send::<cam::UpdateUser>(&cam::UpdateUserRequest::new("alice"))
        .await
        .err()
        .ok_or("a success")?;
    match error.api_error() {
        Some(ApiError::Http { status: 502, body, request_id: None }) => assert!(body.is_empty()),
        _ => panic!("expected ApiError::Http 502, got {error:?}"),
    }
    assert_eq!(server.received().len(), 1, "502 is not retryable (only 429 and 503 are)");
    Ok(())
}

#[tokio::test]
async fn a_malformed_success_body_is_kept_raw() -> TestResult {
    let body = r#"{"Response": {"Unexpected": true}"#;
    let (_server, client, _) = server_answering(Protocol::TencentApi3, move |_| Answer::Raw {
        status: 200,
        body: body.into(),
    })
    .await?;
    let error = client
        .send::<cam::UpdateUser>(&cam::UpdateUserRequest::new("alice"))
        .await
        .err()
        .ok_or("a success")?;
    match error.api_error() {
        Some(ApiError::Malformed { status: Some(200), body: raw, .. }) => assert_eq!(raw, body),
        _ => panic!("expected ApiError::Malformed, got {error:?}"),
    }
    Ok(())
}

#[tokio::test]
async fn a_retryable_code_is_retried_with_a_fresh_valid_signature() -> TestResult {
    let (server, client, count) = server_answering(Protocol::TencentApi3, |call| {
        if call.attempt == 1 {
            Answer::error("RequestLimitExceeded", "Too many requests.", 200)
        } else {
            Answer::Example
        }
    })
    .await?;
    let response = client.send::<cam::UpdateUser>(&cam::UpdateUserRequest::new("alice")).await?;
    assert!(!response.request_id.is_empty());

    let received = server.received();
    assert_eq!(received.len(), 2, "one refusal, one success");
    all_verified(&received)?;
    assert_eq!(count.get(), 2, "each attempt is signed anew");
    let attempts: Vec<usize> =
        received.iter().filter_map(|r| r.call.as_ref()).map(|c| c.attempt).collect();
    assert_eq!(attempts, [1, 2]);
    Ok(())
}

#[tokio::test]
async fn an_alibaba_retry_is_signed_with_a_new_nonce() -> TestResult {
    // 503 is retryable by HTTP's own rule; the server refuses a reused nonce,
    // so the success proves the second attempt was signed anew.
    let (server, client, _) = server_answering(Protocol::AlibabaRpc, |call| {
        if call.attempt == 1 {
            Answer::Raw { status: 503, body: String::new() }
        } else {
            Answer::Example
        }
    })
    .await?;
    client.send::<cloudsso::UpdateUser>(&cloudsso::UpdateUserRequest::new("d-1", "u-1")).await?;

    let received = server.received();
    all_verified(&received)?;
    let nonces: Vec<_> =
        received.iter().filter_map(|r| r.signature.as_ref().ok()?.nonce.clone()).collect();
    assert_eq!(nonces.len(), 2);
    assert_ne!(nonces[0], nonces[1]);
    Ok(())
}

#[tokio::test]
async fn retries_stop_at_max_attempts_with_the_last_error() -> TestResult {
    let (server, client, _) = server_answering(Protocol::TencentApi3, |call| {
        Answer::error("RequestLimitExceeded", &format!("refusal {}", call.attempt), 200)
    })
    .await?;
    let error = client
        .send::<cam::UpdateUser>(&cam::UpdateUserRequest::new("alice"))
        .await
        .err()
        .ok_or("a success")?;
    assert_eq!(server.received().len(), 3);
    match error {
        ClientError::Api(ApiError::Service { error, message, .. }) => {
            assert_eq!(error, cam::UpdateUserError::RequestLimitExceeded);
            assert_eq!(message, "refusal 3", "the last error is returned");
        }
        other => panic!("expected RequestLimitExceeded, got {other:?}"),
    }
    Ok(())
}

#[tokio::test]
async fn a_429_with_retry_after_is_retried_no_sooner_than_asked() -> TestResult {
    let server = LoopbackServer::start(Protocol::TencentApi3, keys(), |call| {
        if call.attempt == 1 {
            Answer::Raw { status: 429, body: String::new() }.with_header("Retry-After", "1")
        } else {
            Answer::Example
        }
    })
    .await?;
    // Retry-After counts whole seconds: the policy's max delay lets 1 s
    // through, and its backoff alone (at most 10 ms) would retry much sooner.
    let policy = fast_retries().with_max_delay(Duration::from_secs(2));
    let count = SignatureCount::default();
    let client = client_with(config(&server.endpoint(), SECRET, &count)?, policy)?;
    client.send::<cam::UpdateUser>(&cam::UpdateUserRequest::new("alice")).await?;

    let received = server.received();
    assert_eq!(received.len(), 2, "one 429, one success");
    all_verified(&received)?;
    // Measured on the server: the first request arrived before its answer
    // left, so the gap between arrivals bounds the client's wait from below.
    let gap = received[1].at.duration_since(received[0].at);
    assert!(gap >= Duration::from_secs(1), "retried {gap:?} after a Retry-After of 1 s");
    Ok(())
}

#[tokio::test]
async fn a_503_with_an_alibaba_error_body_is_retried() -> TestResult {
    // The body names a code no spec lists (so not retryable by its enum);
    // the status alone says the request may succeed later.
    let (server, client, count) = server_answering(Protocol::AlibabaRpc, |call| {
        if call.attempt == 1 {
            Answer::error("ServiceUnavailable", "temp", 503)
        } else {
            Answer::Example
        }
    })
    .await?;
    let request = eiam::UpdateUserRequest::new("idaas_1", "user_1");
    client.send::<eiam::UpdateUser>(&request).await?;

    let received = server.received();
    assert_eq!(received.len(), 2, "one 503, one success");
    all_verified(&received)?;
    assert_eq!(count.get(), 2, "each attempt is signed anew");
    Ok(())
}

#[tokio::test]
async fn a_429_with_an_error_body_waits_for_its_retry_after() -> TestResult {
    let server = LoopbackServer::start(Protocol::AlibabaRpc, keys(), |call| {
        if call.attempt == 1 {
            Answer::error("Throttling.User", "Request was denied due to user flow control.", 429)
                .with_header("Retry-After", "1")
        } else {
            Answer::Example
        }
    })
    .await?;
    // As for the empty 429 above: only the header can make the client wait a second.
    let policy = fast_retries().with_max_delay(Duration::from_secs(2));
    let count = SignatureCount::default();
    let client = client_with(config(&server.endpoint(), SECRET, &count)?, policy)?;
    client.send::<eiam::UpdateUser>(&eiam::UpdateUserRequest::new("idaas_1", "user_1")).await?;

    let received = server.received();
    assert_eq!(received.len(), 2, "one 429, one success");
    let gap = received[1].at.duration_since(received[0].at);
    assert!(gap >= Duration::from_secs(1), "retried {gap:?} after a Retry-After of 1 s");
    Ok(())
}

#[tokio::test]
async fn a_429_with_an_error_body_asking_for_longer_than_the_max_delay_is_returned_with_it()
-> TestResult {
    let (server, client, _) = server_answering(Protocol::AlibabaRpc, |_| {
        Answer::error("Throttling.User", "Request was denied due to user flow control.", 429)
            .with_header("Retry-After", "120")
    })
    .await?;
    let request = eiam::UpdateUserRequest::new("idaas_1", "user_1");
    let sent = client.send::<eiam::UpdateUser>(&request);
    let error = tokio::time::timeout(Duration::from_secs(10), sent)
        .await
        .map_err(|_| "the client waited for the Retry-After")?
        .err()
        .ok_or("a success")?;
    match &error {
        ClientError::RetryLater {
            retry_after,
            error: ApiError::Service { error, status: Some(429), .. },
        } => {
            assert_eq!(*retry_after, Duration::from_secs(120));
            assert_eq!(*error, eiam::UpdateUserError::Unknown("Throttling.User".into()));
        }
        other => panic!("expected RetryLater with the typed 429, got {other:?}"),
    }
    assert!(error.is_retryable());
    assert_eq!(server.received().len(), 1, "no retry");
    Ok(())
}

#[tokio::test]
async fn a_503_asking_for_longer_than_the_max_delay_is_returned_at_once_with_the_delay()
-> TestResult {
    let (server, client, count) = server_answering(Protocol::AlibabaRpc, |_| {
        Answer::Raw { status: 503, body: String::new() }.with_header("Retry-After", "120")
    })
    .await?;
    assert!(client.retry_policy().max_delay() < Duration::from_secs(120));
    // Bounded, so a client that sleeps the 120 s fails here instead of hanging.
    let request = cloudsso::UpdateUserRequest::new("d-1", "u-1");
    let sent = client.send::<cloudsso::UpdateUser>(&request);
    let error = tokio::time::timeout(Duration::from_secs(10), sent)
        .await
        .map_err(|_| "the client waited for the Retry-After")?
        .err()
        .ok_or("a success")?;

    match &error {
        ClientError::RetryLater { retry_after, error: ApiError::Http { status: 503, .. } } => {
            assert_eq!(*retry_after, Duration::from_secs(120));
        }
        other => panic!("expected RetryLater with the 503, got {other:?}"),
    }
    assert_eq!(error.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(error.api_error().and_then(ApiError::status), Some(503));
    assert!(error.is_retryable(), "the request may be sent again, later");
    assert_eq!(
        error.to_string(),
        "the API answered with an error and asked to retry after 120s: HTTP 503 with an empty body"
    );
    assert_eq!(server.received().len(), 1, "no retry");
    assert_eq!(count.get(), 1);
    Ok(())
}

#[tokio::test]
async fn the_last_attempt_reports_the_retry_after_it_did_not_wait_for() -> TestResult {
    let server = LoopbackServer::start(Protocol::TencentApi3, keys(), |_| {
        Answer::error("RequestLimitExceeded", "Too many requests.", 200)
            .with_header("Retry-After", "1")
    })
    .await?;
    let count = SignatureCount::default();
    let client = client_with(config(&server.endpoint(), SECRET, &count)?, RetryPolicy::never())?;
    let error = client
        .send::<cam::UpdateUser>(&cam::UpdateUserRequest::new("alice"))
        .await
        .err()
        .ok_or("a success")?;
    assert!(matches!(error, ClientError::RetryLater { .. }), "{error:?}");
    assert_eq!(error.retry_after(), Some(Duration::from_secs(1)));
    assert_eq!(error.service_error(), Some(&cam::UpdateUserError::RequestLimitExceeded));
    assert_eq!(error.request_id(), Some("loopback-1"));
    assert_eq!(server.received().len(), 1);
    Ok(())
}

#[tokio::test]
async fn an_unreadable_retry_after_falls_back_to_the_backoff() -> TestResult {
    // Read as any wait above 40 ms, either value would end the attempts
    // (the policy's max delay); the success shows both were ignored.
    let (server, client, _) = server_answering(Protocol::TencentApi3, |call| {
        let status = Answer::Raw { status: 503, body: String::new() };
        match call.attempt {
            1 => status.with_header("Retry-After", "soon"),
            2 => status.with_header("Retry-After", "-1"),
            _ => Answer::Example,
        }
    })
    .await?;
    client.send::<cam::UpdateUser>(&cam::UpdateUserRequest::new("alice")).await?;
    assert_eq!(server.received().len(), 3);
    Ok(())
}

#[tokio::test]
async fn a_retry_after_on_an_error_not_worth_repeating_changes_nothing() -> TestResult {
    let (server, client, _) = server_answering(Protocol::TencentApi3, |_| {
        Answer::Raw { status: 502, body: String::new() }.with_header("Retry-After", "1")
    })
    .await?;
    let error = client
        .send::<cam::UpdateUser>(&cam::UpdateUserRequest::new("alice"))
        .await
        .err()
        .ok_or("a success")?;
    assert!(matches!(error, ClientError::Api(ApiError::Http { status: 502, .. })), "{error:?}");
    assert_eq!(error.retry_after(), None);
    assert_eq!(server.received().len(), 1);
    Ok(())
}

#[tokio::test]
async fn a_wrong_secret_is_refused_by_the_tencent_verifier() -> TestResult {
    let server = LoopbackServer::start(Protocol::TencentApi3, keys(), |_| Answer::Example).await?;
    let count = SignatureCount::default();
    let client = client(config(&server.endpoint(), "not-the-secret", &count)?)?;
    let error = client
        .send::<cam::UpdateUser>(&cam::UpdateUserRequest::new("alice"))
        .await
        .err()
        .ok_or("a tampered signature was accepted")?;
    assert_eq!(
        error.service_error(),
        Some(&cam::UpdateUserError::Unknown("AuthFailure.SignatureFailure".into()))
    );
    let received = server.received();
    assert_eq!(received.len(), 1);
    let rejection = received[0].signature.as_ref().err().ok_or("the server accepted it")?;
    assert_eq!(rejection.code, "AuthFailure.SignatureFailure");
    assert!(received[0].call.is_none(), "a refused request reaches no script");
    Ok(())
}

#[tokio::test]
async fn a_wrong_secret_is_refused_by_the_alibaba_verifier() -> TestResult {
    let server = LoopbackServer::start(Protocol::AlibabaRpc, keys(), |_| Answer::Example).await?;
    let count = SignatureCount::default();
    let client = client(config(&server.endpoint(), "not-the-secret", &count)?)?;
    let error = client
        .send::<eiam::UpdateUser>(&eiam::UpdateUserRequest::new("idaas_1", "user_1"))
        .await
        .err()
        .ok_or("a tampered signature was accepted")?;
    match error.api_error() {
        Some(ApiError::Service {
            error,
            status: Some(400),
            host_id: Some(_),
            recommend: Some(_),
            ..
        }) => {
            assert_eq!(error.to_string(), "SignatureDoesNotMatch");
        }
        _ => panic!("expected SignatureDoesNotMatch with HTTP 400, got {error:?}"),
    }
    assert_eq!(server.received().len(), 1);
    Ok(())
}

#[tokio::test]
async fn the_rate_limit_spaces_requests_of_one_action_across_clones() -> TestResult {
    // CAM documents 20 requests a second: four requests start 50 ms apart at
    // least, so the server sees them spread over 150 ms or more. The bound is
    // checked with a third off, as the first request's connection set-up
    // counts against it; the client's own test checks exact spacing on a
    // paused clock.
    assert_eq!(cam::UpdateUser::RATE_LIMIT_PER_SECOND, Some(20));
    let (server, client, _) = server_answering(Protocol::TencentApi3, |_| Answer::Example).await?;
    let request = cam::UpdateUserRequest::new("alice");
    let (a, b) = (client.clone(), client.clone());
    let results = tokio::join!(
        a.send::<cam::UpdateUser>(&request),
        b.send::<cam::UpdateUser>(&request),
        client.send::<cam::UpdateUser>(&request),
        a.send::<cam::UpdateUser>(&request),
    );
    for result in [results.0, results.1, results.2, results.3] {
        result?;
    }
    let received = server.received();
    assert_eq!(received.len(), 4);
    let first = received.iter().map(|r| r.at).min().ok_or("no request")?;
    let last = received.iter().map(|r| r.at).max().ok_or("no request")?;
    let spread = last.duration_since(first);
    assert!(spread >= Duration::from_millis(100), "4 requests arrived within {spread:?}");
    Ok(())
}

/// On a paused clock, so a turn's start is exact: each signature records
/// the (paused) moment it was made, which is when its turn came.
#[tokio::test(start_paused = true)]
async fn an_invalid_request_returns_at_once_and_takes_no_turn_of_the_rate_limit() -> TestResult {
    assert_eq!(cam::UpdateUser::RATE_LIMIT_PER_SECOND, Some(20), "turns 50 ms apart");
    let server = LoopbackServer::start(Protocol::TencentApi3, keys(), |_| Answer::Example).await?;
    let signed_at = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&signed_at);
    let config = SendConfig::new(Credentials::new(KEY_ID, SECRET))
        .with_endpoint(&server.endpoint())?
        .with_signing_params(move || {
            let mut signed_at = record.lock().unwrap_or_else(PoisonError::into_inner);
            signed_at.push(tokio::time::Instant::now());
            SigningParams::fixed(SystemTime::now(), format!("paused-nonce-{}", signed_at.len()))
        });
    let client = client_with(config, RetryPolicy::never())?;
    let start = tokio::time::Instant::now();

    let invalid = cam::UpdateUserRequest::new("alice").with_need_reset_password(2);
    let error = client.send::<cam::UpdateUser>(&invalid).await.err().ok_or("sent")?;
    assert!(matches!(error, ClientError::Request(RequestError::Invalid(_))), "{error:?}");
    assert_eq!(start.elapsed(), Duration::ZERO, "refused without waiting for a turn");

    // The answers do not matter here (the paused clock may end a wait for
    // them early): only when each valid request got its turn does.
    let valid = cam::UpdateUserRequest::new("alice");
    let _ = client.send::<cam::UpdateUser>(&valid).await;
    let _ = client.send::<cam::UpdateUser>(&valid).await;
    let turns: Vec<Duration> = signed_at
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .iter()
        .map(|at| at.duration_since(start))
        .collect();
    assert_eq!(turns.len(), 2, "the invalid request was never signed: {turns:?}");
    assert_eq!(turns[0], Duration::ZERO, "the first valid request had the first turn");
    assert!(turns[1] >= Duration::from_millis(50), "the limit still spaces turns: {turns:?}");
    Ok(())
}

#[tokio::test]
async fn a_request_that_cannot_be_encoded_is_refused_before_its_turn_and_its_signature()
-> TestResult {
    let server = LoopbackServer::start(Protocol::AlibabaRpc, keys(), |_| Answer::Example).await?;
    let signed = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&signed);
    let config = SendConfig::new(Credentials::new(KEY_ID, SECRET))
        .with_endpoint(&server.endpoint())?
        .with_signing_params(move || {
            count.fetch_add(1, Ordering::SeqCst);
            SigningParams::fixed(SystemTime::now(), "nonce".to_owned())
        });
    let client = client_with(config, RetryPolicy::never())?;
    // A list item with nothing to send cannot be numbered on the wire.
    let request = eiam::UpdateUserRequest::new("idaas_1", "user_1")
        .with_custom_fields(vec![eiam::CustomField::new()]);
    let error = client.send::<eiam::UpdateUser>(&request).await.err().ok_or("sent")?;
    assert!(
        matches!(&error, ClientError::Request(RequestError::EmptyListItem { .. })),
        "{error:?}"
    );
    // Found before any turn of a rate limit is taken, so before signing too.
    assert_eq!(signed.load(Ordering::SeqCst), 0, "refused before it was signed");
    assert!(server.received().is_empty());
    Ok(())
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout_and_is_not_retried() -> TestResult {
    let server = LoopbackServer::start(Protocol::TencentApi3, keys(), |_| {
        Answer::Delayed(Duration::from_secs(3), Box::new(Answer::Example))
    })
    .await?;
    let count = SignatureCount::default();
    let client = Client::builder(config(&server.endpoint(), SECRET, &count)?)
        .with_request_timeout(Duration::from_millis(200))
        .without_proxy()
        .build()?;
    let error = client
        .send::<cam::UpdateUser>(&cam::UpdateUserRequest::new("alice"))
        .await
        .err()
        .ok_or("no timeout")?;
    assert!(
        matches!(error, ClientError::Timeout { after } if after == Duration::from_millis(200)),
        "{error:?}"
    );
    assert_eq!(error.to_string(), "no answer within the request timeout of 200ms");
    assert_eq!(server.received().len(), 1, "the request may have been processed");
    Ok(())
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_reported() -> TestResult {
    // A port that was just free: nothing listens there, so connecting fails
    // at once and the request is never sent, which makes retrying it safe.
    let port = tokio::net::TcpListener::bind("127.0.0.1:0").await?.local_addr()?.port();
    let count = SignatureCount::default();
    let client = client(config(&format!("http://127.0.0.1:{port}"), SECRET, &count)?)?;
    let error = client
        .send::<eiam::UpdateUser>(&eiam::UpdateUserRequest::new("idaas_1", "user_1"))
        .await
        .err()
        .ok_or("something answered")?;
    let ClientError::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}");
    };
    assert!(transport.is_connect(), "{transport}");
    assert!(error.to_string().starts_with("could not connect: "), "{error}");
    assert_eq!(count.get(), 3, "every attempt is made and signed anew");
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("InstanceId"), "the URL and its parameters stay out: {shown}");
    assert_no_secret(&shown);
    Ok(())
}

#[tokio::test]
async fn an_invalid_request_is_not_sent() -> TestResult {
    let (server, client, count) =
        server_answering(Protocol::TencentApi3, |_| Answer::Example).await?;
    // NeedResetPassword is 0 or 1 (blocking); the weak password breaks only
    // the page's default policy (advisory), which rides along in the report.
    let invalid =
        cam::UpdateUserRequest::new("alice").with_password("weak").with_need_reset_password(2);
    let error = client
        .send::<cam::UpdateUser>(&invalid)
        .await
        .err()
        .ok_or("an invalid request was sent")?;
    assert!(matches!(error, ClientError::Request(RequestError::Invalid(_))), "{error:?}");
    assert!(!format!("{error} {error:?}").contains("weak"), "the password stays out of errors");
    assert_eq!(server.received().len(), 0);
    assert_eq!(count.get(), 0);
    Ok(())
}

/// A caller on a multi-threaded runtime spawns `send`'s future, so it must be `Send`.
#[test]
fn the_send_future_can_be_spawned() -> TestResult {
    fn assert_send<T: Send>(_: &T) {}
    let client = Client::new(SendConfig::new(Credentials::new(KEY_ID, SECRET)))?;
    let request = cam::UpdateUserRequest::new("alice");
    let future = client.send::<cam::UpdateUser>(&request);
    assert_send(&future);
    Ok(())
}
