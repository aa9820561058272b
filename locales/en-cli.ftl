## The command help of yizhan in English: the rest of en.ftl,
## kept apart for its length. Every message is also in zh-Hans-cli.ftl.

## src/cli/help.rs: command help (the English is the doc comments; a test checks)

cli = A static site generator for public service directories
cli--root = The site folder (the one holding content/)
cli--lang = The language of messages: zh (Chinese) or en (English). Default: YIZHAN_LANG, else the site's `language`, else the locale
cli-init = Create a new site with a minimal content/ folder
cli-init--dir = Where to create the site (default: the current folder)
cli-build = Check the content and write the site to the output folder
cli-build--output = Output folder, relative to the site folder
cli-build--base-url = Override base_url from site.yaml (e.g. for a preview host)
cli-build--watch = Keep watching content/ and themes/ and rebuild on change. Each rebuild redoes only what the change reaches and writes the changed files beside the output first, then moves them in together, so a failed rebuild leaves public/ as it was
cli-build--force = Replace an output folder that holds files a build did not write (its dot-files, such as .git, and CNAME are kept anyway)
cli-serve = Build the site into a private folder, serve it, and rebuild and reload on every change
cli-serve--port = Port to listen on
cli-serve--bind = Address to listen on; 0.0.0.0 lets other devices (e.g. a phone) connect
cli-serve--open = Open the site in the default browser
cli-check = Check the content without writing anything. Exits 1 on errors
cli-check--format = How to print problems
cli-check--format-github = Workflow commands that GitHub Actions (and Gitea, Forgejo) show as annotations on the changed lines
cli-check--stale = List the records last verified longer ago than `stale_after` (site.yaml, default 12 months), oldest first
cli-export = Write the open data of the site on its own, without its pages: the same files a build writes under hsds/ or data/
cli-export-hsds = The HSDS 3.0 feed: JSON files and the tabular data package (docs/hsds.md). Exits 1 on content errors
cli-export-hsds--to = The folder to write, relative to the site folder (default: hsds or data). It is replaced whole, and must be missing, empty or a previous export of the same kind
cli-export-hsds--base-url = Override base_url from site.yaml (ids and addresses derive from it)
cli-export-hsds--force = Replace the folder even when it holds other files
cli-export-json = Every record as JSON for other programs (docs/json.md). Exits 1 on content errors
cli-export-json--to = The folder to write, relative to the site folder (default: hsds or data). It is replaced whole, and must be missing, empty or a previous export of the same kind
cli-export-json--base-url = Override base_url from site.yaml (ids and addresses derive from it)
cli-export-json--force = Replace the folder even when it holds other files
cli-import = Turn outside material into records
cli-import-article = A news article copied as plain text from a news site
cli-import-article--file = The text file
cli-import-article--to = Folder for the record, relative to the site folder
cli-import-article--simplified = Convert the text to Simplified Chinese
cli-import-article--force = Overwrite an existing record of the same id
cli-import-table = A spreadsheet (.xlsx, .xls, .ods, .csv): one record per row, one collection per sheet (named 机构, 场所, 品牌 or 服务) or per --kind. Known Chinese headers (名称, 地址, 电话, 开放时间, 运营机构, …) need no mapping. Nothing is written if a record would not pass `check`
cli-import-table--file = The spreadsheet file
cli-import-table--kind = The collection every sheet fills
cli-import-table--map = A YAML file naming other headers: `表头: 字段` per line
cli-import-table--dry-run = Report what would be written, and write nothing
cli-import-table--update = Change existing records: only the fields the sheet has columns for
cli-import-hsds = Open Referral HSDS data (a folder, .zip or .json): 3.x JSON as feeds serve it, a 3.x tabular datapackage, or a 1.x/2.x CSV one. Organizations, locations (as venues), programs (as brands) and services become records. Nothing is written if a record would not pass `check`
cli-import-hsds--path = The package
cli-import-hsds--area = The area path for venues whose area is not found in their address (e.g. chengguan)
cli-import-hsds--dry-run = Report what would be written, and write nothing
cli-import-hsds--update = Change existing records: only the fields the package has
cli-schema = Write the JSON Schemas of site.yaml, areas.yaml and every kind of record, for editors' YAML tools (completion, field descriptions and red underlines while typing). `init` writes them too
cli-schema--to = The folder, relative to the site folder
cli-new = Write a new record with a pinyin id and the required fields
cli-new--kind = What to create
cli-new--name = The record's name (or title), e.g. 时间管理训练营
cli-new--id = Use this id instead of the pinyin of the name
cli-usage = Usage:
cli-commands = Commands
cli-options = Options
cli-arguments = Arguments
cli-help-flag = Print help
cli-version-flag = Print version

## src/cli/help.rs: clap's own words

cli-default = {" "}[default: { $value }]
cli-choices = {" "}[possible values: { $values }]

## src/cli/help.rs: the help command

cli-help-command = Print this message or the help of the given subcommand(s)

## src/cli/help.rs: the help command's argument

cli-command-name = COMMAND

## src/cli/help.rs: mistakes on the command line

cli-error-argument = unexpected argument '{ $arg }' found
cli-error-command = unrecognized subcommand '{ $command }'
cli-error-value = invalid value '{ $value }' for '{ $arg }'{ $has_choices ->
        [no] {""}
       *[other] {" "}[possible values: { $choices }]
    }
cli-error-missing = the following required arguments were not provided: { $args }
cli-error-more = For more information, try '--help'.

## src/cli/help.rs: the choices of an argument, described (`--help`)

cli-values = Possible values:

## src/cli/help.rs: value names in usage lines (clap makes the English ones from the argument ids)

cli-value-root = ROOT
cli-value-lang = LANG
cli-value-output = OUTPUT
cli-value-base_url = BASE_URL
cli-value-port = PORT
cli-value-bind = BIND
cli-value-format = FORMAT
cli-value-dir = DIR
cli-value-to = TO
cli-value-kind = KIND
cli-value-name = NAME
cli-value-file = FILE
cli-value-map = MAP
cli-value-path = PATH
cli-value-area = AREA
