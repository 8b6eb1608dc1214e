//! The public sources the rules rest on, by key: a page or a decree by its
//! title and date, so that a coach (or an auditor) can look them up. Rules
//! that are popdoc's own (the file format, limits, privacy by design) cite
//! `popdoc`.

/// (key, citation).
pub const SOURCES: &[(&str, &str)] = &[
    (
        "popdoc",
        "popdoc: het bestandsformaat en zijn grenzen (docs/format.md)",
    ),
    (
        "S0",
        "YourCoach, “Fasen van een loopbaantraject” (2024), https://www.yourcoach.be/loopbaanbegeleiding/fasen-loopbaantraject/ (herneemt de VDAB-richtlijnen)",
    ),
    (
        "S1",
        "VDAB extranet, “Voor loopbaanbegeleiders: werken met het POP (persoonlijk ontwikkelingsplan)”, https://extranet.vdab.be/lbb/voor-loopbaanbegeleiders/werken-met-het-pop-persoonlijk-ontwikkelingsplan",
    ),
    (
        "S2",
        "VDAB, “Kwaliteitsgarantie loopbaanbegeleiding loopbaancheques”, https://www.vdab.be/loopbaancheques/kwaliteit",
    ),
    (
        "S5",
        "Vlaamse overheid (ODIN), “Over loopbaanbegeleiding met de loopbaancheque”, https://odin.vlaanderen.be/onderzoek-en-beleid/over-loopbaanbegeleiding-met-de-loopbaancheque",
    ),
    (
        "S6",
        "Besluit van de Vlaamse Regering betreffende de loopbaanbegeleiding van 17 mei 2013 (Codex Vlaanderen)",
    ),
    (
        "S7",
        "Easypay Group, “Wetgeving loopbaancheques gepubliceerd in BS” (19 juli 2013): het BVR van 17 mei 2013",
    ),
    (
        "S9",
        "HLN, “Vanaf 2020 pas na zeven jaar werken recht op loopbaancheque” (6 december 2019)",
    ),
    (
        "S11",
        "Besox, “Vlaanderen hervormt de loopbaancheques vanaf 1 januari 2020” (6 januari 2020): het BVR van 6 december 2019 (BS 24 december 2019)",
    ),
    (
        "S13",
        "CareerPoint, “Wie komt in aanmerking voor VDAB Loopbaancheques”",
    ),
    (
        "S15",
        "Carrièretest, veelgestelde vragen over de loopbaancheque (vóór 2020)",
    ),
    ("S16", "VDAB, “FAQ gemandateerde centra” (loopbaancheques)"),
    (
        "S18",
        "VDAB extranet, “Hervorming loopbaancheque: impact op de loopbaancentra” (2025)",
    ),
    (
        "S19",
        "Vlaamse Regering, beslissing van 18 juli 2025 “Omvorming loopbaancheques naar loopbaankrediet”",
    ),
    (
        "S23",
        "Departement Werk en Sociale Economie, “Loopbaangerichte opleidingen met Vlaamse opleidingsincentives” (11 januari 2023)",
    ),
    (
        "S24",
        "CVO Vilvoorde, “Opleidingscheques” (POP-attest voor hooggeschoolden)",
    ),
    (
        "S26",
        "Besluit van de Vlaamse Regering van 18 juli 2003 (opleidingscheques), art. 7: het gepersonaliseerd attest van de gemandateerde onderneming",
    ),
    (
        "S28",
        "Syntra West, “Opleidingskrediet” (loopbaanbegeleiding vóór het schooljaar)",
    ),
    (
        "S37",
        "Acerta, “Réforme des chèques-carrière et introduction du crédit-carrière en Flandre” (eind 2025): overgangsregeling vanaf 1 november 2025",
    ),
    (
        "S38",
        "Federgon, persbericht over het SERV-advies van 13 oktober 2025",
    ),
    (
        "S39",
        "Business AM, “Les chèques de carrière pour le mois d'avril sont sortis en un peu plus de 7 minutes” (2025): geldigheid 3 maanden",
    ),
    (
        "S45",
        "Loopbaancentrum Ziezo, “Veelgestelde vragen” (de cheque moet binnen drie maanden opgestart, niet afgerond zijn; een pakket kan vroegtijdig afgesloten worden), https://loopbaancentrumziezo.be/veel-gestelde-vragen/",
    ),
    (
        "GDPR",
        "Algemene verordening gegevensbescherming (AVG), art. 5.1.e: opslagbeperking",
    ),
];

/// The citations of a rule's sources (keys separated by spaces).
pub fn citations(keys: &str) -> Vec<&'static str> {
    keys.split_whitespace()
        .filter_map(|k| SOURCES.iter().find(|(key, _)| *key == k).map(|(_, c)| *c))
        .collect()
}

/// A short form for one line: the first words of each citation.
/// popdoc's own (its documentation) in `lang`; the others are the titles of
/// public sources, as published.
pub fn short(keys: &str, lang: crate::diag::Lang) -> String {
    keys.split_whitespace()
        .filter_map(|k| {
            if k == "popdoc" {
                return Some(crate::diag::text("ui-source-popdoc", lang).to_string());
            }
            let (_, c) = SOURCES.iter().find(|(key, _)| *key == k)?;
            Some(c.split(['“', ',']).next().unwrap_or(c).trim().to_string())
        })
        .collect::<Vec<_>>()
        .join("; ")
}
