import {
  type AnchorHTMLAttributes,
  type MouseEvent,
  useEffect,
  useRef,
  useSyncExternalStore,
} from "react";

/**
 * A tiny History-API router: the server answers every non-/api path with index.html, the app
 * matches the path here. Enough for a dozen pages without a dependency.
 */

const listeners = new Set<() => void>();
const snapshot = () => window.location.pathname + window.location.search;

/** Pages with unsaved changes: each returns true when the person agrees to leave. */
const blockers = new Set<() => boolean>();
const mayLeave = () => [...blockers].every((ask) => ask());

// The address the app shows, to go back to when a back/forward step is cancelled.
let shown = typeof window === "undefined" ? "" : snapshot();
function onPopState() {
  if (snapshot() !== shown && !mayLeave()) {
    window.history.pushState(null, "", shown);
    return;
  }
  shown = snapshot();
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  if (listeners.size === 0) window.addEventListener("popstate", onPopState);
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener("popstate", onPopState);
  };
}

/** Asks the pages with unsaved changes, as a link would: true when leaving is fine. */
export const confirmLeave = (): boolean => mayLeave();

/**
 * Moves to `to` inside the app. A page with unsaved changes is asked first (see
 * useLeaveConfirmation); `force` is for a page that just saved them and moves on itself.
 * `replace` keeps one history entry (a filter typed letter by letter is one state);
 * `scroll: false` stays where the reader is (the same page with other filters).
 */
export function navigate(
  to: string,
  options: { replace?: boolean; force?: boolean; scroll?: boolean } = {},
): void {
  if (to === snapshot()) return;
  if (!options.force && !mayLeave()) return;
  if (options.replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  shown = snapshot();
  if (options.scroll !== false) window.scrollTo(0, 0);
  for (const listener of listeners) listener();
}

/**
 * While `when` holds, leaving the page asks first: by an in-app link or back/forward (a
 * confirmation with `message`) and by reload or closing the tab (the browser's own prompt).
 */
export function useLeaveConfirmation(when: boolean, message: string): void {
  const text = useRef(message);
  text.current = message;
  useEffect(() => {
    if (!when) return;
    const ask = () => window.confirm(text.current);
    const onBeforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    blockers.add(ask);
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => {
      blockers.delete(ask);
      window.removeEventListener("beforeunload", onBeforeUnload);
    };
  }, [when]);
}

export interface Location {
  path: string;
  query: URLSearchParams;
  href: string;
}

export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot, snapshot);
  const url = new URL(href, window.location.origin);
  return { path: url.pathname, query: url.searchParams, href };
}

/** Matches "/mediciones/:id" against a path; returns the parameters or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split("/").filter(Boolean);
  const have = path.split("/").filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const h = have[i] as string;
    if (w.startsWith(":")) params[w.slice(1)] = decodeURIComponent(h);
    else if (w !== h) return null;
  }
  return params;
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string };

/** An ordinary link (middle-click, copy address work) that navigates without reloading. */
export function Link({ to, onClick, ...rest }: LinkProps) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handle} {...rest} />;
}
