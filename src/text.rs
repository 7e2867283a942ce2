//! Small text normalisations shared by the readers: gazettes extracted from
//! PDFs and web pages mix full-width and ASCII punctuation, pad names with
//! spaces and break words over lines.

/// Maps ASCII punctuation copied from web pages to the full-width forms the
/// gazettes print, and full-width digits/letters to ASCII, so one pattern
/// matches both. Leaves everything else alone.
pub fn fold_punct(s: &str) -> String {
    // Most names have nothing to fold: copied whole, not char by char.
    if s.chars().all(|c| fold_char(c) == c) {
        return s.to_string();
    }
    s.chars().map(fold_char).collect()
}

/// The per-character mapping behind [`fold_punct`].
pub fn fold_char(c: char) -> char {
    match c {
        ':' => '：',
        ',' => '，',
        ';' => '；',
        '(' => '（',
        ')' => '）',
        '[' | '【' => '〔',
        ']' | '】' => '〕',
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// True for CJK ideographs (the characters names and titles are made of).
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}

/// Removes every whitespace character: inside Chinese text a space is an
/// artefact of extraction (a line break or padding), never a word boundary.
pub fn squeeze(s: &str) -> String {
    if !s.contains(char::is_whitespace) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    squeeze_into(&mut out, s);
    out
}

/// [`squeeze`] onto the end of `out`, for texts joined from many lines.
pub fn squeeze_into(out: &mut String, s: &str) {
    out.extend(s.chars().filter(|c| !c.is_whitespace()));
}

/// The width of a text with its whitespace squeezed out, without building
/// the squeezed text (the flat-table reader asks this of every line).
pub fn squeezed_width(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

/// Removes whitespace only between two CJK characters (or CJK and
/// punctuation), keeping "G219 墨脱" style spaces around Latin and digits
/// readable while "巩固提升 工作方案" becomes one word.
pub fn join_cjk(s: &str) -> String {
    let s = s.trim();
    if !s.contains(char::is_whitespace) {
        return s.to_string();
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            let prev = out.chars().last();
            let mut j = i;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            let next = chars.get(j).copied();
            let glue = match (prev, next) {
                (Some(p), Some(n)) => !(p.is_ascii_alphanumeric() && n.is_ascii_alphanumeric()),
                _ => true,
            };
            if !glue {
                out.push(' ');
            }
            i = j;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Counts characters, not bytes: line widths in a flattened PDF table are
/// measured in glyphs.
pub fn width(s: &str) -> usize {
    s.chars().count()
}

/// Strips markdown emphasis (`**…**`) that web copies of gazettes carry.
pub fn strip_emphasis(s: &str) -> String {
    s.replace("**", "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_ascii_punctuation_and_digits() {
        assert_eq!(fold_punct("(责任单位:市人社局,财政局;)"), "（责任单位：市人社局，财政局；）");
        assert_eq!(fold_punct("【牵头】２０２５"), "〔牵头〕2025");
        assert_eq!(fold_punct("市人社局、财政局（牵头）"), "市人社局、财政局（牵头）");
    }

    #[test]
    fn joins_cjk_but_keeps_latin_spaces() {
        assert_eq!(join_cjk("林芝市 2020 年创建全国民族团结进步 示范市"), "林芝市2020年创建全国民族团结进步示范市");
        assert_eq!(join_cjk("推动 G219 墨脱"), "推动G219墨脱");
        assert_eq!(join_cjk("AEO 认证 ISO 9001"), "AEO认证ISO 9001");
        // Nothing inside to join: only the ends are trimmed.
        assert_eq!(join_cjk(" \u{3000}市督查室\t"), "市督查室");
    }

    #[test]
    fn squeeze_removes_all_space() {
        assert_eq!(squeeze(" 赵 俊\t"), "赵俊");
        assert_eq!(squeeze("赵俊"), "赵俊");
    }
}
