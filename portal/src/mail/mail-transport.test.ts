import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import addressparser from 'nodemailer/lib/addressparser/index.js';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { createLogger } from '../log/create-logger.js';
import { createMailTransport, type WrittenMail } from './mail-transport.js';

const KEY = 'a3f1c9e27b4d8065f1e2d3c4b5a69788a1b2c3d4e5f60718293a4b5c6d7e8f90';
const TOKEN = 'Q2hlY2stdGhlLWxvZy1mb3ItdGhpcy10b2tlbg';
const LINK = `https://passwords.contoso.example/reset/confirm?token=${TOKEN}`;

/** A folder transport (no SMTP) as configured, with the log lines it wrote and the mails it announced. */
async function folderTransport(demo: boolean, organisationName = 'Contoso') {
  const config = parseConfig(
    {
      publicUrl: 'https://passwords.contoso.example',
      secretKey: KEY,
      tenants: [],
      demo,
      organisation: { name: organisationName },
    },
    {},
  );
  const folder = await mkdtemp(join(tmpdir(), 'passgate-mail-folder-'));
  const logs: string[] = [];
  const logger = createLogger({ destination: { write: (line: string) => void logs.push(line) } });
  const written: WrittenMail[] = [];
  const transport = createMailTransport(config, folder, logger, (mail) => void written.push(mail));
  await transport.send({
    id: 'mail-1',
    to: 'rosa.reset@contoso.example',
    content: {
      subject: 'Reset your Contoso password',
      text: `Open ${LINK} within 30 minutes.`,
      html: '<p>x</p>',
    },
  });
  transport.close();
  const files = await readdir(folder);
  const eml = await Promise.all(files.map((file) => readFile(join(folder, file), 'utf8')));
  return { logs: logs.join('\n'), written, files, eml: eml.join('\n') };
}

describe('createMailTransport() with no SMTP', () => {
  it('outside the demo, writes the mail to the folder but keeps its live link out of the log', async () => {
    const { logs, written, files, eml } = await folderTransport(false);
    expect(files).toHaveLength(1);
    expect(eml).toContain('Subject: Reset your Contoso password');
    expect(logs).toContain('mail written to the mail folder');
    expect(logs).toContain('rosa.reset@contoso.example');
    expect(logs).not.toContain(TOKEN);
    expect(written.flatMap((mail) => mail.links)).toEqual([]);
  });

  it('in the demo, also logs the links, since the folder is the demo mailbox', async () => {
    const { logs, written, files } = await folderTransport(true);
    expect(files).toHaveLength(1);
    expect(logs).toContain(LINK);
    expect(written.flatMap((mail) => mail.links)).toEqual([LINK]);
  });
});

describe('createMailTransport() sender', () => {
  it('keeps an organisation name with commas, parentheses and an address in it as the name only', async () => {
    const name = 'Acme, Inc. (IT) <x@evil.example>';
    const { eml } = await folderTransport(false, name);
    // Unfold the header (RFC 5322 2.2.3) before parsing it the way a mail client would.
    const from = /^From: (.*(?:\r?\n[ \t].*)*)/m.exec(eml)?.[1]?.replace(/\r?\n[ \t]/g, ' ') ?? '';
    expect(addressparser(from, { flatten: true })).toEqual([{ name, address: 'passgate@localhost' }]);
  });
});
