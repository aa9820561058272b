//! How many cells `calamine` 0.38 makes room for when it reads the
//! worksheets of an `.xls` workbook stream (BIFF records: a type, a
//! length, the data), counted before it reads them.
//!
//! For each sheet (a `BoundSheet` record gives where its records start)
//! `calamine` reserves room for every cell its `Dimensions` record claims,
//! then makes a rectangle of every cell between the first and the last
//! one a cell record names. Both come from the file: a few bytes can
//! claim billions of cells, and an allocation that fails ends the
//! process. The records are walked here as `calamine` walks them (a
//! sheet ends at its `EOF` record, those of charts inside it skipped),
//! counting what each sheet would take. A cell record counts even where
//! `calamine` would refuse its value, so the count is never lower.

use super::cfb::{u16_at, u32_at};

/// Record types.
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUND_SHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
const MUL_RK: u16 = 0x00BD;
/// Records that start with the row and column of one cell: number,
/// label, rich string, Boolean or error, RK, shared-string label,
/// formula.
const CELLS: [u16; 7] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006];

/// The cells `calamine` would hold for the sheets of `stream` at once:
/// for each sheet the larger of its claimed dimensions and the rectangle
/// around its cells, summed over the sheets.
pub(crate) fn cells(stream: &[u8]) -> u64 {
    // `calamine` reads a sheet for each `BoundSheet`, one named twice
    // twice: it is walked once here and counted as often as it is named.
    let mut starts: std::collections::BTreeMap<usize, u64> = Default::default();
    for (_, data) in records(stream).filter(|(typ, data)| *typ == BOUND_SHEET && data.len() >= 4) {
        let at = u32_at(data, 0) as usize;
        if at <= stream.len() {
            *starts.entry(at).or_default() += 1;
        }
    }
    starts.into_iter().fold(0u64, |total, (at, times)| {
        total.saturating_add(sheet_cells(&stream[at..]).saturating_mul(times))
    })
}

/// The cells of the sheet whose records start `records`.
fn sheet_cells(sheet: &[u8]) -> u64 {
    let mut claimed = 0u64;
    let mut area = Area::default();
    let mut seen_bof = false;
    let mut depth = 0usize;
    for (typ, data) in records(sheet) {
        if depth > 0 {
            match typ {
                BOF => depth += 1,
                EOF => depth -= 1,
                _ => {}
            }
            continue;
        }
        match typ {
            BOF if seen_bof => depth += 1,
            BOF => seen_bof = true,
            EOF => break,
            DIMENSIONS => claimed = claimed.max(dimensions(data)),
            MUL_RK if data.len() >= 6 => {
                // Row, first column, an RK value of 6 bytes per cell, last
                // column; `calamine` numbers the cells from the first.
                let (row, first) = (u16_at(data, 0), u32::from(u16_at(data, 2)));
                let count = (data.len() - 6).div_ceil(6) as u32;
                if count > 0 {
                    area.add(row, first);
                    area.add(row, first + count - 1);
                }
            }
            t if CELLS.contains(&t) && data.len() >= 4 => {
                area.add(u16_at(data, 0), u16_at(data, 2));
            }
            _ => {}
        }
    }
    claimed.max(area.cells())
}

/// The cells a `Dimensions` record makes `calamine` reserve, computed as
/// it computes them (its arithmetic wraps in a release build).
fn dimensions(data: &[u8]) -> u64 {
    let (first_row, last_row, mut first_col, last_col) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0)),
            u32::from(u16_at(data, 2)),
            u32::from(u16_at(data, 4)),
            u32::from(u16_at(data, 6)),
        ),
        14 | 16 => (
            u32_at(data, 0),
            u32_at(data, 4),
            u32::from(u16_at(data, 8)),
            u32::from(u16_at(data, 10)),
        ),
        _ => return 0,
    };
    if first_col > 0xFF || last_col < first_col {
        first_col = 0;
    }
    if last_row == 0 || last_col == 0 {
        return 1;
    }
    let rows = (last_row - 1).wrapping_sub(first_row).wrapping_add(1);
    let cols = (last_col - 1).wrapping_sub(first_col).wrapping_add(1);
    u64::from(rows).saturating_mul(u64::from(cols))
}

/// The rectangle around the cells seen.
#[derive(Default)]
struct Area {
    rows: Option<(u32, u32)>,
    cols: Option<(u32, u32)>,
}

impl Area {
    fn add(&mut self, row: u16, col: impl Into<u32>) {
        let widen = |span: &mut Option<(u32, u32)>, at: u32| {
            *span = Some(span.map_or((at, at), |(lo, hi)| (lo.min(at), hi.max(at))));
        };
        widen(&mut self.rows, u32::from(row));
        widen(&mut self.cols, col.into());
    }

