import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { LoginSchema, SessionSchema } from "../../../shared/schemas/tablero.schema.ts";
import { DomainError } from "../../errors.ts";
import { defineRoute } from "../../http/api-route.ts";
import type { SessionView } from "./auth.service.ts";
import { login, logout, logoutEverywhere, resolveSession } from "./auth.service.ts";

export const SESSION_COOKIE = "vigia_session";

const presentSession = (s: SessionView) => ({
  user: s.user,
  csrfToken: s.csrfToken,
  expiresAt: s.expiresAt.toISOString(),
});

export function authRoutes(options: { secureCookies: boolean }) {
  return [
    defineRoute({
      method: "post",
      path: "/api/session",
      summary: "Iniciar sesión",
      tags: ["sesión"],
      access: "public",
      body: LoginSchema,
      response: SessionSchema,
      handle: async ({ db, actor, body, http }) => {
        const session = await login(db, actor, {
          ...body,
          userAgent: http.req.header("user-agent") ?? null,
        });
        setCookie(http, SESSION_COOKIE, session.token, {
          httpOnly: true,
          sameSite: "Strict",
          secure: options.secureCookies,
          path: "/",
          expires: session.expiresAt,
        });
        return presentSession(session);
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/session",
      summary: "Sesión actual y token CSRF",
      tags: ["sesión"],
      access: "signed-in",
      response: SessionSchema,
      handle: async ({ db, http }) => {
        const session = await resolveSession(db, getCookie(http, SESSION_COOKIE) ?? "");
        if (!session) throw new DomainError("unauthenticated", "Inicie sesión para continuar.");
        return presentSession(session);
      },
    }),
    defineRoute({
      method: "delete",
      path: "/api/session",
      summary: "Cerrar sesión",
      tags: ["sesión"],
      access: "signed-in",
      status: 204,
      handle: async ({ db, actor, http }) => {
        await logout(db, actor, { token: getCookie(http, SESSION_COOKIE) ?? "" });
        deleteCookie(http, SESSION_COOKIE, { path: "/" });
        return null;
      },
    }),
    defineRoute({
      method: "delete",
      path: "/api/sessions",
      summary: "Cerrar sesión en todos los dispositivos",
      tags: ["sesión"],
      access: "signed-in",
      response: z.object({ sessionsEnded: z.number().int() }),
      handle: async ({ db, actor, http }) => {
        const sessionsEnded = await logoutEverywhere(db, actor);
        deleteCookie(http, SESSION_COOKIE, { path: "/" });
        return { sessionsEnded };
      },
    }),
  ];
}
