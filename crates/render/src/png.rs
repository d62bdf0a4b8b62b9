//! SVG figures as PNG images, rendered with `resvg` (pure Rust) and the system's fonts.
//!
//! The figures name the font stack `'Noto Sans', 'Noto Sans CJK JP', 'IPAexGothic', sans-serif`;
//! resvg takes the first family the system has. The generic families `sans-serif` and `serif` (and
//! text without a `font-family`) are mapped to Noto Sans CJK JP (serif to Noto Serif CJK JP) when
//! it is installed (Debian: `fonts-noto-cjk`), so Japanese text never falls back to a font without
//! kana and kanji. The system's fonts are found once per process: that takes a noticeable time.

use std::sync::{Arc, OnceLock};

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{self, fontdb};

/// The Japanese sans-serif family the generic families are mapped to when installed.
const CJK_SANS: &str = "Noto Sans CJK JP";
/// The Japanese serif family `serif` is mapped to when installed.
const CJK_SERIF: &str = "Noto Serif CJK JP";
/// The largest width or height of an image, in pixels.
const MAX_SIDE: u32 = 32_768;

/// Why an SVG could not be turned into a PNG.
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    /// The scale is not a positive, finite number.
    #[error("invalid scale {0}: it must be a positive, finite number")]
    Scale(f32),
    /// The SVG could not be read.
    #[error("invalid svg: {0}")]
    Svg(String),
    /// The image would be empty or too large.
    #[error("image of {width}×{height} pixels is empty or too large (at most {MAX_SIDE} a side)")]
    Size {
        /// The width in pixels, rounded up.
        width: f64,
        /// The height in pixels, rounded up.
        height: f64,
    },
    /// The PNG could not be encoded.
    #[error("could not encode the png: {0}")]
    Encode(String),
}

/// The system's fonts, with the generic families mapped to the Japanese fonts when present.
fn fonts() -> Arc<fontdb::Database> {
    static FONTS: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = fontdb::Database::new();
            db.load_system_fonts();
            let has = |family: &str| db.faces().any(|f| f.families.iter().any(|(name, _)| name == family));
            let (sans, serif) = (has(CJK_SANS), has(CJK_SERIF));
            if sans {
                db.set_sans_serif_family(CJK_SANS);
                db.set_serif_family(CJK_SANS);
            }
            if serif {
                db.set_serif_family(CJK_SERIF);
            }
            Arc::new(db)
        })
        .clone()
}

/// The family of text without a `font-family`: Noto Sans CJK JP when installed.
fn default_family(db: &fontdb::Database) -> String {
    db.family_name(&fontdb::Family::SansSerif).to_string()
}

/// Renders an SVG document as a PNG image, `scale` pixels per SVG user unit (1.0: the SVG's own
/// size, 2.0: twice as wide and high for high-density screens and print).
///
/// ```no_run
/// use chiiki_diagnosis::Dataset;
/// use chiiki_framework::{Framework, Lang};
/// use chiiki_render::{ChartView, chart_svg, svg_to_png};
///
/// let fw = Framework::study();
/// let kobe = Dataset::study(&fw).unwrap().assess(&fw, "kobe").unwrap();
/// let png = svg_to_png(&chart_svg(&ChartView::new(&fw, &kobe, Lang::Ja)), 2.0).unwrap();
/// assert!(png.starts_with(b"\x89PNG"));
/// ```
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>, PngError> {
    if !(scale.is_finite() && scale > 0.0) {
        return Err(PngError::Scale(scale));
    }
    let fontdb = fonts();
    let options = usvg::Options { font_family: default_family(&fontdb), fontdb, ..usvg::Options::default() };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| PngError::Svg(e.to_string()))?;
    let size = tree.size();
    let width = (f64::from(size.width()) * f64::from(scale)).ceil();
    let height = (f64::from(size.height()) * f64::from(scale)).ceil();
    let side = 1.0..=f64::from(MAX_SIDE);
    let mut pixmap = (side.contains(&width) && side.contains(&height))
        .then(|| Pixmap::new(width as u32, height as u32))
        .flatten()
        .ok_or(PngError::Size { width, height })?;
    resvg::render(&tree, Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| PngError::Encode(e.to_string()))
}

