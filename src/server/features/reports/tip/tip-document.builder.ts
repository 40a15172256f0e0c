import type { TipEntryView } from "../../../../shared/contracts/tip-entries.contract.ts";
import {
  type Block,
  type Cell,
  type Column,
  cell,
  heading,
  note,
  paragraph,
  type ReportDocument,
  type ReportTable,
  table,
} from "../render/report-document.ts";
import { formatDateEs, formatPercent, formatSoles, isoDate } from "../render/report-format.ts";
import {
  TIP_PILLARS,
  TIP_STATUS_LABELS,
  type TipFigure,
  type TipGroup,
  type TipPillar,
  type TipStatus,
} from "./tip-data-points.builder.ts";
import type { TipModel, TipPointModel } from "./tip-model.service.ts";
import { cellKeyOf, entryCellKey } from "./tip-tables.builder.ts";

/**
 * The TIP data pack as a document: the 40 data points grouped by the report's three pillars,
 * one row per source that answers a point (or one row saying it is not available: a point is
 * never left out), with the year's value, the year before, the source and its citation, the
 * definition, the disaggregation and the status. The XLSX has one sheet per pillar.
 */

/** A suppressed cell, the same symbol whatever the reason (docs/disclosure.md). */
export const SUPPRESSED = "•";

const PILLAR_LABELS: Record<TipPillar, { es: string; en: string; sheet: string }> = {
  prosecution: { es: "Acción judicial", en: "Prosecution", sheet: "Acción judicial" },
  protection: { es: "Protección", en: "Protection", sheet: "Protección" },
  prevention: { es: "Prevención", en: "Prevention", sheet: "Prevención" },
};

const CONCEPT_ES: Record<string, string> = {
  complaint: "denuncias",
  victim: "víctimas",
  case: "casos",
  operation: "operativos",
  arrest: "detenciones",
  prosecution: "acciones judiciales",
  conviction: "condenas",
  conviction_final: "condenas firmes",
  acquittal: "absoluciones",
  sentence: "penas",
  service_episode: "atenciones",
  shelter_stay: "acogimientos",
  training_participant: "participantes capacitados",
};

const COLUMNS: Column[] = [
  { header: "N.º", width: 3, align: "center" },
  { header: "Dato / Data point", width: 16 },
  { header: "Fuente / Source", width: 14 },
  { header: "Valor", group: "Año", width: 6, align: "right", numFmt: "#,##0" },
  { header: "Año anterior", group: "Año", width: 6, align: "right", numFmt: "#,##0" },
  { header: "Desagregación / Disaggregation", width: 14 },
  { header: "Definición y procedencia", width: 18 },
  { header: "Estado / Status", width: 8 },
];

export interface TipCounts {
  points: number;
  byStatus: Record<TipStatus, number>;
}

export function countStatuses(model: TipModel): TipCounts {
  const byStatus: Record<TipStatus, number> = { datos: 0, punto_focal: 0, no_disponible: 0 };
  for (const p of model.points) byStatus[statusOf(model, p)] += 1;
  return { points: model.points.length, byStatus };
}

/** Points answered by another feature have their status from what that feature has. */
function dataStatusOf(model: Pick<TipModel, "budget" | "index">, p: TipPointModel): TipStatus {
  const q = p.point.query;
  if (q && "budget" in q) return model.budget ? "datos" : "no_disponible";
  if (q && "evaluation" in q) {
    return model.index === null || model.index === "ND" ? "no_disponible" : "datos";
  }
  if (q && "congress" in q) return "datos";
  return p.current.status;
}

/**
 * The point's status: from the data when the data answer it (a focal point's entry is then
 * listed beside them, never instead), entered by a focal point when only an entry does.
 */
export function statusOf(model: Pick<TipModel, "budget" | "index">, p: TipPointModel): TipStatus {
  const fromData = dataStatusOf(model, p);
  return fromData === "no_disponible" && p.entries.length > 0 ? "punto_focal" : fromData;
}

/** A value entered by a focal point as printed: its count through disclosure control, or its text. */
function entryValue(model: Pick<TipModel, "shown">, e: TipEntryView): Cell {
  if (e.value.kind === "texto") return cell(e.value.text, { value: e.value.text });
  const shown = model.shown.get(entryCellKey(e));
  const n = e.value.number;
  if (!shown) return cell(n.toLocaleString("es-PE"), { value: n });
  if (shown.suppressed || shown.value === null) return cell(SUPPRESSED, { value: SUPPRESSED });
  const text = shown.value.toLocaleString("es-PE");
  return shown.small
    ? cell(`${text} (pequeña)`, { value: shown.value })
    : cell(text, { value: shown.value });
}

