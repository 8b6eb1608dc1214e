//! Where the time of a large POP goes: loading and checking, the HTML page,
//! and the PDF split into popdoc's own part (Markdown -> data tree, JSON) and
//! the Typst compiler's (compile, layout, PDF/A export). Run:
//! `cargo bench --bench large`; numbers go in docs/benchmarks.md.

use std::time::Instant;

use popdoc::build::memory::Memory;
use popdoc::build::{Engine, Flags, Options, Which};
use popdoc::render::pdf::{Compiler, job};
use popdoc::render::{Doc, documents};

fn site(extra: &str) -> tempfile::TempDir {
    let from =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/complete");
    let tmp = tempfile::tempdir().unwrap();
    for rel in [
        "popdoc.toml",
        "content/klant/index.md",
        "content/klant/pop-1.md",
    ] {
        let to = tmp.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        let text = std::fs::read_to_string(from.join(rel)).unwrap();
        let text = if rel.ends_with("pop-1.md") {
            text.replace(
                "## Evolutie",
                &format!("## Ideeën\n\n{extra}\n\n## Evolutie"),
            )
        } else {
            text
        };
        std::fs::write(to, text).unwrap();
    }
    tmp
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

fn main() {
    let sentence = "Ik merkte in het gesprek dat mijn energie terugkomt wanneer ik structuur breng voor anderen en samen met hen een plan uitwerk. ";
    let paragraphs: String = (0..2000)
        .map(|i| format!("{} ({i})\n\n", sentence.repeat(4).trim()))
        .collect();
    let emphasis = format!("{}x{}", "*".repeat(20_000), "*".repeat(20_000));
    println!(
        "| case | check | HTML | PDF data (popdoc) | Typst compile + export | Typst share of PDF |"
    );
    println!("|---|---|---|---|---|---|");
    for (name, extra) in [
        ("paragraphs-1mb", paragraphs.as_str()),
        ("emphasis-20000", emphasis.as_str()),
    ] {
        let tmp = site(extra);
        let root = tmp.path();
        let t = Instant::now();
        let mut engine = Engine::new(&Flags::at(root)).unwrap();
        let site = engine.checked().unwrap();
        let check = ms(t);
        let t = Instant::now();
        let opts = Options {
            pdf: false,
            ..Options::default()
        };
        let today = engine.today();
        engine
            .render(&site, today, &Which::All, &opts, &Memory::new())
            .unwrap();
        let html = ms(t);
        let e = &site.entries[0];
        let d = e.dossier.as_ref().unwrap();
        let (doc, _) = documents(d, &e.diags)
            .into_iter()
            .find(|(doc, _)| matches!(doc, Doc::Pop(1)))
            .unwrap();
        let t = Instant::now();
        let j = job(&site, d, &doc, true);
        let bytes = serde_json::to_vec(&j.data).unwrap().len();
        let data = ms(t);
        let mut compiler =
            Compiler::new(&engine.settings().theme, site.config.pdf_standard).unwrap();
        let t = Instant::now();
        let pdf = compiler.render(&j).unwrap();
        let typst = ms(t);
        println!(
            "| {name} ({} KB data, {} KB PDF) | {check:.0} ms | {html:.0} ms | {data:.0} ms | {typst:.0} ms | {:.0} % |",
            bytes / 1024,
            pdf.pdf.len() / 1024,
            100.0 * typst / (typst + data)
        );
    }
}
