//! The printed department report and 督办单, rendered by headless Chromium:
//! `scripts/print-check.py` prints both to PDF and checks Chinese text, fonts,
//! page width and that no task row is cut by a page break. `.ci/run`
//! installs Chromium, the CJK fonts and poppler-utils beforehand.

#[test]
fn department_report_and_notice_print_to_pdf() {
    let out = tempfile::tempdir().unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/print-check.py");
    let run = std::process::Command::new("python3")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_duban"))
        .arg(out.path())
        .output()
        .expect("python3 runs the print check");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "print check failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("department: 3 page(s), 595x842pt, text and fonts ok"), "{stdout}");
    assert!(stdout.contains("notice: 1 page(s)"), "{stdout}");
    assert!(out.path().join("department-1.png").exists());
}
