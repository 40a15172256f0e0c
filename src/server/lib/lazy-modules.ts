import { createRequire } from "node:module";
import type * as Echarts from "echarts";
import type ExcelJS from "exceljs";

/**
 * Libraries that only some requests use, loaded on first use instead of at start. Through the
 * TypeScript loader every module file costs a round trip, and ECharts' ESM build is hundreds of
 * files: about 2 s of a 4.5 s server start on two cores, paid by every process (the server,
 * each CLI command, each test file) whether it draws a chart or not. ECharts loads its
 * single-file build (the package's `require` entry), the same version and renderer.
 */
const require = createRequire(import.meta.url);

export const loadEcharts = (): typeof Echarts => require("echarts");

export const loadExcelJs = (): typeof ExcelJS => require("exceljs");
