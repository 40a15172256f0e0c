import { createRequire } from "node:module";
import { deflateSync } from "node:zlib";
import { Resvg } from "@resvg/resvg-js";
import type * as Echarts from "echarts";
import { LEVEL_BANDS, LEVEL_COLOURS } from "../../../../shared/ceplan-formulas.ts";
import { formatDecimal } from "../../../../shared/numbers.ts";
import { loadEcharts } from "../../../lib/lazy-modules.ts";

/**
 * Charts of a report, drawn from the same figures as its tables: ECharts renders SVG on the
 * server (no browser, no canvas), resvg turns it into PNG for DOCX and PDF. The font is the
 * one the PDF embeds, loaded from its package, so the output does not depend on the machine.
 */

const require = createRequire(import.meta.url);
export const REPORT_FONT_FILES = {
  normal: require.resolve("@expo-google-fonts/roboto/400Regular/Roboto_400Regular.ttf"),
  bold: require.resolve("@expo-google-fonts/roboto/700Bold/Roboto_700Bold.ttf"),
  italics: require.resolve(
    "@expo-google-fonts/roboto/400Regular_Italic/Roboto_400Regular_Italic.ttf",
  ),
  bolditalics: require.resolve(
    "@expo-google-fonts/roboto/700Bold_Italic/Roboto_700Bold_Italic.ttf",
  ),
};

export interface ChartImage {
  png: Uint8Array;
  /** Size in CSS pixels (the PNG is drawn at twice this for print). */
  width: number;
  height: number;
}

const SCALE = 2;
const TEXT = { fontFamily: "Roboto", color: "#222222" };
const SERIES_COLOURS = ["#1F4E79", "#7FA7D1", "#5B8C3A", "#B26A00", "#7A3E9D"];

function renderChart(option: Echarts.EChartsCoreOption, width: number, height: number): ChartImage {
  const chart = loadEcharts().init(null, null, { renderer: "svg", ssr: true, width, height });
  chart.setOption({ animation: false, textStyle: TEXT, color: SERIES_COLOURS, ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  const image = new Resvg(svg, {
    fitTo: { mode: "zoom", value: SCALE },
    background: "#ffffff",
    font: {
      loadSystemFonts: false,
      fontFiles: [REPORT_FONT_FILES.normal, REPORT_FONT_FILES.bold],
      defaultFontFamily: "Roboto",
    },
  }).render();
  return { png: encodeOpaquePng(image.pixels, image.width, image.height), width, height };
}

/**
 * PNG without an alpha channel (the background is white): pdfkit embeds an RGB PNG's data as
 * it is, where an RGBA one makes it split the alpha channel pixel by pixel in JavaScript.
 */
function encodeOpaquePng(rgba: Uint8Array, width: number, height: number): Uint8Array {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0, o = 0; y < height; y++) {
    raw[o++] = 0; // filter: none
    for (let x = 0, i = y * width * 4; x < width; x++, i += 4) {
      raw[o++] = rgba[i] ?? 0;
      raw[o++] = rgba[i + 1] ?? 0;
      raw[o++] = rgba[i + 2] ?? 0;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, deflate, no filter, no interlace
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pngChunk("IHDR", header),
      pngChunk("IDAT", deflateSync(raw, { level: 6 })),
      pngChunk("IEND", Buffer.alloc(0)),
    ]),
  );
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  let crc = 0xffffffff;
  for (const byte of [...head.subarray(4), ...data]) {
    crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  }
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE((crc ^ 0xffffffff) >>> 0, 0);
  return Buffer.concat([head, data, tail]);
}

const pct = (x: number | "ND") => (x === "ND" ? "ND" : formatDecimal(x));

const chartTitle = (text: string) => ({
  text,
  left: "center",
  top: 8,
  textStyle: { fontSize: 15, fontWeight: "bold", ...TEXT },
});

/** The figure printed above a bar or point. */
const valueLabel = <V>(formatter: (p: { value: V }) => string) => ({
  show: true,
  position: "top",
  fontSize: 11,
  fontFamily: "Roboto",
  formatter,
});

