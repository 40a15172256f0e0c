import type { Actor } from "../../../../shared/actor.ts";
import { LEVEL_LABELS } from "../../../../shared/budget/budget-fields.ts";
import { fichaInForce } from "../../../../shared/catalogue/ficha-in-force.ts";
import type {
  OpenDataCell,
  OpenDataDatasetId,
  OpenDataRelease,
} from "../../../../shared/open-data/open-data-datasets.ts";
import { withoutLineCitations } from "../../../../shared/public-text.ts";
import type { Database } from "../../../db/connect.ts";
import { getBudgetByDepartment, getBudgetByPliego } from "../../budget/budget.service.ts";
import { STATISTICS_CSV_FIELDS } from "../../statistics/statistics-csv.builder.ts";
import { protectPublicStatistics } from "../../statistics/statistics-public.service.ts";
import type { EvaluationReportModel } from "../evaluation/evaluation-model.service.ts";

/**
 * The open-data release of a year being published (docs/open-data.md): every dataset's rows
 * from the same model as the Informe and the package, frozen with them. The register's tables
 * go through disclosure control here, once, as output `datos-abiertos/publicacion`; the files
 * an anonymous visitor downloads are written from these rows and never read live data.
 */

type Row = Record<string, OpenDataCell>;

const soles = (cents: number | null) => (cents === null ? null : cents / 100);

const inForce = fichaInForce;

function evaluationTables(model: EvaluationReportModel): Partial<Record<OpenDataDatasetId, Row[]>> {
  const ev = model.evaluation;
  const year = ev.year;
  const indicators = ev.indicators.map((x) => ({
    anio: year,
    indicador: x.code,
    tipo: x.kind,
    objetivo: x.objective,
    servicio: x.service,
    nombre: x.name,
    responsable: x.responsible,
    unidad: x.unit,
    linea_base: x.baseline,
    meta: x.meta,
    valor: x.value,
    avance_tipo1: x.tipo1,
    avance_tipo2: x.tipo2,
    nivel: x.level,
    meta_anterior: x.previous.meta,
    valor_anterior: x.previous.value,
    avance_tipo1_anterior: x.previous.tipo1,
    alertas: x.warnings.map((w) => w.code).join(";"),
  }));
  const objectives = ev.objectives.map((o) => ({
    anio: year,
    objetivo: o.code,
    nombre: o.name,
    avance_tipo1: o.tipo1,
    avance_tipo2: o.tipo2,
    nivel: o.level,
    avance_tipo1_anterior: o.previousTipo1,
  }));
  const index: Row[] = [
    {
      anio: year,
      componente: "indice_gestion",
      nombre: "Índice de gestión",
      valor: ev.index.tipo2,
      nivel: ev.index.level,
      peso: null,
      fundamento: "Media del avance tipo 2 de los objetivos prioritarios",
    },
    {
      anio: year,
      componente: "valoracion",
      nombre: "Valoración de la implementación (puntaje total)",
      valor: ev.valoracion.total,
      nivel: ev.valoracion.level,
      peso: null,
      fundamento: "Suma de los puntajes de los criterios",
    },
    ...ev.valoracion.criteria.map((c) => ({
      anio: year,
      componente: c.code,
      nombre: c.name,
      valor: c.score,
      nivel: c.level,
      peso: c.weight,
      fundamento: c.basis,
    })),
  ];
  const values = model.values
    .filter((v) => v.status === "validado")
    .map((v) => ({
      id_medicion: v.id,
      revision: v.revision,
      indicador: v.indicator,
      anio: v.year,
      periodo: v.period,
      version_ficha: v.indicatorVersion,
      valor: v.value,
      numerador: v.numerator,
      denominador: v.denominator,
      sistema_origen: v.sourceSystem,
      entidad_reporta: v.reportingEntity,
      entidad_titular: v.reportedForEntity,
      // The document, not the transcriber's line numbers in it.
      referencia: v.reference === null ? null : withoutLineCitations(v.reference),
    }));
  const metas = model.catalogue.indicators.flatMap((ind) => {
    const version = inForce(ind.versions, year);
    const baseline = version?.baseline ?? null;
    return ind.metas.map((m) => ({
      indicador: ind.code,
      nombre: version?.name ?? null,
      anio_meta: m.year,
      meta: m.value,
      fuente_meta: m.source,
      revision_meta: m.revision,
      linea_base: baseline?.value ?? null,
      anio_linea_base: baseline?.year ?? null,
      linea_base_derivada: baseline === null ? null : baseline.isDerived ? "si" : "no",
    }));
  });
  return {
    "evaluacion-indicadores": indicators,
    "evaluacion-objetivos": objectives,
    "evaluacion-indice": index,
    "valores-validados": values,
    "metas-lineas-base": metas,
  };
}

