//! Every request this crate sends, described for txstatus-core: pure
//! functions of their inputs, so each is tested without a socket.

use txstatus_core::{
    Error, Result,
    provider::{
        Method, RequestSpec, RetryClass,
        header::{ACCEPT, HeaderName, HeaderValue},
        id_problem,
    },
};

use crate::{
    PROVIDER,
    create::{NewTransaction, TransactionEvent, event_body},
    download::SFS_SCHEME,
    erasure::{self, ErasureAction},
};

/// The tenant header some tenants need.
pub const TENANT_HEADER: &str = "x-tenant";

// A static: a name made with `from_static` at run time is validated on every call.
static TENANT: HeaderName = HeaderName::from_static(TENANT_HEADER);

/// The document id OneSpan gives the audit trail.
pub const AUDIT_TRAIL_DOCUMENT: &str = "AuditTrailDocument";

const JSON: HeaderValue = HeaderValue::from_static("application/json");
const PDF: HeaderValue = HeaderValue::from_static("application/pdf");

/// `GET {base}/api/transaction/{id}[?withVerifications=true]` with
/// `Accept: application/json` and, when given, `X-Tenant`.
pub(crate) fn get_transaction(
    id: &str,
    with_verifications: bool,
    tenant: Option<&HeaderValue>,
) -> RequestSpec {
    let mut spec = RequestSpec::get("get_transaction")
        .segment("api")
        .segment("transaction")
        .id_segment(id)
        .header(ACCEPT, HeaderValue::from_static("application/json"));
    if with_verifications {
        spec = spec.query("withVerifications", "true");
    }
    if let Some(tenant) = tenant {
        spec = spec.header(TENANT.clone(), tenant.clone());
    }
    spec
}

/// Adds `Accept` and, when configured, `X-Tenant`.
pub(crate) fn finish(
    spec: RequestSpec,
    accept: HeaderValue,
    tenant: Option<&HeaderValue>,
) -> RequestSpec {
    with_tenant(spec.header(ACCEPT, accept), tenant)
}

/// Adds `X-Tenant` when configured.
pub(crate) fn with_tenant(spec: RequestSpec, tenant: Option<&HeaderValue>) -> RequestSpec {
    match tenant {
        Some(tenant) => spec.header(TENANT.clone(), tenant.clone()),
        None => spec,
    }
}

/// `GET {base}/api/transaction/{id}/verification`.
pub(crate) fn verification(id: &str, tenant: Option<&HeaderValue>) -> RequestSpec {
    let spec = RequestSpec::get("get_transaction_verification")
        .segment("api")
        .segment("transaction")
        .id_segment(id)
        .segment("verification");
    finish(spec, JSON, tenant)
}

/// `GET {base}/api/transactions/{id}/detailed-verification-report`.
pub(crate) fn detailed_report(id: &str, tenant: Option<&HeaderValue>) -> RequestSpec {
    let spec = RequestSpec::get("get_detailed_verification_report")
        .segment("api")
        .segment("transactions")
        .id_segment(id)
        .segment("detailed-verification-report");
    finish(spec, JSON, tenant)
}

/// `GET {base}/api/transactions/{t}/verifications/{v}/verification-images`.
pub(crate) fn verification_images(
    transaction_id: &str,
    verification_id: &str,
    tenant: Option<&HeaderValue>,
) -> RequestSpec {
    let spec = RequestSpec::get("get_verification_images")
        .segment("api")
        .segment("transactions")
        .id_segment(transaction_id)
        .segment("verifications")
        .id_segment(verification_id)
        .segment("verification-images");
    finish(spec, JSON, tenant)
}

/// `GET {base}/api/transaction/{id}/document/{document}/pdf`, capped.
pub(crate) fn document_pdf(
    id: &str,
    document: &str,
    limit: usize,
    tenant: Option<&HeaderValue>,
) -> RequestSpec {
    let operation = if document == AUDIT_TRAIL_DOCUMENT {
        "get_audit_trail_pdf"
    } else {
        "get_document_pdf"
    };
    let spec = RequestSpec::get(operation)
        .segment("api")
        .segment("transaction")
        .id_segment(id)
        .segment("document")
        .id_segment(document)
        .segment("pdf")
        .body_limit(limit);
    finish(spec, PDF, tenant)
}

/// `PUT {base}/api/transaction/` (trailing slash as documented), never resent.
pub(crate) fn create(body: NewTransaction, tenant: Option<&HeaderValue>) -> RequestSpec {
    let spec = RequestSpec::put("create_transaction", RetryClass::NeverResend)
        .segment("api")
        .segment("transaction")
        .segment("")
        .json_body(body.into_bytes())
        .quoted_body_values();
    finish(spec, JSON, tenant)
}

/// `PUT {base}/api/transaction/{id}/event` with `{"event": ...}`, never resent.
pub(crate) fn event(
    id: &str,
    event: &TransactionEvent,
    tenant: Option<&HeaderValue>,
) -> RequestSpec {
    let spec = RequestSpec::put("send_transaction_event", RetryClass::NeverResend)
        .segment("api")
        .segment("transaction")
        .id_segment(id)
        .segment("event")
        .json_body(event_body(event));
    finish(spec, JSON, tenant)
}

