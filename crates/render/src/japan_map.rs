//! A map of Japan's 47 prefectures as an SVG figure, with places (the study's regions) marked.
//!
//! Data: `data/japan/prefectures.json`, embedded at compile time, a GeoJSON FeatureCollection made
//! by `scripts/japanmap_to_geojson.py` from the prefecture outlines of PyPI `japanmap` 0.6.0 by
//! Saito Tsutomu (Apache-2.0, see `data/japan/NOTICE`). Coordinates are longitude/latitude degrees
//! (WGS84) rounded to 0.001°; each prefecture is one coarse outline of the landmass holding its
//! capital (smaller islands are left out), with properties `code` (JIS X 0401, "01".."47"), `name`
//! (romaji) and `name_ja`.
//!
//! Projection: equirectangular with longitude shrunk by cos 36° (Japan's middle latitude), so shapes
//! keep their proportions near 36° N. With the outlines' bounding box `[lon_min, lon_max] ×
//! [lat_min, lat_max]` and `s = (WIDTH − 2·MARGIN) / ((lon_max − lon_min)·cos 36°)` pixels per
//! degree of latitude:
//!
//! ```text
//! x = MARGIN + (lon − lon_min) · cos 36° · s
//! y = TOP    + (lat_max − lat)  · s
//! ```
//!
//! The figure is `WIDTH` (640) pixels wide and as tall as the outlines need, plus room for the
//! title above and the attribution line below. Places are projected by the same formula. A place
//! outside the outlines' bounding box is still drawn where the formula puts it: the map is neither
//! extended nor is the place clamped to the edge, so a place far away (say, Guam) falls outside the
//! `viewBox` and is not seen; a place with a non-finite latitude or longitude has no position and is
//! left out (its prefecture is still highlighted).
//!
//! Tests and other tools can rely on this structure: the root `<svg>` has `viewBox="0 0 W H"`,
//! `width`, `height` and `data-places` (the places drawn); each prefecture is a `<path
//! class="prefecture" data-code="01">` (class `prefecture has-region` when some place names it as
//! its `prefecture`) whose first child is a `<title>` with its name ("Hokkaido 北海道") and whose `d`
//! holds only `M`, `L` and `Z` commands with absolute `x,y` pairs; each place is a `<g
//! class="place" data-region="ID">` holding a `<title>`, then (inside an `<a href="…">` when the
//! place has a link) a `<circle class="marker">` at its projected position (`cx`, `cy`), a white
//! `<text class="halo">` and the `<text class="label">` over it; the attribution is a `<text
//! class="attribution">`. All text is XML-escaped.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::chart_svg::escape;
use crate::tree_svg::{FONT_FAMILY, INK, INK_SOFT, num, text_width};

/// The embedded prefecture outlines (GeoJSON, lon/lat degrees).
const PREFECTURES_JSON: &str = include_str!("../../../data/japan/prefectures.json");

/// The figure's width in pixels.
const WIDTH: f64 = 640.0;
/// Margin left, right and around the map.
const MARGIN: f64 = 20.0;
/// The map's top edge (below the title).
const TOP: f64 = 48.0;
/// Room under the map for the attribution line.
const BOTTOM: f64 = 30.0;
/// The latitude whose cosine shrinks longitudes.
const STANDARD_LAT_DEG: f64 = 36.0;
/// Title, label and attribution sizes.
const TITLE_SIZE: f64 = 18.0;
const LABEL_SIZE: f64 = 12.0;
const ATTRIBUTION_SIZE: f64 = 9.5;
/// Marker radius.
const MARKER_R: f64 = 5.0;
/// Sea, land, highlighted land, borders and the default marker colour.
const SEA: &str = "#eef4f9";
const LAND: &str = "#e4e2dc";
const LAND_HIGHLIGHT: &str = "#f3c77a";
const BORDER: &str = "#8f949a";
const MARKER: &str = "#c0392b";
/// The attribution printed under the map.
const ATTRIBUTION: &str = "Prefecture outlines: japanmap (Apache-2.0)";

