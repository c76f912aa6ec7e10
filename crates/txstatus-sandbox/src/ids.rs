//! Scenario transaction ids, one module per provider.
//!
//! A scenario is chosen by the transaction id a client asks for. Every id keeps its own
//! read counter per [`Sandbox`](crate::Sandbox) instance, so the n-th read of an id is
//! answered with the n-th step of its scenario; the last step repeats forever. Reads that
//! fail authentication do not count. Any id not listed here gets the provider's 404.

/// Persona (`GET {base}/transactions/{id}`). Statuses are the ones in the project's table;
/// Persona has no cancelled state.
pub mod persona {
    /// `created` → `pending` → `completed`.
    pub const PROGRESS: &str = "sbx-progress";
    /// 429 with `Retry-After: 1`, then `completed`.
    pub const RATE_LIMITED: &str = "sbx-rate-limited";
    /// 503 (non-JSON body), then `completed`.
    pub const UNAVAILABLE: &str = "sbx-unavailable";
    /// `pending` forever.
    pub const STUCK: &str = "sbx-stuck";
    /// A status no client knows (`awaiting-sandbox`).
    pub const UNKNOWN_STATUS: &str = "sbx-unknown-status";
    /// `completed` at once.
    pub const COMPLETED: &str = "sbx-completed";
    /// `approved` at once.
    pub const APPROVED: &str = "sbx-approved";
    /// `declined` at once.
    pub const DECLINED: &str = "sbx-declined";
    /// `failed` at once.
    pub const FAILED: &str = "sbx-failed";
    /// `expired` at once.
    pub const EXPIRED: &str = "sbx-expired";
    /// Never a scenario: always 404.
    pub const NOT_FOUND: &str = "sbx-not-found";
}

/// CM.com ID Scan (`GET {base}/transactions/{id}`, results and downloads).
pub mod idscan {
    /// `pending` (with download files) → `completed`.
    pub const PROGRESS: &str = "sbx-progress";
    /// 429 with `Retry-After: 1`, then `completed`.
    pub const RATE_LIMITED: &str = "sbx-rate-limited";
    /// 503 (non-JSON body), then `completed`.
    pub const UNAVAILABLE: &str = "sbx-unavailable";
    /// `pending` forever.
    pub const STUCK: &str = "sbx-stuck";
    /// A state no client knows (`sandbox_review`).
    pub const UNKNOWN_STATUS: &str = "sbx-unknown-status";
    /// `completed` at once.
    pub const COMPLETED: &str = "sbx-completed";
    /// `expired` at once (no files).
    pub const EXPIRED: &str = "sbx-expired";
    /// Never a scenario: always 404.
    pub const NOT_FOUND: &str = "sbx-not-found";
    /// The result id served by `GET {base}/transactions/{id}/results/{resultId}` for a
    /// transaction whose last answered state is `completed` (reading a result does not
    /// advance the scenario). Other result ids, or transactions not completed, get 404.
    pub const RESULT_ID: &str = "sbx-result";
    /// The file part of a download link in the sandbox's ID Scan documents (a 1×1 PNG).
    /// A link is `{base}/downloads/{file}-{d|r}{transaction id in hex}`: it names the
    /// transaction and the listing it came from, and is served only while that listing
    /// would still show it, as CM's are (details: while the transaction is pending;
    /// result: once it has completed); otherwise, and for a bare file token, 404.
    pub const DOWNLOAD_TOKEN: &str = "sbxPortrait0001";
}

