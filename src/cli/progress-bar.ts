import type { ImportProgress } from "../server/features/budget/budget-import.service.ts";
import type { TextSink } from "./cli-support.ts";

/**
 * Import progress on stderr: a bar redrawn in place on a terminal; on a pipe or a CI log, a line
 * every 10 %, so logs stay readable.
 */
export function createProgressBar(stream: TextSink) {
  const started = Date.now();
  let lastDecile = -1;
  let drawn = false;
  const update = (p: ImportProgress) => {
    const fraction = p.totalBytes > 0 ? Math.min(1, p.bytesRead / p.totalBytes) : 0;
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(p.rows / seconds) : 0;
    const text = `${(fraction * 100).toFixed(0).padStart(3)}%  ${p.rows.toLocaleString("es-PE")} filas  ${rate.toLocaleString("es-PE")} filas/s`;
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round(fraction * width);
      stream.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${text}`);
      drawn = true;
    } else {
      const decile = Math.floor(fraction * 10);
      if (decile > lastDecile || p.done) {
        lastDecile = decile;
        stream.write(`Importando: ${text}\n`);
      }
    }
  };
  return {
    update,
    stop() {
      if (drawn) stream.write("\n");
      drawn = false;
    },
  };
}
