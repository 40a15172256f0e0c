import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/**
 * A real SMTP server for tests (the `smtp-server` package) on a free local port, keeping
 * every message it accepts parsed by `mailparser`. A message is parsed before the server
 * answers the DATA command, so once the sender's sendMail resolves the message is in
 * `messages`: no waiting on timers. `refuse` makes it reject recipients, as a relay that is
 * down or refuses the address would.
 */
export interface SmtpSink {
  url: string;
  messages: ParsedMail[];
  refuse: boolean;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const sink: SmtpSink = {
    url: "",
    messages: [],
    refuse: false,
    close: async () => {},
  };
  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on localhost: the test certificate of STARTTLS is self-signed.
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (sink.refuse) {
        const err = Object.assign(new Error(`<${address.address}>: buzón no disponible`), {
          responseCode: 550,
        });
        callback(err);
        return;
      }
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          sink.messages.push(mail);
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  sink.url = `smtp://127.0.0.1:${port}`;
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return sink;
}

/** The addresses a parsed message went to. */
export function recipientsOf(mail: ParsedMail): string[] {
  const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  return to.flatMap((a) => a.value.map((v) => v.address ?? ""));
}
