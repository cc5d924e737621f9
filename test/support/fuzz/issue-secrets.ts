import { addUser, expireUser, type Portal, sendActivation } from '@passgate/portal';
import { linkToken, type SmtpSink } from '../smtp-sink.js';
import { waitUntil } from '../wait-until.js';

/**
 * Gets the fuzzer a live session, reset link or welcome link the way a person would, through the
 * portal's own services and admin actions (never by writing rows, so the store can change shape
 * under it). Each comes from a user made for it: a case that uses one may change that user's
 * password, and the next needs a user whose password is still known.
 */
export interface SecretIssuer {
  session(): Promise<string>;
  resetLink(): Promise<string>;
  activationLink(): Promise<string>;
}

const ADMIN = { type: 'admin', id: 'fuzz' } as const;

export function secretIssuer(portal: Portal, sink: SmtpSink, password: string): SecretIssuer {
  let made = 0;
  const newUser = async (domain: string, withPassword: boolean): Promise<string> => {
    made += 1;
    const email = `fuzz-issued-${made}@${domain}`;
    await addUser(portal.store.db, { email, password: withPassword ? password : null }, new Date());
    return email;
  };
  // Each setup request comes from its own address, so no rate limit meets them however long a run is.
  const origin = (): { clientIp: string; userAgent: string } => ({
    clientIp: `fuzz-setup-${made}`,
    userAgent: 'portal fuzzer',
  });

  return {
    async session(): Promise<string> {
      const email = await newUser('contoso.example', true);
      await expireUser(portal.adminDeps, email, new Date(), ADMIN);
      const outcome = await portal.accounts.signIn({ email, password, ...origin() });
      if (outcome.status !== 'must_change') throw new Error(`signing in ${email} gave ${outcome.status}`);
      return outcome.session.token;
    },

    async resetLink(): Promise<string> {
      // A user with no tenant: a new password set with this link applies at once.
      const email = await newUser('portal-only.example', true);
      await portal.accounts.requestReset({ email, ...origin() });
      const mailTo = (): SmtpSink['received'][number] | undefined =>
        sink.received.find((mail) => mail.to.includes(email));
      await waitUntil(async () => {
        await portal.mailSender.runOnce();
        return mailTo() !== undefined;
      });
      const mail = mailTo();
      // Everything else the sender delivered (resets the cases asked for) is of no further use.
      sink.received.length = 0;
      if (mail === undefined) throw new Error(`no reset mail for ${email}`);
      return linkToken(mail, '/reset/confirm');
    },

    async activationLink(): Promise<string> {
      const email = await newUser('contoso.example', false);
      const link = await sendActivation(portal.adminDeps, email, new Date(), ADMIN);
      return new URL(link).searchParams.get('token') ?? '';
    },
  };
}
