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

type SessionState =
  | { status: "loading" }
  | { status: "anonymous"; expired: boolean }
  | { status: "signed-in"; session: Session };

interface SessionApi {
  state: SessionState;
  session: Session | null;
  /** Current policy (code); the first one the API lists, "pntp" until then. */
  policy: string;
  policies: PolicySummary[];
  setPolicy(code: string): void;
  can(permission: Permission): boolean;
  login(email: string, password: string): Promise<Session>;
  logout(everywhere?: boolean): Promise<void>;
  /** Replaces the own password; the session that comes back no longer must change it. */
  changePassword(currentPassword: string, newPassword: string): Promise<Session>;
}

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: "loading" });
  const [policies, setPolicies] = useState<PolicySummary[]>([]);
  const [policy, setPolicy] = useState("pntp");
  // What one person read is not shown to the next one in this tab: signing in or out, or a
  // session that ended, empties the cache.
  const queryClient = useQueryClient();

  useEffect(() => {
    setUnauthorizedHandler(() => {
      queryClient.clear();
      setCsrfToken(null);
      setState({ status: "anonymous", expired: true });
    });
    api.session().then(
      (session) => {
        setCsrfToken(session.csrfToken);
        setState({ status: "signed-in", session });
      },
      () => setState({ status: "anonymous", expired: false }),
    );
    api.policies().then(
      (list) => {
        setPolicies(list);
        const first = list.find((p) => p.code === "pntp") ?? list[0];
        if (first) setPolicy(first.code);
      },
      () => {},
    );
    return () => setUnauthorizedHandler(null);
  }, [queryClient]);

  const login = useCallback(
    async (email: string, password: string) => {
      const session = await api.login({ email, password });
      queryClient.clear();
      setCsrfToken(session.csrfToken);
      setState({ status: "signed-in", session });
      return session;
    },
    [queryClient],
  );

  const logout = useCallback(
    async (everywhere = false) => {
      try {
        await (everywhere ? api.logoutEverywhere() : api.logout());
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
      }
      queryClient.clear();
      setCsrfToken(null);
      setState({ status: "anonymous", expired: false });
    },
    [queryClient],
  );

  const changePassword = useCallback(async (currentPassword: string, newPassword: string) => {
    const session = await api.changePassword({ currentPassword, newPassword });
    setCsrfToken(session.csrfToken);
    setState({ status: "signed-in", session });
    return session;
  }, []);

  const value = useMemo<SessionApi>(() => {
    const session = state.status === "signed-in" ? state.session : null;
    return {
      state,
      session,
      policy,
      policies,
      setPolicy,
      can: (permission) => session?.user.permissions.includes(permission) ?? false,
      login,
      logout,
      changePassword,
    };
  }, [state, policy, policies, login, logout, changePassword]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}
