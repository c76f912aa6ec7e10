//! The get-transaction request, described for txstatus-core to send.

use txstatus_core::{
    RequestSpec,
    header::{ACCEPT, HeaderName, HeaderValue},
};

/// The tenant header some tenants need.
pub const TENANT_HEADER: &str = "x-tenant";

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
        spec = spec.header(HeaderName::from_static(TENANT_HEADER), tenant.clone());
    }
    spec
}
