## yizhan 的中文消息。这里的每条消息在 en.ftl 里也有，属性和变量相同（有测试检查）。
## 诊断的 id 就是它固定不变的 `code`；`.help` 说明怎样改。

## 诊断的标签与汇总

label-error = 错误
label-warning = 警告
label-help = 提示
summary = { $errors } 个错误，{ $warnings } 个警告

## src/config.rs: site.yaml

site-no-title = site.yaml 里没有 `title`（网站名称）
    .help = 请加一行，例如 `title: 兰州职工服务地图`
unknown-timezone = 不认识的时区 `{ $timezone }`
    .help = 请写 IANA 时区名，例如 `Asia/Shanghai`
bad-feedback = `feedback: { $text }` 不是电子邮箱、网址或电话号码
    .help = 写上读者报告信息有误的去处，例如 `feedback: jiucuo@example.org`、`feedback: https://example.org/jiucuo?id={ "{" }id{ "}" }` 或 `feedback: 0931-8123456`
page-size-zero = `page_size` 至少要是 1
    .help = 删掉这一行，就用默认值 50
bad-stale-after = `stale_after` 不是月数或年数
    .help = 例如写 `stale_after: 12`（月）、`18 个月` 或 `2 年`
unbuilt-language = 网站不能生成 `{ $other }` 版本
    .help = 网站用 `{ $language }`（`language:`）生成{ $language ->
        [zh-Hans] ，还可以加上 `zh-Hant`（转换成繁体中文）和 `en`（英文界面）
       *[other] {""}
    }；请把其他的从 `languages:` 里删掉
bad-traditional = `traditional: { $text }` 不是繁体中文的用字标准
    .help = 写 `traditional: taiwan`（台湾，默认）或 `traditional: hongkong`（香港）
site-no-base-url = site.yaml 里没有 `base_url`（网站地址）
    .help = 请写上网站将要发布的地址，例如 `base_url: https://example.org/`
bad-base-url = `base_url` 必须是完整的 http(s) 地址，不能是 `{ $url }`
    .help = 请写完整，例如 `https://example.org/`
unknown-datum = 不认识的坐标系「{ $value }」；可选：gcj02、wgs84、bd09
    .help = 请用 `gcj02`（高德、腾讯）、`wgs84`（GPS、OpenStreetMap）或 `bd09`（百度）
unknown-map-link = 不认识的地图「{ $value }」；可选：amap、osm、baidu、tencent
    .help = 请从 `amap`、`osm`、`baidu` 和 `tencent` 中选择
bad-term-id = `{ $id }` 不是有效的 { $field } id
    .help = id 只能用小写英文字母、数字和 `-`，例如 `mental-health`
bad-holiday = `{ $text }` 不是日期
    .help = 日期请写成 年-月-日，例如 2026-10-01

## src/areas.rs: areas.yaml

area-no-id = 地区没有 `id`
    .help = 请加上 `id:`，用拼音写，例如 `id: zhangyelu`
area-id-reserved = 地区 id `{ $id }` 已被地区页上的列表占用
    .help = 请换一个 id，例如 `{ $id }-area`
bad-area-id = `{ $id }` 不是有效的地区 id
    .help = id 只能用小写英文字母、数字和 `-`；可以试试 `{ $suggestion }`
area-no-name = 地区 `{ $id }` 没有 `name`（名称）
    .help = 请加上 `name:`，例如 `name: 张掖路街道`
unknown-area-kind = 不认识的地区级别 `{ $kind }`
    .help = 请从 city（市）、district（区）、county（县）、street（街道）、town（镇）、community（社区）、village（村）中选一个
duplicate-area = 地区 `{ $path }` 重复了
    .help = 同一个上级地区下的地区，id 不能相同

## src/yaml.rs, src/load.rs: reading YAML

unknown-field = 不认识的字段 `{ $name }`
    .help = 请对照内容格式说明（docs/content-format.md）检查拼写；不认识的字段会被忽略
type-mismatch = { $at ->
        [field] `{ $field }`：{""}
       *[top] {""}
    }这里应该写 { $expected ->
        [number] 数字
        [boolean] true 或 false
        [text] 文字
        [list] 列表，例如 `[a, b]`
        [map] 若干字段
       *[other] { $expected_name }
    }，现在写的是 { $found ->
        [text] `{ $value }`
        [number] 数字 `{ $value }`
        [boolean] `{ $value }`
        [list] 列表
        [map] 若干字段
        [nothing] 空值
       *[other] { $value }
    }
    .help = 这个字段该写什么，请看 docs/content-format.md
unknown-value = { $at ->
        [field] { $field }：{""}
       *[top] {""}
    }不认识的值 `{ $value }`，可选的值：{ $expected }
    .help = 这个字段该写什么，请看 docs/content-format.md
unclosed-quote = 从这里开始的引号 { $quote } 没有结束
    .help = 请在同一行用 { $quote } 结束这段文字
