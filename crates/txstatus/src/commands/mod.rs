//! One module per subcommand.

pub mod completions;
pub mod demo;
pub mod get;
pub mod reserved;
pub mod result;
pub mod sandbox;
pub mod watch;
