//! What `serve` adds to the pages it answers (never to the files on disk):
//! the live-reload script and, over a dossier whose last edit could not be
//! read or one of whose documents could not be made, an overlay with its
//! problems.

use crate::build::memory::Overlay;
use crate::render::view::DiagView;

/// Where the server answers the reload script and the overlay's style.
pub const RELOAD_JS: &str = "/__popdoc/reload.js";
pub const OVERLAY_CSS: &str = "/__popdoc/popdoc.css";

pub const RELOAD_SCRIPT: &str = "(function () {\n  var s = new EventSource(\"/__popdoc/events\");\n  s.addEventListener(\"reload\", function () { location.reload(); });\n})();\n";

pub const POPDOC_CSS: &str = "#popdoc-overlay{position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;background:#fff5f5;border-top:4px solid #c62828;padding:1rem 1.5rem;font:15px/1.45 system-ui,sans-serif;color:#1d2733;z-index:9999;box-shadow:0 -4px 16px rgba(0,0,0,.15)}\n#popdoc-overlay pre{white-space:pre-wrap}\n";

/// A served page: its own CSP meta removed (the response header's CSP
/// applies, which admits the reload script), the overlay and the script
/// added before `</body>`.
pub fn inject(bytes: &[u8], overlay: Option<&Overlay>) -> String {
    let overlay = overlay.map(|o| match o {
        Overlay::Failed(e) => error_html(e),
        Overlay::Dossier(d) => overlay_html(d),
    });
    let html = strip_csp_meta(&String::from_utf8_lossy(bytes));
    let extra = format!(
        "{}<script src=\"{RELOAD_JS}\"></script>",
        overlay
            .map(|o| format!("<link rel=\"stylesheet\" href=\"{OVERLAY_CSS}\">{o}"))
            .unwrap_or_default()
    );
    match html.rfind("</body>") {
        Some(i) => format!("{}{extra}{}", &html[..i], &html[i..]),
        None => format!("{html}{extra}"),
    }
}

/// The page without its `<meta http-equiv="Content-Security-Policy">`.
fn strip_csp_meta(html: &str) -> String {
    const META: &str = "<meta http-equiv=\"Content-Security-Policy\"";
    match html.find(META) {
        Some(i) => match html[i..].find('>') {
            Some(j) => format!("{}{}", &html[..i], &html[i + j + 1..]),
            None => html.to_string(),
        },
        None => html.to_string(),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The overlay over every page when a rebuild failed as a whole.
fn error_html(message: &str) -> String {
    format!(
        "<div id=\"popdoc-overlay\" role=\"alert\"><strong>De site kon niet opnieuw gebouwd worden.</strong> Je ziet de laatste goede versie.<pre>{}</pre></div>",
        escape(message)
    )
}

/// The overlay over the last good version of a dossier whose edit broke it,
/// or over a dossier one of whose documents could not be made.
fn overlay_html(diags: &[DiagView]) -> String {
    let mut s = String::from("<div id=\"popdoc-overlay\" role=\"alert\">");
    if diags.iter().all(|d| d.rule == "F13") {
        s.push_str("<strong>Een document van dit dossier kon niet gemaakt worden.</strong> De andere documenten zijn wel bijgewerkt; herstel de tekst of het sjabloon en de pagina laadt opnieuw.<ul>");
    } else {
        s.push_str("<strong>Dit dossier kan niet gelezen worden.</strong> Je ziet de laatste goede versie; herstel het bestand en de pagina laadt opnieuw.<ul>");
    }
    for d in diags {
        s.push_str(&format!(
            "<li><code>{}</code> [{}] {}{}</li>",
            escape(&d.place),
            escape(d.rule),
            escape(&d.message),
            d.hint
                .as_ref()
                .map(|h| format!("<br><em>Tip: {}</em>", escape(h)))
                .unwrap_or_default()
        ));
    }
    s.push_str("</ul></div>");
    s
}
