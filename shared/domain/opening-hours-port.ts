import type { CompiledHours } from './compiled-hours.ts';

/**
 * What the write side needs from the `opening_hours` library: checking a string and compiling
 * it. The center and room schemas, and `newCenter`, reach the library only through this port,
 * so that the modules every read function imports (the schemas, the OpenAPI document) stay free
 * of it. A write function installs the library (`installOpeningHoursLibrary` in
 * opening-hours.ts) when its module loads; anywhere else, using the port is a programming error
 * and throws (a 500), never a silent pass.
 */
export interface OpeningHoursTools {
  /** The parse error of `value`, or undefined when it is valid. */
  error(value: string): string | undefined;
  /** `value` compiled for the read path, as of `now` (epoch ms). */
  compile(value: string, now: number): CompiledHours;
}

let installed: OpeningHoursTools | undefined;

export function installOpeningHoursTools(tools: OpeningHoursTools): void {
  installed = tools;
}

export function openingHoursTools(): OpeningHoursTools {
  if (!installed) {
    throw new Error(
      'opening hours can only be checked or compiled by a write function that installs the library (installOpeningHoursLibrary)',
    );
  }
  return installed;
}
