import { z } from "zod";
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
import { DomainError } from "../../errors.ts";
import type { FileStore } from "../../files/file-store.ts";
import { defineRoute } from "../../http/api-route.ts";
import { downloadEvidence, uploadEvidence } from "./evidence.service.ts";
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
      path: "/api/measurements/:id/evidence",
      summary: "Adjuntar una evidencia (PDF, XLSX, DOCX, PNG, JPG; máx. 10 MB)",
      tags: ["registro"],
      access: "measurement.report",
      params: IdParamsSchema,
      multipart: true,
      response: EvidenceSchema,
      status: 201,
      handle: async ({ db, actor, params, http }) => {
        const length = Number(http.req.header("content-length") ?? 0);
        if (length > 11 * 1024 * 1024)
          throw new DomainError("payload_too_large", "El archivo supera el límite de 10 MB.");
        let form: FormData;
        try {
          form = await http.req.formData();
        } catch {
          throw new DomainError(
            "invalid",
            "Envíe el archivo como multipart/form-data en el campo «file».",
          );
        }
        const file = form.get("file");
        if (!(file instanceof File)) {
          throw new DomainError("invalid", "Falta el archivo.", [
            { path: "file", message: "Adjunte un archivo en el campo «file»." },
          ]);
        }
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