/// One place to mark on the map of Japan.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MapPlace {
    /// Its id (kept in the SVG as `data-region`).
    pub id: String,
    /// The label printed next to the marker.
    pub label: String,
    /// Latitude in degrees north.
    pub lat: f64,
    /// Longitude in degrees east.
    pub lon: f64,
    /// The JIS X 0401 code of its prefecture ("01".."47"), whose outline is highlighted.
    pub prefecture: Option<String>,
    /// A link for the marker and label.
    pub href: Option<String>,
    /// The marker's colour (any CSS colour); a dark red when `None`.
    pub fill: Option<String>,
}

/// One prefecture as the data has it.
struct Prefecture {
    code: String,
    name: String,
    name_ja: String,
    /// Rings of `[lon, lat]` points (exterior rings and holes alike; drawn with even-odd filling).
    rings: Vec<Vec<[f64; 2]>>,
}

#[derive(Deserialize)]
struct CollectionIn {
    features: Vec<FeatureIn>,
}

#[derive(Deserialize)]
struct FeatureIn {
    properties: PropertiesIn,
    geometry: GeometryIn,
}

#[derive(Deserialize)]
struct PropertiesIn {
    code: String,
    name: String,
    name_ja: String,
}

#[derive(Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum GeometryIn {
    Polygon(Vec<Vec<[f64; 2]>>),
    MultiPolygon(Vec<Vec<Vec<[f64; 2]>>>),
}

/// The prefectures, parsed once.
fn prefectures() -> &'static [Prefecture] {
    static DATA: OnceLock<Vec<Prefecture>> = OnceLock::new();
    DATA.get_or_init(|| {
        // The file is embedded and checked by this module's tests, so a failure here is a build defect.
        let collection: CollectionIn =
            serde_json::from_str(PREFECTURES_JSON).expect("data/japan/prefectures.json is valid GeoJSON");
        collection
            .features
            .into_iter()
            .map(|f| Prefecture {
                code: f.properties.code,
                name: f.properties.name,
                name_ja: f.properties.name_ja,
                rings: match f.geometry {
                    GeometryIn::Polygon(rings) => rings,
                    GeometryIn::MultiPolygon(polygons) => polygons.into_iter().flatten().collect(),
                },
            })
            .collect()
    })
}

/// The projection from lon/lat degrees to figure pixels (see the module docs).
struct Projection {
    lon_min: f64,
    lat_max: f64,
    /// cos 36°.
    k: f64,
    /// Pixels per degree of latitude.
    s: f64,
    /// The figure's height.
    height: f64,
}

impl Projection {
    fn fit(prefectures: &[Prefecture]) -> Self {
        let (mut lon_min, mut lon_max, mut lat_min, mut lat_max) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for [lon, lat] in prefectures.iter().flat_map(|p| p.rings.iter().flatten()) {
            lon_min = lon_min.min(*lon);
            lon_max = lon_max.max(*lon);
            lat_min = lat_min.min(*lat);
            lat_max = lat_max.max(*lat);
        }
        let k = STANDARD_LAT_DEG.to_radians().cos();
        let s = (WIDTH - 2.0 * MARGIN) / ((lon_max - lon_min) * k);
        let height = (TOP + (lat_max - lat_min) * s + BOTTOM).ceil();
        Projection { lon_min, lat_max, k, s, height }
    }

    fn xy(&self, lon: f64, lat: f64) -> (f64, f64) {
        (MARGIN + (lon - self.lon_min) * self.k * self.s, TOP + (self.lat_max - lat) * self.s)
    }
}

