//! Fonts embedded in the binary for the PIP PDF.
//!
//! Only open-licence fonts (SIL Open Font License 1.1, see `fonts/OFL.txt` in this crate), taken
//! from Debian's `fonts-noto-core` package: Noto Sans (Latin and Cyrillic), Noto Naskh Arabic
//! (Arabic, Persian and Dari) and Noto Sans Ethiopic (Ge'ez script for Tigrinya), each regular
//! and bold. They are parsed once per process.

use std::sync::LazyLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

/// Family name of the Latin/Cyrillic font.
pub(crate) const LATIN: &str = "Noto Sans";
/// Family name of the Arabic-script font.
pub(crate) const ARABIC: &str = "Noto Naskh Arabic";
/// Family name of the Ge'ez-script font.
pub(crate) const ETHIOPIC: &str = "Noto Sans Ethiopic";

/// The embedded font files: (file name, bytes).
pub(crate) static FONT_FILES: [(&str, &[u8]); 6] = [
    ("NotoSans-Regular.ttf", include_bytes!("../../fonts/NotoSans-Regular.ttf")),
    ("NotoSans-Bold.ttf", include_bytes!("../../fonts/NotoSans-Bold.ttf")),
    ("NotoNaskhArabic-Regular.ttf", include_bytes!("../../fonts/NotoNaskhArabic-Regular.ttf")),
    ("NotoNaskhArabic-Bold.ttf", include_bytes!("../../fonts/NotoNaskhArabic-Bold.ttf")),
    ("NotoSansEthiopic-Regular.ttf", include_bytes!("../../fonts/NotoSansEthiopic-Regular.ttf")),
    ("NotoSansEthiopic-Bold.ttf", include_bytes!("../../fonts/NotoSansEthiopic-Bold.ttf")),
];

/// The parsed fonts and the book typst selects them from.
pub(crate) struct FontSet {
    pub book: LazyHash<FontBook>,
    pub fonts: Vec<Font>,
}

static FONT_SET: LazyLock<FontSet> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONT_FILES.iter().flat_map(|(_, data)| Font::iter(Bytes::new(*data))).collect();
    FontSet { book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts }
});

pub(crate) fn font_set() -> &'static FontSet {
    &FONT_SET
}
