import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { Router } from "wouter";
import { App } from "./App.tsx";
import { I18nProvider } from "./i18n/index.tsx";
import { aroundNav } from "./navigation.ts";
import { queryClient } from "./queries.ts";
import { SessionProvider } from "./session.tsx";

const root = document.getElementById("root");
if (!root) throw new Error("#root missing from index.html");
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <SessionProvider>
          <Router aroundNav={aroundNav}>
            <App />
          </Router>
        </SessionProvider>
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);

// The service worker keeps the app shell for offline use (ADR 0024). Only the built app has
// one: `npx vite` serves modules that change on every edit.
if ("serviceWorker" in navigator && import.meta.env.PROD) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch((err: unknown) => {
      console.warn("service worker not registered", err);
    });
  });
}
