import assert from "node:assert/strict";
import { resolve } from "node:path";
import { describe, test } from "node:test";
import { ConfigError, loadConfig } from "./config.ts";

describe("configuration", () => {
  test("defaults to PGlite in ./data", () => {
    const config = loadConfig({});
    assert.deepEqual(config.database, { backend: "pglite", dataDir: resolve("./data", "pgdata") });
    assert.equal(config.port, 3000);
    assert.equal(config.seedOnEmpty, true);
  });
  test("DATABASE_URL selects the server", () => {
    const config = loadConfig({
      DATABASE_URL: "postgres://u@h:5432/db",
      PORT: "8080",
      VIGIA_SEED: "off",
    });
    assert.deepEqual(config.database, {
      backend: "postgres",
      url: "postgres://u@h:5432/db",
      schema: null,
    });
    assert.equal(config.port, 8080);
    assert.equal(config.seedOnEmpty, false);
  });
  test("linkage retention: two years by default, days when set, a bad value stops the start", () => {
    assert.equal(loadConfig({}).linkageRetentionDays, 730);
    assert.equal(loadConfig({ VIGIA_LINKAGE_RETENTION_DAYS: "90" }).linkageRetentionDays, 90);
    assert.throws(
      () => loadConfig({ VIGIA_LINKAGE_RETENTION_DAYS: "0" }),
      (err: Error) =>
        err instanceof ConfigError && /VIGIA_LINKAGE_RETENTION_DAYS/.test(err.message),
    );
  });
  test("embedded PGlite is refused under NODE_ENV=production unless explicitly allowed", () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: "production" }),
      (err: Error) =>
        err instanceof ConfigError &&
        /VIGIA_ALLOW_EMBEDDED_PRODUCTION=1/.test(err.message) &&
        /corte de energía/.test(err.message) &&
        /power cut/.test(err.message),
    );
    assert.throws(
      () => loadConfig({ NODE_ENV: "production", VIGIA_ALLOW_EMBEDDED_PRODUCTION: "0" }),
      ConfigError,
    );
    const allowed = loadConfig({ NODE_ENV: "production", VIGIA_ALLOW_EMBEDDED_PRODUCTION: "1" });
    assert.equal(allowed.database.backend, "pglite");
    assert.equal(allowed.demoAccounts, false);
    const server = loadConfig({ NODE_ENV: "production", DATABASE_URL: "postgres://u@h/db" });
    assert.equal(server.database.backend, "postgres");
  });
  test("half-set configuration fails loudly", () => {
    assert.throws(() => loadConfig({ PGHOST: "db.example" }), ConfigError);
    assert.throws(
      () => loadConfig({ DATABASE_URL: "postgres://h/db", VIGIA_DATA_DIR: "/tmp/x" }),
      /a la vez/,
    );
    assert.throws(() => loadConfig({ DATABASE_URL: "mysql://h/db" }), /DATABASE_URL/);
    assert.throws(() => loadConfig({ VIGIA_DB_SCHEMA: "s1" }), ConfigError);
    assert.throws(() => loadConfig({ PORT: "http" }), /PORT/);
    assert.throws(() => loadConfig({ VIGIA_SMTP_URL: "smtp://relay:25" }), /VIGIA_MAIL_FROM/);
    assert.throws(() => loadConfig({ VIGIA_MAIL_FROM: "vigia@x.pe" }), /van juntos/);
    assert.throws(
      () => loadConfig({ VIGIA_SMTP_URL: "relay:25", VIGIA_MAIL_FROM: "vigia@x.pe" }),
      /VIGIA_SMTP_URL/,
    );
  });
  test("trusted proxies are IP addresses, none by default", () => {
    assert.deepEqual(loadConfig({}).trustedProxies, []);
    assert.deepEqual(loadConfig({ VIGIA_TRUSTED_PROXIES: "10.0.0.1, ::1" }).trustedProxies, [
      "10.0.0.1",
      "::1",
    ]);
    assert.throws(
      () => loadConfig({ VIGIA_TRUSTED_PROXIES: "10.0.0.1,proxy.local" }),
      /VIGIA_TRUSTED_PROXIES: direcciones IP separadas por comas/,
    );
    assert.deepEqual(loadConfig({ VIGIA_TRUSTED_PROXY: "10.0.0.2" }).trustedProxies, ["10.0.0.2"]);
    assert.throws(
      () => loadConfig({ VIGIA_TRUSTED_PROXY: "proxy.local" }),
      /VIGIA_TRUSTED_PROXY: direcciones IP/,
    );
  });

  test("e-mail only when SMTP is configured", () => {
    assert.equal(loadConfig({}).mail, null);
    const config = loadConfig({
      VIGIA_SMTP_URL: "smtps://u:p@relay.example:465",
      VIGIA_MAIL_FROM: "Vigía <vigia@example.pe>",
      VIGIA_PUBLIC_URL: "https://vigia.example.pe",
    });
    assert.deepEqual(config.mail, {
      url: "smtps://u:p@relay.example:465",
      from: "Vigía <vigia@example.pe>",
    });
    assert.equal(config.publicUrl, "https://vigia.example.pe");
  });
  test("k per disclosure output: defaults 11, raised by variable or JSON, never below 11 in public", () => {
    const base = loadConfig({}).disclosureK;
    assert.equal(base["portal/estadisticas"], 11);
    assert.equal(base["tip/publico"], 11);
    const raised = loadConfig({
      VIGIA_DISCLOSURE_K_DATOS_ABIERTOS_ESTADISTICAS: "15",
      VIGIA_DISCLOSURE_K: '{"congreso": 20, "tablero/estadisticas": 5}',
    }).disclosureK;
    assert.equal(raised["datos-abiertos/estadisticas"], 15);
    assert.equal(raised.congreso, 20);
    // An internal output may go lower: it suppresses nothing, it labels.
    assert.equal(raised["tablero/estadisticas"], 5);
    assert.equal(raised["portal/estadisticas"], 11);
    assert.throws(
      () => loadConfig({ VIGIA_DISCLOSURE_K_PORTAL_ESTADISTICAS: "5" }),
      (err: Error) =>
        err instanceof ConfigError &&
        /VIGIA_DISCLOSURE_K_PORTAL_ESTADISTICAS: «portal\/estadisticas» es una salida pública y no puede usar k = 5; el mínimo es 11/.test(
          err.message,
        ),
    );
    assert.throws(() => loadConfig({ VIGIA_DISCLOSURE_K: '{"tip/publico": 10}' }), /mínimo es 11/);
    assert.throws(
      () => loadConfig({ VIGIA_DISCLOSURE_K: '{"portal": 12}' }),
      /no existe la salida/,
    );
    assert.throws(() => loadConfig({ VIGIA_DISCLOSURE_K_PORTAL: "12" }), /ninguna salida/);
    assert.throws(() => loadConfig({ VIGIA_DISCLOSURE_K: "12" }), /objeto JSON/);
    assert.throws(() => loadConfig({ VIGIA_DISCLOSURE_K_CONGRESO: "11.5" }), /entero positivo/);
    assert.throws(
      () =>
        loadConfig({ VIGIA_DISCLOSURE_K_CONGRESO: "12", VIGIA_DISCLOSURE_K: '{"congreso": 13}' }),
      /dos veces/,
    );
  });
});
