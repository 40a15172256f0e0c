import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { authContract, type Session } from "../../../shared/contracts/auth.contract.ts";
import { DomainError } from "../../errors.ts";
import { bindRoute } from "../../http/api-route.ts";
import type { SessionView } from "./auth.service.ts";
import { changePassword, login, logout, logoutEverywhere, resolveSession } from "./auth.service.ts";
import {
  confirmEnrolment,
  regenerateRecoveryCodes,
  startEnrolment,
  verifyMfa,
} from "./mfa.service.ts";

export const SESSION_COOKIE = "vigia_session";

const presentSession = (s: SessionView): Session => ({
  user: { ...s.user, entities: [...s.user.entities], territory: s.user.territory ?? null },
  csrfToken: s.csrfToken,
  expiresAt: s.expiresAt.toISOString(),
  mfaStep: s.mfaStep,
});

export function authRoutes(options: { secureCookies: boolean }) {
  const setSessionCookie = (http: Context, token: string, expires: Date) =>
    setCookie(http, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: "Strict",
      secure: options.secureCookies,
      path: "/",
      expires,
    });
  const cookieOf = (http: Context) => getCookie(http, SESSION_COOKIE) ?? "";
  const userAgentOf = (http: Context) => http.req.header("user-agent") ?? null;
  return [
    bindRoute(authContract.login, async ({ db, actor, body, http }) => {
      const session = await login(db, actor, { ...body, userAgent: userAgentOf(http) });
      setSessionCookie(http, session.token, session.expiresAt);
      return presentSession(session);
    }),
    bindRoute(authContract.mfaVerify, async ({ db, actor, body, http }) => {
      const verified = await verifyMfa(db, actor, {
        token: cookieOf(http),
        code: body.code,
        userAgent: userAgentOf(http),
      });
      setSessionCookie(http, verified.token, verified.session.expiresAt);
      return presentSession(verified.session);
    }),
    bindRoute(authContract.mfaEnrolStart, async ({ db, actor, http }) =>
      startEnrolment(db, actor, { token: cookieOf(http) }),
    ),
    bindRoute(authContract.mfaEnrolConfirm, async ({ db, actor, body, http }) => {
      const enrolled = await confirmEnrolment(db, actor, {
        token: cookieOf(http),
        code: body.code,
        userAgent: userAgentOf(http),
      });
      setSessionCookie(http, enrolled.token, enrolled.session.expiresAt);
      return { session: presentSession(enrolled.session), recoveryCodes: enrolled.recoveryCodes };
    }),
    bindRoute(authContract.mfaRecoveryCodes, ({ db, actor, body }) =>
      regenerateRecoveryCodes(db, actor, body),
    ),
    bindRoute(authContract.session, async ({ db, http }) => {
      const session = await resolveSession(db, getCookie(http, SESSION_COOKIE) ?? "");
      if (!session) throw new DomainError("unauthenticated", "Inicie sesión para continuar.");
      return presentSession(session);
    }),
    bindRoute(authContract.changePassword, async ({ db, actor, body, http }) =>
      presentSession(
        await changePassword(db, actor, { ...body, token: getCookie(http, SESSION_COOKIE) ?? "" }),
      ),
    ),
    bindRoute(authContract.logout, async ({ db, actor, http }) => {
      await logout(db, actor, { token: getCookie(http, SESSION_COOKIE) ?? "" });
      deleteCookie(http, SESSION_COOKIE, { path: "/" });
      return undefined;
    }),
    bindRoute(authContract.logoutEverywhere, async ({ db, actor, http }) => {
      const sessionsEnded = await logoutEverywhere(db, actor);
      deleteCookie(http, SESSION_COOKIE, { path: "/" });
      return { sessionsEnded };
    }),
  ];
}
