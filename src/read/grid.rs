//! Markdown tables as web copies of gazettes carry them: `| a | b |` rows
//! under a header and a `|---|` separator. A PDF page break splits a table
//! into fragments whose header row is empty; [`blocks`] marks those so a
//! reader can rejoin them to the table above.

use crate::read::lines::Line;

/// One markdown table fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub header: Vec<String>,
    /// Data rows with their source line numbers.
    pub rows: Vec<(usize, Vec<String>)>,
    /// Index range of the block's lines in the slice given to [`blocks`].
    pub range: std::ops::Range<usize>,
    /// The header row is all empty: a continuation of the table above.
    pub continuation: bool,
}

/// Splits a markdown row into trimmed cells. Escaped pipes (`\|`) stay inside
/// their cell.
pub fn cells(line: &str) -> Vec<String> {
    let t = line.trim();
    let inner = t.strip_prefix('|').unwrap_or(t);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    // Cells are slices of the line, copied once; the pipe and the backslash
    // are ASCII, so a byte scan never cuts a character.
    let cell = |s: &str, escaped: bool| if escaped { s.trim().replace("\\|", "|") } else { s.trim().to_string() };
    let bytes = inner.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut escaped, mut i) = (0, false, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if bytes.get(i + 1) == Some(&b'|') => {
                escaped = true;
                i += 2;
            }
            b'|' => {
                out.push(cell(&inner[start..i], escaped));
                (start, escaped, i) = (i + 1, false, i + 1);
            }
            _ => i += 1,
        }
    }
    out.push(cell(&inner[start..], escaped));
    out
}

fn is_separator(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|') && t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// Finds every table fragment: a `|` header line followed by a separator.
pub fn blocks(lines: &[Line<'_>]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < lines.len() {
        let head = lines[i].text();
        if head.starts_with('|') && is_separator(lines[i + 1].text()) {
            let header = cells(head);
            let mut rows = Vec::new();
            let mut j = i + 2;
            while j < lines.len() && lines[j].text().starts_with('|') {
                rows.push((lines[j].no, cells(lines[j].text())));
                j += 1;
            }
            let continuation = header.iter().all(|h| h.is_empty());
            out.push(Block { header, rows, range: i..j, continuation });
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::lines::split_lines;

    #[test]
    fn finds_fragments_and_continuations() {
        let text =
            "前言\n| 序号 | 工作任务 |\n|----|----|\n| 1 | 甲 |\n| | 乙 \\| 丙 |\n\n| | |\n|---|---|\n| 2 | 丁 |\n";
        let lines = split_lines(text);
        let b = blocks(&lines);
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].header, ["序号", "工作任务"]);
        assert_eq!(b[0].rows[1], (5, vec!["".to_string(), "乙 | 丙".to_string()]));
        assert!(!b[0].continuation && b[1].continuation);
        assert_eq!(b[1].rows, vec![(9, vec!["2".to_string(), "丁".to_string()])]);
        assert_eq!(b[0].range, 1..5);
    }

    #[test]
    fn cells_are_trimmed_and_keep_escaped_pipes_and_lone_backslashes() {
        assert_eq!(cells("| 1 |  市发改委 \\| 市财政局 | 2023年底\\ |"), ["1", "市发改委 | 市财政局", "2023年底\\"]);
        assert_eq!(cells("|\\|| |"), ["|", ""]);
        assert_eq!(cells("无竖线"), ["无竖线"]);
    }
}
