import { formatDecimal, roundHalfUp } from "../../../../shared/numbers.ts";
import {
  levelCell,
  PCT_FMT,
  progressCell,
  SEVERITY_LABELS,
  VALUE_FMT,
  valueCell,
} from "../render/report-cells.ts";
import {
  type Block,
  cell,
  heading,
  note,
  paragraph,
  type ReportDocument,
  type ReportTable,
  table,
} from "../render/report-document.ts";
import { agree, countText, formatDateEs } from "../render/report-format.ts";
import type { MonitoringReportModel } from "./monitoring-model.service.ts";

/**
 * The reporte de seguimiento as a document. Sections are a list of builders so that the
 * workflow's timeliness and pending-observation sections can be appended as more entries.
 */

const SEMESTER: Record<MonitoringReportModel["period"], string> = {
  S1: "primer semestre",
  S2: "segundo semestre",
};
const STATUS: Record<string, string> = {
  borrador: "Borrador",
  enviado: "Enviado",
  observado: "Observado",
  validado: "Validado",
};
const share = (part: number, whole: number) => (whole === 0 ? 0 : (part / whole) * 100);

type SectionBuilder = (m: MonitoringReportModel) => Block[];

const summarySection: SectionBuilder = (m) => {
  const total = m.indicators.length;
  const reported = m.indicators.filter((i) => i.value?.value != null).length;
  const c = m.statusCounts;
  const flagged = m.indicators.filter((i) => i.findings.length > 0).length;
  return [
    heading(1, "Resumen", true),
    paragraph(
      `De ${agree(total, `${total} indicador`, `los ${total} indicadores`)} de la Política, ${reported} (${formatDecimal(share(reported, total))} %) ${agree(reported, "tiene", "tienen")} un valor registrado para el ${SEMESTER[m.period]} de ${m.year}: ${countText(c.validado ?? 0, "validado", "validados")}, ${countText(c.enviado ?? 0, "enviado", "enviados")}, ${countText(c.observado ?? 0, "observado", "observados")} y ${c.borrador ?? 0} en borrador. ${total - reported} ${agree(total - reported, "no tiene", "no tienen")} valor.`,
    ),
    paragraph(
      `El avance de cada indicador se mide contra su meta anual (avance tipo 1 acumulado al periodo). ${countText(flagged, "valor tiene", "valores tienen")} observaciones de las reglas de calidad (sección 4).`,
    ),
    ...(m.period === "S2"
      ? [
          note(
            "En el segundo semestre se usa el valor semestral y, si la entidad reportó solo la cifra anual, esa cifra.",
          ),
        ]
      : []),
  ];
};

const completenessSection: SectionBuilder = (m) => {
  const rows = m.entities.map((e) => [
    cell(`${e.name} (${e.code})`),
    cell(String(e.indicators.length), { value: e.indicators.length }),
    cell(String(e.reported.length), { value: e.reported.length }),
    cell(String(e.validated.length), { value: e.validated.length }),
    cell(formatDecimal(share(e.reported.length, e.indicators.length)), {
      value: roundHalfUp(share(e.reported.length, e.indicators.length), 1),
    }),
    cell(e.missing.length ? e.missing.join(", ") : "—"),
  ]);
  const t: ReportTable = {
    id: "completitud",
    sheet: "Completitud",
    title: `Completitud por entidad responsable, ${SEMESTER[m.period]} ${m.year}`,
    columns: [
      { header: "Entidad", width: 34 },
      { header: "Indicadores", width: 9, align: "right", numFmt: "0" },
      { header: "Con valor", width: 9, align: "right", numFmt: "0" },
      { header: "Validados", width: 9, align: "right", numFmt: "0" },
      { header: "Completitud (%)", width: 10, align: "right", numFmt: PCT_FMT },
      { header: "Indicadores sin valor", width: 26 },
    ],
    rows,
  };
  return [heading(1, "1. Completitud del reporte por entidad"), table(t)];
};

