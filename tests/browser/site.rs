//! The site the search tests run on, and serving it.

use yizhan::serve::{Reporter, Server};

use crate::common::TestSite;

pub(crate) struct Quiet;

impl Reporter for Quiet {
    fn rebuilt(&self, _: usize, _: u128, _: &str) {}
    fn failed(&self, text: &str, _: &str) {
        panic!("the test site does not build: {text}");
    }
}

pub(crate) const SITE: &str = "title: 测试站
base_url: https://example.org/
timezone: Asia/Shanghai
map: { datum: wgs84 }
categories:
  mental-health: { name: 心理健康 }
  childcare: { name: 托管与亲子 }
audiences:
  parents: { name: 职工家长 }
  women-workers: { name: 女职工 }
synonyms:
  带娃: [亲子, 托管]
holidays: [2026-10-01, 2026-10-02]
";

pub(crate) const AREAS: &str = "- id: chengguan
  name: 城关区
  kind: district
  children:
    - id: zhangyelu
      name: 张掖路街道
      kind: street
      children:
        - { id: shanzishi, name: 山子石社区, kind: community }
        - { id: jintaxiang, name: 金塔巷社区, kind: community }
- id: qilihe
  name: 七里河区
  kind: district
  children:
    - id: xihu
      name: 西湖街道
      kind: street
      children:
        - { id: xiaoxihu, name: 小西湖社区, kind: community }
";

/// Where the tests stand: 200 m south of 小草驿站.
pub(crate) const HERE: (f64, f64) = (36.058_2, 103.83);
/// 西湖职工之家 is written in GCJ-02.
pub(crate) const XIHU_GCJ: (f64, f64) = (36.062, 103.785);

pub(crate) fn test_site() -> TestSite {
    let site = TestSite::new();
    site.write("content/site.yaml", SITE);
    site.write("content/areas.yaml", AREAS);
    site.write(
        "content/venues/xiaocao-zhan.yaml",
        "name: 小草驿站\narea: chengguan/zhangyelu/shanzishi\noperator: xiaocao\n\
         location: { lat: 36.0600, lon: 103.8300 }\nhours: \"Mo-Fr 09:00-17:00; PH off\"\n\
         contact: { phone: \"0931-1000001\" }\n",
    );
    site.write(
        "content/venues/yewan-shuwu.yaml",
        "name: 職工夜晚書屋\narea: chengguan/zhangyelu/jintaxiang\n\
         location: { lat: 36.0650, lon: 103.8300 }\nhours: \"Mo-Fr 20:00-02:00\"\n\
         contact: { phone: \"0931-1000002\" }\n",
    );
    site.write(
        "content/venues/xihu-zhijia.yaml",
        &format!(
            "name: 西湖职工之家\narea: qilihe/xihu/xiaoxihu\n\
             location: {{ lat: {}, lon: {}, datum: gcj02 }}\nhours: \"24/7\"\n",
            XIHU_GCJ.0, XIHU_GCJ.1
        ),
    );
    site.write(
        "content/venues/zhoumo-huodongshi.yaml",
        "name: 周末活动室\narea: chengguan/zhangyelu\nhours: \"Sa,Su 10:00-16:00\"\n",
    );
    site.write(
        "content/services/qinzi-tuoguan.md",
        "---\nname: 亲子托管班\norganization: xiaocao\nvenues: [xiaocao-zhan]\n\
         categories: [childcare]\naudiences: [parents]\ncost: free\n\
         schedule: \"Mo-Fr 16:00-18:30\"\napply: { phone: \"0931-1000003\" }\n---\n\n放学后的孩子由社工照看。\n",
    );
    site.write(
        "content/services/xinli-zixun.md",
        "---\nname: 心理咨询\nname_en: Counselling\norganization: xiaocao\nvenues: [yewan-shuwu]\n\
         categories: [mental-health]\naudiences: [women-workers]\n\
         cost: { amount: 20, currency: CNY }\nschedule: \"Tu,Th 18:30-20:30\"\n---\n\n一对一谈话，缓解压力。\n",
    );
    site.write(
        "content/services/shuqi-tuoguan.md",
        "---\nname: 暑期托管营\norganization: xiaocao\nvenues: [xiaocao-zhan]\n\
         categories: [childcare]\naudiences: [parents]\ncost: free\n\
         schedule: \"Mo-Fr 08:00-12:00\"\nseason: { from: 2026-07-01, to: 2026-08-31 }\n---\n\n暑假里的托管。\n",
    );
    site
}

pub(crate) fn start_server(site: &TestSite) -> Server {
    crate::common::serving::start_with(site, Quiet)
}

pub(crate) const ORG: &str = "兰州小草爱心社会工作服务中心";
