//! The provider-neutral view: [`StatusSource`] for [`Client`].

use txstatus_core::provider::ReportParts;
use txstatus_core::{BoxFuture, Result, StatusReport, StatusSource};

use crate::{PROVIDER, client::Client};

impl StatusSource for Client {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    /// Retrieves the transaction with the builder's `status_options` (by default
    /// Persona's default `include`); the report's
    /// status goes through this client's mapping, `created_at` / `updated_at` are
    /// `created-at` / `updated-at`, and the document is the typed [`Transaction`](crate::Transaction).
    fn status_report<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<StatusReport>> {
        Box::pin(async move {
            let response = self.transaction_with(id, self.status_options()).await?;
            Ok(StatusReport::from_response(
                PROVIDER,
                id,
                response,
                |document| {
                    let attributes = document.data.attributes.as_ref();
                    ReportParts::new(self.status_of(document.raw_status()))
                        .with_created_at(attributes.and_then(|a| a.created_at.clone()))
                        .with_updated_at(attributes.and_then(|a| a.updated_at.clone()))
                },
            ))
        })
    }
}
