import { ROLES } from "../permissions.ts";
import { z } from "../schemas/zod-locale.ts";
import { defineContract } from "./contract.ts";

/** Signing in and out: the session cookie and the CSRF token that goes with it. */

export const PASSWORD_MIN_LENGTH = 12;

/** Fewest different characters a password may have: `"            1a"` is 12 long but 3 wide. */
export const PASSWORD_MIN_DISTINCT = 5;

/**
 * Password policy, the part the browser can check too: 12+ characters with letters and digits,
 * at least five different characters, and no control character at all (not even a tab or a
 * line break, which no keyboard field sends and which would make the password untypeable
 * elsewhere). The server also refuses common and breached passwords (password-policy.ts, a
 * word list too large for the web bundle). argon2id stores it.
 */
export const PasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `La contraseña debe tener al menos ${PASSWORD_MIN_LENGTH} caracteres.`)
  .max(200)
  .refine((p) => !/\p{Cc}/u.test(p), "La contraseña no puede contener caracteres de control.")
  .refine(
    (p) => /[A-Za-zÁÉÍÓÚÑáéíóúñ]/.test(p) && /\d/.test(p),
    "La contraseña debe combinar letras y números.",
  )
  .refine(
    (p) => new Set(p).size >= PASSWORD_MIN_DISTINCT,
    `La contraseña debe tener al menos ${PASSWORD_MIN_DISTINCT} caracteres distintos.`,
  );

/** An e-mail as typed: compared lower-case and without surrounding spaces. */
export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .email("Correo electrónico inválido.")
  .max(200);

export const LoginSchema = z.object({
  email: EmailSchema,
  password: z.string().min(1, "Ingrese su contraseña.").max(200),
});

export const SessionUserSchema = z.object({
  id: z.number().int(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  entities: z.array(
    z.object({ id: z.number().int(), code: z.string(), grant: z.enum(["propia", "delegada"]) }),
  ),
  permissions: z.array(z.string()),
  territory: z
    .object({ ubigeo: z.string(), name: z.string() })
    .nullable()
    .describe("Territorial scope: the plans of this department, province or district only"),
  isDemo: z.boolean(),
  mustChangePassword: z
    .boolean()
    .describe("The password was issued by someone else: only the change-password route answers"),
  mfaEnrolled: z.boolean().describe("The account has a confirmed authenticator (TOTP)"),
});

export const SessionSchema = z.object({
  user: SessionUserSchema,
  csrfToken: z.string().describe("Send back as the X-CSRF-Token header on every mutating request"),
  expiresAt: z.string(),
  mfaStep: z
    .enum(["verify", "enrol"])
    .nullable()
    .describe(
      "The second factor still to give: 'verify' (a code), 'enrol' (set up an authenticator). Until then only the MFA routes answer",
    ),
});
export type Session = z.infer<typeof SessionSchema>;

/** Changing one's own password: the current one proves it is the owner at the keyboard. */
export const PasswordChangeSchema = z
  .object({
    currentPassword: z.string().min(1, "Ingrese su contraseña actual.").max(200),
    newPassword: PasswordSchema,
  })
  .refine((b) => b.newPassword !== b.currentPassword, {
    path: ["newPassword"],
    message: "La nueva contraseña debe ser distinta de la actual.",
  });

/** A code from the authenticator (6 digits) or a recovery code (xxxxx-xxxxx). */
export const MfaCodeSchema = z.object({
  code: z
    .string()
    .trim()
    .min(1, "Ingrese el código.")
    .max(40, "El código es demasiado largo.")
    .regex(
      /^(\d{3} ?\d{3}|[A-Za-z0-9]{5}-?[A-Za-z0-9]{5})$/,
      "Ingrese los 6 dígitos de su aplicación de autenticación o un código de recuperación.",
    ),
});

/** A new authenticator's secret, shown once: as text, as an otpauth:// URI and as a QR code. */
export const MfaEnrolmentSchema = z.object({
  secret: z.string().describe("Base32, for typing into the app by hand"),
  otpauthUri: z.string(),
  qrSvg: z.string().describe("The otpauth URI as an SVG QR code"),
});

export const MfaEnrolledSchema = z.object({
  session: SessionSchema,
  recoveryCodes: z
    .array(z.string())
    .describe("Ten one-time codes, shown only in this answer; stored as hashes"),
});

/**
 * Renewing one's recovery codes: a current authenticator code, or the password, proves the
 * owner is at the keyboard. Exactly one of the two.
 */
export const RecoveryCodesRenewSchema = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^\d{3} ?\d{3}$/, "Ingrese los 6 dígitos de su aplicación de autenticación.")
      .optional(),
    password: z.string().min(1, "Ingrese su contraseña.").max(200).optional(),
  })
  .refine((b) => (b.code === undefined) !== (b.password === undefined), {
    path: ["code"],
    message:
      "Ingrese un código de su aplicación de autenticación o su contraseña (uno de los dos).",
  });

