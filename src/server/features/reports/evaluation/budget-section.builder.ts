import {
  BUDGET_CLASS_LABELS,
  type BudgetClass,
} from "../../../../shared/budget/budget-analyses.ts";
import { LEVEL_LABELS } from "../../../../shared/budget/budget-fields.ts";
import { formatDecimal } from "../../../../shared/numbers.ts";
import { drawBudgetBars } from "../render/report-charts.ts";
import {
  type Block,
  type Cell,
  type Column,
  cell,
  heading,
  note,
  paragraph,
  type ReportTable,
  table,
} from "../render/report-document.ts";
import {
  agree,
  countText,
  formatDateEs,
  formatPercent,
  formatSoles,
  joinSpanish,
} from "../render/report-format.ts";
import {
  levelSharePim,
  PER_CAPITA_DECIMALS,
  SHARE_DECIMALS,
  servicesOfClass,
} from "./budget-placeholders.builder.ts";
import type { BudgetSummary, ReportBudget } from "./evaluation-budget.service.ts";

/**
 * Section 2.5 of the Informe de Evaluación: the policy's budget in the year and the year
 * before, from the budget feature's summary (docs/budget.md). Sentences are placeholder
 * templates (budget-placeholders.builder.ts formats the same values as these tables); the XLSX stores the
 * unrounded figures.
 */

const MONEY_FMT = "#,##0";
const PCT_FMT = "0.0";
const SHARE_FMT = "0.0000";
const PER_CAPITA_FMT = "0.00";

const moneyCell = (cents: number): Cell => cell(formatSoles(cents), { value: cents / 100 });
const pctCell = (x: number | null, decimals = 1): Cell =>
  cell(formatPercent(x, decimals), { value: x });
const perCapitaCell = (x: number | null): Cell =>
  cell(x === null ? "—" : formatDecimal(x, PER_CAPITA_DECIMALS), { value: x });

const money = (header: string, group?: string): Column => ({
  header,
  ...(group ? { group } : {}),
  width: 11,
  align: "right",
  numFmt: MONEY_FMT,
});
const ratio = (header: string, numFmt: string, group?: string, width = 8): Column => ({
  header,
  ...(group ? { group } : {}),
  width,
  align: "right",
  numFmt,
});

/** "2023–2024", or the year alone when the year before was not imported. */
const yearsLabel = (budget: ReportBudget) =>
  budget.previous ? `${budget.previous.year}–${budget.summary.year}` : String(budget.summary.year);

type Stages = Pick<BudgetSummary["totals"], "piaCents" | "pimCents" | "devengadoCents"> & {
  execution: number | null;
};

/** Per-year figures as rows (Tabla 3 of CHS's chapter), with the change between them. */
function yearsTable(budget: ReportBudget): ReportTable {
  const s = budget.summary;
  const years = [s.previous, s.totals].filter((y) => y !== null);
  const rows: Cell[][] = years.map((y) => [
    cell(String(y.year), { value: y.year }),
    moneyCell(y.piaCents),
    moneyCell(y.pimCents),
    moneyCell(y.devengadoCents),
    pctCell(y.execution),
    pctCell(y.shareNationalPia, SHARE_DECIMALS),
    pctCell(y.shareNationalPim, SHARE_DECIMALS),
    perCapitaCell(y.perCapitaPia),
    perCapitaCell(y.perCapitaDevengado),
  ]);
  if (s.previous) {
    // A change is a percentage in the money columns: the cells carry their own format.
    const change = (x: number | null) => ({ ...pctCell(x), numFmt: PCT_FMT });
    rows.push([
      cell(`Variación ${s.year}/${s.previous.year} (%)`, { bold: true }),
      change(s.change.pia),
      change(s.change.pim),
      change(s.change.devengado),
      cell(""),
      cell(""),
      cell(""),
      cell(""),
      cell(""),
    ]);
  }
  return {
    id: "presupuesto",
    sheet: "Presupuesto",
    title: `Presupuesto de los servicios de la Política, ${yearsLabel(budget)}`,
    compact: true,
    columns: [
      { header: "Año / concepto", width: 12 },
      money("PIA (S/)"),
      money("PIM (S/)"),
      money("Devengado (S/)"),
      ratio("Ejecución (%)", PCT_FMT),
      ratio("PIA", SHARE_FMT, "Parte del presupuesto nacional (%)", 9),
      ratio("PIM", SHARE_FMT, "Parte del presupuesto nacional (%)", 9),
      ratio("PIA", PER_CAPITA_FMT, "Por habitante (S/)"),
      ratio("Devengado", PER_CAPITA_FMT, "Por habitante (S/)"),
    ],
    rows,
    rowKinds: [...years.map(() => undefined), ...(s.previous ? (["aggregate"] as const) : [])],
    note: sourceNote(budget),
  };
}

