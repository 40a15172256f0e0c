import { createHash } from "node:crypto";
import type { Actor } from "../../../shared/actor.ts";
import {
  type DisclosureOutputCode,
  tableOutputCode,
} from "../../../shared/disclosure/disclosure-outputs.ts";
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
import { outputDisclosure } from "../../lib/disclosure-k.ts";
import { loadLpSolver } from "../../lib/lp-solver.ts";
import { recordSuppressions } from "../disclosure/disclosure.service.ts";
import { listCurrentFigures, listDepartmentNames } from "./statistics.repository.ts";
import { type CodeIndex, loadCodeIndex } from "./statistics-code-lists.service.ts";
import { OPEN_DATA_LICENSE, statisticsCsv } from "./statistics-csv.builder.ts";

/**
 * The statistics anyone may read: the register's counts as tables, each through disclosure
 * control (ADR 0019, docs/disclosure.md) before it leaves the server, and each suppression in
 * the disclosure log. Authorized readers may ask for the internal view, where small cells are
 * shown and labelled, and logged as shown.
 */

export type PublicView = "publica" | "interna";

/** The registry's output of each view (src/shared/disclosure/disclosure-outputs.ts). */
const VIEW_OUTPUT: Record<PublicView, DisclosureOutputCode> = {
  publica: "portal/estadisticas",
  interna: "tablero/estadisticas",
};

/**
 * A table's version is its content and its k: a restated figure, or a k raised in the
 * configuration, makes a new version (logged anew), and reading the same table again finds its
 * log already written.
 */
const outputVersion = (spec: PublicTableSpec, k: number) =>
  `${createHash("sha256").update(JSON.stringify(spec.table)).digest("hex").slice(0, 16)}-k${k}`;

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

/**
 * The register's tables for one output of the registry, each through `protectTable` with the
 * output's configured k and audience, and each suppression (or, internally, each small cell shown)
 * logged under `<output>/<table>`. Every output that prints these tables (the portal's JSON, the
 * open-data CSV, the publication package) comes through here, so they publish the same pattern.
 */
export async function protectPublicStatistics(
  db: Database,
  actor: Actor,
  input: { year?: number; output: DisclosureOutputCode },
) {
  const { audience, k } = outputDisclosure(input.output);
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
  const tables = [];
  for (const spec of buildPublicTables(figures)) {
    const result = protectTable(spec.table, { audience, k, solver });
    if (result.suppressions.length > 0) {
      await recordSuppressions(db, actor, {
        outputCode: tableOutputCode(input.output, spec.code),
        outputVersion: outputVersion(spec, k),
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
  return { output: input.output, audience, k, protectionWidth: k, years, tables };
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
  const { audience, k, protectionWidth, years, tables } = await protectPublicStatistics(db, actor, {
    ...(input.year === undefined ? {} : { year: input.year }),
    output: VIEW_OUTPUT[input.view],
  });
  return {
    audience,
    k,
    protectionWidth,
    note:
      audience === "public"
        ? `Una celda «reservado» tiene menos de ${k} casos, o se reservó para que, con el total y las demás celdas, no pueda calcularse una que los tiene: así nadie puede deducir una cifra pequeña que identifique a una víctima (control de divulgación, k = ${k}). Ambas se muestran igual a propósito.`
        : `Vista interna: las celdas con menos de ${k} casos se muestran marcadas («pequeña») porque su rol está autorizado; no las difunda.`,
    years,
    tables,
  };
}

/**
 * The open-data file: the same public tables as the portal, as CSV (statistics-csv.builder.ts),
 * logged under its own output code so its k can be set apart from the portal's.
 */
export async function readPublicStatisticsCsv(
  db: Database,
  actor: Actor,
  input: { year?: number },
) {
  const { tables } = await protectPublicStatistics(db, actor, {
    ...input,
    output: "datos-abiertos/estadisticas",
  });
  return {
    fileName: `estadisticas-publicas${input.year === undefined ? "" : `-${input.year}`}.csv`,
    contentType: "text/csv; charset=utf-8",
    license: OPEN_DATA_LICENSE,
    bytes: new TextEncoder().encode(statisticsCsv(tables)),
  };
}
