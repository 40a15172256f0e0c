import type { BudgetReport } from "../server/features/budget/budget.service.ts";
import type { BudgetImportReport } from "../server/features/budget/budget-import.service.ts";
import { BUDGET_CLASS_LABELS } from "../shared/budget/budget-analyses.ts";
import { LEVEL_LABELS, type Level } from "../shared/budget/budget-fields.ts";
import { formatSoles } from "../shared/budget/money.ts";
import { REJECTION_REASONS } from "../shared/budget/validate-budget-row.ts";
import { formatDecimal } from "../shared/numbers.ts";

/**
 * Plain-text tables of the budget chapter, laid out like seed 000's Tablas 2 to 9. Millions of
 * soles with two decimals, three below 0.1 (as the report prints 0.015 and 0.077); shares with
 * three decimals; every figure computed unrounded and rounded here only.
 */

function table(header: string[], rows: string[][], leftColumns = 1): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) =>
        c < leftColumns ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0),
      )
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** Cents as millions of soles. */
export function millions(cents: number | null): string {
  if (cents === null) return "—";
  const m = cents / 100 / 1e6;
  if (m === 0) return "0";
  return formatDecimal(m, Math.abs(m) < 0.1 ? 3 : 2);
}
const pct = (x: number | null, decimals = 3) => (x === null ? "—" : formatDecimal(x, decimals));
const whole = (cents: number) => formatDecimal(cents / 100, 0);

