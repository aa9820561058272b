## Messages of yizhan in English. Every message here is also in
## zh-Hans.ftl, with the same attributes and variables (a test checks).
## A diagnostic's id is its stable `code`; its `.help` says what to do.

## Labels and summaries of diagnostics

label-error = error
label-warning = warning
label-help = help
summary = { $errors } { $errors ->
        [one] error
       *[other] errors
    }, { $warnings } { $warnings ->
        [one] warning
       *[other] warnings
    }

## src/config.rs: site.yaml

site-no-title = site.yaml has no `title`
    .help = add a line such as `title: 兰州职工服务地图`
unknown-timezone = unknown time zone `{ $timezone }`
    .help = use an IANA time zone name such as `Asia/Shanghai`
bad-feedback = `feedback: { $text }` is not an email address, a web address or a phone number
    .help = write where readers report a wrong record, e.g. `feedback: jiucuo@example.org`, `feedback: https://example.org/jiucuo?id={ "{" }id{ "}" }` or `feedback: 0931-8123456`
page-size-zero = `page_size` must be at least 1
    .help = remove the line to use the default of 50
bad-stale-after = `stale_after` is not a number of months or years
    .help = write e.g. `stale_after: 12` (months), `18 个月` or `2 年`
unbuilt-language = the site cannot be rendered in `{ $other }`
    .help = a site in `{ $language }` is rendered in it (`language:`){ $language ->
        [zh-Hans] , and may add `zh-Hant` (converted to Traditional Chinese) and `en` (English interface)
       *[other] {""}
    }; remove the others from `languages:`
bad-traditional = `traditional: { $text }` is not a Traditional Chinese standard
    .help = write `traditional: taiwan` (the default) or `traditional: hongkong`
site-no-base-url = site.yaml has no `base_url`
    .help = add the address the site will be published at, e.g. `base_url: https://example.org/`
bad-base-url = `base_url` must be an absolute http(s) address, not `{ $url }`
    .help = write it in full, e.g. `https://example.org/`
unknown-datum = unknown datum "{ $value }"; expected one of: gcj02, wgs84, bd09
    .help = use `gcj02` (Amap, Tencent), `wgs84` (GPS, OpenStreetMap) or `bd09` (Baidu)
unknown-map-link = unknown map provider "{ $value }"; expected one of: amap, osm, baidu, tencent
    .help = choose from `amap`, `osm`, `baidu` and `tencent`
bad-term-id = `{ $id }` is not a valid { $field } id
    .help = ids use lower-case ASCII letters, digits and `-`, e.g. `mental-health`
bad-holiday = `{ $text }` is not a date
    .help = write dates as YYYY-MM-DD, e.g. 2026-10-01

## src/areas.rs: areas.yaml

area-no-id = area has no `id`
    .help = add `id:` with a pinyin slug, e.g. `id: zhangyelu`
area-id-reserved = area id `{ $id }` is taken by the lists on area pages
    .help = choose another id, e.g. `{ $id }-area`
bad-area-id = `{ $id }` is not a valid area id
    .help = ids use lower-case ASCII letters, digits and `-`; try `{ $suggestion }`
area-no-name = area `{ $id }` has no `name`
    .help = add `name:`, e.g. `name: 张掖路街道`
unknown-area-kind = unknown area kind `{ $kind }`
    .help = use one of city, district, county, street, town, community, village
duplicate-area = duplicate area `{ $path }`
    .help = two areas with the same parent need different ids

## src/yaml.rs, src/load.rs: reading YAML

unknown-field = unknown field `{ $name }`
    .help = check the spelling against the content format (docs/content-format.md); unknown fields are ignored
type-mismatch = { $at ->
        [field] `{ $field }`: {""}
       *[top] {""}
    }expected { $expected ->
        [number] a number
        [boolean] true or false
        [text] text
        [list] a list, like `[a, b]`
        [map] fields (a map)
       *[other] { $expected_name }
    }, found { $found ->
        [text] `{ $value }`
        [number] the number `{ $value }`
        [boolean] `{ $value }`
        [list] a list
        [map] fields (a map)
        [nothing] nothing
       *[other] { $value }
    }
    .help = see docs/content-format.md for what this field takes
