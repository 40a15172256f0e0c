import type {
  FigureView,
  StatisticsReconciliation,
} from "../server/features/statistics/statistics.service.ts";
import type { CodeListLoad } from "../server/features/statistics/statistics-code-lists.service.ts";
import type { StatisticsImportReport } from "../server/features/statistics/statistics-import.service.ts";
import type { ReferenceImportReport } from "../server/features/statistics/statistics-reference.service.ts";
import { formatDecimal } from "../shared/numbers.ts";
import { describeCause, type ReconcileGroup } from "../shared/statistics/reconcile.ts";
import {
  DIMENSION_LABELS,
  DIMENSIONS,
  NON_ADDITIVE_UNITS,
} from "../shared/statistics/statistics-codes.ts";

/** Plain-text output of `vigia stats …`, in Spanish. */

function table(header: string[], rows: string[][], leftColumns: number[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) =>
        leftColumns.includes(c) ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0),
      )
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

const count = (n: number, unit: string) =>
  NON_ADDITIVE_UNITS.has(unit) ? `${formatDecimal(n, 1)} %` : formatDecimal(n, 0);
const signed = (n: number | null) =>
  n === null ? "—" : n === 0 ? "0" : n > 0 ? `+${formatDecimal(n, 0)}` : formatDecimal(n, 0);

function cellLabel(g: Pick<ReconcileGroup, "ubigeo" | "dimensions">): string {
  const parts = DIMENSIONS.filter((d) => g.dimensions[d] !== null).map(
    (d) => `${DIMENSION_LABELS[d]} ${g.dimensions[d]}`,
  );
  if (g.ubigeo) parts.unshift(`ubigeo ${g.ubigeo}`);
  return parts.length > 0 ? parts.join(", ") : "total";
}

export function formatCodeLists(loads: readonly CodeListLoad[]): string {
  return `${table(
    ["Lista", "Versión", "Códigos", "Estado"],
    loads.map((l) => [l.list, String(l.version), String(l.codes), l.status]),
    [0, 3],
  )}\n`;
}

export function formatStatisticsImport(r: StatisticsImportReport): string {
  const out: string[] = [];
  out.push(
    `Fuente ${r.source} — ${r.file} (${r.format.toUpperCase()}, correspondencia v${r.mappingVersion})`,
  );
  out.push(
    `Resultado: ${r.outcome}${r.importId !== null ? ` (importación ${r.importId})` : ""}. Filas leídas: ${r.rowsRead} · nuevas: ${r.figuresNew} · reformuladas: ${r.figuresRestated} · sin cambios: ${r.figuresUnchanged}`,
  );
  out.push(`Columnas: ${r.mapping.used.map((u) => `${u.header} → ${u.field}`).join(", ")}`);
  if (r.mapping.ignored.length > 0) out.push(`Columnas ignoradas: ${r.mapping.ignored.join(", ")}`);
  for (const s of r.restatements)
    out.push(
      `  Reformulada (fila ${s.row}): ${s.figure}: ${formatDecimal(s.previousValue, 0)} → ${formatDecimal(s.value, 0)} (versión ${s.version}; la anterior se conserva)`,
    );
  if (r.problems.count > 0) {
    out.push(`Problemas: ${r.problems.count}`);
    for (const p of r.problems.examples)
      out.push(`  fila ${p.row}, columna «${p.column}»: ${p.message}`);
  }
  return `${out.join("\n")}\n`;
}

export function formatReferenceImport(r: ReferenceImportReport): string {
  const out: string[] = [];
  out.push(`${r.file} v${r.version}: ${r.label}`);
  out.push(
    `Resultado: ${r.outcome}. Cifras: ${r.figures} (nuevas ${r.figuresNew}, reformuladas ${r.figuresRestated}, sin cambios ${r.figuresUnchanged}); causas nuevas: ${r.causesNew}; superposiciones nuevas: ${r.overlapsNew}.`,
  );
  out.push("Totales publicados, recalculados de sus partes:");
  for (const c of r.checks)
    out.push(
      `  [${c.ok ? "ok" : "NO CUADRA"}] ${c.description}: ${c.parts.map((p) => formatDecimal(p, 0)).join(" + ")} = ${formatDecimal(c.sum, 0)}${c.ok ? "" : ` ≠ ${formatDecimal(c.total, 0)}`} (${c.citation})`,
    );
  return `${out.join("\n")}\n`;
}