export function formatBudgetReport(r: BudgetReport): string {
  const s = r.summary;
  const out: string[] = [];
  const years = r.years.map((y) => y.year);
  out.push(`Presupuesto de la política ${s.policy.code.toUpperCase()} — ${s.policy.name}`);
  out.push(
    `Año ${s.year}. Importaciones vigentes: ${s.basis.imports
      .map((i) => `${i.year} (${i.fileName}, ${i.rowsLoaded} líneas)`)
      .join("; ")}. Reglas de etiquetado: v${s.basis.ruleSetVersion ?? "—"}.`,
  );
  out.push(
    "Montos en millones de soles salvo indicación; solo presupuesto específico (etiquetado).",
  );

  out.push("\nTabla 2. Presupuesto específico identificado (PIA)");
  out.push(
    table(
      ["Año", "PIA (S/)", "% del PIA nacional", "Por habitante (PIA)", "Por habitante (devengado)"],
      r.years.map((y) => [
        String(y.year),
        whole(y.piaCents),
        `${pct(y.shareNationalPia)}%`,
        y.perCapitaPia === null ? "—" : `S/ ${formatDecimal(y.perCapitaPia, 2)}`,
        y.perCapitaDevengado === null ? "—" : `S/ ${formatDecimal(y.perCapitaDevengado, 2)}`,
      ]),
    ),
  );
  const population = r.years.find((y) => y.population)?.population;
  if (population)
    out.push(`Población de referencia: ${population.toLocaleString("es-PE")} habitantes.`);

  out.push("\nTabla 3. PIA, PIM, devengado y porcentaje de ejecución");
  out.push(
    table(
      [
        "Año",
        "PIA nacional",
        "PIA PN",
        "%",
        "PIM nacional",
        "PIM PN",
        "%",
        "Dev.",
        "% ejecución",
        "PIM−PIA",
        "PIM/PIA",
      ],
      r.years.map((y) => [
        String(y.year),
        y.nationalPiaCents === null ? "—" : formatDecimal(y.nationalPiaCents / 1e8, 0),
        millions(y.piaCents),
        pct(y.shareNationalPia),
        y.nationalPimCents === null ? "—" : formatDecimal(y.nationalPimCents / 1e8, 0),
        millions(y.pimCents),
        pct(y.shareNationalPim),
        millions(y.devengadoCents),
        `${pct(y.execution, 2)}%`,
        millions(y.pimMinusPiaCents),
        y.pimOverPia === null ? "—" : formatDecimal(y.pimOverPia, 2),
      ]),
    ),
  );

  out.push("\nTabla 5. Servicios con asignación específica (PIA)");
  const serviceCodes = new Set(
    r.services.flatMap((y) =>
      y.rows.filter((x) => x.budgetClass === "asignacion_especifica").map((x) => x.code),
    ),
  );
  const first = r.services[0]?.rows ?? [];
  out.push(
    table(
      ["OP", "Servicio", "Proveedor", ...years.map(String)],
      [
        ...first
          .filter((x) => serviceCodes.has(x.code))
          .map((x) => [
            x.objective,
            String(x.number),
            x.owner ?? "—",
            ...r.services.map((y) =>
              millions(y.rows.find((z) => z.code === x.code)?.piaCents ?? 0),
            ),
          ]),
        ["Total", "", "", ...r.years.map((y) => millions(y.piaCents))],
      ],
      3,
    ),
  );
  out.push("\nPor objetivo prioritario (PIA)");
  out.push(
    table(
      ["OP", "Servicios", `Con asignación ${s.year}`, ...years.map(String)],
      (r.objectives[0]?.rows ?? []).map((o) => [
        o.code,
        String(o.services),
        String(s.byObjective.find((x) => x.code === o.code)?.funded ?? 0),
        ...r.objectives.map((y) => millions(y.rows.find((z) => z.code === o.code)?.piaCents ?? 0)),
      ]),
    ),
  );

  out.push(`\nClasificación de los ${s.byService.length} servicios en ${s.year}`);
  out.push(
    table(
      ["Clase", "Servicios", ...s.byObjective.map((o) => o.code)],
      (Object.keys(BUDGET_CLASS_LABELS) as (keyof typeof BUDGET_CLASS_LABELS)[]).map((c) => [
        BUDGET_CLASS_LABELS[c],
        String(s.classCounts[c]),
        ...s.byObjective.map((o) => String(o.classes[c])),
      ]),
    ),
  );
  for (const c of ["sin_meta_presupuestal", "meta_sin_asignacion_especifica"] as const) {
    const list = s.byService.filter((x) => x.budgetClass === c);
    out.push(
      `${BUDGET_CLASS_LABELS[c]} (${list.length}): ${list.map((x) => `${x.number} (${x.owner ?? "—"})`).join(", ") || "ninguno"}`,
    );
  }

  out.push("\nTabla 7. Presupuesto específico por nivel de gobierno");
  const levels: Level[] = ["nacional", "local", "regional"];
  out.push(
    table(
      ["Nivel de gobierno", ...r.levels.flatMap((y) => [`${y.year} PIA`, "PIM", "Dev."])],
      [
        ...levels.map((l) => [
          LEVEL_LABELS[l],
          ...r.levels.flatMap((y) => {
            const row = y.rows.find((x) => x.level === l);
            return [
              millions(row?.piaCents ?? 0),
              millions(row?.pimCents ?? 0),
              millions(row?.devengadoCents ?? 0),
            ];
          }),
        ]),
        [
          "Total",
          ...r.years.flatMap((y) => [
            millions(y.piaCents),
            millions(y.pimCents),
            millions(y.devengadoCents),
          ]),
        ],
      ],
    ),
  );
  out.push(
    `Ejecución (devengado/PIM) por nivel: ${r.levels
      .map(
        (y) =>
          `${y.year}: ${y.rows
            .filter((x) => x.pimCents > 0)
            .map((x) => `${x.level} ${pct(x.execution, 1)}%`)
            .join(", ")}`,
      )
      .join("; ")}.`,
  );

  for (const [nivel, title] of [
    ["nacional", "Tabla 8. Pliegos priorizados del Gobierno nacional"],
    ["regional", "Tabla 9. Gobiernos regionales priorizados"],
  ] as const) {
    const withData = r.pliegos.filter((y) =>
      y.groups.find((g) => g.nivel === nivel)?.rows.some((x) => x.totalPiaCents !== null),
    );
    if (withData.length === 0) continue;
    out.push(`\n${title} (pliego total, PN = presupuesto específico, % = PN/pliego)`);
    const groups = withData.map((y) => ({
      year: y.year,
      g: y.groups.find((g) => g.nivel === nivel),
    }));
    const first = groups[0]?.g;
    if (!first) continue;
    let fromLines = false;
    const cells = (x: (typeof first.rows)[number] | undefined) => {
      if (x?.totalSource === "lineas") fromLines = true;
      const mark = x?.totalSource === "lineas" ? "*" : "";
      return x
        ? [
            `${millionsWhole(x.totalPiaCents)}${mark}`,
            millions(x.piaCents),
            pct(x.sharePia),
            `${millionsWhole(x.totalPimCents)}${mark}`,
            millions(x.pimCents),
            pct(x.sharePim),
          ]
        : ["—", "—", "—", "—", "—", "—"];
    };
    out.push(
      table(
        [
          "Pliego",
          ...groups.flatMap(({ year }) => [
            `${year} PIA pliego`,
            "PN",
            "%",
            "PIM pliego",
            "PN",
            "%",
          ]),
        ],
        [
          ...first.rows.map((row) => [
            row.label,
            ...groups.flatMap(({ g }) => cells(g?.rows.find((x) => x.pliego === row.pliego))),
          ]),
          ["TOTAL", ...groups.flatMap(({ g }) => cells(g?.total))],
        ],
      ),
    );
    if (fromLines)
      out.push(
        "* Total del pliego sumado de las líneas importadas (no hay cifra de referencia para ese año): vale solo si el archivo trae el pliego completo.",
      );
    out.push(
      `Fuera de los pliegos priorizados (${LEVEL_LABELS[nivel].toLowerCase()}): ${groups
        .map(
          ({ year, g }) =>
            `${year} PIA ${millions(g?.outsidePiaCents ?? 0)}, PIM ${millions(g?.outsidePimCents ?? 0)}`,
        )
        .join("; ")}.`,
    );
  }

  out.push(`\nVariación ${s.year} frente a ${s.year - 1}`);
  out.push(
    s.previous
      ? `PIA ${pct(s.change.pia, 1)}% · PIM ${pct(s.change.pim, 1)}% · devengado ${pct(s.change.devengado, 1)}% (de ${millions(s.previous.piaCents)} a ${millions(s.totals.piaCents)} millones de PIA).`
      : `Sin presupuesto importado para ${s.year - 1}.`,
  );
  if (s.overAllocatedLines > 0)
    out.push(`Atención: ${s.overAllocatedLines} línea(s) con reglas que suman más del 100 %.`);

  out.push(`\nLíneas no etiquetadas que parecen relacionadas (${r.review.total}), para revisión`);
  out.push(
    r.review.lines.length
      ? table(
          ["Línea", "Pliego", "Coincide", "PIM (S/)", "Texto"],
          r.review.lines.map((l) => [
            String(l.lineNo),
            l.pliego,
            l.matched,
            whole(l.pimCents),
            l.text.slice(0, 80),
          ]),
          1,
        )
      : "Ninguna.",
  );

  if (r.printed) {
    out.push(
      `\nErrores del informe impreso (${r.printed.findings.length} hallazgos): ${r.printed.source}`,
    );
    const label = { error: "ERROR", warning: "AVISO", info: "NOTA" } as const;
    for (const f of r.printed.findings) out.push(`- [${label[f.severity]}] ${f.message}`);
  }
  return `${out.join("\n")}\n`;
}