unknown-value = { $at ->
        [field] { $field }: {""}
       *[top] {""}
    }unknown variant `{ $value }`, expected { $expected }
    .help = see docs/content-format.md for what this field takes
unclosed-quote = the quote { $quote } that starts here is not closed
    .help = end the text with { $quote } on the same line
yaml-syntax = { $detail }
    .help = YAML syntax error: check indentation, colons and quotes on this line (quote text that contains `: ` or starts with a special character)
yaml-invalid = { $detail }
    .help = fix the YAML at this position
unreadable-file = cannot read file: { $error }
file-too-large = the file is { $size } MB, more than the { $limit } MB a content file may be
    .help = split it into several records; images, PDFs and other large files go in content/static/
not-a-regular-file = not an ordinary file but { $kind ->
        [fifo] a named pipe (FIFO)
        [device] a device
        [socket] a socket
        [folder] a folder
       *[other] a special file
    }: only ordinary files are read
    .help = replace it with an ordinary file, or remove it
link-leaves-content = a symbolic link to { $target }, outside content/
    .help = copy the file into content/ instead of linking to it: a site is built from content/ alone
value-too-long = { $at ->
        [field] `{ $field }`
       *[top] this value
    } is { $length } characters long, more than the { $limit } a value may be
    .help = shorten it; only a `description` may be longer (as long as the file allows)
yaml-control-character = the invisible control character { $code } is not allowed in YAML
    .help = delete it (it often comes with text pasted from elsewhere); to keep it, write it as an escape in double quotes, e.g. "\u00A0"
markdown-too-deep = the text's elements (quotes, lists, HTML tags) are nested more than { $limit } deep here, with raw HTML in the text
    .help = close the HTML tags you open; a text needs a few levels at most
yaml-too-deep = lists and maps are nested more than { $limit } deep here
    .help = a record's fields are nested a few levels at most: check the indentation and the brackets
yaml-too-many-aliases = the aliases (`*name`) of this file repeat more than { $limit } values
    .help = write the values out, or use fewer aliases
site-yaml-missing = site.yaml is missing
    .help = every site needs content/site.yaml with at least `title:` and `base_url:`; `yizhan init` writes one

## src/content: record files

removed-attribute = `{ $attribute }` on `<{ $tag }>`
lost-character = a character lost in the import is still marked { $mark }{ $more ->
        [0] {""}
       *[other] {" "}(and { $more } more in this file)
    }
    .help = replace each 〓 with the character of the original story
placeholder-left = `{ $field }` is still { $placeholder }, the placeholder `yizhan new` wrote
    .help = fill it in; the comment on the line says what it takes
html-removed = { $what } is removed from the page: raw HTML is cleaned of anything that could run or restyle it
    .help = write it in Markdown, or remove it; `unsafe_html: true` in site.yaml keeps raw HTML for trusted sites
not-a-record = file ignored: not a record
    .help = records are `ID.yaml` or `ID.md`; put other files in content/static/
not-utf8 = file is not UTF-8 text (invalid byte at offset { $offset })
    .help = save the file as UTF-8 (most editors offer this under "encoding")
no-front-matter = Markdown record has no front matter
    .help = start the file with a line `---`, the YAML fields, another `---`, then the text
unclosed-front-matter = the front matter that starts here is not closed
    .help = add a line `---` after the last field, before the text
bad-file-name = file name `{ $stem }` is not a valid id
    .help = ids are lower-case ASCII letters, digits and `-` (they become the page address); rename the file to `{ $suggestion }.{ $extension }`

## src/model/check.rs, src/phone.rs: fields of records

did-you-mean = did you mean `{ $id }`?
empty-field = `{ $field }` is empty
    .help = write it, e.g. `{ $field }: { $example }`
missing-field = missing required field `{ $field }`
    .help = add a line `{ $field }: { $example }`
unknown-reference = unknown { $what } `{ $id }`
    .help = use the id (file name without extension) of a file in content/{ $folder }/
listed-twice = `{ $id }` is listed twice
    .help = remove the repeated entry
unknown-term = unknown { $field ->
        [categories] category
        [audiences] audience
       *[other] { $field }
    } `{ $id }`
    .help = define it under `{ $field }:` in content/site.yaml, or use one that is defined there
