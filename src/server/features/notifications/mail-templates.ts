import type { NotificationKind } from "../../../shared/contracts/notifications.contract.ts";
import { formatPlural } from "../../../shared/plural.ts";

/**
 * The e-mails' Spanish subjects and bodies, pure. They say what happened and where to look in
 * Vigía; they carry no figure of the value, no observation text and no person's name, so a
 * mail forwarded or left in a shared inbox tells no more than the notification list does.
 */

export interface MailFacts {
  kind: NotificationKind;
  /** Null for an access request's notice, which belongs to no policy or period. */
  policy: string | null;
  year: number | null;
  period: string | null;
  deadline: string | null;
  indicatorCode: string | null;
  indicatorName: string | null;
  entity: string | null;
  measurementId: number | null;
  pendingCount: number | null;
  accessRequestId: number | null;
}

export interface MailContent {
  subject: string;
  body: string;
  /** The page in Vigía the mail points to; the job prefixes the public address when set. */
  linkPath: string | null;
}

const PERIOD_NAMES: Record<string, string> = {
  ANUAL: "anual",
  S1: "del primer semestre",
  S2: "del segundo semestre",
};

/** 2025-03-31 → 31/03/2025, as deadlines are written in Peruvian documents. */
export function peruvianDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split("-");
  return `${d}/${m}/${y}`;
}

/** «periodo anual 2024»; the sentence says «el» or «del» before it. */
const periodText = (f: MailFacts) =>
  `periodo ${PERIOD_NAMES[f.period ?? ""] ?? f.period} ${f.year}`;

/** «la solicitud de acceso a la información n.º 12 dirigida a SUNAFIL». */
const requestText = (f: MailFacts) =>
  `la solicitud de acceso a la información pública n.º ${f.accessRequestId ?? ""} dirigida a ` +
  `${f.entity ?? "su entidad"}`;

const indicatorText = (f: MailFacts) =>
  f.indicatorCode ? `el indicador ${f.indicatorCode} «${f.indicatorName ?? ""}»` : "un indicador";

const pendingText = (count: number) =>
  formatPlural(
    "es-PE",
    {
      one: "Tiene {count} indicador sin valor enviado.",
      other: "Tiene {count} indicadores sin valor enviado.",
    },
    { count },
  );

const FOOTER =
  "\n\nEste mensaje lo envía Vigía, el sistema de seguimiento de la Política Nacional. " +
  "Puede ver todas sus notificaciones en la sección «Notificaciones».";

export function composeMail(f: MailFacts): MailContent {
  const deadline = f.deadline ? peruvianDate(f.deadline) : null;
  const valuePath = f.measurementId !== null ? `/mediciones/${f.measurementId}` : null;
  const pending = f.pendingCount ? ` ${pendingText(f.pendingCount)}` : "";
  switch (f.kind) {
    case "valor_observado":
      return {
        subject: `Vigía: valor observado del indicador ${f.indicatorCode ?? ""} (${f.year})`,
        body:
          `El equipo conductor observó el valor que ${f.entity ?? "su entidad"} reportó para ` +
          `${indicatorText(f)}, ${periodText(f)}. Revise las observaciones, corrija el valor ` +
          `y envíelo de nuevo${deadline ? ` antes del ${deadline}` : ""}.${FOOTER}`,
        linkPath: valuePath,
      };
    case "valor_validado":
      return {
        subject: `Vigía: valor validado del indicador ${f.indicatorCode ?? ""} (${f.year})`,
        body:
          `El equipo conductor validó el valor que ${f.entity ?? "su entidad"} reportó para ` +
          `${indicatorText(f)}, ${periodText(f)}. Desde ahora cuenta en la evaluación.${FOOTER}`,
        linkPath: valuePath,
      };
    case "periodo_abierto":
      return {
        subject: `Vigía: se abrió el ${periodText(f)}`,
        body:
          `El equipo conductor abrió el ${periodText(f)} de la política ${(f.policy ?? "").toUpperCase()}. ` +
          `Puede registrar los valores de sus indicadores en «Mis tareas»` +
          `${deadline ? `; el plazo vence el ${deadline}` : ""}.${FOOTER}`,
        linkPath: "/tareas",
      };
    case "plazo_7_dias":
    case "plazo_1_dia":
      return {
        subject: `Vigía: el plazo del ${periodText(f)} vence el ${deadline ?? ""}`,
        body:
          `Le recordamos que el plazo para enviar los valores del ${periodText(f)} vence el ` +
          `${deadline ?? ""}.${pending} Regístrelos y envíelos desde «Mis tareas».${FOOTER}`,
        linkPath: "/tareas",
      };
    case "vencido":
      return {
        subject: `Vigía: venció el plazo del ${periodText(f)}`,
        body:
          `El plazo para enviar los valores del ${periodText(f)} venció el ${deadline ?? ""}.` +
          `${pending} Mientras el periodo siga abierto puede enviarlos desde «Mis tareas»; ` +
          `el equipo conductor los verá como enviados fuera de plazo.${FOOTER}`,
        linkPath: "/tareas",
      };
    case "solicitud_por_vencer":
      return {
        subject: `Vigía: la solicitud de acceso n.º ${f.accessRequestId ?? ""} a ${f.entity ?? ""} vence el ${deadline ?? ""}`,
        body:
          `Le recordamos que ${requestText(f)} vence el ${deadline ?? ""} (plazo en días hábiles ` +
          "del TUO de la Ley 27806, con su prórroga si la hubo) y no tiene respuesta registrada. " +
          `Si la entidad ya respondió, registre la respuesta en «Solicitudes de acceso».${FOOTER}`,
        linkPath: "/solicitudes-acceso",
      };
    case "solicitud_vencida":
      return {
        subject: `Vigía: venció la solicitud de acceso n.º ${f.accessRequestId ?? ""} a ${f.entity ?? ""}`,
        body:
          `El plazo de ${requestText(f)} venció el ${deadline ?? ""} sin respuesta registrada. ` +
          "Si la entidad respondió, registre la respuesta y su fecha en «Solicitudes de acceso»; " +
          `si no, el registro la muestra como vencida.${FOOTER}`,
        linkPath: "/solicitudes-acceso",
      };
  }
}
