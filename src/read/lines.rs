//! The text of a gazette as numbered lines. Extraction marks a new PDF page
//! with a leading space; the flat-table reader needs that mark, so it is kept.

use regex::Regex;
use std::sync::LazyLock;

/// Page headers and footers the extraction left between the lines of a page
/// break: "— 18 —", "市政府文件 2023 年·第一期", "第 3 页", "3/12".
static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[—\-－–]\s*\d+\s*[—\-－–]$|年\s*·\s*第.{1,3}期|^第\s*\d+\s*页|^\d+\s*/\s*\d+$").expect("valid regex")
});

/// One line of the source, 1-based `no` as an editor shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    pub no: usize,
    /// The line without its line ending (and without a trailing `\r`).
    pub raw: &'a str,
}

impl<'a> Line<'a> {
    /// The line without surrounding whitespace.
    pub fn text(&self) -> &'a str {
        self.raw.trim()
    }

    pub fn is_blank(&self) -> bool {
        self.raw.trim().is_empty()
    }

    /// A page header or footer, not part of the text.
    pub fn is_furniture(&self) -> bool {
        FURNITURE.is_match(self.text())
    }

    /// A page of the PDF starts here: the extractor indented its first line
    /// by one space.
    pub fn starts_page(&self) -> bool {
        self.raw.starts_with(' ') && !self.raw.starts_with("  ") && !self.is_blank()
    }
}

/// Splits text into numbered lines. A file's last line may lack its newline.
pub fn split_lines(text: &str) -> Vec<Line<'_>> {
    text.split('\n')
        .enumerate()
        .map(|(i, raw)| Line { no: i + 1, raw: raw.strip_suffix('\r').unwrap_or(raw) })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_lines_and_sees_page_starts() {
        let lines = split_lines("a\r\n 10\n\n  indented\nlast");
        assert_eq!(lines.len(), 5);
        assert_eq!((lines[0].no, lines[0].raw), (1, "a"));
        assert!(lines[1].starts_page());
        assert!(lines[2].is_blank() && !lines[2].starts_page());
        assert!(!lines[3].starts_page());
        assert_eq!(lines[4].text(), "last");
    }

    #[test]
    fn page_furniture() {
        for t in ["— 18 —", "市政府文件 2023 年·第一期", "第 3 页", "3/12"] {
            assert!(Line { no: 1, raw: t }.is_furniture(), "{t}");
        }
        assert!(!Line { no: 1, raw: "2. 创新培训模式。" }.is_furniture());
    }
}
