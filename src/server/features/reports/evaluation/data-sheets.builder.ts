import { fichaInForce } from "../../../../shared/catalogue/ficha-in-force.ts";
import { withoutLineCitations } from "../../../../shared/public-text.ts";
import { VALUE_FMT } from "../render/report-cells.ts";
import { cell, type ReportTable } from "../render/report-document.ts";
import type { Lookups } from "./evaluation-context.builder.ts";
import type { EvaluationReportModel } from "./evaluation-model.service.ts";

/**
 * The XLSX's raw-data sheets, after the tables: the validated values used, and each indicator
 * with its ficha in force and its unrounded results.
 */

export function valuesSheet(model: EvaluationReportModel): ReportTable {
  const ev = model.evaluation;
  const units = new Map(ev.indicators.map((i) => [i.code, i.unit]));
  return {
    id: "datos",
    sheet: "Datos",
    title: "Valores validados usados en el informe",
    columns: [
      { header: "ID medición", width: 10, numFmt: "0" },
      { header: "Indicador", width: 9 },
      { header: "Año", width: 6, numFmt: "0" },
      { header: "Periodo", width: 8 },
      { header: "Revisión", width: 8, numFmt: "0" },
      { header: "Versión de ficha", width: 8, numFmt: "0" },
      { header: "Valor", width: 10, numFmt: VALUE_FMT },
      { header: "Unidad", width: 11 },
      { header: "Numerador", width: 10, numFmt: VALUE_FMT },
      { header: "Denominador", width: 10, numFmt: VALUE_FMT },
      { header: "Estado", width: 9 },
      { header: "Sistema de origen", width: 30 },
      { header: "Entidad que reporta", width: 12 },
      { header: "Entidad titular", width: 12 },
      { header: "Referencia", width: 40 },
    ],
    rows: model.values.map((v) => [
      cell(String(v.id), { value: v.id }),
      cell(v.indicator),
      cell(String(v.year), { value: v.year }),
      cell(v.period),
      cell(String(v.revision), { value: v.revision }),
      cell(String(v.indicatorVersion), { value: v.indicatorVersion }),
      cell(String(v.value ?? ""), { value: v.value }),
      cell(units.get(v.indicator) ?? ""),
      cell(String(v.numerator ?? ""), { value: v.numerator }),
      cell(String(v.denominator ?? ""), { value: v.denominator }),
      cell(v.status),
      cell(v.sourceSystem ?? ""),
      cell(v.reportingEntity),
      cell(v.reportedForEntity),
      cell(withoutLineCitations(v.reference) ?? ""),
    ]),
  };
}

export function indicatorsSheet(model: EvaluationReportModel, look: Lookups): ReportTable {
  const ev = model.evaluation;
  return {
    id: "indicadores",
    sheet: "Indicadores",
    title: "Indicadores: ficha en vigor y resultados sin redondear",
    columns: [
      { header: "Indicador", width: 9 },
      { header: "Tipo", width: 9 },
      { header: "OP", width: 6 },
      { header: "Servicio", width: 8 },
      { header: "Nombre", width: 50 },
      { header: "Unidad", width: 11 },
      { header: "Sentido", width: 11 },
      { header: "Responsable", width: 11 },
      { header: "Línea de base", width: 10, numFmt: VALUE_FMT },
      { header: "Línea de base derivada", width: 9 },
      { header: `Meta ${ev.previousYear}`, width: 9, numFmt: VALUE_FMT },
      { header: `Meta ${ev.year}`, width: 9, numFmt: VALUE_FMT },
      { header: `Valor ${ev.previousYear}`, width: 9, numFmt: VALUE_FMT },
      { header: `Valor ${ev.year}`, width: 9, numFmt: VALUE_FMT },
      { header: `Tipo 1 ${ev.previousYear} exacto`, width: 12, numFmt: "0.000000" },
      { header: `Tipo 1 ${ev.year} exacto`, width: 12, numFmt: "0.000000" },
      { header: `Tipo 2 ${ev.year} exacto`, width: 12, numFmt: "0.000000" },
      { header: `Nivel ${ev.year}`, width: 10 },
      { header: "Alertas", width: 30 },
    ],
    rows: ev.indicators.map((i) => {
      const ci = look.cat.indicators.find((x) => x.code === i.code);
      const version = ci ? fichaInForce(ci.versions, ev.year) : undefined;
      const exact = (x: number | "ND") => cell(String(x), { value: x });
      return [
        cell(i.code),
        cell(i.kind),
        cell(i.objective),
        cell(i.service ?? ""),
        cell(i.name),
        cell(i.unit),
        cell(version?.direction ?? ""),
        cell(i.responsible),
        cell(String(i.baseline ?? ""), { value: i.baseline }),
        cell(version?.baseline ? (version.baseline.isDerived ? "sí" : "no") : ""),
        cell(String(i.previous.meta ?? ""), { value: i.previous.meta }),
        cell(String(i.meta ?? ""), { value: i.meta }),
        cell(String(i.previous.value ?? ""), { value: i.previous.value }),
        cell(String(i.value ?? ""), { value: i.value }),
        exact(i.exact.previousTipo1),
        exact(i.exact.tipo1),
        exact(i.exact.tipo2),
        cell(i.level),
        cell(i.warnings.map((w) => w.code).join(", ")),
      ];
    }),
  };
}
