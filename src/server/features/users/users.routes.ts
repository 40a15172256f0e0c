import { type User, usersContract } from "../../../shared/contracts/users.contract.ts";
import { bindRoute } from "../../http/api-route.ts";
import {
  createUser,
  findUserById,
  listEntities,
  listUsers,
  resetMfa,
  resetPassword,
  updateUser,
} from "./users.service.ts";

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const presentUser = (u: Awaited<ReturnType<typeof listUsers>>[number]): User => ({
  ...u,
  role: u.role as User["role"],
  // EXISTS comes back as a boolean on PostgreSQL and PGlite alike; Boolean() for the type.
  mfaEnrolled: Boolean(u.mfaEnrolled),
  lockedUntil: iso(u.lockedUntil),
  createdAt: new Date(u.createdAt).toISOString(),
});

export const userRoutes = [
  bindRoute(usersContract.list, async ({ db, actor, query }) =>
    (await listUsers(db, actor, query)).map(presentUser),
  ),
  bindRoute(usersContract.create, async ({ db, actor, body }) => {
    const { id } = await createUser(db, actor, body);
    return presentUser(await findUserById(db, actor, { id }));
  }),
  bindRoute(usersContract.update, async ({ db, actor, params, body }) =>
    presentUser(await updateUser(db, actor, { id: params.id, patch: body })),
  ),
  bindRoute(usersContract.resetPassword, async ({ db, actor, params }) => {
    const reset = await resetPassword(db, actor, { id: params.id });
    return { ...reset, user: presentUser(reset.user) };
  }),
  bindRoute(usersContract.resetMfa, async ({ db, actor, params }) => {
    const reset = await resetMfa(db, actor, { id: params.id });
    return { ...reset, user: presentUser(reset.user) };
  }),
  bindRoute(usersContract.entities, ({ db, actor }) => listEntities(db, actor)),
];
