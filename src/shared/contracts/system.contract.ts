import { z } from "../schemas/zod-locale.ts";
import { defineContract } from "./contract.ts";

/** The service itself: health check and the error body every route may answer with. */

export const HealthSchema = z.object({
  status: z.literal("ok"),
  database: z.enum(["pglite", "postgres"]),
  version: z.string(),
});
export type Health = z.infer<typeof HealthSchema>;

/** Every failure: a code, a Spanish message, and the fields at fault when the input is bad. */
export const ErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    key: z
      .string()
      .optional()
      .describe("Key of the message in the server's catalogue (src/server/messages.ts)"),
    message: z.string().describe("Message for the user, in the request's Accept-Language"),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorSchema>;

export const systemContract = {
  health: defineContract({
    method: "get",
    path: "/api/health",
    summary: "Estado del servicio y de la base de datos",
    tags: ["sistema"],
    access: "public",
    response: HealthSchema,
  }),
};
