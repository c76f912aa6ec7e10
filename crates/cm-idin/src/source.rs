//! iDIN behind the provider-neutral [`StatusSource`] trait.

use async_trait::async_trait;
use txstatus_core::{Result, StatusReport, StatusSource};

use crate::{PROVIDER, client::Client};

/// A [`Client`] bound to a merchant reference, so the status can be read with only
/// a transaction id (what [`StatusSource`] passes).
///
/// Made by [`Client::status_source`]. Each read is a status call: the first
/// `success` holds the identity, kept in [`StatusReport::raw`] and
/// [`StatusReport::document`].
#[derive(Clone, Debug)]
pub struct StatusHandle {
    client: Client,
    merchant_reference: String,
}

impl StatusHandle {
    pub(crate) fn new(client: Client, merchant_reference: String) -> Self {
        Self {
            client,
            merchant_reference,
        }
    }

    /// The merchant reference sent with every read.
    pub fn merchant_reference(&self) -> &str {
        &self.merchant_reference
    }

    /// The client.
    pub fn client(&self) -> &Client {
        &self.client
    }
}

#[async_trait]
impl StatusSource for StatusHandle {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    async fn status_report(&self, id: &str) -> Result<StatusReport> {
        self.client
            .status_report(id, &self.merchant_reference)
            .await
    }
}