/** Who entered it and when, its version and review; names and comments only in the internal copy. */
function entryProvenance(model: TipModel, e: TipEntryView): string {
  const who =
    model.audience === "internal" && e.enteredByUser
      ? `${e.enteredByUser.name}, punto focal de ${e.entity.code}`
      : `punto focal de ${e.entity.code}`;
  const parts = [
    `${e.definition} (unidad: ${e.unit})`,
    `Ingresado por ${who} el ${formatDateEs(e.enteredAt.slice(0, 10))}, versión ${e.version}`,
    e.review ? `revisado el ${formatDateEs(e.review.reviewedAt.slice(0, 10))}` : "sin revisar",
  ];
  // The comment is a note to the reviewers, not part of what the report publishes.
  if (e.comment && model.audience === "internal") parts.push(`Comentario: ${e.comment}`);
  return parts.join(". ");
}

/** A focal point's entry as a row; `besideData`: the data answer the point, the entry is extra. */
function entryRow(model: TipModel, p: TipPointModel, e: TipEntryView, besideData: boolean) {
  const label = TIP_STATUS_LABELS.punto_focal;
  return [
    cell(String(p.point.id), { value: p.point.id }),
    labelCell(p),
    cell(`${e.entity.name} (${e.entity.code}) — ingresado por un punto focal`),
    entryValue(model, e),
    cell("—", { value: null }),
    cell(e.disaggregation || "no desagregado"),
    cell(entryProvenance(model, e)),
    besideData
      ? cell(`${label.es}, junto a los datos / ${label.en}, beside the data`, {
          value: "punto_focal",
        })
      : statusCell("punto_focal"),
  ];
}

/** A count as printed: the protected value, the symbol, or the value labelled small. */
export function shownCount(model: Pick<TipModel, "shown">, f: TipFigure | null): Cell {
  if (!f) return cell("—", { value: null });
  const shown = model.shown.get(cellKeyOf(f));
  if (!shown) return cell(f.value.toLocaleString("es-PE"), { value: f.value });
  if (shown.suppressed || shown.value === null) return cell(SUPPRESSED, { value: SUPPRESSED });
  const text = shown.value.toLocaleString("es-PE");
  return shown.small
    ? cell(`${text} (pequeña)`, { value: shown.value })
    : cell(text, { value: shown.value });
}

function partsText(model: TipModel, group: TipGroup): string {
  if (group.parts.length === 0) return "no desagregado";
  return group.parts
    .map((part) => `${part.label}: ${shownCount(model, part.figure).text}`)
    .join("; ");
}

function provenance(f: TipFigure | null): string {
  if (!f) return "—";
  // The location already names the document ("002:326-330"); its title is in the register.
  const where = f.provenance.location ?? f.provenance.document;
  const origin = f.origin === "transcripcion" ? " (TRANSCRITO)" : "";
  return `${f.definition}${where ? ` — ${where}` : ""}${origin}`;
}

const labelCell = (p: TipPointModel) =>
  cell(`${p.point.label.es} / ${p.point.label.en}`, { value: p.point.label.es });
const statusCell = (s: TipStatus) =>
  cell(`${TIP_STATUS_LABELS[s].es} / ${TIP_STATUS_LABELS[s].en}`, { value: s });
const disaggregationWanted = (p: TipPointModel) =>
  `Se pide: ${p.point.disaggregation.es} (${p.point.disaggregation.en})`;

/** A point answered by another feature: budget, evaluation, the report to Congress. */
function featureRow(model: TipModel, p: TipPointModel): Cell[] | null {
  const q = p.point.query;
  const status = dataStatusOf(model, p);
  const base = (source: string, value: Cell, prior: Cell, definition: string): Cell[] => [
    cell(String(p.point.id), { value: p.point.id }),
    labelCell(p),
    cell(source),
    value,
    prior,
    cell(disaggregationWanted(p)),
    cell(definition),
    statusCell(status),
  ];
  if (q && "budget" in q) {
    const b = model.budget;
    const pim = (cents: number | undefined) =>
      cents === undefined
        ? cell("—", { value: null })
        : cell(formatSoles(cents), { value: cents / 100 });
    return base(
      "MEF, módulo de presupuesto de Vigía (PIM, S/)",
      pim(b?.summary.totals.pimCents),
      pim(b?.summary.previous?.pimCents),
      b
        ? `PIM de los servicios de la Política con asignación específica; devengado S/ ${formatSoles(b.summary.totals.devengadoCents)}, ejecución ${formatPercent(b.summary.totals.execution)} %.`
        : `Sin presupuesto importado para ${model.year} (vigia budget import).`,
    );
  }
  if (q && "evaluation" in q) {
    const idx = model.index;
    return base(
      "Vigía, evaluación de la PNTP (índice de gestión, %)",
      cell(idx === null ? "—" : formatPercent(idx === "ND" ? null : idx), {
        value: typeof idx === "number" ? idx : null,
      }),
      cell("—", { value: null }),
      "Índice de gestión: media del avance tipo 2 de los objetivos prioritarios (CEPLAN).",
    );
  }
  if (q && "congress" in q) {
    return base(
      "Vigía",
      cell("generado", { value: "generado" }),
      cell("—", { value: null }),
      `Informe anual al Congreso generado de los datos: vigia report congress --year ${model.year}.`,
    );
  }
  return null;
}

