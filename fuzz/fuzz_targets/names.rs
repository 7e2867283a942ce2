//! Department-name splitting and normalisation.
#![no_main]
use duban::names::aliases::{key, qualify, split_hat, Level};
use duban::names::expand_enumeration;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut prefix = None;
    for u in expand_enumeration(&text, &mut prefix) {
        assert!(u.name.contains(&u.as_printed));
        assert_eq!(key(&key(&u.name)), key(&u.name));
    }
    let _ = split_hat(&text);
    let q = qualify(&text, Level::City);
    assert_eq!(qualify(&q, Level::City), q);
    let _ = duban::read::markdown_table::cell_units(&text);
});
