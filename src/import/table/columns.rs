//! Which field each column of a sheet holds, and which collection a sheet
//! fills.
//!
//! A header is matched after trimming it and dropping a note in brackets
//! and a `*` marking a required column (`面积（平方米）`, `名称*`). The
//! Chinese headers editors use for these lists are known without a mapping
//! file, as are the record field names of `docs/content-format.md`; a
//! mapping file (`--map`) names any others, `表头: 字段`, and may name a
//! column `ignore`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::import::Collection;
use anyhow::Context as _;

/// The kind a sheet or file name says (`机构`, `服务项目表`, `venues`).
pub(crate) fn collection_named(name: &str) -> Option<Collection> {
    let name = name.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| name.contains(w));
    if has(&["品牌", "brand"]) {
        Some(Collection::Brands)
    } else if has(&["服务", "项目", "活动", "service"]) {
        Some(Collection::Services)
    } else if has(&[
        "场所", "阵地", "站点", "场馆", "驿站", "之家", "地点", "venue",
    ]) {
        Some(Collection::Venues)
    } else if has(&["机构", "组织", "单位", "社会组织", "organi"]) {
        Some(Collection::Organizations)
    } else {
        None
    }
}

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Field {
    Id,
    Name,
    ShortName,
    Aliases,
    Kind,
    Registered,
    LinkedBy,
    /// The district, street or community, or a whole area path: the
    /// columns of one row are joined from the widest down.
    Area(u8),
    Address,
    Location,
    Latitude,
    Longitude,
    FloorArea,
    Hours,
    /// 运营机构: a venue's operator, a brand's operators, a service's
    /// organization.
    Operator,
    Venues,
    Brand,
    PartOf,
    Started,
    Online,
    Categories,
    Audiences,
    Free,
    Cost,
    Eligibility,
    Apply,
    ApplyUrl,
    Season,
    Accessibility,
    /// Languages or dialects spoken.
    Languages,
    /// What to bring.
    Documents,
    Phone,
    Email,
    Wechat,
    Website,
    Description,
    Updated,
    Ignore,
}

