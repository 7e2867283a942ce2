//! The task export: JSON in the documented shape, CSV that Excel opens and
//! that reads back to the same rows.

use crate::util::{gazette, Env};
use serde_json::Value;

fn imported() -> Env {
    let env = Env::new();
    env.duban(&["import".as_ref(), gazette("linzhi_2023_no1.txt").as_os_str()]).ok();
    env
}

#[test]
fn json_has_one_object_per_task_in_the_documented_shape() {
    let env = imported();
    let v = env.duban(&["export", "tasks", "--format", "json"]).ok().json();
    let tasks = v.as_array().unwrap();
    assert_eq!(tasks.len(), 116);
    let t = &tasks[4];
    assert_eq!(t["plan"]["title"], "2023年林芝市《政府工作报告》重点任务分解方案");
    assert_eq!(t["plan"]["doc_no"], "林政发〔2023〕11号");
    assert_eq!(t["plan"]["issued"], "2023-02-18");
    assert_eq!(t["plan"]["issuer"], "林芝市人民政府");
    assert!(t["plan"]["source"].as_str().unwrap().ends_with("linzhi_2023_no1.txt"));
    assert_eq!(t["seq"], "5");
    assert_eq!(t["category"], serde_json::json!(["主要经济指标"]));
    assert_eq!(t["title"], Value::Null);
    assert_eq!(t["leaders"], serde_json::json!(["符永波", "秦松茂"]));
    assert_eq!(t["lead_officers"], serde_json::json!(["洛桑吉美", "乔多吉"]));
    assert_eq!(
        t["departments"][1],
        serde_json::json!({"name": "市人力资源社会保障局", "as_printed": "人力资源社会保障局", "role": "lead"})
    );
    assert_eq!(t["departments"][3]["role"], "coop");
    assert_eq!(
        t["deadline"],
        serde_json::json!({"text": null, "due": "2023-12-31", "ongoing": false, "inferred": true})
    );
    assert_eq!(t["status"], "not_started");
    assert_eq!(t["source_line"], 761);
}

#[test]
fn csv_opens_in_excel_and_round_trips() {
    let env = imported();
    let path = env.path("台账.csv");
    env.duban(&["export".as_ref(), "tasks".as_ref(), "-o".as_ref(), path.as_os_str()]).ok();
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM for Excel");
    let mut rdr = csv::Reader::from_reader(&bytes[3..]);
    let headers = rdr.headers().unwrap().clone();
    assert_eq!(&headers[0], "编号");
    assert_eq!(&headers[7], "任务内容");
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 116);
    let json = env.duban(&["export", "tasks", "--format", "json"]).ok().json();
    for (row, t) in rows.iter().zip(json.as_array().unwrap()) {
        assert_eq!(duban::report::render::csv::unguard(&row[7]), t["text"].as_str().unwrap());
        assert_eq!(&row[4], t["seq"].as_str().unwrap());
    }
    assert_eq!(&rows[112][8], "市长、各常务副市长、副市长");
}

#[test]
fn csv_in_gb18030_for_old_excel() {
    let env = imported();
    let out = env.duban(&["export", "tasks", "--encoding", "gb18030", "--plan", "林政发〔2023〕11号"]);
    assert_eq!(out.code, 0);
    let path = env.path("gbk.csv");
    env.duban(&[
        "export".as_ref(),
        "tasks".as_ref(),
        "--encoding".as_ref(),
        "gb18030".as_ref(),
        "-o".as_ref(),
        path.as_os_str(),
    ])
    .ok();
    let bytes = std::fs::read(&path).unwrap();
    assert!(std::str::from_utf8(&bytes).is_err(), "not UTF-8");
    let (text, _, bad) = encoding_rs::GB18030.decode(&bytes);
    assert!(!bad);
    assert!(text.starts_with("编号,方案,文号"));
    assert_eq!(text.lines().count(), 117);
}
