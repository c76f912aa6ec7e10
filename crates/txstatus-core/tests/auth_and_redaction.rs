//! Credentials: refreshed once after a 401, never printed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use std::{
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use txstatus_core::{
    BoxFuture, Clock, ErrorKind, ManualClock, SecretString, TransportBuilder,
    provider::{BearerToken, CachedToken, IssuedToken, RequestSpec, TokenSource},
};

const SECRET: &str = "sk_live_do_not_print_me";

#[derive(Debug)]
struct CountingSource {
    fetches: Arc<AtomicUsize>,
}

impl TokenSource for CountingSource {
    fn fetch(&self) -> BoxFuture<'_, txstatus_core::Result<IssuedToken>> {
        Box::pin(async move {
            let n = self.fetches.fetch_add(1, Ordering::SeqCst) + 1;
            Ok(IssuedToken {
                token: SecretString::from(format!("{SECRET}-{n}")),
                expires_in: Duration::from_secs(3600),
            })
        })
    }
}

fn cached(clock: &ManualClock) -> (Arc<CachedToken>, Arc<AtomicUsize>) {
    let fetches = Arc::new(AtomicUsize::new(0));
    let source = Arc::new(CountingSource {
        fetches: fetches.clone(),
    });
    (
        Arc::new(CachedToken::new(source, Arc::new(clock.clone()))),
        fetches,
    )
}

