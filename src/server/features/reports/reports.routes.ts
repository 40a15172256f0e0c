import { reportsContract } from "../../../shared/contracts/reports.contract.ts";
import { tipEntriesContract } from "../../../shared/contracts/tip-entries.contract.ts";
import { bindRoute } from "../../http/api-route.ts";
import { buildPublicationPackage } from "./publication/publication-package.service.ts";
import {
  type GeneratedFile,
  generateCongressReport,
  generateEvaluationReport,
  generateMonitoringReport,
  generateTipPack,
} from "./reports.service.ts";
import { listTipPoints } from "./tip/tip-points.service.ts";

/**
 * Report download handlers, bound to reports.contract.ts (path, query, access:
 * `report.download`, since the documents are built from the live data). Each generates the file
 * on request through reports.service.ts or publication/publication-package.service.ts. The
 * public's copies, frozen at publication, are served by publication/publication.routes.ts, which
 * answers with the same `fileResponse`.
 */

/** The file as an HTTP download: its type and a Content-Disposition with its name. */
export function fileResponse(file: GeneratedFile): Response {
  return new Response(file.bytes as unknown as BodyInit, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.fileName}"`,
      "Content-Length": String(file.bytes.length),
      "Cache-Control": "no-store",
    },
  });
}

export const reportRoutes = [
  bindRoute(reportsContract.evaluation, async ({ db, actor, params, query }) =>
    fileResponse(
      await generateEvaluationReport(db, actor, {
        policyCode: params.code,
        year: query.year,
        format: query.format,
      }),
    ),
  ),
  bindRoute(reportsContract.monitoring, async ({ db, actor, params, query }) =>
    fileResponse(
      await generateMonitoringReport(db, actor, {
        policyCode: params.code,
        year: query.year,
        period: query.period,
        format: query.format,
      }),
    ),
  ),
  bindRoute(reportsContract.package, async ({ db, actor, params, query }) =>
    fileResponse(
      await buildPublicationPackage(db, actor, { policyCode: params.code, year: query.year }),
    ),
  ),
  bindRoute(reportsContract.tip, async ({ db, actor, query }) =>
    fileResponse(
      await generateTipPack(db, actor, {
        year: query.year,
        format: query.format,
        audience: query.audience,
      }),
    ),
  ),
  // The TIP entries' list of points: its status is the pack's (tip-entries.contract.ts).
  bindRoute(tipEntriesContract.points, ({ db, actor, query }) =>
    listTipPoints(db, actor, { year: query.year }),
  ),
  bindRoute(reportsContract.congress, async ({ db, actor, query }) =>
    fileResponse(
      await generateCongressReport(db, actor, { year: query.year, format: query.format }),
    ),
  ),
];
