//! Connecting to a real server: the URL and its password never show.

use crate::common;

use common::{RedisServer, connect};

use txstatus_redis::{ErrorKind, Redis, RedisConfig};

const PASSWORD: &str = "s3cret-Redis-pw";

#[tokio::test]
async fn connects_and_pings_a_real_server_with_a_password() {
    let server = RedisServer::start_with_password(PASSWORD);
    let redis = connect(&server).await;
    redis.ping().await.unwrap();
}

#[test]
fn debug_of_config_and_connection_never_shows_the_url_or_password() {
    let config = RedisConfig::new(format!("rediss://user:{PASSWORD}@cache.internal:6380/2"))
        .unwrap()
        .with_prefix("app");
    let shown = format!("{config:?}");
    assert!(!shown.contains(PASSWORD), "{shown}");
    assert!(!shown.contains("cache.internal"), "{shown}");
    assert!(config.is_tls());
}

#[test]
fn an_invalid_url_error_does_not_quote_it() {
    for url in [
        format!("http://:{PASSWORD}@host:6379"),
        format!("redis://:{PASSWORD}@host:notaport"),
        PASSWORD.to_owned(),
    ] {
        let error = RedisConfig::new(url).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Config);
        for shown in [format!("{error}"), format!("{error:?}")] {
            assert!(!shown.contains(PASSWORD), "{shown}");
            assert!(!shown.contains("host"), "{shown}");
        }
    }
}

#[tokio::test]
async fn a_wrong_password_is_an_auth_error_without_the_password() {
    let server = RedisServer::start_with_password(PASSWORD);
    let wrong = "not-the-Password-42";
    let config = RedisConfig::new(format!("redis://:{wrong}@127.0.0.1:{}", server.port())).unwrap();
    let error = Redis::connect(&config).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Auth, "{error}");
    for shown in [format!("{error}"), format!("{error:?}")] {
        assert!(!shown.contains(wrong), "{shown}");
    }
}

#[tokio::test]
async fn a_stopped_server_is_an_unreachable_error() {
    let mut server = RedisServer::start_with_password(PASSWORD);
    let config = server.config();
    server.kill();
    let error = Redis::connect(&config).await.unwrap_err();
    assert!(error.is_unreachable(), "{error}");
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(PASSWORD), "{shown}");
    assert!(!shown.contains(&server.port().to_string()), "{shown}");
}

#[tokio::test]
async fn rediss_speaks_tls_and_a_plain_server_is_a_clean_error() {
    // The TLS stack (rustls on ring, the system's roots) initializes; a server that
    // does not speak TLS fails the handshake with an error, never a panic.
    let server = RedisServer::start_with_password(PASSWORD);
    let config = RedisConfig::new(format!("rediss://:{PASSWORD}@127.0.0.1:{}", server.port()))
        .unwrap()
        .with_connect_timeout(std::time::Duration::from_secs(1));
    assert!(config.is_tls());
    let error = Redis::connect(&config).await.unwrap_err();
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(PASSWORD), "{shown}");
}

#[tokio::test]
async fn no_url_form_shows_its_password_in_config_or_connect_errors() {
    let encoded = "p%40ss%3Aw0rd%2F%3F";
    let decoded = "p@ss:w0rd/?";
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let urls = [
        format!("redis://user:{PASSWORD}@127.0.0.1:{port}/0"),
        format!("redis://:{PASSWORD}@127.0.0.1:{port}"),
        format!("redis://127.0.0.1:{port}/0?password={PASSWORD}"),
        format!("redis://:{encoded}@127.0.0.1:{port}"),
        format!("rediss://:{PASSWORD}@127.0.0.1:{port}"),
        format!("redis+unix:///nonexistent/{port}.sock?pass={PASSWORD}"),
        format!("unix:///nonexistent/{port}.sock?pass={PASSWORD}"),
        format!("redis://:{PASSWORD}@127.0.0.1:99999"),
        format!("redis://:{PASSWORD}@[::1"),
    ];
    for url in urls {
        let mut shown = Vec::new();
        match RedisConfig::new(url.clone()) {
            Err(error) => shown.push(format!("{error} {error:?}")),
            Ok(config) => {
                let config = config.with_connect_timeout(std::time::Duration::from_secs(1));
                shown.push(format!("{config:?}"));
                let error = Redis::connect(&config).await.unwrap_err();
                shown.push(format!("{error} {error:?}"));
            }
        }
        for text in shown {
            for secret in [PASSWORD, encoded, decoded] {
                assert!(!text.contains(secret), "{url}: {text}");
            }
            assert!(!text.contains("nonexistent"), "{url}: {text}");
        }
    }
}

