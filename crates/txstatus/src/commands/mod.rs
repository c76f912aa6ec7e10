//! One module per subcommand.

pub mod completions;
pub mod demo;
pub mod demo_push;
pub mod enqueue;
pub mod erase;
pub mod events;
pub mod get;
pub mod list;
pub mod listen;
pub mod listen_redis;
pub mod listen_sides;
pub mod outcome;
pub mod result;
pub mod sandbox;
pub mod watch;
pub mod worker;
pub mod worker_sources;
