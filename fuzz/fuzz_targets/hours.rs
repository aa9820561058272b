#![no_main]

// `opening-hours-syntax` panics on some hours in a build with debug
// assertions (this one); yizhan catches that and reports hours it cannot
// read, so the panic must not end the run here either (a panic that
// reaches the target still does).
libfuzzer_sys::fuzz_target!(
    init: {
        let _ = std::panic::take_hook();
    },
    |data: &[u8]| yizhan::fuzzing::hours(data)
);
