import type { IndicatorYear } from "../../../../shared/evaluation/evaluate-policy.ts";
import type { Catalogue } from "../../../../shared/schemas/catalogue.schema.ts";
import { LEVEL_FILL } from "../render/report-cells.ts";
import {
  type Block,
  cell,
  heading,
  type Inline,
  paragraph,
  table,
} from "../render/report-document.ts";
import type { ReportedValue } from "../reports.repository.ts";
import type { Lookups } from "./evaluation-context.builder.ts";
import type { EvaluationReportModel } from "./evaluation-model.service.ts";
import { resultCells, resultColumns } from "./result-tables.builder.ts";

/**
 * The fichas of chapter 3: one per indicator of an objective and one per service, with its
 * figures and what the focal points recorded (logros, dificultades, medidas adoptadas).
 */

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

export function indicatorSheet(
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

export function serviceSheet(
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
