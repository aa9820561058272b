//! Coordinate datums used by Chinese web maps, and "open in map" links.
//!
//! Records may carry coordinates in any of three datums: WGS-84 (GPS,
//! OpenStreetMap), GCJ-02 (the obfuscated datum mandated for maps published
//! in mainland China, used by Amap and Tencent) and BD-09 (Baidu's extra
//! offset on top of GCJ-02). A point has to be converted to the datum each
//! map expects, or the marker lands hundreds of metres away.
//!
//! The forward transforms are the widely published ones (eviltransform /
//! coordtransform: Krasovsky ellipsoid `a = 6378245.0`,
//! `ee = 0.00669342162296594323`, `x_pi = π·3000/180`). Only the forward
//! directions WGS→GCJ and GCJ→BD have closed forms; the published inverses
//! are one-step approximations off by up to a couple of metres. Here every
//! inverse is solved numerically against its forward transform instead, so a
//! round trip returns to the starting point to well under a millimetre and
//! the answer no longer depends on which approximation a caller picked.
//! GCJ-02 is the hub: every conversion goes through it.

use std::f64::consts::PI;
use std::fmt;
use std::str::FromStr;

/// Semi-major axis of the Krasovsky 1940 ellipsoid, as used by GCJ-02.
const KRASOVSKY_A: f64 = 6_378_245.0;
/// First eccentricity squared of the Krasovsky 1940 ellipsoid. Published as
/// 0.00669342162296594323; the digits dropped here are beyond f64 precision,
/// so the value is bit-identical.
const KRASOVSKY_EE: f64 = 0.006_693_421_622_965_943;
/// Baidu's angular constant; the literal is part of the BD-09 definition.
const X_PI: f64 = PI * 3000.0 / 180.0;
/// IUGG mean Earth radius; haversine on a sphere is only good to ~0.5 %,
/// so the choice of radius matters less than using one consistently.
const EARTH_MEAN_RADIUS_M: f64 = 6_371_008.8;

/// Numerical inversion stops once the forward image is this close (degrees,
/// about 0.01 mm) to the target...
const INVERSE_TOLERANCE_DEG: f64 = 1e-10;
/// ...or after this many steps; the offsets' slopes are tiny, so the fixed
/// point iteration converges in three to five steps in practice.
const INVERSE_MAX_STEPS: usize = 30;

/// A geodetic datum a coordinate pair is expressed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Datum {
    Wgs84,
    Gcj02,
    Bd09,
}

impl Datum {
    pub const ALL: [Datum; 3] = [Datum::Wgs84, Datum::Gcj02, Datum::Bd09];

    /// The spelling used in data files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Datum::Wgs84 => "wgs84",
            Datum::Gcj02 => "gcj02",
            Datum::Bd09 => "bd09",
        }
    }
}

impl fmt::Display for Datum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Datum {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_name(s, "datum", &Datum::ALL, |d| d.as_str())
    }
}

/// A latitude/longitude pair in degrees; the datum travels separately.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct LatLon {
    pub lat: f64,
    pub lon: f64,
}

impl LatLon {
    pub const fn new(lat: f64, lon: f64) -> Self {
        LatLon { lat, lon }
    }
}

/// A map service that can show a marker from a URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MapProvider {
    Amap,
    Osm,
    Baidu,
    Tencent,
}

impl MapProvider {
    pub const ALL: [MapProvider; 4] = [
        MapProvider::Amap,
        MapProvider::Osm,
        MapProvider::Baidu,
        MapProvider::Tencent,
    ];

    /// The spelling used in configuration and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            MapProvider::Amap => "amap",
            MapProvider::Osm => "osm",
            MapProvider::Baidu => "baidu",
            MapProvider::Tencent => "tencent",
        }
    }

    /// The name readers know the service by.
    pub fn label(self) -> &'static str {
        match self {
            MapProvider::Amap => "高德地图",
            MapProvider::Osm => "OpenStreetMap",
            MapProvider::Baidu => "百度地图",
            MapProvider::Tencent => "腾讯地图",
        }
    }

    /// The datum the service interprets marker coordinates in.
    pub fn datum(self) -> Datum {
        match self {
            MapProvider::Amap | MapProvider::Tencent => Datum::Gcj02,
            MapProvider::Osm => Datum::Wgs84,
            MapProvider::Baidu => Datum::Bd09,
        }
    }
}

