//! The hours chart of one cheque as inline SVG: individual and group minutes as
//! a stacked bar against the package size and the rule set's limits. Plain
//! markup, no script, no external resources.

use crate::model::RuleSet;
use crate::validate::trajectory::Hours;

/// An accessible SVG bar chart (title + description for screen readers).
/// `running`: the package is still running, so a shortfall can still be
/// made up ("nog minstens 30 min individueel"); else it is short ("te kort").
pub fn hours_svg(n: i64, h: &Hours, rs: Option<&RuleSet>, running: bool) -> String {
    let pakket = rs.and_then(|r| r.pakket(n)).unwrap_or(240);
    let scale_max = (pakket.max(h.total) as f64 * 1.1).max(60.0);
    let w = 560.0;
    let x0 = 10.0;
    let bar_w = w - 2.0 * x0;
    let px = |m: i64| x0 + bar_w * (m as f64) / scale_max;
    let mut s = String::new();
    let mut desc = format!(
        "Cheque {n}: {} minuten individueel, {} minuten in groep, {} van {} minuten",
        h.individueel, h.groep, h.total, pakket
    );
    if let Some(m) = rs.and_then(|r| r.min_individueel_minuten)
        && h.total > 0
        && h.individueel < m
    {
        desc.push_str(&format!(
            "; {} (minimum {m})",
            short_words(m - h.individueel, running)
        ));
    }
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
    // Individual minutes short of the rule set's minimum: a hatched red
    // stretch from the individual bar to the minimum, never a full bar.
    let short = rs
        .and_then(|r| r.min_individueel_minuten)
        .filter(|m| h.total > 0 && h.individueel < *m);
    if let Some(m) = short {
        s.push_str(&format!(
            "<defs><pattern id=\"kort{n}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fbe3e3\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#b3261e\" stroke-width=\"2\"/></pattern></defs><rect class=\"tekort\" x=\"{:.1}\" y=\"20\" width=\"{:.1}\" height=\"14\" fill=\"url(#kort{n})\" stroke=\"#b3261e\"/><text x=\"{:.1}\" y=\"15\" font-size=\"11\" text-anchor=\"end\" fill=\"#7a1712\">{}</text>",
            px(h.individueel),
            px(m) - px(h.individueel),
            px(m) - 4.0,
            short_words(m - h.individueel, running)
        ));
    }
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

/// A shortfall of individual minutes in words: still to do while the
/// package runs, short once it is done.
pub fn short_words(minutes: i64, running: bool) -> String {
    if running {
        format!("nog minstens {minutes} min individueel")
    } else {
        format!("{minutes} min individueel te kort")
    }
}

/// The dashboard's small usage bar of one package: individual and group
/// minutes against the package, and the individual minutes short of the
/// rule set's minimum as a hatched red stretch (never a full bar that
/// looks done). Labelled for screen readers.
pub fn usage_svg(
    name: &str,
    h: &Hours,
    pakket: Option<i64>,
    rs: Option<&RuleSet>,
    running: bool,
) -> String {
    let Some(pakket) = pakket.filter(|p| *p > 0) else {
        return String::new();
    };
    let w = 120.0;
    let max = pakket.max(h.total) as f64;
    let px = |m: i64| w * (m as f64) / max;
    let short = rs
        .and_then(|r| r.min_individueel_minuten)
        .filter(|m| h.total > 0 && h.individueel < *m);
    let mut label = format!(
        "{name}: {} van {pakket} minuten ({} individueel, {} in groep)",
        h.total, h.individueel, h.groep
    );
    if let Some(m) = short {
        label.push_str(&format!("; {}", short_words(m - h.individueel, running)));
    }
    let label = label
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;");
    let mut s = format!(
        "<svg class=\"gebruik\" role=\"img\" aria-label=\"{label}\" viewBox=\"0 0 {w} 10\" width=\"{w}\" height=\"10\" xmlns=\"http://www.w3.org/2000/svg\"><title>{label}</title><rect width=\"{w}\" height=\"10\" fill=\"#eef1f4\" stroke=\"#9aa5b1\"/><rect width=\"{:.1}\" height=\"10\" fill=\"#2f6f8f\"/><rect x=\"{:.1}\" width=\"{:.1}\" height=\"10\" fill=\"#e0a030\"/>",
        px(h.individueel),
        px(h.individueel),
        px(h.groep)
    );
    if let Some(m) = short {
        s.push_str(&format!(
            "<rect x=\"{:.1}\" y=\"0\" width=\"{:.1}\" height=\"5\" fill=\"#b3261e\"/>",
            px(h.individueel),
            px(m) - px(h.individueel)
        ));
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
        let svg = hours_svg(1, &h, None, false);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("170 minuten individueel, 30 minuten in groep, 200 van 240 minuten"));
    }

    #[test]
    fn a_shortfall_of_individual_minutes_is_drawn_and_said() {
        let mut sources = crate::source::Sources::new();
        let sets = crate::model::RuleSets::lower(&mut sources, &[], &mut vec![]);
        let rs = sets.by_id("vdab-2020").unwrap();
        assert_eq!(rs.min_individueel_minuten, Some(150));
        let h = Hours {
            total: 180,
            individueel: 90,
            groep: 90,
            ..Default::default()
        };
        let big = hours_svg(2, &h, Some(rs.as_ref()), false);
        assert!(big.contains("60 min individueel te kort"), "{big}");
        let small = usage_svg("cheque 2", &h, Some(180), Some(rs.as_ref()), false);
        assert!(small.contains("60 min individueel te kort"), "{small}");
        assert!(
            usage_svg("cheque 2", &h, Some(180), Some(rs.as_ref()), true)
                .contains("nog minstens 60 min individueel")
        );
        assert!(small.contains("fill=\"#b3261e\""));
        let enough = Hours {
            individueel: 150,
            groep: 30,
            ..h
        };
        assert!(
            !usage_svg("cheque 2", &enough, Some(180), Some(rs.as_ref()), false)
                .contains("te kort")
        );
    }
}