yaml-syntax = YAML 格式错误（{ $detail }）
    .help = 请检查这一行的缩进、冒号和引号（含有 `: ` 或以特殊符号开头的文字要加引号）
yaml-invalid = 这里的 YAML 有问题（{ $detail }）
    .help = 请修改这个位置的 YAML
unreadable-file = 无法读取文件：{ $error }
file-too-large = 文件有 { $size } MB，超过了内容文件的上限 { $limit } MB
    .help = 请拆成几条记录；图片、PDF 等大文件请放在 content/static/
not-a-regular-file = 这不是普通文件，而是{ $kind ->
        [fifo] 命名管道（FIFO）
        [device] 设备文件
        [socket] 套接字
        [folder] 文件夹
       *[other] 特殊文件
    }：只读取普通文件
    .help = 请换成普通文件，或者删除它
link-leaves-content = 这是指向 content/ 之外 { $target } 的符号链接
    .help = 请把文件复制到 content/ 里，不要链接：网站只由 content/ 里的文件生成
value-too-long = { $at ->
        [field] `{ $field }`
       *[top] 这个值
    }有 { $length } 个字，超过了上限 { $limit } 个字
    .help = 请缩短；只有 `description` 可以更长（以文件大小为限）
yaml-control-character = YAML 里不能有看不见的控制字符 { $code }
    .help = 请删除它（常随别处复制来的文字一起粘贴进来）；确实需要时，在双引号里写成转义，例如 "\u00A0"
markdown-too-deep = 正文里有 HTML 代码，而且这里的元素（引用、列表、HTML 标签）嵌套超过了 { $limit } 层
    .help = 请把打开的 HTML 标签一一关上；正文最多嵌套几层就够了
yaml-too-deep = 这里的列表和映射嵌套超过了 { $limit } 层
    .help = 记录的字段最多嵌套几层：请检查缩进和括号
yaml-too-many-aliases = 这个文件里的别名（`*名称`）重复了超过 { $limit } 个值
    .help = 请把值直接写出来，或者少用别名
site-yaml-missing = 缺少 site.yaml
    .help = 每个网站都需要 content/site.yaml，至少写上 `title:` 和 `base_url:`；`yizhan init` 会生成一个

## src/content: record files

removed-attribute = `<{ $tag }>` 上的 `{ $attribute }`
lost-character = 导入时丢失的字符仍标着 { $mark }{ $more ->
        [0] {""}
       *[other] （这个文件里还有 { $more } 处）
    }
    .help = 请把每个 〓 换成原文里的字
placeholder-left = `{ $field }` 还是 { $placeholder }，这是 `yizhan new` 写的占位文字
    .help = 请填上内容；这一行的注释写了该填什么
html-removed = { $what } 会从页面上去掉：网页代码里可能运行或改变样式的部分都会被清除
    .help = 请改用 Markdown 写，或者删掉；可信的网站可以在 site.yaml 里写 `unsafe_html: true` 保留网页代码
not-a-record = 忽略了这个文件：它不是记录
    .help = 记录文件是 `ID.yaml` 或 `ID.md`；其他文件请放到 content/static/
not-utf8 = 文件不是 UTF-8 文本（第 { $offset } 个字节有误）
    .help = 请把文件另存为 UTF-8 编码（大多数编辑器在“编码”选项里）
no-front-matter = Markdown 记录开头没有字段部分
    .help = 文件第一行写 `---`，接着写 YAML 字段，再写一行 `---`，然后是正文
unclosed-front-matter = 从这里开始的字段部分没有结束
    .help = 请在最后一个字段之后、正文之前加一行 `---`
bad-file-name = 文件名 `{ $stem }` 不是有效的 id
    .help = id 只能用小写英文字母、数字和 `-`（它会成为网页地址）；请把文件改名为 `{ $suggestion }.{ $extension }`

## src/model/check.rs, src/phone.rs: fields of records

did-you-mean = 是不是想写 `{ $id }`？
empty-field = `{ $field }` 是空的
    .help = 请填上，例如 `{ $field }: { $example }`
missing-field = 缺少必填字段 `{ $field }`
    .help = 请加一行 `{ $field }: { $example }`
unknown-reference = 找不到{ $what ->
        [organization] 机构
        [venue] 场所
        [brand] 品牌
        [service] 服务
       *[other] 记录
    } `{ $id }`
    .help = 请写 content/{ $folder }/ 里某个文件的 id（文件名去掉扩展名）
listed-twice = `{ $id }` 写了两次
    .help = 请删掉重复的那一项
unknown-term = 找不到{ $field ->
        [categories] 类别
        [audiences] 服务对象
       *[other] { $field }
    } `{ $id }`
    .help = 请在 content/site.yaml 的 `{ $field }:` 下定义它，或者用那里已有的
no-areas-file = 找不到地区 `{ $path }`：网站没有 content/areas.yaml
    .help = 请建立 content/areas.yaml，写上地区列表（见 docs/content-format.md）
