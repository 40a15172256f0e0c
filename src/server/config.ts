import { isIP } from "node:net";
import { resolve } from "node:path";
import { z } from "zod";
import {
  DisclosureConfigError,
  type DisclosureKConfig,
  resolveDisclosureK,
} from "../shared/disclosure/disclosure-outputs.ts";
import { resolveLinkageRetentionDays } from "../shared/linkage/linkage-retention.ts";
import {
  DEFAULT_PUBLIC_RATE_LIMIT,
  parseRateLimit,
  type RateLimit,
} from "./http/public-rate-limit.ts";

/**
 * Configuration from the environment, parsed once at start. The backend is chosen here:
 * DATABASE_URL set → a PostgreSQL server; otherwise embedded PGlite in VIGIA_DATA_DIR.
 * Half-set configuration (PG* variables without DATABASE_URL, both a URL and a data dir)
 * fails loudly instead of silently falling back to another database.
 */

export type DatabaseConfig =
  | { backend: "postgres"; url: string; schema: string | null }
  | { backend: "pglite"; dataDir: string | null };

export interface AppConfig {
  database: DatabaseConfig;
  port: number;
  host: string;
  /** Seed the PNTP when the database is empty at start. */
  seedOnEmpty: boolean;
  /** Create demo accounts on first run (never in production). */
  demoAccounts: boolean;
  /** Fixed password for the demo accounts (tests); random when unset. */
  demoPassword: string | null;
  /** Where evidence files are stored. */
  filesDir: string;
  /** Mark cookies Secure: set when served over HTTPS. */
  secureCookies: boolean;
  /** Built web app to serve, if present. */
  webRoot: string;
  /**
   * k of each output of src/shared/disclosure/disclosure-outputs.ts (`VIGIA_DISCLOSURE_K`,
   * `VIGIA_DISCLOSURE_K_<OUTPUT>`); a public output below 11 is refused here, at start.
   */
  disclosureK: DisclosureKConfig;
  /**
   * E-mail of the notifications through SMTP (`VIGIA_SMTP_URL`, `VIGIA_MAIL_FROM`); null:
   * notifications stay in the app and the outbox is closed as «omitido» (ADR 0028).
   */
  mail: { url: string; from: string } | null;
  /** Address of this Vigía for the links in e-mails (`VIGIA_PUBLIC_URL`), when known. */
  publicUrl: string | null;
  /**
   * Reverse proxies whose `X-Forwarded-For` is believed (`VIGIA_TRUSTED_PROXY` or
   * `VIGIA_TRUSTED_PROXIES`, addresses separated by commas). Empty: the client is the socket's peer, whatever the headers say.
   */
  trustedProxies: readonly string[];
  /**
   * Requests per client address to the public data API (`VIGIA_PUBLIC_RATE_LIMIT`, «600/60»
   * by default, «off»); the address is the one `trustedProxies` lets through (ADR 0033).
   */
  publicRateLimit: RateLimit | null;
  /** Days encodings and linkage results are kept (VIGIA_LINKAGE_RETENTION_DAYS, default 730). */
  linkageRetentionDays: number;
}

export class ConfigError extends Error {}

const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "debe empezar con postgres:// o postgresql://")
    .optional(),
  VIGIA_DB_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, "nombre de esquema en minúsculas")
    .optional(),
  VIGIA_DATA_DIR: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  VIGIA_SEED: z.enum(["auto", "off"]).default("auto"),
  VIGIA_DEMO: z.enum(["auto", "off"]).default("auto"),
  VIGIA_DEMO_PASSWORD: z.string().min(12).optional(),
  VIGIA_FILES_DIR: z.string().min(1).optional(),
  VIGIA_SECURE_COOKIES: z.enum(["true", "false"]).default("false"),
  VIGIA_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, "debe empezar con smtp:// o smtps://")
    .optional(),
  VIGIA_MAIL_FROM: z.string().min(3).optional(),
  VIGIA_PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, "debe empezar con http:// o https://")
    .optional(),
  VIGIA_TRUSTED_PROXY: z
    .string()
    .transform((text) =>
      text
        .split(",")
        .map((a) => a.trim())
        .filter(Boolean),
    )
    .refine((list) => list.every((a) => isIP(a) !== 0), "direcciones IP separadas por comas")
    .optional(),
  VIGIA_TRUSTED_PROXIES: z
    .string()
    .transform((text) =>
      text
        .split(",")
        .map((a) => a.trim())
        .filter(Boolean),
    )
    .refine((list) => list.every((a) => isIP(a) !== 0), "direcciones IP separadas por comas")
    .optional(),
  VIGIA_PUBLIC_RATE_LIMIT: z.string().optional(),
  NODE_ENV: z.string().optional(),
  VIGIA_ALLOW_EMBEDDED_PRODUCTION: z.enum(["1", "0"]).optional(),
});

