//! A local fake of the five providers' transaction-status APIs, for tests, demos and
//! benchmarks.
//!
//! One axum server on `127.0.0.1`, one port, one path prefix per provider, HTTP/1.1 with
//! keep-alive. Response bodies come from `fixtures/sandbox/<provider>/` (embedded at build
//! time, so the binary needs no files); personal data in them is obviously fake
//! ("Jane Sandbox"). The crate depends on no provider crate and not on `txstatus-core`: it
//! checks credentials with its own code, so it catches the clients' bugs instead of
//! sharing them.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let sandbox = txstatus_sandbox::start().await?;
//! let base_url = sandbox.persona_base_url(); // http://127.0.0.1:<port>/persona/api/v1
//! let api_key = &sandbox.credentials().persona_api_key;
//! // ... point a client at base_url, read txstatus_sandbox::ids::persona::PROGRESS three times ...
//! assert_eq!(sandbox.stats().persona.connections, 1);
//! sandbox.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! # Base URLs
//!
//! | provider | base URL a client gets | endpoints |
//! |---|---|---|
//! | Persona | `{root}/persona/api/v1` | `GET /transactions/{id}`; lifecycle: `GET`/`POST /transactions`, `PATCH`/`DELETE /transactions/{id}`, `POST /transactions/{id}/redact-biometrics`, `GET /events`, `GET /events/{id}` (see below) |
//! | CM.com ID Scan | `{root}/cm-idscan/id-scan/v1` | `GET /transactions/{id}`, `GET /transactions/{id}/results/{resultId}`, `GET /downloads/{token}` |
//! | CM.com iDIN | `{root}/cm-idin/idin/v1.0` | `POST /status`, `POST /directory`, `POST /transaction` (JSON bodies) |
//! | CM.com Checkout | `{root}/cm-checkout/api/v1` | `POST /authorization/oauth2/token` (form body), `GET /paymentmethods/checkout/v1/transactions/{id}` |
//! | OneSpan | `{root}/onespan` | `GET /api/transaction/{id}[?withVerifications=true]` |
//!
//! `{root}` is [`Sandbox::root_url`], `http://127.0.0.1:<port>`.
//!
//! # Credentials and how they are checked
//!
//! [`Credentials::default`] (override with [`SandboxBuilder::credentials`]):
//!
//! | field | default | checked as | refused with |
//! |---|---|---|---|
//! | `persona_api_key` | [`credentials::PERSONA_API_KEY`] | `Authorization: Bearer`; also `Key-Inflection: kebab` and `Persona-Version: YYYY-MM-DD` | 401; 400 for the headers; `{"errors":[{"title",...}]}` |
//! | `idscan_key_id`, `idscan_secret` | [`credentials::IDSCAN_KEY_ID`], [`credentials::IDSCAN_SECRET`] | `Authorization: Bearer <JWT>`: HS256 over `header.payload` keyed with the secret's UTF-8 bytes, header `kid` = key id, `exp` in the future, `nbf` required and not more than 5 s ahead (`iat` too, when present) | 401 `{"message": "<reason>"}` |
//! | `idin_merchant_token` | [`credentials::IDIN_MERCHANT_TOKEN`] | `merchant_token` in the JSON body (`Content-Type: application/json`) | 403 `{"message"}` (iDIN documents 403 "Authorization required"); 400 for a bad body |
//! | `checkout_client_id`, `checkout_client_secret` | [`credentials::CHECKOUT_CLIENT_ID`], [`credentials::CHECKOUT_CLIENT_SECRET`] | form body of the token endpoint, `grant_type=client_credentials`; the issued token as `Authorization: Bearer` until it expires (default 3600 s) | token endpoint: 401 `invalid_client`, 400 `invalid_request`/`unsupported_grant_type`; transactions: 401 `invalid_token` |
//! | `onespan_token`, `onespan_tenant` | [`credentials::ONESPAN_TOKEN`], none | `Authorization: Bearer`; `X-Tenant` when a tenant is configured; `Accept` must allow JSON | 401; 406 for `Accept`; `{"messageKey","message","code","name"}` |
//!
//! Checkout tokens: [`SandboxBuilder::checkout_token_lifetime`],
//! [`Sandbox::set_checkout_token_lifetime`], [`Sandbox::issue_checkout_token`] (a token of
//! any lifetime, e.g. already expired) and [`Sandbox::revoke_checkout_tokens`].
//!
//! # Scenarios
//!
//! The transaction id picks the scenario; see [`ids`] for every constant. Each id has its
//! own read counter per instance; the last step repeats; unauthenticated reads do not
//! count; unknown ids get the provider's 404.
//!
//! | id | Persona | ID Scan | iDIN | Checkout | OneSpan |
//! |---|---|---|---|---|---|
//! | `sbx-progress` | created → pending → completed | pending → completed | open → success + identity → success + notice 2000 | OPEN → PENDING → SUCCESS | new → workflow_in_progress → completed |
//! | `sbx-rate-limited` | 429 `Retry-After: 1` → completed | 429 → completed | 429 → identity → notice | 429 → SUCCESS | 429 → completed |
//! | `sbx-unavailable` | 503 (HTML body) → completed | 503 → completed | 503 → identity → notice | 503 → SUCCESS | 503 → completed |
//! | `sbx-stuck` | pending | pending | open | OPEN | workflow_in_progress |
//! | `sbx-unknown-status` | awaiting-sandbox | sandbox_review | sandbox_hold | SANDBOX_HOLD | sandbox_hold |
//! | final ids | `sbx-completed`, `sbx-approved`, `sbx-declined`, `sbx-failed`, `sbx-expired` | `sbx-completed`, `sbx-expired` | `sbx-failure`, `sbx-cancelled`, `sbx-expired` | `sbx-success`, `sbx-failure`, `sbx-cancelled`, `sbx-expired` (and `sbx-authorized`, not final) | `sbx-completed`, `sbx-error`, `sbx-cancelled`, `sbx-expired` |
//! | iDIN only | | | `sbx-identity-once` (identity, then notice), `sbx-late` (notice from the first read), ids issued by `POST /transaction` behave like `sbx-progress` | | |
//! | `sbx-not-found` | 404 | 404 | 404 | 404 | 404 |
//!
//! ID Scan results: [`ids::idscan::RESULT_ID`] answers once the transaction's last read
//! was `completed`. ID Scan file URLs point at the sandbox's `/downloads/{token}`.
//!
//! # Persona lifecycle
//!
//! `GET /transactions` lists [`persona_ids::GENERATED`] generated transactions
//! (`txn_sbxgen0000`..., reference ids `sbx-ref-00`...) and the created ones, newest
//! first, 10 per page by default (`page[size]` 1-100), with `page[after]` /
//! `page[before]` cursors and Persona-style `links` (relative `/api/v1/...` paths that
//! carry only the cursor), filtered by `filter[reference-id]`,
//! `filter[transaction-type-id]` and `filter[identifier][key|value]` (a field's name and
//! value). `POST /transactions` creates a transaction (`txn_sbx00000001`...) that goes
//! `created` → `pending` → `completed`, one step per
//! [`SandboxBuilder::persona_step_interval`] (2 s by default; zero: only when
//! [`Sandbox::advance_persona`] says so); reading never moves it. The same
//! `Idempotency-Key` with the same body returns the same transaction (with another body:
//! 422). `PATCH` sets status (one of [`persona_ids::STATUSES`], else 422 with
//! `source.pointer`), fields, reference id, label and tags. `DELETE` redacts (fields,
//! reference id, tags and included objects blanked; scenario ids too) and answers 404
//! once already redacted. `GET /events` serves each scenario's `transaction.created` and
//! `transaction.status-updated` events and the created transactions' events, filtered by
//! `filter[name]`, `filter[object-id]`, `filter[id]` (comma lists), paginated the same
//! way. Unknown query parameters and body members are 400s with `source`.
//!
//! # Headers, counters, rate
//!
//! Every response carries `Request-Id`; Persona responses also carry `RateLimit-Limit`,
//! `RateLimit-Remaining` and `RateLimit-Reset` (a one-minute window, reported but not
//! enforced). [`Sandbox::stats`] counts requests per provider, accepted TCP connections in
//! total, and connections per provider: the first request on a connection whose path is
//! under a provider's prefix decides the connection's provider. It also keeps the highest
//! number of requests per provider seen within any sliding one-second window.
#![forbid(unsafe_code)]

pub mod credentials;
pub mod ids;
pub mod persona_ids;
mod provider;
mod sandbox;
mod stats;

mod fixtures;
mod form;
mod jwt;
mod listener;
mod persona_lifecycle;
mod persona_store;
mod persona_time;
mod providers;
mod respond;
mod scenario;
mod server;
mod state;
mod tokens;

pub use credentials::Credentials;
pub use provider::Provider;
pub use sandbox::{
    DEFAULT_CHECKOUT_TOKEN_LIFETIME, DEFAULT_PERSONA_RATE_LIMIT, Sandbox, SandboxBuilder, start,
    start_on,
};
pub use stats::{ProviderStats, Stats};
