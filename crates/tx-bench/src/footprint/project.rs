//! The minimal programs whose trees and cold builds are measured, each a one-package
//! workspace under `target/bench-footprint/<name>/` with a copy of the root Cargo.lock
//! (so it resolves to the same versions offline).

use std::path::PathBuf;

use crate::error::{Context, Result};
use crate::paths;

/// A program: its name, its `[dependencies]` and its `main.rs`.
#[derive(Clone, Debug)]
pub struct Program {
    /// Directory and package name suffix.
    pub name: String,
    /// The `[dependencies]` table body.
    pub dependencies: String,
    /// `src/main.rs`.
    pub main: String,
}

/// The workspace's reqwest, serde, serde_json and tokio, with the workspace's features.
const BASELINE_DEPENDENCIES: &str = r#"reqwest = { version = "0.13", default-features = false, features = ["rustls-no-provider", "query", "form", "system-proxy"] }
serde = { version = "1", default-features = false, features = ["std", "derive"] }
serde_json = { version = "1", default-features = false, features = ["std", "raw_value"] }
tokio = { version = "1", default-features = false, features = ["time", "sync"] }
"#;

const BASELINE_MAIN: &str = r#"#[derive(serde::Deserialize, serde::Serialize)]
struct Doc {
    status: Option<String>,
}

fn main() {
    let client = reqwest::Client::builder().build();
    let doc: Result<Doc, _> = serde_json::from_str("{\"status\":\"ok\"}");
    let lock = tokio::sync::Mutex::new(0u8);
    println!("{} {} {}", client.is_ok(), doc.is_ok(), lock.try_lock().is_ok());
}
"#;

/// reqwest + serde (derive) + serde_json + tokio: what any hand-written client needs.
pub fn baseline() -> Program {
    Program {
        name: "baseline".to_owned(),
        dependencies: BASELINE_DEPENDENCIES.to_owned(),
        main: BASELINE_MAIN.to_owned(),
    }
}

/// The baseline plus rustls on ring and the Mozilla roots: a baseline that can speak
/// HTTPS, since `rustls-no-provider` alone has no crypto provider.
pub fn baseline_with_tls() -> Program {
    let mut dependencies = BASELINE_DEPENDENCIES.to_owned();
    dependencies.push_str(
        "rustls = { version = \"0.23\", default-features = false, features = [\"ring\", \"std\", \"tls12\"] }\n\
         webpki-roots = { version = \"1\", default-features = false }\n",
    );
    let main = BASELINE_MAIN.replace(
        "let client = reqwest::Client::builder().build();",
        "let roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };\n    \
         let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());\n    \
         let tls = rustls::ClientConfig::builder_with_provider(provider)\n        \
         .with_safe_default_protocol_versions()\n        \
         .map(|b| b.with_root_certificates(roots).with_no_client_auth());\n    \
         let client = tls.map(|tls| reqwest::Client::builder().tls_backend_preconfigured(tls).build());",
    );
    Program {
        name: "baseline-tls".to_owned(),
        dependencies,
        main,
    }
}

/// A program that uses only `crate_name` (one of the provider crates): it builds a client.
pub fn provider(crate_name: &str) -> Program {
    let module = crate_name.replace('-', "_");
    let build = crate::providers::by_crate(crate_name)
        .map_or(
            "{module}::Client::builder(String::from(\"token\")).build()",
            |p| p.client,
        )
        .replace("{module}", &module);
    Program {
        name: crate_name.to_owned(),
        dependencies: path_dependency(crate_name),
        main: format!(
            "fn main() {{\n    let client = {build};\n    println!(\"{{}}\", client.is_ok());\n}}\n"
        ),
    }
}

/// A program that uses only txstatus-core: it builds the transport every provider's
/// client is made of. Its cold build is the floor under every provider's, before
/// any provider code.
pub fn core_alone() -> Program {
    Program {
        name: CORE_ALONE.to_owned(),
        dependencies: path_dependency(CORE_CRATE),
        main: "fn main() {\n    let transport = txstatus_core::Transport::new();\n    println!(\"{}\", transport.is_ok());\n}\n"
            .to_owned(),
    }
}

/// The `[dependencies]` line of a workspace crate, by path (`crates/<name>`).
fn path_dependency(crate_name: &str) -> String {
    let path = paths::workspace_root().join("crates").join(crate_name);
    format!(
        "{crate_name} = {{ path = {:?} }}\n",
        path.display().to_string()
    )
}

/// The shared core's package name.
pub const CORE_CRATE: &str = "txstatus-core";
/// The name of the program that uses only [`CORE_CRATE`].
pub const CORE_ALONE: &str = "txstatus-core-alone";

/// Writes `program` under `target/bench-footprint/<name>/`; returns its manifest path.
pub fn write(program: &Program) -> Result<PathBuf> {
    let dir = paths::target_dir()
        .join("bench-footprint")
        .join(&program.name);
    std::fs::create_dir_all(dir.join("src")).context(&dir.display().to_string())?;
    let manifest = format!(
        "[package]\nname = \"footprint-{}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         # Its own workspace, outside the txstatus one.\n[workspace]\n\n[dependencies]\n{}",
        program.name, program.dependencies
    );
    std::fs::write(dir.join("Cargo.toml"), manifest)?;
    std::fs::write(dir.join("src").join("main.rs"), &program.main)?;
    let lock = paths::workspace_root().join("Cargo.lock");
    std::fs::copy(&lock, dir.join("Cargo.lock")).context("copy Cargo.lock")?;
    Ok(dir.join("Cargo.toml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_core_alone_and_a_provider_depend_on_their_workspace_crates_by_path() {
        let core = core_alone();
        assert!(core.dependencies.starts_with("txstatus-core = { path = \""));
        assert!(core.dependencies.ends_with("/crates/txstatus-core\" }\n"));
        assert!(core.main.contains("txstatus_core::Transport::new()"));
        let idin = provider("cm-idin");
        assert!(idin.dependencies.ends_with("/crates/cm-idin\" }\n"));
        assert!(idin.main.contains("cm_idin::Client::builder("));
    }
}