no-areas-file = unknown area `{ $path }`: the site has no content/areas.yaml
    .help = create content/areas.yaml with the area tree (see docs/content-format.md)
unknown-area = unknown area `{ $path }`
    .help = write the full path of ids from content/areas.yaml joined with `/`, e.g. `chengguan/zhangyelu/shanzishi`
bad-date = `{ $text }` is not a valid date
    .help = write dates as YYYY-MM-DD, e.g. 2024-08-06
hours-in-syntax = written in opening_hours syntax this is `{ $syntax }`
bad-website = website `{ $website }` is not a full address
    .help = start it with https://
bad-phone = `{ $phone }` cannot be dialled: { $reason }
    .help = write a mobile number (13800000000), a landline with its area code (0931-8123456), a 400 number or a service number (12345); an extension as `转 12`; several numbers separated by `、`
phone-extension = an extension is written like `转 12` after the number
phone-character = `{ $char }` has no place in a phone number
phone-no-digits = no digits
phone-area-code = a landline needs its area code, e.g. `0931-8123456`
phone-mobile-length = a mobile number has 11 digits, this has { $count }
phone-digits = { $count } digits are not a mobile number (11 digits), a landline with its area code, a 400/800 number or a service number like 12345

## src/hours/diagnose.rs: opening hours

-hours-invalid = invalid opening hours
-hours-general = write opening hours in OpenStreetMap syntax, e.g. `Mo-Fr 09:00-17:00; Sa 09:00-12:00`
-hours-time = hours go from 00 to 23 and minutes from 00 to 59; a span past midnight is written like `Fr 20:00-02:00`
-hours-span = write a span with start and end, e.g. `14:00-16:00`, or `14:00+` when the end is open
hours-help-general = { -hours-general }
hours-help-minutes = write times with hours and minutes in 24-hour format, e.g. `09:00-17:00`
hours-help-spans = write each time span as start-end, e.g. `09:00-17:00`, and separate spans with `,`
hours-help-separate = separate rules with `;`, e.g. `Mo-Fr 09:00-17:00; Sa 09:00-12:00`
hours-at-start = at the start
hours-after = after `{ $word }`
hours-empty = opening hours are empty
    .help = { -hours-general }, or remove the field
hours-bad-time = { -hours-invalid }: `{ $time }` is not a valid time
    .help = { -hours-time }
hours-time-needs-end = { -hours-invalid }: a time needs an end
    .help = { -hours-span }
hours-unsupported = { -hours-invalid }: { $what } is not supported
    .help = { -hours-general }
hours-out-of-range = { -hours-invalid }: { $value } is out of range (expected { $start } to { $end })
    .help = { -hours-general }
hours-years-backwards = { -hours-invalid }: the year range `{ $start }-{ $end }` goes backwards
    .help = write the earlier year first, e.g. `2024-2026`
hours-weeks-backwards = { -hours-invalid }: the week range `{ $start }-{ $end }` goes backwards
    .help = write the earlier week first, e.g. `week 01-10`
hours-unreadable = { -hours-invalid }: the rules could not be read
    .help = { -hours-general }
hours-full-width-space = { -hours-invalid }: a full-width space must be a plain space
    .help = type punctuation with the input method in English mode: `:` `-` `,` `;`, e.g. `Mo-Fr 09:00-17:00; Sa 09:00-12:00`
hours-punctuation = { -hours-invalid }: `{ $char }` must be the plain `{ $ascii }`
    .help = type punctuation with the input method in English mode: `:` `-` `,` `;`, e.g. `Mo-Fr 09:00-17:00; Sa 09:00-12:00`
hours-line-break = { -hours-invalid }: line break { $context }
    .help = write everything on one line and separate rules with `;`, e.g. `Mo-Fr 09:00-17:00; Sa 09:00-12:00`
hours-trailing-separator = { -hours-invalid }: nothing after the last `{ $sep }`
    .help = remove the `{ $sep }` at the end, or write another rule after it