/**
 * Rows with the year before's PIM, devengado and execution beside the year's PIA, PIM,
 * devengado and execution: by objective and by level of government.
 */
function stagesTable(
  budget: ReportBudget,
  spec: {
    id: string;
    sheet: string;
    title: string;
    first: string;
    rows: { label: string; now: Stages; before: Stages | null; extra?: Cell[] }[];
    extra?: Column[];
  },
): ReportTable {
  const s = budget.summary;
  const p = budget.previous ? String(budget.previous.year) : null;
  const t = String(s.year);
  const columns: Column[] = [{ header: spec.first, width: 16 }];
  if (p) columns.push(money("PIM", p), money("Devengado", p), ratio("Ejec. (%)", PCT_FMT, p));
  columns.push(
    money("PIA", t),
    money("PIM", t),
    money("Devengado", t),
    ratio("Ejec. (%)", PCT_FMT, t),
    ...(spec.extra ?? []),
  );
  const stageCells = (x: Stages | null): Cell[] =>
    x
      ? [moneyCell(x.pimCents), moneyCell(x.devengadoCents), pctCell(x.execution)]
      : [cell("—"), cell("—"), cell("—")];
  // The total row is the year's figures, not a sum of the rows: the same numbers as the years table.
  const total = { label: "Total", now: s.totals, before: s.previous, extra: undefined };
  const all = [...spec.rows, total];
  return {
    id: spec.id,
    sheet: spec.sheet,
    title: spec.title,
    compact: true,
    columns,
    rows: all.map((r, i) => {
      const row = [
        cell(r.label, i === spec.rows.length ? { bold: true } : {}),
        ...(p ? stageCells(r.before) : []),
        moneyCell(r.now.piaCents),
        moneyCell(r.now.pimCents),
        moneyCell(r.now.devengadoCents),
        pctCell(r.now.execution),
      ];
      if (spec.extra) row.push(...(r.extra ?? spec.extra.map(() => cell(""))));
      return row;
    }),
    rowKinds: [...spec.rows.map(() => undefined), "aggregate"],
  };
}

function objectivesTable(budget: ReportBudget): ReportTable {
  const before = budget.previous?.byObjective ?? [];
  return stagesTable(budget, {
    id: "presupuesto-op",
    sheet: "Presupuesto por OP",
    title: `Presupuesto por objetivo prioritario, ${yearsLabel(budget)}`,
    first: "Objetivo prioritario",
    rows: budget.summary.byObjective.map((o) => ({
      label: o.code,
      now: o,
      before: before.find((x) => x.code === o.code) ?? null,
    })),
  });
}

function levelsTable(budget: ReportBudget): ReportTable {
  const s = budget.summary;
  const before = budget.previous?.byLevel ?? [];
  return stagesTable(budget, {
    id: "presupuesto-nivel",
    sheet: "Presupuesto por nivel",
    title: `Presupuesto por nivel de gobierno, ${yearsLabel(budget)}`,
    first: "Nivel de gobierno",
    rows: s.byLevel.map((l) => ({
      label: LEVEL_LABELS[l.level],
      now: l,
      before: before.find((x) => x.level === l.level) ?? null,
      extra: [pctCell(levelSharePim(s, l.level))],
    })),
    extra: [ratio("Parte del PIM (%)", PCT_FMT, String(s.year))],
  });
}

