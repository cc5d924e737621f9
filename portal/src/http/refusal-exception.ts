import { HTTPException } from 'hono/http-exception';
import { type PageCode, REFUSAL_TABLE } from './refusal-table.js';

/**
 * An HTTPException that carries a stable code, so the one error handler can pick the status and
 * the words from REFUSAL_TABLE instead of reading a message.
 */
export class RefusalException extends HTTPException {
  readonly code: PageCode;

  constructor(code: PageCode, options: { cause?: unknown } = {}) {
    super(REFUSAL_TABLE[code].status, { message: code, cause: options.cause });
    this.code = code;
  }
}
