//! Rebuilds the crate when any file of the built-in theme changes (the theme
//! is embedded with `include_dir!`, which does not notice new files itself).

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
