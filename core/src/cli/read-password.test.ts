import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readPassword } from './read-password.js';

/** A stand-in terminal that records, in order, when echo is switched and what is printed. */
function fakeTerminal() {
  const events: string[] = [];
  const input = Object.assign(new PassThrough(), {
    isTTY: true,
    setRawMode(mode: boolean) {
      events.push(mode ? 'echo off' : 'echo on');
    },
  });
  const prompt = new Writable({
    write(chunk: Buffer, _encoding, done): void {
      events.push(`print ${JSON.stringify(chunk.toString())}`);
      done();
    },
  });
  return { input, prompt, events };
}

describe('readPassword() at a terminal', () => {
  it('turns echo off before it prompts, so nothing typed once the prompt shows is ever echoed', async () => {
    const { input, prompt, events } = fakeTerminal();
    const read = readPassword(input, prompt);
    expect(events).toEqual(['echo off', 'print "Password (not shown): "']);
    input.write('s3cret\r');
    expect(await read).toBe('s3cret');
    expect(events.slice(2)).toEqual(['echo on', 'print "\\n"']);
  });

  it('gives null when the person presses Ctrl-C, and turns echo back on', async () => {
    const { input, prompt, events } = fakeTerminal();
    const read = readPassword(input, prompt);
    input.write('abc\u0003');
    expect(await read).toBeNull();
    expect(events).toContain('echo on');
  });
});