unknown-area = 找不到地区 `{ $path }`
    .help = 请写 content/areas.yaml 里从上到下的完整 id 路径，用 `/` 连接，例如 `chengguan/zhangyelu/shanzishi`
bad-date = `{ $text }` 不是有效的日期
    .help = 日期请写成 年-月-日，例如 2024-08-06
hours-in-syntax = 用 opening_hours 格式写是 `{ $syntax }`
bad-website = 网址 `{ $website }` 不完整
    .help = 请以 https:// 开头
bad-phone = `{ $phone }` 无法拨打：{ $reason }
    .help = 请写手机号（13800000000）、带区号的座机（0931-8123456）、400 号码或服务号码（12345）；分机写成 `转 12`；多个号码用 `、` 分开
phone-extension = 分机号应写在号码后面，例如 `转 12`
phone-character = 电话号码里不能有 `{ $char }`
phone-no-digits = 没有数字
phone-area-code = 座机号码需要带区号，例如 `0931-8123456`
phone-mobile-length = 手机号是 11 位，这里是 { $count } 位
phone-digits = { $count } 位数字既不是手机号（11 位），也不是带区号的座机、400/800 号码或 12345 这样的服务号码

## src/hours/diagnose.rs: opening hours

-hours-invalid = 开放时间格式有误
-hours-general = 开放时间请用 OpenStreetMap 格式写，例如 `Mo-Fr 09:00-17:00; Sa 09:00-12:00`
-hours-time = 小时从 00 到 23，分钟从 00 到 59；跨过午夜的时段写成 `Fr 20:00-02:00` 这样
-hours-span = 请写出开始和结束时间，例如 `14:00-16:00`；没有结束时间就写 `14:00+`
hours-help-general = { -hours-general }
hours-help-minutes = 时间请用 24 小时制，写出小时和分钟，例如 `09:00-17:00`
hours-help-spans = 每个时段写成 开始-结束，例如 `09:00-17:00`，多个时段用 `,` 分开
hours-help-separate = 不同的规则用 `;` 分开，例如 `Mo-Fr 09:00-17:00; Sa 09:00-12:00`
hours-at-start = 在开头
hours-after = 在 `{ $word }` 之后
hours-empty = 开放时间是空的
    .help = { -hours-general }；或者删掉这个字段
hours-bad-time = { -hours-invalid }：`{ $time }` 不是有效的时间
    .help = { -hours-time }
hours-time-needs-end = { -hours-invalid }：时间需要有结束
    .help = { -hours-span }
hours-unsupported = { -hours-invalid }：不支持 { $what }
    .help = { -hours-general }
hours-out-of-range = { -hours-invalid }：{ $value } 超出范围（应在 { $start } 到 { $end } 之间）
    .help = { -hours-general }
hours-years-backwards = { -hours-invalid }：年份范围 `{ $start }-{ $end }` 前后颠倒了
    .help = 请先写较早的年份，例如 `2024-2026`
hours-weeks-backwards = { -hours-invalid }：周数范围 `{ $start }-{ $end }` 前后颠倒了
    .help = 请先写较早的周，例如 `week 01-10`
hours-unreadable = { -hours-invalid }：读不懂这些规则
    .help = { -hours-general }
hours-full-width-space = { -hours-invalid }：全角空格要换成普通空格
    .help = 请把输入法切换到英文状态再输入标点：`:` `-` `,` `;`，例如 `Mo-Fr 09:00-17:00; Sa 09:00-12:00`
hours-punctuation = { -hours-invalid }：`{ $char }` 要换成英文的 `{ $ascii }`
    .help = 请把输入法切换到英文状态再输入标点：`:` `-` `,` `;`，例如 `Mo-Fr 09:00-17:00; Sa 09:00-12:00`
hours-line-break = { -hours-invalid }：{ $context }换行了
    .help = 请全部写在一行，不同的规则用 `;` 分开，例如 `Mo-Fr 09:00-17:00; Sa 09:00-12:00`
hours-trailing-separator = { -hours-invalid }：最后的 `{ $sep }` 后面什么也没有
    .help = 请删掉末尾的 `{ $sep }`，或者在它后面再写一条规则
hours-extra-separator = { -hours-invalid }：{ $context }多了一个 `{ $sep }`
    .help = 请删掉多余的 `{ $sep }`；规则之间只用一个 `;` 分开，例如 `Mo-Fr 09:00-17:00; Sa 09:00-12:00`
hours-unclosed-note = { -hours-invalid }：引号里的备注没有结束
    .help = 请用第二个 `"` 结束备注，例如 `Mo 10:00-12:00 "预约"`
hours-english-word = { -hours-invalid }：`{ $word }` 不是 OpenStreetMap 格式
    .help = 请把 `{ $word }` 改成 `{ $fix }`；星期写作 Mo Tu We Th Fr Sa Su，月份写作 Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec，节假日写作 PH
