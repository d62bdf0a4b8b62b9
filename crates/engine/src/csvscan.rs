//! A parallel reader of the large CSV tables for the passes (`crate::employment`, `crate::network`):
//! the file split into byte ranges read on threads of their own, each row's cells handed to the pass as
//! byte slices, with no Arrow column built for them.
//!
//! Why not DataFusion's CSV scan here: it builds an Arrow text column for every cell before the pass
//! can look at it, and the passes only look ids up, so that copy and its allocation were most of a CSV
//! run. Why not the `csv` crate (or `simd-csv`): measured on a 34-million-row employment file (812 MB) on
//! one core, `csv_core` splits it in 1.4–1.5 s and `simd-csv`'s fastest reader in 1.1 s, while finding
//! the line ends with `memchr` and the commas within a line takes 0.8 s; the cells of these tables are
//! a few bytes each, where a general parser's per-byte state machine costs more than the search.
//!
//! The grammar is RFC 4180's. A line without a quote is split at its commas; a line with quotes is
//! split by the quoting rules (a quoted cell may hold commas and doubled quotes). A quoted cell that
//! holds a line break would put a line with an odd number of quotes in the file: the reader then gives
//! up ([`Scan::Quoted`]) and the caller reads the file through DataFusion, which knows that case. Text
//! cells are trimmed and an empty cell is missing, as in the engine's views. A row whose cells do not
//! match the header, or a number that does not parse, is an error naming the file, the line and the
//! column.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::EngineError;

/// A CSV file's header and where its rows start.
pub(crate) struct CsvFile {
    path: PathBuf,
    columns: Vec<String>,
    /// The offset of the first row (after the header line).
    body: u64,
    len: u64,
}

/// What a scan gave: each range's result in file order, or a quoted cell spanning lines.
pub(crate) enum Scan<T> {
    Done(Vec<T>),
    Quoted,
}

/// Where a block's reading stopped: at the start of a line it does not hold whole, or at the range's
/// end (`false` when a cell spans lines).
enum Next {
    More(usize),
    Done(bool),
}

/// A cell the pass could not read: its column and why.
#[derive(Debug)]
pub(crate) struct Bad {
    pub column: usize,
    pub what: &'static str,
}

/// One row: the line (or its unquoted copy) and each cell's range in it.
pub(crate) struct Row<'a> {
    line: &'a [u8],
    cells: &'a [(u32, u32)],
}

const BLOCK: usize = 1 << 20;

fn trim(mut b: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = b {
        if !first.is_ascii_whitespace() {
            break;
        }
        b = rest;
    }
    while let [rest @ .., last] = b {
        if !last.is_ascii_whitespace() {
            break;
        }
        b = rest;
    }
    b
}

impl Row<'_> {
    /// Cell `i`, trimmed; `None` when empty.
    pub(crate) fn bytes(&self, i: usize) -> Option<&[u8]> {
        let (a, b) = self.cells[i];
        let cell = trim(&self.line[a as usize..b as usize]);
        (!cell.is_empty()).then_some(cell)
    }

    /// Cell `i` as text, trimmed; `None` when empty.
    pub(crate) fn text(&self, i: usize) -> Result<Option<&str>, Bad> {
        self.bytes(i)
            .map(|b| std::str::from_utf8(b).map_err(|_| Bad { column: i, what: "is not UTF-8 text" }))
            .transpose()
    }

    /// Cell `i` as a whole number; `None` when empty.
    pub(crate) fn int(&self, i: usize) -> Result<Option<i64>, Bad> {
        let Some(b) = self.bytes(i) else { return Ok(None) };
        digits(b)
            .map(|v| v as i64)
            .or_else(|| std::str::from_utf8(b).ok()?.parse().ok())
            .map(Some)
            .ok_or(Bad { column: i, what: "is not a whole number" })
    }

    /// Cell `i` as a number; `None` when empty.
    pub(crate) fn float(&self, i: usize) -> Result<Option<f64>, Bad> {
        let Some(b) = self.bytes(i) else { return Ok(None) };
        digits(b)
            .filter(|&v| v < 1 << 53)
            .map(|v| v as f64)
            .or_else(|| std::str::from_utf8(b).ok()?.parse().ok())
            .map(Some)
            .ok_or(Bad { column: i, what: "is not a number" })
    }
}

