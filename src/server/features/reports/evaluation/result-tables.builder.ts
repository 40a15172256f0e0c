import type {
  IndicatorYear,
  LevelCount,
  PolicyEvaluation,
} from "../../../../shared/evaluation/evaluate-policy.ts";
import {
  LEVEL_FILL,
  LEVEL_TEXT_COLOUR,
  levelCell,
  PCT_FMT,
  progressCell,
  VALUE_FMT,
  valueCell,
} from "../render/report-cells.ts";
import { type Cell, type Column, cell, type ReportTable } from "../render/report-document.ts";
import { formatProgress, joinSpanish } from "../render/report-format.ts";
import type { Lookups } from "./evaluation-context.builder.ts";
import type { EvaluationReportModel } from "./evaluation-model.service.ts";

/**
 * The tables of chapter 2 (and the summary's valoración): results per objective and service
 * with the Informe's columns, level counts, índice, Cuadros 01/02 and the valoración.
 */

/** Columns of the Informe's results tables (001:L1326-L1348), plus the level of year t. */
export function resultColumns(t: number, withTipo2: boolean, first: Column[]): Column[] {
  const p = t - 1;
  const cols: Column[] = [
    ...first,
    { header: String(p), group: "Logros esperados", width: 7, align: "right", numFmt: VALUE_FMT },
    { header: String(t), group: "Logros esperados", width: 7, align: "right", numFmt: VALUE_FMT },
    { header: String(p), group: "Valores obtenidos", width: 7, align: "right", numFmt: VALUE_FMT },
    { header: String(t), group: "Valores obtenidos", width: 7, align: "right", numFmt: VALUE_FMT },
    // Wide enough for S40's 3,210,000.0 on one line.
    { header: String(p), group: "Avance tipo 1 (%)", width: 8.5, align: "right", numFmt: PCT_FMT },
    { header: String(t), group: "Avance tipo 1 (%)", width: 8.5, align: "right", numFmt: PCT_FMT },
  ];
  if (withTipo2) {
    cols.push({
      header: String(t),
      group: "Avance tipo 2 (%)",
      width: 8.5,
      align: "right",
      numFmt: PCT_FMT,
    });
  }
  cols.push({ header: `Nivel ${t}`, width: 8, align: "center" });
  return cols;
}

export function resultCells(i: IndicatorYear, withTipo2: boolean): Cell[] {
  const cells = [
    valueCell(i.previous.meta, i.unit),
    valueCell(i.meta, i.unit),
    valueCell(i.previous.value, i.unit),
    valueCell(i.value, i.unit),
    progressCell(i.previous.tipo1),
    progressCell(i.tipo1),
  ];
  if (withTipo2) cells.push(progressCell(i.tipo2));
  cells.push(levelCell(i.level));
  return cells;
}

function countRow(label: string, c: LevelCount, aggregate = false): Cell[] {
  return [
    cell(label, { bold: aggregate }),
    cell(String(c.bajo), { value: c.bajo }),
    cell(String(c.intermedio), { value: c.intermedio }),
    cell(String(c.alto), { value: c.alto }),
    cell(String(c.total), { value: c.total }),
  ];
}

/** "Avance tipo 1 (%)" of the year before and of the year: the índice's and the Cuadros' columns. */
function tipo1YearColumns(ev: PolicyEvaluation): Column[] {
  return [ev.previousYear, ev.year].map((year) => ({
    header: String(year),
    group: "Avance tipo 1 (%)",
    width: 9,
    align: "right",
    numFmt: PCT_FMT,
  }));
}

export function levelCountTable(model: EvaluationReportModel): ReportTable {
  const c = model.evaluation.levelCounts;
  return {
    id: "niveles",
    sheet: "Niveles",
    title: `Niveles de cumplimiento según el avance tipo 1, ${model.year}`,
    columns: [
      { header: "", width: 40 },
      { header: "[0-75%>", width: 12, align: "right", numFmt: "0" },
      { header: "[75-95%>", width: 12, align: "right", numFmt: "0" },
      { header: "≥ 95%", width: 12, align: "right", numFmt: "0" },
      { header: "Total", width: 12, align: "right", numFmt: "0" },
    ],
    rows: [
      countRow("Objetivos prioritarios", c.objectives),
      countRow("Indicadores de objetivos prioritarios", c.opIndicators),
      countRow("Indicadores de servicios", c.serviceIndicators),
      countRow("Total, indicadores", c.total, true),
    ],
    rowKinds: [undefined, undefined, undefined, "aggregate"],
    note: "Fuente: CEPLAN (bandas); valores calculados por Vigía. Los objetivos se clasifican por la media acotada del avance tipo 1 de sus indicadores.",
  };
}

