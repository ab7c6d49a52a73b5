/**
 * What the local runtime reads: the function manifest plus the table and queue definitions.
 * The real manifest is the default; tests pass a fixture manifest of the same shape.
 */
import { fileURLToPath } from 'node:url';
import type { FunctionSpec, HttpTrigger, ScheduleTrigger, SqsTrigger } from '../manifest.ts';
import { functions } from '../manifest.ts';
import type { QueueDefinition, TableDefinition } from '../resources.ts';
import { queues, tables } from '../resources.ts';

/** An SQS trigger whose queue is any key of the manifest's queues (fixtures have their own). */
export type LocalSqsTrigger = Omit<SqsTrigger, 'queue'> & { readonly queue: string };

export type LocalFunctionSpec = Omit<FunctionSpec, 'trigger' | 'sends' | 'tables'> & {
  readonly trigger: HttpTrigger | ScheduleTrigger | LocalSqsTrigger;
  readonly tables?: Readonly<Record<string, 'read' | 'readwrite' | undefined>>;
  readonly sends?: readonly string[];
};

export interface LocalManifest {
  readonly functions: readonly LocalFunctionSpec[];
  readonly tables: Readonly<Record<string, TableDefinition>>;
  readonly queues: Readonly<Record<string, QueueDefinition>>;
  /** Directory the `entry` paths are relative to (the project root). */
  readonly rootDir: string;
}

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

export const defaultManifest: LocalManifest = { functions, tables, queues, rootDir: projectRoot };

/** `npm start` keeps its state here (git-ignored): DynamoDB and SQS data, and the issuer key. */
export const localStateDir = fileURLToPath(new URL('../../.local/', import.meta.url));
export const localDataDir = `${localStateDir}data`;
export const localKeysDir = `${localStateDir}keys`;