/// `POST {base}/api/transaction/mark-for-erasure` or `.../unmark-for-erasure`,
/// never resent. The ids must have been checked.
pub(crate) fn erasure<S: AsRef<str>>(
    action: ErasureAction,
    ids: &[S],
    tenant: Option<&HeaderValue>,
) -> RequestSpec {
    let (operation, word) = match action {
        ErasureAction::Mark(_) => ("mark_for_erasure", "mark-for-erasure"),
        ErasureAction::Unmark => ("unmark_for_erasure", "unmark-for-erasure"),
    };
    let spec = RequestSpec::with_class(Method::Post, operation, RetryClass::NeverResend)
        .segment("api")
        .segment("transaction")
        .segment(word)
        .json_body(erasure::body(action, ids));
    finish(spec, JSON, tenant)
}

/// Describes the GET of a verification image from its `sfs://` reference:
/// `GET {base}/api/sfs/{segment}/...` with each path segment of the reference
/// sent as one percent-encoded segment.
///
/// OneSpan's docs name the download step without showing its path; this crate
/// resolves the reference under the tenant base URL (never elsewhere) and
/// refuses, before any I/O, a reference that is not `sfs://`, that is empty, or
/// that holds a query, a fragment, a backslash, a `.`/`..` or empty segment, or a
/// control character. Messages never repeat the reference.
pub fn sfs_request(reference: &str, limit: usize) -> Result<RequestSpec> {
    let refuse =
        |why: &str| Error::invalid_input(PROVIDER, format!("refused sfs reference: {why}"));
    let rest = reference
        .strip_prefix(SFS_SCHEME)
        .ok_or_else(|| refuse("it is not an sfs:// reference"))?;
    if rest.contains(['?', '#', '\\']) {
        return Err(refuse("it holds a query, a fragment or a backslash"));
    }
    let mut spec = RequestSpec::get("download_verification_image")
        .segment("api")
        .segment("sfs")
        .header(ACCEPT, HeaderValue::from_static("*/*"))
        .body_limit(limit);
    let mut count = 0usize;
    for segment in rest.split('/') {
        if id_problem(segment).is_some() {
            return Err(refuse(
                "a path segment is empty, `.`, `..`, too long or holds a control character",
            ));
        }
        spec = spec.id_segment(segment);
        count = count.saturating_add(1);
    }
    if count == 0 {
        return Err(refuse("it names no file"));
    }
    Ok(spec)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn sfs_references_resolve_only_to_plain_segments() {
        assert!(sfs_request("sfs://my_db/default/onespanidv/transaction/abc.jpg", 10).is_ok());
        for bad in [
            "https://evil.example/x.jpg",
            "sfs://",
            "sfs://a//b",
            "sfs://a/../b",
            "sfs://a/./b",
            "sfs://a/b?x=1",
            "sfs://a/b#f",
            "sfs://a\\b",
            "sfs://a/\u{7}",
            "SFS://a",
        ] {
            let error = sfs_request(bad, 10).unwrap_err();
            assert!(error.is_invalid_input(), "{bad}");
            assert!(!error.to_string().contains("evil"), "{error}");
        }
    }

    /// Every request this crate builds, its class, and what the core's retry
    /// rules do after a 503 and after a connection reset once the request was
    /// sent: reads are asked again, creates, events and erasures never resent.
    #[test]
    fn every_request_has_its_class_and_retry_decision() {
        use crate::erasure::GracePeriod;
        let again = txstatus_core::test_util::AGAIN;
        let never = txstatus_core::test_util::NEVER;
        let tenant = HeaderValue::from_static("t1");
        let t = Some(&tenant);
        let new = NewTransaction::from_json_bytes(b"{}".to_vec()).unwrap();
        let mark = ErasureAction::Mark(GracePeriod::days(3));
        #[rustfmt::skip]
        let table = [
            // request                                                   class                      503    reset after send
            (get_transaction("tx1", true, t),                            RetryClass::Idempotent,  again, again),
            (verification("tx1", t),                                     RetryClass::Idempotent,  again, again),
            (detailed_report("tx1", t),                                  RetryClass::Idempotent,  again, again),
            (verification_images("tx1", "v1", t),                        RetryClass::Idempotent,  again, again),
            (document_pdf("tx1", "d1", 10, t),                           RetryClass::Idempotent,  again, again),
            (document_pdf("tx1", AUDIT_TRAIL_DOCUMENT, 10, t),           RetryClass::Idempotent,  again, again),
            (sfs_request("sfs://db/a.jpg", 10).unwrap(),                 RetryClass::Idempotent,  again, again),
            (create(new, t),                                             RetryClass::NeverResend, never, never),
            (event("tx1", &TransactionEvent::Cancel, t),                 RetryClass::NeverResend, never, never),
            (erasure(mark, &["tx1"], t),                                 RetryClass::NeverResend, never, never),
            (erasure(ErasureAction::Unmark, &["tx1"], t),                RetryClass::NeverResend, never, never),
        ];
        txstatus_core::test_util::assert_retry_table(table);
    }
}
