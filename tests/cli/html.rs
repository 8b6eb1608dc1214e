//! The coach's site: index, trajectory pages and POP pages, with no private
//! notes and no raw HTML from Markdown.

use crate::common::*;

#[test]
fn example_site_pages() {
    let tmp = example_site();
    let o = popdoc(tmp.path(), &["build"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let public = tmp.path().join("public");
    let read = |p: &str| std::fs::read_to_string(public.join(p)).unwrap();
    let index = read("index.html");
    for name in [
        "An Peeters",
        "Joëlle Dupré",
        "Jérôme Çelik",
        "Sofie Van Damme",
    ] {
        assert!(index.contains(name), "{name} on the index");
    }
    assert!(
        index.contains("badge warnings"),
        "the warnings-only dossier shows its status"
    );
    // A cheque under the transitional single cheque is uncertain, never in order.
    let row = index
        .split("<tr")
        .find(|r| r.contains("Lotte Verstraeten"))
        .and_then(|r| r.split("</tr>").next())
        .unwrap();
    assert!(
        row.contains("badge uncertain") && row.contains(">onzeker<") && !row.contains("in orde"),
        "{row}"
    );
    assert!(
        index.contains("F08") && index.contains("vdab-2025t"),
        "the site's note on it"
    );
    let lotte = read("lotte-verstraeten/index.html");
    assert!(lotte.contains("Status: <span class=\"badge uncertain\">onzeker</span>"));
    assert!(
        lotte.contains("aangenomen: pakketten van 240 minuten (pakket_minuten)")
            && !lotte.contains("= [240]"),
        "the assumed values are named in words"
    );
    // No developer's words on a page a coach reads, the folded check list
    // included (the charset line aside).
    for slug in [
        "an-peeters",
        "joelle-dupre",
        "sofie-claes",
        "karim-el-amrani",
    ] {
        let page = read(&format!("{slug}/index.html")).replace("charset=\"utf-8\"", "");
        for jargon in ["front matter", "TOML", "UTF-8", "Typst"] {
            assert!(!page.contains(jargon), "{slug}: {jargon}");
        }
    }
    // Nazorg in the timeline names the package of the synthese it follows.
    let an = read("an-peeters/index.html");
    assert!(
        an.contains("<strong>Nazorg</strong>, 20 min, individueel, telefonisch · loopbaancheque 1"),
        "{an}"
    );
    let traject = read("an-peeters/index.html");
    assert!(traject.contains("<svg") && traject.contains("240 van 240 minuten"));
    assert!(traject.contains("Kennismaking") && traject.contains("Nazorg"));
    assert!(traject.contains("R16") && traject.contains("in orde"));
    let pop = read("an-peeters/pop-1.html");
    assert!(pop.contains("<h1>POP (loopbaancheque 1)</h1>"));
    assert!(pop.contains("10 maart 2025") && pop.contains("An Peeters"));
    assert!(pop.contains("<h2>Loopbaanvraag</h2>"));
    // Private: session notes and the coach's body never reach a page.
    for f in walk(&public) {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        for secret in [
            "moeilijke periode",
            "overweegt ontslag",
            "privé-informatie",
            "Eerste telefoon",
            "spanningen met haar teamleider",
            "Reorganisatie in januari",
        ] {
            assert!(
                !text.contains(secret),
                "{secret} leaked into {}",
                f.display()
            );
        }
    }
    // The client keeps Jérôme's POP: no POP page or PDF in public/.
    assert!(!public.join("jerome-celik/pop-1.html").exists());
    assert!(!public.join("jerome-celik/pop-1.pdf").exists());
    insta::assert_snapshot!("an_peeters_pop_html", pop);
}

#[test]
fn raw_html_is_escaped_unless_allowed() {
    let tmp = copy_site(&fixtures().join("valid/complete"));
    let pop = tmp.path().join("content/klant/pop-1.md");
    let text = std::fs::read_to_string(&pop)
        .unwrap()
        .replace(
            "## Evolutie",
            "<script>alert('x')</script>\n\n<b>vet</b> <img src=\"javascript:alert(1)\"> <a href=\"file:///etc/passwd\">f</a> <a href=\"https://www.vdab.be/\">vdab</a>\n\n## Evolutie",
        );
    std::fs::write(&pop, text).unwrap();
    assert_eq!(popdoc(tmp.path(), &["build"]).status.code(), Some(0));
    let html = std::fs::read_to_string(tmp.path().join("public/klant/pop-1.html")).unwrap();
    assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"));
    let cfg = tmp.path().join("popdoc.toml");
    let c = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(&cfg, format!("allow_raw_html = true\n{c}")).unwrap();
    assert_eq!(popdoc(tmp.path(), &["build"]).status.code(), Some(0));
    let html = std::fs::read_to_string(tmp.path().join("public/klant/pop-1.html")).unwrap();
    assert!(html.contains("<b>vet</b>"), "allowed HTML stays");
    assert!(html.contains("href=\"https://www.vdab.be/\""));
    for bad in ["<script", "alert(", "javascript:", "file://"] {
        assert!(!html.contains(bad), "{bad} with allow_raw_html:\n{html}");
    }
}

#[test]
fn coach_notes_page_only_when_turned_on() {
    let tmp = copy_site(&fixtures().join("valid/complete"));
    assert_eq!(popdoc(tmp.path(), &["build"]).status.code(), Some(0));
    assert!(!tmp.path().join("public/klant/notities.html").exists());
    let cfg = tmp.path().join("popdoc.toml");
    let c = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(&cfg, format!("coach_notes = true\n{c}")).unwrap();
    assert_eq!(popdoc(tmp.path(), &["build"]).status.code(), Some(0));
    let notes = std::fs::read_to_string(tmp.path().join("public/klant/notities.html")).unwrap();
    assert!(notes.contains("moeilijke periode"));
}

pub fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn no_pdf_builds_pages_only_and_keeps_earlier_pdfs() {
    let tmp = copy_site(&fixtures().join("valid/complete"));
    let public = tmp.path().join("public");
    let o = popdoc(tmp.path(), &["build", "--no-pdf"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(public.join("klant/pop-1.html").is_file());
    assert!(!public.join("klant/pop-1.pdf").exists(), "no PDF made");
    let page = std::fs::read_to_string(public.join("klant/index.html")).unwrap();
    assert!(page.contains("geen PDF in deze build"), "{page}");
    if cfg!(feature = "pdf") {
        assert_eq!(popdoc(tmp.path(), &["build"]).status.code(), Some(0));
        let pdf = std::fs::read(public.join("klant/pop-1.pdf")).unwrap();
        assert_eq!(
            popdoc(tmp.path(), &["build", "--no-pdf"]).status.code(),
            Some(0)
        );
        assert_eq!(
            std::fs::read(public.join("klant/pop-1.pdf")).unwrap(),
            pdf,
            "an earlier PDF stays"
        );
    }
}

#[test]
fn centre_pages_carry_the_csp_skip_link_and_noindex() {
    let tmp = copy_site(&fixtures().join("valid/complete"));
    assert_eq!(
        popdoc(tmp.path(), &["build", "--no-pdf"]).status.code(),
        Some(0)
    );
    for page in ["index.html", "klant/index.html", "klant/pop-1.html"] {
        let html = std::fs::read_to_string(tmp.path().join("public").join(page)).unwrap();
        for s in [
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'self'; img-src 'self'",
            "<meta name=\"robots\" content=\"noindex, nofollow\">",
            "<a class=\"skip\" href=\"#inhoud\">",
            "<main id=\"inhoud\">",
        ] {
            assert!(html.contains(s), "{page} lacks {s}");
        }
        assert!(
            !html.contains("<script") && !html.contains(" style=\""),
            "{page}"
        );
    }
    // An unknown theme is an error at `theme`; the built-in `warm` is known.
    let cfg = tmp.path().join("popdoc.toml");
    let c = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(&cfg, format!("theme = \"bestaat-niet\"\n{c}")).unwrap();
    let (code, diags) = check_json(tmp.path());
    assert_eq!(code, 1);
    assert!(
        diags
            .iter()
            .any(|d| d["rule"] == "F03" && d["file"] == "popdoc.toml" && d["line"] == 1)
    );
    std::fs::write(&cfg, format!("theme = \"warm\"\n{c}")).unwrap();
    assert_eq!(check_json(tmp.path()).0, 0);
}