#[tokio::test]
async fn a_server_that_answers_with_the_password_as_its_error_code_never_gets_it_shown() {
    // Percent-encoded in the URL; the server is sent (and echoes) the decoded form.
    let cases = [
        ("Sup3r%2FS3cr3t%402026%21", "Sup3r/S3cr3t@2026!"),
        ("HUNTER2REDISPW", "HUNTER2REDISPW"),
    ];
    for at_auth in [false, true] {
        let port = common::password_echoing_server(at_auth);
        for (encoded, decoded) in cases {
            let config = RedisConfig::new(format!("redis://user:{encoded}@127.0.0.1:{port}"))
                .unwrap()
                .with_connect_timeout(std::time::Duration::from_secs(5));
            let error = Redis::connect(&config).await.unwrap_err();
            let shown = format!("{error} | {error:?}");
            assert!(!shown.contains(decoded), "{shown}");
            assert!(!shown.contains(encoded), "{shown}");
            assert!(!shown.contains("was the password"), "{shown}");
        }
    }
}

#[tokio::test]
async fn zero_and_endless_timeouts_connect_or_fail_with_a_typed_error_never_a_panic() {
    let server = RedisServer::start();
    for (connect_timeout, response_timeout) in [
        (std::time::Duration::MAX, std::time::Duration::MAX),
        (std::time::Duration::from_secs(5), std::time::Duration::MAX),
        (std::time::Duration::MAX, std::time::Duration::from_secs(5)),
        (std::time::Duration::ZERO, std::time::Duration::from_secs(5)),
        (std::time::Duration::from_secs(5), std::time::Duration::ZERO),
        (std::time::Duration::ZERO, std::time::Duration::ZERO),
    ] {
        let config = server
            .config()
            .with_connect_timeout(connect_timeout)
            .with_response_timeout(response_timeout);
        let connecting = tokio::spawn(async move {
            match Redis::connect(&config).await {
                Ok(redis) => redis.ping().await.map_err(|e| e.kind()),
                Err(error) => Err(error.kind()),
            }
        });
        let outcome = tokio::time::timeout(std::time::Duration::from_secs(30), connecting)
            .await
            .expect("connect ends")
            .unwrap_or_else(|panic| panic!("{connect_timeout:?}/{response_timeout:?}: {panic}"));
        if let Err(kind) = outcome {
            assert!(
                matches!(kind, ErrorKind::Unreachable | ErrorKind::Config),
                "{connect_timeout:?}/{response_timeout:?}: {kind:?}"
            );
        }
    }
}

#[tokio::test]
async fn a_server_that_evicts_keys_under_memory_pressure_is_warned_about_at_connect() {
    let capture = txstatus_core::test_util::TraceCapture::default();
    let _guard = txstatus_core::test_util::set_test_subscriber(capture.clone());
    let server = RedisServer::start();
    connect(&server).await;
    assert!(
        !capture.text().contains("maxmemory-policy"),
        "noeviction: no warning"
    );
    for policy in ["allkeys-lru", "volatile-ttl"] {
        redis::cmd("CONFIG")
            .arg("SET")
            .arg("maxmemory-policy")
            .arg(policy)
            .exec(&mut common::raw(&server))
            .unwrap();
        connect(&server).await;
        let text = capture.text();
        assert!(
            text.contains("maxmemory-policy") && text.contains(policy),
            "{policy}: {text}"
        );
    }
}

/// The connect timeout bounds the whole first connection, not each of the
/// connection manager's attempts (a TLS handshake a server never answers took
/// three times the timeout and more). The bound checked is generous: the
/// machine is shared; what is checked is that one timeout ends it, not three.
#[tokio::test]
async fn the_connect_timeout_bounds_the_whole_connect_not_each_attempt() {
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let config = RedisConfig::new(format!("rediss://127.0.0.1:{port}"))
        .unwrap()
        .with_connect_timeout(std::time::Duration::from_millis(1500));
    let started = std::time::Instant::now();
    let error = Redis::connect(&config).await.unwrap_err();
    let took = started.elapsed();
    assert_eq!(error.kind(), ErrorKind::Unreachable, "{error}");
    assert!(
        took < std::time::Duration::from_millis(4000),
        "connecting took {took:?} with a 1.5 s connect timeout"
    );
    drop(silent);
}
