import { EXECUTION_COLOURS } from "../../../shared/budget/execution-light.ts";
import type { RegionView } from "../../../shared/contracts/territory-view.contract.ts";
import { formatDecimal } from "../../../shared/numbers.ts";
import {
  type Block,
  cell,
  heading,
  note,
  paragraph,
  type ReportDocument,
  type ReportTable,
  table,
} from "../reports/render/report-document.ts";
import {
  agree,
  countText,
  formatDateEs,
  formatPercent,
  formatSoles,
} from "../reports/render/report-format.ts";

/**
 * The reporte regional as a document (pure): the region's figures of the year for the annual
 * regional diagnosis (seed 004: a consolidated regional register, 004:386). Every figure comes
 * from the regional view (region-view.service.ts), so the page and the document cannot differ.
 * An internal document (report.download): it prints register counts, not victims' records.
 */

const LEVEL: Record<string, string> = {
  regional: "Regional",
  provincial: "Provincial",
  distrital: "Distrital",
  centro_poblado: "Centro poblado",
};
const int = (n: number) => formatDecimal(n, 0);

export function buildRegionalReport(v: RegionView, generatedOn: string): ReportDocument {
  const r = v.region;
  const blocks: Block[] = [
    { kind: "toc" },
    heading(1, "Resumen", true),
    {
      kind: "figures",
      items: [
        { label: "Espacios de coordinación", value: int(v.spaces.regional + v.spaces.local) },
        { label: "Participantes capacitados", value: int(v.trainings.participants) },
        { label: "Asistencias técnicas", value: int(v.assistances.count) },
        {
          label: "Ejecución presupuestal",
          value:
            v.budget?.execution != null ? `${formatPercent(v.budget.execution, 2)} %` : "Sin datos",
          ...(v.budget?.band ? { fill: EXECUTION_COLOURS[v.budget.band] } : {}),
        },
      ],
    },
    paragraph(
      `En ${v.year}, ${r.name} tiene ${countText(v.spaces.regional + v.spaces.local, "espacio de coordinación registrado", "espacios de coordinación registrados")} (${v.spaces.regional} regional${v.spaces.regional === 1 ? "" : "es"} y ${v.spaces.local} local${v.spaces.local === 1 ? "" : "es"}), ${countText(v.trainings.count, "capacitación", "capacitaciones")} con ${countText(v.trainings.participants, "participante", "participantes")} y ${countText(v.assistances.count, "asistencia técnica", "asistencias técnicas")}.`,
    ),
    ...planSection(v),
    ...spacesSection(v),
    ...trainingsSection(v),
    ...assistancesSection(v),
    ...budgetSection(v),
    ...indicatorsSection(v),
    heading(1, "Fuentes"),
    { kind: "bullets", items: v.sources.map((s) => [s]) },
  ];
  return {
    fileStem: `reporte-regional-${r.code}-${v.year}`,
    title: `Reporte regional ${r.name}`,
    subtitle: `Diagnóstico regional anual ${v.year} · Política Nacional frente a la Trata de Personas`,
    coverLines: [`Generado por Vigía el ${formatDateEs(generatedOn)}`, `Ubigeo INEI ${r.code}`],
    runningTitle: `Reporte regional ${r.name} ${v.year}`,
    blocks,
    dataSheets: [],
  };
}

function planSection(v: RegionView): Block[] {
  const p = v.planProgress;
  if (!p || p.status === "sin_plan") {
    return [heading(1, "Avance del plan regional"), paragraph(p?.label ?? "Sin plan registrado")];
  }
  const t: ReportTable = {
    id: "plan",
    title: `Avance del plan ${p.plan?.name ?? ""}`,
    columns: [
      { header: "Código", width: 1 },
      { header: "Indicador", width: 4 },
      { header: "Periodo", width: 1 },
      { header: "Avance (%)", width: 1, align: "right" },
    ],
    rows: p.rows.map((row) => [
      cell(row.code),
      cell(row.name),
      cell(row.period),
      cell(row.progress === null ? "ND" : formatDecimal(row.progress), { value: row.progress }),
    ]),
  };
  return [heading(1, "Avance del plan regional"), paragraph(p.label), table(t)];
}