/** The índice de gestión on CEPLAN's bands: red below 75, amber below 95, green above. */
export function drawIndexGauge(input: { value: number | "ND"; year: number }): ChartImage {
  const value = input.value === "ND" ? 0 : Math.min(100, Math.max(0, input.value));
  return renderChart(
    {
      title: chartTitle(`Índice de gestión ${input.year} (avance tipo 2)`),
      series: [
        {
          type: "gauge",
          min: 0,
          max: 100,
          startAngle: 200,
          endAngle: -20,
          radius: "80%",
          center: ["50%", "62%"],
          splitNumber: 4,
          axisLine: {
            lineStyle: {
              width: 22,
              color: [
                [LEVEL_BANDS.intermedio / 100, LEVEL_COLOURS.bajo],
                [LEVEL_BANDS.alto / 100, LEVEL_COLOURS.intermedio],
                [1, LEVEL_COLOURS.alto],
              ],
            },
          },
          pointer: { length: "62%", width: 6, itemStyle: { color: "#333333" } },
          axisTick: { show: false },
          splitLine: { length: 8, lineStyle: { color: "#ffffff", width: 2 } },
          axisLabel: { distance: 28, fontSize: 11, color: "#444444", ...{ fontFamily: "Roboto" } },
          detail: {
            valueAnimation: false,
            offsetCenter: [0, "35%"],
            fontSize: 26,
            fontWeight: "bold",
            fontFamily: "Roboto",
            color: "#222222",
            // An index that cannot be computed reads "ND", not "ND %".
            formatter: () => (input.value === "ND" ? "ND" : `${pct(input.value)} %`),
          },
          data: [{ value }],
        },
      ],
    },
    420,
    260,
  );
}

/** Avance tipo 1 and tipo 2 of each objective in the year, bars with printed labels. */
export function drawObjectiveBars(input: {
  year: number;
  objectives: { code: string; tipo1: number | "ND"; tipo2: number | "ND" }[];
}): ChartImage {
  const num = (x: number | "ND") => (x === "ND" ? null : x);
  const label = valueLabel<number | null>((p) => (p.value === null ? "ND" : pct(p.value)));
  return renderChart(
    {
      title: chartTitle(`Avance de los objetivos prioritarios ${input.year} (%)`),
      legend: { bottom: 4, textStyle: TEXT },
      grid: { left: 48, right: 16, top: 52, bottom: 56 },
      xAxis: { type: "category", data: input.objectives.map((o) => o.code) },
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}" } },
      series: [
        {
          name: "Avance tipo 1",
          type: "bar",
          data: input.objectives.map((o) => num(o.tipo1)),
          label,
        },
        {
          name: "Avance tipo 2",
          type: "bar",
          data: input.objectives.map((o) => num(o.tipo2)),
          label,
        },
      ],
    },
    520,
    300,
  );
}

/** Avance tipo 1 of each objective across the years with data. */
export function drawTipo1Trend(input: {
  years: number[];
  series: { code: string; values: (number | "ND")[] }[];
}): ChartImage {
  return renderChart(
    {
      title: chartTitle("Evolución del avance tipo 1 por objetivo prioritario (%)"),
      legend: { bottom: 4, textStyle: TEXT },
      grid: { left: 48, right: 24, top: 52, bottom: 56 },
      xAxis: { type: "category", data: input.years.map(String), boundaryGap: true },
      yAxis: { type: "value", min: 0, max: 100 },
      series: input.series.map((s, k) => ({
        name: s.code,
        type: "line",
        symbolSize: 8,
        // Close values of one year (81.8 and 77.5) would print their labels on each other:
        // the lower of two close points is labelled below it.
        data: s.values.map((x, year) => {
          if (x === "ND") return null;
          const crowded = input.series.some(
            (o, j) =>
              j !== k &&
              typeof o.values[year] === "number" &&
              (o.values[year] as number) > x &&
              (o.values[year] as number) - x < 10,
          );
          return { value: x, label: { position: crowded ? "bottom" : "top" } };
        }),
        label: valueLabel<number | null>((p) => (p.value === null ? "ND" : pct(p.value))),
      })),
    },
    520,
    300,
  );
}

/** PIA, PIM and devengado of each year, in millions of soles, bars with printed labels. */
export function drawBudgetBars(input: {
  years: { year: number; piaCents: number; pimCents: number; devengadoCents: number }[];
}): ChartImage {
  const millions = (cents: number) => cents / 1e8;
  const label = valueLabel<number>((p) => formatDecimal(p.value, 2));
  const series = (name: string, pick: (y: (typeof input.years)[number]) => number) => ({
    name,
    type: "bar",
    data: input.years.map((y) => millions(pick(y))),
    label,
  });
  return renderChart(
    {
      title: chartTitle("Presupuesto de los servicios de la Política (millones de soles)"),
      legend: { bottom: 4, textStyle: TEXT },
      grid: { left: 48, right: 16, top: 52, bottom: 56 },
      xAxis: { type: "category", data: input.years.map((y) => String(y.year)) },
      yAxis: { type: "value", min: 0 },
      series: [
        series("PIA", (y) => y.piaCents),
        series("PIM", (y) => y.pimCents),
        series("Devengado", (y) => y.devengadoCents),
      ],
    },
    520,
    300,
  );
}
