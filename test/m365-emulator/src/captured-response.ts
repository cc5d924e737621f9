/**
 * Stands in for a ServerResponse when a Graph handler answers one request of a JSON batch: it
 * keeps the status, headers and body the handler writes, for the batch's `responses` entry.
 */
export class CapturedResponse {
  statusCode = 200;
  headersSent = false;
  private readonly headers = new Map<string, string>();
  private readonly chunks: string[] = [];
  private finish: () => void = () => {};
  /** Settles when the handler has ended its answer. */
  readonly done = new Promise<void>((resolve) => {
    this.finish = resolve;
  });

  setHeader(name: string, value: string | number | readonly string[]): this {
    this.headers.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value));
    return this;
  }

  getHeader(name: string): string | undefined {
    return this.headers.get(name.toLowerCase());
  }

  writeHead(status: number, headers: Record<string, string> = {}): this {
    this.statusCode = status;
    for (const [name, value] of Object.entries(headers)) this.setHeader(name, value);
    this.headersSent = true;
    return this;
  }

  end(chunk?: string | Buffer): this {
    if (chunk !== undefined) this.chunks.push(chunk.toString());
    this.headersSent = true;
    this.finish();
    return this;
  }

  /** The answer as a batch `responses` entry: JSON bodies parsed, header names as Graph spells them. */
  toBatchResponse(id: string): {
    id: string;
    status: number;
    headers: Record<string, string>;
    body: unknown;
  } {
    const text = this.chunks.join('');
    const headers: Record<string, string> = {};
    for (const [name, value] of this.headers) {
      headers[name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase())] = value;
    }
    let body: unknown = null;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        // Non-JSON bodies travel base64-encoded in a batch answer.
        body = Buffer.from(text).toString('base64');
      }
    }
    return { id, status: this.statusCode, headers, body };
  }
}