hours-foreign-text = { -hours-invalid }：`{ $text }` 不是 OpenStreetMap 格式
    .help = 星期和时间请用英文缩写，例如 `Mo-Fr 09:00-17:00; Sa 09:00-12:00`（网站上会显示成中文）；其他说明请放在引号里，例如 `Mo 10:00-12:00 "预约"`
hours-24-7 = { -hours-invalid }：`24/7` 必须单独作为一条规则
    .help = 请单独写 `24/7`，或者配合星期、月份写 `00:00-24:00`，例如 `Jul-Aug Mo-Su 00:00-24:00`
hours-stray-space = { -hours-invalid }：{ $context }多了空格
    .help = 请删掉这个空格；范围内不要有空格，星期和时间之间只留一个空格，例如 `Mo-Fr 09:00-17:00`
hours-no-end-time = { -hours-invalid }：`{ $time }` 没有结束时间
    .help = { -hours-span }
hours-text-stops = { -hours-invalid }：文字{ $context }就结束了
hours-unexpected = { -hours-invalid }：{ $context }出现了意外的文字 `{ $text }`

## src/model: records

duplicate-id = { $what ->
        [organization] 机构
        [venue] 场所
        [brand] 品牌
        [service] 服务
        [news] 新闻
        [page] 页面
       *[other] { $what }
    } id `{ $id }` 重复了
    .help = `{ $other }` 用了同样的 id（即文件名）；请把其中一个文件改名
link-cycle = { $field ->
        [linked_by] 这几个机构互相挂靠，形成了循环
       *[other] 这几项服务互相 `part_of`，形成了循环
    }：{ $chain }
    .help = 请从其中一个里删掉 `{ $field }`
stale-record = { $count ->
        [1] 上次核实是在 { $day }，已超过 { $months } 个月：信息可能过时了
       *[other] 有 { $count } 条记录上次核实已超过 { $months } 个月，信息可能过时了；最早的是「{ $name }」，上次核实是在 { $day }
    }
    .help = 请向相关机构核实，然后把 `updated:` 改成核实的日期；`yizhan check --stale` 会按时间从早到晚列出它们
news-id-reserved = 新闻 id `{ $id }` 已被网站自己的 /news/{ $id }/ 页面占用
    .help = 请给文件改名，例如 `2024-08-06-{ $id }.md`
bad-news-date = `{ $text }` 不是有效的日期和时间
    .help = 例如写 `2024-08-06T13:45:00+08:00`、`2024-08-06 13:45` 或 `2024-08-06`
bad-source-url = `{ $url }` 不是完整的网址
    .help = 请以 https:// 开头
unknown-mention = 找不到提及的 `{ $id }`
    .help = 请写机构、场所、品牌或服务的 id
unknown-organization-kind = 不认识的机构类型 `{ $kind }`
    .help = 请从 social-organization（社会组织）、union（工会）、community（社区）、government（政府部门）、enterprise（企业）、other（其他）中选一个
links-itself = 机构不能挂靠自己
    .help = 请写挂靠的工会或机构
floor-area-not-positive = 面积 `{ $area }` 必须大于零
    .help = 请写平方米数，例如 `floor_area_m2: 120`
location-incomplete = 位置需要同时写 `lat`（纬度）和 `lon`（经度）
    .help = 例如写 `location: { "{" } lat: 36.0541, lon: 103.8587 { "}" }`
latitude-out-of-range = 纬度 { $lat } 超出范围（-90 到 90）
    .help = 请检查纬度和经度是否写反了；兰州大约在纬度 36.06、经度 103.83
longitude-out-of-range = 经度 { $lon } 超出范围（-180 到 180）
    .help = 请检查这个值；兰州大约在纬度 36.06、经度 103.83
brand-no-operator = 品牌至少需要一个运营机构
    .help = 请加上 `operators: [机构-id]`
implausible-year = `{ $year }` 不像是一个年份
    .help = 请写品牌创立的年份，例如 `started: 2022`
unknown-cost = 不认识的费用 `{ $cost }`
    .help = 请写 `cost: free`，或 `cost: { "{" } amount: 20, currency: CNY, note: "会员免费" { "}" }`
negative-amount = 金额 `{ $amount }` 是负数
    .help = 请写以元为单位的价格，例如 `amount: 20`
season-backwards = 开放季节的结束日期早于开始日期
    .help = `to:` 必须在 `from:` 当天或之后
season-incomplete = 开放季节需要同时写 `from` 和 `to`
    .help = 例如写 `season: { "{" } from: 2024-07-01, to: 2024-08-31 { "}" }`
closure-without-start = 临时闭馆需要写 `from:`，即第一天闭馆的日期
    .help = 例如写 `closed: [{ "{" } from: 2026-12-05, to: 2026-12-08, note: 场地维修 { "}" }]`；不写 `to:` 表示"恢复时间另行通知"
