import { type Block, cell, heading, paragraph, table } from "../render/report-document.ts";
import type { Chapter } from "./evaluation-context.builder.ts";

/** 1. Descripción de la Política: problem, objectives, lineamientos, services by entity. */
export const policyDescriptionChapter: Chapter = ({ cat, t, look }) => {
  const blocks: Block[] = [];
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
  return blocks;
};
