import { createUser, listUsers, resetMfa } from "../../server/features/users/users.service.ts";
import { firstAccountHint } from "../../server/first-run.ts";
import type { Role } from "../../shared/permissions.ts";
import { type CommandInput, UsageError } from "../cli-support.ts";

/** `vigia user list`, `vigia user create … --password-stdin`, `vigia user mfa-reset CORREO`. */
export async function runUser({ args, values, actor, out, err, io }: CommandInput): Promise<void> {
  const [sub] = args;
  if (sub === "list") {
    const users = await io.withDatabase((db) => listUsers(db, actor));
    // On stderr, so that stdout stays one line per account for scripts.
    if (users.length === 0) {
      err(["No hay usuarios.", ...firstAccountHint(io.backend())].join("\n"));
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
    const password = (await io.readStdin()).replace(/\r?\n$/, "");
    const email = values.email;
    const created = await io.withDatabase((db) =>
      createUser(db, actor, {
        email,
        displayName: values.name ?? email,
        role: values.role as Role,
        entities: values.entity ?? [],
        proxyEntities: values["proxy-entity"] ?? [],
        password,
      }),
    );
    err(`Usuario creado: ${created.email} (id ${created.id})`);
    return;
  }
  if (sub === "mfa-reset") {
    // On the server, for the day the only administrator loses its phone and its recovery codes.
    const email = args[1] ?? values.email;
    if (!email) throw new UsageError("Indique el correo: vigia user mfa-reset CORREO");
    const reset = await io.withDatabase(async (db) => {
      const [user] = (await listUsers(db, actor)).filter((u) => u.email === email.toLowerCase());
      if (!user) throw new UsageError(`No existe el usuario ${email}.`);
      return resetMfa(db, actor, { id: user.id });
    });
    err(
      `Segundo factor de ${reset.user.email} restablecido; ${reset.sessionsEnded} sesión(es) cerrada(s). Registrará una nueva aplicación al ingresar.`,
    );
    return;
  }
  throw new UsageError(`Subcomando desconocido: user ${sub ?? ""}`);
}
