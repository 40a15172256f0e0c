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
  test("half-set configuration fails loudly", () => {
    assert.throws(() => loadConfig({ PGHOST: "db.example" }), ConfigError);
    assert.throws(
      () => loadConfig({ DATABASE_URL: "postgres://h/db", VIGIA_DATA_DIR: "/tmp/x" }),
      /a la vez/,
    );
    assert.throws(() => loadConfig({ DATABASE_URL: "mysql://h/db" }), /DATABASE_URL/);
    assert.throws(() => loadConfig({ VIGIA_DB_SCHEMA: "s1" }), ConfigError);
    assert.throws(() => loadConfig({ PORT: "http" }), /PORT/);
  });
});
