import { createHash } from "node:crypto";
import type { Actor } from "../../../shared/actor.ts";
import { DEFAULT_K } from "../../../shared/disclosure/disclosure-rules.ts";
import type { PublishedNode } from "../../../shared/disclosure/protect-table.ts";
import { protectTable } from "../../../shared/disclosure/protect-table.ts";
import { hasPermission } from "../../../shared/permissions.ts";
import { formatPeriod, yearBounds } from "../../../shared/statistics/period.ts";
import {
  buildPublicTables,
  type PublicTableSpec,
} from "../../../shared/statistics/public-tables.ts";
import { DIMENSIONS, type StatDimension } from "../../../shared/statistics/statistics-codes.ts";
import type { Database } from "../../db/connect.ts";
import { forbidden } from "../../errors.ts";
import { recordSuppressions } from "../disclosure/disclosure.service.ts";
import { loadLpSolver } from "../disclosure/lp-solver.ts";
import { listCurrentFigures, listDepartmentNames } from "./statistics.repository.ts";
import { type CodeIndex, loadCodeIndex } from "./statistics-code-lists.service.ts";

/**
 * The statistics anyone may read: the register's counts as tables, each through disclosure
 * control (ADR 0019, docs/disclosure.md) before it leaves the server, and each suppression in
 * the disclosure log. Authorized readers may ask for the internal view, where small cells are
 * shown and labelled, and logged as shown.
 */

export type PublicView = "publica" | "interna";

/** The log's output code of a table: the public portal, or the Tablero's internal view. */
const outputCode = (view: PublicView, spec: PublicTableSpec) =>
  `${view === "publica" ? "portal" : "tablero"}/estadisticas/${spec.code}`;

/**
 * A table's version is its content: a restated figure makes a new version (logged anew), and
 * reading the same table again finds its log already written.
 */
const outputVersion = (spec: PublicTableSpec) =>
  createHash("sha256").update(JSON.stringify(spec.table)).digest("hex").slice(0, 16);

function cellLabel(key: string, codes: CodeIndex, departments: Map<string, string>): string {
  if (key === "total") return "Total";
  if (key.startsWith("ubigeo=")) {
    const code = key.slice("ubigeo=".length);
    return departments.get(code) ?? `Departamento ${code}`;
  }
  return key
    .split(";")
    .map((pair) => {
      const [dimension, code = ""] = pair.split("=");
      const list = codes.dimensions[dimension as StatDimension];
      return list?.get(code)?.label ?? code;
    })
    .join(" · ");
}

function flatten(
  node: PublishedNode,
  level: number,
): { key: string; value: number | null; level: number }[] {
  return [
    { key: node.key, value: node.value, level },
    ...(node.parts ?? []).flatMap((p) => flatten(p, level + 1)),
  ];
}

export async function readPublicStatistics(
  db: Database,
  actor: Actor,
  input: { year?: number; view: PublicView },
) {
  if (
    input.view === "interna" &&
    !(actor.user && hasPermission(actor.user.role, "statistics.read"))
  ) {
    throw forbidden(
      "La vista interna, con celdas pequeñas, es solo para roles con lectura estadística.",
    );
  }
  const [rows, codes, departments, solver] = await Promise.all([
    listCurrentFigures(db, input.year === undefined ? {} : { within: yearBounds(input.year) }),
    loadCodeIndex(db),
    listDepartmentNames(db),
    loadLpSolver(),
  ]);
  const transcribedCodes = new Set<string>();
  const figures = rows.map((r) => {
    const period = { type: r.periodType, start: r.periodStart, end: r.periodEnd };
    const label = formatPeriod(period);
    if (r.origin === "transcripcion")
      transcribedCodes.add(`${r.conceptCode}/${r.sourceCode}/${label}`);
    return {
      source: r.sourceCode,
      concept: r.conceptCode,
      period: { ...period, label },
      ubigeo: r.ubigeo,
      dimensions: Object.fromEntries(DIMENSIONS.map((d) => [d, r[d]])) as Record<
        StatDimension,
        string | null
      >,
      value: r.value,
      unit: r.unit,
    };
  });
  const audience: "public" | "internal" = input.view === "publica" ? "public" : "internal";
  const k = DEFAULT_K;
  const tables = [];
  for (const spec of buildPublicTables(figures)) {
    const result = protectTable(spec.table, { audience, k, solver });
    if (result.suppressions.length > 0) {
      await recordSuppressions(db, actor, {
        outputCode: outputCode(input.view, spec),
        outputVersion: outputVersion(spec),
        result,
      });
    }
    const byKey = new Map(result.cells.map((c) => [c.key, c]));
    const root = result.table.kind === "hierarchy" ? result.table.root : null;
    tables.push({
      code: spec.code,
      concept: spec.concept,
      conceptLabel: codes.concepts.get(spec.concept)?.label ?? spec.concept,
      source: spec.source,
      sourceLabel: codes.sources.get(spec.source)?.label ?? spec.source,
      period: spec.period,
      unit: spec.unit,
      unitLabel: codes.units.get(spec.unit)?.label ?? spec.unit,
      breakdown: spec.breakdown,
      transcribed: transcribedCodes.has(spec.code),
      cells: (root ? flatten(root, 0) : []).map((c) => ({
        key: c.key,
        label: cellLabel(c.key, codes, departments),
        level: c.level,
        value: c.value,
        suppressed: byKey.get(c.key)?.suppressed ?? false,
        small: byKey.get(c.key)?.small ?? false,
      })),
      informationLoss: {
        cellsSuppressed: result.informationLoss.cellsSuppressed,
        cellsTotal: result.informationLoss.cellsTotal,
      },
    });
  }
  const years = [...new Set(figures.map((f) => Number(f.period.end.slice(0, 4))))].sort(
    (a, b) => b - a,
  );
  return {
    audience,
    k,
    protectionWidth: k,
    note:
      audience === "public"
        ? `Una celda «reservado» tiene menos de ${k} casos, o se reservó para que, con el total y las demás celdas, no pueda calcularse una que los tiene: así nadie puede deducir una cifra pequeña que identifique a una víctima (control de divulgación, k = ${k}). Ambas se muestran igual a propósito.`
        : `Vista interna: las celdas con menos de ${k} casos se muestran marcadas («pequeña») porque su rol está autorizado; no las difunda.`,
    years,
    tables,
  };
}
