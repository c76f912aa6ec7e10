//! One module per subcommand.

pub mod demo;
pub mod get;
pub mod sandbox;
pub mod watch;
