import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** The envelope sender (MAIL FROM), where bounces go; the From header is in `raw`. */
  from: string | null;
  to: string[];
  /** Whether the message came over TLS (STARTTLS) and which user authenticated, if any. */
  secure: boolean;
  user: string | null;
  /** The whole message as it arrived (headers and MIME body). */
  raw: string;
}

export interface SmtpSink {
  port: number;
  received: ReceivedMail[];
  /** The portal's `mail` config block for this server (plain SMTP on loopback: no TLS to set up). */
  mailConfig: {
    host: string;
    port: number;
    secure: false;
    requireTls: boolean;
    from: string;
    user?: string;
    password?: string;
    caCertificates?: string;
  };
  /** Stops listening (an outage); start() listens again on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** Offer STARTTLS with this certificate and require a login (user passgate, password given). */
  starttls?: { key: string; cert: string; ca: string; password: string };
}

/** A real SMTP server on 127.0.0.1 that keeps every message it accepts. */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const tls = options.starttls;
  const received: ReceivedMail[] = [];
  let server: SMTPServer | null = null;
  let port = 0;
  async function listen(): Promise<void> {
    const next = new SMTPServer({
      ...(tls
        ? {
            key: tls.key,
            cert: tls.cert,
            authOptional: false,
            authMethods: ['PLAIN', 'LOGIN'],
            onAuth(auth, _session, callback) {
              if (auth.username === 'passgate' && auth.password === tls.password)
                callback(null, { user: auth.username });
              else callback(new Error('wrong login'));
            },
          }
        : { authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'] }),
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom === false ? null : session.envelope.mailFrom.address,
            to: session.envelope.rcptTo.map((r) => r.address),
            secure: session.secure,
            user: typeof session.user === 'string' ? session.user : null,
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => resolve());
    });
    // A client that vanishes mid-session (a portal killed while sending) is an error event here: with
    // no listener it would take the whole test process down.
    next.on('error', () => {});
    const address = next.server.address();
    if (address !== null && typeof address === 'object') port = address.port;
    server = next;
  }
  await listen();
  return {
    get port() {
      return port;
    },
    received,
    get mailConfig() {
      return {
        host: '127.0.0.1',
        port,
        secure: false as const,
        requireTls: tls !== undefined,
        from: 'passwords@contoso.example',
        ...(tls ? { user: 'passgate', password: tls.password, caCertificates: tls.ca } : {}),
      };
    },
    async stop(): Promise<void> {
      const current = server;
      server = null;
      if (current !== null) await new Promise<void>((resolve) => current.close(() => resolve()));
    },
    start: listen,
  };
}

/** Decodes a quoted-printable text part enough to find links (soft line breaks and =XX escapes). */
export function decodeMail(raw: string): string {
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** The token of the last link of `path` (e.g. /reset/confirm) in the mail. */
export function linkToken(mail: ReceivedMail, path: string): string {
  const matches = [
    ...decodeMail(mail.raw).matchAll(
      new RegExp(`${path.replace(/\//g, '\\/')}\\?token=([A-Za-z0-9_-]+)`, 'g'),
    ),
  ];
  const token = matches.at(-1)?.[1];
  if (token === undefined) throw new Error(`no ${path} link in the mail`);
  return token;
}