export function indexTable(model: EvaluationReportModel): ReportTable {
  const ev = model.evaluation;
  return {
    id: "indice",
    sheet: "Índice",
    title: `Índice de gestión y avance de los objetivos prioritarios, ${ev.year}`,
    columns: [
      { header: "OP", width: 8 },
      { header: "Objetivo prioritario", width: 44 },
      ...tipo1YearColumns(ev),
      {
        header: String(ev.year),
        group: "Avance tipo 2 (%)",
        width: 9,
        align: "right",
        numFmt: PCT_FMT,
      },
      { header: "Nivel (tipo 2)", width: 11, align: "center" },
    ],
    rows: [
      ...ev.objectives.map((o) => [
        cell(o.code),
        cell(o.name),
        progressCell(o.previousTipo1),
        progressCell(o.tipo1),
        progressCell(o.tipo2),
        levelCell(o.levelTipo2),
      ]),
      [
        cell("Índice", { bold: true }),
        cell("Índice de gestión (media del avance tipo 2 de los objetivos)", { bold: true }),
        cell(""),
        cell(""),
        progressCell(ev.index.tipo2),
        levelCell(ev.index.level),
      ],
    ],
    rowKinds: [...ev.objectives.map(() => undefined), "aggregate"],
  };
}

export function objectiveTable(model: EvaluationReportModel, objective: string): ReportTable {
  const ev = model.evaluation;
  const o = ev.objectives.find((x) => x.code === objective);
  const rows = ev.indicators.filter((i) => i.kind === "objetivo" && i.objective === objective);
  const aggregate: Cell[] = [
    cell(`${objective} (agregado)`, { bold: true }),
    cell(""),
    cell(""),
    cell(""),
    cell(""),
    cell(""),
    progressCell(o?.previousTipo1 ?? "ND"),
    progressCell(o?.tipo1 ?? "ND"),
    progressCell(o?.tipo2 ?? "ND"),
    levelCell(o?.level ?? "ND"),
  ];
  return {
    id: `op-${objective}`,
    sheet: `${objective} indicadores`,
    title: `Indicadores del objetivo prioritario ${objective}`,
    columns: resultColumns(ev.year, true, [
      { header: "Indicador", width: 9 },
      { header: "Responsable", width: 11 },
    ]),
    rows: [
      aggregate,
      ...rows.map((i) => [cell(i.code), cell(i.responsible), ...resultCells(i, true)]),
    ],
    rowKinds: ["aggregate", ...rows.map(() => undefined)],
    note: "La fila agregada es la media de los avances de los indicadores acotados a [0, 100].",
  };
}

export function serviceTable(
  model: EvaluationReportModel,
  objective: string,
  look: Lookups,
): ReportTable {
  const ev = model.evaluation;
  const rows = ev.indicators.filter((i) => i.kind === "servicio" && i.objective === objective);
  return {
    id: `servicios-${objective}`,
    sheet: `${objective} servicios`,
    title: `Indicadores de los servicios del objetivo prioritario ${objective}`,
    columns: resultColumns(ev.year, false, [
      { header: "Servicio", width: 6 },
      { header: "Indicador", width: 7 },
      { header: "Responsable", width: 10 },
    ]),
    rows: rows.map((i) => [
      cell(i.service ? shortService(i.service, look) : "—"),
      cell(i.code),
      cell(i.responsible),
      ...resultCells(i, false),
    ]),
  };
}

function shortService(code: string, look: Lookups): string {
  const s = look.cat.services.find((x) => x.code === code);
  return s ? `S${String(s.number).padStart(2, "0")}` : code;
}

/**
 * Cuadros 01 and 02 (001:L760-L995): the indicators at nivel bajo in the year, with both
 * years' avance tipo 1; a cell is red where the indicator was at nivel bajo that year.
 */
