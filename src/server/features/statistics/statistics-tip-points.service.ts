import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type TipDataPointsFile,
  TipDataPointsFileSchema,
} from "../../../shared/statistics/tip-data-points.schema.ts";
import { STATISTICS_DIR } from "./statistics-code-lists.service.ts";

/**
 * The TIP report's 40 data points (reference/statistics/tip-data-points.json), read once per
 * process. Here, beside the register's other reference files, because two features read it:
 * the TIP pack (reports/tip) and the focal points' entries (tip-entries), which may not import
 * each other.
 */

export const TIP_DATA_POINTS_FILE = join(STATISTICS_DIR, "tip-data-points.json");

let dataPoints: Promise<TipDataPointsFile> | null = null;

export function loadTipDataPoints(): Promise<TipDataPointsFile> {
  dataPoints ??= readFile(TIP_DATA_POINTS_FILE, "utf8").then((text) =>
    TipDataPointsFileSchema.parse(JSON.parse(text)),
  );
  return dataPoints;
}
