/**
 * The server's messages to people, in Spanish (es-PE, the default) and English, keyed by a
 * stable code. A domain error names its key; the HTTP layer picks the language the request
 * asks for (the web app sends its switch as Accept-Language), the CLI keeps the Spanish text.
 * Only the messages a person meets in the reporting flow are here; the rest stay Spanish.
 */

export type Language = "es" | "en";
export type MessageParams = Readonly<Record<string, string | number>>;
type Text = string | ((p: MessageParams) => string);

const PERIOD_LABEL: Record<Language, Record<string, string>> = {
  es: { ANUAL: "anual", S1: "del I semestre", S2: "del II semestre" },
  en: { ANUAL: "annual", S1: "first-half", S2: "second-half" },
};
const periodOf = (lang: Language, p: MessageParams) =>
  `${PERIOD_LABEL[lang][String(p.period)] ?? p.period} ${p.year}`;
const mb = (p: MessageParams) => Number(p.limit) / 1024 / 1024;

const MESSAGES = {
  "auth.required": { es: "Inicie sesión para continuar.", en: "Sign in to continue." },
  "auth.role": {
    es: "Su rol no permite esta acción.",
    en: "Your role does not allow this action.",
  },
  "auth.csrf": {
    es: "Falta el token CSRF o no es válido. Recargue la página.",
    en: "The CSRF token is missing or invalid. Reload the page.",
  },
  "auth.passwordChange": {
    es: "Debe cambiar su contraseña antes de continuar: la que usa fue asignada por otra persona.",
    en: "You must change your password before continuing: the one you use was issued by someone else.",
  },
  "auth.mfa": {
    es: "Falta el segundo factor: ingrese el código de su aplicación de autenticación (o regístrela) para continuar.",
    en: "Second factor missing: enter the code from your authenticator app (or set one up) to continue.",
  },
  "request.invalid": { es: "Solicitud inválida.", en: "Invalid request." },
  "request.rateLimited": {
    es: (p) =>
      `Demasiadas solicitudes desde su dirección a los datos públicos: vuelva a intentarlo en ${p.seconds} s. Para descargas masivas use el paquete de datos de cada año.`,
    en: (p) =>
      `Too many requests from your address to the public data: try again in ${p.seconds} s. For bulk downloads use each year's data package.`,
  },
  "request.json": {
    es: "El cuerpo de la solicitud debe ser JSON válido.",
    en: "The request body must be valid JSON.",
  },
  "request.tooLarge": {
    es: (p) =>
      `El cuerpo de la solicitud supera el límite de ${Math.round(Number(p.limit) / 1024)} KB.`,
    en: (p) => `The request body exceeds the ${Math.round(Number(p.limit) / 1024)} KB limit.`,
  },
  "route.notFound": { es: "Ruta no encontrada.", en: "Route not found." },
  internal: { es: "Error interno del servidor.", en: "Internal server error." },
  "request.duplicate": {
    es: "Ya existe un registro igual: otra solicitud lo creó al mismo tiempo. Recargue la página y revise antes de volver a intentarlo.",
    en: "An identical record already exists: another request created it at the same time. Reload and check before trying again.",
  },
  "request.concurrent": {
    es: "Otra operación cambió los mismos datos al mismo tiempo. Vuelva a intentarlo.",
    en: "Another operation changed the same data at the same time. Try again.",
  },
  "request.contentType": {
    es: "El cuerpo de la solicitud debe enviarse como JSON (Content-Type: application/json).",
    en: "The request body must be sent as JSON (Content-Type: application/json).",
  },
  "request.badPath": {
    es: "La dirección solicitada tiene una codificación inválida.",
    en: "The requested address has an invalid encoding.",
  },

  "notification.notFound": {
    es: "No existe la notificación, o no es suya.",
    en: "The notification does not exist, or it is not yours.",
  },
  "measurement.notFound": {
    es: "No existe el valor solicitado.",
    en: "The requested value does not exist.",
  },
  "measurement.otherEntity": {
    es: "Este valor pertenece a otra entidad: está fuera de su ámbito.",
    en: "This value belongs to another entity: it is outside your scope.",
  },
  "measurement.roleCannotReport": {
    es: "Su rol no permite registrar valores.",
    en: "Your role does not allow reporting values.",
  },
  "measurement.notOwnEntity": {
    es: "Solo puede reportar valores de su entidad o de las entidades que le fueron delegadas.",
    en: "You may only report values of your entity or of the entities delegated to you.",
  },
  "measurement.indicatorNotInForce": {
    es: (p) => `El indicador ${p.indicator} no está vigente en ${p.year}.`,
    en: (p) => `Indicator ${p.indicator} is not in force in ${p.year}.`,
  },
  "measurement.inProgress": {
    es: (p) =>
      `Ya existe un valor en curso (${p.status}) para este periodo: edítelo en lugar de crear otro.`,
    en: (p) =>
      `A value is already in progress (${p.status}) for this period: edit it instead of creating another.`,
  },
  "measurement.correctionReason": {
    es: "Este valor ya fue validado: una corrección necesita un motivo.",
    en: "This value is already validated: a correction needs a reason.",
  },
  "measurement.state": {
    es: (p) => `Un valor en estado "${p.status}" no admite esta acción.`,
    en: (p) => `A value in state "${p.status}" does not allow this action.`,
  },
  "measurement.stale": {
    es: "Otra persona modificó este valor mientras usted lo editaba. Recargue para ver la versión actual.",
    en: "Someone else changed this value while you were editing it. Reload to see the current version.",
  },
  "measurement.keyReused": {
    es: (p) =>
      `Esta clave de idempotencia ya se usó para otra acción (${p.action}). Genere una nueva para cada envío.`,
    en: (p) =>
      `This idempotency key was already used for another action (${p.action}). Generate a new one for each request.`,
  },
  "measurement.blockedByErrors": {
    es: "El valor tiene errores que impiden enviarlo. Corríjalos y vuelva a intentar.",
    en: "The value has errors that prevent submitting it. Correct them and try again.",
  },
  "measurement.blockedByWarnings": {
    es: "El valor tiene advertencias: escriba una justificación (mínimo 10 caracteres) para enviarlo.",
    en: "The value has warnings: write a justification (at least 10 characters) to submit it.",
  },
  "measurement.reviewState": {
    es: (p) =>
      `Solo se puede ${p.action === "observe" ? "observar" : "validar"} un valor enviado; este está "${p.status}".`,
    en: (p) =>
      `Only a submitted value can be ${p.action === "observe" ? "observed" : "validated"}; this one is "${p.status}".`,
  },
  "measurement.unknownEntity": { es: "Entidad desconocida.", en: "Unknown entity." },
  "measurement.reviewerOnly": {
    es: "Solo el conductor de la política observa o valida valores.",
    en: "Only the policy's conductor observes or validates values.",
  },
  "period.closed": {
    es: (p) =>
      `El periodo ${periodOf("es", p)} está cerrado: ya no admite registros ni cambios. Si necesita corregir un valor, pida al conductor de la política que lo reabra.`,
    en: (p) =>
      `The ${periodOf("en", p)} period is closed: it no longer accepts values or changes. To correct a value, ask the policy's conductor to reopen it.`,
  },
  "period.notOpened": {
    es: (p) => `El periodo ${periodOf("es", p)} no fue abierto para reporte.`,
    en: (p) => `The ${periodOf("en", p)} period has not been opened for reporting.`,
  },

  "evidence.notMultipart": {
    es: "Envíe el archivo como multipart/form-data en el campo «file».",
    en: "Send the file as multipart/form-data in the «file» field.",
  },
  "evidence.missing": { es: "Falta el archivo.", en: "The file is missing." },
  "evidence.missingField": {
    es: "Adjunte un archivo en el campo «file».",
    en: "Attach a file in the «file» field.",
  },
  "civil.contributionField": {
    es: "El campo «contribution» debe ser el JSON del aporte (valor alternativo o valoración).",
    en: "The field «contribution» must be the contribution's JSON (alternative value or assessment).",
  },
  "evidence.tooManyFiles": {
    es: (p) => `Adjunte como máximo ${p.max} archivos (campo «file»).`,
    en: (p) => `Attach at most ${p.max} files (field «file»).`,
  },
  "evidence.oneFile": {
    es: "Adjunte un solo archivo por solicitud.",
    en: "Attach one file per request.",
  },
  "evidence.empty": { es: "El archivo está vacío.", en: "The file is empty." },
  "evidence.tooLarge": {
    es: (p) => `El archivo supera el límite de ${mb(p)} MB.`,
    en: (p) => `The file exceeds the ${mb(p)} MB limit.`,
  },
  "evidence.type": {
    es: "Tipo de archivo no admitido: suba PDF, XLSX, DOCX, PNG o JPG.",
    en: "File type not accepted: upload PDF, XLSX, DOCX, PNG or JPG.",
  },
  "evidence.duplicate": {
    es: (p) =>
      `Este archivo ya está adjunto a este valor como «${p.fileName}» (mismo contenido, SHA-256 ${String(p.sha256).slice(0, 12)}…): no se adjuntó otra vez.`,
    en: (p) =>
      `This file is already attached to this value as «${p.fileName}» (same content, SHA-256 ${String(p.sha256).slice(0, 12)}…): it was not attached again.`,
  },
  "evidence.measurementField": {
    es: "Envíe el valor en el campo «measurement» como JSON.",
    en: "Send the value in the «measurement» field as JSON.",
  },
  "evidence.notFound": { es: "No existe el archivo.", en: "The file does not exist." },
} satisfies Record<string, Record<Language, Text>>;

export type MessageKey = keyof typeof MESSAGES;

export function serverMessage(key: MessageKey, lang: Language, params: MessageParams = {}): string {
  const text: Text = MESSAGES[key][lang];
  return typeof text === "function" ? text(params) : text;
}

/**
 * The language of a request from its Accept-Language header: the first listed tag that is
 * Spanish or English, by preference weight; Spanish when neither is asked for.
 */
export function languageOf(acceptLanguage: string | null | undefined): Language {
  if (!acceptLanguage) return "es";
  const ranked = acceptLanguage
    .split(",")
    .map((part, index) => {
      const [tag = "", ...attrs] = part.trim().split(";");
      const q = attrs.map((a) => a.trim()).find((a) => a.startsWith("q="));
      const weight = q ? Number(q.slice(2)) : 1;
      return { lang: tag.trim().toLowerCase().split("-")[0], weight, index };
    })
    .filter((x) => (x.lang === "es" || x.lang === "en") && x.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return (ranked[0]?.lang as Language | undefined) ?? "es";
}
