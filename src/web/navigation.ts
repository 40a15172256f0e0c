import { useEffect, useMemo, useRef } from "react";
import type { AroundNavHandler } from "wouter";
import { navigate as go, useLocationProperty } from "wouter/use-browser-location";

/**
 * What the app adds to wouter (ADR 0013): leaving a page with unsaved changes asks first, and a
 * navigation scrolls to the top unless told not to. wouter matches the paths, renders <Link>
 * and keeps the location; every navigation, a <Link> click included (through `aroundNav` on the
 * <Router>), goes through `navigate` here.
 */

const current = () => window.location.pathname + window.location.search;

/** Pages with unsaved changes: each returns true when the person agrees to leave. */
const blockers = new Set<() => boolean>();
const mayLeave = () => [...blockers].every((ask) => ask());

// The address the app shows, to go back to when a back/forward step is cancelled. wouter
// announces pushState and replaceState as events of the same names.
let shown = typeof window === "undefined" ? "" : current();
function onPopState() {
  if (current() !== shown && !mayLeave()) {
    // Put the address back before wouter's own popstate listener reads it: no render ever sees
    // the other page, so the form keeps what was typed. This listener is added when the module
    // loads, before wouter's (added at the first render), so it runs first.
    window.history.pushState(null, "", shown);
    return;
  }
  shown = current();
}
if (typeof window !== "undefined") {
  window.addEventListener("popstate", onPopState);
  for (const type of ["pushState", "replaceState"])
    window.addEventListener(type, () => {
      shown = current();
    });
}

/** Asks the pages with unsaved changes, as a link would: true when leaving is fine. */
export const confirmLeave = (): boolean => mayLeave();

export interface NavigateOptions {
  /** Keep one history entry (a filter typed letter by letter is one state). */
  replace?: boolean;
  /** For a page that just saved its changes and moves on itself: do not ask. */
  force?: boolean;
  /** false: stay where the reader is (the same page with other filters). */
  scroll?: boolean;
}

/** Moves to `to` inside the app; a page with unsaved changes is asked first. */
export function navigate(
  to: string,
  options: NavigateOptions = {},
  push: (to: string, options: { replace?: boolean }) => void = go,
): void {
  if (to === current()) return;
  if (!options.force && !mayLeave()) return;
  push(to, { replace: options.replace });
  if (options.scroll !== false) window.scrollTo(0, 0);
}

/** wouter's hook into every navigation of <Link> and its own navigate: ours, with the guard. */
export const aroundNav: AroundNavHandler = (push, to, options) =>
  navigate(to, options as NavigateOptions, push);

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

const rawSearch = () => window.location.search;

/**
 * The query string of the address. Read raw rather than through wouter's useSearch, which
 * decodes it once before URLSearchParams decodes it again ("%41" typed in a search box would
 * come back as "A").
 */
export function useQueryString(): URLSearchParams {
  const search = useLocationProperty(rawSearch);
  return useMemo(() => new URLSearchParams(search), [search]);
}

/** The path and query string of the address, e.g. to come back to after signing in. */
export function useHref(): string {
  return useLocationProperty(current);
}

/** Where a person starts after signing in, by role (the focal point's tasks, the plans …). */
export function homeOf(user: { role: string; permissions: readonly string[] }): string {
  if (user.role === "punto_focal" && user.permissions.includes("measurement.report"))
    return "/tareas";
  if (user.role === "sociedad_civil") return "/sociedad-civil";
  if (user.role === "conductor_regional") return "/territorio/planes";
  return "/";
}
