//! Shared helpers for txstatus-core's integration tests.
#![allow(dead_code, clippy::unwrap_used)]
#![allow(missing_docs)]

use std::{sync::Arc, time::Duration};

use txstatus_core::{
    ManualClock, RetryPolicy, Transport, TransportBuilder,
    provider::{Service, ServiceBuilder},
};

pub const PROVIDER: &str = "test";

pub fn transport(clock: &ManualClock) -> Transport {
    TransportBuilder::new()
        .clock(Arc::new(clock.clone()))
        .attempt_timeout(Duration::from_secs(2))
        .no_proxy()
        .build()
        .unwrap()
}

pub fn service(base: &str, clock: &ManualClock) -> Service {
    service_with(
        base,
        TransportBuilder::new()
            .clock(Arc::new(clock.clone()))
            .no_proxy(),
    )
}

pub fn service_with(base: &str, transport: TransportBuilder) -> Service {
    struct B(ServiceBuilder);
    impl txstatus_core::ClientOptions for B {
        fn service_builder_mut(&mut self) -> &mut ServiceBuilder {
            &mut self.0
        }
    }
    use txstatus_core::ClientOptions;
    let builder = B(ServiceBuilder::new(PROVIDER, None))
        .base_url(base)
        .transport(transport.build().unwrap());
    builder.0.build().unwrap()
}

pub fn no_retry() -> RetryPolicy {
    RetryPolicy::none()
}

/// A mock of `method path` answering `status` with `headers` and `body`, which
/// must be asked exactly `times` times (checked where the test calls
/// `assert_async`).
pub async fn answers(
    server: &mut mockito::ServerGuard,
    method: &str,
    path: &str,
    status: usize,
    headers: &[(&str, &str)],
    body: impl AsRef<[u8]>,
    times: usize,
) -> mockito::Mock {
    let mut mock = server.mock(method, path).with_status(status);
    for (name, value) in headers {
        mock = mock.with_header(*name, value);
    }
    mock.with_body(body).expect(times).create_async().await
}
