import { z } from "zod";
import { PolicySummarySchema } from "../../../shared/schemas/api.schema.ts";
import { defineRoute } from "../../http/api-route.ts";
import { listPolicies } from "./catalogue.service.ts";

export const catalogueRoutes = [
  defineRoute({
    method: "get",
    path: "/api/policies",
    summary: "Políticas nacionales cargadas",
    tags: ["catálogo"],
    access: "public",
    response: z.array(PolicySummarySchema),
    handle: ({ db, actor }) => listPolicies(db, actor),
  }),
];