impl fmt::Display for MapProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for MapProvider {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_name(s, "map provider", &MapProvider::ALL, |p| p.as_str())
    }
}

/// A name that is not one of a fixed set of spellings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownName {
    kind: &'static str,
    input: String,
    expected: Vec<&'static str>,
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown {} {:?}; expected one of: {}",
            self.kind,
            self.input,
            self.expected.join(", ")
        )
    }
}

impl std::error::Error for UnknownName {}

/// Case-insensitive so command-line users can type "WGS84"; data files go
/// through serde, which accepts the lowercase spelling only.
fn parse_name<T: Copy>(
    s: &str,
    kind: &'static str,
    all: &[T],
    name: fn(T) -> &'static str,
) -> Result<T, UnknownName> {
    let wanted = s.trim();
    all.iter()
        .copied()
        .find(|&v| name(v).eq_ignore_ascii_case(wanted))
        .ok_or_else(|| UnknownName {
            kind,
            input: s.to_owned(),
            expected: all.iter().map(|&v| name(v)).collect(),
        })
}

/// Converts a point between datums.
///
/// Converting to the same datum returns the point unchanged.
pub fn convert(p: LatLon, from: Datum, to: Datum) -> LatLon {
    if from == to {
        return p;
    }
    let gcj = match from {
        Datum::Gcj02 => p,
        Datum::Wgs84 => wgs84_to_gcj02(p),
        Datum::Bd09 => bd09_to_gcj02(p),
    };
    match to {
        Datum::Gcj02 => gcj,
        Datum::Wgs84 => gcj02_to_wgs84(gcj),
        Datum::Bd09 => gcj02_to_bd09(gcj),
    }
}

/// Whether GCJ-02 leaves the point alone (it then equals WGS-84).
///
/// This is the bounding box of the published transform, not China's border:
/// parts of neighbouring countries fall inside it and get offset too, which
/// is exactly what the Chinese map services themselves do.
pub fn out_of_china(p: LatLon) -> bool {
    !(72.004..=137.8347).contains(&p.lon) || !(0.8293..=55.8271).contains(&p.lat)
}

/// Great-circle distance in metres (haversine); both points in one datum.
pub fn distance_m(a: LatLon, b: LatLon) -> f64 {
    let (lat_a, lat_b) = (a.lat.to_radians(), b.lat.to_radians());
    let d_lat = lat_b - lat_a;
    let d_lon = (b.lon - a.lon).to_radians();
    let h = (d_lat / 2.0).sin().powi(2) + lat_a.cos() * lat_b.cos() * (d_lon / 2.0).sin().powi(2);
    // `min` guards asin against rounding just above 1 for antipodal points.
    2.0 * EARTH_MEAN_RADIUS_M * h.sqrt().min(1.0).asin()
}

fn wgs84_to_gcj02(p: LatLon) -> LatLon {
    if out_of_china(p) {
        return p;
    }
    let (x, y) = (p.lon - 105.0, p.lat - 35.0);
    let rad_lat = p.lat.to_radians();
    let magic = 1.0 - KRASOVSKY_EE * rad_lat.sin().powi(2);
    let sqrt_magic = magic.sqrt();
    // Offsets come out in metres-ish units; scale them to degrees using the
    // ellipsoid's meridional and prime-vertical radii at this latitude.
    let d_lat = gcj_offset_lat(x, y) * 180.0
        / ((KRASOVSKY_A * (1.0 - KRASOVSKY_EE)) / (magic * sqrt_magic) * PI);
    let d_lon = gcj_offset_lon(x, y) * 180.0 / (KRASOVSKY_A / sqrt_magic * rad_lat.cos() * PI);
    LatLon::new(p.lat + d_lat, p.lon + d_lon)
}

