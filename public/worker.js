// Snowglobe's engine worker: runs the session off the page's main thread, so that refreshes never
// block the page. The page posts its own compiled WebAssembly module and the URL of its bindings;
// the same module then runs here as the engine (see src/host.rs) and takes the page's requests.
addEventListener(
  'message',
  async (event) => {
    const { glue, module } = event.data;
    const bindings = await import(glue);
    await bindings.default({ module_or_path: module });
  },
  { once: true },
);
