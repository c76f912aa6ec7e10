//! Traces under a hostile server and a client that sends secrets: a subscriber
//! that listens to every target (reqwest, hyper, hyper-util, rustls and the
//! core alike) at TRACE and records every span field, recorded value, event
//! field and message never sees a secret or a personal value, in any form
//! (as sent, upper or lower case, percent-encoded, base64, split in parts).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use std::sync::Arc;

use base64::Engine as _;
use txstatus_core::{
    ManualClock, SecretString,
    provider::{
        BearerToken, FormValue, RequestSpec, RetryClass, get_url_under,
        header::{HeaderName, HeaderValue},
        sensitive_value,
    },
    test_util::TraceCapture,
};

/// The bearer token the client sends.
const TOKEN: &str = "sk_Live_TrAcEtOkEn_7Qx2";
/// A client secret sent in a form body.
const CLIENT_SECRET: &str = "cs_TrAcEcLiEnT_Secret_41";
/// An idempotency key sent as a header.
const IDEMPOTENCY: &str = "idem_TrAcEkEy_Zz90";
/// A secret the server hands out (a session cookie, a signed link's token).
const SERVER_SECRET: &str = "srv_TrAcEsEsSiOn_Tok_55";
/// Halves of one secret the server splits across two headers.
const SPLIT: [&str; 2] = ["HalfOneTrAcE", "HalfTwoTrAcE"];

/// Personal values, from the client (ids, bodies, queries) or the server.
const PERSONAL: &[&str] = &[
    "Jannetje Tracevrouw",
    "jannetje.trace@example.com",
    "1984-02-29",
    "Traceweg 12",
    "NLDOC778899",
    "https://photos.example/jannetje.jpg",
];

/// Every form a marker could be written in.
fn forms(marker: &str) -> Vec<String> {
    let percent: String = marker
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let b64 = base64::engine::general_purpose::STANDARD;
    let b64url = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut all = vec![
        marker.to_owned(),
        marker.to_ascii_uppercase(),
        marker.to_ascii_lowercase(),
        percent.clone(),
        percent.to_ascii_lowercase(),
        marker.replace(' ', "+"),
        b64.encode(marker).trim_end_matches('=').to_owned(),
        b64url.encode(marker),
    ];
    // Every word of a multi-word value on its own (a name split into fields).
    all.extend(
        marker
            .split([' ', '@', '/', '.', ':'])
            .filter(|word| word.len() >= 6)
            .map(str::to_owned),
    );
    all
}

fn markers() -> Vec<String> {
    let mut all = Vec::new();
    for marker in [TOKEN, CLIENT_SECRET, IDEMPOTENCY, SERVER_SECRET]
        .iter()
        .chain(SPLIT.iter())
        .chain(PERSONAL.iter())
    {
        all.extend(forms(marker));
    }
    // Basic authorization as a client would build it.
    all.push(base64::engine::general_purpose::STANDARD.encode(format!("client:{CLIENT_SECRET}")));
    all
}

/// Everything traced ([`TraceCapture`]), with this file's check.
#[derive(Clone, Default)]
struct Everything(TraceCapture);

impl Everything {
    fn text(&self) -> String {
        self.0.text()
    }

    /// Fails naming the marker and the line it was found on.
    fn assert_clean(&self, what: &str) {
        let text = self.text();
        assert!(!text.is_empty(), "{what}: nothing was traced");
        for marker in markers() {
            for line in text.lines() {
                assert!(
                    !line.contains(&marker),
                    "{what}: {marker:?} in a trace line: {line}"
                );
            }
        }
    }
}

