import type {
  IndicatorYear,
  LevelCount,
  PolicyEvaluation,
} from "../shared/evaluation/evaluate-policy.ts";
import { formatDecimal } from "../shared/numbers.ts";

/** Plain-text tables of an evaluation, laid out like section 2 of the Informe de Evaluación. */

const LEVEL_LABEL = { bajo: "bajo", intermedio: "intermedio", alto: "alto", ND: "ND" } as const;

function num(x: number | null): string {
  if (x === null) return "—";
  return x.toLocaleString("es-PE", { maximumFractionDigits: 4 });
}
function pct(x: number | "ND"): string {
  return x === "ND" ? "ND" : formatDecimal(x);
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c < 2 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

function indicatorRow(i: IndicatorYear, withTipo2: boolean): string[] {
  const row = [
    i.code,
    i.responsible,
    num(i.previous.meta),
    num(i.meta),
    num(i.previous.value),
    num(i.value),
    pct(i.previous.tipo1),
    pct(i.tipo1),
  ];
  if (withTipo2) row.push(pct(i.tipo2));
  row.push(LEVEL_LABEL[i.level]);
  return row;
}

function countRow(name: string, c: LevelCount): string[] {
  return [name, "", String(c.bajo), String(c.intermedio), String(c.alto), String(c.total)];
}

export function formatEvaluationTable(ev: PolicyEvaluation): string {
  const t = ev.year;
  const p = ev.previousYear;
  const out: string[] = [];
  out.push(`${ev.policy.name} — evaluación ${t}`);
  out.push("");
  out.push(
    `Índice de gestión (avance tipo 2): ${pct(ev.index.tipo2)} % — nivel ${LEVEL_LABEL[ev.index.level]}`,
  );
  out.push(
    `Valoración de la implementación: ${ev.valoracion.total === "ND" ? "ND" : formatDecimal(ev.valoracion.total)} — ${ev.valoracion.level}`,
  );
  const baseHeader = [
    "Indicador",
    "Responsable",
    `Meta ${p}`,
    `Meta ${t}`,
    `Valor ${p}`,
    `Valor ${t}`,
    `Tipo 1 ${p}`,
    `Tipo 1 ${t}`,
  ];
  for (const o of ev.objectives) {
    out.push("");
    out.push(`${o.code}. ${o.name}`);
    const opRows = ev.indicators.filter((i) => i.kind === "objetivo" && i.objective === o.code);
    const aggregate = [
      o.code,
      "(agregado)",
      "",
      "",
      "",
      "",
      pct(o.previousTipo1),
      pct(o.tipo1),
      pct(o.tipo2),
      LEVEL_LABEL[o.level],
    ];
    out.push(
      table(
        [...baseHeader, `Tipo 2 ${t}`, "Nivel"],
        [aggregate, ...opRows.map((i) => indicatorRow(i, true))],
      ),
    );
    const services = ev.indicators.filter((i) => i.kind === "servicio" && i.objective === o.code);
    if (services.length) {
      out.push("");
      out.push(`  Indicadores de servicios de ${o.code}`);
      out.push(
        table(
          [...baseHeader, "Nivel"],
          services.map((i) => indicatorRow(i, false)),
        ),
      );
    }
  }
  out.push("");
  out.push(`Niveles de cumplimiento (avance tipo 1, ${t})`);
  const c = ev.levelCounts;
  out.push(
    table(
      ["Nivel", "", "[0-75%>", "[75-95%>", "≥95%", "Total"],
      [
        countRow("Objetivos prioritarios", c.objectives),
        countRow("Indicadores de OP", c.opIndicators),
        countRow("Indicadores de servicios", c.serviceIndicators),
        countRow("Total, indicadores", c.total),
      ],
    ),
  );
  out.push("");
  for (const low of ev.lowIndicators) {
    out.push(
      `Nivel bajo ${low.year}: OP [${low.opIndicators.join(", ")}]; servicios [${low.serviceIndicators.join(", ")}]`,
    );
  }
  out.push("");
  out.push("Valoración de la implementación");
  out.push(
    table(
      ["Criterio", "Nivel", "Peso", "Puntaje"],
      [
        ...ev.valoracion.criteria.map((cr) => [
          cr.name,
          cr.level,
          String(cr.weight),
          cr.score === null ? "ND" : String(cr.score),
        ]),
        [
          "Puntaje total",
          String(ev.valoracion.level),
          "",
          ev.valoracion.total === "ND" ? "ND" : formatDecimal(ev.valoracion.total),
        ],
      ],
    ),
  );
  const flagged = ev.indicators.filter((i) => i.warnings.length > 0);
  if (flagged.length) {
    out.push("");
    out.push(`Alertas (${flagged.length} indicadores)`);
    for (const i of flagged) out.push(`  ${i.code}: ${i.warnings.map((w) => w.code).join(", ")}`);
  }
  return `${out.join("\n")}\n`;
}