const PARTIAL_PG_VARS = ["PGHOST", "PGDATABASE", "PGUSER", "PGPASSWORD", "PGPORT"];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigError(`Configuración inválida: ${detail}`);
  }
  const e = parsed.data;
  if (e.DATABASE_URL && e.VIGIA_DATA_DIR) {
    throw new ConfigError(
      "DATABASE_URL y VIGIA_DATA_DIR están definidos a la vez: elija un servidor PostgreSQL o PGlite embebido.",
    );
  }
  const stray = PARTIAL_PG_VARS.filter((v) => env[v]);
  if (!e.DATABASE_URL && stray.length > 0) {
    throw new ConfigError(
      `${stray.join(", ")} definido(s) sin DATABASE_URL: configuración de PostgreSQL incompleta. Defina DATABASE_URL o quite esas variables.`,
    );
  }
  if (e.VIGIA_DB_SCHEMA && !e.DATABASE_URL) {
    throw new ConfigError("VIGIA_DB_SCHEMA solo tiene sentido con DATABASE_URL.");
  }
  // Embedded PGlite acknowledges a commit before it reaches the disk (issue 18: no fsync), so
  // a power cut or an OS crash can lose the last seconds of acknowledged writes. Kill -9 is
  // safe; a ministry's production is not the place to learn the difference (ADR 0036).
  if (!e.DATABASE_URL && e.NODE_ENV === "production" && e.VIGIA_ALLOW_EMBEDDED_PRODUCTION !== "1") {
    throw new ConfigError(
      "NODE_ENV=production con la base embebida PGlite: PGlite no sincroniza cada confirmación con el disco y un corte de energía puede perder los últimos segundos de datos. Use PostgreSQL (DATABASE_URL) o, aceptando ese riesgo, defina VIGIA_ALLOW_EMBEDDED_PRODUCTION=1. / " +
        "NODE_ENV=production with embedded PGlite: PGlite does not flush each commit to disk and a power cut can lose the last seconds of data. Use PostgreSQL (DATABASE_URL) or, accepting that risk, set VIGIA_ALLOW_EMBEDDED_PRODUCTION=1.",
    );
  }
  if (Boolean(e.VIGIA_SMTP_URL) !== Boolean(e.VIGIA_MAIL_FROM)) {
    throw new ConfigError(
      "VIGIA_SMTP_URL y VIGIA_MAIL_FROM van juntos: defina los dos para enviar correo, o ninguno.",
    );
  }
  let disclosureK: DisclosureKConfig;
  try {
    disclosureK = resolveDisclosureK(env);
  } catch (err) {
    if (err instanceof DisclosureConfigError) {
      throw new ConfigError(`Configuración inválida: ${err.message}`);
    }
    throw err;
  }
  let linkageRetentionDays: number;
  try {
    linkageRetentionDays = resolveLinkageRetentionDays(env);
  } catch (err) {
    throw new ConfigError(`Configuración inválida: ${(err as Error).message}`);
  }
  let publicRateLimit: RateLimit | null = DEFAULT_PUBLIC_RATE_LIMIT;
  try {
    if (e.VIGIA_PUBLIC_RATE_LIMIT !== undefined)
      publicRateLimit = parseRateLimit(e.VIGIA_PUBLIC_RATE_LIMIT);
  } catch (err) {
    throw new ConfigError(`Configuración inválida: ${(err as Error).message}`);
  }
  return {
    linkageRetentionDays,
    publicRateLimit,
    database: e.DATABASE_URL
      ? { backend: "postgres", url: e.DATABASE_URL, schema: e.VIGIA_DB_SCHEMA ?? null }
      : { backend: "pglite", dataDir: resolve(e.VIGIA_DATA_DIR ?? "./data", "pgdata") },
    port: e.PORT,
    host: e.HOST,
    seedOnEmpty: e.VIGIA_SEED === "auto",
    // Demo accounts have printed passwords: never in production.
    demoAccounts: e.VIGIA_DEMO === "auto" && e.NODE_ENV !== "production",
    demoPassword: e.VIGIA_DEMO_PASSWORD ?? null,
    filesDir: resolve(e.VIGIA_FILES_DIR ?? resolve(e.VIGIA_DATA_DIR ?? "./data", "files")),
    secureCookies: e.VIGIA_SECURE_COOKIES === "true",
    webRoot: resolve("dist/web"),
    disclosureK,
    mail:
      e.VIGIA_SMTP_URL && e.VIGIA_MAIL_FROM
        ? { url: e.VIGIA_SMTP_URL, from: e.VIGIA_MAIL_FROM }
        : null,
    publicUrl: e.VIGIA_PUBLIC_URL ?? null,
    // Either name: one proxy is the usual case, a list the general one.
    trustedProxies: [
      ...new Set([...(e.VIGIA_TRUSTED_PROXY ?? []), ...(e.VIGIA_TRUSTED_PROXIES ?? [])]),
    ],
  };
}
