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
