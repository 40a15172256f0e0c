import { Hono } from "hono";
import { HealthSchema } from "../../shared/schemas/api.schema.ts";
import type { DatabaseHandle } from "../db/connect.ts";
import { DomainError } from "../errors.ts";
import { catalogueRoutes } from "../features/catalogue/catalogue.routes.ts";
import { evaluationRoutes } from "../features/evaluation/evaluation.routes.ts";
import { reportRoutes } from "../features/reports/reports.routes.ts";
import { type ApiRoute, clientIp, defineRoute, parseInput } from "./api-route.ts";
import { buildOpenApiDocument } from "./openapi.ts";

const STATUS: Record<DomainError["code"], 400 | 403 | 404 | 409> = {
  invalid: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
};

export const APP_VERSION = "0.1.0";

export function createApp(database: Pick<DatabaseHandle, "db" | "backend">) {
  const routes: ApiRoute[] = [
    defineRoute({
      method: "get",
      path: "/api/health",
      summary: "Estado del servicio y de la base de datos",
      tags: ["sistema"],
      response: HealthSchema,
      handle: async () => ({
        status: "ok" as const,
        database: database.backend,
        version: APP_VERSION,
      }),
    }),
    ...catalogueRoutes,
    ...evaluationRoutes,
    ...reportRoutes,
  ];
  const openapi = buildOpenApiDocument(routes, APP_VERSION);

  const app = new Hono();
  app.onError((err, c) => {
    if (err instanceof DomainError) {
      return c.json(
        {
          error: {
            code: err.code,
            message: err.message,
            ...(err.issues.length ? { issues: err.issues } : {}),
          },
        },
        STATUS[err.code],
      );
    }
    console.error(err);
    return c.json({ error: { code: "internal", message: "Error interno del servidor." } }, 500);
  });
  app.notFound((c) =>
    c.json({ error: { code: "not_found", message: "Ruta no encontrada." } }, 404),
  );

  for (const route of routes) {
    app.on(route.method.toUpperCase(), route.path, async (c) => {
      const params = parseInput(route.params, c.req.param(), "params");
      const query = parseInput(route.query, c.req.query(), "query");
      // Public read-only routes for now; accounts and roles arrive with the Tablero.
      const actor = { id: "anonymous", kind: "user" as const, ip: clientIp(c) };
      const result = await route.handle({ db: database.db, actor, params, query });
      if (result instanceof Response) return result;
      return c.json(result as object);
    });
  }
  app.get("/api/openapi.json", (c) => c.json(openapi));
  return app;
}
