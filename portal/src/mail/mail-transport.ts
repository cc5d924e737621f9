import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { PortalConfig } from '../config/portal-config.js';
import type { MailContent } from './compose-mail.js';

export interface OutgoingMail {
  id: string;
  to: string;
  content: MailContent;
}

export interface MailTransport {
  /** Resolves once the SMTP server accepted the message (or the file is written); throws otherwise. */
  send(mail: OutgoingMail): Promise<void>;
  /** 'smtp' or 'folder' (no SMTP configured): only the folder in the demo logs links. */
  kind: 'smtp' | 'folder';
  close(): void;
}

const LINK = /https?:\/\/\S+/g;

/** A mail written to the mail folder: what the demo prints. */
export interface WrittenMail {
  to: string;
  subject: string;
  file: string;
  /** The links in the mail: only in the demo (config.demo), empty otherwise. */
  links: string[];
}

/**
 * SMTP from config.mail; with no SMTP configured, .eml files in `folder`, and in the demo the links in
 * the log too (the demo's mailbox).
 */
export function createMailTransport(
  config: PortalConfig,
  folder: string,
  logger: Logger,
  onWritten?: (mail: WrittenMail) => void,
): MailTransport {
  const mail = config.mail;
  if (mail === null) {
    const writer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    return {
      kind: 'folder',
      async send({ id, to, content }): Promise<void> {
        const info = await writer.sendMail({
          from: { name: config.organisation.name, address: 'passgate@localhost' },
          to,
          ...content,
        });
        await mkdir(folder, { recursive: true });
        const file = join(folder, `${new Date().toISOString().replace(/[:.]/g, '-')}-${id}.eml`);
        await writeFile(file, info.message as Buffer, { mode: 0o600 });
        // A link is a live reset or welcome token: anyone who reads the log could take over the account.
        // Only the demo logs them (its folder stands in for a mailbox, and the log is the demo user's own
        // terminal); a portal left without SMTP keeps them in the files, readable by the service account.
        const links = config.demo ? (content.text.match(LINK) ?? []) : [];
        const written = { to, subject: content.subject, file, links };
        logger.info(written, 'mail written to the mail folder');
        onWritten?.(written);
      },
      close(): void {
        writer.close();
      },
    };
  }
  const smtp = nodemailer.createTransport({
    host: mail.host,
    port: mail.port,
    secure: mail.secure,
    // Port 587 without TLS from the start must upgrade with STARTTLS: never send a link in clear.
    requireTLS: !mail.secure && mail.requireTls,
    ...(mail.user !== null && mail.password !== null
      ? { auth: { user: mail.user, pass: mail.password } }
      : {}),
    ...(mail.caCertificates !== null ? { tls: { ca: mail.caCertificates } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    kind: 'smtp',
    async send({ to, content }): Promise<void> {
      // Name and address apart: nodemailer quotes the name, so a comma, parenthesis or `<…>` in it
      // stays text instead of becoming another sender (or the envelope's bounce address).
      await smtp.sendMail({ from: { name: config.organisation.name, address: mail.from }, to, ...content });
    },
    close(): void {
      smtp.close();
    },
  };
}
