//! Mounts the page; in the engine worker, which loads the same module, runs the session instead.

fn main() {
    console_error_panic_hook::set_once();
    if web_sys::window().is_some() {
        leptos::mount::mount_to_body(snowglobe_web::App);
    } else {
        snowglobe_web::host::run();
    }
}
