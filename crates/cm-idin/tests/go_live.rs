//! CM's go-live cases end to end against the sandbox, on CM's `/test` paths.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cm_idin::{Client, ClientOptions, DirectoryCache, GoLiveCase, NewTransaction, StatusOutcome};
use txstatus_sandbox::ids::idin;

#[tokio::test]
async fn every_go_live_case_gives_its_outcome_on_the_test_paths() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let client = Client::builder(sandbox.credentials().idin_merchant_token.clone())
        .base_url(format!("{}/test", sandbox.idin_base_url()))
        .configure_transport(|t| t.no_proxy())
        .build()
        .unwrap();

    let directory = DirectoryCache::new(client.clone()).get().await.unwrap();
    assert!(!directory.by_country().is_empty());
    let created = client
        .create_transaction(&NewTransaction::new(
            "RABONL2U",
            "golive01",
            "https://shop.example/idin/return",
        ))
        .await
        .unwrap()
        .into_value();
    assert!(created.transaction_id.is_some());

    for (case, id) in [
        (GoLiveCase::Open, idin::STUCK),
        (GoLiveCase::Success, idin::IDENTITY_ONCE),
        (GoLiveCase::Failure, idin::FAILURE),
        (GoLiveCase::Cancelled, idin::CANCELLED),
        (GoLiveCase::Expired, idin::EXPIRED),
        (GoLiveCase::LateData, idin::LATE),
    ] {
        let response = client.status(id, idin::MERCHANT_REFERENCE).await.unwrap();
        let outcome = StatusOutcome::from_response(&response);
        assert!(case.accepts(&outcome), "{}: {outcome:?}", case.name());
        assert!(!GoLiveCase::Open.accepts(&outcome) || case == GoLiveCase::Open);
    }

    let error = client
        .status(idin::NOT_FOUND, idin::MERCHANT_REFERENCE)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(404));
}

#[tokio::test]
async fn a_wrong_merchant_token_is_refused_on_the_test_paths() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let client = Client::builder("00000000-0000-4000-8000-000000000bad")
        .base_url(format!("{}/test", sandbox.idin_base_url()))
        .configure_transport(|t| t.no_proxy())
        .build()
        .unwrap();
    assert_eq!(client.directory().await.unwrap_err().status(), Some(403));
}
