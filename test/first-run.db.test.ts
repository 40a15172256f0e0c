import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { prepareFirstRun } from "../src/server/first-run.ts";
import { systemActor } from "../src/shared/actor.ts";
import { createCliSession } from "./support/cli-session.ts";
import { createTestDatabase } from "./support/test-db.ts";

// What a newcomer sees on the first start and the first CLI commands: demo accounts and the
// open period, or, when nobody can sign in, how to create an account; never silence.

const pglite = { backend: "pglite", dataDir: null } as const;

async function firstRun(
  config: { seedOnEmpty: boolean; demoAccounts: boolean },
  db?: Awaited<ReturnType<typeof createTestDatabase>>,
) {
  const t = db ?? (await createTestDatabase());
  const lines: string[] = [];
  await prepareFirstRun(
    t.db,
    systemActor("test"),
    { ...config, database: pglite, demoPassword: "demo-password-2024" },
    (line) => lines.push(line),
  );
  return { t, output: lines.join("\n") };
}

describe("first start", () => {
  test("an empty database gets the PNTP, the demo accounts and the open period, printed", async () => {
    const { t, output } = await firstRun({ seedOnEmpty: true, demoAccounts: true });
    try {
      assert.match(output, /se cargó la PNTP \(50 indicadores/);
      assert.match(output, /administrador\s+admin@demo\.vigia\.pe\s+demo-password-2024/);
      assert.match(output, /punto_focal\s+sunafil@demo\.vigia\.pe/);
      assert.match(output, /sociedad_civil\s+sociedad-civil@demo\.vigia\.pe\s+demo-password-2024/);
      assert.match(output, /Periodo abierto: PNTP 2024 ANUAL\./);
      assert.doesNotMatch(output, /no tiene ninguna cuenta/);
    } finally {
      await t.dispose();
    }
  });

  test("with demo accounts off, start says how to create the first account, on every start", async () => {
    const { t, output } = await firstRun({ seedOnEmpty: true, demoAccounts: false });
    try {
      assert.match(output, /se cargó la PNTP/);
      assert.doesNotMatch(output, /Cuentas de demostración/);
      assert.match(output, /no tiene ninguna cuenta de usuario/);
      assert.match(output, /npx vigia user create --email \S+ --role administrador/);
      // A database seeded earlier without accounts (demo off, or an older version) is not
      // seeded again: the next start says the same.
      const again = await firstRun({ seedOnEmpty: true, demoAccounts: true }, t);
      assert.doesNotMatch(again.output, /se cargó la PNTP|Cuentas de demostración/);
      assert.match(again.output, /no tiene ninguna cuenta de usuario/);
      assert.match(again.output, /vigia user create/);
    } finally {
      await t.dispose();
    }
  });
});

describe("first CLI commands on an empty database", () => {
  let session: Awaited<ReturnType<typeof createCliSession>>;
  before(async () => {
    session = await createCliSession();
  });
  after(() => session.dispose());
  const vigia = (...args: string[]) => session.vigia(...args);

  test("user list says there are no users and how to create one", async () => {
    const { code, stdout, stderr } = await vigia("user", "list");
    assert.equal(code, 0, stderr);
    assert.equal(stdout, "");
    assert.match(stderr, /^No hay usuarios\./);
    assert.match(stderr, /vigia user create --email/);
  });

  test("evaluate says to load the PNTP first", async () => {
    const { code, stdout, stderr } = await vigia("evaluate", "--policy", "pntp", "--year", "2023");
    assert.equal(code, 1);
    assert.equal(stdout, "");
    assert.match(stderr, /no tiene ninguna política cargada/);
    assert.match(stderr, /npx vigia seed pntp/);
  });

  test("after the seed, the same command evaluates", async () => {
    assert.equal((await vigia("seed", "pntp")).code, 0);
    const evaluated = await vigia("evaluate", "--policy", "pntp", "--year", "2023");
    assert.equal(evaluated.code, 0, evaluated.stderr);
    assert.match(evaluated.stdout, /Índice de gestión/);
  });
});
