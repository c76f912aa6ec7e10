//! `redis-server` for the Redis crate's tests, which start a real server on a free port
//! (never a mock, never a skipped test).
//!
//! One on `PATH` is used. On a Debian-family machine where packages may be installed (root,
//! or passwordless sudo) it is installed with apt, said on stderr; anywhere else `check`
//! stops with the exact command to run.

use std::{
    path::{Path, PathBuf},
    process::{Command, Stdio},
};

/// The apt install line, also shown to the user when xtask cannot run it.
const APT_INSTALL: &[&str] = &[
    "apt-get",
    "install",
    "-y",
    "--no-install-recommends",
    "redis-server",
];

/// A `redis-server` on `PATH`, installing it when this machine allows.
pub fn ensure() -> Result<PathBuf, String> {
    if let Some(found) = on_path() {
        return Ok(found);
    }
    let Some(prefix) = apt_prefix() else {
        return Err(format!(
            "redis-server is not on PATH and this machine has no apt-get that xtask may run \
             (the Redis tests start a real server). Install it, e.g. `sudo {}` on Debian/Ubuntu, \
             `brew install redis` on macOS, `dnf install redis` on Fedora, then run again",
            APT_INSTALL.join(" ")
        ));
    };
    eprintln!(
        "xtask: redis-server is not on PATH; installing it: `{}`",
        shown(&prefix, APT_INSTALL)
    );
    if !run(&prefix, APT_INSTALL) {
        // A fresh container has empty package lists: update once, then try again.
        let update = ["apt-get", "update"];
        eprintln!(
            "xtask: install failed; refreshing package lists: `{}`",
            shown(&prefix, &update)
        );
        if !run(&prefix, &update) || !run(&prefix, APT_INSTALL) {
            return Err(format!(
                "could not install redis-server; run `{}` and `{}` yourself",
                shown(&prefix, &update),
                shown(&prefix, APT_INSTALL)
            ));
        }
    }
    on_path().ok_or_else(|| {
        "apt-get installed redis-server but it is still not on PATH (expected /usr/bin)".to_owned()
    })
}

/// The full path of `redis-server` when it is on `PATH` and runs.
fn on_path() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("redis-server"))
        .find(|candidate| runs(candidate))
}

fn runs(binary: &Path) -> bool {
    Command::new(binary)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// How to run apt here: directly as root, through `sudo -n` otherwise; `None` when this is
/// not a Debian-family machine or nothing may install packages.
fn apt_prefix() -> Option<Vec<&'static str>> {
    if !Path::new("/etc/debian_version").exists() || !command_ok("apt-get", &["--version"]) {
        return None;
    }
    let uid = Command::new("id").arg("-u").output().ok()?;
    if String::from_utf8_lossy(&uid.stdout).trim() == "0" {
        return Some(Vec::new());
    }
    // `-n`: never prompt for a password from inside a build.
    command_ok("sudo", &["-n", "true"]).then(|| vec!["sudo", "-n"])
}

fn command_ok(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

fn run(prefix: &[&str], command: &[&str]) -> bool {
    let mut all = prefix.iter().chain(command).copied();
    let Some(program) = all.next() else {
        return false;
    };
    Command::new(program)
        .args(all)
        .env("DEBIAN_FRONTEND", "noninteractive")
        // Progress on stderr, so `check`'s stdout stays the list of steps.
        .stdout(Stdio::from(std::io::stderr()))
        .status()
        .is_ok_and(|status| status.success())
}

fn shown(prefix: &[&str], command: &[&str]) -> String {
    prefix
        .iter()
        .chain(command)
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}