const indicatorSection: SectionBuilder = (m) => {
  const blocks: Block[] = [heading(1, "2. Avance por indicador")];
  for (const o of m.catalogue.objectives) {
    const own = m.indicators.filter((i) => i.objective === o.code);
    blocks.push(heading(2, `${o.code}. ${o.name}`));
    blocks.push(
      table({
        id: `seguimiento-${o.code}`,
        sheet: `${o.code} avance`,
        title: `Avance de los indicadores del ${o.code} al ${SEMESTER[m.period]} ${m.year}`,
        columns: [
          { header: "Indicador", width: 8 },
          { header: "Servicio", width: 8 },
          { header: "Responsable", width: 11 },
          { header: `Meta ${m.year}`, width: 10, align: "right", numFmt: VALUE_FMT },
          { header: "Valor al periodo", width: 10, align: "right", numFmt: VALUE_FMT },
          { header: "Periodo del valor", width: 8, align: "center" },
          { header: "Estado", width: 10 },
          { header: "Avance tipo 1 (%)", width: 10, align: "right", numFmt: PCT_FMT },
          { header: "Nivel", width: 10, align: "center" },
        ],
        rows: own.map((i) => [
          cell(i.code),
          cell(i.service ?? "—"),
          cell(i.responsible),
          valueCell(i.annualMeta, i.unit),
          valueCell(i.value?.value ?? null, i.unit),
          cell(i.value?.period ?? "—"),
          cell(i.value ? (STATUS[i.value.status] ?? i.value.status) : "Sin valor"),
          progressCell(i.progress),
          levelCell(i.level),
        ]),
      }),
    );
  }
  return blocks;
};

const serviceSection: SectionBuilder = (m) => [
  heading(1, "3. Avance por servicio"),
  table({
    id: "seguimiento-servicios",
    sheet: "Servicios",
    title: `Avance de los servicios al ${SEMESTER[m.period]} ${m.year}`,
    columns: [
      { header: "Servicio", width: 8 },
      { header: "Nombre", width: 50 },
      { header: "Entidad", width: 11 },
      { header: "Indicadores", width: 10 },
      { header: "Avance tipo 1 (%)", width: 10, align: "right", numFmt: PCT_FMT },
      { header: "Nivel", width: 10, align: "center" },
    ],
    rows: m.services.map((s) => [
      cell(`S${String(s.number).padStart(2, "0")}`),
      cell(s.name),
      cell(s.entity ?? "—"),
      cell(s.indicators.join(", ")),
      progressCell(s.progress),
      levelCell(s.level),
    ]),
    note: "Avance del servicio: media de los avances de sus indicadores acotados a [0, 100].",
  }),
];

const flagsSection: SectionBuilder = (m) => {
  const rows = m.indicators.flatMap((i) =>
    i.findings.map((f) => [
      cell(i.code),
      cell(i.responsible),
      cell(i.value ? (STATUS[i.value.status] ?? i.value.status) : "—"),
      cell(f.code),
      cell(SEVERITY_LABELS[f.severity]),
      cell(f.message),
    ]),
  );
  return [
    heading(1, "4. Valores observados por las reglas de calidad"),
    table({
      id: "seguimiento-alertas",
      sheet: "Alertas",
      title: `Valores del ${SEMESTER[m.period]} ${m.year} con observaciones`,
      compact: true,
      columns: [
        { header: "Indicador", width: 9 },
        { header: "Responsable", width: 12 },
        { header: "Estado", width: 10 },
        { header: "Regla", width: 27 },
        { header: "Severidad", width: 11 },
        { header: "Observación", width: 45 },
      ],
      rows: rows.length
        ? rows
        : [[cell("—"), cell(""), cell(""), cell(""), cell(""), cell("Sin observaciones.")]],
    }),
  ];
};

/** Sections in order; timeliness and pending observations will be appended here. */
const MONITORING_SECTIONS: SectionBuilder[] = [
  summarySection,
  completenessSection,
  indicatorSection,
  serviceSection,
  flagsSection,
];

export function buildMonitoringDocument(m: MonitoringReportModel): ReportDocument {
  const conductor = m.catalogue.entities.find((e) => e.code === m.catalogue.policy.conductor);
  return {
    fileStem: `reporte-seguimiento-${m.policyCode}-${m.year}-${m.period.toLowerCase()}`,
    title: "Reporte de seguimiento",
    subtitle: `${m.policyName} — ${SEMESTER[m.period]} ${m.year}`,
    coverLines: [
      `Conductor: ${conductor?.name ?? m.catalogue.policy.conductor}`,
      `Fecha de corte: ${formatDateEs(m.cutOff)} (valores en todos los estados del flujo de reporte)`,
      `Generado por Vigía el ${formatDateEs(m.generatedAt.toISOString().slice(0, 10))}`,
    ],
    runningTitle: `Reporte de seguimiento ${m.period} ${m.year} — ${m.shortName ?? m.policyCode}`,
    blocks: [{ kind: "toc" }, ...MONITORING_SECTIONS.flatMap((build) => build(m))],
    dataSheets: [],
  };
}
