import { useQueryClient } from "@tanstack/react-query";
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from "react";
import type { Permission } from "../shared/permissions.ts";
import {
  ApiError,
  api,
  type PolicySummary,
  type Session,
  setCsrfToken,
  setUnauthorizedHandler,
} from "./api-client.ts";
import {
  isNetworkError,
  rememberedSession,
  rememberSession,
  setOfflineUser,
} from "./offline/offline-data.ts";
import { clearUser, keepOnlyUser, offlineDb } from "./offline/store.ts";

type SessionState =
  | { status: "loading" }
  | { status: "anonymous"; expired: boolean }
  | { status: "signed-in"; session: Session; offline?: boolean };

interface SessionApi {
  state: SessionState;
  session: Session | null;
  /** Current policy (code); the first one the API lists, "pntp" until then. */
  policy: string;
  policies: PolicySummary[];
  setPolicy(code: string): void;
  can(permission: Permission): boolean;
  /** Signed in from the session remembered on this device, with no connection to check it. */
  offline: boolean;
  /** Asks the server for the session again (the connection is back): a new CSRF token. */
  refresh(): Promise<void>;
  login(email: string, password: string): Promise<Session>;
  logout(everywhere?: boolean): Promise<void>;
  /** The session that came back from a second-factor step (a new id and CSRF token). */
  acceptSession(session: Session): void;
  /** Replaces the own password; the session that comes back no longer must change it. */
  changePassword(currentPassword: string, newPassword: string): Promise<Session>;
}

const SessionContext = createContext<SessionApi | null>(null);

/**
 * The policy an account starts on: a territorially scoped account (a regional focal point or
 * conductor) its territory's plan, everyone else the PNTP. The server lists only what the
 * account may see (ADR 0030).
 */
export function defaultPolicy(
  list: readonly PolicySummary[],
  territory: string | null | undefined,
): PolicySummary | undefined {
  const own = territory ? list.find((p) => p.territory?.startsWith(territory)) : undefined;
  return own ?? list.find((p) => p.code === "pntp") ?? list[0];
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: "loading" });
  const [policies, setPolicies] = useState<PolicySummary[]>([]);
  const [policy, setPolicy] = useState("pntp");
  // What one person read is not shown to the next one in this tab: signing in or out, or a
  // session that ended, empties the cache.
  const queryClient = useQueryClient();
  // The list as this account may see it (another territory's plans are not listed to it).
  const loadPolicies = useCallback((territory: string | null | undefined) => {
    api.policies().then(
      (list) => {
        setPolicies(list);
        const first = defaultPolicy(list, territory);
        if (first) setPolicy(first.code);
      },
      () => {},
    );
  }, []);

  useEffect(() => {
    // An expired session keeps this device's queue: signing in again sends it (ADR 0024).
    setUnauthorizedHandler(() => {
      queryClient.clear();
      setCsrfToken(null);
      setState({ status: "anonymous", expired: true });
    });
    api.session().then(
      (session) => {
        setCsrfToken(session.csrfToken);
        setOfflineUser(session.user.id);
        void rememberSession(session);
        setState({ status: "signed-in", session });
        loadPolicies(session.user.territory?.ubigeo);
      },
      async (err: unknown) => {
        // No connection: the last session seen here opens «Mis tareas» from the device's data.
        const remembered = isNetworkError(err) ? await rememberedSession().catch(() => null) : null;
        if (remembered) {
          setOfflineUser(remembered.userId);
          setState({
            status: "signed-in",
            session: { ...remembered.session, csrfToken: "" },
            offline: true,
          });
        } else setState({ status: "anonymous", expired: false });
        loadPolicies(remembered?.session.user.territory?.ubigeo);
      },
    );
    return () => setUnauthorizedHandler(null);
  }, [queryClient, loadPolicies]);

  const login = useCallback(
    async (email: string, password: string) => {
      const session = await api.login({ email, password });
      queryClient.clear();
      // A shared computer: what another person left here is deleted before this one works.
      await keepOnlyUser(offlineDb, session.user.id).catch(() => {});
      await rememberSession(session).catch(() => {});
      setOfflineUser(session.user.id);
      setCsrfToken(session.csrfToken);
      setState({ status: "signed-in", session });
      loadPolicies(session.user.territory?.ubigeo);
      return session;
    },
    [queryClient, loadPolicies],
  );

  const logout = useCallback(
    async (everywhere = false) => {
      try {
        await (everywhere ? api.logoutEverywhere() : api.logout());
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
      }
      // Signing out takes this user's offline data and queue off the device.
      if (state.status === "signed-in")
        await clearUser(offlineDb, state.session.user.id).catch(() => {});
      setOfflineUser(null);
      queryClient.clear();
      setCsrfToken(null);
      setState({ status: "anonymous", expired: false });
      // The next person starts from the public list and the PNTP, not this account's plan.
      loadPolicies(null);
    },
    [queryClient, state, loadPolicies],
  );

  const refresh = useCallback(async () => {
    try {
      const session = await api.session();
      setCsrfToken(session.csrfToken);
      setOfflineUser(session.user.id);
      void rememberSession(session);
      setState({ status: "signed-in", session });
    } catch (err) {
      if (!isNetworkError(err)) throw err;
    }
  }, []);

  const changePassword = useCallback(async (currentPassword: string, newPassword: string) => {
    const session = await api.changePassword({ currentPassword, newPassword });
    setCsrfToken(session.csrfToken);
    setState({ status: "signed-in", session });
    return session;
  }, []);

  const acceptSession = useCallback((session: Session) => {
    setCsrfToken(session.csrfToken);
    void rememberSession(session);
    setState({ status: "signed-in", session });
  }, []);

  const value = useMemo<SessionApi>(() => {
    const session = state.status === "signed-in" ? state.session : null;
    return {
      state,
      session,
      policy,
      policies,
      setPolicy,
      // Until the second factor is given the session reaches only the MFA routes: nothing else
      // is offered (the menu would otherwise show every page of the role before the code).
      can: (permission) =>
        (session?.mfaStep ?? null) === null &&
        (session?.user.permissions.includes(permission) ?? false),
      offline: state.status === "signed-in" && state.offline === true,
      refresh,
      login,
      logout,
      changePassword,
      acceptSession,
    };
  }, [state, policy, policies, login, logout, changePassword, refresh, acceptSession]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}
