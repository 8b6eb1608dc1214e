//! popdoc: a static site generator for Flemish career coaches.
//!
//! One way through: `load` (read and parse the site) -> `model` (typed `Dossier`)
//! -> `validate` (rules -> diagnostics) -> `render` (HTML, PDF bytes) -> `write`
//! (atomic, only inside the output folder). `build` is the engine that runs
//! them for every command, into a target (the disk, or memory for `serve`);
//! `app`, `watch` and `serve` drive it; `cli` parses the command line.
//! docs/architecture.md draws the picture.

pub mod app;
pub mod build;
pub mod cache;
pub mod cli;
pub mod config;
pub mod cpu;
pub mod date;
pub mod deadlines;
pub mod diag;
pub mod export;
pub mod help;
pub mod kbo;
pub mod limits;
pub mod load;
pub mod lock;
pub mod markdown;
pub mod model;
pub mod overview;
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