/// The value of a cell of at most 18 decimal digits and nothing else (the common case, read without
/// the general parser).
fn digits(b: &[u8]) -> Option<u64> {
    if b.len() > 18 {
        return None;
    }
    let mut v = 0u64;
    for &c in b {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v * 10 + u64::from(d);
    }
    Some(v)
}

/// The decimal digits at the start of `bytes`: their value and how many lead (0 to 7), read as one
/// eight-byte word (the digits found by a per-byte range test, their value by three multiplications
/// that join pairs of digits, then pairs of pairs, then pairs of those); `None` when fewer than eight
/// bytes are left or eight or more digits lead.
///
/// Why: a loop over the digits ends at an unforeseeable byte, and a mispredicted branch per number
/// cost more than the rest of reading an employment row.
#[inline]
pub(crate) fn leading_digits(bytes: &[u8]) -> Option<(u64, usize)> {
    let word = u64::from_le_bytes(*bytes.first_chunk::<8>()?);
    // Digits become 0..=9; a byte is not a digit when its high bit is set or it is above 9 (adding
    // 0x76 sets the high bit of 10..=0x7f). A carry only runs from a byte that is not a digit to the
    // bytes after it, so the first byte flagged is the first that is not a digit.
    let d = word ^ 0x3030_3030_3030_3030;
    let flags = (d.wrapping_add(0x7676_7676_7676_7676) | d) & 0x8080_8080_8080_8080;
    if flags == 0 {
        return None;
    }
    let n = (flags.trailing_zeros() / 8) as usize;
    if n == 0 {
        return Some((0, 0));
    }
    // The n digits moved to the top of the word, leading zeros below: an eight-digit number whose
    // first digit is in the lowest byte.
    let mut v = d << (64 - 8 * n as u32);
    v = (v.wrapping_mul(10).wrapping_add(v >> 8)) & 0x00ff_00ff_00ff_00ff;
    v = (v.wrapping_mul(100).wrapping_add(v >> 16)) & 0x0000_ffff_0000_ffff;
    v = (v.wrapping_mul(10_000).wrapping_add(v >> 32)) & 0xffff_ffff;
    Some((v, n))
}

/// One line read cell by cell from its start by a table's fast reader ([`CsvFile::fold_fast`]): each
/// step reads the next cell by a narrow rule and steps over the comma (or, after the last cell, the
/// line end) that must follow; `None` when the cell does not keep to the rule.
pub(crate) struct Plain<'a> {
    bytes: &'a [u8],
    at: usize,
    cell: usize,
    cells: usize,
}

impl<'a> Plain<'a> {
    /// The line at the start of `bytes`, which must have `cells` cells.
    pub(crate) fn new(bytes: &'a [u8], cells: usize) -> Plain<'a> {
        Plain { bytes, at: 0, cell: 0, cells }
    }

    /// What ends the current cell: a comma, or the line end after the last.
    #[inline]
    fn end(&self) -> u8 {
        if self.cell + 1 == self.cells { b'\n' } else { b',' }
    }

    /// Steps over the byte at `at` (and a line end's carriage return) when it ends the current cell.
    #[inline]
    fn close(&mut self, at: usize) -> Option<()> {
        let c = *self.bytes.get(at)?;
        let end = self.end();
        self.at = if c == end {
            at + 1
        } else if c == b'\r' && end == b'\n' && self.bytes.get(at + 1) == Some(&b'\n') {
            at + 2
        } else {
            return None;
        };
        self.cell += 1;
        Some(())
    }

    /// The next cell when it is `run`'s last (and its code); else `None`, the cell not read.
    #[inline]
    pub(crate) fn same_as(&mut self, run: &crate::codes::Run) -> Option<u32> {
        let (code, n) = run.prefix(&self.bytes[self.at..], self.end())?;
        self.at += n + 1;
        self.cell += 1;
        Some(code)
    }

    /// The next cell, with no space, comma or quote in it (empty where missing).
    #[inline]
    pub(crate) fn id(&mut self) -> Option<&'a [u8]> {
        let (start, mut p) = (self.at, self.at);
        loop {
            let c = *self.bytes.get(p)?;
            if c <= b' ' || c == b',' || c == b'"' {
                break;
            }
            p += 1;
        }
        self.close(p)?;
        Some(&self.bytes[start..p])
    }