    fn cells(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((top, bottom)), Some((left, right))) => {
                u64::from(bottom - top + 1).saturating_mul(u64::from(right - left + 1))
            }
            _ => 0,
        }
    }
}

/// The records of a stream, as `calamine` splits it: each a type and its
/// data, until one does not fit (continuation records come as records of
/// their own, which changes nothing counted here).
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        if rest.len() < 4 {
            return None;
        }
        let typ = u16_at(rest, 0);
        let len = usize::from(u16_at(rest, 2));
        let data = rest.get(4..4 + len)?;
        rest = &rest[4 + len..];
        Some((typ, data))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut out = typ.to_le_bytes().to_vec();
        out.extend_from_slice(&(data.len() as u16).to_le_bytes());
        out.extend_from_slice(data);
        out
    }

    fn cell(row: u16, col: u16) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend_from_slice(&col.to_le_bytes());
        data.extend_from_slice(&[0; 10]);
        record(0x0203, &data)
    }

    /// A workbook stream of globals naming one sheet, then that sheet.
    fn stream(sheet: &[Vec<u8>]) -> Vec<u8> {
        // BOF, BoundSheet, EOF and a code page: 8 + 12 + 4 + 16 bytes.
        let mut at = 40u32.to_le_bytes().to_vec();
        at.extend_from_slice(&[0, 0, 1, b'a']);
        let mut out = record(BOF, &[0; 4]);
        out.extend(record(BOUND_SHEET, &at));
        out.extend(record(EOF, &[]));
        out.extend(record(0x0042, &[0; 12]));
        out.extend(record(BOF, &[0; 4]));
        for r in sheet {
            out.extend_from_slice(r);
        }
        out.extend(record(EOF, &[]));
        out
    }

    fn dims(first_row: u32, last_row: u32, first_col: u16, last_col: u16) -> Vec<u8> {
        let mut data = first_row.to_le_bytes().to_vec();
        data.extend_from_slice(&last_row.to_le_bytes());
        data.extend_from_slice(&first_col.to_le_bytes());
        data.extend_from_slice(&last_col.to_le_bytes());
        data.extend_from_slice(&[0; 2]);
        record(DIMENSIONS, &data)
    }

    #[test]
    fn a_sheet_takes_its_claimed_dimensions_or_the_rectangle_of_its_cells() {
        assert_eq!(cells(&stream(&[cell(0, 0), cell(9, 4)])), 50);
        assert_eq!(cells(&stream(&[dims(0, 100, 0, 3), cell(1, 1)])), 300);
        assert_eq!(
            cells(&stream(&[dims(0, 4_000_000_000, 0, 200), cell(1, 1)])),
            800_000_000_000,
            "a few bytes claim billions"
        );
        assert_eq!(
            cells(&stream(&[cell(0, 0), cell(65_535, 65_535)])),
            65_536 * 65_536,
            "two cells far apart"
        );
    }

    #[test]
    fn a_chart_inside_a_sheet_is_skipped_and_its_end_does_not_end_the_sheet() {
        let chart = [
            cell(0, 0),
            record(BOF, &[0; 4]),
            cell(50, 50),
            record(EOF, &[]),
            cell(99, 0),
        ];
        assert_eq!(cells(&stream(&chart)), 100);
        let after_end = [cell(0, 0), record(EOF, &[]), cell(99, 0)];
        assert_eq!(cells(&stream(&after_end)), 1, "the sheet ends at its EOF");
    }

    #[test]
    fn a_sheet_named_twice_counts_twice() {
        let one = stream(&[cell(0, 0), cell(9, 4)]);
        // Two BoundSheets naming the sheet, which starts 12 bytes later
        // for the second one's record.
        let bound = |name: u8| {
            let mut data = 52u32.to_le_bytes().to_vec();
            data.extend_from_slice(&[0, 0, 1, name]);
            record(BOUND_SHEET, &data)
        };
        let mut two = one[..8].to_vec();
        two.extend(bound(b'a'));
        two.extend(bound(b'b'));
        two.extend_from_slice(&one[20..]);
        assert_eq!(u16_at(&two, 52), BOF, "the sheet starts there");
        assert_eq!(cells(&one), 50);
        assert_eq!(cells(&two), 100);
    }

    #[test]
    fn a_row_of_rk_values_spans_its_columns() {
        let mut data = 3u16.to_le_bytes().to_vec();
        data.extend_from_slice(&10u16.to_le_bytes());
        data.extend_from_slice(&[0; 6 * 5]);
        data.extend_from_slice(&14u16.to_le_bytes());
        assert_eq!(cells(&stream(&[record(MUL_RK, &data)])), 5);
    }
}
