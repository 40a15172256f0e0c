import type { PolicyEvaluation } from "../../../../shared/evaluation/evaluate-policy.ts";
import { formatDecimal } from "../../../../shared/numbers.ts";
import type { Catalogue } from "../../../../shared/schemas/catalogue.schema.ts";
import {
  formatDateEs,
  formatProgress,
  formatValue,
  joinSpanish,
  LEVEL_BANDS,
} from "../render/report-format.ts";
import { budgetPlaceholders } from "./budget-placeholders.builder.ts";
import type { ReportBudget } from "./evaluation-budget.service.ts";

/**
 * The figures a report text may cite, keyed as `{{indice.tipo2}}`, each formatted exactly as
 * the tables print it. Built from the evaluation, so texts and tables cannot disagree.
 */
export function buildPlaceholders(input: {
  evaluation: PolicyEvaluation;
  catalogue: Catalogue;
  cutOff: string;
  /** Adds `presupuesto.*` when the year has a budget. */
  budget?: ReportBudget | null;
}): Map<string, string> {
  const { evaluation: ev, catalogue: cat } = input;
  const v = new Map<string, string>();
  v.set("politica.nombre", ev.policy.name);
  v.set("politica.sigla", cat.policy.shortName ?? ev.policy.code.toUpperCase());
  v.set("anio", String(ev.year));
  v.set("anio_anterior", String(ev.previousYear));
  v.set("fecha_corte", formatDateEs(input.cutOff));
  v.set("politica.norma", cat.policy.approvalNorm ?? "—");
  v.set("politica.horizonte", String(cat.policy.horizonYear));
  v.set("politica.problema", cat.policy.publicProblem ?? "—");
  const conductor = cat.entities.find((e) => e.code === cat.policy.conductor);
  v.set("politica.conductor", conductor?.name ?? cat.policy.conductor);

  v.set("indice.tipo2", formatProgress(ev.index.tipo2));
  v.set("indice.nivel", ev.index.level);
  v.set("indice.banda", ev.index.level === "ND" ? "" : LEVEL_BANDS[ev.index.level]);
  v.set("indice.tipo1", formatProgress(ev.index.tipo1));

  const total = ev.valoracion.total;
  v.set("valoracion.total", total === "ND" ? "ND" : formatDecimal(total));
  v.set("valoracion.nivel", ev.valoracion.level.toLowerCase());
  ev.valoracion.criteria.forEach((c, i) => {
    const key = `valoracion.criterio${i + 1}`;
    v.set(`${key}.nombre`, c.name);
    v.set(`${key}.nivel`, c.level.toLowerCase());
    v.set(`${key}.peso`, String(c.weight));
    v.set(`${key}.puntaje`, c.score === null ? "ND" : String(c.score));
  });

  for (const o of ev.objectives) {
    const key = `op.${o.code.toLowerCase()}`;
    v.set(`${key}.nombre`, o.name);
    v.set(`${key}.tipo1`, formatProgress(o.tipo1));
    v.set(`${key}.tipo1_anterior`, formatProgress(o.previousTipo1));
    v.set(`${key}.tipo2`, formatProgress(o.tipo2));
    v.set(`${key}.nivel`, o.level);
  }
  for (const i of ev.indicators) {
    const key = `indicador.${i.code.toLowerCase()}`;
    v.set(`${key}.nombre`, i.name);
    v.set(`${key}.responsable`, i.responsible);
    v.set(`${key}.valor`, formatValue(i.value, i.unit));
    v.set(`${key}.valor_anterior`, formatValue(i.previous.value, i.unit));
    v.set(`${key}.meta`, formatValue(i.meta, i.unit));
    v.set(`${key}.meta_anterior`, formatValue(i.previous.meta, i.unit));
    v.set(`${key}.tipo1`, formatProgress(i.tipo1));
    v.set(`${key}.tipo1_anterior`, formatProgress(i.previous.tipo1));
    v.set(`${key}.tipo2`, formatProgress(i.tipo2));
    v.set(`${key}.nivel`, i.level);
  }

  const counts = {
    objetivos: ev.levelCounts.objectives,
    indicadores_op: ev.levelCounts.opIndicators,
    servicios: ev.levelCounts.serviceIndicators,
    total: ev.levelCounts.total,
  };
  for (const [name, c] of Object.entries(counts)) {
    for (const level of ["bajo", "intermedio", "alto", "total"] as const) {
      v.set(`conteo.${name}.${level}`, String(c[level]));
    }
  }
  for (const low of ev.lowIndicators) {
    const suffix = low.year === ev.year ? "" : "_anterior";
    v.set(`bajos.op${suffix}`, joinSpanish(low.opIndicators) || "ninguno");
    v.set(`bajos.servicios${suffix}`, joinSpanish(low.serviceIndicators) || "ninguno");
  }

  v.set("numero.objetivos", String(cat.objectives.length));
  v.set("numero.lineamientos", String(cat.lineamientos.length));
  v.set("numero.servicios", String(cat.services.length));
  v.set("numero.indicadores", String(ev.indicators.length));
  v.set("numero.entidades", String(new Set(ev.indicators.map((i) => i.responsible)).size));
  v.set("numero.indicadores_op", String(ev.indicators.filter((i) => i.kind === "objetivo").length));
  v.set(
    "numero.indicadores_servicio",
    String(ev.indicators.filter((i) => i.kind === "servicio").length),
  );
  if (input.budget) for (const [key, text] of budgetPlaceholders(input.budget)) v.set(key, text);
  return v;
}