    /// The next cell as a whole number of at most 15 decimal digits and nothing else (`Some(None)`
    /// where it is empty).
    #[inline]
    pub(crate) fn number(&mut self) -> Option<Option<u64>> {
        let rest = &self.bytes[self.at..];
        let (v, n) = match leading_digits(rest) {
            Some(found) => found,
            None => {
                let n = rest.iter().take(16).take_while(|c| c.is_ascii_digit()).count();
                if n > 15 {
                    return None;
                }
                (rest[..n].iter().fold(0u64, |v, &c| v * 10 + u64::from(c - b'0')), n)
            }
        };
        self.close(self.at + n)?;
        Some((n > 0).then_some(v))
    }

    /// Steps over the next cell, whatever it holds but quotes.
    #[inline]
    pub(crate) fn skip(&mut self) -> Option<()> {
        let mut p = self.at;
        loop {
            let c = *self.bytes.get(p)?;
            if matches!(c, b',' | b'\n' | b'\r' | b'"') {
                break;
            }
            p += 1;
        }
        self.close(p)
    }

    /// The line's length with its line end, once every cell is read; `None` for a blank line (which
    /// the general reader passes over).
    #[inline]
    pub(crate) fn done(&self) -> Option<usize> {
        debug_assert_eq!(self.cell, self.cells);
        let blank = self.cells == 1 && (self.at == 1 || (self.at == 2 && self.bytes[0] == b'\r'));
        (!blank).then_some(self.at)
    }
}

/// The positions of the commas, line ends and quotes of a block, in order.
///
/// Why not `memchr::memchr3_iter`: it is made for needles that are rare, and in these tables one byte
/// in five is a comma or a line end; a search that restarts after every match cost 0.9–1.4 s on the
/// 812 MB employment file on one core. This reads the block eight bytes at a time as a `u64` and
/// marks the matching bytes of 64 bytes at once in one bit mask (the exact zero-byte test of
/// Hacker's Delight §6-1 on the word XOR the byte repeated), then hands out the set bits: 0.28 s on
/// the same file, in safe and portable code.
struct Delims<'a> {
    bytes: &'a [u8],
    /// The offset of the 64 bytes `mask` is of.
    base: usize,
    /// One bit per byte of `bytes[base..base + 64]` still to hand out.
    mask: u64,
}

impl<'a> Delims<'a> {
    fn new(bytes: &'a [u8]) -> Delims<'a> {
        Delims { bytes, base: 0, mask: block_mask(bytes, 0) }
    }
}

impl Iterator for Delims<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        while self.mask == 0 {
            self.base += 64;
            if self.base >= self.bytes.len() {
                return None;
            }
            self.mask = block_mask(self.bytes, self.base);
        }
        let k = self.base + self.mask.trailing_zeros() as usize;
        self.mask &= self.mask - 1;
        Some(k)
    }
}

/// Bit `i` set where `bytes[at + i]` is a comma, a line end or a quote, for `i` in `0..64` (bytes
/// past the end count as none).
fn block_mask(bytes: &[u8], at: usize) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    /// The high bit of each zero byte of `y`, and no other bit.
    fn zero_bytes(y: u64) -> u64 {
        !(((y & LOW) + LOW) | y | LOW)
    }
    let mut tail = [0u8; 64];
    let block: &[u8; 64] = match bytes.get(at..at + 64) {
        Some(b) => b.try_into().expect("64 bytes"),
        None => {
            let rest = bytes.get(at..).unwrap_or_default();
            tail[..rest.len()].copy_from_slice(rest);
            &tail
        }
    };
    let mut mask = 0u64;
    for (k, word) in block.as_chunks::<8>().0.iter().enumerate() {
        let x = u64::from_le_bytes(*word);
        let hits = zero_bytes(x ^ (u64::from(b',') * ONES))
            | zero_bytes(x ^ (u64::from(b'\n') * ONES))
            | zero_bytes(x ^ (u64::from(b'"') * ONES));
        // The high bit of byte j moved to bit j of the top byte.
        mask |= (hits.wrapping_mul(0x0002_0408_1020_4081) >> 56) << (8 * k);
    }
    mask
}

