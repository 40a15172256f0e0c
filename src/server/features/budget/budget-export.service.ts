import type { Actor } from "../../../shared/actor.ts";
import { BUDGET_CLASS_LABELS } from "../../../shared/budget/budget-analyses.ts";
import { LEVEL_LABELS } from "../../../shared/budget/budget-fields.ts";
import { toCsvLine } from "../../../shared/budget/csv-stream.ts";
import { centsToDecimalString } from "../../../shared/budget/money.ts";
import type { Database } from "../../db/connect.ts";
import { loadExcelJs } from "../../lib/lazy-modules.ts";
import {
  getBudgetByDepartment,
  getBudgetByLevel,
  getBudgetByObjective,
  getBudgetByPliego,
  getBudgetByService,
  getBudgetYears,
} from "./budget.service.ts";

/**
 * Exports of the budget tables for citizens and analysts: CSV (one table, amounts in soles with
 * two decimals, exact) or XLSX (every table, one sheet each). Shares are unrounded.
 */

const EXPORT_TABLES = [
  "servicios",
  "objetivos",
  "niveles",
  "pliegos",
  "departamentos",
  "anios",
] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

type Cell = string | number | null;
interface Sheet {
  name: ExportTable;
  header: string[];
  rows: Cell[][];
}

const soles = (cents: number | null) => (cents === null ? null : centsToDecimalString(cents));

async function buildSheets(
  db: Database,
  actor: Actor,
  policyCode: string,
  year: number,
): Promise<Sheet[]> {
  const [services, objectives, levels, pliegos, departments, years] = await Promise.all([
    getBudgetByService(db, actor, { policyCode, year }),
    getBudgetByObjective(db, actor, { policyCode, year }),
    getBudgetByLevel(db, actor, { policyCode, year }),
    getBudgetByPliego(db, actor, { policyCode, year }),
    getBudgetByDepartment(db, actor, { policyCode, year }),
    getBudgetYears(db, actor, { policyCode }),
  ]);
  const stages = [
    "PIA",
    "PIM",
    "Certificación",
    "Compromiso anual",
    "Devengado",
    "Girado",
    "Ejecución (%)",
  ];
  const stageCells = (r: {
    piaCents: number;
    pimCents: number;
    certificacionCents: number | null;
    compromisoCents: number | null;
    devengadoCents: number;
    giradoCents: number | null;
    execution: number | null;
  }): Cell[] => [
    soles(r.piaCents),
    soles(r.pimCents),
    soles(r.certificacionCents),
    soles(r.compromisoCents),
    soles(r.devengadoCents),
    soles(r.giradoCents),
    r.execution,
  ];
  return [
    {
      name: "servicios",
      header: [
        "Año",
        "Servicio",
        "N°",
        "Nombre",
        "OP",
        "Proveedor",
        "Clase",
        ...stages,
        "PIM institucional",
        "Pliegos",
      ],
      rows: services.map((s) => [
        year,
        s.code,
        s.number,
        s.name,
        s.objective,
        s.owner,
        BUDGET_CLASS_LABELS[s.budgetClass],
        ...stageCells(s),
        soles(s.institutionalPimCents),
        s.pliegos.join(" "),
      ]),
    },
    {
      name: "objetivos",
      header: ["Año", "OP", "Nombre", "Servicios", "Con asignación específica", ...stages],
      rows: objectives.map((o) => [year, o.code, o.name, o.services, o.funded, ...stageCells(o)]),
    },
    {
      name: "niveles",
      header: ["Año", "Nivel de gobierno", ...stages],
      rows: levels.map((l) => [year, LEVEL_LABELS[l.level], ...stageCells(l)]),
    },
    {
      name: "pliegos",
      header: [
        "Año",
        "Nivel",
        "Pliego",
        "Etiqueta",
        "PIA del pliego",
        "PIM del pliego",
        "Fuente del total",
        "PIA específico",
        "PIM específico",
        "Devengado específico",
        "% del PIA",
        "% del PIM",
      ],
      rows: pliegos.flatMap((g) =>
        [...g.rows, g.total].map((r) => [
          year,
          g.nivel,
          r.pliego,
          r.label,
          soles(r.totalPiaCents),
          soles(r.totalPimCents),
          r.totalSource,
          soles(r.piaCents),
          soles(r.pimCents),
          soles(r.devengadoCents),
          r.sharePia,
          r.sharePim,
        ]),
      ),
    },
    {
      name: "departamentos",
      header: [
        "Año",
        "Ubigeo",
        "Departamento",
        "PIA",
        "PIM",
        "Devengado",
        "Ejecución (%)",
        "% del PIM",
      ],
      rows: departments.rows.map((d) => [
        year,
        d.department,
        d.name,
        soles(d.piaCents),
        soles(d.pimCents),
        soles(d.devengadoCents),
        d.execution,
        d.sharePim,
      ]),
    },
    {
      name: "anios",
      header: [
        "Año",
        ...stages,
        "PIA nacional",
        "PIM nacional",
        "% del PIA nacional",
        "% del PIM nacional",
        "Población",
        "PIA por habitante",
        "Devengado por habitante",
      ],
      rows: years.map((y) => [
        y.year,
        ...stageCells(y),
        soles(y.nationalPiaCents),
        soles(y.nationalPimCents),
        y.shareNationalPia,
        y.shareNationalPim,
        y.population,
        y.perCapitaPia,
        y.perCapitaDevengado,
      ]),
    },
  ];
}

export async function exportBudget(
  db: Database,
  actor: Actor,
  input: { policyCode: string; year: number; format: "csv" | "xlsx"; table: ExportTable },
): Promise<{ fileName: string; mediaType: string; bytes: Uint8Array }> {
  const sheets = await buildSheets(db, actor, input.policyCode, input.year);
  const base = `presupuesto-${input.policyCode}-${input.year}`;
  if (input.format === "csv") {
    const sheet = sheets.find((s) => s.name === input.table) ?? sheets[0];
    if (!sheet) throw new Error("no sheets");
    const text = [sheet.header, ...sheet.rows]
      .map((r) => toCsvLine(r.map((c) => (c === null ? "" : String(c)))))
      .join("\r\n");
    // A BOM so spreadsheet programs read the accents as UTF-8.
    return {
      fileName: `${base}-${sheet.name}.csv`,
      mediaType: "text/csv; charset=utf-8",
      bytes: new TextEncoder().encode(`\uFEFF${text}\r\n`),
    };
  }
  const workbook = new (loadExcelJs().Workbook)();
  workbook.creator = "Vigía";
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheet.name);
    ws.addRow(sheet.header).font = { bold: true };
    for (const row of sheet.rows) {
      // Amounts go to Excel as numbers (soles); the CSV keeps the exact decimal text.
      ws.addRow(
        row.map((c) => (typeof c === "string" && /^-?\d+\.\d{2}$/.test(c) ? Number(c) : c)),
      );
    }
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return {
    fileName: `${base}.xlsx`,
    mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    bytes: new Uint8Array(buffer as ArrayBuffer),
  };
}