hours-extra-separator = { -hours-invalid }: unexpected `{ $sep }` { $context }
    .help = remove the extra `{ $sep }`; separate rules with a single `;`, e.g. `Mo-Fr 09:00-17:00; Sa 09:00-12:00`
hours-unclosed-note = { -hours-invalid }: a note in quotes is not closed
    .help = end the note with a second `"`, e.g. `Mo 10:00-12:00 "预约"`
hours-english-word = { -hours-invalid }: `{ $word }` is not OpenStreetMap syntax
    .help = write `{ $fix }` instead of `{ $word }`; days are Mo Tu We Th Fr Sa Su, months Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec, holidays PH
hours-foreign-text = { -hours-invalid }: `{ $text }` is not OpenStreetMap syntax
    .help = write days and times with English abbreviations, e.g. `Mo-Fr 09:00-17:00; Sa 09:00-12:00` (the site shows them in Chinese); put other notes in quotes, e.g. `Mo 10:00-12:00 "预约"`
hours-24-7 = { -hours-invalid }: `24/7` must be a rule of its own
    .help = write `24/7` alone, or use `00:00-24:00` with days or months, e.g. `Jul-Aug Mo-Su 00:00-24:00`
hours-stray-space = { -hours-invalid }: unexpected space { $context }
    .help = remove the space; write ranges without spaces and a single space between days and times, e.g. `Mo-Fr 09:00-17:00`
hours-no-end-time = { -hours-invalid }: `{ $time }` has no end time
    .help = { -hours-span }
hours-text-stops = { -hours-invalid }: the text stops { $context }
hours-unexpected = { -hours-invalid }: unexpected text `{ $text }` { $context }

## src/model: records

duplicate-id = duplicate { $what ->
        [news] news item
       *[other] { $what }
    } id `{ $id }`
    .help = `{ $other }` uses the same id (the file name); rename one of the two files
link-cycle = { $field ->
        [linked_by] organizations link each other in a circle
       *[other] services are `part_of` each other in a circle
    }: { $chain }
    .help = remove `{ $field }` from one of them
stale-record = { $count ->
        [one] last verified { $day }, more than { $months } months ago: the information may be out of date
       *[other] { $count } records were last verified more than { $months } months ago: the information may be out of date; the oldest is { $name }, last verified { $day }
    }
    .help = check them with their organizations, then set `updated:` to that day; `yizhan check --stale` lists them, oldest first
news-id-reserved = news id `{ $id }` is taken by the site's own /news/{ $id }/ pages
    .help = rename the file, e.g. to `2024-08-06-{ $id }.md`
bad-news-date = `{ $text }` is not a valid date and time
    .help = write e.g. `2024-08-06T13:45:00+08:00`, `2024-08-06 13:45` or `2024-08-06`
bad-source-url = `{ $url }` is not a full address
    .help = start it with https://
unknown-mention = unknown mention `{ $id }`
    .help = use the id of an organization, venue, brand or service
unknown-organization-kind = unknown organization kind `{ $kind }`
    .help = use one of social-organization, union, community, government, enterprise, other
links-itself = an organization cannot link itself
    .help = name the union or organization that links this one
floor-area-not-positive = floor area `{ $area }` must be positive
    .help = give the area in square metres, e.g. `floor_area_m2: 120`
location-incomplete = location needs both `lat` and `lon`
    .help = write e.g. `location: { "{" } lat: 36.0541, lon: 103.8587 { "}" }`
latitude-out-of-range = latitude { $lat } is out of range (-90 to 90)
    .help = check that lat and lon are not swapped; Lanzhou is about lat 36.06, lon 103.83
longitude-out-of-range = longitude { $lon } is out of range (-180 to 180)
    .help = check the value; Lanzhou is about lat 36.06, lon 103.83
brand-no-operator = a brand needs at least one operator
    .help = add `operators: [organization-id]`
implausible-year = `{ $year }` is not a plausible year
    .help = write the year the brand started, e.g. `started: 2022`
unknown-cost = unknown cost `{ $cost }`
    .help = write `cost: free`, or `cost: { "{" } amount: 20, currency: CNY, note: "会员免费" { "}" }`
negative-amount = amount `{ $amount }` is negative
    .help = write the price in yuan, e.g. `amount: 20`
