//! Loopback destinations never go through a proxy, even with `HTTP_PROXY`,
//! `HTTPS_PROXY` and `ALL_PROXY` set: the proxy would see plain-http credentials.
//!
//! Setting the environment needs a process of its own (`set_var` is unsafe), so
//! each test runs its client half in a child of this test binary, found by its test
//! name: it runs in its own binary (a `[[test]]`, never a suite module).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::{
    io::Read,
    net::TcpListener,
    process::Command,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use txstatus_core::{
    ClientOptions, TransportBuilder,
    provider::{RequestSpec, ServiceBuilder},
};

const CHILD: &str = "TXSTATUS_PROXY_TEST_CHILD";
const TARGET: &str = "TXSTATUS_PROXY_TEST_TARGET";

/// A "proxy" that counts connections and answers none of them.
fn proxy() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            counter.fetch_add(1, Ordering::SeqCst);
            let mut buf = [0u8; 1024];
            let _ = stream.read(&mut buf);
        }
    });
    (address, seen)
}

/// Runs `test` of this binary as a child with every proxy variable set to `proxy`.
fn run_child(test: &str, proxy: &str, target: &str) -> bool {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .env(TARGET, target)
        .env_remove("NO_PROXY")
        .env_remove("no_proxy");
    for name in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ] {
        command.env(name, proxy);
    }
    command.status().unwrap().success()
}

/// The client half: one GET of `TARGET` with the system proxy settings honoured.
fn child_request() -> Option<Result<(), String>> {
    std::env::var_os(CHILD)?;
    let target = std::env::var(TARGET).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    Some(runtime.block_on(async move {
        struct B(ServiceBuilder);
        impl ClientOptions for B {
            fn service_builder_mut(&mut self) -> &mut ServiceBuilder {
                &mut self.0
            }
        }
        let transport = TransportBuilder::new()
            .deadline(Duration::from_secs(5))
            .retry_policy(txstatus_core::RetryPolicy::none());
        let service = B(ServiceBuilder::new("test", None))
            .base_url(target)
            .transport(transport.build().unwrap())
            .0
            .build()
            .unwrap();
        service
            .execute(RequestSpec::get("get").segment("t"))
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }))
}

#[test]
fn child_loopback_request() {
    if let Some(result) = child_request() {
        result.unwrap();
    }
}

#[test]
fn child_remote_request() {
    // Only the proxy is asked; the outcome does not matter.
    let _ = child_request();
}

#[test]
fn loopback_destinations_bypass_every_proxy_variable() {
    if std::env::var_os(CHILD).is_some() {
        return;
    }
    let server = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = server.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in server.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut buf = [0u8; 2048];
            let _ = stream.read(&mut buf);
            let _ = std::io::Write::write_all(
                &mut stream,
                b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok",
            );
        }
    });
    let (proxy, seen) = proxy();
    for target in [
        format!("http://127.0.0.1:{port}"),
        format!("http://localhost:{port}"),
    ] {
        assert!(
            run_child("child_loopback_request", &proxy, &target),
            "{target}"
        );
    }
    assert_eq!(
        seen.load(Ordering::SeqCst),
        0,
        "the proxy saw a loopback request"
    );
}

#[test]
fn other_destinations_still_use_the_system_proxy() {
    if std::env::var_os(CHILD).is_some() {
        return;
    }
    // The control: the same environment does reach the proxy for a remote host,
    // so the test above would see a loopback request if one were proxied.
    let (proxy, seen) = proxy();
    run_child(
        "child_remote_request",
        &proxy,
        "https://api.example.invalid",
    );
    assert!(seen.load(Ordering::SeqCst) >= 1, "the proxy was not asked");
}

/// Runs `test` of this binary as a child with only `vars` of the proxy
/// variables set.
fn run_child_with(test: &str, vars: &[(&str, &str)], expect: &str) -> bool {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .env(EXPECT, expect)
        .env_remove("REQUEST_METHOD");
    for name in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
        "NO_PROXY",
        "no_proxy",
    ] {
        command.env_remove(name);
    }
    for (name, value) in vars {
        command.env(name, value);
    }
    command.status().unwrap().success()
}

const EXPECT: &str = "TXSTATUS_PROXY_TEST_EXPECT";
/// In every refused value: the error must not show it.
const PASSWORD: &str = "Pw-Secret9";

#[test]
fn child_build_transport() {
    let Some(expect) = std::env::var_os(EXPECT) else {
        return;
    };
    let built = TransportBuilder::new().build();
    if expect == "refused" {
        let error = built.unwrap_err();
        assert!(error.is_invalid_input(), "{error}");
        let shown = format!("{error} {error:?}");
        assert!(
            shown.contains("PROXY") || shown.contains("proxy"),
            "{shown}"
        );
        assert!(
            !shown.contains(PASSWORD) && !shown.contains("proxy.example"),
            "{shown}"
        );
        // Asked for no proxy, the variables do not matter.
        TransportBuilder::new().no_proxy().build().unwrap();
    } else {
        built.unwrap();
    }
}

#[test]
fn a_proxy_variable_the_client_would_skip_is_refused_when_the_transport_is_built() {
    if std::env::var_os(CHILD).is_some() {
        return;
    }
    for name in [
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "ALL_PROXY",
        "all_proxy",
    ] {
        for value in [
            "http://user:Pw-Secret9@[::1",
            "ftp://user:Pw-Secret9@proxy.example:21",
            "http://user:Pw Secret9@proxy.example:8080",
            "http://user:Pw-Secret9@",
            "socks9://proxy.example:1080",
            // The client is built without SOCKS: every request would fail.
            "socks5h://proxy.example:1080",
            "SOCKS5://user:Pw-Secret9@proxy.example:1080",
            "socks4a://proxy.example",
            "socks4://proxy.example:1080",
        ] {
            assert!(
                run_child_with("child_build_transport", &[(name, value)], "refused"),
                "{name}={value}"
            );
        }
    }
    for vars in [
        &[("HTTPS_PROXY", "proxy.example:3128")][..],
        &[("HTTPS_PROXY", "http://user:Pw-Secret9@proxy.example:3128")][..],
        &[("HTTPS_PROXY", "")][..],
        &[("http_proxy", "https://proxy.example")][..],
    ] {
        assert!(
            run_child_with("child_build_transport", vars, "accepted"),
            "{vars:?}"
        );
    }
    // Under CGI the client reads no proxy variable (httpoxy): nothing to refuse.
    let mut cgi = Command::new(std::env::current_exe().unwrap());
    cgi.args([
        "--exact",
        "child_build_transport",
        "--nocapture",
        "--test-threads=1",
    ])
    .env(CHILD, "1")
    .env(EXPECT, "accepted")
    .env("REQUEST_METHOD", "GET")
    .env("HTTPS_PROXY", "ftp://proxy.example");
    assert!(cgi.status().unwrap().success());
}
