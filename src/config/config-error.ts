/** A problem with configuration or data files: printed as one clear line, never a stack trace. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