export const RecoveryCodesSchema = z.object({
  recoveryCodes: z
    .array(z.string())
    .describe("Ten new one-time codes, shown only in this answer; the earlier ones no longer work"),
});

export const SessionsEndedSchema = z.object({ sessionsEnded: z.number().int() });

export const authContract = {
  login: defineContract({
    method: "post",
    path: "/api/session",
    summary: "Iniciar sesión",
    tags: ["sesión"],
    access: "public",
    body: LoginSchema,
    response: SessionSchema,
  }),
  session: defineContract({
    method: "get",
    path: "/api/session",
    summary: "Sesión actual y token CSRF",
    tags: ["sesión"],
    access: "signed-in",
    duringPasswordChange: true,
    duringMfa: true,
    response: SessionSchema,
  }),
  changePassword: defineContract({
    method: "put",
    path: "/api/session/password",
    summary: "Cambiar la contraseña propia",
    description:
      "Requires the current password. Clears the must-change mark, ends the account's other sessions and returns this one.",
    tags: ["sesión"],
    access: "signed-in",
    duringPasswordChange: true,
    body: PasswordChangeSchema,
    response: SessionSchema,
  }),
  mfaVerify: defineContract({
    method: "post",
    path: "/api/session/mfa",
    summary: "Segundo paso del ingreso: código TOTP o de recuperación",
    description:
      "For a session opened with the password whose mfaStep is 'verify'. Five wrong codes end the session. A success replaces the session cookie (new id).",
    tags: ["sesión"],
    access: "signed-in",
    duringPasswordChange: true,
    duringMfa: true,
    body: MfaCodeSchema,
    response: SessionSchema,
  }),
  mfaEnrolStart: defineContract({
    method: "post",
    path: "/api/session/mfa/enrolment",
    summary: "Iniciar el registro de una aplicación de autenticación",
    description:
      "A new TOTP secret for the signed-in account, shown once; replaces one not yet confirmed. Refused when an authenticator is already confirmed.",
    tags: ["sesión"],
    access: "signed-in",
    duringPasswordChange: true,
    duringMfa: true,
    status: 201,
    response: MfaEnrolmentSchema,
  }),
  mfaEnrolConfirm: defineContract({
    method: "put",
    path: "/api/session/mfa/enrolment",
    summary: "Confirmar la aplicación de autenticación con un código",
    description:
      "Confirms the pending secret with a current code; returns ten recovery codes once and the session with a new id.",
    tags: ["sesión"],
    access: "signed-in",
    duringPasswordChange: true,
    duringMfa: true,
    body: MfaCodeSchema,
    response: MfaEnrolledSchema,
  }),
  mfaRecoveryCodes: defineContract({
    method: "post",
    path: "/api/session/mfa/recovery-codes",
    summary: "Generar nuevos códigos de recuperación",
    description:
      "For an account with a confirmed authenticator, in a verified session. Requires a current TOTP code or the password. The earlier codes stop working; the ten new ones are returned once. Audited.",
    tags: ["sesión"],
    access: "signed-in",
    status: 201,
    body: RecoveryCodesRenewSchema,
    response: RecoveryCodesSchema,
  }),
  logout: defineContract({
    method: "delete",
    path: "/api/session",
    summary: "Cerrar sesión",
    tags: ["sesión"],
    access: "signed-in",
    duringPasswordChange: true,
    duringMfa: true,
    status: 204,
  }),
  logoutEverywhere: defineContract({
    method: "delete",
    path: "/api/sessions",
    summary: "Cerrar sesión en todos los dispositivos",
    tags: ["sesión"],
    access: "signed-in",
    duringPasswordChange: true,
    response: SessionsEndedSchema,
  }),
};