#[cfg(test)]
mod tests {
    use chiiki_diagnosis::Dataset;
    use chiiki_framework::{Framework, Lang};

    use super::*;
    use crate::{ChartView, chart_svg};

    /// The number of pixels of `png` darker than mid-grey.
    fn dark_pixels(png: &[u8]) -> usize {
        let pixmap = Pixmap::decode_png(png).unwrap();
        pixmap
            .pixels()
            .iter()
            .map(|p| p.demultiply())
            .filter(|p| p.alpha() > 128 && (u32::from(p.red()) + u32::from(p.green()) + u32::from(p.blue())) < 3 * 128)
            .count()
    }

    /// A white 420×80 SVG, with `text` in `family` when given.
    fn text_svg(text: Option<&str>, family: Option<&str>) -> String {
        let family = family.map(|f| format!(r#" font-family="{f}""#)).unwrap_or_default();
        let text = text
            .map(|t| format!(r#"<text x="10" y="54" font-size="36"{family} fill="black">{t}</text>"#))
            .unwrap_or_default();
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="420" height="80"><rect width="420" height="80" fill="white"/>{text}</svg>"#
        )
    }

    #[test]
    fn the_kobe_chart_becomes_a_png_of_its_size() {
        let fw = Framework::study();
        let kobe = Dataset::study(&fw).unwrap().assess(&fw, "kobe").unwrap();
        let svg = chart_svg(&ChartView::new(&fw, &kobe, Lang::Ja));
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let height: f64 = doc.root_element().attribute("height").unwrap().parse().unwrap();
        for scale in [1.0_f32, 0.5] {
            let png = svg_to_png(&svg, scale).unwrap();
            assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
            let pixmap = Pixmap::decode_png(&png).unwrap();
            assert_eq!(pixmap.width(), (1000.0 * scale).ceil() as u32);
            assert_eq!(pixmap.height(), (height * f64::from(scale)).ceil() as u32);
            let dark = dark_pixels(&png);
            assert!(dark as f32 > 8_000.0 * scale * scale, "the chart's text and rules are drawn: {dark}");
        }
    }

    #[test]
    fn japanese_text_is_drawn() {
        let db = fonts();
        assert!(
            db.faces().any(|f| f.families.iter().any(|(n, _)| n == CJK_SANS)),
            "{CJK_SANS} is not installed (Debian: apt-get install fonts-noto-cjk)"
        );
        assert_eq!(db.family_name(&fontdb::Family::SansSerif), CJK_SANS);
        assert_eq!(dark_pixels(&svg_to_png(&text_svg(None, None), 1.0).unwrap()), 0);
        // The figures' font stack, the generic family alone and no family at all.
        for family in [Some(crate::tree_svg::FONT_FAMILY), Some("sans-serif"), Some("serif"), None] {
            let png = svg_to_png(&text_svg(Some("神戸バイオクラスター"), family), 1.0).unwrap();
            let dark = dark_pixels(&png);
            assert!(dark > 1500, "{family:?}: {dark} dark pixels");
        }
    }

    #[test]
    fn bad_input_is_an_error() {
        assert!(matches!(svg_to_png("not an svg", 1.0), Err(PngError::Svg(_))));
        assert!(matches!(svg_to_png("<svg xmlns=\"http://www.w3.org/2000/svg\"", 1.0), Err(PngError::Svg(_))));
        assert!(matches!(svg_to_png("", 1.0), Err(PngError::Svg(_))));
        let svg = text_svg(None, None);
        for scale in [0.0, -1.0, f32::NAN, f32::INFINITY] {
            assert!(matches!(svg_to_png(&svg, scale), Err(PngError::Scale(_))), "{scale}");
        }
        let error = svg_to_png(&svg, 1000.0).unwrap_err();
        assert!(matches!(error, PngError::Size { .. }));
        assert_eq!(error.to_string(), "image of 420000×80000 pixels is empty or too large (at most 32768 a side)");
        assert!(svg_to_png("not an svg", 1.0).unwrap_err().to_string().starts_with("invalid svg: "));
    }
}
