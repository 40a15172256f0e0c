import { z } from "zod";
import { ErrorSchema } from "../../shared/contracts/system.contract.ts";
import type { ApiRoute } from "./api-route.ts";
import { isRateLimitedPath } from "./public-rate-limit.ts";

/** OpenAPI 3.1 document generated from the routes' zod schemas. */
export function buildOpenApiDocument(routes: readonly ApiRoute[], version: string) {
  const json = (schema: z.ZodType, io: "input" | "output" = "output") =>
    z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" });
  const parameters = (schema: z.ZodType | undefined, where: "path" | "query") => {
    if (!schema) return [];
    const s = json(schema, "input") as {
      properties?: Record<string, unknown>;
      required?: string[];
    };
    return Object.entries(s.properties ?? {}).map(([name, prop]) => ({
      name,
      in: where,
      required: where === "path" || (s.required ?? []).includes(name),
      schema: prop,
    }));
  };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z]+)/g, "{$1}");
    paths[path] ??= {};
    paths[path][r.method] = {
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      tags: r.tags,
      parameters: [...parameters(r.params, "path"), ...parameters(r.query, "query")],
      ...(r.access === "public" ? { security: [] } : { "x-permission": r.access }),
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: json(r.body, "input") } },
            },
          }
        : r.multipart
          ? {
              requestBody: {
                required: true,
                content: {
                  "multipart/form-data": {
                    schema: {
                      type: "object",
                      properties: { file: { type: "string", format: "binary" } },
                      required: ["file"],
                    },
                  },
                },
              },
            }
          : {}),
      responses: {
        [String(r.status ?? 200)]: r.response
          ? {
              description: "OK",
              content: {
                "application/json": {
                  schema: json(r.response),
                  ...(r.example !== undefined ? { example: r.example } : {}),
                },
              },
            }
          : r.status === 204
            ? { description: "Sin contenido" }
            : {
                description: "Archivo",
                content: Object.fromEntries(
                  (r.files ?? ["application/octet-stream"]).map((type, i) => [
                    type,
                    {
                      schema: { type: "string", format: "binary" },
                      // The example is the first type's (a CSV's opening lines).
                      ...(i === 0 && r.example !== undefined ? { example: r.example } : {}),
                    },
                  ]),
                ),
              },
        ...(isRateLimitedPath(r.path)
          ? {
              "429": {
                description:
                  "Demasiadas solicitudes desde esta dirección: reintente tras Retry-After segundos",
                headers: {
                  "Retry-After": {
                    description: "Segundos hasta que vuelva a aceptarse una solicitud",
                    schema: { type: "integer", minimum: 1 },
                  },
                },
                content: { "application/json": { schema: json(ErrorSchema) } },
              },
            }
          : {}),
        ...(r.access === "public"
          ? {}
          : {
              "401": {
                description: "Sin sesión",
                content: { "application/json": { schema: json(ErrorSchema) } },
              },
              "403": {
                description: "Sin permiso o fuera de su ámbito",
                content: { "application/json": { schema: json(ErrorSchema) } },
              },
            }),
        "400": {
          description: "Solicitud inválida",
          content: { "application/json": { schema: json(ErrorSchema) } },
        },
        "404": {
          description: "No encontrado",
          content: { "application/json": { schema: json(ErrorSchema) } },
        },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Vigía API",
      version,
      description:
        "Seguimiento y evaluación de políticas nacionales (CEPLAN). Mensajes de error en español.",
    },
    components: {
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "vigia_session" },
        csrf: { type: "apiKey", in: "header", name: "X-CSRF-Token" },
      },
    },
    security: [{ session: [], csrf: [] }],
    paths,
  };
}
