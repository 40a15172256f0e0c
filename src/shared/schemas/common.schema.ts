import { z } from "./zod-locale.ts";

/**
 * Field rules shared by every contract. One definition each, so a change of range or format
 * is made once and reaches the API, the OpenAPI document, the CLI and the web forms.
 */

/** The first and last years Vigía accepts anywhere (reported, planned or evaluated). */
export const FIRST_YEAR = 1990;
export const LAST_YEAR = 2100;

/** A year in a JSON body. */
export const YearSchema = z.number().int().min(FIRST_YEAR).max(LAST_YEAR);
/** A year in a query string or on the command line (text coerced to a number). */
export const YearQuerySchema = z.coerce.number().int().min(FIRST_YEAR).max(LAST_YEAR);

/** A calendar day as officials type it in forms: AAAA-MM-DD. */
export const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Fecha AAAA-MM-DD");

/** A reporting period of a year: the whole year or one of its semesters. */
export const PeriodCodeSchema = z.enum(["ANUAL", "S1", "S2"]);

/** A code of the catalogue (policy, indicator, entity): safe in a path and a file name. */
export const CodeSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]+$/)
  .max(40);

/** A policy's code in a path, e.g. pntp. */
export const PolicyParamsSchema = z.object({
  code: CodeSchema.describe("Policy code, e.g. pntp"),
});

/** A policy's indicator in a path: /api/policies/:code/indicators/:indicator/… */
export const IndicatorParamsSchema = PolicyParamsSchema.extend({ indicator: CodeSchema });

/** A numeric id in a path. */
export const IdParamsSchema = z.object({ id: z.coerce.number().int().positive() });

/** The account behind an actor id in a response (audit log, measurement history). */
export const ActorUserSchema = z
  .object({
    name: z.string().describe("The account's display name"),
    email: z.string().nullable().describe("Only for administrators"),
  })
  .nullable()
  .describe(
    "Who the actor id next to it is, for display; null when it is not an account (system, CLI)",
  );
export type ActorUser = NonNullable<z.infer<typeof ActorUserSchema>>;
