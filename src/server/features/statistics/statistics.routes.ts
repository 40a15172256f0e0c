import { statisticsContract as c } from "../../../shared/contracts/statistics.contract.ts";
import { DomainError, invalid } from "../../errors.ts";
import { bindRoute } from "../../http/api-route.ts";
import { readLimitedFormData } from "../../http/multipart.ts";
import {
  getStatisticsFigureVersions,
  listStatisticsFigures,
  listStatisticsSources,
  reconcileStatisticsYear,
} from "./statistics.service.ts";
import {
  importStatisticsUpload,
  MAX_STATISTICS_UPLOAD_BYTES,
} from "./statistics-import.service.ts";
import { readPublicStatistics, readPublicStatisticsCsv } from "./statistics-public.service.ts";
import {
  readCaseRecords,
  readSuspectRecords,
  readVictimRecords,
} from "./statistics-records.service.ts";

/** Statistics API handlers; who may call each route, and its shapes, are in statistics.contract.ts. */

const recordsInput = (query: { source?: string | undefined; limit: number }) => ({
  ...(query.source ? { sourceCode: query.source } : {}),
  limit: query.limit,
});

export const statisticsRoutes = [
  bindRoute(c.sources, ({ db, actor }) => listStatisticsSources(db, actor)),
  bindRoute(c.figures, ({ db, actor, query }) =>
    listStatisticsFigures(db, actor, {
      ...(query.year !== undefined ? { year: query.year } : {}),
      ...(query.source ? { source: query.source } : {}),
      ...(query.concept ? { concept: query.concept } : {}),
    }),
  ),
  bindRoute(c.figureVersions, ({ db, actor, params }) =>
    getStatisticsFigureVersions(db, actor, { id: params.id }),
  ),
  bindRoute(c.reconciliation, ({ db, actor, query }) =>
    reconcileStatisticsYear(db, actor, { year: query.year }),
  ),
  bindRoute(c.upload, async ({ db, actor, params, query, http }) => {
    const form = await readLimitedFormData(http, {
      // Room for the multipart framing around a file of the largest size.
      maxBytes: MAX_STATISTICS_UPLOAD_BYTES + 64 * 1024,
      tooLarge: () =>
        new DomainError(
          "payload_too_large",
          `El archivo pesa más de ${MAX_STATISTICS_UPLOAD_BYTES / 1024 / 1024} MB.`,
        ),
      malformed: () => invalid("Envíe el archivo como multipart/form-data en el campo «file»."),
    });
    const file = form.get("file");
    if (!(file instanceof File))
      throw invalid("Falta el archivo: envíelo en el campo «file».", [
        { path: "file", message: "requerido" },
      ]);
    return importStatisticsUpload(db, actor, {
      sourceCode: params.code,
      fileName: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
      dryRun: query.dryRun,
    });
  }),
  bindRoute(c.cases, ({ db, actor, query }) => readCaseRecords(db, actor, recordsInput(query))),
  bindRoute(c.victims, ({ db, actor, query }) => readVictimRecords(db, actor, recordsInput(query))),
  bindRoute(c.suspects, ({ db, actor, query }) =>
    readSuspectRecords(db, actor, recordsInput(query)),
  ),
  bindRoute(c.publicTables, ({ db, actor, query }) =>
    readPublicStatistics(db, actor, {
      ...(query.year !== undefined ? { year: query.year } : {}),
      view: query.vista,
    }),
  ),
  bindRoute(c.publicTablesCsv, async ({ db, actor, query }) => {
    const file = await readPublicStatisticsCsv(
      db,
      actor,
      query.year === undefined ? {} : { year: query.year },
    );
    return new Response(file.bytes as unknown as BodyInit, {
      headers: {
        "Content-Type": file.contentType,
        "Content-Disposition": `attachment; filename="${file.fileName}"`,
        "Content-Length": String(file.bytes.length),
        Link: `<${file.license.path}>; rel="license"; title="${file.license.title}"`,
        "Cache-Control": "no-store",
      },
    });
  }),
];
