//! Per-call options: a view of a client with its own deadline and retry policy,
//! the original client unchanged.
#![allow(clippy::unwrap_used)]

use crate::support;

use std::time::Duration;

use txstatus_core::{
    CallOptions, ManualClock, RetryPolicy, WithCallOptions, provider::RequestSpec,
    provider::Service,
};

/// What a provider crate writes to give its client `with_options`.
#[derive(Clone)]
struct ProviderClient {
    service: Service,
}

impl WithCallOptions for ProviderClient {
    fn service_mut(&mut self) -> &mut Service {
        &mut self.service
    }
}

fn get() -> RequestSpec {
    RequestSpec::get("get").segment("t").id_segment("1")
}

#[tokio::test]
async fn a_per_call_deadline_bounds_a_slow_call_and_leaves_the_client_unchanged() {
    let mut server = mockito::Server::new_async().await;
    server
        .mock("GET", "/t/1")
        .with_chunked_body(|body| {
            std::thread::sleep(Duration::from_secs(1));
            body.write_all(b"{}")
        })
        .expect_at_least(1)
        .create_async()
        .await;
    let clock = ManualClock::new();
    let client = ProviderClient {
        service: support::service(&server.url(), &clock),
    };
    let hurried = client.with_options(
        CallOptions::new()
            .deadline(Duration::from_millis(50))
            .retry_policy(RetryPolicy::none()),
    );

    let error = hurried.service.execute(get()).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");

    assert!(client.service.call_options().deadline.is_none());
    assert!(client.service.call_options().retry_policy.is_none());
    client.service.execute(get()).await.unwrap();
}

#[tokio::test]
async fn a_per_call_retry_policy_replaces_the_transports() {
    let mut server = mockito::Server::new_async().await;
    let unavailable = support::answers(&mut server, "GET", "/t/1", 503, &[], "", 1).await;
    let clock = ManualClock::new();
    let service = support::service(&server.url(), &clock);
    let once = service.with_options(CallOptions::new().retry_policy(RetryPolicy::none()));

    once.execute(get()).await.unwrap_err();
    unavailable.assert_async().await;
}
