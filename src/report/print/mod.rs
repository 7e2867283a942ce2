//! Printable documents: the department report and the 督办单, as HTML pages
//! with print CSS (A4, Chinese fonts, rows never cut across pages) and as
//! Markdown.

pub mod department;
pub mod notice;

use std::io::{self, Write};

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The print stylesheet shared by every page.
const CSS: &str = r#"
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "SimSun", "Songti SC", serif;
       font-size: 10.5pt; line-height: 1.5; color: #000; margin: 0; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 4pt; letter-spacing: 2pt; }
h2 { font-size: 13pt; margin: 14pt 0 6pt; break-after: avoid; page-break-after: avoid; }
.meta { text-align: center; margin-bottom: 10pt; }
.summary { margin: 6pt 0 10pt; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
thead { display: table-header-group; }
th, td { border: 0.6pt solid #000; padding: 3pt 4pt; vertical-align: top; word-break: break-all; overflow-wrap: anywhere; }
th { background: #eee; font-weight: bold; text-align: center; }
tr, td { break-inside: avoid; page-break-inside: avoid; }
.light { display: inline-block; padding: 0 3pt; border: 0.6pt solid #000; white-space: nowrap; }
.light-red { background: #f6c5c5; } .light-yellow { background: #f9eeb0; } .light-green { background: #cfe9c8; }
.small { font-size: 9pt; color: #333; }
.footer { margin-top: 14pt; text-align: right; }
.notice { border: 2pt solid #000; padding: 10pt 14pt; }
.notice-red { border-color: #b00000; } .notice-yellow { border-color: #b08800; } .notice-blue { border-color: #1d4f9c; }
.notice h1 { margin-bottom: 10pt; }
.notice-red h1 { color: #b00000; } .notice-yellow h1 { color: #8a6a00; } .notice-blue h1 { color: #1d4f9c; }
.notice td.label { width: 22%; background: #f4f4f4; font-weight: bold; }
"#;

/// Writes a complete HTML page around what `body` writes: a department's
/// report runs to tens of megabytes, and is written as it is made rather
/// than held.
pub fn page(out: &mut dyn Write, title: &str, body: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        escape(title)
    )?;
    body(out)?;
    out.write_all(b"\n</body>\n</html>\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("<b>\"市财政局\" & 'x'</b>"), "&lt;b&gt;&quot;市财政局&quot; &amp; &#39;x&#39;&lt;/b&gt;");
    }
}
