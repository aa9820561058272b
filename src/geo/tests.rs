//! Unit tests for the parent module.

use super::*;
use crate::urls::percent_encode;

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
