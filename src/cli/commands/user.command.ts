import { loadConfig } from "../../server/config.ts";
import { createUser, listUsers } from "../../server/features/users/users.service.ts";
import { firstAccountHint } from "../../server/first-run.ts";
import type { Role } from "../../shared/permissions.ts";
import { type CommandInput, readStdin, UsageError, withDatabase } from "../cli-support.ts";

/** `vigia user list`, `vigia user create … --password-stdin`. */
export async function runUser({ args, values, actor, out }: CommandInput): Promise<void> {
  const [sub] = args;
  if (sub === "list") {
    const users = await withDatabase((db) => listUsers(db, actor));
    // On stderr, so that stdout stays one line per account for scripts.
    if (users.length === 0) {
      console.error(
        ["No hay usuarios.", ...firstAccountHint(loadConfig().database.backend)].join("\n"),
      );
    }
    for (const u of users) {
      const entities = u.entities
        .map((e) => (e.grant === "delegada" ? `${e.code}*` : e.code))
        .join(",");
      out(
        `${u.email}\t${u.role}\t${entities}\t${u.isActive ? "activo" : "inactivo"}${u.isDemo ? "\tdemo" : ""}\n`,
      );
    }
    return;
  }
  if (sub === "create") {
    if (!values.email || !values.role) throw new UsageError("Indique --email y --role.");
    if (!values["password-stdin"]) {
      throw new UsageError(
        "La contraseña se lee de la entrada estándar: use --password-stdin (nunca como argumento).",
      );
    }
    const password = (await readStdin()).replace(/\r?\n$/, "");
    const email = values.email;
    const created = await withDatabase((db) =>
      createUser(db, actor, {
        email,
        displayName: values.name ?? email,
        role: values.role as Role,
        entities: values.entity ?? [],
        proxyEntities: values["proxy-entity"] ?? [],
        password,
      }),
    );
    console.error(`Usuario creado: ${created.email} (id ${created.id})`);
    return;
  }
  throw new UsageError(`Subcomando desconocido: user ${sub ?? ""}`);
}
