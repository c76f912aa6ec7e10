//! The route prefix as a caller writes it: `/hooks`, `hooks/` or `/hooks/` all
//! mean the provider's name follows the one path segment `hooks`. A prefix
//! without its closing slash must neither refuse every genuine delivery
//! (`/hooks/fake` read as the provider named "") nor route a path that merely
//! starts with it (`/hooksfake`).
#![allow(missing_docs, clippy::unwrap_used, clippy::indexing_slicing)]

use crate::common;

use std::sync::Arc;

use common::{PROVIDER, Table, TokenSide, body, token_headers};
use txstatus_core::NormalizedStatus;
use txstatus_webhooks::{MemoryStore, Receiver};

async fn status_of(prefix: &str, target: &str) -> u16 {
    let table = Arc::new(Table::default());
    table.set("tx-1", NormalizedStatus::Succeeded, "approved");
    let (receiver, _transitions) = Receiver::builder(Arc::new(MemoryStore::new()))
        .provider(Arc::new(TokenSide { hint: false }), table)
        .prefix(prefix)
        .build();
    let reply = receiver
        .handle(
            "POST",
            target,
            &token_headers("good"),
            None,
            &body("evt-1", "tx-1"),
        )
        .await;
    receiver.drain().await;
    reply.status
}

#[tokio::test]
async fn a_prefix_with_or_without_its_slashes_routes_the_same_paths() {
    assert_eq!(PROVIDER, "fake");
    for prefix in ["/hooks", "/hooks/", "hooks", "hooks/"] {
        for target in ["/hooks/fake", "/hooks/fake?x=1", "/hooks/fake/"] {
            assert_eq!(status_of(prefix, target).await, 200, "{prefix} {target}");
        }
        for target in [
            "/hooksfake",
            "/hooks//fake",
            "/hooks%2Ffake",
            "/hooks/fak",
            "/hooks/fake%2F",
            "/other/fake",
        ] {
            assert_eq!(status_of(prefix, target).await, 404, "{prefix} {target}");
        }
    }
    for prefix in ["", "/"] {
        assert_eq!(status_of(prefix, "/fake").await, 200, "{prefix:?}");
        assert_eq!(status_of(prefix, "fake").await, 404, "{prefix:?}");
    }
}
