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
    // A bank of the directory, as CM requires (another is refused).
    let issuer = directory
        .countries()
        .iter()
        .flat_map(|country| country.issuers.iter().flatten())
        .find_map(|issuer| issuer.issuer_id.clone())
        .unwrap();
    let created = client
        .create_transaction(&NewTransaction::new(
            issuer,
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

/// End to end against the sandbox's model of CM's rules: a created transaction's
/// answers carry its own `transaction_reference` (`null` without one) and
/// issuer, its identity only the attributes asked, and a read after the data
/// window gets the notice, not the identity.
#[tokio::test]
async fn a_created_transaction_reads_back_its_own_reference_and_only_what_was_asked() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let client = Client::builder(sandbox.credentials().idin_merchant_token.clone())
        .base_url(sandbox.idin_base_url())
        .configure_transport(|t| t.no_proxy())
        .build()
        .unwrap();
    for reference in [Some("order-42"), None] {
        let mut new = NewTransaction::new("SBXCNL2S", "e2e01", "https://shop.example/return");
        new.transaction_reference = reference.map(str::to_owned);
        new.name = Some(true);
        new.is_18_or_older = Some(true);
        let created = client.create_transaction(&new).await.unwrap().into_value();
        let (id, merchant_reference) = (
            created.transaction_id.unwrap(),
            created.merchant_reference.unwrap(),
        );
        let read = || client.status(&id, &merchant_reference);
        assert_eq!(read().await.unwrap().value().outcome(), StatusOutcome::Open);
        let outcome = read().await.unwrap().value().outcome();
        let identity = outcome.identity().unwrap();
        assert_eq!(identity.transaction_reference.as_deref(), reference);
        assert_eq!(identity.issuer_id.as_deref(), Some("SBXCNL2S"));
        let name = identity.name.as_ref().unwrap();
        assert!(name.last_name.is_some() && name.gender.is_none());
        let age = identity.age.as_ref().unwrap();
        assert!(age.is_18_or_older.is_some() && age.date_of_birth.is_none());
        assert!(identity.address.is_none() && identity.email_address.is_none());
        assert!(identity.bin.is_some());
        let later = read().await.unwrap().value().outcome();
        let unavailable = later.data_unavailable().unwrap();
        assert!(unavailable.is_window_missed());
        assert_eq!(unavailable.transaction_reference.as_deref(), reference);
    }

    let late = txstatus_sandbox::Sandbox::builder()
        .idin_return_after(std::time::Duration::ZERO)
        .idin_data_window(std::time::Duration::ZERO)
        .start()
        .await
        .unwrap();
    let client = Client::builder(late.credentials().idin_merchant_token.clone())
        .base_url(late.idin_base_url())
        .configure_transport(|t| t.no_proxy())
        .build()
        .unwrap();
    let mut new = NewTransaction::new("SBXBNL2S", "e2e02", "https://shop.example/return");
    new.name = Some(true);
    let created = client.create_transaction(&new).await.unwrap().into_value();
    let response = client
        .status(
            created.transaction_id.as_deref().unwrap(),
            created.merchant_reference.as_deref().unwrap(),
        )
        .await
        .unwrap();
    let outcome = StatusOutcome::from_response(&response);
    assert!(GoLiveCase::LateData.accepts(&outcome), "{outcome:?}");
}
