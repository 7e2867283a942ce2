//! Bytes → text. Gazettes arrive as UTF-8, as GB18030/GBK from older Windows
//! tools, or as UTF-16 (with a BOM from Word's "Unicode text", or without);
//! all are text.
//! A binary or empty file is refused with a reason.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};
use std::borrow::Cow;

/// The encodings duban recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Gb18030,
}

impl TextEncoding {
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Gb18030 => "GB18030",
        }
    }
}

/// Why bytes are not a readable gazette.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("文件是空的")]
    Empty,
    #[error("不是文本文件（含有二进制数据，第 {offset} 字节附近）")]
    Binary { offset: usize },
    #[error("无法识别文件编码（不是 UTF-8、GB18030/GBK 或 UTF-16）")]
    UnknownEncoding,
}

/// Decodes a whole file, detecting its encoding. Line endings are kept as
/// they are; readers split on `\n` and trim `\r`. UTF-8 is borrowed, not
/// copied: a province's progress sheet is 120 MB.
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, TextEncoding), DecodeError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DecodeError::Empty);
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let kind = if enc == UTF_8 {
            TextEncoding::Utf8
        } else if enc == UTF_16LE {
            TextEncoding::Utf16Le
        } else {
            TextEncoding::Utf16Be
        };
        let text = strict(enc, &bytes[bom_len..]).ok_or(DecodeError::UnknownEncoding)?;
        return checked(text, kind);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return checked(Cow::Borrowed(text), TextEncoding::Utf8);
    }
    if let Some(kind) = looks_like_utf16(bytes) {
        let enc = if kind == TextEncoding::Utf16Le { UTF_16LE } else { UTF_16BE };
        if let Some(text) = strict(enc, bytes).filter(|t| has_cjk(t)) {
            return checked(text, kind);
        }
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(DecodeError::Binary { offset });
    }
    match strict(GB18030, bytes) {
        Some(text) if has_cjk(&text) => checked(text, TextEncoding::Gb18030),
        _ => Err(DecodeError::UnknownEncoding),
    }
}

fn strict<'b>(enc: &'static Encoding, bytes: &'b [u8]) -> Option<Cow<'b, str>> {
    enc.decode_without_bom_handling_and_without_replacement(bytes)
}

/// UTF-16 without a BOM shows as NUL bytes on one side of each pair: the
/// high byte of every ASCII character (line breaks, digits). A Chinese
/// gazette has few of those, 1–2% of its characters in places, and a few
/// NULs on the other side from characters such as U+3000 (the full-width
/// space), so the test is which side has clearly more, not how many.
/// Whether the whole file then decodes strictly, as text with Chinese in
/// it, is checked by the caller.
fn looks_like_utf16(bytes: &[u8]) -> Option<TextEncoding> {
    let sample = &bytes[..bytes.len().min(65536) & !1];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let even_nul = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = sample.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let clearly = |more: usize, fewer: usize| more >= 2 && more * 100 >= pairs && more >= 4 * fewer;
    if clearly(odd_nul, even_nul) {
        Some(TextEncoding::Utf16Le)
    } else if clearly(even_nul, odd_nul) {
        Some(TextEncoding::Utf16Be)
    } else {
        None
    }
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(crate::text::is_cjk)
}

/// Text with control characters other than line breaks and tabs is a binary
/// file that happened to decode.
fn checked(text: Cow<'_, str>, kind: TextEncoding) -> Result<(Cow<'_, str>, TextEncoding), DecodeError> {
    // Counted on the UTF-8 bytes, not decoded characters: a province's
    // archive is hundreds of megabytes. A character is a byte that does not
    // continue one (as i8, not below -64); C0 controls and DEL are single
    // bytes (tab, line feed, vertical tab, form feed and carriage return,
    // 9–13, are text); C1 controls (U+0080–U+009F) are 0xC2 then 0x80–0x9F.
    let bytes = text.as_bytes();
    if let Some(offset) = memchr::memchr(0, bytes) {
        return Err(DecodeError::Binary { offset });
    }
    let total = count_bytes(bytes, |b| b as i8 >= -0x40);
    let c0 = count_bytes(bytes, |b| (b < 0x20 && !(9..=13).contains(&b)) || b == 0x7f);
    let c1 = memchr::memchr_iter(0xC2, bytes)
        .filter(|&i| bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)))
        .count();
    if (c0 + c1) * 100 > total.max(1) {
        return Err(DecodeError::Binary { offset: 0 });
    }
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok((text, kind))
}

