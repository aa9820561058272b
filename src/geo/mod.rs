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
    let name = crate::urls::percent_encode(name);
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

#[cfg(test)]
mod tests;