/// Headers known without a mapping file.
const HEADERS: &[(&str, Field)] = &[
    ("编号", Field::Id),
    ("id", Field::Id),
    ("名称", Field::Name),
    ("名字", Field::Name),
    ("机构名称", Field::Name),
    ("组织名称", Field::Name),
    ("单位名称", Field::Name),
    ("场所名称", Field::Name),
    ("阵地名称", Field::Name),
    ("站点名称", Field::Name),
    ("品牌名称", Field::Name),
    ("服务名称", Field::Name),
    ("项目名称", Field::Name),
    ("活动名称", Field::Name),
    ("name", Field::Name),
    ("简称", Field::ShortName),
    ("short_name", Field::ShortName),
    ("别名", Field::Aliases),
    ("又名", Field::Aliases),
    ("aliases", Field::Aliases),
    ("类型", Field::Kind),
    ("机构类型", Field::Kind),
    ("组织类型", Field::Kind),
    ("性质", Field::Kind),
    ("kind", Field::Kind),
    ("是否登记", Field::Registered),
    ("登记注册", Field::Registered),
    ("已登记", Field::Registered),
    ("registered", Field::Registered),
    ("上级工会", Field::LinkedBy),
    ("联系工会", Field::LinkedBy),
    ("所属工会", Field::LinkedBy),
    ("联系单位", Field::LinkedBy),
    ("linked_by", Field::LinkedBy),
    ("所在区县", Field::Area(0)),
    ("区县", Field::Area(0)),
    ("所在区", Field::Area(0)),
    ("所在街道", Field::Area(1)),
    ("街道", Field::Area(1)),
    ("乡镇街道", Field::Area(1)),
    ("所在社区", Field::Area(2)),
    ("社区", Field::Area(2)),
    ("村社区", Field::Area(2)),
    ("所在区域", Field::Area(3)),
    ("区域", Field::Area(3)),
    ("服务区域", Field::Area(3)),
    ("服务范围", Field::Area(3)),
    ("area", Field::Area(3)),
    ("areas_served", Field::Area(3)),
    ("地址", Field::Address),
    ("详细地址", Field::Address),
    ("address", Field::Address),
    ("经纬度", Field::Location),
    ("坐标", Field::Location),
    ("location", Field::Location),
    ("纬度", Field::Latitude),
    ("lat", Field::Latitude),
    ("经度", Field::Longitude),
    ("lon", Field::Longitude),
    ("面积", Field::FloorArea),
    ("建筑面积", Field::FloorArea),
    ("floor_area_m2", Field::FloorArea),
    ("开放时间", Field::Hours),
    ("服务时间", Field::Hours),
    ("营业时间", Field::Hours),
    ("活动时间", Field::Hours),
    ("hours", Field::Hours),
    ("schedule", Field::Hours),
    ("运营机构", Field::Operator),
    ("运营单位", Field::Operator),
    ("主办单位", Field::Operator),
    ("承办单位", Field::Operator),
    ("提供机构", Field::Operator),
    ("所属机构", Field::Operator),
    ("operator", Field::Operator),
    ("operators", Field::Operator),
    ("organization", Field::Operator),
    ("服务场所", Field::Venues),
    ("服务地点", Field::Venues),
    ("活动地点", Field::Venues),
    ("场所", Field::Venues),
    ("venues", Field::Venues),
    ("品牌", Field::Brand),
    ("所属品牌", Field::Brand),
    ("brand", Field::Brand),
    ("所属项目", Field::PartOf),
    ("part_of", Field::PartOf),
    ("创立年份", Field::Started),
    ("创建年份", Field::Started),
    ("started", Field::Started),
    ("线上", Field::Online),
    ("是否线上", Field::Online),
    ("online", Field::Online),
    ("服务分类", Field::Categories),
    ("分类", Field::Categories),
    ("类别", Field::Categories),
    ("categories", Field::Categories),
    ("服务人群", Field::Audiences),
    ("服务对象", Field::Audiences),
    ("适用人群", Field::Audiences),
    ("audiences", Field::Audiences),
    ("是否免费", Field::Free),
    ("免费", Field::Free),
    ("费用", Field::Cost),
    ("收费", Field::Cost),
    ("收费标准", Field::Cost),
    ("cost", Field::Cost),
    ("参加条件", Field::Eligibility),
    ("报名条件", Field::Eligibility),
    ("eligibility", Field::Eligibility),
    ("报名方式", Field::Apply),
    ("预约方式", Field::Apply),
    ("apply", Field::Apply),
    ("报名链接", Field::ApplyUrl),
    ("报名网址", Field::ApplyUrl),
    ("服务期", Field::Season),
    ("活动期间", Field::Season),
    ("起止日期", Field::Season),
    ("season", Field::Season),
    ("无障碍设施", Field::Accessibility),
    ("无障碍", Field::Accessibility),
    ("accessibility", Field::Accessibility),
    ("服务语言", Field::Languages),
    ("语言", Field::Languages),
    ("使用语言", Field::Languages),
    ("languages_spoken", Field::Languages),
    ("需要携带", Field::Documents),
    ("携带材料", Field::Documents),
    ("所需材料", Field::Documents),
    ("需带材料", Field::Documents),
    ("documents", Field::Documents),
    ("电话", Field::Phone),
    ("联系电话", Field::Phone),
    ("咨询电话", Field::Phone),
    ("报名电话", Field::Phone),
    ("phone", Field::Phone),
    ("邮箱", Field::Email),
    ("电子邮箱", Field::Email),
    ("email", Field::Email),
    ("微信", Field::Wechat),
    ("公众号", Field::Wechat),
    ("微信公众号", Field::Wechat),
    ("wechat", Field::Wechat),
    ("网站", Field::Website),
    ("网址", Field::Website),
    ("website", Field::Website),
    ("url", Field::Website),
    ("简介", Field::Description),
    ("介绍", Field::Description),
    ("说明", Field::Description),
    ("描述", Field::Description),
    ("description", Field::Description),
    ("核实日期", Field::Updated),
    ("更新日期", Field::Updated),
    ("核实时间", Field::Updated),
    ("updated", Field::Updated),
];

