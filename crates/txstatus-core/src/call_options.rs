//! Per-call options: a view of a client with a shorter deadline or another retry
//! policy, for callers (a webhook handler) whose budget is not the client's.

use std::time::Duration;

use crate::{retry::RetryPolicy, service::Service};

/// Options that apply to every call made through one view of a client.
///
/// A deadline here can only shorten a call: the call ends at the earlier of this
/// deadline and the one the client (or the request) already has.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct CallOptions {
    /// Upper bound for each call, retries and waits included.
    pub deadline: Option<Duration>,
    /// Retry policy in place of the transport's.
    pub retry_policy: Option<RetryPolicy>,
}

impl CallOptions {
    /// No overrides: the client's own deadline and retry policy.
    pub fn new() -> Self {
        Self::default()
    }

    /// Bounds each call, retries and waits included.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Retries by this policy instead of the transport's.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = Some(policy);
        self
    }
}

/// `with_options` for every provider client: the provider implements
/// [`service_mut`](Self::service_mut), the view comes from here. The original
/// client is unchanged; the view shares its connection pool, credentials and
/// rate limit.
pub trait WithCallOptions: Clone {
    /// The client's service; how the trait reaches it (provider crates only).
    #[doc(hidden)]
    fn service_mut(&mut self) -> &mut Service;

    /// A copy of the client whose calls follow `options`.
    fn with_options(&self, options: CallOptions) -> Self {
        let mut view = self.clone();
        let service = view.service_mut();
        *service = service.with_options(options);
        view
    }
}

impl WithCallOptions for Service {
    fn service_mut(&mut self) -> &mut Service {
        self
    }

    fn with_options(&self, options: CallOptions) -> Self {
        Service::with_options(self, options)
    }
}
