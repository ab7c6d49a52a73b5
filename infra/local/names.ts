/** Physical names of local resources, derived from the keys in resources.ts. */

export const DEFAULT_PREFIX = 'pmsc';

/** `centerImport` → `center-import`. */
export const kebab = (key: string): string =>
  key
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();

export const tableName = (prefix: string, key: string): string => `${prefix}-${kebab(key)}`;
export const queueName = (prefix: string, key: string): string => `${prefix}-${kebab(key)}`;
export const deadLetterQueueName = (prefix: string, key: string): string => `${queueName(prefix, key)}-dlq`;
export const functionName = (prefix: string, id: string): string => `${prefix}-${id}`;

/** Prefixes become part of table names (3-255 chars of [a-zA-Z0-9_.-]) and queue names (80 chars). */
export const assertValidPrefix = (prefix: string): void => {
  if (!/^[A-Za-z0-9_.-]{1,40}$/.test(prefix)) {
    throw new Error(`Invalid resource prefix "${prefix}": use 1-40 characters of [A-Za-z0-9_.-]`);
  }
};
