//! Deadline phrases: parsing a cell and finding targets in prose.
#![no_main]
use duban::deadline::{find_in, parse, DeadlineContext};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let ctx = DeadlineContext { year: Some(2023), issued: chrono::NaiveDate::from_ymd_opt(2023, 2, 18) };
    if let Ok(d) = parse(&text, &ctx) {
        assert!(d.due.is_some() || d.ongoing, "a deadline with neither date nor ongoing");
    }
    if let Ok(Some(d)) = find_in(&text, &ctx) {
        assert!(d.due.is_some());
    }
    let _ = parse(&text, &DeadlineContext::default());
});