closure-backwards = 临时闭馆的结束日期早于开始日期
    .help = `to:` 必须在 `from:` 当天或之后（两天都算闭馆）
page-id-reserved = 页面 id `{ $id }` 已被网站自己的 /{ $id }/ 栏目占用
    .help = 请给文件改名，例如 `about-{ $id }.md`

## src/render: themes and templates

template-error = 模板有误：{ $detail }
template-missing-parent = `{ $current }` 继承了 `{ $parent }`，但这个主题里没有这个模板
    .help = 请检查 `{ "{" }% extends %{ "}" }` 里的名字；内置模板包括 base.html
template-extend-cycle = 模板互相继承，形成了循环：{ $chain }
template-include-cycle = 模板互相包含，形成了循环：{ $chain }
bad-theme-name = `{ $name }` 不是有效的主题名
    .help = 请写 themes/ 下某个文件夹的名字，例如 `theme: default`
theme-not-found = 找不到主题 `{ $name }`：没有文件夹 { $folder }
    .help = 请建立这个文件夹，放入要修改的模板；或者用 `theme: default`
unreadable-theme-folder = 无法读取主题文件夹：{ $error }
template-not-utf8 = 模板必须是 UTF-8 文本
theme-locale-not-utf8 = 语言文件必须是 UTF-8 文本
theme-locale-not-map = 语言文件必须是“名称: 文字”的对应表
    .help = 请一行写一个 `名称: 文字`，例如 `hours: 开放时间`
theme-locale-yaml = 这个语言文件不是有效的 YAML：{ $error }

## src/cli: check and build

check-ok = 很好：没有发现问题

## src/cli: what the commands print

label-note = 注意
init-created = 已在 { $dir } 建好新网站（{ $files } 个文件）。
init-next = 下一步：cd { $dir } && yizhan build
watching = 正在关注 { $dir } 的改动（按 Ctrl-C 停止）
serving = 网站预览地址：{ $url }（按 Ctrl-C 停止）
stopping = 正在停止：删除预览生成的文件（网站大时要几秒钟；再按一次 Ctrl-C 会留下这些文件直接退出）……
stopped = 已停止。
serve-exposed = 注意：预览对其他设备开放（监听 { $at }，不只是本机）：能访问这个地址的人都能看到预览，包括还没发布的内容。除非确有需要，请使用默认的 --bind 127.0.0.1。
exported = 已导出 { $files } 个文件到 { $dir }，用时 { $millis } 毫秒{ $note }
wrote = 已写入 { $file }
schema-vscode = VS Code 的 YAML 插件通过 .vscode/settings.json 找到它们（`yizhan init` 会写这个文件）：
new-created = 已新建 { $file }
stale-fix-first = { $summary }；请先改正这些问题
stale-count = 有 { $count } 条记录上次核实已超过 { $months } 个月
built = 已生成 { $pages } 个页面（{ $files } 个文件）到 { $dir }，用时 { $millis } 毫秒{ $note }
built-changes = 已重新生成 { $pages } 个页面中的 { $rendered } 个，改动了 { $files } 个文件，输出到 { $dir }，用时 { $millis } 毫秒{ $note }
write-failed = { $what ->
        [build] 生成
       *[other] 导出
    }失败：{ $summary }；{ $dir } 保持不变
written-with-warnings = （{ $summary }）
rendered = 已重新生成 { $pages } 个页面，用时 { $millis } 毫秒
serve-failed = 生成失败：{ $summary }；继续显示上一次成功生成的网站
no-browser = 注意：无法打开浏览器；请自己打开 { $url }

## src/cli/import.rs: import reports

cannot-read = 无法读取 { $file }
cannot-create = 无法创建 { $file }
cannot-write = 无法写入 { $file }
app-icon-failed = 无法由 favicon.svg 画出应用图标
app-icon-not-svg = favicon.svg 不是 SVG 图像：{ $error }
app-icon-not-png = 无法把应用图标存为 PNG：{ $error }
article-exists = { $file } 已经存在；要覆盖它，请加上 --force
article-found = 找到了：
article-blocks = { $paragraphs } 个段落，{ $headings } 个小标题：{ $titles }
article-dropped = 去掉了：
article-problems = 有 { $count } 处需要手工改正；它们在记录里标成了 { $mark }
rows-skipped = 有 { $count } 行没有导入（原因见上面的错误）
objects-skipped = 有 { $count } 项没有导入（原因见上面的错误）
table-not-read = 注意：{ $why }；没有读取
tables-read = 读取了：{ $tables }
outcome-new = 新建
outcome-updated = 更新
outcome-unchanged = 未变
outcome-exists = 已有
records-exist = 有 { $count } 条记录网站里已经有了；要修改它们，请加上 --update
site-has-errors = 注意：网站的其他文件本身有 { $count } 个错误；`yizhan check` 会列出它们
import-refused = 什么也没有写入：上面的记录通不过 `yizhan check`
dry-run = 试运行：什么也没有写入
import-wrote = 已把记录写入 { $dir }
nothing-to-write = 没有需要写入的内容

