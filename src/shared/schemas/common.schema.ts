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

/** Whether AAAA-MM-DD names a real day within the years Vigía accepts. */
export function isCalendarDay(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < FIRST_YEAR || year > LAST_YEAR || month < 1 || month > 12 || day < 1) return false;
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

/** A calendar day as officials type it in forms: AAAA-MM-DD, a real day of 1990–2100. */
export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Fecha AAAA-MM-DD")
  .refine(isCalendarDay, `Fecha inexistente o fuera de ${FIRST_YEAR}–${LAST_YEAR}.`);

/** A reporting period of a year: the whole year or one of its semesters. */
export const PeriodCodeSchema = z.enum(["ANUAL", "S1", "S2", "T1", "T2", "T3", "T4"]);

/** An INEI ubigeo as a territorial scope: a department (2 digits), province (4) or district (6). */
export const TerritoryCodeSchema = z
  .string()
  .regex(
    /^[0-9]{2}([0-9]{2}([0-9]{2})?)?$/,
    "Ubigeo INEI de 2, 4 o 6 dígitos (p. ej. 21 para Puno).",
  );

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

/**
 * The largest value of a PostgreSQL `integer` column (ids, lock versions). A larger number in a
 * request is refused here, naming the field, instead of reaching the database as an overflow.
 */
export const DB_INT_MAX = 2_147_483_647;

/** A row id or version: a positive database integer. */
export const DbIntSchema = z
  .number()
  .int()
  .positive()
  .max(DB_INT_MAX, `Número fuera de rango (máximo ${DB_INT_MAX}).`);

/** A numeric id in a path. */
export const IdParamsSchema = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(DB_INT_MAX, `Número fuera de rango (máximo ${DB_INT_MAX}).`),
});

/** The version a client edited, for optimistic concurrency. */
export const LockVersionSchema = DbIntSchema.describe(
  "Optimistic concurrency: the version you edited",
);

export const IdempotencyKeySchema = z
  .string()
  .regex(
    /^[A-Za-z0-9-]{8,100}$/,
    "Use un identificador de 8 a 100 letras, dígitos o guiones (p. ej. un UUID).",
  )
  .describe(
    "Optional client-generated key (a UUID): a request sent again with the same key returns the value as it stands instead of writing twice",
  );

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * A day or an instant in a query filter (AAAA-MM-DD, or with a time, ISO 8601), within the
 * years Vigía accepts: `new Date()` takes years such as -271821 or 10000, which the database
 * refuses.
 */
export const InstantQuerySchema = z.string().refine(
  (text) => {
    const m = INSTANT.exec(text);
    if (!m) return false;
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (year < FIRST_YEAR || year > LAST_YEAR || month < 1 || month > 12) return false;
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCDate() !== day) return false;
    const [h, min, sec] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
    return h < 24 && min < 60 && sec < 60 && !Number.isNaN(new Date(text).getTime());
  },
  { message: `Fecha AAAA-MM-DD (o con hora, ISO 8601) entre ${FIRST_YEAR} y ${LAST_YEAR}.` },
);

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