season-backwards = season ends before it starts
    .help = `to:` must be on or after `from:`
season-incomplete = season needs both `from` and `to`
    .help = write e.g. `season: { "{" } from: 2024-07-01, to: 2024-08-31 { "}" }`
closure-without-start = a closure needs `from:`, the first day it is closed
    .help = write e.g. `closed: [{ "{" } from: 2026-12-05, to: 2026-12-08, note: 场地维修 { "}" }]`; leave out `to:` for "until further notice"
closure-backwards = the closure ends before it starts
    .help = `to:` must be on or after `from:` (both days are closed)
page-id-reserved = page id `{ $id }` is taken by the site's own /{ $id }/ section
    .help = rename the file, e.g. to `about-{ $id }.md`

## src/render: themes and templates

template-error = { $detail }
template-missing-parent = `{ $current }` extends `{ $parent }`, which is not a template of this theme
    .help = check the name in `{ "{" }% extends %{ "}" }`; built-in templates include base.html
template-extend-cycle = templates extend each other in a circle: { $chain }
template-include-cycle = templates include each other in a circle: { $chain }
bad-theme-name = `{ $name }` is not a valid theme name
    .help = use the name of a folder under themes/, e.g. `theme: default`
theme-not-found = theme `{ $name }` not found: there is no folder { $folder }
    .help = create the folder with the templates you want to change, or use `theme: default`
unreadable-theme-folder = cannot read the theme folder: { $error }
template-not-utf8 = a template must be UTF-8 text
theme-locale-not-utf8 = a locale file must be UTF-8 text
theme-locale-not-map = a locale file must be a mapping of names to strings
    .help = write `key: text` lines, e.g. `hours: 开放时间`
theme-locale-yaml = this locale file is not valid YAML: { $error }

## src/cli: check and build

check-ok = ok: no problems found

## src/cli: what the commands print

label-note = note
init-created = Created a new site in { $dir } ({ $files } files).
init-next = Next: cd { $dir } && yizhan build
watching = Watching { $dir } for changes (Ctrl-C to stop)
serving = Serving the site at { $url }  (Ctrl-C to stop)
stopping = Stopping: removing the preview's files (a large site takes a few seconds; Ctrl-C again to leave them)…
stopped = Stopped.
serve-exposed = WARNING: listening on { $at }, not only on this computer: anyone who can reach this address sees the preview, unpublished content included. Use --bind 127.0.0.1 (the default) unless you mean it.
exported = Exported { $files } files into { $dir } in { $millis } ms{ $note }
wrote = wrote { $file }
schema-vscode = VS Code's YAML extension finds them through .vscode/settings.json (`yizhan init` writes it):
new-created = Created { $file }
stale-fix-first = { $summary }; fix these first
stale-count = { $count } record(s) last verified more than { $months } months ago
built = Built { $pages } pages ({ $files } files) into { $dir } in { $millis } ms{ $note }
built-changes = Built { $rendered } of { $pages } pages, { $files } files changed, into { $dir } in { $millis } ms{ $note }
write-failed = { $what } failed: { $summary }; { $dir } was left unchanged
written-with-warnings = {" "}({ $summary })
rendered = Rendered { $pages } pages in { $millis } ms
serve-failed = build failed: { $summary }; still serving the last good build
no-browser = note: could not open a browser; open { $url } yourself

## src/cli/import.rs: import reports

cannot-read = cannot read { $file }
cannot-create = cannot create { $file }
cannot-write = cannot write { $file }
app-icon-failed = cannot draw the app icons from favicon.svg
app-icon-not-svg = favicon.svg is not an SVG image: { $error }
app-icon-not-png = cannot save an app icon as PNG: { $error }
article-exists = { $file } already exists; pass --force to overwrite it
article-found = found:
article-blocks = { $paragraphs } paragraphs, { $headings } section headings: { $titles }
article-dropped = dropped:
article-problems = { $count } problem(s) to fix by hand; they are marked { $mark } in the record
rows-skipped = { $count } row(s) not imported (see the errors above)
objects-skipped = { $count } object(s) not imported (see the errors above)
table-not-read = note: { $why }; not read
tables-read = read: { $tables }
outcome-new = new
outcome-updated = updated
outcome-unchanged = unchanged
outcome-exists = exists
records-exist = { $count } record(s) the site has already; pass --update to change them
site-has-errors = note: the site's other files have { $count } error(s) of their own; `yizhan check` lists them
import-refused = nothing was written: the records above would not pass `yizhan check`
dry-run = dry run: nothing was written
import-wrote = wrote the records into { $dir }
nothing-to-write = nothing to write

