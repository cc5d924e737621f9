import { M365Error } from '@passgate/core/graph';
import { describe, expect, it } from 'vitest';
import { classifyFailure } from './classify-failure.js';

describe('classifyFailure()', () => {
  it('ends the job when Microsoft 365 will never take it', () => {
    expect(classifyFailure(new M365Error('PASSWORD_REJECTED', 'x'), 1)).toMatchObject({
      kind: 'final',
      refusal: 'PASSWORD_REJECTED_BY_MICROSOFT',
    });
    for (const code of ['FORBIDDEN', 'FEDERATED_OR_SYNCED', 'USER_NOT_FOUND'] as const) {
      expect(classifyFailure(new M365Error(code, 'x'), 1)).toMatchObject({
        kind: 'final',
        refusal: 'MICROSOFT_REFUSED_UPDATE',
      });
    }
  });

  it('retries throttling with Microsoft’s own wait and pauses the whole tenant', () => {
    expect(classifyFailure(new M365Error('THROTTLED', 'x', { retryAfterMs: 7000 }), 1)).toEqual({
      kind: 'retry',
      code: 'THROTTLED',
      message: 'x',
      retryAfterMs: 7000,
      pauseTenant: true,
    });
  });

  it('retries outages and bad credentials, and gives up on the unexplained only after several tries', () => {
    expect(classifyFailure(new M365Error('UNAVAILABLE', 'x'), 50)).toMatchObject({
      kind: 'retry',
      retryAfterMs: null,
    });
    expect(classifyFailure(new M365Error('AUTH_FAILED', 'x'), 50)).toMatchObject({
      kind: 'retry',
      pauseTenant: true,
    });
    expect(classifyFailure(new M365Error('UNEXPECTED', 'x'), 1)).toMatchObject({ kind: 'retry' });
    expect(classifyFailure(new M365Error('UNEXPECTED', 'x'), 8)).toMatchObject({
      kind: 'final',
      refusal: 'MICROSOFT_REFUSED_UPDATE',
    });
  });
});
