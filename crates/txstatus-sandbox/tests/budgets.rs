//! What a client can make the sandbox keep: every id, token and key it issues or
//! records is charged to `max_kept_bytes`, so a client looping on any of them is
//! refused with 507 once the budget is spent; and a token it issues does not
//! reveal the next one.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use serde_json::json;
use support::{Request, path, read, send};
use txstatus_sandbox::{Provider, Sandbox, ids};

/// Small enough that a few hundred charged objects spend it.
const BUDGET: u64 = 16 * 1024;
/// More than the budget can pay for at the sandbox's per-object charge (256 bytes).
const ATTEMPTS: usize = 200;

async fn small_sandbox() -> Sandbox {
    Sandbox::builder()
        .max_kept_bytes(BUDGET)
        .start()
        .await
        .unwrap()
}

/// Sends `request` `ATTEMPTS` times; how many got `ok` and how many 507.
async fn spend(sandbox: &Sandbox, ok: u16, request: impl Fn(usize) -> Request) -> (usize, usize) {
    let (mut kept, mut refused) = (0, 0);
    for n in 0..ATTEMPTS {
        match send(sandbox, request(n)).await.status {
            507 => refused += 1,
            status if status == ok => kept += 1,
            other => panic!("attempt {n}: {other}"),
        }
    }
    (kept, refused)
}

fn idin_create(sandbox: &Sandbox) -> Request {
    Request::post_json(
        path(sandbox, Provider::CmIdin, "/transaction"),
        &json!({
            "merchant_token": sandbox.credentials().idin_merchant_token,
            "identity": true,
            "issuer_id": "SBXBNL2S",
            "entrance_code": "sbx",
            "merchant_return_url": "https://merchant.sandbox.invalid/return",
            "language": "nl",
        }),
    )
}

#[tokio::test]
async fn idin_ids_issued_past_the_instance_budget_are_refused() {
    let sandbox = small_sandbox().await;
    let (issued, refused) = spend(&sandbox, 200, |_| idin_create(&sandbox)).await;
    assert!(issued >= 1, "ids within the budget are issued");
    assert!(
        refused >= 1,
        "every id was issued: nothing bounds what reads of them keep"
    );
    // What was issued before still reads, and so do the fixed scenarios.
    assert_eq!(
        read(
            &sandbox,
            Provider::CmIdin,
            &format!("{}1", ids::idin::ISSUED_PREFIX)
        )
        .await
        .0,
        200
    );
    assert_eq!(
        read(&sandbox, Provider::CmIdin, ids::idin::LATE).await.0,
        200
    );
}

#[tokio::test]
async fn persona_biometrics_keys_past_the_instance_budget_are_refused() {
    let sandbox = small_sandbox().await;
    let (recorded, refused) = spend(&sandbox, 200, |n| {
        Request::post(
            path(
                &sandbox,
                Provider::Persona,
                &format!(
                    "/transactions/{}/redact-biometrics",
                    ids::persona::COMPLETED
                ),
            ),
            "application/json",
            Vec::new(),
        )
        .bearer(&sandbox.credentials().persona_api_key)
        .header("Key-Inflection", "kebab")
        .header("Persona-Version", "2025-12-08")
        .header("Idempotency-Key", &format!("key-{n}"))
    })
    .await;
    assert!(recorded >= 1, "keys within the budget are recorded");
    assert!(
        refused >= 1,
        "every key was kept: nothing bounds the memory"
    );
}

fn token_request(sandbox: &Sandbox) -> Request {
    let c = sandbox.credentials();
    Request::post(
        path(sandbox, Provider::CmCheckout, "/authorization/oauth2/token"),
        "application/x-www-form-urlencoded",
        format!(
            "grant_type=client_credentials&client_id={}&client_secret={}",
            c.checkout_client_id, c.checkout_client_secret
        )
        .into_bytes(),
    )
}

#[tokio::test]
async fn checkout_tokens_issued_past_the_instance_budget_are_refused() {
    let sandbox = small_sandbox().await;
    let (issued, refused) = spend(&sandbox, 200, |_| token_request(&sandbox)).await;
    assert!(issued >= 1, "tokens within the budget are issued");
    assert!(
        refused >= 1,
        "every token was remembered: nothing bounds the memory"
    );
}

fn checkout_read(sandbox: &Sandbox, token: &str) -> Request {
    Request::get(path(
        sandbox,
        Provider::CmCheckout,
        &format!(
            "/paymentmethods/checkout/v1/transactions/{}",
            ids::checkout::SUCCESS
        ),
    ))
    .bearer(token)
}

#[tokio::test]
async fn a_checkout_token_does_not_reveal_the_next_one_issued() {
    let sandbox = Sandbox::start().await.unwrap();
    let mine = send(&sandbox, token_request(&sandbox)).await.json()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    // Someone else's token, issued right after.
    let theirs = send(&sandbox, token_request(&sandbox)).await;
    assert_eq!(theirs.status, 200);
    assert_eq!(
        send(&sandbox, checkout_read(&sandbox, &mine)).await.status,
        200
    );
    // Every guess built from mine by counting on: refused.
    let (prefix, serial) = {
        let mut parts = mine.split('-');
        let (sbx, at, instance, serial) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        (
            format!("{sbx}-{at}-{instance}-"),
            serial.parse::<u64>().unwrap(),
        )
    };
    for next in serial + 1..serial + 3 {
        let guess = format!("{prefix}{next}");
        assert_eq!(
            send(&sandbox, checkout_read(&sandbox, &guess)).await.status,
            401,
            "{guess} guessed from {mine}"
        );
    }
}