## src/import: what an import could not use

import-ambiguous-name = several records have this name ({ $ids }); write the id instead
import-ambiguous-area = several areas are called this ({ $areas }); write the names from the district down
import-no-such-area = no such area in areas.yaml: add it there first, or write a name it has
import-no-such-term = the site has no such term; site.yaml lists { $count ->
        [0] none
       *[other] { $terms }
    }

## src/import/hsds: HSDS packages

hsds-bad-position = latitude { $lat }, longitude { $lon } is not a place on Earth; the position is left out
hsds-not-zip = { $file } is not a zip file (or it is damaged)
hsds-zip-entry = cannot read entry { $entry } of { $file }
hsds-zip-name = entry { $entry } of { $file } has a name that is not text
hsds-zip-too-big = { $file } unpacks to more than 2 GB; unpack it and import the folder
hsds-zip-unpack = cannot unpack { $name } from { $file }
hsds-not-package = { $file } is not an HSDS package: give a folder, a .zip or a .json file
hsds-no-files = { $file } has no .json or .csv files
hsds-link-missing = `{ $key }` { $target } names no { $what } in the package; the link is left out
hsds-not-venue = a { $kind } location is not a venue; it is not imported
hsds-no-name = the object has no name; it is not imported
hsds-no-area = no area of areas.yaml found for this location (from yizhan_area, its address or region); it is not imported: pass --area to put such venues in one
hsds-operator-missing = `yizhan_operators` { $uuid } names no organization in the package; left out
hsds-service-no-organization = a service needs its organization (`organization_id`); it is not imported
hsds-part-of-missing = `yizhan_part_of` { $parent } names no service in the package; left out
hsds-location-missing = the service is at location { $location }, which the package has not as a venue; the link is left out
hsds-schedules-unread = the schedules cannot be read as opening hours ({ $why }); kept in the file as a comment
hsds-terms-missing = { $terms } not among the site's { $which } in site.yaml; left out
hsds-nothing = { $file } has no organizations, locations, programs or services in any HSDS form
import-site-broken = content/site.yaml is missing or broken; run `yizhan check` and fix it first
import-no-area-path = --area { $area }: no such area path in areas.yaml

## src/import/hsds: schedules and tables

schedule-not-weekly = a { $freq } schedule cannot be said as weekly hours
schedule-by-date = a schedule by days of the month or year cannot be said as weekly hours
schedule-empty = the schedules name no days and hours
schedule-invalid = read as `{ $text }`, which is not valid: { $why }
schedule-bad-time = `{ $text }` is not a time of day
schedule-bad-day = `{ $text }` is not a day of the week
schedule-no-day = a weekly schedule names no day
hsds-not-table = not a table yizhan imports
hsds-not-csv = not CSV: { $error }
hsds-not-csv-row = not a CSV row
hsds-not-object = not an object yizhan imports

## src/import/article: news stories

article-breadcrumb = line { $line }: site breadcrumb `{ $text }`
article-no-date = no date line found (e.g. `2024年08月06日13:45  来源：工人日报`); add `date:` by hand
article-no-title = no title found; add `title:` by hand
article-editors = line { $line }: editors line `{ $text }` (moved to `editors:`)
article-place-names = line { $line }: a line of { $count } unrelated place names
article-garbled = lost or garbled characters `{ $text }` (replaced by { $mark }): restore the original text
article-no-converter = cannot load the Traditional-to-Simplified converter: { $error }
import-no-stage = cannot make a folder to check the import in
cannot-copy = cannot copy { $file }

## src/import/table: spreadsheets

