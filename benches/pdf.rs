//! Time per PDF document, cold (first document in the process: fonts and
//! caches are empty) and warm (the same `Compiler`, new data each time), on the
//! repository's example site. Run: `cargo bench --bench pdf`. Numbers go in
//! docs/benchmarks.md; no test asserts on timing.

use std::time::Instant;

use popdoc::build::{Engine, Flags};
use popdoc::render::documents;
use popdoc::render::pdf::{Compiler, job};

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let t = Instant::now();
    let engine = Engine::new(&Flags::at(root)).expect("example site's settings");
    let site = engine.checked().expect("example site loads");
    let load = t.elapsed();
    let mut jobs = Vec::new();
    for e in &site.entries {
        if let Some(d) = &e.dossier {
            for (doc, held) in documents(d, &e.diags) {
                if !held {
                    jobs.push(job(&site, d, &doc, false));
                }
            }
        }
    }
    let t = Instant::now();
    let mut engine = Compiler::new(&engine.settings().theme, site.config.pdf_standard).unwrap();
    let engine_new = t.elapsed();
    let t = Instant::now();
    engine.render(&jobs[0]).unwrap();
    let cold = t.elapsed();
    let rounds = 20;
    let t = Instant::now();
    let mut n = 0;
    for _ in 0..rounds {
        for j in &jobs {
            // Change the client's name each time: it appears on every page,
            // so layout is redone rather than served from the cache.
            let mut j = j.clone();
            for key in ["klant", "voornaam"] {
                if let Some(v) = j.data.get(key).and_then(|v| v.as_str()) {
                    j.data[key] = serde_json::Value::String(format!("{v} {n}"));
                }
            }
            engine.render(&j).unwrap();
            n += 1;
        }
    }
    let warm = t.elapsed() / n;
    println!("site load + check: {:.1} ms", load.as_secs_f64() * 1e3);
    println!(
        "engine (fonts, theme): {:.1} ms",
        engine_new.as_secs_f64() * 1e3
    );
    println!("cold, first document: {:.1} ms", cold.as_secs_f64() * 1e3);
    println!(
        "warm, mean of {n} documents ({} kinds): {:.1} ms",
        jobs.len(),
        warm.as_secs_f64() * 1e3
    );
}
