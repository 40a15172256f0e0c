import highsModule, { type Highs } from "highs";

// The package's types are written as CommonJS (`exports.default`), while Node's ESM loader gets
// its .mjs build, whose default export is the loader itself; accept either shape.
type Loader = typeof highsModule.default;
const loadHighs: Loader =
  typeof highsModule === "function" ? (highsModule as Loader) : highsModule.default;

let loading: Promise<Highs> | null = null;

/**
 * HiGHS for disclosure control, loaded once per process (about 0.2 s to compile the 3.4 MB
 * WebAssembly module). In Node the loader finds highs.wasm beside itself; a browser would pass
 * `locateFile`, which is why the loading lives here and the LP code in src/shared takes the
 * instance as an argument.
 */
export function loadLpSolver(): Promise<Highs> {
  if (!loading) {
    loading = loadHighs().catch((error: unknown) => {
      loading = null;
      throw error;
    });
  }
  return loading;
}
