import type { Readable } from 'node:stream';

/** Reads a whole piped stdin and keeps its first line (without the line break). Null when empty. */
async function readPiped(input: Readable): Promise<string | null> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  if (chunks.length === 0) return null;
  const text = Buffer.concat(chunks).toString('utf8');
  const end = text.search(/\r?\n/);
  return end === -1 ? text : text.slice(0, end);
}

interface TtyInput extends Readable {
  isTTY?: boolean;
  setRawMode?: (mode: boolean) => unknown;
}

/** Reads a line from a terminal without echoing it, so it never shows on screen or in scrollback. */
function readHidden(input: TtyInput, prompt: NodeJS.WritableStream): Promise<string | null> {
  // Echo off first, then the prompt: keys typed the moment the prompt shows (or sent by a script
  // that waits for it) would otherwise be echoed by the terminal, on screen and in scrollback.
  input.setRawMode?.(true);
  prompt.write('Password (not shown): ');
  input.setEncoding('utf8');
  return new Promise((done) => {
    let typed = '';
    const finish = (value: string | null): void => {
      input.setRawMode?.(false);
      input.pause();
      input.removeListener('data', onData);
      prompt.write('\n');
      done(value);
    };
    function onData(chunk: string): void {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          finish(typed);
          return;
        }
        if (char === '\u0003' || char === '\u0004') {
          finish(null);
          return;
        }
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += char;
      }
    }
    input.on('data', onData);
    input.resume();
  });
}

/** One password from stdin: piped (first line) or typed at a terminal (hidden). Never from argv. */
export function readPassword(input: TtyInput, prompt: NodeJS.WritableStream): Promise<string | null> {
  return input.isTTY ? readHidden(input, prompt) : readPiped(input);
}
