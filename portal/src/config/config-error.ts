/** One field of the config that cannot be used, and what was expected instead. */
export interface ConfigProblem {
  field: string;
  message: string;
}

/**
 * The portal refuses to start with this error. Its message lists every problem as `field: what to fix`
 * and never echoes a value (a value may be a secret).
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'INVALID_CONFIG';
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    super(`Invalid Passgate config:\n${problems.map((p) => `  - ${p.field}: ${p.message}`).join('\n')}`);
    this.problems = problems;
  }
}