/// How many bytes match, in blocks summed in 32 bits: a loop the compiler
/// turns into vector instructions, where a count over the whole slice in
/// `usize` stays a byte at a time.
fn count_bytes(bytes: &[u8], matches: impl Fn(u8) -> bool) -> usize {
    bytes.chunks(1 << 16).map(|block| block.iter().map(|&b| u32::from(matches(b))).sum::<u32>() as usize).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "林芝市人民政府关于印发 2023年林芝市\n《政府工作报告》重点任务分解方案的通知\n";

    #[test]
    fn reads_utf8_gb18030_and_utf16() {
        assert_eq!(decode(SAMPLE.as_bytes()).unwrap(), (SAMPLE.into(), TextEncoding::Utf8));
        assert!(matches!(decode(SAMPLE.as_bytes()).unwrap().0, Cow::Borrowed(_)), "UTF-8 is not copied");
        let (gbk, _, _) = GB18030.encode(SAMPLE);
        assert_eq!(decode(&gbk).unwrap(), (SAMPLE.into(), TextEncoding::Gb18030));
        let mut le = vec![0xFF, 0xFE];
        le.extend(SAMPLE.encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode(&le).unwrap(), (SAMPLE.into(), TextEncoding::Utf16Le));
        let mut be = vec![0xFE, 0xFF];
        be.extend(SAMPLE.encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(&be).unwrap(), (SAMPLE.into(), TextEncoding::Utf16Be));
        let mut bom8 = vec![0xEF, 0xBB, 0xBF];
        bom8.extend(SAMPLE.as_bytes());
        assert_eq!(decode(&bom8).unwrap().0, SAMPLE);
    }

    #[test]
    fn reads_utf16_without_a_bom_even_when_it_is_almost_all_chinese() {
        // A seed in which some 4 KiB stretches are 99% Chinese, with
        // full-width spaces whose low byte is NUL.
        let seed = include_str!("../../data/gazettes/linzhi_2020_no3.txt");
        let le: Vec<u8> = seed.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(decode(&le).unwrap(), (seed.into(), TextEncoding::Utf16Le));
        let be: Vec<u8> = seed.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(decode(&be).unwrap(), (seed.into(), TextEncoding::Utf16Be));
        let short: Vec<u8> = SAMPLE.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(decode(&short).unwrap().1, TextEncoding::Utf16Le);
    }

    #[test]
    fn refuses_empty_and_binary() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b"  \n\n"), Err(DecodeError::Empty));
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0";
        assert!(matches!(decode(png), Err(DecodeError::Binary { .. })));
        let random: Vec<u8> = (0..2000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
        assert!(decode(&random).is_err());
        // The offset is the NUL's byte, after two three-byte characters.
        assert_eq!(decode("督查\0室".as_bytes()), Err(DecodeError::Binary { offset: 6 }));
    }

    /// One control character in a hundred characters is text, two are not,
    /// whatever the characters' byte lengths; C1 controls count, other
    /// two-byte characters do not.
    #[test]
    fn control_characters_are_counted_among_characters_not_bytes() {
        let text = |n: usize, tail: &str| format!("{}{tail}", "督".repeat(n));
        let binary = |t: String| matches!(decode(t.as_bytes()), Err(DecodeError::Binary { offset: 0 }));
        assert_eq!(decode(text(99, "\u{85}").as_bytes()).unwrap().1, TextEncoding::Utf8);
        assert!(binary(text(98, "\u{85}\u{9f}")));
        assert!(binary(text(98, "\u{1}\u{7f}")));
        assert!(!binary(text(98, "\u{1}\n")) && !binary(text(98, "\u{a0}\u{100}")));
    }
}
