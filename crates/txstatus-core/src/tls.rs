//! TLS configuration: rustls on ring, the Mozilla roots, roots the caller adds and,
//! on request, the platform's certificate store (corporate roots installed by IT).
//!
//! Everything is built per client from an explicit crypto provider: no process-wide
//! default provider is installed, so the application's own choice is left alone.

use std::sync::Arc;

use rustls::{
    DigitallySignedStruct, SignatureScheme,
    client::{
        WebPkiServerVerifier,
        danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier},
    },
    pki_types::{CertificateDer, ServerName, UnixTime},
};

use crate::error::{Error, Result};

fn setup_error(what: &str, error: impl std::fmt::Display) -> Error {
    Error::invalid_input("txstatus-core", format!("{what}: {error}"))
}

/// The client TLS configuration.
pub(crate) fn tls_config(extra_roots: &[Vec<u8>], platform: bool) -> Result<rustls::ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let extra: Vec<CertificateDer<'static>> = extra_roots
        .iter()
        .map(|der| CertificateDer::from(der.clone()))
        .collect();
    for der in &extra {
        roots
            .add(der.clone())
            .map_err(|e| setup_error("bad root certificate", e))?;
    }
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| setup_error("TLS setup failed", e))?;
    if !platform {
        return Ok(builder.with_root_certificates(roots).with_no_client_auth());
    }
    let bundled = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|e| setup_error("TLS setup failed", e))?;
    let platform = rustls_platform_verifier::Verifier::new_with_extra_roots(extra, provider)
        .map_err(|e| setup_error("the platform certificate store is unusable", e))?;
    let verifier = EitherRoots {
        platform: Arc::new(platform),
        bundled,
    };
    Ok(builder
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth())
}

/// Accepts a chain the platform store trusts, else one the bundled roots (Mozilla
/// plus added) trust. Signatures are checked the same way by both.
#[derive(Debug)]
struct EitherRoots {
    platform: Arc<rustls_platform_verifier::Verifier>,
    bundled: Arc<WebPkiServerVerifier>,
}

impl ServerCertVerifier for EitherRoots {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        self.platform
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
            .or_else(|_| {
                self.bundled.verify_server_cert(
                    end_entity,
                    intermediates,
                    server_name,
                    ocsp_response,
                    now,
                )
            })
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.bundled.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.bundled.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.bundled.supported_verify_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_with_and_without_the_platform_store_and_installs_no_default_provider() {
        assert!(tls_config(&[], false).is_ok());
        // The platform store may be empty on a bare container: either outcome is
        // an answer, never a panic, and no process-wide provider appears.
        let _ = tls_config(&[], true);
        assert!(rustls::crypto::CryptoProvider::get_default().is_none());
    }

    #[test]
    fn a_bad_extra_root_is_refused_without_its_bytes() {
        let error = tls_config(&[b"not a certificate".to_vec()], false).unwrap_err();
        assert!(error.is_invalid_input());
        assert!(!error.to_string().contains("not a certificate"));
    }
}
