#!/usr/bin/env python3
"""Converts the prefecture outlines of PyPI `japanmap` into `data/japan/prefectures.json`.

The output is a GeoJSON FeatureCollection (RFC 7946) with one Feature per prefecture:
properties `code` ("01".."47", the JIS X 0401 code), `name` (romaji) and `name_ja`, and a
Polygon geometry in longitude/latitude degrees, rounded to 3 decimals (about 100 m).

What japanmap stores (version 0.6.0, file `japanmap/japan.json`, read with `get_data()`):
  * `qp`: a list of boundary points `[[lon, lat], n]` in WGS84 degrees (n = number of
    prefectures sharing the point);
  * `qo`: for each prefecture (index = JIS code - 1), a list of `[neighbour_code, [point
    indices]]` segments (neighbour 0 = the sea) that, joined end to end, form one closed ring:
    the outline of the landmass holding the prefectural capital. Other islands are not in the
    data, so every prefecture is a single Polygon.
We call `get_data()` without moving Hokkaido or Okinawa, so the points stay at their real
position. japanmap has no romaji names; those come from the table below (ours).

Rerun (from the repository root):

    python3 -m venv /tmp/jm && /tmp/jm/bin/pip install 'japanmap==0.6.0'
    /tmp/jm/bin/python scripts/japanmap_to_geojson.py            # writes data/japan/prefectures.json
    /tmp/jm/bin/python scripts/japanmap_to_geojson.py OUT.json   # or another path

The output is deterministic; keep `data/japan/NOTICE` in step if the source or the changes differ.
"""

import json
import sys
from pathlib import Path

import japanmap

DIGITS = 3

ROMAJI = [
    "Hokkaido", "Aomori", "Iwate", "Miyagi", "Akita", "Yamagata", "Fukushima", "Ibaraki",
    "Tochigi", "Gunma", "Saitama", "Chiba", "Tokyo", "Kanagawa", "Niigata", "Toyama",
    "Ishikawa", "Fukui", "Yamanashi", "Nagano", "Gifu", "Shizuoka", "Aichi", "Mie",
    "Shiga", "Kyoto", "Osaka", "Hyogo", "Nara", "Wakayama", "Tottori", "Shimane",
    "Okayama", "Hiroshima", "Yamaguchi", "Tokushima", "Kagawa", "Ehime", "Kochi", "Fukuoka",
    "Saga", "Nagasaki", "Kumamoto", "Oita", "Miyazaki", "Kagoshima", "Okinawa",
]  # fmt: skip


def ring(qp, segments):
    """Joins a prefecture's boundary segments into one closed, counter-clockwise ring."""
    pts = []
    for _neighbour, indices in segments:
        for i in indices:
            lon, lat = qp[i][0]
            p = [round(lon, DIGITS), round(lat, DIGITS)]
            if not pts or pts[-1] != p:  # segments share end points; rounding merges neighbours
                pts.append(p)
    if pts[0] != pts[-1]:
        pts.append(pts[0])
    # Shoelace: positive for counter-clockwise in (lon, lat), as RFC 7946 wants for exterior rings.
    area2 = sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(pts, pts[1:]))
    if area2 < 0:
        pts.reverse()
    if len(pts) < 4:
        raise ValueError("degenerate ring")
    return pts


def main():
    default = Path(__file__).resolve().parent.parent / "data/japan/prefectures.json"
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    qp, qo = japanmap.get_data()  # real positions: neither Hokkaido nor Okinawa moved
    if len(qo) != japanmap.NUM_PREF or len(ROMAJI) != japanmap.NUM_PREF:
        raise SystemExit(f"expected {japanmap.NUM_PREF} prefectures, got {len(qo)}")
    features = []
    for k, segments in enumerate(qo):
        code = k + 1
        features.append(
            {
                "type": "Feature",
                "properties": {"code": f"{code:02}", "name": ROMAJI[k], "name_ja": japanmap.pref_names[code]},
                "geometry": {"type": "Polygon", "coordinates": [ring(qp, segments)]},
            }
        )
    collection = {
        "type": "FeatureCollection",
        "source": f"PyPI japanmap {japanmap.__version__} (Apache-2.0), converted by scripts/japanmap_to_geojson.py",
        "features": features,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    # One feature per line: small, yet diffs stay readable.
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    head = json.dumps({k: v for k, v in collection.items() if k != "features"}, ensure_ascii=False)[:-1]
    text = head + ', "features": [\n' + ",\n".join(lines) + "\n]}\n"
    json.loads(text)  # sanity: the hand-joined text is valid JSON
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}: {len(features)} prefectures, {len(text.encode())} bytes")


if __name__ == "__main__":
    main()
