import {
  type Block,
  cell,
  heading,
  paragraph,
  type ReportTable,
  table,
} from "../render/report-document.ts";
import { formatDateEs } from "../render/report-format.ts";
import type { Chapter } from "./evaluation-context.builder.ts";

/**
 * Chapter 6's follow-up of the Matriz (issue 17, item 3): compliance per responsible entity
 * (counts by status, overdue) and the commitments past their deadline and still open, judged
 * on the day of the cut-off. Kept apart from the Matriz's own tables (commitments-chapter).
 */

const STATUS: Record<string, string> = {
  pendiente: "Pendiente",
  en_proceso: "En proceso",
  cumplido: "Cumplido",
  no_cumplido: "No cumplido",
};

export const commitmentComplianceSection: Chapter = ({ model }) => {
  const { compliance, overdue } = model.commitments;
  const blocks: Block[] = [heading(2, "Cumplimiento de los compromisos por entidad")];
  if (compliance.total.total === 0) {
    blocks.push(paragraph("No hay compromisos registrados."));
    return blocks;
  }
  blocks.push(
    paragraph(
      `Estado de los ${compliance.total.total} compromisos de la Matriz al ${formatDateEs(compliance.today)}: ${compliance.total.byStatus.cumplido} cumplidos, ${compliance.total.byStatus.no_cumplido} no cumplidos y ${compliance.total.overdue} vencidos (plazo pasado sin cerrar).`,
    ),
  );
  const rows = [...compliance.entities, compliance.total];
  const byEntity: ReportTable = {
    id: "cumplimiento-compromisos",
    sheet: "Cumplimiento compromisos",
    title: "Cumplimiento de los compromisos por entidad responsable",
    compact: true,
    columns: [
      { header: "Entidad", width: 24 },
      { header: "Total", width: 6, align: "right", numFmt: "0" },
      { header: "Pendiente", width: 7, align: "right", numFmt: "0" },
      { header: "En proceso", width: 7, align: "right", numFmt: "0" },
      { header: "Cumplido", width: 7, align: "right", numFmt: "0" },
      { header: "No cumplido", width: 7, align: "right", numFmt: "0" },
      { header: "Vencidos", width: 7, align: "right", numFmt: "0" },
    ],
    rows: rows.map((r) => [
      cell(r.entity === "TOTAL" ? "Total" : r.entityName),
      ...[
        r.total,
        r.byStatus.pendiente,
        r.byStatus.en_proceso,
        r.byStatus.cumplido,
        r.byStatus.no_cumplido,
        r.overdue,
      ].map((n) => cell(String(n), { value: n })),
    ]),
    rowKinds: rows.map((r) => (r.entity === "TOTAL" ? "aggregate" : undefined)),
    note: "Fuente: Matriz de compromisos registrada en Vigía. Vencido: fecha límite anterior al día de corte y compromiso sin cerrar.",
  };
  blocks.push(table(byEntity));
  if (overdue.length > 0) {
    blocks.push(
      table({
        id: "compromisos-vencidos",
        sheet: "Compromisos vencidos",
        title: "Compromisos vencidos",
        compact: true,
        columns: [
          { header: "Periodo", width: 6, align: "center", numFmt: "0" },
          { header: "N°", width: 4, align: "center", numFmt: "0" },
          { header: "Aspecto de mejora", width: 14 },
          { header: "Entidad", width: 10 },
          { header: "Fecha límite", width: 8 },
          { header: "Plazo como se escribió", width: 8 },
          { header: "Estado", width: 8 },
        ],
        rows: overdue.map((c) => [
          cell(String(c.periodYear), { value: c.periodYear }),
          cell(String(c.number), { value: c.number }),
          cell(c.aspect),
          cell(c.entity ?? "—"),
          cell(c.dueOn ? formatDateEs(c.dueOn) : "—"),
          cell(c.deadlineNote ?? "—"),
          cell(STATUS[c.status] ?? c.status),
        ]),
      }),
    );
  }
  return blocks;
};