/// The `d` of a prefecture's path: absolute `M x,y L x,y … Z` per ring, points 0.1 px apart at
/// least (consecutive points that round alike are dropped).
fn path_data(rings: &[Vec<[f64; 2]>], proj: &Projection) -> String {
    let mut d = String::new();
    for ring in rings {
        let mut last: Option<(String, String)> = None;
        let mut n = 0;
        for &[lon, lat] in ring {
            let (x, y) = proj.xy(lon, lat);
            let p = (num(x), num(y));
            if last.as_ref() == Some(&p) {
                continue;
            }
            let _ = write!(d, "{}{},{}", if n == 0 { "M" } else { " L" }, p.0, p.1);
            n += 1;
            last = Some(p);
        }
        if n > 0 {
            d.push_str(" Z ");
        }
    }
    d.trim_end().to_string()
}

/// Overlap area of two boxes `[x0, y0, x1, y1]`.
fn overlap(a: &[f64; 4], b: &[f64; 4]) -> f64 {
    let w = (a[2].min(b[2]) - a[0].max(b[0])).max(0.0);
    let h = (a[3].min(b[3]) - a[1].max(b[1])).max(0.0);
    w * h
}

/// A placed label: baseline anchor point and `text-anchor`.
struct LabelAt {
    x: f64,
    y: f64,
    anchor: &'static str,
}

/// Places each label right, left, above or below its marker, wherever it overlaps earlier labels,
/// the markers and the figure's edges least (first candidate on ties), in the places' order.
fn place_labels(points: &[(f64, f64, &str)], height: f64) -> Vec<LabelAt> {
    let markers: Vec<[f64; 4]> =
        points.iter().map(|&(x, y, _)| [x - MARKER_R, y - MARKER_R, x + MARKER_R, y + MARKER_R]).collect();
    let frame = [0.0, TOP - TITLE_SIZE * 0.5, WIDTH, height - BOTTOM + 8.0];
    let mut boxes: Vec<[f64; 4]> = Vec::new();
    let mut out = Vec::new();
    let gap = MARKER_R + 3.0;
    let asc = LABEL_SIZE * 0.8;
    let desc = LABEL_SIZE * 0.25;
    for (i, &(x, y, label)) in points.iter().enumerate() {
        let w = text_width(label, LABEL_SIZE, true);
        let mid = y + asc / 2.0 - desc / 2.0;
        let candidates = [
            (x + gap, mid, "start", [x + gap, mid - asc, x + gap + w, mid + desc]),
            (x - gap, mid, "end", [x - gap - w, mid - asc, x - gap, mid + desc]),
            (x, y - gap - desc, "middle", [x - w / 2.0, y - gap - desc - asc, x + w / 2.0, y - gap]),
            (x, y + gap + asc, "middle", [x - w / 2.0, y + gap, x + w / 2.0, y + gap + asc + desc]),
        ];
        let cost = |b: &[f64; 4]| {
            let area = (b[2] - b[0]) * (b[3] - b[1]);
            let outside = area - overlap(b, &frame);
            let labels: f64 = boxes.iter().map(|o| overlap(b, o)).sum();
            let marks: f64 = markers.iter().enumerate().filter(|&(j, _)| j != i).map(|(_, m)| overlap(b, m)).sum();
            outside * 4.0 + labels * 2.0 + marks * 3.0
        };
        let mut best = 0;
        let mut best_cost = f64::INFINITY;
        for (k, c) in candidates.iter().enumerate() {
            let v = cost(&c.3);
            if v < best_cost - 1e-9 {
                best = k;
                best_cost = v;
            }
        }
        let (lx, ly, anchor, b) = candidates[best];
        boxes.push(b);
        out.push(LabelAt { x: lx, y: ly, anchor });
    }
    out
}