/// Header lines a hostile server answers with: secrets and personal values in
/// the request id, a redirect, an authentication challenge, a cookie, its own
/// headers, a secret split over two of them.
fn hostile_headers(mock: mockito::Mock) -> mockito::Mock {
    mock.with_header("Request-Id", SERVER_SECRET)
        .with_header("X-Request-Id", PERSONAL[1])
        .with_header(
            "Location",
            &format!(
                "https://elsewhere.example/{}?access_token={SERVER_SECRET}&email={}",
                PERSONAL[0].replace(' ', "%20"),
                PERSONAL[1]
            ),
        )
        .with_header(
            "WWW-Authenticate",
            &format!(
                r#"Bearer realm="x", error="invalid_token", error_description="{TOKEN} for {}""#,
                PERSONAL[0]
            ),
        )
        .with_header(
            "Set-Cookie",
            &format!("session={SERVER_SECRET}; Path=/; HttpOnly"),
        )
        .with_header("X-Echo-Person", &format!("{} {}", PERSONAL[0], PERSONAL[2]))
        .with_header("X-Part-A", SPLIT[0])
        .with_header("X-Part-B", SPLIT[1])
}

/// An error body quoting everything the client sent and more.
fn hostile_body() -> String {
    format!(
        r#"{{"error":"invalid_client","error_description":"{CLIENT_SECRET} {TOKEN}","name":"{}","email":"{}","birth":"{}","address":"{}","document":"{}","photo":"{}","split":["{}","{}"]}}"#,
        PERSONAL[0],
        PERSONAL[1],
        PERSONAL[2],
        PERSONAL[3],
        PERSONAL[4],
        PERSONAL[5],
        SPLIT[0],
        SPLIT[1]
    )
}

/// Every way the client sends a secret or a personal value: the bearer token,
/// a personal id in the path, a query, an idempotency key header and a body.
fn client_secrets(spec: RequestSpec) -> RequestSpec {
    spec.id_segment(PERSONAL[0])
        .id_segment(PERSONAL[1])
        .query("email", PERSONAL[1])
        .query("access_token", SERVER_SECRET)
        .query("birth", PERSONAL[2])
        .header(
            HeaderName::from_static("idempotency-key"),
            sensitive_value(IDEMPOTENCY).unwrap(),
        )
        .header(
            HeaderName::from_static("x-document"),
            HeaderValue::from_static(PERSONAL[4]),
        )
}

fn service_with_token(
    server: &mockito::Server,
    clock: &ManualClock,
) -> txstatus_core::provider::Service {
    let bearer = BearerToken::new("test", &SecretString::from(TOKEN)).unwrap();
    support::service(&server.url(), clock).with_auth(Arc::new(bearer))
}

#[tokio::test]
async fn every_answer_a_hostile_server_gives_leaves_no_secret_or_personal_value_in_any_trace() {
    // Each status the core treats differently: a redirect (not followed), an
    // authentication challenge (refreshed once), a client error, a retried 503
    // then a success, a 429 asking for a wait.
    for status in [302_usize, 307, 401, 403, 422, 503, 429, 200] {
        let mut server = mockito::Server::new_async().await;
        for method in ["GET", "POST"] {
            hostile_headers(
                server
                    .mock(method, mockito::Matcher::Any)
                    .with_status(status)
                    .with_header("Retry-After", "0")
                    .with_body(hostile_body()),
            )
            .create_async()
            .await;
        }
        let recorder = Everything::default();
        let _guard = txstatus_core::test_util::set_test_subscriber(recorder.0.clone());
        let clock = ManualClock::new();
        let service = service_with_token(&server, &clock);
        let json = RequestSpec::post("create_thing")
            .segment("things")
            .json_body(hostile_body())
            .retry(RetryClass::Idempotent);
        let _ = service.execute(client_secrets(json)).await;
        let form = RequestSpec::post("token")
            .segment("oauth")
            .form_body(vec![
                ("grant_type", FormValue::Plain("client_credentials".into())),
                ("client_id", FormValue::Plain(PERSONAL[1].into())),
                (
                    "client_secret",
                    FormValue::Secret(SecretString::from(CLIENT_SECRET)),
                ),
            ])
            .retry(RetryClass::Idempotent);
        let _ = service.execute(form).await;
        let get = client_secrets(RequestSpec::get("get_thing").segment("things"));
        let _ = service.execute(get).await;
        recorder.assert_clean(&format!("HTTP {status}"));
    }
}

