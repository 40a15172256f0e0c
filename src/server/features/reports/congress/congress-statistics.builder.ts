import {
  type Block,
  cell,
  heading,
  note,
  paragraph,
  type ReportTable,
  table,
} from "../render/report-document.ts";
import {
  DIMENSIONS,
  type TipAnswer,
  type TipFigureQuery,
  type TipGroup,
} from "../tip/tip-data-points.builder.ts";
import { SUPPRESSED, shownCount } from "../tip/tip-document.builder.ts";
import type { CellShown, TipCellKey } from "../tip/tip-tables.builder.ts";

/**
 * The statistical chapter of the report to Congress: per concept, each source's national figure
 * of the year, by region and by sex and age where the register has them, and "no disponible"
 * where it does not. Sentences are templates over `estadistica.*` placeholders, filled from the
 * same protected counts the tables print.
 */

export const CONGRESS_CONCEPTS: { code: string; es: string }[] = [
  { code: "complaint", es: "Denuncias" },
  { code: "case", es: "Casos" },
  { code: "victim", es: "Víctimas identificadas" },
  { code: "operation", es: "Operativos" },
  { code: "arrest", es: "Detenciones" },
  { code: "prosecution", es: "Acciones judiciales" },
  { code: "conviction", es: "Condenas" },
  { code: "conviction_final", es: "Condenas confirmadas o firmes" },
  { code: "acquittal", es: "Absoluciones" },
  { code: "sentence", es: "Penas impuestas" },
  { code: "service_episode", es: "Atenciones a víctimas" },
  { code: "shelter_stay", es: "Acogimientos en albergues" },
  { code: "training_participant", es: "Personas capacitadas" },
];

const notDisaggregated = (except: readonly string[]) =>
  Object.fromEntries(DIMENSIONS.filter((d) => !except.includes(d)).map((d) => [d, null]));

/** National figure with its regional parts; and the sex and age parts. */
export function congressQueries(concept: string): {
  region: TipFigureQuery;
  sexAge: TipFigureQuery;
} {
  return {
    region: { concepts: [concept], where: notDisaggregated([]), parts: ["ubigeo"] },
    sexAge: {
      concepts: [concept],
      where: notDisaggregated(["sex", "ageBand"]),
      parts: ["sex", "ageBand"],
    },
  };
}

export interface ConceptAnswer {
  concept: string;
  label: string;
  region: TipAnswer;
  sexAge: TipAnswer;
}

export interface CongressStatistics {
  year: number;
  concepts: ConceptAnswer[];
  shown: ReadonlyMap<TipCellKey, CellShown>;
  k: number;
}

/** Placeholder-safe form of a source code: PNP-RETA → pnp_reta. */
export const sourceSlug = (code: string) => code.toLowerCase().replace(/[^a-z0-9]+/g, "_");

/** One placeholder per group: a source's second channel for the concept is `mp_2`. */
export function groupSlugs(groups: readonly TipGroup[]): string[] {
  const seen = new Map<string, number>();
  return groups.map((g) => {
    const slug = sourceSlug(g.source);
    const n = (seen.get(slug) ?? 0) + 1;
    seen.set(slug, n);
    return n === 1 ? slug : `${slug}_${n}`;
  });
}

/** `estadistica.<concept>.<source>`: the national figure as printed ("no disponible" without one). */
export function statisticsPlaceholders(s: CongressStatistics): Map<string, string> {
  const v = new Map<string, string>();
  for (const c of s.concepts) {
    const slugs = groupSlugs(c.region.groups);
    c.region.groups.forEach((g, i) => {
      const text = g.total ? shownCount(s, g.total).text : "no disponible";
      v.set(`estadistica.${c.concept}.${slugs[i]}`, text);
    });
    v.set(`estadistica.${c.concept}.fuentes`, String(c.region.groups.length));
  }
  return v;
}

const na = (cols: number, text: string) => [
  cell(text),
  ...Array.from({ length: cols - 1 }, () => cell("no disponible")),
];

