//! popdoc: a static site generator for Flemish career coaches.
//!
//! One way through: `load` (read and parse the site) -> `model` (typed `Dossier`)
//! -> `validate` (rules -> diagnostics) -> `render` (HTML, PDF bytes) -> `write`
//! (atomic, only inside the output folder). `app` wires the stages for each
//! subcommand; `cli` parses the command line.

pub mod app;
pub mod cache;
pub mod cli;
pub mod config;
pub mod cpu;
pub mod date;
pub mod deadlines;
pub mod diag;
pub mod export;
pub mod help;
pub mod limits;
pub mod live;
pub mod load;
pub mod markdown;
pub mod model;
pub mod progress;
pub mod render;
pub mod scaffold;
#[cfg(feature = "watch")]
pub mod serve;
pub mod source;
pub mod text;
pub mod validate;
#[cfg(feature = "watch")]
pub mod watch;
pub mod write;
