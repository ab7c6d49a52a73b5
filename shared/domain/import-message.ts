import * as z from 'zod';

/** The message that asks the import consumer to write one chunk of an import. */
export const ImportChunkMessage = z.strictObject({
  importId: z.string().min(1).max(64),
  chunk: z.number().int().min(0),
});
export type ImportChunkMessage = z.infer<typeof ImportChunkMessage>;
