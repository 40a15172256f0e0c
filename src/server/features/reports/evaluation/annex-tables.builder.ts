import { fichaInForce } from "../../../../shared/catalogue/ficha-in-force.ts";
import type { CommitmentView } from "../../../../shared/contracts/commitments.contract.ts";
import { withoutLineCitations } from "../../../../shared/public-text.ts";
import type { Catalogue } from "../../../../shared/schemas/catalogue.schema.ts";
import { SEVERITY_LABELS } from "../render/report-cells.ts";
import { cell, type ReportTable } from "../render/report-document.ts";
import { formatDateEs, formatValue } from "../render/report-format.ts";
import type { Lookups } from "./evaluation-context.builder.ts";
import type { EvaluationReportModel } from "./evaluation-model.service.ts";

/** The tables of the Matriz de compromisos (chapter 6) and of the annexes (chapter 7). */

/**
 * A Matriz table. `tracked` are the commitments as Vigía follows them (features/commitments):
 * the deadline as a date and the responsible entity, which the catalogue's rows do not carry
 * (they name a unit and a printed span); a row not found there prints "—".
 */
export function commitmentsTable(
  cat: Catalogue,
  year: number,
  id: string,
  sheet: string,
  tracked: readonly Pick<CommitmentView, "periodYear" | "number" | "entity" | "dueOn">[] = [],
): ReportTable {
  const rows = cat.commitments.filter((c) => c.periodYear === year);
  const trackedOf = new Map(tracked.map((c) => [`${c.periodYear}|${c.number}`, c]));
  const STATUS: Record<string, string> = {
    pendiente: "Pendiente",
    en_proceso: "En proceso",
    cumplido: "Cumplido",
    no_cumplido: "No cumplido",
  };
  return {
    id,
    sheet,
    title: `Matriz de compromisos, periodo ${year}`,
    compact: true,
    columns: [
      { header: "N°", width: 4, align: "center", numFmt: "0" },
      { header: "Aspecto de mejora", width: 10 },
      { header: "Recomendación", width: 18 },
      { header: "Acción clave", width: 18 },
      { header: "Medio de verificación", width: 12 },
      { header: "Entidad responsable", width: 8 },
      { header: "Unidad de organización responsable", width: 11 },
      { header: "Plazo", width: 6 },
      { header: "Fecha límite", width: 7, align: "center" },
      { header: "Estado de cumplimiento", width: 8 },
      { header: "Comentario", width: 9 },
    ],
    rows: rows.length
      ? rows.map((c) => {
          const followed = trackedOf.get(`${c.periodYear}|${c.number}`);
          return [
            cell(String(c.number), { value: c.number }),
            cell(c.aspect),
            cell(c.recommendation),
            cell(c.keyAction ?? "—"),
            cell(c.verificationMeans ?? "—"),
            cell(followed?.entity ?? "—"),
            cell(c.responsibleUnit ?? "—"),
            cell(c.deadline ?? "—"),
            cell(followed?.dueOn ? formatDateEs(followed.dueOn) : "—"),
            cell(STATUS[c.status] ?? c.status),
            cell(c.comment ?? ""),
          ];
        })
      : [
          [
            cell(""),
            cell(`No hay compromisos registrados para ${year}.`),
            ...Array.from({ length: 9 }, () => cell("")),
          ],
        ],
  };
}

export function sourcesTable(model: EvaluationReportModel, look: Lookups): ReportTable {
  const t = model.year;
  return {
    id: "fuentes",
    sheet: "Fuentes",
    title: "Fuentes de datos de los indicadores",
    compact: true,
    columns: [
      { header: "Indicador", width: 9 },
      { header: "Responsable", width: 12 },
      { header: "Fuentes de datos (ficha técnica)", width: 28 },
      { header: `Sistema de origen del valor ${t}`, width: 21 },
      { header: "Línea de base", width: 10 },
      { header: "Referencia", width: 21 },
    ],
    rows: model.evaluation.indicators.map((i) => {
      const ci = look.cat.indicators.find((x) => x.code === i.code);
      const version = ci ? fichaInForce(ci.versions, model.year) : undefined;
      const v = look.valueOf(i.code, t);
      const baseline = version?.baseline;
      return [
        cell(i.code),
        cell(i.responsible),
        cell(version?.dataSources.join("; ") || "—"),
        cell(v?.sourceSystem ?? "—"),
        cell(
          baseline
            ? `${formatValue(baseline.value, i.unit)}${baseline.isDerived ? " (derivada)" : ""}`
            : "Sin línea de base",
          { value: baseline?.value ?? null },
        ),
        cell(withoutLineCitations(v?.reference ?? null) ?? "—"),
      ];
    }),
  };
}

export function flagsTable(model: EvaluationReportModel): ReportTable {
  const rows = model.evaluation.indicators.flatMap((i) =>
    i.warnings.map((w) => [
      cell(i.code),
      cell(i.responsible),
      cell(w.code),
      cell(SEVERITY_LABELS[w.severity]),
      cell(w.message),
    ]),
  );
  return {
    id: "alertas",
    sheet: "Alertas",
    title: `Valores observados en ${model.year}`,
    compact: true,
    columns: [
      { header: "Indicador", width: 9 },
      { header: "Responsable", width: 12 },
      { header: "Regla", width: 28 },
      { header: "Severidad", width: 11 },
      { header: "Observación", width: 50 },
    ],
    rows: rows.length
      ? rows
      : [[cell("—"), cell(""), cell(""), cell(""), cell("Sin observaciones.")]],
  };
}
