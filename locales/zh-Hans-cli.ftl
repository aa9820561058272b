## The command help of yizhan in Simplified Chinese: the rest of zh-Hans.ftl,
## kept apart for its length. Every message is also in en-cli.ftl.

## src/cli/help.rs: command help (the English is the doc comments; a test checks)

cli = 为公共服务名录生成可搜索的静态网站
cli--root = 网站文件夹（里面有 content/ 的那个）
cli--lang = 消息的语言：zh（中文）或 en（英文）。默认依次看 YIZHAN_LANG、网站的 `language`、系统的语言设置
cli-init = 新建一个网站，带一个最简单的 content/ 文件夹
cli-init--dir = 在哪里建网站（默认：当前文件夹）
cli-build = 检查内容，并把网站生成到输出文件夹
cli-build--output = 输出文件夹，相对于网站文件夹
cli-build--base-url = 代替 site.yaml 里的 base_url（例如用于预览网址）
cli-build--watch = 持续关注 content/ 和 themes/，有改动就重新生成。每次只重做改动涉及的部分，先把改过的文件写在输出文件夹旁边，再一起移进去，所以生成失败时 public/ 保持原样
cli-build--force = 即使输出文件夹里有不是生成出来的文件，也整个替换（以点开头的文件如 .git，以及 CNAME，仍会保留）
cli-serve = 把网站生成到一个专用文件夹并在本机预览，每次改动后自动重新生成并刷新页面
cli-serve--port = 监听的端口
cli-serve--bind = 监听的地址；0.0.0.0 可以让其他设备（例如手机）访问
cli-serve--open = 用默认浏览器打开网站
cli-check = 只检查内容，不写任何文件。有错误时退出码为 1
cli-check--format = 问题的显示格式
cli-check--format-github = GitHub Actions（以及 Gitea、Forgejo）能读懂的工作流命令，问题会作为批注显示在改动的行上
cli-check--stale = 列出上次核实早于 `stale_after`（site.yaml，默认 12 个月）的记录，最早的在前
cli-export = 单独导出网站的开放数据，不含页面：和生成网站时写在 hsds/ 或 data/ 下的文件相同
cli-export-hsds = HSDS 3.0 数据：JSON 文件和表格数据包（docs/hsds.md）。内容有错误时退出码为 1
cli-export-hsds--to = 要写入的文件夹，相对于网站文件夹（默认：hsds 或 data）。它会被整个替换，必须不存在、是空的，或者是以前同类导出的结果
cli-export-hsds--base-url = 代替 site.yaml 里的 base_url（id 和地址都由它得出）
cli-export-hsds--force = 即使文件夹里有其他文件也替换
cli-export-json = 把每条记录导出成 JSON，供其他程序使用（docs/json.md）。内容有错误时退出码为 1
cli-export-json--to = 要写入的文件夹，相对于网站文件夹（默认：hsds 或 data）。它会被整个替换，必须不存在、是空的，或者是以前同类导出的结果
cli-export-json--base-url = 代替 site.yaml 里的 base_url（id 和地址都由它得出）
cli-export-json--force = 即使文件夹里有其他文件也替换
cli-import = 把外来的材料变成记录
cli-import-article = 从新闻网站复制下来的纯文本新闻稿
cli-import-article--file = 文本文件
cli-import-article--to = 记录存放的文件夹，相对于网站文件夹
cli-import-article--simplified = 把文字转换成简体中文
cli-import-article--force = 覆盖同一 id 的已有记录
cli-import-table = 表格文件（.xlsx、.xls、.ods、.csv）：每行一条记录，每张工作表一类（工作表名为 机构、场所、品牌 或 服务）或者按 --kind 指定。常用的中文表头（名称、地址、电话、开放时间、运营机构……）不需要另外对应。只要有一条记录通不过 `check`，就什么也不写
cli-import-table--file = 表格文件
cli-import-table--kind = 所有工作表都导入到哪一类
cli-import-table--map = 指定其他表头对应字段的 YAML 文件：每行写 `表头: 字段`
cli-import-table--dry-run = 只报告会写入什么，不写任何文件
cli-import-table--update = 修改已有的记录：只改表格里有对应列的字段
cli-import-hsds = Open Referral HSDS 数据（文件夹、.zip 或 .json）：数据接口提供的 3.x JSON、3.x 表格数据包，或 1.x/2.x 的 CSV 数据包。机构、地点（作为场所）、项目（作为品牌）和服务会变成记录。只要有一条记录通不过 `check`，就什么也不写
cli-import-hsds--path = 数据包
cli-import-hsds--area = 地址里找不到所在地区的场所，放到这个地区路径下（例如 chengguan）
cli-import-hsds--dry-run = 只报告会写入什么，不写任何文件
cli-import-hsds--update = 修改已有的记录：只改数据包里有的字段
cli-schema = 写出 site.yaml、areas.yaml 和各类记录的 JSON Schema，供编辑器的 YAML 工具使用（输入时自动补全、显示字段说明、标出错误）。`init` 也会写出它们
cli-schema--to = 文件夹，相对于网站文件夹
cli-new = 新建一条记录，用拼音生成 id，并写好必填字段
cli-new--kind = 要新建什么
cli-new--name = 记录的名称（或标题），例如 时间管理训练营
cli-new--id = 用这个 id，而不用名称的拼音
cli-usage = 用法：
cli-commands = 命令
cli-options = 选项
cli-arguments = 参数
cli-help-flag = 显示帮助
cli-version-flag = 显示版本

## src/cli/help.rs: clap's own words

cli-default = （默认：{ $value }）
cli-choices = （可选：{ $values }）

## src/cli/help.rs: the help command

cli-help-command = 显示这份说明，或者指定命令的说明

## src/cli/help.rs: the help command's argument

cli-command-name = 命令

## src/cli/help.rs: mistakes on the command line

cli-error-argument = 不认识的参数 `{ $arg }`
cli-error-command = 不认识的命令 `{ $command }`
cli-error-value = `{ $arg }` 的值 `{ $value }` 无效{ $has_choices ->
        [no] {""}
       *[other] （可选：{ $choices }）
    }
cli-error-missing = 缺少必需的参数：{ $args }
cli-error-more = 要查看说明，请加上 --help。

## src/cli/help.rs: the choices of an argument, described (`--help`)

cli-values = 可选的值：

## src/cli/help.rs: value names in usage lines (clap makes the English ones from the argument ids)

cli-value-root = 文件夹
cli-value-lang = 语言
cli-value-output = 文件夹
cli-value-base_url = 网址
cli-value-port = 端口
cli-value-bind = 地址
cli-value-format = 格式
cli-value-dir = 文件夹
cli-value-to = 文件夹
cli-value-kind = 类别
cli-value-name = 名称
cli-value-file = 文件
cli-value-map = 文件
cli-value-path = 路径
cli-value-area = 地区路径