function nationalTable(s: CongressStatistics): ReportTable {
  const rows = s.concepts.flatMap((c) =>
    c.region.groups.length === 0
      ? [[cell(c.label), cell("—"), cell("no disponible", { value: null }), cell("—")]]
      : c.region.groups.map((g: TipGroup) => [
          cell(c.label),
          cell(g.sourceLabel),
          g.total ? shownCount(s, g.total) : cell("no disponible", { value: null }),
          cell(
            g.total
              ? `${g.total.definition}${g.total.origin === "transcripcion" ? " (TRANSCRITO)" : ""}`
              : "—",
          ),
        ]),
  );
  return {
    id: "congreso-estadistica-nacional",
    sheet: "Estadística nacional",
    title: `Cuadro E1. Cifras nacionales de ${s.year} por concepto y fuente`,
    columns: [
      { header: "Concepto", width: 12 },
      { header: "Fuente", width: 16 },
      { header: String(s.year), width: 8, align: "right", numFmt: "#,##0" },
      { header: "Definición de la fuente", width: 30 },
    ],
    rows,
    note: "Fuente: registro estadístico de Vigía (docs/statistics.md). Las fuentes no están deduplicadas: cada institución cuenta con su propia unidad y base de fecha.",
    compact: true,
  };
}

function partsTable(
  s: CongressStatistics,
  pick: (c: ConceptAnswer) => TipAnswer,
  id: string,
  title: string,
  partHeader: string,
): ReportTable {
  const rows = s.concepts.flatMap((c) => {
    const groups = pick(c).groups.filter((g) => g.parts.length > 0);
    if (groups.length === 0) return [na(4, c.label)];
    return groups.flatMap((g) =>
      g.parts.map((p) => [
        cell(c.label),
        cell(g.sourceLabel),
        cell(p.label),
        shownCount(s, p.figure),
      ]),
    );
  });
  return {
    id,
    title,
    columns: [
      { header: "Concepto", width: 14 },
      { header: "Fuente", width: 18 },
      { header: partHeader, width: 14 },
      { header: String(s.year), width: 8, align: "right", numFmt: "#,##0" },
    ],
    rows,
    compact: true,
  };
}

export function statisticsChapter(
  s: CongressStatistics,
  fill: (template: string) => string,
  number: number,
): Block[] {
  const blocks: Block[] = [heading(1, `${number}. Estadística de la trata de personas`, true)];
  blocks.push(
    paragraph(
      fill(
        "Cifras de {{anio}} del registro estadístico, por concepto y por institución que las registra. Cada fuente cuenta a su manera (personas, casos, denuncias; fecha del hecho, de la denuncia o del registro): se presentan lado a lado, sin sumarlas.",
      ),
    ),
  );
  for (const c of s.concepts) {
    const slugs = groupSlugs(c.region.groups);
    const named = c.region.groups.flatMap((g, i) => (g.total ? [{ g, slug: slugs[i] }] : []));
    blocks.push(
      paragraph(
        named.length === 0
          ? `${c.label}: no disponible en el registro para ${s.year}.`
          : fill(
              `${c.label} en {{anio}}: ${named.map(({ g, slug }) => `${g.sourceLabel}, {{estadistica.${c.concept}.${slug}}}`).join("; ")}.`,
            ),
      ),
    );
  }
  blocks.push(table(nationalTable(s)));
  blocks.push(heading(2, `${number}.1. Por región`));
  blocks.push(
    table(
      partsTable(
        s,
        (c) => c.region,
        "congreso-estadistica-region",
        `Cuadro E2. Cifras de ${s.year} por región (ubigeo)`,
        "Región",
      ),
    ),
  );
  blocks.push(heading(2, `${number}.2. Por sexo y edad`));
  blocks.push(
    table(
      partsTable(
        s,
        (c) => c.sexAge,
        "congreso-estadistica-sexo-edad",
        `Cuadro E3. Cifras de ${s.year} por sexo y tramo de edad`,
        "Sexo · edad",
      ),
    ),
  );
  blocks.push(
    note(
      `Control de confidencialidad: las cifras pasan por protectTable con k = ${s.k}; ${SUPPRESSED} = cifra reservada.`,
    ),
  );
  return blocks;
}
