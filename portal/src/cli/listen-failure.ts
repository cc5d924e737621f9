/** What the OS said, in words an admin can act on, by errno code. */
const REASONS: Record<string, string> = {
  EADDRINUSE: 'address already in use (another process listens there)',
  EACCES: 'permission denied (ports below 1024 need privileges)',
  EADDRNOTAVAIL: 'address not available on this machine',
  ENOTFOUND: 'host name does not resolve',
  EAI_AGAIN: 'host name lookup failed (DNS not answering)',
};

/**
 * One line, with a stable code, for a server that could not start: LISTEN_FAILED (the address and the OS
 * reason) when binding failed, START_FAILED otherwise. Never a stack.
 */
export function listenFailure(error: unknown, host: string, port: number): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const address = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) {
    return `LISTEN_FAILED: cannot listen on ${address}: ${code}, ${REASONS[code] ?? firstLine(error)}`;
  }
  return `START_FAILED: ${firstLine(error)}`;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n', 1)[0] ?? '';
}
