//! Request descriptions for the outcome, evidence, create, event and erasure
//! calls (the get-transaction call is in `request.rs`).

use txstatus_core::{
    RequestSpec, RetryClass,
    header::{ACCEPT, HeaderName, HeaderValue},
};

use crate::{
    TENANT_HEADER,
    create::{NewTransaction, TransactionEvent, event_body},
    erasure::{self, ErasureAction},
};

/// The document id OneSpan gives the audit trail.
pub const AUDIT_TRAIL_DOCUMENT: &str = "AuditTrailDocument";

const JSON: HeaderValue = HeaderValue::from_static("application/json");
const PDF: HeaderValue = HeaderValue::from_static("application/pdf");

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
        Some(tenant) => spec.header(HeaderName::from_static(TENANT_HEADER), tenant.clone()),
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
        .json_body(body.into_bytes());
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
    let spec = RequestSpec::with_class(
        txstatus_core::Method::Post,
        operation,
        RetryClass::NeverResend,
    )
    .segment("api")
    .segment("transaction")
    .segment(word)
    .json_body(erasure::body(action, ids));
    finish(spec, JSON, tenant)
}
