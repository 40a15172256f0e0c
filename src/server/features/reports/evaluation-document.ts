import type { CeplanLevel } from "../../../shared/ceplan-formulas.ts";
import type {
  IndicatorYear,
  LevelCount,
  PolicyEvaluation,
} from "../../../shared/evaluation/evaluate-policy.ts";
import { roundHalfUp } from "../../../shared/numbers.ts";
import { withoutLineCitations } from "../../../shared/public-text.ts";
import type { Catalogue } from "../../../shared/schemas/catalogue.schema.ts";
import {
  BUDGET_METHOD,
  BUDGET_SUMMARY_TEMPLATE,
  budgetSection,
} from "./evaluation-budget-section.ts";
import { drawIndexGauge, drawObjectiveBars, drawTipo1Trend } from "./report-charts.ts";
import {
  type Block,
  type Cell,
  type Column,
  cell,
  heading,
  type Inline,
  note,
  paragraph,
  type ReportDocument,
  type ReportTable,
  table,
} from "./report-document.ts";
import {
  countText,
  formatDateEs,
  formatProgress,
  formatProgressPercent,
  formatValue,
  joinSpanish,
  LEVEL_BANDS,
  LEVEL_LABELS,
} from "./report-format.ts";
import type { EvaluationReportModel, ReportedValue } from "./report-model.ts";
import { buildPlaceholders } from "./report-placeholders.ts";
import { renderTemplate } from "./report-template.ts";

/**
 * The Informe de Evaluación of one policy-year as a document, following the structure of
 * MININTER's Informe 2022–2023 (seed_001.md §1): resumen ejecutivo, descripción de la
 * política, análisis de resultados (tables per objective, level counts, Cuadros 01/02,
 * índice, valoración), fichas de servicios, conclusiones, recomendaciones, Matriz de
 * compromisos and annexes. Every sentence with a figure is a template filled from the
 * evaluation (report-placeholders.ts); tables print the same evaluation.
 */

/** Report text sections the administrator may write (`vigia report text set`). */
export const REPORT_TEXT_SECTIONS = ["resumen", "conclusiones", "recomendaciones"] as const;
export type ReportTextSection = (typeof REPORT_TEXT_SECTIONS)[number];

/**
 * Used while the administrator has not written a section: the Informe's own wording for the
 * computed conclusions (4.1–4.3) and recommendations (5.1–5.2), with placeholders. A figure
 * that cannot be computed gets a sentence that says so rather than "ND %".
 */
export function defaultReportText(
  section: Exclude<ReportTextSection, "resumen">,
  ev: PolicyEvaluation,
): string {
  if (section === "recomendaciones") {
    return [
      "Para mejorar el índice de gestión, se recomienda priorizar los indicadores de objetivos prioritarios en nivel bajo en {{anio}}: {{bajos.op}}.",
      "Para mejorar el nivel de implementación, se recomienda revisar con las entidades responsables los indicadores de servicios en nivel bajo en {{anio}} ({{bajos.servicios}}), y ajustar las metas de los indicadores con avances sobredimensionados o subdimensionados (anexo 2).",
    ].join("\n\n");
  }
  return [
    ev.index.tipo2 === "ND"
      ? INDEX_NOT_AVAILABLE
      : "El índice de gestión de la {{politica.nombre}}, que se rige por los resultados de los objetivos prioritarios con sus indicadores, es de {{indice.tipo2}} % en {{anio}}, un avance de nivel {{indice.nivel}} {{indice.banda}} de acuerdo con el avance tipo 2 establecido por el CEPLAN.",
    ev.valoracion.total === "ND"
      ? "La valoración de la implementación no puede calcularse para {{anio}}: al menos un criterio no tiene nivel."
      : "La valoración de la implementación obtuvo un puntaje de {{valoracion.total}}, que corresponde a un nivel de implementación {{valoracion.nivel}}.",
    ev.levelCounts.total.total === 0
      ? NO_INDICATOR_CALCULABLE
      : "De {{conteo.total.total|# indicador|los # indicadores}} con avance calculable, {{conteo.total.bajo}} {{conteo.total.bajo|tiene|tienen}} un avance tipo 1 de nivel bajo: {{conteo.indicadores_op.bajo}} de objetivos prioritarios ({{bajos.op}}) y {{conteo.servicios.bajo}} de servicios ({{bajos.servicios}}).",
  ].join("\n\n");
}

