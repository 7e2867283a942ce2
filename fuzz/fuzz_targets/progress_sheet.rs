//! Progress spreadsheets as departments send them back.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let duban::track::sheet::Sheet { rows, errors, unfilled } = duban::track::sheet::read(data);
    // Below the header, which is row 1 or lower.
    for r in &rows {
        assert!(r.row >= 2);
    }
    assert!(unfilled.iter().all(|&row| row >= 2));
    for e in &errors {
        assert!(!e.reason.is_empty());
    }
});
