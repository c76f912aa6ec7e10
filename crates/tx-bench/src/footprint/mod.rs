//! Benchmark 3: what each provider crate costs a user — crates in its normal dependency
//! tree, the crates it adds over a hand-written-client baseline, and (full mode) the
//! cold release build time of a minimal program using only that crate.

mod build;
mod groups;
mod project;
pub mod timings;
pub mod tree;

use crate::error::{Context, Result};
use crate::footprint::groups::Group;
use crate::footprint::tree::{Tree, crate_name};
use crate::paths;
use crate::settings::Settings;

/// A provider may build in at most this multiple of the baseline's time.
pub const TARGET_BUILD_RATIO: f64 = 1.10;

/// Direct dependencies a provider may add over the baseline (besides what its auth
/// needs): the list.
pub const ALLOWED_DIRECT: [&str; 5] = [
    "txstatus-core",
    "serde_with",
    "time",
    "secrecy",
    "async-trait",
];

/// What TLS and the providers' auth need: a crypto provider (ring: TLS, and HS256 for
/// ID Scan's JWTs), the roots, and rustls with that provider enabled.
pub const AUTH_NEEDS: [&str; 3] = ["ring", "rustls", "webpki-roots"];

/// One provider crate.
#[derive(Clone, Debug)]
pub struct FootprintRow {
    /// Crate name.
    pub crate_name: String,
    /// Crates in its normal tree, itself included.
    pub crates: usize,
    /// Crates it adds over the baseline (itself and txstatus-core included), grouped.
    pub added: Vec<Group>,
    /// Cold release build of the minimal program, s (full mode).
    pub build_s: Option<f64>,
    /// Its critical path (full mode).
    pub critical_path: Vec<timings::Step>,
}

impl FootprintRow {
    /// How many crates it adds over the baseline.
    pub fn added_count(&self) -> usize {
        self.added.iter().map(|g| g.members.len()).sum()
    }

    /// Whether a group's head is allowed by the target: the crate itself, one of
    /// [`ALLOWED_DIRECT`], or one of [`AUTH_NEEDS`].
    pub fn allowed(&self, group: &Group) -> bool {
        let head = crate_name(&group.head);
        head == self.crate_name || ALLOWED_DIRECT.contains(&head) || AUTH_NEEDS.contains(&head)
    }

    /// The groups the target does not allow.
    pub fn outside_list(&self) -> Vec<&Group> {
        self.added.iter().filter(|g| !self.allowed(g)).collect()
    }
}

/// The section's result.
#[derive(Clone, Debug, Default)]
pub struct Footprint {
    /// Crates in the baseline's tree (its own package included).
    pub baseline_crates: usize,
    /// Cold build of the baseline, s.
    pub baseline_build_s: Option<f64>,
    /// Cold build of the baseline with rustls on ring and the roots, s.
    pub baseline_tls_build_s: Option<f64>,
    /// Crates in that baseline's tree.
    pub baseline_tls_crates: usize,
    /// The critical path of the baseline with TLS (full mode).
    pub baseline_tls_path: Vec<timings::Step>,
    /// One row per provider crate.
    pub rows: Vec<FootprintRow>,
}

/// Counts the trees (both modes) and times cold builds (when `settings.cold_builds`).
pub fn run(settings: &Settings) -> Result<Footprint> {
    let root_manifest = paths::workspace_root().join("Cargo.toml");
    let baseline_manifest = project::write(&project::baseline())?;
    let baseline = tree::load(&baseline_manifest, None).context("baseline tree")?;
    let tls_manifest = project::write(&project::baseline_with_tls())?;
    let baseline_tls = tree::load(&tls_manifest, None).context("baseline+TLS tree")?;
    let mut footprint = Footprint {
        baseline_crates: baseline.crates.len(),
        baseline_tls_crates: baseline_tls.crates.len(),
        ..Footprint::default()
    };
    if settings.cold_builds {
        footprint.baseline_build_s = Some(timed("baseline", &baseline_manifest)?.seconds);
        let tls = timed("baseline-tls", &tls_manifest)?;
        footprint.baseline_tls_build_s = Some(tls.seconds);
        footprint.baseline_tls_path = tls.critical_path;
    }
    for name in &settings.footprint_crates {
        let tree: Tree = tree::load(&root_manifest, Some(name)).context(name)?;
        let added = groups::added(&tree, &baseline.crates);
        let build = if settings.cold_builds {
            let manifest = project::write(&project::provider(name))?;
            Some(timed(name, &manifest)?)
        } else {
            None
        };
        eprintln!("footprint {name}: {} crates", tree.crates.len());
        footprint.rows.push(FootprintRow {
            crate_name: name.clone(),
            crates: tree.crates.len(),
            added,
            build_s: build.as_ref().map(|b| b.seconds),
            critical_path: build.map(|b| b.critical_path).unwrap_or_default(),
        });
    }
    Ok(footprint)
}

fn timed(name: &str, manifest: &std::path::Path) -> Result<build::ColdBuild> {
    eprintln!("footprint: cold release build of {name} ...");
    let build = build::cold_build(manifest).context(name)?;
    eprintln!("footprint: {name} built in {:.1} s", build.seconds);
    Ok(build)
}
