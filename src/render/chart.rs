//! The hours chart of one cheque as inline SVG: individual and group minutes as
//! a stacked bar against the package size and the rule set's limits. Plain
//! markup, no script, no external resources.

use crate::model::RuleSet;
use crate::validate::trajectory::Hours;

/// An accessible SVG bar chart (title + description for screen readers).
pub fn hours_svg(n: i64, h: &Hours, rs: Option<&RuleSet>) -> String {
    let pakket = rs.and_then(|r| r.pakket(n)).unwrap_or(240);
    let scale_max = (pakket.max(h.total) as f64 * 1.1).max(60.0);
    let w = 560.0;
    let x0 = 10.0;
    let bar_w = w - 2.0 * x0;
    let px = |m: i64| x0 + bar_w * (m as f64) / scale_max;
    let mut s = String::new();
    let desc = format!(
        "Cheque {n}: {} minuten individueel, {} minuten in groep, {} van {} minuten",
        h.individueel, h.groep, h.total, pakket
    );
    s.push_str(&format!(
        "<svg class=\"uren\" role=\"img\" viewBox=\"0 0 {w} 86\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\" aria-labelledby=\"uren-t{n} uren-d{n}\"><title id=\"uren-t{n}\">Uren cheque {n}</title><desc id=\"uren-d{n}\">{desc}</desc>"
    ));
    s.push_str(&format!(
        "<rect x=\"{x0}\" y=\"20\" width=\"{:.1}\" height=\"28\" fill=\"#eef1f4\" stroke=\"#9aa5b1\"/>",
        px(pakket) - x0
    ));
    s.push_str(&format!(
        "<rect x=\"{x0}\" y=\"20\" width=\"{:.1}\" height=\"28\" fill=\"#2f6f8f\"/>",
        px(h.individueel) - x0
    ));
    s.push_str(&format!(
        "<rect x=\"{:.1}\" y=\"20\" width=\"{:.1}\" height=\"28\" fill=\"#e0a030\"/>",
        px(h.individueel),
        px(h.groep) - x0
    ));
    let mut marker = |m: i64, label: String, color: &str, y: f64| {
        let x = px(m);
        s.push_str(&format!(
            "<line x1=\"{x:.1}\" y1=\"14\" x2=\"{x:.1}\" y2=\"54\" stroke=\"{color}\" stroke-width=\"2\"/><text x=\"{x:.1}\" y=\"{y}\" font-size=\"11\" text-anchor=\"middle\" fill=\"{color}\">{label}</text>"
        ));
    };
    marker(pakket, format!("pakket {pakket} min"), "#333", 68.0);
    if let Some(r) = rs {
        if let Some(m) = r.min_individueel_minuten {
            marker(m, format!("min. individueel {m}"), "#2f6f8f", 82.0);
        }
        if let Some(g) = r.max_groep_minuten {
            marker(g, format!("max. groep {g}"), "#b07010", 12.0);
        }
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_describes_the_numbers() {
        let h = Hours {
            total: 200,
            individueel: 170,
            groep: 30,
            ..Default::default()
        };
        let svg = hours_svg(1, &h, None);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("170 minuten individueel, 30 minuten in groep, 200 van 240 minuten"));
    }
}
