import nodemailer from "nodemailer";

/**
 * Sending e-mail through SMTP with nodemailer (ADR 0028). The rest of the server sees only
 * `Mailer`, so the job that sends the outbox is tested against a real SMTP server started in
 * the test and runs unchanged against the institution's relay.
 */

export interface OutgoingMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(message: OutgoingMessage): Promise<{ messageId: string | null }>;
  close(): void;
}

export interface SmtpSettings {
  /** smtp://user:pass@host:587 or smtps://host:465, as nodemailer reads it. */
  url: string;
  /** The sender, e.g. "Vigía <vigia@mininter.gob.pe>". */
  from: string;
}

export function createSmtpMailer(settings: SmtpSettings): Mailer {
  const transport = nodemailer.createTransport(settings.url, { from: settings.from });
  return {
    async send(message) {
      const info = await transport.sendMail({
        to: message.to,
        subject: message.subject,
        text: message.text,
      });
      return { messageId: typeof info.messageId === "string" ? info.messageId : null };
    },
    close() {
      transport.close();
    },
  };
}

/**
 * One line for a failed send, with every address taken out: an SMTP refusal usually quotes
 * the recipient («550 <ana@…>: mailbox unavailable»), and logs and the outbox keep ids only.
 */
export function describeMailError(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const first = (text.split("\n")[0] ?? "").slice(0, 300);
  return first.replace(/<?[^\s<>@]+@[^\s<>@]+>?/g, "<dirección>");
}
