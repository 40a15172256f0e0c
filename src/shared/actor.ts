/**
 * Who performs an action. Domain functions receive it explicitly, so the CLI, the HTTP API,
 * jobs and tests go through the same code and every mutation is attributed.
 */
export interface Actor {
  /** Stable identifier written to the audit log: "cli:maria", "user:12", "system:seed". */
  id: string;
  kind: "cli" | "user" | "system";
  ip: string | null;
}

export const systemActor = (name: string): Actor => ({
  id: `system:${name}`,
  kind: "system",
  ip: null,
});
