#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| yizhan::fuzzing::markdown(data));
