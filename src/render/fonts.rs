//! The fonts popdoc bundles besides Typst's own, for every script a client
//! writes in (see `fonts/README.md` for what each covers and its licence).
//! They are the fallback after a theme's own font, in the order of `FILES`
//! (the themes list the same families in that order).

use typst::foundations::Bytes;
use typst::text::{Font, FontInfo};

/// (file, bytes), in fallback order.
const FILES: &[(&str, &[u8])] = &[
    (
        "NotoNaskhArabic-Regular.ttf",
        include_bytes!("fonts/NotoNaskhArabic-Regular.ttf"),
    ),
    (
        "NotoNaskhArabic-Bold.ttf",
        include_bytes!("fonts/NotoNaskhArabic-Bold.ttf"),
    ),
    (
        "NotoSansHebrew-Regular.ttf",
        include_bytes!("fonts/NotoSansHebrew-Regular.ttf"),
    ),
    (
        "NotoSansHebrew-Bold.ttf",
        include_bytes!("fonts/NotoSansHebrew-Bold.ttf"),
    ),
    (
        "NotoSansEthiopic-Regular.ttf",
        include_bytes!("fonts/NotoSansEthiopic-Regular.ttf"),
    ),
    (
        "NotoSansEthiopic-Bold.ttf",
        include_bytes!("fonts/NotoSansEthiopic-Bold.ttf"),
    ),
    (
        "NotoSansTamil-Regular.ttf",
        include_bytes!("fonts/NotoSansTamil-Regular.ttf"),
    ),
    (
        "NotoSansTamil-Bold.ttf",
        include_bytes!("fonts/NotoSansTamil-Bold.ttf"),
    ),
    (
        "NotoSansMalayalam-Regular.ttf",
        include_bytes!("fonts/NotoSansMalayalam-Regular.ttf"),
    ),
    (
        "NotoSansMalayalam-Bold.ttf",
        include_bytes!("fonts/NotoSansMalayalam-Bold.ttf"),
    ),
    (
        "NotoSansKannada-Regular.ttf",
        include_bytes!("fonts/NotoSansKannada-Regular.ttf"),
    ),
    (
        "NotoSansKannada-Bold.ttf",
        include_bytes!("fonts/NotoSansKannada-Bold.ttf"),
    ),
    (
        "NotoSansThai-Regular.ttf",
        include_bytes!("fonts/NotoSansThai-Regular.ttf"),
    ),
    (
        "NotoSansThai-Bold.ttf",
        include_bytes!("fonts/NotoSansThai-Bold.ttf"),
    ),
    (
        "DroidSansFallbackFull.ttf",
        include_bytes!("fonts/DroidSansFallbackFull.ttf"),
    ),
    (
        "NotoColorEmoji.ttf",
        include_bytes!("fonts/NotoColorEmoji.ttf"),
    ),
];

/// The family names, in fallback order (for a theme's `set text(font: …)`).
pub const FAMILIES: &[&str] = &[
    "Noto Naskh Arabic",
    "Noto Sans Hebrew",
    "Noto Sans Ethiopic",
    "Noto Sans Tamil",
    "Noto Sans Malayalam",
    "Noto Sans Kannada",
    "Noto Sans Thai",
    "Droid Sans Fallback",
    "Noto Color Emoji",
];

/// Every bundled font with its info.
pub fn bundled() -> impl Iterator<Item = (Font, FontInfo)> {
    FILES.iter().flat_map(|(_, data)| {
        Font::iter(Bytes::new(*data)).map(|font| {
            let info = font.info().clone();
            (font, info)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_is_a_font_of_a_listed_family() {
        let mut families: Vec<String> = bundled().map(|(_, i)| i.family.clone()).collect();
        families.dedup();
        assert_eq!(families, FAMILIES);
        assert_eq!(bundled().count(), FILES.len());
    }
}
