//! Progress spreadsheets as departments send them back.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (rows, errors) = duban::track::sheet::read(data);
    for r in &rows {
        assert!(r.row >= 2);
    }
    for e in &errors {
        assert!(!e.reason.is_empty());
    }
});