export function formatFigures(figures: readonly FigureView[]): string {
  return `${table(
    [
      "Id",
      "Fuente",
      "Concepto",
      "Periodo",
      "Celda",
      "Valor",
      "Unidad",
      "Versión",
      "Origen",
      "Procedencia",
    ],
    figures.map((f) => [
      String(f.id),
      f.sourceLabel,
      f.concept,
      f.period.label,
      cellLabel(f),
      count(f.value, f.unit),
      f.unit,
      String(f.version),
      f.origin,
      f.provenance.location ?? f.provenance.document,
    ]),
    [1, 2, 3, 4, 6, 8, 9],
  )}\n`;
}

/**
 * The reconciliation: the totals of every concept and period, and any cell that several
 * sources report or that carries a flag; the JSON format has every cell.
 */
export function formatReconciliation(r: StatisticsReconciliation): string {
  const out: string[] = [];
  out.push(
    `Conciliación ${r.year} — ${r.summary.figures} cifras en ${r.summary.groups} grupos; ${r.summary.groupsWithSeveralSources} con varias fuentes; marcas: ${r.summary.incompatible} incompatibles, ${r.summary.unexplained} sin causa documentada.`,
  );
  out.push(r.note);
  let hidden = 0;
  for (const g of r.groups) {
    const total = g.ubigeo === null && DIMENSIONS.every((d) => g.dimensions[d] === null);
    const several = new Set(g.entries.map((e) => e.source)).size > 1;
    if (!total && !several && g.flags.length === 0) {
      hidden += 1;
      continue;
    }
    out.push(`\n${g.conceptLabel} · ${g.period.label} · ${cellLabel(g)}`);
    // One channel for every entry is said once, above the table, not in a column.
    const vias = new Set(g.entries.map((e) => e.reportedVia ?? "(exportación de la fuente)"));
    const oneVia = vias.size === 1 ? [...vias][0] : null;
    if (oneVia) out.push(`  Vía: ${oneVia}`);
    const rows = g.entries.map((e) => [
      e.sourceLabel,
      ...(oneVia ? [] : [e.reportedVia ?? "(exportación de la fuente)"]),
      count(e.value, e.unit),
      e.unit,
      signed(e.differenceFromMax),
      `${e.version}${e.restated ? " (reformulada)" : ""}`,
      e.provenance,
    ]);
    const header = [
      "Fuente",
      ...(oneVia ? [] : ["Vía"]),
      "Valor",
      "Unidad",
      "Dif. vs. máx.",
      "Versión",
      "Procedencia",
    ];
    const left = oneVia ? [0, 2, 5] : [0, 1, 3, 6];
    out.push(
      table(header, rows, left)
        .split("\n")
        .map((l) => `  ${l}`)
        .join("\n"),
    );
    // A source with two entries (two channels) has its causes said once.
    const causes = new Map<string, string>();
    for (const e of g.entries)
      for (const c of e.causes)
        causes.set(
          `${e.source}|${c.cause}|${c.explanation}`,
          `${e.sourceLabel} — ${describeCause(c)}`,
        );
    if (causes.size > 0) {
      out.push("  Causas documentadas:");
      for (const line of causes.values()) out.push(`    ${line}`);
    }
    for (const d of g.deduplication) {
      const range = `entre ${formatDecimal(d.max, 0)} (máximo: superposición total) y ${formatDecimal(d.sum, 0)} (suma: sin superposición)`;
      const how =
        d.method === null
          ? `sin superposición declarada: ${range}`
          : d.method === "desconocida"
            ? `superposición desconocida: ${range}. ${d.basis} (${d.citation})`
            : `${d.method}: ${formatDecimal(d.deduplicated ?? 0, 0)} (ajuste ${signed(d.adjustment)}). ${d.basis} (${d.citation})`;
      out.push(`  De-duplicación (${d.unit}; ${d.sources.join(", ")}): ${how}`);
    }
    for (const f of g.flags)
      out.push(`  [${f.severity === "incompatible" ? "INCOMPATIBLE" : "SIN CAUSA"}] ${f.message}`);
  }
  if (hidden > 0)
    out.push(
      `\n${hidden} celdas desagregadas de una sola fuente y sin marcas no se muestran (use --format json).`,
    );
  return `${out.join("\n")}\n`;
}