/// The map of Japan as a standalone SVG, with `places` marked and `title` above.
///
/// Each prefecture named by some place's `prefecture` is highlighted; markers take the place's
/// `fill` (or a dark red) and link to its `href` when given. See the module docs for the projection
/// and the SVG's structure.
///
/// ```
/// use chiiki_render::{MapPlace, japan_map_svg};
///
/// let kobe = MapPlace {
///     id: "kobe".into(),
///     label: "Kobe".into(),
///     lat: 34.6901,
///     lon: 135.1955,
///     prefecture: Some("28".into()),
///     href: Some("/regions/kobe".into()),
///     fill: None,
/// };
/// let svg = japan_map_svg(&[kobe], "Study regions");
/// assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
/// assert!(svg.contains(r#"class="prefecture has-region" data-code="28""#));
/// assert!(svg.contains(r#"<g class="place" data-region="kobe">"#));
/// ```
pub fn japan_map_svg(places: &[MapPlace], title: &str) -> String {
    let prefectures = prefectures();
    let proj = Projection::fit(prefectures);
    let height = proj.height;
    let highlighted: BTreeSet<&str> = places.iter().filter_map(|p| p.prefecture.as_deref()).collect();
    let drawn: Vec<(&MapPlace, f64, f64)> = places
        .iter()
        .filter(|p| p.lat.is_finite() && p.lon.is_finite())
        .map(|p| {
            let (x, y) = proj.xy(p.lon, p.lat);
            (p, x, y)
        })
        .collect();

    let mut svg = String::with_capacity(PREFECTURES_JSON.len());
    let _ = writeln!(
        svg,
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" "#,
            r#"class="japan-map" data-places="{n}" font-family="{font}" fill="{ink}">"#
        ),
        w = num(WIDTH),
        h = num(height),
        n = drawn.len(),
        font = FONT_FAMILY,
        ink = INK,
    );
    let _ = writeln!(svg, "<title>{}</title>", escape(title));
    let _ = writeln!(svg, r#"<rect class="sea" width="100%" height="100%" fill="{SEA}"/>"#);
    let _ = writeln!(
        svg,
        concat!(
            r#"<text class="title" x="{x}" y="{y}" font-family="{font}" font-size="{size}" "#,
            r#"font-weight="bold">{t}</text>"#
        ),
        x = num(MARGIN),
        y = num(MARGIN + TITLE_SIZE * 0.5),
        font = FONT_FAMILY,
        size = num(TITLE_SIZE),
        t = escape(title),
    );

    let _ = writeln!(
        svg,
        r#"<g class="prefectures" stroke="{BORDER}" stroke-width="0.6" stroke-linejoin="round" fill-rule="evenodd">"#
    );
    for p in prefectures {
        let has = highlighted.contains(p.code.as_str());
        let _ = writeln!(
            svg,
            r#"<path class="{class}" data-code="{code}" fill="{fill}" d="{d}"><title>{name} {name_ja}</title></path>"#,
            class = if has { "prefecture has-region" } else { "prefecture" },
            code = escape(&p.code),
            fill = if has { LAND_HIGHLIGHT } else { LAND },
            d = path_data(&p.rings, &proj),
            name = escape(&p.name),
            name_ja = escape(&p.name_ja),
        );
    }
    svg.push_str("</g>\n");

    let points: Vec<(f64, f64, &str)> = drawn.iter().map(|&(p, x, y)| (x, y, p.label.as_str())).collect();
    let labels = place_labels(&points, height);
    for (&(place, x, y), label) in drawn.iter().zip(&labels) {
        let _ = write!(
            svg,
            r#"<g class="place" data-region="{id}"><title>{t}</title>"#,
            id = escape(&place.id),
            t = escape(&place.label)
        );
        if let Some(href) = &place.href {
            let _ = write!(svg, r#"<a href="{}">"#, escape(href));
        }
        let _ = write!(
            svg,
            r#"<circle class="marker" cx="{cx}" cy="{cy}" r="{r}" fill="{fill}" stroke="white" stroke-width="1.5"/>"#,
            cx = num(x),
            cy = num(y),
            r = num(MARKER_R),
            fill = escape(place.fill.as_deref().unwrap_or(MARKER)),
        );
        let text_attrs = format!(
            r#"x="{lx}" y="{ly}" text-anchor="{anchor}" font-family="{font}" font-size="{size}" font-weight="bold""#,
            lx = num(label.x),
            ly = num(label.y),
            anchor = label.anchor,
            font = FONT_FAMILY,
            size = num(LABEL_SIZE),
        );
        // The halo is a text of its own under the label (not `paint-order`, which not every renderer
        // knows), so the label stays readable over borders.
        let _ = write!(
            svg,
            concat!(
                r#"<text class="halo" aria-hidden="true" {attrs} fill="white" stroke="white" stroke-width="3" "#,
                r#"stroke-linejoin="round">{label}</text><text class="label" {attrs} fill="{ink}">{label}</text>"#
            ),
            attrs = text_attrs,
            ink = INK,
            label = escape(&place.label),
        );
        if place.href.is_some() {
            svg.push_str("</a>");
        }
        svg.push_str("</g>\n");
    }

    let _ = writeln!(
        svg,
        concat!(
            r#"<text class="attribution" x="{x}" y="{y}" text-anchor="end" font-family="{font}" "#,
            r#"font-size="{size}" fill="{ink}">{a}</text>"#
        ),
        x = num(WIDTH - MARGIN),
        y = num(height - BOTTOM / 2.0 + ATTRIBUTION_SIZE * 0.35),
        font = FONT_FAMILY,
        size = num(ATTRIBUTION_SIZE),
        ink = INK_SOFT,
        a = escape(ATTRIBUTION),
    );
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(id: &str, label: &str, lat: f64, lon: f64, pref: &str) -> MapPlace {
        MapPlace { id: id.into(), label: label.into(), lat, lon, prefecture: Some(pref.into()), href: None, fill: None }
    }

    fn study() -> Vec<MapPlace> {
        vec![
            place("sapporo", "Sapporo", 43.0618, 141.3545, "01"),
            place("kagawa", "Kagawa", 34.3401, 134.0434, "37"),
            place("fukui", "Fukui", 36.0652, 136.2216, "18"),
            place("kobe", "Kobe", 34.6901, 135.1955, "28"),
        ]
    }

    /// The points of a path's `d`, parsed from its text.
    fn points(d: &str) -> Vec<(f64, f64)> {
        let nums: Vec<f64> = d
            .split(|c: char| c == 'M' || c == 'L' || c == 'Z' || c == ',' || c.is_whitespace())
            .filter(|t| !t.is_empty())
            .map(|t| t.parse().unwrap_or_else(|_| panic!("bad number {t:?} in path data")))
            .collect();
        assert_eq!(nums.len() % 2, 0, "odd number of coordinates");
        nums.chunks(2).map(|c| (c[0], c[1])).collect()
    }

    /// `[x0, y0, x1, y1]` of the points.
    fn bbox(pts: &[(f64, f64)]) -> [f64; 4] {
        pts.iter().fold([f64::MAX, f64::MAX, f64::MIN, f64::MIN], |b, &(x, y)| {
            [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)]
        })
    }

    fn path_bbox(doc: &roxmltree::Document, code: &str) -> [f64; 4] {
        let path = doc
            .descendants()
            .find(|n| n.has_tag_name("path") && n.attribute("data-code") == Some(code))
            .unwrap_or_else(|| panic!("no path for {code}"));
        let pts = points(path.attribute("d").unwrap());
        assert!(pts.len() >= 3, "{code}: too few points");
        bbox(&pts)
    }

    fn marker(doc: &roxmltree::Document, id: &str) -> (f64, f64) {
        let g = doc
            .descendants()
            .find(|n| n.attribute("class") == Some("place") && n.attribute("data-region") == Some(id))
            .unwrap_or_else(|| panic!("no place {id}"));
        let c = g.descendants().find(|n| n.has_tag_name("circle")).unwrap();
        (c.attribute("cx").unwrap().parse().unwrap(), c.attribute("cy").unwrap().parse().unwrap())
    }

    #[test]
    fn data_has_the_47_prefectures() {
        let prefs = prefectures();
        assert_eq!(prefs.len(), 47);
        for (i, p) in prefs.iter().enumerate() {
            assert_eq!(p.code, format!("{:02}", i + 1));
            assert!(!p.name.is_empty() && !p.name_ja.is_empty(), "{}", p.code);
            assert!(p.name_ja.ends_with(['都', '道', '府', '県']), "{}: {}", p.code, p.name_ja);
            assert!(!p.rings.is_empty() && p.rings.iter().all(|r| r.len() >= 4), "{}", p.code);
            for &[lon, lat] in p.rings.iter().flatten() {
                assert!((122.0..=154.0).contains(&lon) && (20.0..=46.0).contains(&lat), "{}: {lon},{lat}", p.code);
            }
        }
        assert_eq!(prefs[0].name_ja, "北海道");
        assert_eq!(prefs[0].name, "Hokkaido");
        assert_eq!(prefs[27].name_ja, "兵庫県");
        assert_eq!(prefs[12].name_ja, "東京都");
        assert_eq!(prefs[36].name_ja, "香川県");
        assert_eq!(prefs[46].name_ja, "沖縄県");
    }

    #[test]
    fn svg_parses_and_has_the_prefectures() {
        let svg = japan_map_svg(&study(), "Study regions");
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let root = doc.root_element();
        assert!(root.attribute("viewBox").unwrap().starts_with("0 0 640 "));
        assert_eq!(root.attribute("data-places"), Some("4"));
        let paths: Vec<_> =
            doc.descendants().filter(|n| n.has_tag_name("path") && n.attribute("data-code").is_some()).collect();
        assert_eq!(paths.len(), 47);
        let codes: BTreeSet<&str> = paths.iter().map(|n| n.attribute("data-code").unwrap()).collect();
        assert_eq!(codes.len(), 47);
        let hokkaido = paths.iter().find(|n| n.attribute("data-code") == Some("01")).unwrap();
        let title = hokkaido.first_element_child().unwrap();
        assert!(title.has_tag_name("title"));
        assert_eq!(title.text(), Some("Hokkaido 北海道"));
        for n in &paths {
            assert!(n.attribute("class").unwrap().split(' ').any(|c| c == "prefecture"));
        }
        let attribution = doc.descendants().find(|n| n.attribute("class") == Some("attribution")).unwrap();
        assert_eq!(attribution.text(), Some("Prefecture outlines: japanmap (Apache-2.0)"));
        assert_eq!(doc.descendants().filter(|n| n.attribute("class") == Some("place")).count(), 4);
        for t in doc.descendants().filter(|n| n.attribute("class") == Some("label")) {
            assert_eq!(t.attribute("font-family"), Some("'Noto Sans', 'Noto Sans CJK JP', 'IPAexGothic', sans-serif"));
        }
    }

    #[test]
    fn places_fall_where_they_should() {
        let svg = japan_map_svg(&study(), "Study regions");
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let hokkaido = path_bbox(&doc, "01");
        let kagawa = path_bbox(&doc, "37");
        let hyogo = path_bbox(&doc, "28");
        let fukui = path_bbox(&doc, "18");
        let (sx, sy) = marker(&doc, "sapporo");
        let (kx, ky) = marker(&doc, "kobe");
        let inside = |b: [f64; 4], x: f64, y: f64| b[0] <= x && x <= b[2] && b[1] <= y && y <= b[3];
        assert!(inside(hokkaido, sx, sy), "Sapporo {sx},{sy} outside Hokkaido {hokkaido:?}");
        assert!(inside(hyogo, kx, ky), "Kobe {kx},{ky} outside Hyogo {hyogo:?}");
        let (fx, fy) = marker(&doc, "fukui");
        assert!(inside(fukui, fx, fy), "Fukui {fx},{fy} outside Fukui {fukui:?}");
        let (gx, gy) = marker(&doc, "kagawa");
        assert!(inside(kagawa, gx, gy), "Kagawa {gx},{gy} outside Kagawa {kagawa:?}");
        // North-east of Kobe: right of it and higher up (smaller y).
        assert!(sx > kx + 100.0 && sy < ky - 100.0, "Sapporo {sx},{sy} vs Kobe {kx},{ky}");
        // Hokkaido lies wholly north of Kagawa.
        assert!(hokkaido[3] < kagawa[1], "Hokkaido {hokkaido:?} vs Kagawa {kagawa:?}");
        // Hokkaido is much bigger than Kagawa, and the aspect follows cos 36°: Hokkaido's outline spans
        // 139.775..145.820 °E and 41.393..45.520 °N.
        let (w, h) = (hokkaido[2] - hokkaido[0], hokkaido[3] - hokkaido[1]);
        assert!(w > 5.0 * (kagawa[2] - kagawa[0]));
        let ratio = w / h;
        let expected = (145.820 - 139.775) * STANDARD_LAT_DEG.to_radians().cos() / (45.520 - 41.393);
        assert!((ratio - expected).abs() < 0.02, "aspect {ratio} vs {expected}");
    }

    #[test]
    fn labels_are_escaped() {
        let mut p = place("x<&>\"", "Tom <&> Jerry", 35.0, 135.0, "26");
        p.href = Some("/r?a=1&b=<2>".into());
        p.fill = Some("rgb(1,2,3)\"".into());
        let svg = japan_map_svg(&[p], "Map <&> title");
        assert!(!svg.contains("Tom <&> Jerry"));
        assert!(svg.contains("Tom &lt;&amp;&gt; Jerry"));
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let g = doc.descendants().find(|n| n.attribute("class") == Some("place")).unwrap();
        assert_eq!(g.attribute("data-region"), Some("x<&>\""));
        let a = g.descendants().find(|n| n.has_tag_name("a")).unwrap();
        assert_eq!(a.attribute("href"), Some("/r?a=1&b=<2>"));
        let label = a.descendants().find(|n| n.attribute("class") == Some("label")).unwrap();
        assert_eq!(label.text(), Some("Tom <&> Jerry"));
        let title = doc.root_element().first_element_child().unwrap();
        assert_eq!(title.text(), Some("Map <&> title"));
    }

    #[test]
    fn has_region_marks_exactly_the_places_prefectures() {
        let mut places = study();
        places.push(MapPlace {
            id: "nowhere".into(),
            label: "No prefecture".into(),
            lat: 35.0,
            lon: 139.0,
            ..Default::default()
        });
        let svg = japan_map_svg(&places, "t");
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let marked: BTreeSet<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("path") && n.attribute("class") == Some("prefecture has-region"))
            .map(|n| n.attribute("data-code").unwrap())
            .collect();
        assert_eq!(marked, BTreeSet::from(["01", "18", "28", "37"]));
        let plain = doc.descendants().filter(|n| n.attribute("class") == Some("prefecture")).count();
        assert_eq!(plain, 43);

        let none = japan_map_svg(&[], "t");
        assert!(!none.contains("has-region"));
        assert!(!none.contains("class=\"place\""));
    }

    #[test]
    fn far_and_invalid_places() {
        let guam = place("guam", "Guam", 13.44, 144.79, "99");
        let bad = place("bad", "Bad", f64::NAN, 135.0, "27");
        let svg = japan_map_svg(&[guam, bad], "t");
        let doc = roxmltree::Document::parse(&svg).unwrap();
        assert_eq!(doc.root_element().attribute("data-places"), Some("1"));
        let height: f64 = doc.root_element().attribute("height").unwrap().parse().unwrap();
        let (_, gy) = marker(&doc, "guam");
        assert!(gy > height, "drawn where the projection puts it, below the figure");
        assert!(!svg.contains("NaN"));
        assert!(svg.contains(r#"class="prefecture has-region" data-code="27""#));
    }
}