/** The budget's tables of the year; none when the year has no budget (no import, no rules). */
async function budgetTables(
  db: Database,
  actor: Actor,
  model: EvaluationReportModel,
): Promise<{ tables: Partial<Record<OpenDataDatasetId, Row[]>>; territories: Row[] }> {
  if (!model.budget) return { tables: {}, territories: [] };
  const year = model.year;
  const input = { policyCode: model.policyCode, year };
  const [pliegos, departments] = await Promise.all([
    getBudgetByPliego(db, actor, input),
    getBudgetByDepartment(db, actor, input),
  ]);
  const { summary } = model.budget;
  const stages = (r: {
    piaCents: number;
    pimCents: number;
    devengadoCents: number;
    execution: number | null;
  }) => ({
    pia: soles(r.piaCents),
    pim: soles(r.pimCents),
    devengado: soles(r.devengadoCents),
    ejecucion: r.execution,
  });
  return {
    tables: {
      "presupuesto-servicios": summary.byService.map((x) => ({
        anio: year,
        servicio: x.code,
        nombre: x.name,
        objetivo: x.objective,
        proveedor: x.owner,
        clase: x.budgetClass,
        ...stages(x),
        pliegos: x.pliegos.join(" "),
      })),
      "presupuesto-niveles": summary.byLevel.map((x) => ({
        anio: year,
        nivel: x.level,
        nivel_nombre: LEVEL_LABELS[x.level],
        ...stages(x),
      })),
      "presupuesto-pliegos": pliegos.flatMap((g) =>
        [...g.rows, { ...g.total, pliego: "total" }].map((r) => ({
          anio: year,
          nivel: g.nivel,
          pliego: r.pliego,
          pliego_nombre: r.label,
          pia_pliego: soles(r.totalPiaCents),
          pim_pliego: soles(r.totalPimCents),
          fuente_total: r.totalSource,
          pia: soles(r.piaCents),
          pim: soles(r.pimCents),
          devengado: soles(r.devengadoCents),
          participacion_pia: r.sharePia,
          participacion_pim: r.sharePim,
        })),
      ),
      "presupuesto-departamentos": departments.rows.map((d) => ({
        anio: year,
        departamento: d.department ?? "sin_ubicacion",
        departamento_nombre: d.name,
        ...stages(d),
        participacion_pim: d.sharePim,
      })),
    },
    territories: departments.rows
      .filter((d) => d.department !== null)
      .map((d) => ({ code: d.department, name: d.name })),
  };
}

/** Everything the open data publishes of `model`'s year, to be stored with the publication. */
export async function buildOpenDataRelease(
  db: Database,
  actor: Actor,
  model: EvaluationReportModel,
): Promise<OpenDataRelease> {
  const cat = model.catalogue;
  const [budget, statistics] = await Promise.all([
    budgetTables(db, actor, model),
    protectPublicStatistics(db, actor, { year: model.year, output: "datos-abiertos/publicacion" }),
  ]);
  const statisticsRows = statistics.tables.flatMap((table) =>
    table.cells.map((cell) =>
      Object.fromEntries(STATISTICS_CSV_FIELDS.map((f) => [f.name, f.value({ table, cell })])),
    ),
  );
  return {
    format: 1,
    policy: {
      code: model.policyCode,
      name: cat.policy.name,
      conductor:
        cat.entities.find((e) => e.code === cat.policy.conductor)?.name ?? cat.policy.conductor,
    },
    year: model.year,
    cutOff: model.cutOff,
    generatedAt: model.generatedAt.toISOString(),
    k: statistics.k,
    statisticsFields: STATISTICS_CSV_FIELDS.map((f) => ({
      name: f.name,
      type: f.type,
      description: f.description,
    })),
    entities: cat.entities.map((e) => ({ code: e.code, name: e.name })),
    territories: [
      { code: "PE", name: "Perú (nacional)" },
      ...budget.territories.map((t) => ({ code: String(t.code), name: String(t.name) })),
    ],
    tables: {
      ...evaluationTables(model),
      ...budget.tables,
      estadisticas: statisticsRows,
    },
  };
}