## src/import: what an import could not use

import-ambiguous-name = 有好几条记录叫这个名字（{ $ids }）；请改写 id
import-ambiguous-area = 有好几个地区叫这个名字（{ $areas }）；请从区县开始写地名
import-no-such-area = areas.yaml 里没有这个地区：请先在那里加上，或者写一个那里已有的名字
import-no-such-term = 网站没有这一项；site.yaml 里列出的是：{ $count ->
        [0] 无
       *[other] { $terms }
    }

## src/import/hsds: HSDS packages

hsds-bad-position = 纬度 { $lat }、经度 { $lon } 不是地球上的位置；没有导入这个位置
hsds-not-zip = { $file } 不是 zip 文件（或者已经损坏）
hsds-zip-entry = 无法读取 { $file } 里的第 { $entry } 项
hsds-zip-name = { $file } 里第 { $entry } 项的名字不是文字
hsds-zip-too-big = { $file } 解压后超过 2 GB；请先解压，再导入解压后的文件夹
hsds-zip-unpack = 无法从 { $file } 解压 { $name }
hsds-not-package = { $file } 不是 HSDS 数据包：请给出一个文件夹、.zip 或 .json 文件
hsds-no-files = { $file } 里没有 .json 或 .csv 文件
hsds-link-missing = `{ $key }` { $target } 指向的{ $what ->
        [organization] 机构
        [location] 地点
        [program] 项目
        [service] 服务
       *[other] 对象
    }不在数据包里；没有导入这个关联
hsds-not-venue = 类型为 { $kind } 的地点不是场所；没有导入
hsds-no-name = 这一项没有名称；没有导入
hsds-no-area = 在 areas.yaml 里找不到这个地点所在的地区（根据 yizhan_area、地址或区域查找）；没有导入：可以用 --area 把这类场所放到一个地区里
hsds-operator-missing = `yizhan_operators` { $uuid } 指向的机构不在数据包里；没有导入
hsds-service-no-organization = 服务需要所属机构（`organization_id`）；没有导入
hsds-part-of-missing = `yizhan_part_of` { $parent } 指向的服务不在数据包里；没有导入
hsds-location-missing = 这项服务所在的地点 { $location } 在数据包里不是场所；没有导入这个关联
hsds-schedules-unread = 无法把时间表读成开放时间（{ $why }）；已作为注释保留在文件里
hsds-terms-missing = { $terms } 不在 site.yaml 的 { $which } 里；没有导入
hsds-nothing = { $file } 里没有任何 HSDS 格式的机构、地点、项目或服务
import-site-broken = content/site.yaml 缺失或有错误；请先运行 `yizhan check` 并改正
import-no-area-path = --area { $area }：areas.yaml 里没有这个地区路径

## src/import/hsds: schedules and tables

schedule-not-weekly = { $freq } 类型的时间表无法写成每周的开放时间
schedule-by-date = 按每月或每年的日期安排的时间表无法写成每周的开放时间
schedule-empty = 时间表里没有写星期和时间
schedule-invalid = 读成了 `{ $text }`，但它无效：{ $why }
schedule-bad-time = `{ $text }` 不是一天中的时间
schedule-bad-day = `{ $text }` 不是星期几
schedule-no-day = 每周的时间表里没有写星期几
hsds-not-table = 不是 yizhan 会导入的表
hsds-not-csv = 不是 CSV 文件：{ $error }
hsds-not-csv-row = 这一行不是有效的 CSV
hsds-not-object = 不是 yizhan 会导入的对象

## src/import/article: news stories

article-breadcrumb = 第 { $line } 行：网站导航 `{ $text }`
article-no-date = 没有找到日期行（例如 `2024年08月06日13:45  来源：工人日报`）；请手工加上 `date:`
article-no-title = 没有找到标题；请手工加上 `title:`
article-editors = 第 { $line } 行：编辑署名 `{ $text }`（已移到 `editors:`）
article-place-names = 第 { $line } 行：一行 { $count } 个不相关的地名
article-garbled = 丢失或乱码的字符 `{ $text }`（已换成 { $mark }）：请恢复原文
article-no-converter = 无法加载繁体转简体的转换器：{ $error }
import-no-stage = 无法建立检查导入内容用的文件夹
cannot-copy = 无法复制 { $file }

## src/import/table: spreadsheets

