//! OAuth2 client credentials: the token request as a [`TokenSource`].

use std::fmt;

use txstatus_core::{
    BoxFuture, ExposeSecret, Result, SecretString,
    provider::{IssuedToken, RequestSpec, Service, TokenSource},
};

use crate::TokenResponse;

/// Asks `POST {base}/authorization/oauth2/token` for an access token with the
/// form fields `client_id`, `client_secret` and `grant_type=client_credentials`.
///
/// The client wraps it in a [`txstatus_core::provider::CachedToken`]. Crate-private:
/// it is built on a `Service`, the provider surface, which is not semver-stable.
/// `Debug` shows the client id, never the secret.
///
/// The token request is sent as [`RetryClass::Idempotent`](txstatus_core::provider::RetryClass::Idempotent): it creates nothing the
/// caller depends on. If an answer is lost and the request is sent again, CM issues
/// a second token and the first simply expires unused.
pub(crate) struct ClientCredentials {
    service: Service,
    client_id: String,
    client_secret: SecretString,
}

impl ClientCredentials {
    /// Credentials fetched through `service`, which must carry no authenticator
    /// (the request is sent without one in any case).
    pub(crate) fn new(
        service: Service,
        client_id: impl Into<String>,
        client_secret: SecretString,
    ) -> Self {
        Self {
            service,
            client_id: client_id.into(),
            client_secret,
        }
    }

    /// The token request description ([`crate::requests::oauth_token`]).
    pub(crate) fn request(&self) -> RequestSpec {
        crate::requests::oauth_token(&self.client_id, &self.client_secret)
    }
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("token_url", &"{base}/authorization/oauth2/token")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .finish()
    }
}

impl TokenSource for ClientCredentials {
    fn fetch(&self) -> BoxFuture<'_, Result<IssuedToken>> {
        Box::pin(async move {
            let response = self.service.execute(self.request()).await?;
            let token = TokenResponse::from_slice(response.status(), response.body().as_bytes())?;
            Ok(token.into_issued())
        })
    }

    /// The client secret: scrubbed from what any later call is answered with.
    fn any_secret(&self, found: &mut dyn FnMut(&str) -> bool) -> bool {
        found(self.client_secret.expose_secret())
    }
}

#[cfg(test)]
mod tests {
    use txstatus_core::provider::ServiceBuilder;

    use super::*;

    #[test]
    fn debug_of_the_credentials_and_their_request_hides_the_secret() {
        let service = ServiceBuilder::new(crate::PROVIDER, Some(crate::DEFAULT_BASE_URL))
            .build()
            .unwrap();
        let source =
            ClientCredentials::new(service, "merchant-client-17", "s3cr3t-Client-Secret".into());
        let text = format!("{source:?} {source:#?} {:?}", source.request());
        assert!(!text.contains("s3cr3t-Client-Secret"), "{text}");
        assert!(text.contains("merchant-client-17"), "{text}");
    }
}
