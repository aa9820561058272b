#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| yizhan::fuzzing::article(data));