table-not-spreadsheet = { $file } 不是 yizhan 能读的表格：请另存为 .xlsx、.xls、.ods 或 .csv
table-unreadable = 无法把 { $file } 当作表格读取（文件是否损坏，或者其实是别的格式？）
table-xls-damaged = { $file } 是损坏的 .xls 文件，没有读取；请用 Excel 或 WPS 打开后重新保存
table-xls-too-large = { $file } 的工作表声称或占用共 { $cells } 格，超过可读取的 { $max } 格上限，没有读取；若表格确实这么大，请拆成几个文件；若不是，请用 Excel 或 WPS 打开后重新保存
table-sheet-unreadable = 无法读取 { $file } 里的工作表 `{ $sheet }`
table-too-large = { $file } 的工作表 `{ $sheet }` 太大：填了的格子相隔太远，读进来会超过 { $max } 格
table-csv-row = { $file }：第 { $row } 行无法按 CSV 读取
table-encoding = 文件既不是 UTF-8 也不是 GBK 文本：请在表格软件里另存为“CSV UTF-8”
table-no-header = { $file } 里没有一张表的表头含有认识的列（名称、地址、电话……）
table-unknown-header = 没有字段对应这个表头；这一列不会导入（可以在 --map 文件里指定）
table-unknown-kind = 看不出这张表列的是什么；请把工作表命名为 机构、场所、品牌 或 服务，或者加上 --kind
map-unreadable = 无法读取对应文件 { $file }
map-not-yaml = { $file }：对应文件每行写 `表头: 字段`，例如 `负责人电话: phone`
map-unknown-field = { $file }：`{ $header }: { $field }`：`{ $field }` 不是字段；可用的有 { $fields }
cell-not-date = `{ $text }` 不是日期；请写成 2024-08-06 这样
cell-not-two-dates = `{ $text }` 不是两个日期；请写成 2024-07-01至2024-08-31 这样
cell-season-backwards = 开放季节的结束日期（{ $to }）早于开始日期（{ $from }）
cell-not-number = `{ $text }` 不是数字
cell-not-coordinates = `{ $text }` 不是两个数字（经度、纬度）
cell-no-latitude = `{ $text }`：两个数字都不是纬度（−90 到 90）
cell-not-organization-kind = `{ $text }` 不是机构类型：请写 社会组织、工会、社区、政府、企业 或 其他

## src/import/table: rows and cells

table-no-field = { $what ->
        [organizations] 机构
        [venues] 场所
        [brands] 品牌
       *[services] 服务
    }没有对应这一列的字段；这一列不会导入
table-second-column = 又一列对应同一个字段；这一列不会导入
table-row-no-name = 这一行没有名称；没有导入
table-same-name = 和第 { $row } 行的名称相同；这一行没有导入
table-bad-id = `{ $id }` 不是 id（只能用小写字母、数字和 `-`）；改用名称生成 id
table-service-organization-not-found = 找不到这项服务的所属机构（见上面）；这一行没有导入
table-service-no-organization = 服务需要所属机构（运营机构）；这一行没有导入
cell-not-year = `{ $text }` 不是年份
cell-floor-area = 面积 `{ $text }` 必须大于 0
cell-hours-unread = 读不懂开放时间（{ $why }）；已作为注释保留在文件里，请改写
cell-no-such-record = 没有名叫 `{ $name }` 的{ $what ->
        [organization] 机构
        [venue] 场所
        [brand] 品牌
       *[service] 服务
    }{ $has_hint ->
        [no] {""}
       *[other] ：{ $hint }
    }
cell-not-imported = { $why }；这一格没有导入
cell-area-not-imported = `{ $text }`：{ $why }；没有导入地区
cell-term-not-imported = `{ $text }`：{ $why }；没有导入

## src/hours/words.rs: hours written in words

words-unreadable = 无法把 `{ $text }` 读成星期或时间
words-no-end = 时间 { $time } 没有结束
words-span-start = 一段日子必须从星期几开始
words-lone-range = `-` 或“至”前面什么也没有
words-empty = 里面没有星期或时间

## src/scaffold: init and new

init-site-exists = { $dir } 里已经有网站了（content/site.yaml 已存在）
new-not-a-site = { $dir } 不是 yizhan 网站（没有 content/site.yaml）；请先运行 `yizhan init`，或者用 --root 指定网站文件夹
new-empty-name = 名称是空的
new-bad-id = `{ $id }` 不是有效的 id：只能用小写英文字母、数字和 `-`
new-exists = { $file } 已经存在；请用 --id 换一个 id
new-fill-area = 请先填上 `area`（例如 `{ $example }`），`check` 才能通过
new-fill-field = 请先填上 `{ $field }`，`check` 才能通过
new-no-areas = 网站没有 content/areas.yaml；请先加上地区列表
new-areas-empty = content/areas.yaml 里没有地区

## src/serve: the serve log and the browser overlay

build-failed = 生成失败
overlay-heading = 生成失败：{ $summary }（页面上显示的是上一次成功生成的版本）
overlay-close = 关闭
overlay-label = yizhan 生成错误
port-in-use = 无法在 { $at } 上监听：这个端口已被占用
    {"  "}提示：请停掉另一个服务器，或者换一个端口，例如 `yizhan serve --port { $port }`