table-not-spreadsheet = { $file } is not a spreadsheet yizhan reads: save it as .xlsx, .xls, .ods or .csv
table-unreadable = cannot read { $file } as a spreadsheet (is it damaged, or another format under this name?)
table-xls-damaged = { $file } is a damaged .xls file and was not read; open it in Excel or WPS and save it again
table-xls-too-large = the sheets of { $file } claim or span { $cells } cells in all, more than the { $max } yizhan reads; it was not read. If the workbook really is that large, split it into several files; if not, open it in Excel or WPS and save it again
table-sheet-unreadable = cannot read the sheet `{ $sheet }` of { $file }
table-too-large = the sheet `{ $sheet }` of { $file } is too large: its filled cells lie so far apart that reading it would take more than { $max } cells
table-csv-row = { $file }: row { $row } cannot be read as CSV
table-encoding = the file is neither UTF-8 nor GBK text: save it from the spreadsheet as "CSV UTF-8"
table-no-header = { $file } has no sheet with a header row of known columns (名称, 地址, 电话, …)
table-unknown-header = no field has this header; the column is not imported (name it in a --map file)
table-unknown-kind = cannot tell what this sheet lists; name the sheet 机构, 场所, 品牌 or 服务, or pass --kind
map-unreadable = cannot read the mapping file { $file }
map-not-yaml = { $file }: a mapping file is YAML lines `表头: 字段`, e.g. `负责人电话: phone`
map-unknown-field = { $file }: `{ $header }: { $field }`: `{ $field }` is not a field; use one of { $fields }
cell-not-date = `{ $text }` is not a date; write it like 2024-08-06
cell-not-two-dates = `{ $text }` is not two dates; write it like 2024-07-01至2024-08-31
cell-season-backwards = the season ends ({ $to }) before it starts ({ $from })
cell-not-number = `{ $text }` is not a number
cell-not-coordinates = `{ $text }` is not two numbers (longitude, latitude)
cell-no-latitude = `{ $text }`: neither number is a latitude (−90 to 90)
cell-not-organization-kind = `{ $text }` is not a kind of organization: write 社会组织, 工会, 社区, 政府, 企业 or 其他

## src/import/table: rows and cells

table-no-field = { $what } have no field for this column; it is not imported
table-second-column = a second column for the same field; it is not imported
table-row-no-name = the row has no name; it is not imported
table-same-name = the same name as row { $row }; this row is not imported
table-bad-id = `{ $id }` is not an id (lower-case letters, digits and `-`); the id is made from the name instead
table-service-organization-not-found = the service's organization is not found (above); the row is not imported
table-service-no-organization = a service needs its organization (运营机构); the row is not imported
cell-not-year = `{ $text }` is not a year
cell-floor-area = the floor area `{ $text }` must be more than 0
cell-hours-unread = cannot read the hours ({ $why }); kept in the file as a comment for you to rewrite
cell-no-such-record = no { $what } is named `{ $name }`{ $has_hint ->
        [no] {""}
       *[other] : { $hint }
    }
cell-not-imported = { $why }; the cell is not imported
cell-area-not-imported = `{ $text }`: { $why }; the area is not imported
cell-term-not-imported = `{ $text }`: { $why }; it is not imported

## src/hours/words.rs: hours written in words

words-unreadable = cannot read `{ $text }` as days or times
words-no-end = the time { $time } has no end
words-span-start = a span of days must start with a weekday
words-lone-range = a `-` or 至 with nothing before it
words-empty = no days or times in it

## src/scaffold: init and new

init-site-exists = { $dir } already has a site (content/site.yaml exists)
new-not-a-site = { $dir } is not a yizhan site (no content/site.yaml); run `yizhan init` first or pass --root
new-empty-name = the name is empty
new-bad-id = `{ $id }` is not a valid id: use lower-case ASCII letters, digits and `-`
new-exists = { $file } already exists; pass --id to choose another id
new-fill-area = fill in `area` (e.g. `{ $example }`) before `check` passes
new-fill-field = fill in `{ $field }` before `check` passes
new-no-areas = the site has no content/areas.yaml; add the area tree first
new-areas-empty = content/areas.yaml has no areas

## src/serve: the serve log and the browser overlay

