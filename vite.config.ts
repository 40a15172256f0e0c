import { defineConfig } from "vite";
import { VitePWA } from "vite-plugin-pwa";

// The web app (src/web) is built into dist/web and served by the API server itself.
// JSX goes through Vite's own transformer (no React plugin: no fast refresh needed).
export default defineConfig({
  root: "src/web",
  base: "/",
  // Icons of the installable app (scripts/make-icons.mjs draws them).
  publicDir: "public",
  build: {
    outDir: "../../dist/web",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: true,
    chunkSizeWarningLimit: 900,
    // Boundary files stay files, however small (Callao's): the CSP's connect-src 'self' would
    // refuse fetching a data: URL, and a file is cached and compressed like the others.
    assetsInlineLimit: (file) => (file.endsWith(".geojson") ? false : undefined),
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
  plugins: [
    // ADR 0024: the service worker precaches the app shell only. The API's answers are never
    // put in the Cache Storage (which no user id scopes): the focal point's offline data lives
    // in IndexedDB under its user id (src/web/offline), cleared on logout.
    VitePWA({
      registerType: "autoUpdate",
      injectRegister: false,
      manifestFilename: "manifest.webmanifest",
      includeAssets: ["icons/icon.svg"],
      manifest: {
        name: "Vigía · Tablero de Control",
        short_name: "Vigía",
        description:
          "Seguimiento de la Política Nacional frente a la Trata de Personas: registro de valores también sin conexión.",
        lang: "es-PE",
        start_url: "/tareas",
        scope: "/",
        display: "standalone",
        background_color: "#FFFFFF",
        theme_color: "#1F3A5F",
        icons: [
          { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png" },
          { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png" },
          {
            src: "/icons/icon-maskable-512.png",
            sizes: "512x512",
            type: "image/png",
            purpose: "maskable",
          },
        ],
      },
      workbox: {
        // The shell: scripts, styles, fonts and the department map's GeoJSON (the plugin adds
        // the manifest and its icons). Source maps are not needed offline, nor the 50 province
        // and district files of the drill-down (1.1 MB, ADR 0031): each is fetched when opened.
        globPatterns: ["**/*.{js,css,html,woff2}", "**/peru_departamental_simple-*.geojson"],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        // Every client-side route opens the shell; the API is never answered from the cache.
        navigateFallback: "/index.html",
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        // The first visit's page is controlled at once: a focal point who signs in and then
        // loses the connection can still reload.
        clientsClaim: true,
        skipWaiting: true,
        runtimeCaching: [],
      },
    }),
  ],
  server: {
    // `npx vite` for UI work: API calls go to a running `npm start`.
    proxy: { "/api": "http://127.0.0.1:3000" },
  },
});
