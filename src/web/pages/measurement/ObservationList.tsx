import type { Measurement } from "../../api-client.ts";
import { ActorName } from "../../components/ui.tsx";
import { formatDateTime } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { fieldName } from "./measurement-form.ts";

/** The reviewer's observations and the replies, oldest first. */
export function ObservationList({ m }: { m: Measurement }) {
  const t = useT();
  return (
    <section className="observations" aria-labelledby="obs-title">
      <h2 id="obs-title">{t("entry.sectionObservations")}</h2>
      {m.observations.length === 0 ? (
        <p className="muted">{t("entry.observationsEmpty")}</p>
      ) : (
        <ul className="observation-list">
          {m.observations.map((o) => (
            <li key={o.id} className={`observation observation-${o.kind}`}>
              <p className="observation-meta">
                <strong>{fieldName(t, o.field ?? "") ?? (o.field || t("entry.general"))}</strong>
                {" · "}
                <ActorName id={o.author} user={o.authorUser} /> ·{" "}
                {formatDateTime(o.createdAt, t("locale"))}
              </p>
              <p>{o.comment}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
