import type { Context } from "hono";
import { z } from "zod";
import { MAX_EVIDENCE_BYTES } from "../../../shared/limits.ts";
import { PolicyParamsSchema } from "../../../shared/schemas/api.schema.ts";
import {
  CommentSchema,
  IdParamsSchema,
  MeasurementCreateSchema,
  MeasurementSchema,
  MeasurementUpdateSchema,
  ObserveSchema,
  RuleContextQuerySchema,
  RuleContextSchema,
  SubmitSchema,
  TaskSchema,
  ValidateSchema,
} from "../../../shared/schemas/tablero.schema.ts";
import { localizedError } from "../../errors.ts";
import type { FileStore } from "../../files/file-store.ts";
import { defineRoute, parseInput } from "../../http/api-route.ts";
import { readLimitedFormData } from "../../http/multipart.ts";
import { serverMessage } from "../../messages.ts";
import {
  createMeasurementWithEvidence,
  downloadEvidence,
  uploadEvidence,
} from "./evidence.service.ts";
import {
  commentMeasurement,
  createMeasurement,
  getMeasurement,
  getRuleContext,
  listMeasurements,
  observeMeasurement,
  submitMeasurement,
  updateMeasurement,
  validateMeasurementValue,
} from "./measurements.service.ts";
import { listTasks } from "./tasks.service.ts";

const EvidenceSchema = MeasurementSchema.shape.evidence.element;

const MeasurementListQuery = z.object({
  year: z.coerce.number().int().min(1990).max(2100).optional(),
  period: z.enum(["ANUAL", "S1", "S2"]).optional(),
  status: z.enum(["borrador", "enviado", "observado", "validado"]).optional(),
});

const IndicatorParams = PolicyParamsSchema.extend({
  indicator: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/)
    .max(40),
});

/**
 * Room for the multipart framing and the value's JSON next to a file of the maximum size; the
 * file itself is checked against MAX_EVIDENCE_BYTES once read.
 */
const EVIDENCE_BODY_LIMIT = MAX_EVIDENCE_BYTES + 1024 * 1024;

const readEvidenceForm = (http: Context) =>
  readLimitedFormData(http, {
    maxBytes: EVIDENCE_BODY_LIMIT,
    tooLarge: () =>
      localizedError("payload_too_large", "evidence.tooLarge", { limit: MAX_EVIDENCE_BYTES }),
    malformed: () => localizedError("invalid", "evidence.notMultipart"),
  });

/** The one file of an upload form, in the field «file». */
function fileOf(form: FormData): File {
  const files = form.getAll("file");
  const file = files[0];
  if (!(file instanceof File)) {
    throw localizedError("invalid", "evidence.missing", {}, [
      { path: "file", message: serverMessage("evidence.missingField", "es") },
    ]);
  }
  if (files.length > 1) throw localizedError("invalid", "evidence.oneFile");
  return file;
}

function jsonField(field: FormDataEntryValue | null): unknown {
  if (typeof field !== "string") throw localizedError("invalid", "evidence.measurementField");
  try {
    return JSON.parse(field);
  } catch {
    throw localizedError("invalid", "evidence.measurementField");
  }
}