const INDEX_NOT_AVAILABLE =
  "El índice de gestión de la Política en {{anio}} no puede calcularse (ND): ningún objetivo prioritario tiene un avance tipo 2 calculable con los valores validados.";
const NO_INDICATOR_CALCULABLE =
  "Ningún indicador tiene avance calculable en {{anio}}: no hay valores validados con su meta para el año.";

/**
 * The sentence on one group's level counts, or the one that says none of it can be measured:
 * "De los 6 indicadores de objetivos prioritarios con avance calculable, 1 tiene nivel alto…".
 */
function levelCountSentence(
  count: LevelCount,
  key: string,
  forms: { one: string; other: string; none: string },
): string {
  if (count.total === 0) return forms.none;
  return `De {{conteo.${key}.total|${forms.one}|${forms.other}}} con avance calculable, {{conteo.${key}.alto}} {{conteo.${key}.alto|tiene|tienen}} nivel alto, {{conteo.${key}.intermedio}} nivel intermedio y {{conteo.${key}.bajo}} nivel bajo.`;
}

const LEVEL_TEXT_COLOUR = "#FFFFFF";
const LEVEL_FILL: Record<CeplanLevel, string> = {
  bajo: "#C62828",
  intermedio: "#B26A00",
  alto: "#2E7D32",
};

function levelCell(level: CeplanLevel | "ND"): Cell {
  return level === "ND"
    ? cell("ND")
    : cell(LEVEL_LABELS[level], { fill: LEVEL_FILL[level], colour: LEVEL_TEXT_COLOUR, bold: true });
}

function progressCell(x: number | "ND"): Cell {
  return cell(formatProgress(x), { value: x === "ND" ? "ND" : roundHalfUp(x, 1) });
}

function valueCell(x: number | null, unit: IndicatorYear["unit"]): Cell {
  return cell(formatValue(x, unit), { value: x });
}

const PCT_FMT = "#,##0.0";
const VALUE_FMT = "#,##0.####";

/** Columns of the Informe's results tables (001:L1326-L1348), plus the level of year t. */
function resultColumns(t: number, withTipo2: boolean, first: Column[]): Column[] {
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

function resultCells(i: IndicatorYear, withTipo2: boolean): Cell[] {
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

/** Splits an administrator's text into paragraphs and bullet lists ("- " lines). */
function textBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of text.split(/\n\s*\n/)) {
    const lines = chunk
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
    if (lines.length === 0) continue;
    if (lines.every((l) => /^[-•*]\s+/.test(l))) {
      blocks.push({ kind: "bullets", items: lines.map((l) => [l.replace(/^[-•*]\s+/, "")]) });
    } else {
      blocks.push(paragraph(lines.join(" ")));
    }
  }
  return blocks;
}

interface Lookups {
  cat: Catalogue;
  entityName(code: string): string;
  serviceEntity(serviceCode: string, year: number): string | null;
  indicatorsOfService(serviceCode: string): IndicatorYear[];
  valueOf(indicator: string, year: number): ReportedValue | undefined;
}

function buildLookups(model: EvaluationReportModel): Lookups {
  const cat = model.catalogue;
  const entities = new Map(cat.entities.map((e) => [e.code, e.name]));
  const values = new Map(
    model.values.filter((v) => v.period === "ANUAL").map((v) => [`${v.indicator}|${v.year}`, v]),
  );
  return {
    cat,
    entityName: (code) => entities.get(code) ?? code,
    serviceEntity: (serviceCode, year) => {
      const s = cat.services.find((x) => x.code === serviceCode);
      const r = s?.responsibility.find(
        (x) => x.fromYear <= year && (x.toYear === null || x.toYear >= year),
      );
      return r?.entity ?? s?.responsibility.at(-1)?.entity ?? null;
    },
    indicatorsOfService: (serviceCode) =>
      model.evaluation.indicators.filter((i) => i.service === serviceCode),
    valueOf: (indicator, year) => values.get(`${indicator}|${year}`),
  };
}

