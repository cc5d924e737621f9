import { Secret, TOTP } from 'otpauth';

/**
 * `echo KEY | npm run -s demo:totp`: the code an authenticator app shows now for KEY (base32, spaces
 * allowed), so the demo's security info can be tried without a phone. The key comes on standard input,
 * never as an argument: `ps` shows arguments to everyone on the machine.
 */
async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const key = Buffer.concat(chunks).toString('utf8').replaceAll(/\s/g, '').toUpperCase();
  if (!/^[A-Z2-7]{16,}$/.test(key)) {
    process.stderr.write('demo:totp: expected an authenticator key (base32) on standard input\n');
    process.exitCode = 2;
    return;
  }
  const totp = new TOTP({ secret: Secret.fromBase32(key), algorithm: 'SHA1', digits: 6, period: 30 });
  const seconds = Math.ceil(totp.remaining() / 1000);
  process.stdout.write(`${totp.generate()}  (for ${seconds} more seconds; each code works once)\n`);
}

void main();
