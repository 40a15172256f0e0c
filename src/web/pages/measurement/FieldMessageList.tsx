import { useT } from "../../i18n/index.tsx";
import type { FieldMessage } from "./measurement-form.ts";

/** The messages of a field or section, each with its severity, as the form shows them. */
export function FieldMessageList({
  messages,
  live = false,
}: {
  messages: readonly FieldMessage[];
  live?: boolean;
}) {
  const t = useT();
  if (messages.length === 0) return null;
  return (
    <ul className="field-messages" aria-live={live ? "polite" : undefined}>
      {messages.map((x) => (
        <li key={x.text} className={`msg msg-${x.severity}`}>
          <strong>
            {x.severity === "note" ? t("entry.observedField") : t(`entry.severity.${x.severity}`)}:
          </strong>{" "}
          {x.text}
        </li>
      ))}
    </ul>
  );
}