/// Splits `line` into `cells`; a line with quotes is unquoted into `scratch` first. `Err(())` when the
/// line has an odd number of quotes (a quoted cell that goes on to the next line).
fn split<'a>(line: &'a [u8], scratch: &'a mut Vec<u8>, cells: &mut Vec<(u32, u32)>) -> Result<&'a [u8], ()> {
    cells.clear();
    if memchr::memchr(b'"', line).is_none() {
        let mut start = 0u32;
        for i in memchr::memchr_iter(b',', line) {
            cells.push((start, i as u32));
            start = i as u32 + 1;
        }
        cells.push((start, line.len() as u32));
        return Ok(line);
    }
    if memchr::memchr_iter(b'"', line).count() % 2 == 1 {
        return Err(());
    }
    scratch.clear();
    let (mut quoted, mut start, mut i) = (false, 0u32, 0);
    while i < line.len() {
        let c = line[i];
        match (quoted, c) {
            (true, b'"') if line.get(i + 1) == Some(&b'"') => {
                scratch.push(b'"');
                i += 1;
            }
            (true, b'"') => quoted = false,
            (false, b'"') => quoted = true,
            (false, b',') => {
                cells.push((start, scratch.len() as u32));
                start = scratch.len() as u32;
            }
            _ => scratch.push(c),
        }
        i += 1;
    }
    cells.push((start, scratch.len() as u32));
    Ok(scratch)
}

fn read_error(path: &Path, e: std::io::Error) -> EngineError {
    EngineError::Read { file: path.display().to_string(), message: e.to_string() }
}

impl CsvFile {
    /// Reads the header of the CSV file at `path`.
    pub(crate) fn open(path: &Path) -> Result<CsvFile, EngineError> {
        let mut file = File::open(path).map_err(|e| read_error(path, e))?;
        let len = file.metadata().map_err(|e| read_error(path, e))?.len();
        let mut head = Vec::new();
        let mut buf = vec![0u8; 64 * 1024];
        let end = loop {
            let n = file.read(&mut buf).map_err(|e| read_error(path, e))?;
            head.extend_from_slice(&buf[..n]);
            if let Some(end) = memchr::memchr(b'\n', &head) {
                break end;
            }
            if n == 0 {
                break head.len();
            }
        };
        let mut line = &head[..end];
        line = line.strip_suffix(b"\r").unwrap_or(line);
        line = line.strip_prefix("\u{feff}".as_bytes()).unwrap_or(line);
        let (mut scratch, mut cells) = (Vec::new(), Vec::new());
        let bad_header = || EngineError::Read {
            file: path.display().to_string(),
            message: "line 1: the header is malformed".into(),
        };
        let line = split(line, &mut scratch, &mut cells).map_err(|()| bad_header())?;
        let row = Row { line, cells: &cells };
        let columns = (0..cells.len())
            .map(|i| row.text(i).map(|t| t.unwrap_or_default().to_string()).map_err(|_| bad_header()))
            .collect::<Result<_, _>>()?;
        Ok(CsvFile { path: path.to_path_buf(), columns, body: (end as u64 + 1).min(len), len })
    }

    /// The header's cells.
    pub(crate) fn columns(&self) -> &[String] {
        &self.columns
    }

