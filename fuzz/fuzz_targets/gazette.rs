//! Any bytes through decoding, document splitting and every reader.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = duban::read::read_gazette(data);
});
