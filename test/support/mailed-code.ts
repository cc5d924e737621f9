import type { Portal } from '@passgate/portal';
import { decodeMail, type SmtpSink } from './smtp-sink.js';
import { waitUntil } from './wait-until.js';

/** The codes in the mails the sink received for `to`, oldest first (a code stands alone on its line). */
export function mailedCodes(sink: SmtpSink, to: string): string[] {
  return sink.received
    .filter((mail) => mail.to.includes(to))
    .flatMap((mail) => [...decodeMail(mail.raw).matchAll(/^(\d{6})\r?$/gm)].map((match) => match[1] ?? ''))
    .filter((code) => code !== '');
}

/** Waits for the next mail with a code for `to` (after the `seen` ones) and returns its code. */
export async function nextMailedCode(sink: SmtpSink, to: string, seen: number): Promise<string> {
  await waitUntil(() => mailedCodes(sink, to).length > seen);
  return mailedCodes(sink, to)[seen] ?? '';
}

/** Once the mail sender has resolved every request queued (codes, notices) and sent every mail. */
export async function allMailSent(portal: Portal): Promise<void> {
  await waitUntil(async () => {
    await portal.mailSender.runOnce();
    const row = await portal.store.db
      .selectFrom('mail_queue')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', 'in', ['queued', 'sending'])
      .executeTakeFirstOrThrow();
    return Number(row.n) === 0;
  });
}

/** The mails the sink received for `to` whose text holds `words` (a notice's subject), decoded. */
export function mailsTo(sink: SmtpSink, to: string, words: string): string[] {
  return sink.received
    .filter((mail) => mail.to.includes(to))
    .map((mail) => decodeMail(mail.raw))
    .filter((text) => text.includes(words));
}
