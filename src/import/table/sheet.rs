//! Reading a spreadsheet file into sheets of text cells, each cell keeping
//! the row and column a person sees in their spreadsheet program.
//!
//! `.xlsx`, `.xls`, `.ods` (and `.xlsm`, `.xlsb`) are read with `calamine`;
//! `.csv` with the `csv` crate. A CSV saved by a Chinese Excel is usually
//! GBK: text that is not UTF-8 is read as GB18030 (which contains GBK), and
//! a file that is neither is refused rather than read as mojibake. Numbers
//! are written back as a person typed them (a phone number stored as the
//! number 13800000000 stays `13800000000`, not `1.38e10`), dates as
//! `2024-08-06`, times of day as `09:00`.

use std::path::Path;

use anyhow::{bail, Context as _};
use calamine::{Data, DataType as _, Reader as _};

/// One sheet: its name and its rows of cells, as text.
pub(crate) struct Sheet {
    pub name: String,
    /// The 1-based row and column of `rows[0][0]`.
    pub origin: (usize, usize),
    pub rows: Vec<Vec<String>>,
}

impl Sheet {
    /// The spreadsheet's row number (1-based) of `rows[r]`.
    pub(crate) fn row_number(&self, r: usize) -> usize {
        self.origin.0 + r
    }

    /// The spreadsheet's column number (1-based) of `rows[_][c]`.
    pub(crate) fn column_number(&self, c: usize) -> usize {
        self.origin.1 + c
    }
}

/// `A`, `B`, …, `Z`, `AA`: the column letters a spreadsheet shows.
pub(crate) fn column_letters(column: usize) -> String {
    let mut n = column;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Reads every sheet of `path`.
pub(crate) fn read(path: &Path) -> anyhow::Result<Vec<Sheet>> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "csv" | "tsv" | "txt" => Ok(vec![read_csv(path)?]),
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => read_workbook(path),
        _ => bail!(t!("table-not-spreadsheet", file = path)),
    }
}

fn read_workbook(path: &Path) -> anyhow::Result<Vec<Sheet>> {
    // A compound file (`.xls`) is looked at before its reader reads it.
    let mut start = [0; 8];
    let compound = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut start))
        .is_ok_and(|()| start == super::cfb::SIGNATURE);
    if compound {
        let bytes = std::fs::read(path).with_context(|| t!("table-unreadable", file = path))?;
        return read_workbook_bytes(&bytes, path);
    }
    unpanicked(path, || {
        let book = calamine::open_workbook_auto(path)
            .with_context(|| t!("table-unreadable", file = path))?;
        workbook_sheets(book, path)
    })
}

/// Every sheet of a workbook held in memory (`path` names it in messages).
pub(crate) fn read_workbook_bytes(bytes: &[u8], path: &Path) -> anyhow::Result<Vec<Sheet>> {
    let bytes = whole_sectors(bytes);
    let streams = super::cfb::check(&bytes)
        .and_then(|()| super::cfb::workbook_streams(&bytes))
        .map_err(|_| anyhow::anyhow!(t!("table-xls-damaged", file = path)))?;
    if let Some(cells) = streams.iter().map(|s| super::biff::cells(s)).max() {
        if cells > MAX_CELLS as u64 {
            bail!(t!(
                "table-xls-too-large",
                file = path,
                cells = cells,
                max = MAX_CELLS
            ));
        }
    }
    unpanicked(path, || {
        let book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(&bytes[..]))
            .with_context(|| t!("table-unreadable", file = path))?;
        workbook_sheets(book, path)
    })
}

/// A compound file padded with zeros to whole sectors, as its last one
/// reads once `calamine` has looked at it (see [`super::cfb`]); anything
/// else as it is.
fn whole_sectors(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let size = match bytes.get(30..32) {
        Some([12, 0]) => 4096,
        _ => 512,
    };
    if !bytes.starts_with(&super::cfb::SIGNATURE) || bytes.len().is_multiple_of(size) {
        return std::borrow::Cow::Borrowed(bytes);
    }
    let mut padded = bytes.to_vec();
    padded.resize(bytes.len().next_multiple_of(size), 0);
    std::borrow::Cow::Owned(padded)
}