/// What the header text of a column says once its decoration is gone:
/// `名称*` → `名称`, `面积（平方米）` → `面积`, ` Name ` → `name`.
pub(crate) fn normalize(header: &str) -> String {
    let mut s: String = header
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*' && *c != '＊')
        .collect();
    for open in ['（', '('] {
        if let Some(i) = s.find(open) {
            s.truncate(i);
        }
    }
    s.to_lowercase()
}

/// Header → field, from the known headers and the mapping file.
pub(crate) struct Columns {
    extra: BTreeMap<String, Field>,
}

impl Columns {
    pub(crate) fn new() -> Columns {
        Columns {
            extra: BTreeMap::new(),
        }
    }

    /// Reads a mapping file: `表头: 字段` per line, the field a record field
    /// name (`contact.phone` and `phone` both work) or `ignore`.
    pub(crate) fn with_map(path: &Path) -> anyhow::Result<Columns> {
        let text =
            std::fs::read_to_string(path).with_context(|| t!("map-unreadable", file = path))?;
        let map: BTreeMap<String, String> =
            serde_yaml::from_str(&text).with_context(|| t!("map-not-yaml", file = path))?;
        let mut extra = BTreeMap::new();
        for (header, field) in map {
            let f = field_named(&field).with_context(|| {
                t!(
                    "map-unknown-field",
                    file = path,
                    header = header,
                    field = field,
                    fields = field_names().join(", ")
                )
            })?;
            extra.insert(normalize(&header), f);
        }
        Ok(Columns { extra })
    }

    /// The field of a column, `None` when the header is not known.
    pub(crate) fn field(&self, header: &str) -> Option<Field> {
        let h = normalize(header);
        if let Some(f) = self.extra.get(&h) {
            return Some(*f);
        }
        HEADERS.iter().find(|(k, _)| *k == h).map(|(_, f)| *f)
    }
}

/// A field by its record field name, as a mapping file writes it.
fn field_named(name: &str) -> Option<Field> {
    let name = name.trim().to_lowercase();
    let name = name.strip_prefix("contact.").unwrap_or(&name);
    if name == "ignore" {
        return Some(Field::Ignore);
    }
    if name == "apply.url" {
        return Some(Field::ApplyUrl);
    }
    let name = name.strip_prefix("apply.").unwrap_or(name);
    let name = if name == "note" { "apply" } else { name };
    HEADERS
        .iter()
        .find(|(k, _)| k.is_ascii() && *k == name)
        .map(|(_, f)| *f)
}

fn field_names() -> Vec<&'static str> {
    HEADERS
        .iter()
        .filter(|(k, _)| k.is_ascii())
        .map(|(k, _)| *k)
        .chain(["apply.url", "ignore"])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_read_without_their_decoration() {
        let c = Columns::new();
        assert_eq!(c.field("名称*"), Some(Field::Name));
        assert_eq!(c.field(" 面积（平方米）"), Some(Field::FloorArea));
        assert_eq!(c.field("Name"), Some(Field::Name));
        assert_eq!(c.field("所在社区"), Some(Field::Area(2)));
        assert_eq!(c.field("负责人"), None);
    }

    #[test]
    fn a_mapping_file_names_other_headers() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("map.yaml");
        std::fs::write(
            &path,
            "负责人电话: contact.phone\n备注: ignore\n报名: apply.url\n",
        )
        .expect("write");
        let c = Columns::with_map(&path).expect("map");
        assert_eq!(c.field("负责人电话"), Some(Field::Phone));
        assert_eq!(c.field("备注"), Some(Field::Ignore));
        assert_eq!(c.field("报名"), Some(Field::ApplyUrl));
        std::fs::write(&path, "负责人: boss\n").expect("write");
        let e = Columns::with_map(&path)
            .err()
            .expect("an unknown field is refused");
        assert!(format!("{e:#}").contains("`boss` is not a field"), "{e:#}");
    }

    #[test]
    fn sheet_names_say_the_collection() {
        assert_eq!(
            collection_named("社会组织名录"),
            Some(Collection::Organizations)
        );
        assert_eq!(collection_named("职工之家"), Some(Collection::Venues));
        assert_eq!(collection_named("服务项目"), Some(Collection::Services));
        assert_eq!(collection_named("品牌"), Some(Collection::Brands));
        assert_eq!(collection_named("Sheet1"), None);
    }
}