export function buildEvaluationDocument(model: EvaluationReportModel): ReportDocument {
  const ev = model.evaluation;
  const cat = model.catalogue;
  const t = ev.year;
  const p = ev.previousYear;
  const placeholders = buildPlaceholders(model);
  const unknownKeys = new Set<string>();
  const fill = (template: string): string => {
    const { text, unknown } = renderTemplate(template, placeholders);
    for (const k of unknown) unknownKeys.add(k);
    return text;
  };
  const look = buildLookups(model);
  const conductor = look.entityName(cat.policy.conductor);
  const blocks: Block[] = [{ kind: "toc" }];

  // ── Resumen ejecutivo ────────────────────────────────────────────────────────────────
  blocks.push(heading(1, "Resumen ejecutivo", true));
  blocks.push(
    paragraph(
      fill(
        "La {{politica.nombre}}, aprobada mediante {{politica.norma}}, se encuentra bajo la conducción del {{politica.conductor}}. Comprende {{numero.objetivos|# objetivo prioritario|# objetivos prioritarios}}, {{numero.lineamientos|# lineamiento|# lineamientos}} y {{numero.servicios|# servicio|# servicios}}, y se mide con {{numero.indicadores_op|# indicador|# indicadores}} de objetivos prioritarios y {{numero.indicadores_servicio|# indicador|# indicadores}} de servicios a cargo de {{numero.entidades|# entidad|# entidades}}, frente al problema público de la «{{politica.problema}}».",
      ),
    ),
  );
  const valoracion = ev.valoracion;
  blocks.push({
    kind: "figures",
    items: [
      {
        label: `Índice de gestión ${t}`,
        value: formatProgressPercent(ev.index.tipo2),
        ...(ev.index.level !== "ND" ? { fill: LEVEL_FILL[ev.index.level] } : {}),
      },
      { label: "Nivel del índice", value: LEVEL_LABELS[ev.index.level] },
      {
        label: "Valoración de la implementación",
        value: valoracion.total === "ND" ? "ND" : fill("{{valoracion.total}}"),
      },
      { label: "Nivel de implementación", value: valoracion.level },
    ],
  });
  blocks.push(
    paragraph(
      fill(
        ev.index.tipo2 === "ND"
          ? INDEX_NOT_AVAILABLE
          : "El índice de gestión de la Política en {{anio}}, regido por los resultados de los objetivos prioritarios con sus indicadores, es de {{indice.tipo2}} %, un avance de nivel {{indice.nivel}} {{indice.banda}} de acuerdo con el avance tipo 2 establecido por el CEPLAN.",
      ),
    ),
  );
  if (valoracion.total === "ND") {
    const missing = valoracion.criteria.filter((c) => c.level === "ND").map((c) => `«${c.name}»`);
    blocks.push(
      paragraph(
        `La valoración de la implementación no puede calcularse para ${t}: ${joinSpanish(missing)} ${missing.length === 1 ? "no tiene" : "no tienen"} nivel registrado.`,
      ),
    );
  } else {
    const parts = valoracion.criteria.map(
      (_, i) =>
        `«{{valoracion.criterio${i + 1}.nombre}}», en nivel {{valoracion.criterio${i + 1}.nivel}}`,
    );
    blocks.push(
      paragraph(
        fill(
          `La valoración de la implementación obtuvo un puntaje de {{valoracion.total}}, que corresponde a un nivel de implementación {{valoracion.nivel}}. Para obtenerlo se ${parts.length === 1 ? "evaluó" : "evaluaron"} ${countText(parts.length, "criterio", "criterios")}: ${parts.join("; ")}.`,
        ),
      ),
    );
  }
  blocks.push(
    paragraph(
      fill(
        ev.levelCounts.total.total === 0
          ? NO_INDICATOR_CALCULABLE
          : "De {{conteo.total.total|# indicador|los # indicadores}} con avance calculable en {{anio}}, {{conteo.total.bajo}} {{conteo.total.bajo|tiene|tienen}} un avance tipo 1 de nivel bajo ([0-75%>): {{conteo.indicadores_op.bajo}} de objetivos prioritarios y {{conteo.servicios.bajo}} de servicios; {{conteo.total.intermedio}} {{conteo.total.intermedio|tiene|tienen}} nivel intermedio ([75-95%>) y {{conteo.total.alto}} nivel alto (≥ 95%).",
      ),
    ),
  );
  if (model.budget) blocks.push(paragraph(fill(BUDGET_SUMMARY_TEMPLATE)));
  blocks.push(table(valoracionTable(model, false)));
  const resumen = model.texts.get("resumen");
  if (resumen) blocks.push(...textBlocks(fill(resumen.body)));

  // ── 1. Descripción de la Política ───────────────────────────────────────────────────
  blocks.push(heading(1, "1. Descripción de la Política Nacional", true));
  blocks.push(heading(2, "1.1. Problema público y situación futura deseada"));
  blocks.push(
    paragraph(
      { text: "Problema público: ", bold: true },
      `«${cat.policy.publicProblem ?? "no registrado"}».`,
    ),
  );
  if (cat.policy.desiredFuture) {
    blocks.push(
      paragraph(
        { text: `Situación futura deseada al ${cat.policy.horizonYear}: `, bold: true },
        cat.policy.desiredFuture,
      ),
    );
  }
  blocks.push(heading(2, "1.2. Objetivos prioritarios"));
  blocks.push(
    table({
      id: "objetivos",
      sheet: "Objetivos",
      title: "Objetivos prioritarios, logros esperados y servicios",
      columns: [
        { header: "OP", width: 6 },
        { header: "Objetivo prioritario", width: 34 },
        { header: `Logro esperado al ${cat.policy.horizonYear}`, width: 34 },
        { header: "Lineamientos", width: 10, align: "right", numFmt: "0" },
        { header: "Servicios", width: 9, align: "right", numFmt: "0" },
      ],
      rows: cat.objectives.map((o) => {
        const lins = cat.lineamientos.filter((l) => l.objective === o.code);
        const services = cat.services.filter((s) => lins.some((l) => l.code === s.lineamiento));
        return [
          cell(o.code),
          cell(o.name),
          cell(o.expectedResult ?? "—"),
          cell(String(lins.length), { value: lins.length }),
          cell(String(services.length), { value: services.length }),
        ];
      }),
    }),
  );
  blocks.push(heading(2, "1.3. Lineamientos"));
  blocks.push(
    table({
      id: "lineamientos",
      sheet: "Lineamientos",
      title: "Lineamientos y servicios que los operativizan",
      compact: true,
      columns: [
        { header: "Lineamiento", width: 9 },
        { header: "OP", width: 6 },
        { header: "Texto", width: 55 },
        { header: "Servicios", width: 22 },
      ],
      rows: cat.lineamientos.map((l) => {
        const codes = cat.services.filter((s) => s.lineamiento === l.code).map((s) => s.code);
        return [
          cell(l.code),
          cell(l.objective),
          cell(l.text),
          cell(codes.length ? codes.join(", ") : "Sin servicios"),
        ];
      }),
    }),
  );
  blocks.push(heading(2, "1.4. Servicios por entidad responsable"));
  const byEntity = new Map<string, string[]>();
  for (const s of cat.services) {
    const entity = look.serviceEntity(s.code, t) ?? "—";
    byEntity.set(entity, [...(byEntity.get(entity) ?? []), s.code]);
  }
  blocks.push(
    table({
      id: "servicios-entidad",
      sheet: "Servicios por entidad",
      title: `Servicios por entidad responsable en ${t}`,
      columns: [
        { header: "Entidad", width: 40 },
        { header: "Servicios", width: 10, align: "right", numFmt: "0" },
        { header: "Códigos", width: 40 },
      ],
      rows: [...byEntity.entries()]
        .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
        .map(([entity, codes]) => [
          cell(`${look.entityName(entity)} (${entity})`),
          cell(String(codes.length), { value: codes.length }),
          cell(codes.join(", ")),
        ]),
      rowKinds: [],
    }),
  );

  // ── 2. Análisis de los resultados ────────────────────────────────────────────────────
  blocks.push(heading(1, "2. Análisis de los resultados", true));
  blocks.push(heading(2, "2.1. Índice de gestión"));
  blocks.push(
    paragraph(
      fill(
        ev.index.tipo2 === "ND"
          ? `El avance de la Política lo determinan los objetivos prioritarios y sus indicadores. ${INDEX_NOT_AVAILABLE}`
          : "El avance de la Política lo determinan los objetivos prioritarios y sus indicadores. El índice de gestión, media del avance tipo 2 de los objetivos prioritarios, es de {{indice.tipo2}} % en {{anio}}, un avance de nivel {{indice.nivel}} {{indice.banda}}.",
      ),
    ),
  );
  const gauge = drawIndexGauge({ value: ev.index.tipo2, year: t });
  blocks.push({
    kind: "image",
    ...gauge,
    caption: `Gráfico 1. Índice de gestión ${t} sobre las bandas del CEPLAN.`,
  });
  blocks.push(table(indexTable(model)));
  const bars = drawObjectiveBars({ year: t, objectives: ev.objectives });
  blocks.push({
    kind: "image",
    ...bars,
    caption: `Gráfico 2. Avance tipo 1 y tipo 2 de los objetivos prioritarios, ${t}.`,
  });
  if (model.history.length > 0) {
    const trend = drawTipo1Trend({
      years: model.history.map((h) => h.year),
      series: ev.objectives.map((o) => ({
        code: o.code,
        values: model.history.map(
          (h) => h.objectives.find((x) => x.code === o.code)?.tipo1 ?? "ND",
        ),
      })),
    });
    blocks.push({
      kind: "image",
      ...trend,
      caption: `Gráfico 3. Avance tipo 1 por objetivo prioritario, ${model.history[0]?.year}–${t}.`,
    });
  }

  blocks.push(heading(2, "2.2. Niveles de cumplimiento"));
  blocks.push(
    paragraph(
      fill(
        [
          levelCountSentence(ev.levelCounts.objectives, "objetivos", {
            one: "# objetivo prioritario",
            other: "los # objetivos prioritarios",
            none: "Ningún objetivo prioritario tiene avance calculable en {{anio}}.",
          }),
          levelCountSentence(ev.levelCounts.opIndicators, "indicadores_op", {
            one: "# indicador de objetivos prioritarios",
            other: "los # indicadores de objetivos prioritarios",
            none: "Ningún indicador de objetivos prioritarios tiene avance calculable en {{anio}}.",
          }),
          levelCountSentence(ev.levelCounts.serviceIndicators, "servicios", {
            one: "# indicador de servicios",
            other: "los # indicadores de servicios",
            none: "Ningún indicador de servicios tiene avance calculable en {{anio}}.",
          }),
        ].join(" "),
      ),
    ),
  );
  blocks.push(table(levelCountTable(model)));
  blocks.push(
    paragraph(
      fill(
        "Indicadores de objetivos prioritarios de nivel bajo en {{anio}}: {{bajos.op}}. Indicadores de servicios de nivel bajo en {{anio}}: {{bajos.servicios}}.",
      ),
    ),
  );
  blocks.push(table(lowTable(model, "op")));
  blocks.push(table(lowTable(model, "servicio")));

  blocks.push(heading(2, "2.3. Resultados por objetivo prioritario"));
  for (const o of ev.objectives) {
    blocks.push(heading(3, `${o.code}. ${o.name}`));
    const key = `op.${o.code.toLowerCase()}`;
    const before =
      o.previousTipo1 === "ND"
        ? "sin avance calculable en {{anio_anterior}}"
        : `frente a {{${key}.tipo1_anterior}} % en {{anio_anterior}}`;
    blocks.push(
      paragraph(
        fill(
          o.tipo1 === "ND"
            ? `El objetivo prioritario ${o.code} no tiene avance calculable en {{anio}}: ninguno de sus indicadores tiene avance tipo 1 (ND), ${before}.`
            : `El objetivo prioritario ${o.code} tiene en {{anio}} un avance tipo 1 de {{${key}.tipo1}} % (nivel {{${key}.nivel}}), ${before}, y ${o.tipo2 === "ND" ? "su avance tipo 2 no puede calcularse (ND)" : `un avance tipo 2 de {{${key}.tipo2}} %`}.`,
        ),
      ),
    );
    blocks.push(table(objectiveTable(model, o.code)));
    blocks.push(table(serviceTable(model, o.code, look)));
  }

  blocks.push(heading(2, "2.4. Valoración de la implementación"));
  blocks.push(
    paragraph(
      valoracion.total === "ND"
        ? `La valoración de ${t} es ND: al menos un criterio no tiene nivel.`
        : fill(
            "La valoración de la implementación es de {{valoracion.total}} (Σ peso × puntaje del nivel / Σ peso, con INICIAL = 1, INTERMEDIO = 2 y AVANZADO = 3): nivel de implementación {{valoracion.nivel}}.",
          ),
    ),
  );
  blocks.push(table(valoracionTable(model, true)));
  // Absent without an imported budget: an empty section would read as "no money was spent".
  if (model.budget) {
    const charts = blocks.filter((b) => b.kind === "image").length;
    blocks.push(...budgetSection(model.budget, fill, charts + 1));
  }

  // ── 3. Fichas por servicio ───────────────────────────────────────────────────────────
  blocks.push(heading(1, "3. Análisis de implementación por objetivo y servicio", true));
  blocks.push(
    note(
      `Cada ficha reúne la información registrada por los puntos focales de las entidades en el sistema para ${t}: el indicador con sus metas y valores, y los logros, dificultades y medidas adoptadas.`,
    ),
  );
  for (const o of cat.objectives) {
    blocks.push(heading(2, `Objetivo prioritario ${o.code}`));
    for (const ind of ev.indicators.filter(
      (i) => i.kind === "objetivo" && i.objective === o.code,
    )) {
      blocks.push(...indicatorSheet(model, ind, look, fill));
    }
    for (const l of cat.lineamientos.filter((x) => x.objective === o.code)) {
      blocks.push(heading(3, `Lineamiento ${l.code}. ${l.text}`));
      const services = cat.services.filter((s) => s.lineamiento === l.code);
      if (services.length === 0) {
        blocks.push(note("Este lineamiento no cuenta con servicios."));
        continue;
      }
      for (const s of services) blocks.push(...serviceSheet(model, s, look));
    }
  }

  // ── 4–5. Conclusiones y recomendaciones ──────────────────────────────────────────────
  for (const [n, section, title] of [
    [4, "conclusiones", "Conclusiones"],
    [5, "recomendaciones", "Recomendaciones"],
  ] as const) {
    blocks.push(heading(1, `${n}. ${title}`, true));
    const stored = model.texts.get(section);
    blocks.push(...textBlocks(fill(stored?.body ?? defaultReportText(section, ev))));
    blocks.push(
      note(
        stored
          ? `Texto registrado por ${stored.authorName} el ${formatDateEs(stored.updatedAt.toISOString().slice(0, 10))}; las cifras provienen de los valores calculados.`
          : `Texto generado a partir de los resultados: el administrador aún no registró esta sección (vigia report text set --section ${section}).`,
      ),
    );
  }

  // ── 6. Matriz de compromisos ─────────────────────────────────────────────────────────
  blocks.push({ kind: "section", orientation: "landscape" });
  blocks.push(heading(1, "6. Matriz de compromisos"));
  const nextYear = t + 1;
  blocks.push(
    paragraph(
      `Entidad responsable de la recomendación: ${conductor}. Periodo de compromisos: ${nextYear}.`,
    ),
  );
  blocks.push(table(commitmentsTable(cat, nextYear, `compromisos`, "Compromisos")));
  if (cat.commitments.some((c) => c.periodYear === t)) {
    blocks.push(heading(2, `Seguimiento de los compromisos del periodo ${t}`));
    blocks.push(table(commitmentsTable(cat, t, "compromisos-previos", `Compromisos ${t}`)));
  }

  // ── 7. Anexos ────────────────────────────────────────────────────────────────────────
  blocks.push({ kind: "section", orientation: "portrait" });
  blocks.push(heading(1, "7. Anexos"));
  blocks.push(heading(2, "Anexo 1. Fuentes de datos"));
  blocks.push(table(sourcesTable(model, look)));
  blocks.push(heading(2, "Anexo 2. Valores observados por las reglas de calidad"));
  blocks.push(
    note(
      "Valores publicados que las reglas de validación de Vigía marcan para revisión. Se publican tal como fueron registrados y validados; no se corrigen en silencio.",
    ),
  );
  blocks.push(table(flagsTable(model)));
  blocks.push(heading(2, "Anexo 3. Nota metodológica"));
  blocks.push({
    kind: "bullets",
    items: [
      [
        "Avance tipo 1 = valor obtenido / logro esperado × 100 (descendente: logro esperado / valor × 100); sin tope a nivel de indicador.",
      ],
      [
        "Avance tipo 2 = (valor − línea de base) / (logro esperado − línea de base) × 100; ND sin línea de base o cuando el logro esperado es igual a ella.",
      ],
      [
        "Objetivo prioritario: media de los avances de sus indicadores acotados a [0, 100], sin los ND. Índice de gestión: media del avance tipo 2 de los objetivos prioritarios.",
      ],
      [
        `Niveles del CEPLAN sobre la cifra impresa (un decimal, redondeo half-up): bajo ${LEVEL_BANDS.bajo}, intermedio ${LEVEL_BANDS.intermedio}, alto ${LEVEL_BANDS.alto}.`,
      ],
      [
        "Valoración = Σ (peso × puntaje del nivel) / Σ peso, con INICIAL = 1, INTERMEDIO = 2 y AVANZADO = 3.",
      ],
      [
        "Solo se usan valores validados; de cada indicador y año se toma la última revisión validada. Las líneas de base marcadas como derivadas fueron despejadas de cifras publicadas.",
      ],
      ...(model.budget ? [[BUDGET_METHOD]] : []),
    ],
  });
  if (unknownKeys.size > 0) {
    blocks.push(
      note(
        `Marcadores no reconocidos en los textos registrados: ${[...unknownKeys].map((k) => `{{${k}}}`).join(", ")}.`,
      ),
    );
  }

  return {
    fileStem: `informe-evaluacion-${model.policyCode}-${t}`,
    title: "Informe de Evaluación de Resultados",
    subtitle: `${cat.policy.name} — año ${t} (comparado con ${p})`,
    coverLines: [
      `Conductor: ${conductor}${cat.policy.conductorUnit ? ` (${cat.policy.conductorUnit})` : ""}`,
      `Aprobada mediante ${cat.policy.approvalNorm ?? "—"}`,
      `Fecha de corte de los datos: ${formatDateEs(model.cutOff)} (solo valores validados)`,
      `Generado por Vigía el ${formatDateEs(model.generatedAt.toISOString().slice(0, 10))}`,
    ],
    runningTitle: `Informe de Evaluación ${t} — ${cat.policy.shortName ?? cat.policy.code}`,
    blocks,
    dataSheets: [valuesSheet(model), indicatorsSheet(model, look)],
  };
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

function levelCountTable(model: EvaluationReportModel): ReportTable {
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

function indexTable(model: EvaluationReportModel): ReportTable {
  const ev = model.evaluation;
  return {
    id: "indice",
    sheet: "Índice",
    title: `Índice de gestión y avance de los objetivos prioritarios, ${ev.year}`,
    columns: [
      { header: "OP", width: 8 },
      { header: "Objetivo prioritario", width: 44 },
      {
        header: String(ev.previousYear),
        group: "Avance tipo 1 (%)",
        width: 9,
        align: "right",
        numFmt: PCT_FMT,
      },
      {
        header: String(ev.year),
        group: "Avance tipo 1 (%)",
        width: 9,
        align: "right",
        numFmt: PCT_FMT,
      },
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

function objectiveTable(model: EvaluationReportModel, objective: string): ReportTable {
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

function serviceTable(model: EvaluationReportModel, objective: string, look: Lookups): ReportTable {
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
function lowTable(model: EvaluationReportModel, kind: "op" | "servicio"): ReportTable {
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
      {
        header: String(ev.previousYear),
        group: "Avance tipo 1 (%)",
        width: 9,
        align: "right",
        numFmt: PCT_FMT,
      },
      {
        header: String(ev.year),
        group: "Avance tipo 1 (%)",
        width: 9,
        align: "right",
        numFmt: PCT_FMT,
      },
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

function valoracionTable(model: EvaluationReportModel, full: boolean): ReportTable {
  const v = model.evaluation.valoracion;
  const columns: Column[] = [
    { header: "Nº", width: 5, align: "center", numFmt: "0" },
    { header: "Criterio de valoración", width: 40 },
    { header: "Peso", width: 7, align: "right", numFmt: "0.##" },
    { header: "Nivel de valoración", width: 14, align: "center" },
    { header: "Puntaje", width: 9, align: "right", numFmt: "0.0" },
  ];
  if (full) columns.push({ header: "Fundamento del nivel", width: 30 });
  const rows: Cell[][] = v.criteria.map((c, i) => {
    const row = [
      cell(String(i + 1), { value: i + 1 }),
      cell(c.name),
      cell(String(c.weight), { value: c.weight }),
      cell(c.level),
      cell(c.score === null ? "ND" : String(c.score), { value: c.score ?? "ND" }),
    ];
    if (full) row.push(cell(c.basis));
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
  if (full) total.push(cell(""));
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

function commitmentsTable(cat: Catalogue, year: number, id: string, sheet: string): ReportTable {
  const rows = cat.commitments.filter((c) => c.periodYear === year);
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
      { header: "Aspecto de mejora", width: 11 },
      { header: "Recomendación", width: 20 },
      { header: "Acción clave", width: 20 },
      { header: "Medio de verificación", width: 14 },
      { header: "Unidad de organización responsable", width: 12 },
      { header: "Plazo", width: 6 },
      { header: "Estado de cumplimiento", width: 8 },
      { header: "Comentario", width: 10 },
    ],
    rows: rows.length
      ? rows.map((c) => [
          cell(String(c.number), { value: c.number }),
          cell(c.aspect),
          cell(c.recommendation),
          cell(c.keyAction ?? "—"),
          cell(c.verificationMeans ?? "—"),
          cell(c.responsibleUnit ?? "—"),
          cell(c.deadline ?? "—"),
          cell(STATUS[c.status] ?? c.status),
          cell(c.comment ?? ""),
        ])
      : [
          [
            cell(""),
            cell(`No hay compromisos registrados para ${year}.`),
            ...Array.from({ length: 7 }, () => cell("")),
          ],
        ],
  };
}

function sourcesTable(model: EvaluationReportModel, look: Lookups): ReportTable {
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
      const version = ci?.versions.at(-1);
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

const SEVERITY: Record<string, string> = { error: "Error", warning: "Advertencia" };

function flagsTable(model: EvaluationReportModel): ReportTable {
  const rows = model.evaluation.indicators.flatMap((i) =>
    i.warnings.map((w) => [
      cell(i.code),
      cell(i.responsible),
      cell(w.code),
      cell(SEVERITY[w.severity] ?? w.severity),
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

function narrativeBlocks(v: ReportedValue | undefined, year: number): Block[] {
  const out: Block[] = [];
  const entries: [string, string | null][] = [
    ["Logros", v?.logros ?? null],
    ["Dificultades", v?.dificultades ?? null],
    ["Medidas adoptadas", v?.medidas ?? null],
  ];
  for (const [label, text] of entries) {
    out.push(
      text
        ? paragraph({ text: `${label} ${year}: `, bold: true }, text)
        : {
            kind: "paragraph",
            runs: [{ text: `${label} ${year}: `, bold: true }, "sin información registrada."],
            style: "note",
          },
    );
  }
  return out;
}

function indicatorSheet(
  model: EvaluationReportModel,
  i: IndicatorYear,
  look: Lookups,
  fill: (t: string) => string,
): Block[] {
  const key = `indicador.${i.code.toLowerCase()}`;
  const v = look.valueOf(i.code, model.year);
  return [
    heading(4, `Indicador ${i.code}. ${i.name}`),
    {
      kind: "figures",
      items: [
        { label: `Meta ${model.year}`, value: fill(`{{${key}.meta}}`) },
        { label: `Logro ${model.year}`, value: fill(`{{${key}.valor}}`) },
        {
          label: `Avance tipo 1 ${model.year}`,
          value: fill(`{{${key}.tipo1}} %`),
          ...(i.level !== "ND" ? { fill: LEVEL_FILL[i.level] } : {}),
        },
        {
          label: `Avance tipo 2 ${model.year}`,
          value: fill(`{{${key}.tipo2}} %`),
        },
      ],
    },
    paragraph(
      { text: "Responsable: ", bold: true },
      `${look.entityName(i.responsible)} (${i.responsible}).`,
    ),
    ...narrativeBlocks(v, model.year),
  ];
}

function serviceSheet(
  model: EvaluationReportModel,
  s: Catalogue["services"][number],
  look: Lookups,
): Block[] {
  const t = model.year;
  const entity = look.serviceEntity(s.code, t);
  const indicators = look.indicatorsOfService(s.code);
  const number = String(s.number).padStart(2, "0");
  const blocks: Block[] = [
    heading(4, `Servicio ${number}: ${s.name}`),
    paragraph(
      { text: "Entidad responsable: ", bold: true },
      entity ? `${look.entityName(entity)} (${entity})` : "—",
      ...(s.provider ? ([{ text: ". Lo brinda: ", bold: true }, s.provider] as Inline[]) : []),
    ),
  ];
  if (s.recipients)
    blocks.push(paragraph({ text: "Receptores del servicio: ", bold: true }, s.recipients));
  blocks.push(
    table({
      id: `servicio-${s.code}`,
      title: `Metas, valores y avance del servicio ${number}`,
      compact: true,
      columns: resultColumns(t, false, [
        { header: "Indicador", width: 8 },
        { header: "Responsable", width: 11 },
      ]),
      rows: indicators.map((i) => [cell(i.code), cell(i.responsible), ...resultCells(i, false)]),
    }),
  );
  for (const i of indicators) {
    blocks.push(paragraph({ text: `Indicador ${i.code}: `, bold: true }, i.name));
    blocks.push(...narrativeBlocks(look.valueOf(i.code, t), t));
  }
  return blocks;
}

function valuesSheet(model: EvaluationReportModel): ReportTable {
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

function indicatorsSheet(model: EvaluationReportModel, look: Lookups): ReportTable {
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
      const version = look.cat.indicators.find((x) => x.code === i.code)?.versions.at(-1);
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