export function lowTable(model: EvaluationReportModel, kind: "op" | "servicio"): ReportTable {
  const ev = model.evaluation;
  const lowOf = (year: number) => {
    const l = ev.lowIndicators.find((x) => x.year === year);
    return new Set(kind === "op" ? l?.opIndicators : l?.serviceIndicators);
  };
  const lowNow = lowOf(ev.year);
  const lowBefore = lowOf(ev.previousYear);
  const rows = ev.indicators.filter((i) => lowNow.has(i.code));
  const mark = (low: boolean, x: number | "ND"): Cell =>
    low
      ? { ...progressCell(x), fill: LEVEL_FILL.bajo, colour: LEVEL_TEXT_COLOUR, bold: true }
      : progressCell(x);
  const n = kind === "op" ? "01" : "02";
  const what = kind === "op" ? "objetivos prioritarios" : "servicios";
  return {
    id: `cuadro-${n}`,
    sheet: `Cuadro ${n}`,
    title: `Cuadro ${n}. Indicadores de ${what} con avance de nivel bajo ([0-75%>) en ${ev.year}`,
    columns: [
      { header: "OP", width: 6 },
      { header: "Indicador", width: 8 },
      { header: "Responsable", width: 10 },
      { header: "Nombre del indicador", width: 52 },
      ...tipo1YearColumns(ev),
    ],
    rows: rows.length
      ? rows.map((i) => [
          cell(i.objective),
          cell(i.code),
          cell(i.responsible),
          cell(i.name),
          mark(lowBefore.has(i.code), i.previous.tipo1),
          mark(true, i.tipo1),
        ])
      : [
          [
            cell("—"),
            cell(""),
            cell(""),
            cell(`Ningún indicador de ${what} en nivel bajo.`),
            cell(""),
            cell(""),
          ],
        ],
    note: `En rojo, los años en que el indicador estuvo en nivel bajo. Las cifras son las mismas de las tablas de resultados (sin tope). En nivel bajo en ${ev.previousYear}: ${joinSpanish([...lowBefore]) || "ninguno"}.`,
  };
}

/** Snapshots published before issue 17 carry no origin: their basis tells. */
const originLabel = (origin: "calculado" | "declarado" | undefined) =>
  origin === "declarado" ? "Declarado" : origin === "calculado" ? "Calculado" : "—";

export function valoracionTable(model: EvaluationReportModel, full: boolean): ReportTable {
  const v = model.evaluation.valoracion;
  const columns: Column[] = [
    { header: "Nº", width: 5, align: "center", numFmt: "0" },
    { header: "Criterio de valoración", width: 40 },
    { header: "Peso", width: 7, align: "right", numFmt: "0.##" },
    { header: "Nivel de valoración", width: 14, align: "center" },
    { header: "Puntaje", width: 9, align: "right", numFmt: "0.0" },
  ];
  if (full) {
    columns.push({ header: "Origen", width: 11, align: "center" });
    columns.push({ header: "Fundamento del nivel", width: 30 });
  }
  const rows: Cell[][] = v.criteria.map((c, i) => {
    const row = [
      cell(String(i + 1), { value: i + 1 }),
      cell(c.name),
      cell(String(c.weight), { value: c.weight }),
      cell(c.level),
      cell(c.score === null ? "ND" : String(c.score), { value: c.score ?? "ND" }),
    ];
    // Which levels the figures gave and which the conductor declared (with who and when, in
    // the basis): a reader must not take a declared level for a computed one.
    if (full) row.push(cell(originLabel(c.origin)), cell(c.basis));
    return row;
  });
  const total = [
    cell(""),
    cell("PUNTAJE TOTAL DE LA POLÍTICA NACIONAL", { bold: true }),
    cell(""),
    cell(v.level, { bold: true }),
    cell(v.total === "ND" ? "ND" : formatProgress(v.total), {
      value: v.total === "ND" ? "ND" : v.total,
      bold: true,
    }),
  ];
  if (full) total.push(cell(""), cell(""));
  rows.push(total);
  return {
    id: full ? "valoracion" : "valoracion-resumen",
    ...(full ? { sheet: "Valoración" } : {}),
    title: `Valoración de la implementación, ${model.year}`,
    columns,
    rows,
    rowKinds: [...v.criteria.map(() => undefined), "aggregate"],
  };
}
