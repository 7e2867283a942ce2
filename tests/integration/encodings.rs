//! A gazette saved as GB18030/GBK or UTF-16 (with or without a BOM) is the same text:
//! converted copies of seed 001 give exactly the tasks of the original.

use crate::util::{gazette, Env};
use serde_json::Value;

/// The tasks of a file as exported, without the source file name.
fn tasks_of(path: &std::path::Path) -> (Vec<Value>, String) {
    let env = Env::new();
    let run = env.duban(&["import".as_ref(), path.as_os_str()]).ok();
    let mut tasks = env.duban(&["export", "tasks", "--format", "json"]).ok().json().as_array().unwrap().clone();
    for t in &mut tasks {
        t["plan"]["source"] = Value::Null;
    }
    (tasks, run.stdout)
}

#[test]
fn gb18030_and_utf16_copies_read_the_same() {
    let original = gazette("linzhi_2023_no1.txt");
    let text = std::fs::read_to_string(&original).unwrap();
    let dir = tempfile::tempdir().unwrap();

    let gbk = dir.path().join("公报 GBK.txt");
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    std::fs::write(&gbk, &bytes).unwrap();

    let utf16 = dir.path().join("公报 UTF-16.txt");
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    std::fs::write(&utf16, le).unwrap();

    let utf16be = dir.path().join("公报 UTF-16BE.txt");
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
    std::fs::write(&utf16be, be).unwrap();

    // Without a BOM, as some tools save "Unicode" text.
    let bare_le = dir.path().join("公报 UTF-16 无BOM.txt");
    std::fs::write(&bare_le, text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect::<Vec<u8>>()).unwrap();
    let bare_be = dir.path().join("公报 UTF-16BE 无BOM.txt");
    std::fs::write(&bare_be, text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect::<Vec<u8>>()).unwrap();

    let (expected, out) = tasks_of(&original);
    assert_eq!(expected.len(), 116);
    assert!(out.contains("（UTF-8）"));
    let copies = [
        (&gbk, "GB18030"),
        (&utf16, "UTF-16LE"),
        (&utf16be, "UTF-16BE"),
        (&bare_le, "UTF-16LE"),
        (&bare_be, "UTF-16BE"),
    ];
    for (path, label) in copies {
        let (got, out) = tasks_of(path);
        assert!(out.contains(&format!("（{label}）")), "{out}");
        assert_eq!(got, expected, "{label} copy differs");
    }
}

#[test]
fn invalid_utf8_that_is_not_gbk_either_is_refused() {
    let env = Env::new();
    let path = env.path("坏文件.txt");
    std::fs::write(&path, [0xE6, 0x9E, 0x97, 0xFF, 0xFE, 0xFD, 0x80, 0x81, b'\n', 0xFF, 0xFF]).unwrap();
    let r = env.duban(&["import".as_ref(), path.as_os_str()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("无法识别文件编码"), "{}", r.stderr);
    assert!(!env.db.exists());
}
