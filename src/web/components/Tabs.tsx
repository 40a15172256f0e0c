import type { KeyboardEvent, ReactNode } from "react";

/**
 * WAI-ARIA tabs: one tab stop for the whole list, arrow keys, Home and End move between tabs
 * and select them (the panels are cheap to switch). The panel is focusable so keyboard users
 * reach its content right after the tab list.
 */
export function Tabs<K extends string>({
  id,
  label,
  tabs,
  current,
  onChange,
  children,
}: {
  id: string;
  label: string;
  tabs: readonly { key: K; label: string }[];
  current: K;
  onChange(key: K): void;
  children: ReactNode;
}) {
  const tabId = (key: K) => `${id}-tab-${key}`;
  const move = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const next =
      event.key === "ArrowRight" || event.key === "ArrowDown"
        ? (index + 1) % tabs.length
        : event.key === "ArrowLeft" || event.key === "ArrowUp"
          ? (index - 1 + tabs.length) % tabs.length
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? tabs.length - 1
              : null;
    const tab = next === null ? undefined : tabs[next];
    if (!tab) return;
    event.preventDefault();
    onChange(tab.key);
    document.getElementById(tabId(tab.key))?.focus();
  };
  return (
    <div className="tabs">
      <div role="tablist" aria-label={label} className="tab-list">
        {tabs.map((tab, i) => (
          <button
            key={tab.key}
            id={tabId(tab.key)}
            type="button"
            role="tab"
            className="tab"
            aria-selected={tab.key === current}
            aria-controls={`${id}-panel`}
            tabIndex={tab.key === current ? 0 : -1}
            onClick={() => onChange(tab.key)}
            onKeyDown={(e) => move(e, i)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div
        id={`${id}-panel`}
        role="tabpanel"
        className="tab-panel"
        aria-labelledby={tabId(current)}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the tab pattern makes the panel a stop
        tabIndex={0}
      >
        {children}
      </div>
    </div>
  );
}
