import { placeholderpolicy } from '@passgate/core/policy';
import { expect, it } from 'vitest';

it('resolves core from source', () => {
  expect(placeholderpolicy).toBe('policy');
});
