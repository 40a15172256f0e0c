import { z } from "zod";

/**
 * The linkage schema the institutions agree on before encoding (docs/linkage.md), modelled on
 * clkhash's linkage schema v3: a CLK-wide part (length, key derivation, hardening), then one
 * entry per feature with its tokenizer and how many bits each token sets (its weight), and
 * here also the blocking keys. Two files encoded under schemas with different hashes are never
 * compared.
 */

export const FEATURE_IDS = [
  "nombres",
  "apellidos",
  "fecha_nacimiento",
  "sexo",
  "nacionalidad",
  "documento",
] as const;
export type FeatureId = (typeof FEATURE_IDS)[number];

export const BLOCKING_PARTS = [
  "surname_code",
  "given_code",
  "birth_year",
  "birth_date",
  "sex",
  "document",
] as const;
export type BlockingPart = (typeof BLOCKING_PARTS)[number];

const TokenizerSchema = z.discriminatedUnion("type", [
  z
    .object({
      type: z.literal("ngram"),
      n: z.number().int().min(1).max(4).default(2),
      positional: z.boolean().default(false),
    })
    .strict(),
  // The whole value is one token: sex, nationality.
  z.object({ type: z.literal("exact") }).strict(),
  // A date's parts as tokens (year, month, day, and month-day unordered), so 1995 and 1999
  // share nothing while a swapped day and month still share one token.
  z.object({ type: z.literal("dateParts") }).strict(),
]);

const StrategySchema = z.union([
  // k bits per token, the classic Bloom-filter encoding (Schnell, Bachteler & Reiher 2009).
  z.object({ k: z.number().int().min(1).max(100) }).strict(),
  // clkhash's "numBits": k = ceil(numBits / tokens), so a long name weighs no more than a short one.
  z.object({ numBits: z.number().int().min(1).max(2000) }).strict(),
]);

const FeatureSchema = z
  .object({
    identifier: z.enum(FEATURE_IDS),
    description: z.string().optional(),
    tokenizer: TokenizerSchema,
    strategy: StrategySchema,
    /** Fold sound-alike spellings (ll/y, z/s/c, b/v, silent h) before tokenizing. */
    phonetic: z.boolean().default(false),
    /** apellidos only: sort the two surnames, so a swapped order encodes alike. */
    orderIndependent: z.boolean().default(false),
  })
  .strict();

const HardeningSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("none") }).strict(),
  // Schnell & Borgs (2016): the filter is built at twice the length and its halves XORed.
  z.object({ type: z.literal("xorFold") }).strict(),
  // Balanced Bloom filter: the filter at half the length, its complement appended, and the
  // result permuted by a keyed permutation, so every encoding has exactly half its bits set.
  z.object({ type: z.literal("balance") }).strict(),
]);

export const LinkageSchemaSchema = z
  .object({
    version: z.literal(1),
    description: z.string().optional(),
    clk: z
      .object({
        /** Length of the encoding in bits, after hardening; a multiple of 64. */
        bits: z
          .number()
          .int()
          .min(128)
          .max(8192)
          .refine((n) => n % 64 === 0, "debe ser múltiplo de 64"),
        kdf: z
          .object({
            type: z.literal("HKDF"),
            hash: z.literal("SHA256").default("SHA256"),
            /** Base64; public, part of the schema, so all institutions derive the same keys. */
            salt: z.string().min(1),
          })
          .strict(),
        hardening: HardeningSchema,
      })
      .strict(),
    features: z
      .array(FeatureSchema)
      .min(1)
      .refine(
        (fs) => new Set(fs.map((f) => f.identifier)).size === fs.length,
        "cada campo puede aparecer una sola vez",
      ),
    blocking: z
      .array(
        z
          .object({
            name: z.string().regex(/^[a-z0-9_]+$/),
            parts: z.array(z.enum(BLOCKING_PARTS)).min(1),
          })
          .strict(),
      )
      .min(1)
      .refine(
        (bs) => new Set(bs.map((b) => b.name)).size === bs.length,
        "cada clave de bloqueo necesita un nombre propio",
      ),
  })
  .strict();

export type LinkageSchema = z.infer<typeof LinkageSchemaSchema>;
export type LinkageFeature = LinkageSchema["features"][number];

/** The parsed schema as canonical JSON (keys sorted): what the schema hash is taken over. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Zod issues as Spanish lines naming the path, for the CLI. */
export function schemaProblems(error: z.ZodError): string[] {
  return error.issues.map(
    (i) => `${i.path.length > 0 ? i.path.join(".") : "(raíz)"}: ${i.message}`,
  );
}