function pointRows(model: TipModel, p: TipPointModel): Cell[][] {
  const fromData = dataStatusOf(model, p) !== "no_disponible";
  const entries = p.entries.map((e) => entryRow(model, p, e, fromData));
  if (!fromData && entries.length > 0) return entries;
  return [...dataRows(model, p), ...entries];
}

function dataRows(model: TipModel, p: TipPointModel): Cell[][] {
  const feature = featureRow(model, p);
  if (feature) return [feature];
  const status = dataStatusOf(model, p);
  if (p.current.groups.length === 0) {
    const prior = p.previous.groups.map((g) => shownCount(model, g.total).text).join("; ");
    return [
      [
        cell(String(p.point.id), { value: p.point.id }),
        labelCell(p),
        cell(p.point.query ? "Registro estadístico: sin cifras" : "No está en el registro"),
        cell("—", { value: null }),
        cell(prior || "—", { value: prior || null }),
        cell(disaggregationWanted(p)),
        cell(`Cita: 002:${p.point.seed.lines}`),
        statusCell(status),
      ],
    ];
  }
  return p.current.groups.map((g) => {
    const before = p.previous.groups.find((x) => x.key === g.key);
    const source = `${g.sourceLabel} — ${CONCEPT_ES[g.concept] ?? g.concept}${g.qualifier ? ` (${g.qualifier})` : ""}`;
    return [
      cell(String(p.point.id), { value: p.point.id }),
      labelCell(p),
      cell(source),
      shownCount(model, g.total),
      shownCount(model, before?.total ?? null),
      cell(partsText(model, g)),
      cell(provenance(g.total ?? g.parts[0]?.figure ?? null)),
      statusCell(status),
    ];
  });
}

export function pillarTable(model: TipModel, pillar: TipPillar): ReportTable {
  const rows = model.points
    .filter((p) => p.point.pillar === pillar)
    .flatMap((p) => pointRows(model, p));
  const label = PILLAR_LABELS[pillar];
  return {
    id: `tip-${pillar}`,
    sheet: label.sheet,
    title: `${label.es} (${label.en}), ${model.year} y ${model.year - 1}`,
    columns: COLUMNS,
    rows,
    note: `Fuente: registro estadístico de Vigía; lista de datos TRANSCRITA de las notas de investigación (seeds_002_004.md §a.8, documento 002). ${model.audience === "public" ? `${SUPPRESSED} = cifra reservada por control de confidencialidad (k = ${model.disclosure.k}).` : "Uso interno: las celdas menores que k se muestran marcadas «pequeña»."}`,
    compact: true,
  };
}

export function buildTipDocument(model: TipModel): ReportDocument {
  const counts = countStatuses(model);
  const blocks: Block[] = [
    heading(1, "Paquete de datos para el informe TIP / TIP data pack"),
    paragraph(
      `${counts.points} datos que el informe sobre trata de personas (TIP) del Departamento de Estado de EE. UU. espera que el Perú reporte, agrupados por pilar: ${counts.byStatus.datos} de los datos, ${counts.byStatus.punto_focal} ingresados por un punto focal y ${counts.byStatus.no_disponible} no disponibles. Ninguno se omite: un dato sin cifras se lista como no disponible.`,
    ),
    note(model.file.label),
    {
      kind: "figures",
      items: [
        { label: "Datos listados", value: String(counts.points) },
        { label: TIP_STATUS_LABELS.datos.es, value: String(counts.byStatus.datos) },
        { label: TIP_STATUS_LABELS.punto_focal.es, value: String(counts.byStatus.punto_focal) },
        { label: TIP_STATUS_LABELS.no_disponible.es, value: String(counts.byStatus.no_disponible) },
      ],
    },
  ];
  TIP_PILLARS.forEach((pillar, i) => {
    const label = PILLAR_LABELS[pillar];
    blocks.push({ kind: "section", orientation: "landscape" });
    blocks.push(heading(1, `${i + 1}. ${label.es} / ${label.en}`, i > 0));
    blocks.push(table(pillarTable(model, pillar)));
  });
  if (model.audience === "public") {
    blocks.push(
      note(
        `Control de confidencialidad: ${model.disclosure.cells} cifras protegidas con k = ${model.disclosure.k}; ${model.disclosure.suppressed} reservadas, registradas en la bitácora como «${model.disclosure.outputCode}» ${model.disclosure.outputVersion}.`,
      ),
    );
  }
  return {
    fileStem: `paquete-tip-${model.year}${model.audience === "public" ? "" : "-interno"}`,
    title: "Paquete de datos para el informe TIP",
    subtitle: `Datos de ${model.year} (con ${model.year - 1}) por pilar: acción judicial, protección y prevención`,
    coverLines: [
      model.audience === "public"
        ? `Versión pública: control de confidencialidad con k = ${model.disclosure.k}`
        : "Versión interna: celdas pequeñas mostradas y marcadas; no publicar",
      `Generado por Vigía el ${formatDateEs(isoDate(model.generatedAt))}`,
    ],
    runningTitle: `Paquete TIP ${model.year}`,
    blocks,
    dataSheets: [],
  };
}