export function dataEntryRoutes(store: FileStore) {
  return [
    defineRoute({
      method: "get",
      path: "/api/policies/:code/tasks",
      summary: "Mis tareas: indicadores por reportar en los periodos abiertos",
      tags: ["registro"],
      access: "signed-in",
      params: PolicyParamsSchema,
      response: z.array(TaskSchema),
      handle: ({ db, actor, params }) => listTasks(db, actor, { policyCode: params.code }),
    }),
    defineRoute({
      method: "get",
      path: "/api/policies/:code/measurements",
      summary: "Valores reportados (en el ámbito del usuario)",
      tags: ["registro"],
      access: "signed-in",
      params: PolicyParamsSchema,
      query: MeasurementListQuery,
      response: z.array(MeasurementSchema),
      handle: ({ db, actor, params, query }) =>
        listMeasurements(db, actor, { policyCode: params.code, ...query }),
    }),
    defineRoute({
      method: "post",
      path: "/api/policies/:code/indicators/:indicator/measurements",
      summary: "Registrar un valor (borrador) o una corrección de un valor validado",
      tags: ["registro"],
      access: "measurement.report",
      params: IndicatorParams,
      body: MeasurementCreateSchema,
      response: MeasurementSchema,
      status: 201,
      handle: ({ db, actor, params, body }) =>
        createMeasurement(db, actor, {
          policyCode: params.code,
          indicatorCode: params.indicator,
          ...body,
        }),
    }),
    defineRoute({
      method: "get",
      path: "/api/policies/:code/indicators/:indicator/rule-context",
      summary:
        "Contexto de las reglas de validación de un valor aún no registrado (unidad, acumulado, meta, valor anterior)",
      tags: ["registro"],
      access: "measurement.report",
      params: IndicatorParams,
      query: RuleContextQuerySchema,
      response: RuleContextSchema,
      handle: ({ db, actor, params, query }) =>
        getRuleContext(db, actor, {
          policyCode: params.code,
          indicatorCode: params.indicator,
          ...query,
        }),
    }),
    defineRoute({
      method: "get",
      path: "/api/measurements/:id",
      summary: "Un valor con su historial, observaciones y evidencias",
      tags: ["registro"],
      access: "signed-in",
      params: IdParamsSchema,
      response: MeasurementSchema,
      handle: ({ db, actor, params }) => getMeasurement(db, actor, { id: params.id }),
    }),
    defineRoute({
      method: "put",
      path: "/api/measurements/:id",
      summary: "Editar un valor en borrador u observado",
      tags: ["registro"],
      access: "measurement.report",
      params: IdParamsSchema,
      body: MeasurementUpdateSchema,
      response: MeasurementSchema,
      handle: ({ db, actor, params, body }) =>
        updateMeasurement(db, actor, { id: params.id, ...body }),
    }),
    defineRoute({
      method: "post",
      path: "/api/measurements/:id/submit",
      summary: "Enviar un valor a revisión",
      tags: ["registro"],
      access: "measurement.report",
      params: IdParamsSchema,
      body: SubmitSchema,
      response: MeasurementSchema,
      handle: ({ db, actor, params, body }) =>
        submitMeasurement(db, actor, { id: params.id, ...body }),
    }),
    defineRoute({
      method: "post",
      path: "/api/measurements/:id/observe",
      summary: "Observar un valor enviado (devolverlo con comentarios por campo)",
      tags: ["revisión"],
      access: "measurement.review",
      params: IdParamsSchema,
      body: ObserveSchema,
      response: MeasurementSchema,
      handle: ({ db, actor, params, body }) =>
        observeMeasurement(db, actor, { id: params.id, ...body }),
    }),
    defineRoute({
      method: "post",
      path: "/api/measurements/:id/validate",
      summary: "Validar un valor enviado",
      tags: ["revisión"],
      access: "measurement.review",
      params: IdParamsSchema,
      body: ValidateSchema,
      response: MeasurementSchema,
      handle: ({ db, actor, params, body }) =>
        validateMeasurementValue(db, actor, { id: params.id, ...body }),
    }),
    defineRoute({
      method: "post",
      path: "/api/measurements/:id/comments",
      summary: "Comentar un valor sin cambiar su estado",
      tags: ["revisión"],
      access: "measurement.comment",
      params: IdParamsSchema,
      body: CommentSchema,
      response: MeasurementSchema,
      handle: ({ db, actor, params, body }) =>
        commentMeasurement(db, actor, { id: params.id, comment: body.comment }),
    }),
    defineRoute({
      method: "post",
      path: "/api/policies/:code/indicators/:indicator/measurements/with-evidence",
      summary:
        "Registrar un valor (borrador) junto con su primera evidencia, en una sola transacción",
      description:
        "multipart/form-data with `measurement` (the JSON body of the create route) and `file` (PDF, XLSX, DOCX, PNG, JPG; máx. 10 MB). Both are written or neither is: a refused file leaves no draft.",
      tags: ["registro"],
      access: "measurement.report",
      params: IndicatorParams,
      multipart: true,
      response: MeasurementSchema,
      status: 201,
      handle: async ({ db, actor, params, http }) => {
        const form = await readEvidenceForm(http);
        const file = fileOf(form);
        const measurement = parseInput(
          MeasurementCreateSchema,
          jsonField(form.get("measurement")),
          "measurement",
        );
        return createMeasurementWithEvidence(db, actor, {
          policyCode: params.code,
          indicatorCode: params.indicator,
          ...measurement,
          file: { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
          store,
        });
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/measurements/:id/evidence",
      summary: "Adjuntar una evidencia (PDF, XLSX, DOCX, PNG, JPG; máx. 10 MB)",
      tags: ["registro"],
      access: "measurement.report",
      params: IdParamsSchema,
      multipart: true,
      response: EvidenceSchema,
      status: 201,
      handle: async ({ db, actor, params, http }) => {
        const file = fileOf(await readEvidenceForm(http));
        return uploadEvidence(db, actor, {
          measurementId: params.id,
          fileName: file.name,
          bytes: new Uint8Array(await file.arrayBuffer()),
          store,
        });
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/evidence/:id",
      summary: "Descargar una evidencia",
      tags: ["registro"],
      access: "signed-in",
      params: IdParamsSchema,
      handle: async ({ db, actor, params }) => {
        const file = await downloadEvidence(db, actor, { id: params.id, store });
        return new Response(file.bytes as unknown as BodyInit, {
          headers: {
            "Content-Type": file.mediaType,
            "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
            "X-Checksum-SHA256": file.sha256,
          },
        });
      },
    }),
  ];
}