const CLASSES = Object.keys(BUDGET_CLASS_LABELS) as BudgetClass[];

/** Tablas 4 and 6 of CHS's chapter in one: how many services of each OP in each class, and which. */
function classesTable(budget: ReportBudget): ReportTable {
  const s = budget.summary;
  const objectives = s.byObjective;
  return {
    id: "presupuesto-servicios",
    sheet: "Servicios y presupuesto",
    title: `Servicios según su asignación presupuestal, ${s.year}`,
    compact: true,
    columns: [
      { header: "Clasificación", width: 18 },
      ...objectives.map((o) => ({
        header: o.code,
        group: "Servicios",
        width: 6,
        align: "right" as const,
        numFmt: "0",
      })),
      { header: "Total", group: "Servicios", width: 6, align: "right", numFmt: "0" },
      { header: "Servicios (número en la Política)", width: 40 },
    ],
    rows: [
      ...CLASSES.map((c) => [
        cell(BUDGET_CLASS_LABELS[c]),
        ...objectives.map((o) => cell(String(o.classes[c]), { value: o.classes[c] })),
        cell(String(s.classCounts[c]), { value: s.classCounts[c], bold: true }),
        cell(joinSpanish(servicesOfClass(s, c)) || "—"),
      ]),
      [
        cell("Total", { bold: true }),
        ...objectives.map((o) => cell(String(o.services), { value: o.services })),
        cell(String(s.byService.length), { value: s.byService.length }),
        cell(""),
      ],
    ],
    rowKinds: [...CLASSES.map(() => undefined), "aggregate"],
    note: "Asignación específica: alguna línea presupuestal etiquetada al servicio. Meta sin asignación específica: solo metas institucionales (generales) de la entidad. Sin meta presupuestal: ninguna línea etiquetada.",
  };
}

/** Where the figures come from: file, date, rules, and the reference figures' sources. */
function sourceNote(budget: ReportBudget): string {
  const s = budget.summary;
  const files = budget.sources.map(
    (f) =>
      `archivo «${f.fileName}» (${joinSpanish(f.years.map(String))}; SHA-256 ${f.sha256.slice(0, 12)}…), importado el ${formatDateEs(f.importedAt.slice(0, 10))}`,
  );
  return [
    `Fuente: ${files.join("; ")}. Montos de las líneas etiquetadas con asignación específica a los servicios de la Política (reglas de etiquetado, versión ${s.basis.ruleSetVersion}).`,
    `Presupuesto nacional: ${s.basis.nationalSource ?? "no registrado"}. Población: ${s.basis.populationSource ?? "no registrada"}.`,
  ].join(" ");
}

/** A warning no reader can miss when the figures are not MEF's own. */
function reconstructedWarning(budget: ReportBudget): Block | null {
  const years = budget.sources.filter((f) => f.reconstructed).flatMap((f) => f.years);
  if (years.length === 0) return null;
  return paragraph(
    {
      text: "Datos reconstruidos a partir de totales publicados, no son datos del MEF. ",
      bold: true,
      colour: "#C62828",
    },
    `Las cifras de ${joinSpanish(years.sort().map(String))} provienen de un archivo que reproduce los totales publicados por CHS Alternativo (X Informe Alternativo 2023-2025, capítulo 5); su reparto entre servicios, pliegos y niveles es ilustrativo (docs/budget.md). Reemplácelo por la ejecución del MEF antes de publicar este informe.`,
  );
}

/** The sentence of the resumen ejecutivo, when there is a budget. */
export const BUDGET_SUMMARY_TEMPLATE =
  "En {{anio}}, los servicios de la Política contaron con un PIM de S/ {{presupuesto.pim}} y una ejecución de {{presupuesto.ejecucion}} % del PIM (sección 2.5).";

