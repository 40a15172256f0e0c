import { defineConfig } from "vite";

// The web app (src/web) is built into dist/web and served by the API server itself.
// JSX goes through Vite's own transformer (no React plugin: no fast refresh needed).
export default defineConfig({
  root: "src/web",
  base: "/",
  publicDir: false,
  build: {
    outDir: "../../dist/web",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: true,
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      onwarn(warning, warn) {
        // TanStack Query marks its modules "use client" for React Server Components; a plain
        // browser bundle has no server components, so the directive means nothing here.
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
    },
  },
  oxc: { jsx: { runtime: "automatic" } },
  server: {
    // `npx vite` for UI work: API calls go to a running `npm start`.
    proxy: { "/api": "http://127.0.0.1:3000" },
  },
});