#[tokio::test]
async fn a_provider_link_with_personal_path_and_token_query_is_traced_as_a_template() {
    let mut server = mockito::Server::new_async().await;
    hostile_headers(
        server
            .mock("GET", mockito::Matcher::Any)
            .with_status(404)
            .with_body(hostile_body()),
    )
    .create_async()
    .await;
    let recorder = Everything::default();
    let _guard = txstatus_core::test_util::set_test_subscriber(recorder.0.clone());
    let clock = ManualClock::new();
    let service = service_with_token(&server, &clock);
    let link = format!(
        "{}/files/{}/{}?access_token={SERVER_SECRET}&X-Sig={TOKEN}",
        server.url(),
        PERSONAL[0].replace(' ', "%20"),
        PERSONAL[4]
    );
    let spec = get_url_under("test", "download", service.base_url(), &link, &["files"]).unwrap();
    service.execute(spec).await.unwrap_err();
    let text = recorder.text();
    assert!(text.contains("/files/{id}/{id}"), "{text}");
    recorder.assert_clean("a provider's link");
}

#[tokio::test]
async fn failures_on_the_way_leave_no_secret_or_personal_value_in_any_trace() {
    // Nothing listens: the connection is refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // A server that sends headers, then closes before the promised body.
    let cut = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let cut_url = format!("http://{}", cut.local_addr().unwrap());
    tokio::spawn(async move {
        use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
        while let Ok((mut stream, _)) = cut.accept().await {
            let mut buffer = [0u8; 4096];
            let _ = stream.read(&mut buffer).await;
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-length: 1000\r\nRequest-Id: {SERVER_SECRET}\r\nX-Person: {}\r\n\r\n{{\"name\":\"{}\"",
                PERSONAL[0], PERSONAL[0]
            );
            let _ = stream.write_all(head.as_bytes()).await;
        }
    });
    // A server that answers a status line no HTTP parser takes, quoting secrets.
    let junk = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let junk_url = format!("http://{}", junk.local_addr().unwrap());
    tokio::spawn(async move {
        use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
        while let Ok((mut stream, _)) = junk.accept().await {
            let mut buffer = [0u8; 4096];
            let _ = stream.read(&mut buffer).await;
            let line = format!("HTTP/1.1 2{SERVER_SECRET} {}\r\n\r\n", PERSONAL[1]);
            let _ = stream.write_all(line.as_bytes()).await;
        }
    });
    let recorder = Everything::default();
    let _guard = txstatus_core::test_util::set_test_subscriber(recorder.0.clone());
    for base in [format!("http://127.0.0.1:{port}"), cut_url, junk_url] {
        let clock = ManualClock::new();
        let bearer = BearerToken::new("test", &SecretString::from(TOKEN)).unwrap();
        let service = support::service(&base, &clock).with_auth(Arc::new(bearer));
        let spec = client_secrets(RequestSpec::get("get_thing").segment("things"))
            .retry(RetryClass::NeverResend);
        service.execute(spec).await.unwrap_err();
    }
    recorder.assert_clean("transport failures");
}

/// A JWT the token endpoint issues.
const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJUckFjRUp3dCJ9.TrAcEjWtSiGnAtUrE_88";

/// An OAuth client-credentials source: the client secret in a form body, the
/// token read from the endpoint's JSON answer.
#[derive(Debug)]
struct OauthSource(txstatus_core::provider::Service);

impl txstatus_core::provider::TokenSource for OauthSource {
    fn fetch(
        &self,
    ) -> txstatus_core::BoxFuture<'_, txstatus_core::Result<txstatus_core::provider::IssuedToken>>
    {
        Box::pin(async move {
            #[derive(serde::Deserialize)]
            struct Answer {
                access_token: String,
            }
            let form = RequestSpec::post("token")
                .segment("oauth")
                .segment("token")
                .without_auth()
                .form_body(vec![
                    ("grant_type", FormValue::Plain("client_credentials".into())),
                    ("client_id", FormValue::Plain(PERSONAL[1].into())),
                    (
                        "client_secret",
                        FormValue::Secret(SecretString::from(CLIENT_SECRET)),
                    ),
                ])
                .retry(RetryClass::Idempotent);
            let answer = self
                .0
                .execute(form)
                .await?
                .decode_json::<Answer>()?
                .into_value();
            Ok(txstatus_core::provider::IssuedToken {
                token: SecretString::from(answer.access_token),
                expires_in: std::time::Duration::from_secs(3600),
            })
        })
    }

    fn any_secret(&self, found: &mut dyn FnMut(&str) -> bool) -> bool {
        found(CLIENT_SECRET)
    }
}

#[tokio::test]
async fn a_failing_token_endpoint_a_401_refresh_and_a_failed_decode_leave_no_secret_in_any_trace() {
    let mut server = mockito::Server::new_async().await;
    // The token endpoint: a refusal quoting the secret, a token body that does
    // not decode (quoting it too), then a JWT.
    for (status, body) in [
        (400, hostile_body()),
        (
            200,
            format!(
                r#"{{"access_token":7,"echo":"{CLIENT_SECRET}","name":"{}"}}"#,
                PERSONAL[0]
            ),
        ),
        (
            200,
            format!(r#"{{"access_token":"{JWT}","token_type":"Bearer","expires_in":3600}}"#),
        ),
    ] {
        hostile_headers(
            server
                .mock("POST", "/oauth/token")
                .with_status(status)
                .with_body(body)
                .expect_at_most(1),
        )
        .create_async()
        .await;
    }
    // The API: a 401 quoting the JWT (refreshed once), then a body of personal
    // values that does not decode as asked.
    hostile_headers(
        server
            .mock("GET", mockito::Matcher::Regex("^/things/".into()))
            .with_status(401)
            .with_header("X-Echo-Token", JWT)
            .with_body(format!(r#"{{"error":"invalid_token {JWT}"}}"#))
            .expect_at_most(1),
    )
    .create_async()
    .await;
    hostile_headers(
        server
            .mock("GET", mockito::Matcher::Regex("^/things/".into()))
            .with_status(200)
            .with_body(hostile_body()),
    )
    .create_async()
    .await;
    let recorder = Everything::default();
    let _guard = txstatus_core::test_util::set_test_subscriber(recorder.0.clone());
    let clock = ManualClock::new();
    let source = OauthSource(support::service(&server.url(), &clock));
    let auth = Arc::new(txstatus_core::provider::CachedToken::new(
        Arc::new(source),
        Arc::new(clock.clone()),
    ));
    let service = support::service(&server.url(), &clock).with_auth(auth);
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Thing {
        name: u64,
    }
    for _ in 0..4 {
        let get = client_secrets(RequestSpec::get("get_thing").segment("things"));
        if let Ok(answer) = service.execute(get).await {
            answer.decode_json::<Thing>().unwrap_err();
        }
        // Past the hold-off after a failed fetch.
        clock.advance(std::time::Duration::from_secs(5));
    }
    let text = recorder.text();
    assert!(text.contains("POST /oauth/token"), "{text}");
    // The 401 was answered and the call refreshed past it.
    assert!(text.contains("http.response.status_code=401"), "{text}");
    assert!(text.contains("http.response.status_code=200"), "{text}");
    for line in text.lines() {
        for marker in forms(JWT) {
            assert!(
                !line.contains(&marker),
                "{marker:?} in a trace line: {line}"
            );
        }
    }
    recorder.assert_clean("a token endpoint and a refresh");
}
