//! A real `redis-server` for tests: started on a free port in a temporary directory,
//! killed and cleaned up on drop. Never a mock; a missing binary fails the test with
//! the command that installs it (`cargo xtask check` does so on Debian).
#![allow(
    clippy::panic,
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use std::{
    io::{Read, Write},
    net::{TcpListener, TcpStream},
    path::PathBuf,
    process::{Child, Command, Stdio},
    sync::atomic::{AtomicU32, Ordering},
    time::{Duration, Instant},
};

use txstatus_redis::RedisConfig;

/// Overrides the binary (xtask sets it to the one it ensured); else `redis-server` on `PATH`.
pub const SERVER_ENV: &str = "TXSTATUS_REDIS_SERVER";

static SEQUENCE: AtomicU32 = AtomicU32::new(0);

/// A running `redis-server` owned by a test.
#[derive(Debug)]
pub struct RedisServer {
    child: Option<Child>,
    port: u16,
    password: Option<String>,
    dir: PathBuf,
}

impl RedisServer {
    /// Starts a server without a password.
    pub fn start() -> Self {
        Self::launch(None, free_port)
    }

    /// Starts a server trying the ports `ports` gives, one per try (at most five):
    /// how a test shows that a try lost to a taken port does not spoil the next.
    pub fn start_trying_ports(ports: impl FnMut() -> u16) -> Self {
        Self::launch(None, ports)
    }

    /// Starts a server that requires `password` (`requirepass`).
    pub fn start_with_password(password: &str) -> Self {
        Self::launch(Some(password.to_owned()), free_port)
    }

    fn launch(password: Option<String>, mut ports: impl FnMut() -> u16) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "txstatus-redis-{}-{}",
            std::process::id(),
            SEQUENCE.fetch_add(1, Ordering::Relaxed)
        ));
        // Another process can take the port between our probe and the server's bind:
        // try a few ports.
        let mut last = String::new();
        for _ in 0..5 {
            // Made for each try: a failed try's server removes it when dropped.
            std::fs::create_dir_all(&dir).expect("create the server's temporary directory");
            let port = ports();
            let mut server = Self {
                child: Some(spawn(port, &dir, password.as_deref())),
                port,
                password: password.clone(),
                dir: dir.clone(),
            };
            match server.wait_ready() {
                Ok(()) => return server,
                Err(reason) => {
                    last = reason;
                    server.kill();
                }
            }
        }
        panic!("redis-server did not start: {last}");
    }

    /// `redis://[:password@]127.0.0.1:port`.
    pub fn url(&self) -> String {
        match &self.password {
            Some(password) => format!("redis://:{password}@127.0.0.1:{}", self.port),
            None => format!("redis://127.0.0.1:{}", self.port),
        }
    }

    /// A config for [`url`](Self::url) with a prefix unique to this server's tests.
    pub fn config(&self) -> RedisConfig {
        RedisConfig::new(self.url()).expect("a valid url")
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Kills the server now (to test what happens when Redis goes away).
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    fn wait_ready(&mut self) -> Result<(), String> {
        // Generous: the machine is shared and noisy; this is readiness, not a timing assertion.
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(child) = self.child.as_mut()
                && let Ok(Some(status)) = child.try_wait()
            {
                return Err(format!("exited with {status} (port {} taken?)", self.port));
            }
            if self.ping() {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err("no PONG within 30 s".to_owned());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn ping(&self) -> bool {
        let Ok(mut stream) = TcpStream::connect(("127.0.0.1", self.port)) else {
            return false;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
        let command = match &self.password {
            Some(password) => format!(
                "*2\r\n$4\r\nAUTH\r\n${}\r\n{password}\r\n*1\r\n$4\r\nPING\r\n",
                password.len()
            ),
            None => "*1\r\n$4\r\nPING\r\n".to_owned(),
        };
        if stream.write_all(command.as_bytes()).is_err() {
            return false;
        }
        let mut reply = Vec::new();
        let mut buffer = [0_u8; 64];
        while let Ok(n) = stream.read(&mut buffer) {
            if n == 0 {
                break;
            }
            reply.extend_from_slice(&buffer[..n]);
            if reply.windows(5).any(|w| w == b"+PONG") {
                return true;
            }
            if reply.windows(8).any(|w| w == b"-LOADING") {
                return false;
            }
        }
        false
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local address").port()
}

fn spawn(port: u16, dir: &std::path::Path, password: Option<&str>) -> Child {
    let binary = std::env::var_os(SERVER_ENV).unwrap_or_else(|| "redis-server".into());
    let mut command = Command::new(&binary);
    command
        .args(["--port", &port.to_string()])
        .args(["--bind", "127.0.0.1"])
        .arg("--dir")
        .arg(dir)
        .args(["--save", "", "--appendonly", "no"])
        .args(["--daemonize", "no", "--loglevel", "warning"]);
    if let Some(password) = password {
        command.args(["--requirepass", password]);
    }
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    match command.spawn() {
        Ok(child) => child,
        Err(error) => panic!(
            "cannot start {}: {error}. The Redis tests need a real redis-server: run \
             `cargo xtask tools` (installs it on Debian-family machines) or install it \
             yourself (`sudo apt-get install -y --no-install-recommends redis-server`, \
             `brew install redis`)",
            binary.to_string_lossy()
        ),
    }
}

/// A server that is not Redis: it accepts the handshake, then answers every command
/// with an error whose first word (the "code") is the password it was sent, as a
/// hostile or broken server could. Answers AUTH itself that way when `at_auth`, else
/// `+OK`. Returns its port.
pub fn password_echoing_server(at_auth: bool) -> u16 {
    use std::io::{BufRead, BufReader};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            std::thread::spawn(move || {
                let mut writer = stream.try_clone().unwrap();
                let mut reader = BufReader::new(stream);
                let mut password = String::from("nothing");
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let Some(count) = line.trim_end().strip_prefix('*') else {
                        return;
                    };
                    let mut args = Vec::new();
                    for _ in 0..count.parse::<usize>().unwrap_or(0) {
                        let mut head = String::new();
                        reader.read_line(&mut head).unwrap();
                        let len: usize = head.trim_end().trim_start_matches('$').parse().unwrap();
                        let mut arg = vec![0; len + 2];
                        reader.read_exact(&mut arg).unwrap();
                        arg.truncate(len);
                        args.push(String::from_utf8_lossy(&arg).into_owned());
                    }
                    let name = args
                        .first()
                        .map(|a| a.to_ascii_uppercase())
                        .unwrap_or_default();
                    if name == "AUTH" {
                        password = args.last().cloned().unwrap_or_default();
                    }
                    let answer = match name.as_str() {
                        "AUTH" if !at_auth => "+OK\r\n".to_owned(),
                        "CLIENT" | "SELECT" => "+OK\r\n".to_owned(),
                        _ => format!("-{password} was the password\r\n"),
                    };
                    if writer.write_all(answer.as_bytes()).is_err() {
                        return;
                    }
                }
            });
        }
    });
    port
}