    /// The position of `column` in the header.
    pub(crate) fn column(&self, column: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == column)
    }

    /// Calls `row` on every row, the file split into `parts` byte ranges read on threads of their own,
    /// each folding into a `T` from `init`; the results in file order.
    pub(crate) fn fold<T: Send>(
        &self,
        parts: usize,
        init: impl Fn() -> T + Sync,
        row: impl Fn(&mut T, &Row<'_>) -> Result<(), Bad> + Sync,
    ) -> Result<Scan<T>, EngineError> {
        self.fold_fast(parts, init, None::<&fn(&mut T, &[u8]) -> Option<usize>>, row)
    }

    /// As [`CsvFile::fold`], with `fast` tried first on each line: given the bytes from the line's start
    /// to the end of those read, it reads the line by a narrower rule of its own and returns the line's
    /// length with its line end, or `None` when the line is not one it reads (a quote, a space, a
    /// number in another form, a line not whole in the bytes), having changed nothing `row` would not
    /// change in the same way; `row` then reads that line. A range where `fast` reads fewer than seven
    /// lines in eight goes on without it.
    pub(crate) fn fold_fast<T: Send, G: Fn(&mut T, &[u8]) -> Option<usize> + Sync>(
        &self,
        parts: usize,
        init: impl Fn() -> T + Sync,
        fast: Option<&G>,
        row: impl Fn(&mut T, &Row<'_>) -> Result<(), Bad> + Sync,
    ) -> Result<Scan<T>, EngineError> {
        let parts = parts.max(1) as u64;
        let size = self.len - self.body;
        let stop = AtomicBool::new(false);
        let (init, row, stop) = (&init, &row, &stop);
        let results: Vec<Result<Option<T>, EngineError>> = std::thread::scope(|scope| {
            let threads: Vec<_> = (0..parts)
                .map(|k| {
                    let (start, end) = (self.body + size * k / parts, self.body + size * (k + 1) / parts);
                    scope.spawn(move || {
                        let mut acc = init();
                        let r = self.range(start, end, &mut acc, fast, row, stop);
                        if !matches!(r, Ok(true)) {
                            stop.store(true, Ordering::Relaxed);
                        }
                        r.map(|complete| complete.then_some(acc))
                    })
                })
                .collect();
            threads.into_iter().map(|t| t.join().expect("a CSV reader thread panicked")).collect()
        });
        let mut out = Vec::with_capacity(results.len());
        let mut quoted = false;
        for r in results {
            match r? {
                Some(t) => out.push(t),
                None => quoted = true,
            }
        }
        Ok(if quoted { Scan::Quoted } else { Scan::Done(out) })
    }

    /// The rows that start in `start..end`; `Ok(false)` when a line has an odd number of quotes or
    /// another range stopped.
    fn range<T, G: Fn(&mut T, &[u8]) -> Option<usize>, F: Fn(&mut T, &Row<'_>) -> Result<(), Bad>>(
        &self,
        start: u64,
        end: u64,
        acc: &mut T,
        mut fast: Option<&G>,
        row: &F,
        stop: &AtomicBool,
    ) -> Result<bool, EngineError> {
        let mut file = File::open(&self.path).map_err(|e| read_error(&self.path, e))?;
        // A range that does not start a line begins after the line it cuts (which the range before
        // reads): read from the byte before and skip to the first line end.
        let mut at = if start > self.body { start - 1 } else { start };
        file.seek(SeekFrom::Start(at)).map_err(|e| read_error(&self.path, e))?;
        let mut skip = start > self.body;
        let mut buf: Vec<u8> = Vec::with_capacity(BLOCK * 2);
        let (mut scratch, mut cells) = (Vec::new(), Vec::new());
        // Lines `fast` read and lines it left to `row`.
        let (mut hits, mut misses) = (0u64, 0u64);
        // `at` is the file offset of `buf[0]`.
        loop {
            if stop.load(Ordering::Relaxed) {
                return Ok(false);
            }
            let filled = buf.len();
            buf.resize(filled + BLOCK, 0);
            let n = file.read(&mut buf[filled..]).map_err(|e| read_error(&self.path, e))?;
            buf.truncate(filled + n);
            let eof = n == 0;
            let mut pos = 0;
            if skip {
                match memchr::memchr(b'\n', &buf) {
                    Some(i) => {
                        pos = i + 1;
                        skip = false;
                    }
                    None if eof => return Ok(true),
                    None => continue,
                }
            }
            let next = match fast {
                Some(g) => {
                    let counts = (&mut hits, &mut misses);
                    self.fast_lines(&buf, pos, eof, at, end, acc, &mut fast, g, row, &mut scratch, &mut cells, counts)?
                }
                None => self.lines(&buf, pos, eof, at, end, acc, row, &mut scratch, &mut cells)?,
            };
            match next {
                Next::Done(complete) => return Ok(complete),
                Next::More(rest) => {
                    buf.drain(..rest);
                    at += rest as u64;
                }
            }
        }
    }

    /// Reads the complete lines of `buf` from `pos` (`at`: the file offset of `buf[0]`; `eof`: nothing
    /// follows `buf`). Commas, line ends and quotes are found by one pass over the block ([`Delims`]),
    /// not line by line (a line is a few dozen bytes, where a search's start-up cost counts); a line
    /// with a quote is read by [`split`].
    #[allow(clippy::too_many_arguments)]
    fn lines<T, F: Fn(&mut T, &Row<'_>) -> Result<(), Bad>>(
        &self,
        buf: &[u8],
        mut pos: usize,
        eof: bool,
        at: u64,
        end: u64,
        acc: &mut T,
        row: &F,
        scratch: &mut Vec<u8>,
        cells: &mut Vec<(u32, u32)>,
    ) -> Result<Next, EngineError> {
        let mut emit =
            |line: &[u8], cells: &[(u32, u32)], offset: usize| self.emit(acc, row, line, cells, at + offset as u64);
        'lines: loop {
            if at + pos as u64 >= end {
                return Ok(Next::Done(true));
            }
            cells.clear();
            let (mut line, mut cell) = (pos, pos);
            for k in Delims::new(&buf[pos..]) {
                let i = pos + k;
                match buf[i] {
                    b',' => {
                        cells.push(((cell - line) as u32, (i - line) as u32));
                        cell = i + 1;
                    }
                    b'\n' => {
                        let stop = if i > line && buf[i - 1] == b'\r' { i - 1 } else { i };
                        if stop > line {
                            cells.push(((cell.min(stop) - line) as u32, (stop - line) as u32));
                            emit(&buf[line..stop], cells, line)?;
                        }
                        cells.clear();
                        (line, cell) = (i + 1, i + 1);
                        if at + line as u64 >= end {
                            return Ok(Next::Done(true));
                        }
                    }
                    _ => {
                        let (text, next) = match memchr::memchr(b'\n', &buf[i..]) {
                            Some(e) => (&buf[line..i + e], i + e + 1),
                            None if eof => (&buf[line..], buf.len()),
                            None => return Ok(Next::More(line)),
                        };
                        let text = text.strip_suffix(b"\r").unwrap_or(text);
                        let Ok(unquoted) = split(text, scratch, cells) else { return Ok(Next::Done(false)) };
                        emit(unquoted, cells, line)?;
                        pos = next;
                        continue 'lines;
                    }
                }
            }
            if !eof {
                return Ok(Next::More(line));
            }
            let stop = if buf.len() > line && buf[buf.len() - 1] == b'\r' { buf.len() - 1 } else { buf.len() };
            if stop > line {
                cells.push(((cell.min(stop) - line) as u32, (stop - line) as u32));
                emit(&buf[line..stop], cells, line)?;
            }
            return Ok(Next::Done(true));
        }
    }

    /// Hands the row of `line` split at `cells` (starting at byte `offset` of the file) to `row`.
    fn emit<T, F: Fn(&mut T, &Row<'_>) -> Result<(), Bad>>(
        &self,
        acc: &mut T,
        row: &F,
        line: &[u8],
        cells: &[(u32, u32)],
        offset: u64,
    ) -> Result<(), EngineError> {
        if cells.len() != self.columns.len() {
            return Err(self.cell_error(offset, None, "has a different number of cells than the header"));
        }
        row(acc, &Row { line, cells }).map_err(|bad| self.cell_error(offset, Some(bad.column), bad.what))
    }

    /// As [`CsvFile::lines`], each line offered to `fast` first (`counts`: the lines it read and those
    /// it left so far in the range); when it leaves more than one line in eight (after the first 64),
    /// `fast_on` is cleared and the rest of `buf` read by `lines`.
    #[allow(clippy::too_many_arguments)]
    fn fast_lines<T, G: Fn(&mut T, &[u8]) -> Option<usize>, F: Fn(&mut T, &Row<'_>) -> Result<(), Bad>>(
        &self,
        buf: &[u8],
        mut pos: usize,
        eof: bool,
        at: u64,
        end: u64,
        acc: &mut T,
        fast_on: &mut Option<&G>,
        fast: &G,
        row: &F,
        scratch: &mut Vec<u8>,
        cells: &mut Vec<(u32, u32)>,
        (hits, misses): (&mut u64, &mut u64),
    ) -> Result<Next, EngineError> {
        loop {
            if at + pos as u64 >= end {
                return Ok(Next::Done(true));
            }
            let rest = &buf[pos..];
            if let Some(n) = fast(acc, rest) {
                *hits += 1;
                pos += n;
                continue;
            }
            let (text, next) = match memchr::memchr(b'\n', rest) {
                Some(e) => (&rest[..e], pos + e + 1),
                None if eof => (rest, buf.len()),
                None => return Ok(Next::More(pos)),
            };
            *misses += 1;
            let text = text.strip_suffix(b"\r").unwrap_or(text);
            if !text.is_empty() {
                let Ok(unquoted) = split(text, scratch, cells) else { return Ok(Next::Done(false)) };
                self.emit(acc, row, unquoted, cells, at + pos as u64)?;
            }
            pos = next;
            if *misses > 64 && *misses * 8 > *hits {
                *fast_on = None;
                return self.lines(buf, pos, eof, at, end, acc, row, scratch, cells);
            }
        }
    }

    /// An error at the row starting at byte `offset` (its line number counted from the file's start).
    fn cell_error(&self, offset: u64, column: Option<usize>, what: &str) -> EngineError {
        let line = File::open(&self.path)
            .and_then(|f| {
                let mut lines = 1u64;
                let mut rest = f.take(offset);
                let mut buf = vec![0u8; BLOCK];
                loop {
                    let n = rest.read(&mut buf)?;
                    if n == 0 {
                        return Ok(lines);
                    }
                    lines += memchr::memchr_iter(b'\n', &buf[..n]).count() as u64;
                }
            })
            .unwrap_or(0);
        let message = match column {
            Some(c) => format!("line {line}: {}: the cell {what}", self.columns[c]),
            None => format!("line {line}: the row {what}"),
        };
        EngineError::Read { file: self.path.display().to_string(), message }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use chiiki_testkit::SplitMix;

    use super::{CsvFile, Delims, Scan, leading_digits};

    fn file(text: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(text.as_bytes()).unwrap();
        f
    }

    /// Every row once, in order, whatever the number of ranges (ranges that cut lines, lines longer
    /// than a range, a last line without a line end, CRLF, blank lines, quoted cells with commas and
    /// doubled quotes), each cell trimmed.
    #[test]
    fn every_row_once_whatever_the_ranges() {
        let mut text = String::from("\u{feff}id,name,n\r\n");
        let mut expected = Vec::new();
        for i in 0..500 {
            let name = match i % 4 {
                0 => format!("\"org, {i}\""),
                1 => format!("\"a \"\"b\"\" {i}\""),
                2 => format!("  plain {i} "),
                _ => String::new(),
            };
            text.push_str(&format!("o{i},{name},{}\r\n", i * 3));
            if i % 50 == 0 {
                text.push('\n');
            }
            let unquoted = match i % 4 {
                0 => Some(format!("org, {i}")),
                1 => Some(format!("a \"b\" {i}")),
                2 => Some(format!("plain {i}")),
                _ => None,
            };
            expected.push((format!("o{i}"), unquoted, i64::from(i) * 3));
        }
        text.push_str("last,x,7");
        expected.push(("last".into(), Some("x".into()), 7));
        let f = file(&text);
        let csv = CsvFile::open(f.path()).unwrap();
        assert_eq!(csv.column("n"), Some(2));
        for parts in [1, 2, 3, 7, 64, 5000] {
            let Scan::Done(chunks) = csv
                .fold(parts, Vec::new, |acc: &mut Vec<(String, Option<String>, i64)>, row| {
                    let id = row.text(0)?.unwrap().to_string();
                    acc.push((id, row.text(1)?.map(str::to_string), row.int(2)?.unwrap()));
                    Ok(())
                })
                .unwrap()
            else {
                panic!("no cell spans lines")
            };
            let got: Vec<_> = chunks.into_iter().flatten().collect();
            assert_eq!(got, expected, "{parts} ranges");
        }
    }

    /// A quoted cell holding a line break makes the reader give up, whichever range sees it.
    #[test]
    fn a_cell_across_lines_gives_up() {
        let f = file("id,name\na,\"two\nlines\"\nb,c\n");
        let csv = CsvFile::open(f.path()).unwrap();
        for parts in [1, 2, 3, 10] {
            let scan = csv.fold(parts, || (), |_, _| Ok(())).unwrap();
            assert!(matches!(scan, Scan::Quoted), "{parts} ranges");
        }
    }

    /// A number that does not parse and a row with a cell too many are errors naming the line and the
    /// column.
    #[test]
    fn bad_cells_name_line_and_column() {
        let f = file("id,year\na,2001\nb,2002\nc,20x3\n");
        let csv = CsvFile::open(f.path()).unwrap();
        let err = csv.fold(2, || (), |_, row| row.int(1).map(|_| ())).err().unwrap().to_string();
        assert!(err.contains("line 4: year: the cell is not a whole number"), "{err}");
        let f = file("id,year\na,2001\nb,2002,9\n");
        let csv = CsvFile::open(f.path()).unwrap();
        let err = csv.fold(1, || (), |_, _| Ok(())).err().unwrap().to_string();
        assert!(err.contains("line 3: the row has a different number of cells than the header"), "{err}");
    }

    /// The block search finds exactly the commas, line ends and quotes a byte-by-byte look finds, in
    /// order, at every length around the 64-byte blocks and next to every other byte value (the
    /// zero-byte test must not mark a byte beside a match, nor one with the high bit set).
    #[test]
    fn delimiters_as_a_byte_by_byte_look_finds_them() {
        let mut rng = SplitMix(0x9e37_79b9_7f4a_7c15u64);
        let mut next = || rng.next_u64();
        let alphabet: Vec<u8> = (0..=255).collect();
        for len in (0..200).chain([511, 512, 513, 4096]) {
            for _ in 0..20 {
                let bytes: Vec<u8> = (0..len)
                    .map(|_| match next() % 4 {
                        0 => b",\n\"\r"[(next() % 4) as usize],
                        _ => alphabet[(next() % 256) as usize],
                    })
                    .collect();
                let want: Vec<usize> = (0..len).filter(|&i| matches!(bytes[i], b',' | b'\n' | b'"')).collect();
                assert_eq!(Delims::new(&bytes).collect::<Vec<_>>(), want, "{len} bytes");
            }
        }
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(Delims::new(&all).collect::<Vec<_>>(), vec![10, 34, 44]);
    }

    /// The eight-byte digit reader gives the value and count a byte-by-byte look gives, for every
    /// number of leading digits and every byte after them.
    #[test]
    fn leading_digits_as_a_byte_by_byte_look_reads_them() {
        let mut rng = SplitMix(0x853c_49e6_748f_ea9bu64);
        let mut next = || rng.next_u64();
        for n in 0..=9usize {
            for stop in 0..=255u8 {
                let mut bytes: Vec<u8> = (0..n).map(|_| b'0' + (next() % 10) as u8).collect();
                bytes.push(stop);
                bytes.extend((0..8).map(|_| (next() % 256) as u8));
                let lead = bytes.iter().take_while(|c| c.is_ascii_digit()).count();
                let want =
                    (lead < 8).then(|| (bytes[..lead].iter().fold(0u64, |v, &c| v * 10 + u64::from(c - b'0')), lead));
                assert_eq!(leading_digits(&bytes), want, "{bytes:?}");
            }
        }
        assert_eq!(leading_digits(b"9999999,"), Some((9_999_999, 7)));
        assert_eq!(leading_digits(b"0000001\n"), Some((1, 7)));
        assert_eq!(leading_digits(b"12,"), None, "fewer than eight bytes");
    }
}
