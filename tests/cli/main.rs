//! The one integration-test binary: runs the real `popdoc` binary on fixture
//! sites and checks what a coach would see (diagnostics, pages, PDF text).

mod architecture;
mod browser;
mod bundle;
mod cache;
mod common;
mod concurrency;
mod conventions;
// Needs the PDFs: they make a build long enough to be killed while writing.
#[cfg(feature = "pdf")]
mod crash;
mod desk;
mod docs;
#[cfg(all(feature = "watch", feature = "pdf"))]
mod drivers;
mod export;
mod hardening;
mod html;
#[cfg(feature = "pdf")]
mod limits;
mod malformed;
mod overview;
#[cfg(feature = "pdf")]
mod pdf;
#[cfg(feature = "pdf")]
mod print;
#[cfg(feature = "pdf")]
mod privacy;
mod records;
mod rules;
#[cfg(all(feature = "watch", feature = "pdf"))]
mod serve;
mod stages;
mod verdict;
