/**
 * Who may do what. Two parts, as in every serious multi-entity system: a role → permission
 * table checked at each route, and an entity scope checked in the domain functions (a focal
 * point acts only for the entities it belongs to or holds a proxy grant for).
 */

export const ROLES = [
  "administrador",
  "punto_focal",
  "revisor",
  "comision",
  "sociedad_civil",
  "conductor_regional",
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  /** Read the live evaluation and dashboard (validated values). */
  "evaluation.read",
  /** See the preview that counts submitted, not yet validated values. */
  "evaluation.preview",
  /** Publish an evaluation year for the public. */
  "evaluation.publish",
  /** Read every measurement of every entity, including drafts' status. */
  "measurement.read_all",
  /** Read and write the measurements of one's own entities (scope checked). */
  "measurement.report",
  /** Return (observe) or validate submitted measurements. */
  "measurement.review",
  /** Comment on measurements without changing their state. */
  "measurement.comment",
  "catalogue.manage",
  /** Declare the level of a valoración criterion that has no computable rule, per year. */
  "valoracion.declare",
  "period.manage",
  "user.manage",
  "audit.read",
  "commitment.manage",
  "report.download",
  /** Import MEF budget files, change the tagging rules and the budget reference figures. */
  "budget.manage",
  /** Read the statistical register's figures and their reconciliation (aggregates, no records). */
  "statistics.read",
  /** Import any source's figures, load the code lists and the transcribed reference figures. */
  "statistics.manage",
  /** Upload the figures of a source of one's own entities (scope checked). */
  "statistics.submit",
  /** Read pseudonymous case records and their milestones (every read audited). */
  "statistics.case_records.read",
  /** Read pseudonymous victim records (every read audited); separate from suspects on purpose. */
  "statistics.victim_records.read",
  /** Read pseudonymous suspect records (every read audited). */
  "statistics.suspect_records.read",
  /** Enter the TIP data pack's values of one's own entities, by data point and year (scope checked). */
  "tip_point.report",
  /** Mark a focal point's TIP entry as reviewed. */
  "tip_point.review",
  /** Read the register of access-to-information requests (Ley 27806) with their deadlines. */
  "access_request.read",
  /** Register access-to-information requests, their extension, answer and documents. */
  "access_request.manage",
  /** Read the territory registers: coordination spaces, trainings, assistances, groupings. */
  "territory.read",
  /** Change the ubigeo's validity dates and the interregional groupings; load reference data. */
  "territory.manage",
  /** Register coordination spaces, their members and sessions, and import them. */
  "coordination_space.manage",
  /** Register and import trainings and technical assistances of one's own entities (scope checked). */
  "activity.manage",
  /** Upload record-linkage encodings for a source of one's own entities (scope checked). */
  "linkage.submit",
  /** Keep a subnational plan's milestones (commitments of the administration), in territorial scope. */
  "plan.manage",
  /** Run record linkage, review borderline pairs and read its results (every read audited). */
  "linkage.manage",
  /** Accredit civil-society organisations and assign their members. */
  "civil_society.accredit",
  /**
   * Publish alternative values and service assessments under one's own accredited organisation
   * (scope checked: an organisation changes only its own contributions).
   */
  "civil_society.publish",
  /** Publish the conductor's response next to a civil-society contribution. */
  "civil_society.respond",
  /** Remove a contribution that exposes personal data, with a public reason. */
  "civil_society.moderate",
  /** Register veedurías and their semáforo grades of the lineamientos (public once entered). */
  "veeduria.manage",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  administrador: PERMISSIONS,
  punto_focal: [
    "evaluation.read",
    "measurement.report",
    "statistics.read",
    "statistics.submit",
    "tip_point.report",
    "territory.read",
    "activity.manage",
    "linkage.submit",
  ],
  revisor: [
    "evaluation.read",
    "evaluation.preview",
    "measurement.read_all",
    "measurement.comment",
    "report.download",
    "statistics.read",
    "access_request.read",
    "territory.read",
  ],
  // Runs the entry → observe → validate loop of the subnational plans of its territory only
  // (territorial scope checked in the domain functions, ADR 0030).
  conductor_regional: [
    "evaluation.read",
    "evaluation.preview",
    "measurement.review",
    "measurement.comment",
    "territory.read",
    "plan.manage",
  ],
  comision: [
    "evaluation.read",
    "report.download",
    "statistics.read",
    "access_request.read",
    "territory.read",
  ],
  // Least privilege: an organisation publishes beside the official figures and reads what the
  // public reads; it sees no unpublished value, no register and no account.
  sociedad_civil: ["civil_society.publish"],
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function permissionsOf(role: Role): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}

/**
 * Permissions whose holders must sign in with a second factor (TOTP, ADR 0037): validating
 * figures, publishing them and managing accounts. A role holding any of them requires it.
 */
export const MFA_PERMISSIONS: readonly Permission[] = [
  "measurement.review",
  "evaluation.publish",
  "user.manage",
];

export function requiresMfa(role: Role): boolean {
  return MFA_PERMISSIONS.some((p) => hasPermission(role, p));
}
