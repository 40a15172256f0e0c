#!/usr/bin/env node
// Draws the installable app's icons (src/web/public/icons) from one SVG with resvg, so the PNGs
// committed beside it can be made again: `node scripts/make-icons.mjs`.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Resvg } from "@resvg/resvg-js";

const out = join(dirname(fileURLToPath(import.meta.url)), "..", "src/web/public/icons");
mkdirSync(out, { recursive: true });

// A "V" on the Tablero's navy; the maskable one keeps the letter inside the 80 % safe zone.
const svg = (
  radius,
  scale,
) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" role="img">
  <title>Vigía</title>
  <rect width="512" height="512" rx="${radius}" fill="#1F3A5F"/>
  <g transform="translate(256 256) scale(${scale}) translate(-256 -256)">
    <path d="M136 136 L216 136 L256 300 L296 136 L376 136 L290 384 L222 384 Z" fill="#FFFFFF"/>
  </g>
</svg>`;

const icons = [
  ["icon-192.png", 192, svg(96, 1)],
  ["icon-512.png", 512, svg(96, 1)],
  ["icon-maskable-512.png", 512, svg(0, 0.75)],
];
for (const [name, size, source] of icons) {
  const png = new Resvg(source, { fitTo: { mode: "width", value: size } }).render().asPng();
  writeFileSync(join(out, name), png);
  console.log(`${name}: ${png.length} bytes`);
}
writeFileSync(join(out, "icon.svg"), svg(96, 1));