function spacesSection(v: RegionView): Block[] {
  const s = v.spaces;
  const counts: ReportTable = {
    id: "espacios-nivel",
    title: `Espacios de coordinación por nivel, ${v.region.name}`,
    columns: [
      { header: "Regional", width: 1, align: "right" },
      { header: "Provincial", width: 1, align: "right" },
      { header: "Distrital", width: 1, align: "right" },
      { header: "Centro poblado", width: 1, align: "right" },
      { header: "Local (total)", width: 1, align: "right" },
    ],
    rows: [
      [s.regional, s.provincial, s.distrital, s.centro_poblado, s.local].map((n) =>
        cell(int(n), { value: n }),
      ),
    ],
  };
  const list: ReportTable = {
    id: "espacios",
    title: "Espacios registrados",
    columns: [
      { header: "Nivel", width: 1 },
      { header: "Nombre", width: 4 },
      { header: "Lugar", width: 2 },
      { header: "Estado", width: 1 },
      { header: "Sesiones", width: 1, align: "right" },
    ],
    rows: s.list.map((x) => [
      cell(LEVEL[x.level] ?? x.level),
      cell(x.name),
      cell(x.place ?? "—"),
      cell(x.status.replace("_", " ")),
      cell(int(x.sessions), { value: x.sessions }),
    ]),
    compact: true,
  };
  return [
    heading(1, "Espacios de coordinación"),
    table(counts),
    ...(s.list.length ? [table(list)] : [note("No hay espacios registrados en la región.")]),
  ];
}

function trainingsSection(v: RegionView): Block[] {
  const t = v.trainings;
  const byProvince: ReportTable = {
    id: "capacitaciones",
    title: `Capacitaciones por provincia, ${v.year}`,
    columns: [
      { header: "Provincia", width: 3 },
      { header: "Capacitaciones", width: 1, align: "right" },
      { header: "Participantes", width: 1, align: "right" },
    ],
    rows: t.byProvince.map((p) => [
      cell(`${p.name} (${p.code})`),
      cell(int(p.trainings), { value: p.trainings }),
      cell(int(p.participants), { value: p.participants }),
    ]),
    note: "Capacitaciones registradas con ubigeo de provincia o distrito; las registradas para todo el departamento solo cuentan en el total.",
  };
  return [
    heading(1, "Capacitaciones"),
    paragraph(
      `${countText(t.count, "capacitación terminó", "capacitaciones terminaron")} en ${v.year}, con ${countText(t.participants, "participante", "participantes")} (${int(t.women)} mujeres y ${int(t.men)} hombres donde el registro lo indica).`,
    ),
    ...(t.byProvince.length ? [table(byProvince)] : []),
  ];
}

function assistancesSection(v: RegionView): Block[] {
  const a = v.assistances;
  const list: ReportTable = {
    id: "asistencias",
    title: `Asistencias técnicas, ${v.year}`,
    columns: [
      { header: "Fecha", width: 1 },
      { header: "Tema", width: 4 },
      { header: "Asistido", width: 2 },
    ],
    rows: a.list.map((x) => [cell(formatDateEs(x.heldOn)), cell(x.topic), cell(x.to)]),
  };
  return [
    heading(1, "Asistencias técnicas"),
    paragraph(
      `${agree(a.count, "Se registró", "Se registraron")} ${countText(a.count, "asistencia técnica", "asistencias técnicas")} a gobiernos o espacios de la región.`,
    ),
    ...(a.list.length ? [table(list)] : []),
  ];
}

function budgetSection(v: RegionView): Block[] {
  const b = v.budget;
  if (!b) {
    return [
      heading(1, "Presupuesto ejecutado en el territorio"),
      paragraph(`No hay presupuesto importado para ${v.year}.`),
    ];
  }
  return [
    heading(1, "Presupuesto ejecutado en el territorio"),
    paragraph(
      `Presupuesto específico de la Política en líneas ubicadas en ${v.region.name}: PIM ${formatSoles(b.pimCents)}, devengado ${formatSoles(b.devengadoCents)}, ejecución ${b.execution === null ? "sin dato" : `${formatPercent(b.execution, 2)} %`}${b.nationalShare === null ? "" : `; ${formatPercent(b.nationalShare)} % del PIM específico nacional`}.`,
    ),
  ];
}

function indicatorsSection(v: RegionView): Block[] {
  const t: ReportTable = {
    id: "indicadores",
    title: `Indicadores de la PNTP desagregados a ${v.region.name}, ${v.year}`,
    columns: [
      { header: "Código", width: 1 },
      { header: "Indicador", width: 5 },
      { header: "Valor regional", width: 1, align: "right" },
      { header: "Distritos", width: 1, align: "right" },
      { header: "Parte de las regiones (%)", width: 1, align: "right" },
    ],
    rows: v.indicators.map((i) => [
      cell(i.code),
      cell(i.name),
      cell(formatDecimal(i.value), { value: i.value }),
      cell(int(i.districts), { value: i.districts }),
      cell(i.share === null ? "—" : formatDecimal(i.share), { value: i.share }),
    ]),
    note: "Suma de los valores validados por distrito (INEI) de la región; solo distritos vigentes en el año.",
  };
  return [
    heading(1, "Indicadores de la Política desagregados a la región"),
    ...(v.indicators.length
      ? [table(t)]
      : [paragraph(`Ningún indicador tiene valores desagregados por distrito para ${v.year}.`)]),
  ];
}
