/** A start-up configuration error; the message names the environment variable. `main.ts` exits 78 on it. */
export class ConfigError extends Error {
  /** The variable at fault. */
  readonly variable: string;

  constructor(variable: string, message: string) {
    super(`Invalid environment variable ${variable}: ${message}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}