fn gcj_offset_lat(x: f64, y: f64) -> f64 {
    let mut ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    ret += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    ret += (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    ret += (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    ret
}

fn gcj_offset_lon(x: f64, y: f64) -> f64 {
    let mut ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    ret += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    ret += (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    ret += (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    ret
}

fn gcj02_to_bd09(p: LatLon) -> LatLon {
    let (x, y) = (p.lon, p.lat);
    let z = (x * x + y * y).sqrt() + 0.00002 * (y * X_PI).sin();
    let theta = y.atan2(x) + 0.000003 * (x * X_PI).cos();
    LatLon::new(z * theta.sin() + 0.006, z * theta.cos() + 0.0065)
}

fn gcj02_to_wgs84(p: LatLon) -> LatLon {
    if out_of_china(p) {
        return p;
    }
    invert(p, wgs84_to_gcj02)
}

fn bd09_to_gcj02(p: LatLon) -> LatLon {
    invert(p, gcj02_to_bd09)
}

/// Finds `q` with `forward(q) == target` by fixed-point iteration
/// `q ← q − (forward(q) − target)`. Both offsets are smooth and nearly
/// constant over a few hundred metres, so each step removes almost all of
/// the remaining error.
fn invert(target: LatLon, forward: fn(LatLon) -> LatLon) -> LatLon {
    let mut q = target;
    for _ in 0..INVERSE_MAX_STEPS {
        let image = forward(q);
        let (d_lat, d_lon) = (image.lat - target.lat, image.lon - target.lon);
        if d_lat.abs() < INVERSE_TOLERANCE_DEG && d_lon.abs() < INVERSE_TOLERANCE_DEG {
            break;
        }
        q = LatLon::new(q.lat - d_lat, q.lon - d_lon);
    }
    q
}

/// A link that opens a map service with a marker on the point.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct MapLink {
    pub provider: MapProvider,
    pub label: String,
    pub url: String,
}

/// Builds one marker link per provider, in the order given, each with the
/// point converted to the datum that provider expects.
pub fn map_links(p: LatLon, datum: Datum, name: &str, providers: &[MapProvider]) -> Vec<MapLink> {
    providers
        .iter()
        .map(|&provider| MapLink {
            provider,
            label: provider.label().to_owned(),
            url: marker_url(provider, convert(p, datum, provider.datum()), name),
        })
        .collect()
}

/// `p` must already be in `provider.datum()`.
fn marker_url(provider: MapProvider, p: LatLon, name: &str) -> String {
    let (lat, lon) = (coord(p.lat), coord(p.lon));
    let name = percent_encode(name);
    match provider {
        MapProvider::Amap => format!(
            "https://uri.amap.com/marker?position={lon},{lat}&name={name}&coordinate=gaode&callnative=1"
        ),
        MapProvider::Osm => {
            format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}")
        }
        MapProvider::Baidu => format!(
            "https://api.map.baidu.com/marker?location={lat},{lon}&title={name}&content={name}&output=html&coord_type=bd09ll"
        ),
        MapProvider::Tencent => format!(
            "https://apis.map.qq.com/uri/v1/marker?marker=coord:{lat},{lon};title:{name}&referer=yizhan"
        ),
    }
}

/// Six decimals is about 0.1 m, finer than any of the offsets' residual
/// error. A value that rounds to zero from below would print as "-0.000000";
/// it is normalised so output does not depend on the sign of noise.
fn coord(v: f64) -> String {
    let s = format!("{v:.6}");
    match s.strip_prefix('-') {
        Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => rest.to_owned(),
        _ => s,
    }
}

/// Percent-encodes every byte of the UTF-8 form except RFC 3986 unreserved
/// characters. That is stricter than a query string strictly needs, which
/// keeps `&`, `=`, `;`, `:` and `#` in a name from being read as URL or
/// Tencent marker syntax.
fn percent_encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0F)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LANZHOU: LatLon = LatLon::new(36.06, 103.83);

    fn assert_close_deg(actual: LatLon, lat: f64, lon: f64, tol: f64) {
        assert!(
            (actual.lat - lat).abs() <= tol && (actual.lon - lon).abs() <= tol,
            "{actual:?} is not within {tol} of ({lat}, {lon})"
        );
    }

    // Published example output of wandergis/coordtransform (README, input
    // lng 116.404, lat 39.915); its forward formulas are the ones used here.
    #[test]
    fn wgs84_to_gcj02_matches_coordtransform() {
        let gcj = convert(LatLon::new(39.915, 116.404), Datum::Wgs84, Datum::Gcj02);
        assert_close_deg(gcj, 39.91640428150164, 116.41024449916938, 1e-12);
    }

    #[test]
    fn gcj02_to_bd09_matches_coordtransform() {
        let bd = convert(LatLon::new(39.915, 116.404), Datum::Gcj02, Datum::Bd09);
        assert_close_deg(bd, 39.92133699351021, 116.41036949371029, 1e-12);
    }

    #[test]
    fn inverses_agree_with_coordtransform_one_step_values_within_a_metre() {
        // coordtransform's gcj02towgs84 / bd09togcj02 are the one-step
        // approximations; the iterative answers must be near them but exact
        // with respect to the forward transform.
        let src = LatLon::new(39.915, 116.404);
        let wgs = convert(src, Datum::Gcj02, Datum::Wgs84);
        assert!(distance_m(wgs, LatLon::new(39.91359571849836, 116.39775550083061)) < 1.0);
        assert_close_deg(wgs, 39.91359623560938, 116.39775575457482, 1e-9);
        let gcj = convert(src, Datum::Bd09, Datum::Gcj02);
        assert!(distance_m(gcj, LatLon::new(39.90865673957631, 116.39762729119315)) < 1.0);
        assert_close_deg(gcj, 39.90865633947841, 116.3976270878572, 1e-9);
    }

    #[test]
    fn tiananmen_vector() {
        let wgs = LatLon::new(39.908823, 116.397470);
        let gcj = convert(wgs, Datum::Wgs84, Datum::Gcj02);
        assert_close_deg(gcj, 39.910226, 116.403714, 1e-6);
        let bd = convert(wgs, Datum::Wgs84, Datum::Bd09);
        assert_close_deg(bd, 39.916566, 116.410086, 1e-6);
        // The published offset in Beijing is a few hundred metres.
        let shift = distance_m(wgs, gcj);
        assert!((500.0..600.0).contains(&shift), "shift {shift}");
    }

    #[test]
    fn lanzhou_forward_values() {
        assert_close_deg(
            convert(LANZHOU, Datum::Wgs84, Datum::Gcj02),
            36.05968053691819,
            103.83241211831616,
            1e-12,
        );
        assert_close_deg(
            convert(LANZHOU, Datum::Wgs84, Datum::Bd09),
            36.06564140962338,
            103.83892606084586,
            1e-12,
        );
    }

    #[test]
    fn all_round_trips_in_lanzhou_close_within_a_millimetre() {
        for from in Datum::ALL {
            for to in Datum::ALL {
                let there = convert(LANZHOU, from, to);
                let back = convert(there, to, from);
                let err = distance_m(LANZHOU, back);
                // The requirement is 0.5 m; the solver does far better.
                assert!(err < 0.001, "{from} -> {to} -> {from}: {err} m");
                if from != to {
                    assert!(
                        distance_m(LANZHOU, there) > 100.0,
                        "{from} -> {to} did nothing"
                    );
                }
            }
        }
    }

    #[test]
    fn gcj_to_wgs_inverts_forward_exactly_on_a_grid() {
        for i in 0..5 {
            for j in 0..5 {
                let gcj = LatLon::new(35.9 + 0.1 * f64::from(i), 103.6 + 0.1 * f64::from(j));
                let wgs = convert(gcj, Datum::Gcj02, Datum::Wgs84);
                let again = convert(wgs, Datum::Wgs84, Datum::Gcj02);
                assert!(distance_m(gcj, again) < 0.01);
            }
        }
    }

    #[test]
    fn same_datum_is_identity() {
        for d in Datum::ALL {
            assert_eq!(convert(LANZHOU, d, d), LANZHOU);
        }
    }

    #[test]
    fn out_of_china_passes_through() {
        let london = LatLon::new(51.5007, -0.1246);
        let tokyo = LatLon::new(35.6586, 139.7454);
        assert!(out_of_china(london));
        assert!(out_of_china(tokyo));
        assert!(!out_of_china(LANZHOU));
        assert_eq!(convert(london, Datum::Wgs84, Datum::Gcj02), london);
        assert_eq!(convert(tokyo, Datum::Gcj02, Datum::Wgs84), tokyo);
    }

    #[test]
    fn haversine_distances() {
        // One degree of the equator on the IUGG mean sphere.
        let d = distance_m(LatLon::new(0.0, 0.0), LatLon::new(0.0, 1.0));
        assert!((d - 111_195.080_233_5).abs() < 1e-3, "{d}");
        // Lanzhou to Tiananmen, checked with an independent haversine.
        let d = distance_m(LANZHOU, LatLon::new(39.908823, 116.397470));
        assert!((d - 1_180_327.859_673).abs() < 1e-2, "{d}");
        assert_eq!(distance_m(LANZHOU, LANZHOU), 0.0);
        let antipodes = distance_m(LatLon::new(0.0, 0.0), LatLon::new(0.0, 180.0));
        assert!((antipodes - PI * EARTH_MEAN_RADIUS_M).abs() < 1e-6);
    }

    #[test]
    fn parse_names() {
        assert_eq!("wgs84".parse::<Datum>(), Ok(Datum::Wgs84));
        assert_eq!("GCJ02".parse::<Datum>(), Ok(Datum::Gcj02));
        assert_eq!(" bd09 ".parse::<Datum>(), Ok(Datum::Bd09));
        let err = "wgs-84".parse::<Datum>().err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("unknown datum \"wgs-84\"; expected one of: wgs84, gcj02, bd09")
        );
        assert_eq!("tencent".parse::<MapProvider>(), Ok(MapProvider::Tencent));
        let err = "google".parse::<MapProvider>().err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("unknown map provider \"google\"; expected one of: amap, osm, baidu, tencent")
        );
    }

    #[test]
    fn serde_spelling_is_lowercase() -> Result<(), serde_json::Error> {
        assert_eq!(serde_json::to_string(&Datum::Gcj02)?, "\"gcj02\"");
        assert_eq!(serde_json::from_str::<Datum>("\"bd09\"")?, Datum::Bd09);
        assert_eq!(serde_json::to_string(&MapProvider::Osm)?, "\"osm\"");
        assert_eq!(
            serde_json::to_string(&LatLon::new(36.06, 103.83))?,
            r#"{"lat":36.06,"lon":103.83}"#
        );
        Ok(())
    }

    #[test]
    fn map_link_urls_are_exact() {
        let gcj = LatLon::new(36.0611, 103.8343);
        let links = map_links(gcj, Datum::Gcj02, "青柠职工驿站", &MapProvider::ALL);
        let got: Vec<(&str, &str)> = links
            .iter()
            .map(|l| (l.label.as_str(), l.url.as_str()))
            .collect();
        let name = "%E9%9D%92%E6%9F%A0%E8%81%8C%E5%B7%A5%E9%A9%BF%E7%AB%99";
        assert_eq!(
            got,
            vec![
                (
                    "高德地图",
                    format!("https://uri.amap.com/marker?position=103.834300,36.061100&name={name}&coordinate=gaode&callnative=1").as_str()
                ),
                (
                    "OpenStreetMap",
                    "https://www.openstreetmap.org/?mlat=36.061423&mlon=103.831892#map=17/36.061423/103.831892"
                ),
                (
                    "百度地图",
                    format!("https://api.map.baidu.com/marker?location=36.067030,103.840823&title={name}&content={name}&output=html&coord_type=bd09ll").as_str()
                ),
                (
                    "腾讯地图",
                    format!("https://apis.map.qq.com/uri/v1/marker?marker=coord:36.061100,103.834300;title:{name}&referer=yizhan").as_str()
                ),
            ]
        );
        assert_eq!(links[2].provider, MapProvider::Baidu);
    }

    #[test]
    fn map_links_follow_requested_order_and_convert_from_wgs() {
        let links = map_links(
            LANZHOU,
            Datum::Wgs84,
            "x",
            &[MapProvider::Osm, MapProvider::Amap],
        );
        assert_eq!(links.len(), 2);
        assert_eq!(
            links[0].url,
            "https://www.openstreetmap.org/?mlat=36.060000&mlon=103.830000#map=17/36.060000/103.830000"
        );
        assert_eq!(
            links[1].url,
            "https://uri.amap.com/marker?position=103.832412,36.059681&name=x&coordinate=gaode&callnative=1"
        );
        assert!(map_links(LANZHOU, Datum::Wgs84, "x", &[]).is_empty());
    }

    #[test]
    fn percent_encoding_escapes_url_syntax() {
        assert_eq!(percent_encode("A-z_0.9~"), "A-z_0.9~");
        assert_eq!(
            percent_encode("a b&c=d;e:f#g/h?"),
            "a%20b%26c%3Dd%3Be%3Af%23g%2Fh%3F"
        );
        assert_eq!(percent_encode("兰州"), "%E5%85%B0%E5%B7%9E");
        assert_eq!(percent_encode("·"), "%C2%B7");
    }

    #[test]
    fn coordinates_print_with_six_decimals_and_no_negative_zero() {
        assert_eq!(coord(103.83), "103.830000");
        assert_eq!(coord(36.0603148), "36.060315");
        assert_eq!(coord(-0.0000001), "0.000000");
        assert_eq!(coord(-0.0), "0.000000");
        assert_eq!(coord(-0.1246), "-0.124600");
    }
}