port-denied = 无法在 { $at } 上监听：没有权限
    {"  "}提示：1024 以下的端口需要特殊权限；请用例如 `--port 1111`
no-such-address = 无法在 { $at } 上监听：这台电脑没有这个地址
    {"  "}提示：请用 `--bind 127.0.0.1`（只有本机能访问）或 `--bind 0.0.0.0`（所有网络都能访问）
cannot-listen = 无法在 { $at } 上监听：{ $error }

## src/serve: starting and stopping

serve-no-signals = 无法启动信号处理
serve-socket = 无法设置监听端口
serve-address = 无法读取监听地址
serve-folder = 无法建立存放预览网站的文件夹
serve-http = 无法启动 HTTP 服务器

## src/export.rs, src/watch.rs, src/render: writing

export-foreign-file = 里面有 `{ $name }`，这不是导出会写的文件
export-foreign-index = 里面的 index.json 不是导出写的
export-not-replaceable = { $dir } 不是空文件夹，也不是以前 `yizhan export { $part }` 导出的（{ $why }）；请选一个空的或新的文件夹，或者加上 --force 替换里面的全部内容
watch-failed = 无法开始关注文件的改动
cannot-watch = 无法关注 { $file }
same-page-path = 两个页面会写到同一个地址 /{ $path }：{ $first } 和 { $second }；请给其中一个改名
vanished-while-building = 生成网站时 { $file } 被删除或改名了；请重新生成

## src/render/pages.rs: pages named in messages

page-of-file = { $file } 的页面
page-of-area = 地区 `{ $path }` 的页面
page-data-file = 数据文件 { $file }
page-generated = 自动生成的页面 { $page }

## src/serve/http.rs: a page the site does not have

page-not-found = 找不到这个页面

## src/hours/words.rs, src/export.rs: more

words-closed-with-hours = 写了“休息”却又写了时间
words-closed-no-days = 写了“休息”却没写哪几天
words-no-hours = { $has_days ->
        [no] 这几天
       *[other] { $days }
    }没有写时间
not-a-folder = { $dir } 是文件，不是文件夹

## src/output, src/engine: the output folder

output-holds-site = 输出文件夹 { $dir } 包含了网站本身；请选一个像 `public` 这样的文件夹
output-inside-site = 输出文件夹 { $dir } 在网站的 { $folder }/ 文件夹里面；请选一个像 `public` 这样的文件夹
output-foreign = { $dir } 里有不是 yizhan 生成网站时写入的文件（例如 `{ $name }`），而生成网站会替换整个文件夹；请选一个空的或新的文件夹，或者加上 --force 替换它（其中以点开头的文件和 CNAME 会保留）
output-outside = 不能写到输出文件夹以外：{ $path }
cannot-remove = 无法删除 { $file }
cannot-list-output = 无法列出输出文件夹里的文件
cannot-keep = 无法保留 { $file }
cannot-read-spill = 无法读回暂存在临时文件里的正文（{ $error }）；请检查系统临时文件夹所在的磁盘，然后重新生成
cannot-move-aside = 无法把原来的 { $dir } 移开
cannot-move-site = 无法把新生成的网站移到 { $dir }
cannot-move-into-place = 无法把新的 { $file } 放到位
render-thread-panicked = 一个生成页面的线程意外中止了
not-below = { $path } 不在 { $prefix } 下面
collection-by-parts = 这一类记录的数据是分段生成的
table-by-parts = 这张数据表是分段生成的
record-no-folder = 记录文件应该在一个文件夹里
opencc-table = 加载 OpenCC 转换表 { $table } 时出错

## src/render: making pages and files

site-view-failed = 无法准备网站的模板数据：{ $error }
strings-failed = 无法准备主题的界面文字：{ $error }
page-build-failed = 无法生成页面 /{ $path }
page-prepare-failed = 无法准备页面 /{ $path } 的数据：{ $error }
page-render-failed = 无法用模板 { $template } 生成 /{ $path }
component-render-failed = 无法用主题的 { $name } 组件（components.html）画出页面的这一部分
page-view-failed = 无法准备页面的模板数据：{ $error }
data-file-no-view = { $page } 是数据文件，没有页面
cannot-make-write = 无法生成并写入 { $file }
not-a-data-file = 不是数据文件
jsonld-failed = 无法写出页面的 JSON-LD：{ $error }
feed-failed = 无法写出 Atom 订阅源
feed-not-utf8 = Atom 订阅源不是 UTF-8 编码

## src/search: the search index

search-index-failed = 无法生成搜索索引
search-update-failed = 无法更新搜索索引
index-thread-failed = 一个生成搜索索引的线程失败了
search-no-slot = 有一个搜索文档没有分到位置
search-not-made = 有一个搜索文档没有生成
search-index-full = 搜索索引最多只能容纳 { $max } 个文档
search-not-following = 搜索索引生成时没有准备跟随改动