#[tokio::test]
async fn a_401_refreshes_the_token_once_and_resends_once() {
    let mut server = mockito::Server::new_async().await;
    let rejected = server
        .mock("GET", "/t/1")
        .match_header("authorization", format!("Bearer {SECRET}-1").as_str())
        .with_status(401)
        .expect(1)
        .create_async()
        .await;
    let accepted = server
        .mock("GET", "/t/1")
        .match_header("authorization", format!("Bearer {SECRET}-2").as_str())
        .with_status(200)
        .with_body("{}")
        .expect(1)
        .create_async()
        .await;
    let clock = ManualClock::new();
    let (auth, fetches) = cached(&clock);
    let service = support::service(&server.url(), &clock).with_auth(auth);
    service
        .execute(RequestSpec::get("get").segment("t").id_segment("1"))
        .await
        .unwrap();
    rejected.assert_async().await;
    accepted.assert_async().await;
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_second_401_is_returned_not_refreshed_again() {
    let mut server = mockito::Server::new_async().await;
    let mock = support::answers(&mut server, "GET", "/t/1", 401, &[], "", 2).await;
    let clock = ManualClock::new();
    let (auth, fetches) = cached(&clock);
    let service = support::service(&server.url(), &clock).with_auth(auth);
    let error = service
        .execute(RequestSpec::get("get").segment("t").id_segment("1"))
        .await
        .unwrap_err();
    mock.assert_async().await;
    assert_eq!(error.status(), Some(401));
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn cached_tokens_are_reused_and_replaced_sixty_seconds_before_expiry() {
    let clock = ManualClock::new();
    let (auth, fetches) = cached(&clock);
    use txstatus_core::provider::Authenticator;
    auth.header().await.unwrap();
    auth.header().await.unwrap();
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
    clock.advance(Duration::from_secs(3600 - 61));
    auth.header().await.unwrap();
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
    clock.advance(Duration::from_secs(2));
    auth.header().await.unwrap();
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn concurrent_callers_share_one_token_fetch() {
    let clock = ManualClock::new();
    let (auth, fetches) = cached(&clock);
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let auth = auth.clone();
        tasks.push(tokio::spawn(async move {
            use txstatus_core::provider::Authenticator;
            auth.header().await.unwrap()
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn debug_of_credentials_transport_service_and_errors_holds_no_secret_or_body() {
    let clock = ManualClock::new();
    let bearer = BearerToken::new("test", &SecretString::from(SECRET)).unwrap();
    let (cached, _) = cached(&clock);
    use txstatus_core::provider::Authenticator;
    let (_, header) = cached.header().await.unwrap().unwrap();
    assert!(header.is_sensitive());
    let transport = TransportBuilder::new().user_agent_suffix("app/1");
    let service =
        support::service("http://127.0.0.1:1/p", &clock).with_auth(Arc::new(bearer.clone()));
    let texts = [
        format!("{bearer:?}"),
        format!("{cached:?}"),
        format!("{transport:?}"),
        format!("{:?}", transport.clone().build().unwrap()),
        format!("{service:?}"),
        format!("{header:?}"),
    ];
    for text in texts {
        assert!(!text.contains(SECRET), "{text}");
    }

    let mut server = mockito::Server::new_async().await;
    server
        .mock("GET", "/t/1")
        .with_status(404)
        .with_body(r#"{"errors":[{"title":"Not found"}],"name":"Jane Personal"}"#)
        .create_async()
        .await;
    let service = support::service(&server.url(), &clock).with_auth(Arc::new(bearer));
    let error = service
        .execute(RequestSpec::get("get").segment("t").id_segment("1"))
        .await
        .unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Http(_)));
    for text in [format!("{error:?}"), error.to_string()] {
        assert!(!text.contains("Jane"), "{text}");
        assert!(!text.contains(SECRET), "{text}");
    }
    assert_eq!(error.to_string(), "test: HTTP 404 (not found)");
    let _ = clock.now();
}

#[test]
fn pii_is_redacted_in_debug_and_in_redacted_json_only() {
    #[derive(Debug, serde::Serialize)]
    struct Person {
        name: Option<txstatus_core::Pii<String>>,
        city: Option<txstatus_core::Pii<String>>,
        status: &'static str,
    }
    let person = Person {
        name: Some(txstatus_core::Pii::new("Jane Personal".into())),
        city: None,
        status: "approved",
    };
    assert!(!format!("{person:?}").contains("Jane"));
    let redacted = txstatus_core::to_redacted_json(&person).unwrap();
    assert_eq!(
        redacted,
        serde_json::json!({"name": "[redacted]", "city": null, "status": "approved"})
    );
    let plain = txstatus_core::to_json(&person, false).unwrap();
    assert_eq!(plain["name"], "Jane Personal");
}

#[test]
fn debug_of_a_service_and_its_builder_never_shows_base_url_credentials_or_query() {
    use txstatus_core::{ClientOptions, provider::ServiceBuilder};
    struct B(ServiceBuilder);
    impl ClientOptions for B {
        fn service_builder_mut(&mut self) -> &mut ServiceBuilder {
            &mut self.0
        }
    }
    // A key in the query is accepted (some APIs take it there); credentials in
    // user info are refused at build, but the builder holds them until then.
    let with_query = B(ServiceBuilder::new("test", None))
        .base_url(format!("https://api.example.com/v1?api_key={SECRET}#frag"))
        .configure_transport(|t| t.no_proxy());
    let with_userinfo = B(ServiceBuilder::new("test", None))
        .base_url(format!("https://user:{SECRET}@api.example.com/v1"))
        .configure_transport(|t| t.no_proxy());
    let unparsable = B(ServiceBuilder::new("test", None))
        .base_url(format!("::not a url {SECRET}"))
        .configure_transport(|t| t.no_proxy());
    let service = with_query.0.clone().build().unwrap();
    assert!(with_userinfo.0.clone().build().is_err());
    let texts = [
        format!("{:?}", with_query.0),
        format!("{:#?}", with_query.0),
        format!("{:?}", with_userinfo.0),
        format!("{:?}", unparsable.0),
        format!("{service:?}"),
        format!("{service:#?}"),
    ];
    for text in &texts {
        assert!(!text.contains(SECRET), "{text}");
        assert!(!text.contains("frag"), "{text}");
    }
    // What identifies the endpoint is still shown.
    assert!(
        texts[0].contains("https://api.example.com/v1?[redacted]"),
        "{}",
        texts[0]
    );
    assert!(
        texts[2].contains("https://[redacted]@api.example.com/v1"),
        "{}",
        texts[2]
    );
    assert!(
        texts[4].contains("https://api.example.com/v1?[redacted]"),
        "{}",
        texts[4]
    );
}