/// `read` refusing a damaged workbook: `calamine` panics on some (an
/// `.xls` whose sectors point past the file), which is no reason to stop.
fn unpanicked(
    path: &Path,
    read: impl FnOnce() -> anyhow::Result<Vec<Sheet>>,
) -> anyhow::Result<Vec<Sheet>> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read))
        .unwrap_or_else(|_| bail!(t!("table-unreadable", file = path)))
}

fn workbook_sheets<RS: std::io::Read + std::io::Seek>(
    mut book: calamine::Sheets<RS>,
    path: &Path,
) -> anyhow::Result<Vec<Sheet>> {
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        if let calamine::Sheets::Xlsx(xlsx) = &mut book {
            sheets.push(xlsx_sheet(xlsx, name, path)?);
            continue;
        }
        let range = book
            .worksheet_range(&name)
            .with_context(|| t!("table-sheet-unreadable", sheet = name, file = path))?;
        let origin = range
            .start()
            .map(|(r, c)| (r as usize + 1, c as usize + 1))
            .unwrap_or((1, 1));
        let rows = range
            .rows()
            .map(|row| row.iter().map(cell_text).collect())
            .collect();
        sheets.push(Sheet { name, origin, rows });
    }
    Ok(sheets)
}

/// Most cells a sheet is read into, counting a row as one and the empty
/// cells before the last filled one of a row: a few cells written far
/// apart (`A1` and `XFD1048576`) would otherwise fill the memory.
const MAX_CELLS: usize = 10_000_000;

/// A sheet of an `.xlsx` file, read cell by cell: `calamine`'s ranges hold
/// every cell of the rectangle around the filled ones.
fn xlsx_sheet<RS: std::io::Read + std::io::Seek>(
    book: &mut calamine::Xlsx<RS>,
    name: String,
    path: &Path,
) -> anyhow::Result<Sheet> {
    let unreadable = || t!("table-sheet-unreadable", sheet = name, file = path);
    let mut reader = book
        .worksheet_cells_reader(&name)
        .with_context(unreadable)?;
    let mut cells = Vec::new();
    while let Some(cell) = reader.next_cell().with_context(unreadable)? {
        let data = Data::from(cell.get_value().clone());
        if data != Data::Empty {
            cells.push((cell.get_position(), cell_text(&data)));
        }
    }
    drop(reader);
    let top = cells.iter().map(|((r, _), _)| *r).min().unwrap_or(0);
    let left = cells.iter().map(|((_, c), _)| *c).min().unwrap_or(0);
    let mut widths = std::collections::BTreeMap::<u32, usize>::new();
    for ((r, c), _) in &cells {
        let w = widths.entry(*r).or_default();
        *w = (*w).max((c - left) as usize + 1);
    }
    let height = widths
        .keys()
        .next_back()
        .map_or(0, |r| (r - top) as usize + 1);
    if height.saturating_add(widths.values().sum::<usize>()) > MAX_CELLS {
        bail!(t!(
            "table-too-large",
            sheet = name,
            file = path,
            max = MAX_CELLS
        ));
    }
    let mut rows = vec![Vec::new(); height];
    for (r, width) in &widths {
        rows[(r - top) as usize] = vec![String::new(); *width];
    }
    for ((r, c), text) in cells {
        rows[(r - top) as usize][(c - left) as usize] = text;
    }
    Ok(Sheet {
        name,
        origin: (top as usize + 1, left as usize + 1),
        rows,
    })
}

/// A cell as the text a person would have typed.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::DateTime(d) => match cell.as_datetime() {
            Some(t) if d.is_duration() => t.format("%H:%M").to_string(),
            Some(t)
                if t.date() <= chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default() =>
            {
                t.format("%H:%M").to_string()
            }
            Some(t) if t.time() == chrono::NaiveTime::MIN => t.format("%Y-%m-%d").to_string(),
            Some(t) => t.format("%Y-%m-%d %H:%M").to_string(),
            None => number_text(d.as_f64()),
        },
    }
}