export function budgetSection(
  budget: ReportBudget,
  fill: (template: string) => string,
  chartNumber: number,
): Block[] {
  const s = budget.summary;
  const blocks: Block[] = [heading(2, "2.5. Presupuesto de la política", true)];
  const warning = reconstructedWarning(budget);
  if (warning) blocks.push(warning);
  blocks.push(
    paragraph(
      fill(
        "En {{anio}}, los servicios de la Política con asignación presupuestal específica tuvieron un presupuesto institucional de apertura (PIA) de S/ {{presupuesto.pia}} y un presupuesto institucional modificado (PIM) de S/ {{presupuesto.pim}}, del que se devengó S/ {{presupuesto.devengado}}: una ejecución de {{presupuesto.ejecucion}} % del PIM. El PIM equivale al {{presupuesto.participacion_pim}} % del PIM nacional, y el PIA a S/ {{presupuesto.pia_por_habitante}} por habitante.",
      ),
    ),
  );
  if (s.previous) {
    blocks.push(
      paragraph(
        fill(
          "En {{anio_anterior}}, el PIM fue de S/ {{presupuesto.anterior.pim}} con una ejecución de {{presupuesto.anterior.ejecucion}} %; entre ambos años el PIA varió {{presupuesto.variacion.pia}} %, el PIM {{presupuesto.variacion.pim}} % y el devengado {{presupuesto.variacion.devengado}} %.",
        ),
      ),
    );
  }
  blocks.push({
    kind: "figures",
    items: [
      { label: `PIM ${s.year} (S/)`, value: fill("{{presupuesto.pim}}") },
      { label: `Devengado ${s.year} (S/)`, value: fill("{{presupuesto.devengado}}") },
      { label: `Ejecución ${s.year}`, value: fill("{{presupuesto.ejecucion}} %") },
      {
        label: "Servicios con asignación específica",
        value: fill(
          "{{presupuesto.servicios.asignacion_especifica}} de {{presupuesto.servicios.total}}",
        ),
      },
    ],
  });
  blocks.push(table(yearsTable(budget)));
  const chart = drawBudgetBars({ years: [s.previous, s.totals].filter((y) => y !== null) });
  blocks.push({
    kind: "image",
    ...chart,
    caption: `Gráfico ${chartNumber}. PIA, PIM y devengado de los servicios de la Política, ${yearsLabel(budget)} (millones de soles).`,
  });
  blocks.push(
    paragraph(
      fill(
        "Por nivel de gobierno, el gobierno nacional concentra el {{presupuesto.nivel.nacional.participacion}} % del PIM de {{anio}}, los gobiernos regionales el {{presupuesto.nivel.regional.participacion}} % y los gobiernos locales el {{presupuesto.nivel.local.participacion}} %.",
      ),
    ),
  );
  blocks.push(table(levelsTable(budget)));
  blocks.push(table(objectivesTable(budget)));
  blocks.push(
    paragraph(
      fill(
        "De {{presupuesto.servicios.total|# servicio|los # servicios}} de la Política, {{presupuesto.servicios.asignacion_especifica}} {{presupuesto.servicios.asignacion_especifica|tiene|tienen}} asignación presupuestal específica ({{presupuesto.servicios.asignacion_especifica.lista}}), {{presupuesto.servicios.meta_sin_asignacion_especifica}} solo una meta institucional sin asignación específica y {{presupuesto.servicios.sin_meta_presupuestal}} {{presupuesto.servicios.sin_meta_presupuestal|no tiene|no tienen}} meta presupuestal.",
      ),
    ),
  );
  blocks.push(table(classesTable(budget)));
  if (s.overAllocatedLines > 0) {
    blocks.push(
      note(
        `${countText(s.overAllocatedLines, "línea presupuestal", "líneas presupuestales")} de ${s.year} ${agree(s.overAllocatedLines, "está etiquetada", "están etiquetadas")} por más del 100 % de su monto: revise las reglas de etiquetado (vigia budget rules).`,
      ),
    );
  }
  return blocks;
}

/** The methodology annex's bullet on the budget. */
export const BUDGET_METHOD =
  "Presupuesto: suma de las líneas del MEF etiquetadas con asignación específica a un servicio de la Política mediante reglas versionadas; ejecución = devengado / PIM × 100; parte del presupuesto nacional = PIA (PIM) de la Política / PIA (PIM) nacional × 100; por habitante = monto / población. Montos en soles enteros (redondeo half-up de los céntimos).";
