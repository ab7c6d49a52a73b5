/** The runtime's own console output (functions log through Powertools, at POWERTOOLS_LOG_LEVEL). */
export interface RuntimeLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export const consoleLog: RuntimeLog = {
  info: (message) => console.log(message),
  warn: (message) => console.warn(message),
  error: (message, error) => (error === undefined ? console.error(message) : console.error(message, error)),
};

/** Prints warnings and errors only (tests). */
export const quietLog: RuntimeLog = { ...consoleLog, info: () => undefined };