/// `13800000000.0` → `13800000000`; `36.0612` stays.
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

fn read_csv(path: &Path) -> anyhow::Result<Sheet> {
    let bytes = std::fs::read(path).with_context(|| t!("cannot-read", file = path))?;
    read_csv_bytes(&bytes, path)
}

/// A CSV file held in memory (`path` names it and its sheet).
pub(crate) fn read_csv_bytes(bytes: &[u8], path: &Path) -> anyhow::Result<Sheet> {
    let text = decode(bytes).with_context(|| path.display().to_string())?;
    let delimiter = sniff_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.with_context(|| t!("table-csv-row", file = path, row = n + 1))?;
        rows.push(record.iter().map(|c| c.trim().to_string()).collect());
    }
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("sheet")
        .to_string();
    Ok(Sheet {
        name,
        origin: (1, 1),
        rows,
    })
}

/// UTF-8 (with or without a byte-order mark), else GB18030.
fn decode(bytes: &[u8]) -> anyhow::Result<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        bail!(t!("table-encoding"));
    }
    Ok(text.into_owned())
}

/// `,`, `;` or a tab: whichever the first line has most of.
fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or_default();
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b',')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workbook_the_reader_panics_on_is_refused() {
        let fuzzed = include_bytes!("../../../fuzz/regressions/table/xls-cfb-slice-panic");
        let read = read_workbook_bytes(&fuzzed[1..], Path::new("a.xls"));
        assert!(read.is_err());
    }

    #[test]
    fn an_xls_whose_sectors_loop_is_refused_before_it_is_read() {
        let fuzzed = include_bytes!("../../../fuzz/regressions/table/xls-cfb-chain-loop");
        let err = read_workbook_bytes(&fuzzed[1..], Path::new("a.xls"))
            .err()
            .expect("refused")
            .to_string();
        assert!(err.starts_with("a.xls is a damaged .xls file"), "{err}");
        // The file it was made from reads, through the same check.
        let sound =
            include_bytes!("../../../fuzz/corpus/table/31c0f9cdbb7031a5c9e5096c8537d2764e3ee26e");
        assert!(read_workbook_bytes(&sound[1..], Path::new("a.xls")).is_ok());
    }

    #[test]
    fn an_xls_claiming_billions_of_cells_is_refused_before_it_is_read() {
        // Its Dimensions record claims 0 to 4,294,967,039 rows of 4
        // columns: `calamine` would ask for 20 GB at once.
        let fuzzed = include_bytes!("../../../fuzz/regressions/table/xls-dimensions-billions");
        let err = read_workbook_bytes(&fuzzed[1..], Path::new("a.xls"))
            .err()
            .expect("refused")
            .to_string();
        assert!(
            err.starts_with("the sheets of a.xls claim or span "),
            "{err}"
        );
        assert!(err.contains("10000000"), "{err}");
    }

    #[test]
    fn column_letters_are_those_a_spreadsheet_shows() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(53), "BA");
    }

    #[test]
    fn numbers_read_as_typed() {
        assert_eq!(number_text(13800000000.0), "13800000000");
        assert_eq!(number_text(36.0612), "36.0612");
        assert_eq!(number_text(-2.0), "-2");
    }

    #[test]
    fn gbk_text_is_read_and_other_bytes_refused() {
        let (gbk, _, _) = encoding_rs::GBK.encode("名称,电话\n小草,0931");
        assert_eq!(decode(&gbk).ok().as_deref(), Some("名称,电话\n小草,0931"));
        assert_eq!(
            decode("\u{feff}名称".as_bytes()).ok().as_deref(),
            Some("名称")
        );
        assert!(decode(&[0x81, 0x20, 0xFF, 0xFF, 0x80]).is_err());
    }

    #[test]
    fn the_delimiter_is_the_one_the_header_uses() {
        assert_eq!(sniff_delimiter("名称;电话;地址\n"), b';');
        assert_eq!(sniff_delimiter("名称\t电话\n"), b'\t');
        assert_eq!(sniff_delimiter("名称,电话\n"), b',');
    }
}