function millionsWhole(cents: number | null): string {
  return cents === null ? "—" : formatDecimal(cents / 1e8, 0);
}

export function formatImportReport(r: BudgetImportReport): string {
  const out: string[] = [];
  const verb = {
    importado: "Importado",
    simulado: "Simulación (no se guardó nada)",
    rechazado: "Rechazado",
  }[r.outcome];
  out.push(`${verb}: ${r.file} (${r.format.toUpperCase()}, sha256 ${r.sha256.slice(0, 12)}…)`);
  if (r.reconstructed) {
    out.push(
      "AVISO: el archivo declara datos reconstruidos a partir de totales publicados; no son datos del MEF.",
    );
  }
  if (r.notice) out.push(`Nota del archivo: ${r.notice.split("\n")[0]}`);
  if (r.workers > 0) out.push(`Leído en ${r.workers} hilo(s) de trabajo (VIGIA_IMPORT_WORKERS).`);
  out.push(
    `Filas leídas: ${r.rowsRead} · cargadas: ${r.rowsLoaded} · rechazadas: ${r.rowsRejected}${r.rowsOtherYears ? ` · de otros años (omitidas): ${r.rowsOtherYears}` : ""}`,
  );
  const reasons = Object.entries(r.rejections.byReason) as [
    keyof typeof REJECTION_REASONS,
    number,
  ][];
  if (reasons.length) {
    out.push(
      `Rechazos por motivo: ${reasons.map(([k, n]) => `${REJECTION_REASONS[k]} ${n}`).join(" · ")}`,
    );
    for (const e of r.rejections.examples.slice(0, 20)) out.push(`  fila ${e.row}: ${e.message}`);
    if (r.rejections.examples.length > 20) out.push(`  … y más (${r.rowsRejected} filas en total)`);
  }
  if (r.mapping.ignored.length)
    out.push(
      `Columnas ignoradas: ${r.mapping.ignored.map((i) => `${i.header} (${i.reason})`).join(", ")}`,
    );
  for (const y of r.years) {
    out.push(
      `\nAño ${y.year}: ${y.rowsLoaded} líneas${y.replacedImportId ? ` (reemplaza la importación ${y.replacedImportId})` : ""}`,
    );
    out.push(
      table(
        ["Nivel", "Líneas", "PIA", "PIM", "Devengado"],
        [
          ...(Object.keys(y.byLevel) as Level[]).map((l) => [
            LEVEL_LABELS[l],
            String(y.byLevel[l].lines),
            formatSoles(y.byLevel[l].piaCents),
            formatSoles(y.byLevel[l].pimCents),
            formatSoles(y.byLevel[l].devengadoCents),
          ]),
          [
            "Total",
            String(y.totals.lines),
            formatSoles(y.totals.piaCents),
            formatSoles(y.totals.pimCents),
            formatSoles(y.totals.devengadoCents),
          ],
        ],
      ),
    );
    if (y.diff) {
      const d = y.diff;
      out.push(
        `Diferencias con la importación anterior (${d.linesBefore} líneas): pliegos nuevos ${d.pliegosAdded}, retirados ${d.pliegosRemoved}, con cambios ${d.pliegosChanged}.`,
      );
      for (const l of Object.keys(d.byLevel) as Level[]) {
        const b = d.byLevel[l];
        if (b.before.pimCents === b.after.pimCents && b.before.lines === b.after.lines) continue;
        out.push(
          `  ${LEVEL_LABELS[l]}: PIM ${formatSoles(b.before.pimCents)} → ${formatSoles(b.after.pimCents)} (${b.before.lines} → ${b.after.lines} líneas)`,
        );
      }
      if (d.pliegosAdded + d.pliegosRemoved + d.pliegosChanged === 0) out.push("  Sin cambios.");
    }
    if (y.labelConflicts)
      out.push(`Aviso: ${y.labelConflicts} código(s) con más de un nombre; se guardó el primero.`);
  }
  for (const t of r.tagging) {
    out.push(
      `\nEtiquetado (reglas v${t.ruleSetVersion}): ${t.tagged} líneas etiquetadas, ${t.review} para revisión${t.overAllocated ? `, ${t.overAllocated} con reglas que suman más de 100 %` : ""}.`,
    );
  }
  return `${out.join("\n")}\n`;
}
