import { describe, expect, it } from 'vitest';
import { hasSequentialOrRepeated } from './has-sequence.js';

describe('hasSequentialOrRepeated()', () => {
  it.each(['aaa', 'xx!!!y', 'abc', 'cba', '123', '321', 'XyZ', 'ZYX', '789', 'AAa'])(
    'finds a run in %s',
    (text) => {
      expect(hasSequentialOrRepeated(text)).toBe(true);
    },
  );

  it.each(['aa', 'ab1', 'abd', '124', '9:;', 'az', 'Vq7#mZ2!xR4p', '', '1a2b3c'])(
    'finds no run in %j',
    (text) => {
      expect(hasSequentialOrRepeated(text)).toBe(false);
    },
  );
});