/// CM.com iDIN (`POST {base}/status` with `transaction_id` in the JSON body).
///
/// Whatever the scenario, the identity is sent once: the first `success` read of an id
/// carries the personal data, every later read is `success` with `notice` and
/// `notice_code` 2000 and no personal data.
pub mod idin {
    /// `open` → `success` with identity → `success` with notice 2000.
    pub const PROGRESS: &str = "sbx-progress";
    /// `success` with identity → `success` with notice 2000.
    pub const IDENTITY_ONCE: &str = "sbx-identity-once";
    /// `success` with notice 2000 from the first read (asked too late).
    pub const LATE: &str = "sbx-late";
    /// 429 with `Retry-After: 1`, then the identity once, then the notice.
    pub const RATE_LIMITED: &str = "sbx-rate-limited";
    /// 503 (non-JSON body), then the identity once, then the notice.
    pub const UNAVAILABLE: &str = "sbx-unavailable";
    /// `open` forever.
    pub const STUCK: &str = "sbx-stuck";
    /// A status no client knows (`sandbox_hold`).
    pub const UNKNOWN_STATUS: &str = "sbx-unknown-status";
    /// `failure` at once.
    pub const FAILURE: &str = "sbx-failure";
    /// `cancelled` at once.
    pub const CANCELLED: &str = "sbx-cancelled";
    /// `expired` at once.
    pub const EXPIRED: &str = "sbx-expired";
    /// Never a scenario: always 404.
    pub const NOT_FOUND: &str = "sbx-not-found";
    /// The `merchant_reference` the first `POST {base}/transaction` returns (the n-th
    /// returns `sbx-merchant-reference-000n`). `/status` of an issued id needs the one its
    /// creation returned; of a fixed scenario id, any non-empty one.
    pub const MERCHANT_REFERENCE: &str = "sbx-merchant-reference-0001";
    /// Prefix of the ids issued by `POST {base}/transaction` (`sbx-issued-1`, ...). An
    /// issued id goes `open` → `success` with identity → `success` with notice 2000 like
    /// [`PROGRESS`], but by time, as CM's rules say: the user is back from the bank at
    /// the first read (which answers `open`) or
    /// [`SandboxBuilder::idin_return_after`](crate::SandboxBuilder::idin_return_after)
    /// after the creation, whichever comes first; the identity goes to the first read
    /// within [`SandboxBuilder::idin_data_window`](crate::SandboxBuilder::idin_data_window)
    /// (30 s) of that, the notice to every later one. Its answers carry the creation's
    /// `issuer_id` and `transaction_reference` (`null` without one), and its identity
    /// only the attributes the creation asked for (`bin` always: the user's own with
    /// `identity`, otherwise one that differs every time). The creation must name an
    /// issuer of the directory `POST {base}/directory` serves (`SBXBNL2S`, `SBXCNL2S`).
    /// An id created under `/test` (CM's test bank) is read under `/test` only, and
    /// one created in production in production only.
    pub const ISSUED_PREFIX: &str = "sbx-issued-";
}

/// CM.com Payments Checkout (`GET {base}/paymentmethods/checkout/v1/transactions/{id}`).
pub mod checkout {
    /// `OPEN` (with `action`) → `PENDING` → `SUCCESS`.
    pub const PROGRESS: &str = "sbx-progress";
    /// 429 with `Retry-After: 1`, then `SUCCESS`.
    pub const RATE_LIMITED: &str = "sbx-rate-limited";
    /// 503 (non-JSON body), then `SUCCESS`.
    pub const UNAVAILABLE: &str = "sbx-unavailable";
    /// `OPEN` forever.
    pub const STUCK: &str = "sbx-stuck";
    /// A status no client knows (`SANDBOX_HOLD`).
    pub const UNKNOWN_STATUS: &str = "sbx-unknown-status";
    /// `AUTHORIZED` forever (pending in the project's table).
    pub const AUTHORIZED: &str = "sbx-authorized";
    /// `SUCCESS` at once.
    pub const SUCCESS: &str = "sbx-success";
    /// `FAILURE` at once.
    pub const FAILURE: &str = "sbx-failure";
    /// `CANCELLED` at once.
    pub const CANCELLED: &str = "sbx-cancelled";
    /// `EXPIRED` at once.
    pub const EXPIRED: &str = "sbx-expired";
    /// Never a scenario: always 404.
    pub const NOT_FOUND: &str = "sbx-not-found";
}

/// OneSpan (`GET {base}/api/transaction/{id}`; `verifications` only with
/// `?withVerifications=true`).
pub mod onespan {
    /// `new` → `workflow_in_progress` → `completed`.
    pub const PROGRESS: &str = "sbx-progress";
    /// 429 with `Retry-After: 1`, then `completed`.
    pub const RATE_LIMITED: &str = "sbx-rate-limited";
    /// 503 (non-JSON body), then `completed`.
    pub const UNAVAILABLE: &str = "sbx-unavailable";
    /// `workflow_in_progress` forever.
    pub const STUCK: &str = "sbx-stuck";
    /// A status no client knows (`sandbox_hold`).
    pub const UNKNOWN_STATUS: &str = "sbx-unknown-status";
    /// `completed` at once.
    pub const COMPLETED: &str = "sbx-completed";
    /// `error` at once (failed in the project's table).
    pub const ERROR: &str = "sbx-error";
    /// `cancelled` at once.
    pub const CANCELLED: &str = "sbx-cancelled";
    /// `expired` at once.
    pub const EXPIRED: &str = "sbx-expired";
    /// Never a scenario: always 404.
    pub const NOT_FOUND: &str = "sbx-not-found";
}