build-failed = build failed
overlay-heading = Build failed: { $summary } (the page shows the last good build)
overlay-close = Close
overlay-label = yizhan build errors
port-in-use = cannot listen on { $at }: the port is already in use
    {"  "}help: stop the other server, or choose another port, e.g. `yizhan serve --port { $port }`
port-denied = cannot listen on { $at }: permission denied
    {"  "}help: ports below 1024 need special rights; use e.g. `--port 1111`
no-such-address = cannot listen on { $at }: this machine has no such address
    {"  "}help: use `--bind 127.0.0.1` (this machine only) or `--bind 0.0.0.0` (every network)
cannot-listen = cannot listen on { $at }: { $error }

## src/serve: starting and stopping

serve-no-signals = cannot start the signal handler
serve-socket = cannot configure the listening socket
serve-address = cannot read the listening address
serve-folder = cannot create a folder to serve the site from
serve-http = cannot start the HTTP server

## src/export.rs, src/watch.rs, src/render: writing

export-foreign-file = it holds `{ $name }`, which an export does not write
export-foreign-index = its index.json is not that of an export
export-not-replaceable = { $dir } is not empty and is not a previous `yizhan export { $part }` ({ $why }); choose an empty or new folder, or pass --force to replace everything in it
watch-failed = cannot start watching files
cannot-watch = cannot watch { $file }
same-page-path = two pages would be written to /{ $path }: { $first } and { $second }; rename one of them
vanished-while-building = { $file } was deleted or renamed while the site was being built; build again

## src/render/pages.rs: pages named in messages

page-of-file = the page of { $file }
page-of-area = the page of area `{ $path }`
page-data-file = the data file { $file }
page-generated = the generated page { $page }

## src/serve/http.rs: a page the site does not have

page-not-found = not found

## src/hours/words.rs, src/export.rs: more

words-closed-with-hours = a closed rule with hours in it
words-closed-no-days = says closed without saying which days
words-no-hours = no hours given for { $has_days ->
        [no] the days
       *[other] { $days }
    }
not-a-folder = { $dir } is a file, not a folder

## src/output, src/engine: the output folder

output-holds-site = the output folder { $dir } contains the site itself; choose a folder such as `public`
output-inside-site = the output folder { $dir } is inside the site's { $folder }/ folder; choose a folder such as `public`
output-foreign = { $dir } holds files a build did not write (such as `{ $name }`), and a build replaces the whole folder; choose an empty or new folder, or pass --force to replace it (its dot-files and CNAME are kept)
output-outside = refusing to write outside the output: { $path }
cannot-remove = cannot remove { $file }
cannot-list-output = cannot list the files of the output folder
cannot-keep = cannot keep { $file }
cannot-read-spill = cannot read a body back from the temporary file it waited in ({ $error }); check the disk of the system's temporary folder, then build again
cannot-move-aside = cannot move the old { $dir } aside
cannot-move-site = cannot move the new site to { $dir }
cannot-move-into-place = cannot move the new { $file } into place
render-thread-panicked = a render thread panicked
not-below = { $path } is not below { $prefix }
collection-by-parts = a collection is made by parts
table-by-parts = a table is made by parts
record-no-folder = a record file has a folder
opencc-table = loading OpenCC table { $table }

## src/render: making pages and files

site-view-failed = cannot prepare the site view: { $error }
strings-failed = cannot prepare the locale strings: { $error }
page-build-failed = cannot build the page /{ $path }
page-prepare-failed = cannot prepare the page /{ $path }: { $error }
page-render-failed = cannot render /{ $path } with the template { $template }
component-render-failed = cannot draw a part of the page with the theme's { $name } component (components.html)
page-view-failed = cannot prepare a page view: { $error }
data-file-no-view = { $page } is a data file: it has no page view
cannot-make-write = cannot make and write { $file }
not-a-data-file = not a data file
jsonld-failed = cannot write the page's JSON-LD: { $error }
feed-failed = cannot write the Atom feed
feed-not-utf8 = the Atom feed is not UTF-8

## src/search: the search index

search-index-failed = cannot build the search index
search-update-failed = cannot update the search index
index-thread-failed = an index thread failed
search-no-slot = a search document has no slot
search-not-made = a search document was not made
search-index-full = the search index has room for { $max } documents
search-not-following = the search index was built without following edits

