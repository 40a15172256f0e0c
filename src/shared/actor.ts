import type { Role } from "./permissions.ts";

/**
 * Who performs an action. Domain functions receive it explicitly, so the CLI, the HTTP API,
 * jobs and tests go through the same code and every mutation is attributed.
 */
export interface Actor {
  /** Stable identifier written to the audit log: "cli:maria", "user:12", "system:seed". */
  id: string;
  kind: "cli" | "user" | "system" | "public";
  ip: string | null;
  /** Present for signed-in users: their role and entity scope. */
  user?: SignedInUser;
}

export interface SignedInUser {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  /** Entities the user acts for: its own, and those it holds a proxy grant for. */
  entities: readonly { id: number; code: string; grant: "propia" | "delegada" }[];
  /**
   * Territorial scope (ADR 0030): the ubigeo of the department, province or district whose
   * subnational plans the user sees and works on; null for a national account.
   */
  territory?: { ubigeo: string; name: string } | null;
}

export const systemActor = (name: string): Actor => ({
  id: `system:${name}`,
  kind: "system",
  ip: null,
});
export const publicActor = (ip: string | null): Actor => ({ id: "public", kind: "public", ip });
export const userActor = (user: SignedInUser, ip: string | null): Actor => ({
  id: `user:${user.id}`,
  kind: "user",
  ip,
  user,
});
