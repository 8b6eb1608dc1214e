//! Lowering one dossier folder, as `load` read it, into an [`Entry`]: each
//! POP's front matter and text into a [`Pop`], then `index.md` into the
//! [`Dossier`] (see `index.rs`). Every format problem is a located
//! diagnostic and the lowering goes on.

use super::*;
use crate::diag::{Diagnostic, Msg, Scope};
use crate::load::RawDossier;
use crate::load::frontmatter;
use crate::load::image::ImageProblem;
use crate::load::reader::Reader;
use crate::markdown;
use crate::source::Sources;

/// Lowers the folder `raw` (read by `load::dossier`) with the site's rule sets.
pub fn lower_entry(raw: RawDossier, rulesets: &RuleSets, sources: &Sources) -> Entry {
    let RawDossier {
        slug,
        dir,
        index,
        pops: pop_files,
        mut unreadable_pops,
        images,
        mut diags,
    } = raw;
    let Some(index_file) = index else {
        return Entry {
            slug,
            dir,
            dossier: None,
            lowered: diags.clone(),
            diags,
        };
    };
    let mut pops = Vec::new();
    for (n, id) in pop_files {
        match lower_pop(sources, id, n, &images, &mut diags) {
            Some(p) => pops.push(p),
            None => unreadable_pops.push(n),
        }
    }
    let dossier = super::index::lower_index(
        sources,
        index_file,
        &slug,
        &dir,
        rulesets,
        (pops, unreadable_pops),
        &mut diags,
    );
    // index.md first, then the POPs: the order a reader goes through the dossier.
    diags.sort_by_key(|d| {
        d.loc
            .as_ref()
            .map(|l| (l.file != index_file, l.file, l.range.start))
    });
    Entry {
        slug,
        dir,
        dossier,
        lowered: diags.clone(),
        diags,
    }
}

const POP_KEYS: &[&str] = &[
    "cheque",
    "gefinaliseerd_op",
    "soort",
    "ondertekend",
    "ondertekend_op",
    "zonder_handtekening",
    "handtekening",
    "opleidingen",
    "aanwezig",
];

fn lower_pop(
    sources: &Sources,
    file: FileId,
    n: u8,
    images: &[(String, Result<Image, ImageProblem>)],
    diags: &mut Vec<Diagnostic>,
) -> Option<Pop> {
    let scope = Scope::Pop(n);
    let (split, table) = frontmatter::parse(sources, file, diags, scope)?;
    let text = &sources.get(file).text;
    let header = Loc::new(file, split.open.clone());
    let mut r = Reader::new(
        file,
        split.toml.start,
        &text[split.toml.clone()],
        diags,
        scope,
    );
    let t = r.open(&table, format!("pop-{n}.md"), header.clone(), POP_KEYS);
    let cheque = r.req_int_in(&t, "cheque", 0..=99);
    let gefinaliseerd_op = r.date(&t, "gefinaliseerd_op");
    let mut unreadable = Vec::new();
    if gefinaliseerd_op.is_none() && t.contains_key("gefinaliseerd_op") {
        unreadable.push("gefinaliseerd_op");
    }
    let soort = r
        .req_enumeration(&t, "soort", &["reflexief", "actiegericht"])
        .map(|s| {
            let v = if s.v == "actiegericht" {
                PopSoort::Actiegericht
            } else {
                PopSoort::Reflexief
            };
            At::new(v, s.loc)
        });
    let ondertekend = r.bool(&t, "ondertekend");
    if ondertekend.is_none() && t.contains_key("ondertekend") {
        unreadable.push("ondertekend");
    }
    let ondertekend_op = r.date(&t, "ondertekend_op");
    if ondertekend_op.is_none() && t.contains_key("ondertekend_op") {
        unreadable.push("ondertekend");
    }
    let zonder_handtekening = r.str(&t, "zonder_handtekening");
    if zonder_handtekening.is_none() && t.contains_key("zonder_handtekening") {
        unreadable.push("ondertekend");
    }
    let handtekening = r.str(&t, "handtekening").and_then(|h| {
        let read = images
            .iter()
            .find(|(name, _)| *name == h.v)
            .map(|(_, i)| i.clone())
            .unwrap_or(Err(ImageProblem::Missing));
        match read {
            Ok(image) => Some(At::new(image, h.loc)),
            Err(problem) => {
                r.diags
                    .push(image_problem("handtekening", &h.loc, problem).scope(scope));
                None
            }
        }
    });
    let opleidingen = r
        .str_list(&t, "opleidingen")
        .map(|l| l.v)
        .unwrap_or_default();
    let aanwezig = r.str_list(&t, "aanwezig");
    if let Some(a) = &aanwezig {
        for item in &a.v {
            if !AANWEZIG.contains(&item.v.as_str()) {
                r.bad_enum("aanwezig", item, &AANWEZIG);
            }
        }
    }
    let body = &text[split.body.clone()];
    let analysed = markdown::analyse(body, split.body.start);
    if let Some(at) = analysed.flattened_at {
        r.diags.push(
            Diagnostic::warning(
                "F10",
                Msg::new("too-deep")
                    .arg("blocks", crate::limits::MAX_BLOCK_DEPTH)
                    .arg("inline", crate::limits::MAX_INLINE_DEPTH),
            )
            .at(Loc::new(file, at..at + 1))
            .hint(Msg::new("too-deep-hint"))
            .scope(scope),
        );
    }
    if analysed.cost.bytes > crate::limits::MAX_LAYOUT_BYTES {
        let at = analysed.cost.at;
        r.diags.push(
            Diagnostic::error(
                "F17",
                Msg::new("too-big-to-print")
                    .arg("mb", analysed.cost.bytes / 1_000_000)
                    .arg("max", crate::limits::MAX_LAYOUT_BYTES / 1_000_000),
            )
            .at(Loc::new(file, at..at + 1))
            .hint(Msg::new("too-big-to-print-hint"))
            .scope(scope),
        );
    }
    Some(Pop {
        n,
        file,
        header,
        cheque,
        gefinaliseerd_op,
        soort,
        ondertekend,
        ondertekend_op,
        zonder_handtekening,
        handtekening,
        opleidingen,
        aanwezig,
        text: analysed,
        unreadable,
    })
}

/// F03 for an image (`handtekening`, `logo`) that cannot be used.
pub fn image_problem(key: &str, at: &Loc, problem: ImageProblem) -> Diagnostic {
    let msg = match problem {
        ImageProblem::TooManyPixels(w, h) => Msg::new("image-too-many-pixels")
            .arg("key", key)
            .arg("width", w)
            .arg("height", h)
            .arg(
                "megapixels",
                (u64::from(w) * u64::from(h)).div_ceil(1_000_000),
            )
            .arg("max", crate::limits::MAX_IMAGE_PIXELS / 1_000_000),
        _ => Msg::new("wrong-type")
            .arg("key", key)
            .arg_key(
                "expected",
                if key == "logo" { "ty-logo" } else { "ty-image" },
            )
            .arg_key("found", problem.key()),
    };
    let hint = match problem {
        ImageProblem::TooManyPixels(..) | ImageProblem::TooLarge => "image-too-big-hint",
        _ if key == "logo" => "logo-hint",
        _ => "signature-hint",
    };
    Diagnostic::error("F03", msg)
        .at(at.clone())
        .hint(Msg::new(hint))
}
