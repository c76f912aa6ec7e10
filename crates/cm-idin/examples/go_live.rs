//! Walks CM's iDIN go-live test cases: list the banks, initiate a transaction,
//! read each of the five statuses, late data, an error, and the API unreachable.
//! Prints what each case saw, never a personal value or the merchant token.
//!
//! Against the sandbox (started in-process, scenario ids play the bank):
//!
//! ```text
//! cargo run -p cm-idin --example cm_idin_go_live -- --sandbox
//! ```
//!
//! Against CM's test bank: go through the test bank once per case (CM lets you
//! pick each outcome there), then pass what came back, with `CM_IDIN_MERCHANT_TOKEN`
//! exported from your secret store (never typed on the command line):
//!
//! ```text
//! CM_IDIN_CASES='success=<trxid>:<merchant_reference>,failure=...' \
//!     cargo run -p cm-idin --example cm_idin_go_live
//! ```
//!
//! Case names: open, success, failure, cancelled, expired, late-data. Cases not
//! given are reported as skipped.

use std::collections::HashMap;

use cm_idin::{
    Client, ClientOptions, DirectoryCache, Environment, GoLiveCase, NewTransaction, StatusOutcome,
};
use txstatus_sandbox::ids::idin;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sandbox_mode = std::env::args().any(|a| a == "--sandbox");
    let (sandbox, token, base) = if sandbox_mode {
        let sandbox = txstatus_sandbox::start().await?;
        let token = sandbox.credentials().idin_merchant_token.clone();
        // The sandbox answers CM's `/test` paths as well.
        let base = format!("{}/test", sandbox.idin_base_url());
        (Some(sandbox), token, base)
    } else {
        let token = std::env::var("CM_IDIN_MERCHANT_TOKEN")
            .map_err(|_| "set CM_IDIN_MERCHANT_TOKEN (a test account's token) or pass --sandbox")?;
        (None, token, Environment::Test.base_url().to_owned())
    };
    let client = Client::builder(token.clone())
        .base_url(base)
        .configure_transport(|t| t.no_proxy())
        .build()?;

    // 1. List banks, through the cache CM asks for.
    let directory = DirectoryCache::new(client.clone()).get().await?;
    for (country, issuers) in directory.by_country() {
        println!("banks: {country:?}: {} issuer(s)", issuers.len());
    }
    let issuer = directory
        .countries()
        .iter()
        .flat_map(|c| c.issuers.iter().flatten())
        .find_map(|i| i.issuer_id.clone())
        .ok_or("the directory lists no bank")?;

    // 2. Initiate.
    let created = client
        .create_transaction(&NewTransaction::new(
            issuer,
            "golive01",
            "https://shop.example/idin/return",
        ))
        .await?
        .into_value();
    println!(
        "initiate: transaction id {}, authentication url {}",
        if created.transaction_id.is_some() {
            "received"
        } else {
            "MISSING"
        },
        if created.issuer_authentication_url.is_some() {
            "received"
        } else {
            "MISSING"
        },
    );

    // 3. The five statuses and late data.
    let cases = if sandbox_mode {
        sandbox_cases()
    } else {
        env_cases()
    };
    for case in GoLiveCase::ALL {
        let Some((id, reference)) = cases.get(case.name()) else {
            println!("{}: skipped (not given)", case.name());
            continue;
        };
        let response = client.status(id, reference).await?;
        let outcome = StatusOutcome::from_response(&response);
        let verdict = if case.accepts(&outcome) {
            "ok"
        } else {
            "UNEXPECTED"
        };
        println!("{}: {} ({verdict})", case.name(), outcome.normalized());
    }

    // 4. An error: an unknown transaction.
    match client.status("golive-unknown-0001", "golive-ref").await {
        Err(error) => println!(
            "error case: {} (ok)",
            error
                .status()
                .map_or("no status".into(), |s| format!("HTTP {s}"))
        ),
        Ok(_) => println!("error case: UNEXPECTED success"),
    }

    // 5. The API unreachable: nothing listens on the port.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?;
    let unreachable = Client::builder(token)
        .base_url(format!("http://{closed}"))
        .configure_transport(|t| t.no_proxy())
        .build()?;
    match unreachable.directory().await {
        Err(error) if error.is_connect() => println!(
            "unreachable: connection refused, may have been sent: {} (ok)",
            error.may_have_been_sent()
        ),
        other => println!("unreachable: UNEXPECTED {:?}", other.map(|_| ())),
    }

    if let Some(sandbox) = sandbox {
        sandbox.shutdown().await;
    }
    Ok(())
}

fn sandbox_cases() -> HashMap<&'static str, (String, String)> {
    let reference = idin::MERCHANT_REFERENCE.to_owned();
    [
        ("open", idin::STUCK),
        ("success", idin::IDENTITY_ONCE),
        ("failure", idin::FAILURE),
        ("cancelled", idin::CANCELLED),
        ("expired", idin::EXPIRED),
        ("late-data", idin::LATE),
    ]
    .into_iter()
    .map(|(case, id)| (case, (id.to_owned(), reference.clone())))
    .collect()
}

fn env_cases() -> HashMap<&'static str, (String, String)> {
    let text = std::env::var("CM_IDIN_CASES").unwrap_or_default();
    let mut cases = HashMap::new();
    for entry in text.split(',') {
        let Some((name, rest)) = entry.split_once('=') else {
            continue;
        };
        let Some((id, reference)) = rest.split_once(':') else {
            continue;
        };
        if let Some(case) = GoLiveCase::ALL.iter().find(|c| c.name() == name.trim()) {
            cases.insert(
                case.name(),
                (id.trim().to_owned(), reference.trim().to_owned()),
            );
        }
    }
    cases
}
