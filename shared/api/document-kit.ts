import type { ResponseConfig } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';

/** The pieces every part of the OpenAPI document is built from (see openapi.ts). */

const FieldProblemSchema = z.object({
  field: z
    .string()
    .meta({ description: 'Dotted path of the field, e.g. `location.lat`; empty for the whole body' }),
  message: z.string(),
  in: z.enum(['body', 'query', 'path', 'header', 'message']).optional(),
  line: z
    .number()
    .int()
    .optional()
    .meta({ description: 'In an uploaded CSV: the line of the row (1 is the header)' }),
  column: z.string().optional().meta({ description: 'In an uploaded CSV: the column of the field' }),
});

/**
 * RFC 9457 problem details with every extension member the API sends. `status` is always the
 * HTTP status; the members after `requestId` appear only with the problems that say so.
 */
export const Problem = z
  .object({
    type: z.string().meta({
      description: 'Stable problem type URI',
      example: 'https://pmsc.example/problems/validation-failed',
    }),
    title: z.string(),
    status: z.number().int().meta({ description: 'The HTTP status of the answer' }),
    detail: z.string().optional(),
    instance: z.string().optional().meta({ description: 'The path asked for' }),
    requestId: z.string().optional().meta({ description: 'The id the log holds this request under' }),
    errors: z
      .array(FieldProblemSchema)
      .optional()
      .meta({ description: 'validation-failed: each offending field' }),
    limit: z.number().int().optional().meta({
      description:
        'payload-too-large: the largest body accepted, bytes; a booking over the limit: the most active bookings a resident may hold',
    }),
    currentVersion: z
      .number()
      .int()
      .optional()
      .meta({ description: 'precondition-failed: the version the resource is at now (send it as If-Match)' }),
    orderStatus: z
      .string()
      .optional()
      .meta({ description: 'Service-order actions (409, 412): the status the order is in now' }),
    allowedFrom: z.array(z.string()).optional().meta({
      description: 'conflict of a service-order action: the order statuses the action is allowed from',
    }),
    followUp: z
      .enum(['open', 'closed'])
      .nullable()
      .optional()
      .meta({ description: 'conflict of close-follow-up: the follow-up status now (null: none)' }),
    resource: z.string().optional().meta({ description: 'not-found: the kind of resource, e.g. `center`' }),
    id: z.string().optional().meta({ description: 'not-found: the id that was not found' }),
    reason: z.enum(['taken', 'full', 'overlap', 'changed', 'declined', 'withdrawn']).optional().meta({
      description:
        'conflict of a booking: the slot is taken, the occurrence is full, it overlaps another booking of yours, or the booking changed meanwhile; of a course schedule: the room is taken; of a course order: the center declined the menu, or it was withdrawn',
    }),
    bookingStatus: z
      .string()
      .optional()
      .meta({ description: 'conflict of a booking action: its status now' }),
    suspendedUntil: z
      .string()
      .optional()
      .meta({ description: 'forbidden booking: suspended after no-shows until then' }),
    cancelBy: z
      .string()
      .optional()
      .meta({ description: 'forbidden cancellation: the online cut-off that passed' }),
    retryAfterSeconds: z
      .number()
      .int()
      .optional()
      .meta({ description: 'service-busy: wait this long, then retry' }),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

/** What API Gateway's JWT authorizer answers, before any function runs. */
const GatewayMessage = z
  .object({ message: z.string().meta({ example: 'Unauthorized' }) })
  .meta({ id: 'GatewayMessage', description: "API Gateway's own answer" });

const PROBLEM_TEXT: Record<number, string> = {
  400: 'Invalid request; `errors` names each field',
  401: 'Missing or invalid token',
  403: 'Not allowed for this caller',
  404: 'No such resource',
  406: 'No acceptable representation (e.g. a large body without Accept-Encoding: gzip)',
  409: 'Conflict with the current state, or an Idempotency-Key still in progress',
  412: 'If-Match does not match the current version',
  413: 'Body too large',
  415: 'Body is not JSON',
  422: 'Idempotency-Key reused with another body',
  428: 'If-Match missing',
  500: 'A fault; the body says nothing more, the log has it under `requestId`',
  503: 'A dependency throttled the request; retry after `Retry-After` seconds',
};

const problemContent = { 'application/problem+json': { schema: Problem } };

const RESPONSE_EXTRAS: Record<number, object> = {
  // in AWS the gateway refuses a missing or invalid token with its own body; the local runtime with a problem
  401: {
    description:
      'Missing or invalid token: API Gateway\'s JWT authorizer answers `{"message":"Unauthorized"}` (application/json); the local runtime a problem',
    content: { ...problemContent, 'application/json': { schema: GatewayMessage } },
  },
  503: {
    headers: {
      'Retry-After': {
        description: 'Seconds to wait before retrying',
        required: true,
        schema: { type: 'string' as const },
      },
    },
  },
};

export const problemResponses = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: PROBLEM_TEXT[status] ?? 'Problem',
        content: problemContent,
        ...RESPONSE_EXTRAS[status],
      },
    ]),
  );

interface Header {
  readonly description: string;
  readonly required: boolean;
  readonly schema: { readonly type: 'string' };
}

const ETAG = {
  ETag: {
    description: 'Version of the resource, e.g. "3"',
    required: true,
    schema: { type: 'string' as const },
  },
};
const location = (description: string) => ({
  Location: {
    description: `The new resource: ${description}`,
    required: true,
    schema: { type: 'string' as const },
  },
});

/** A JSON answer; `etag` when it carries the resource's version as ETag, `location` for a created resource. */
export const json = (
  schema: z.ZodType,
  description: string,
  headers: { etag?: boolean; location?: string } = {},
): ResponseConfig => {
  const all: Record<string, Header> = {
    ...(headers.etag ? ETAG : {}),
    ...(headers.location ? location(headers.location) : {}),
  };
  return {
    description,
    content: { 'application/json': { schema } },
    ...(Object.keys(all).length > 0 ? { headers: all as ResponseConfig['headers'] } : {}),
  };
};

/** A required JSON request body. */
export const jsonBody = (schema: z.ZodType) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/)
    .optional()
    .meta({
      description:
        'Repeat a create safely: the same key (per caller and route) replays the first answer for 24 h; 1-255 visible ASCII characters',
    }),
});

type Json = Record<string, unknown>;

/**
 * Closes every object schema with properties (additionalProperties false) unless it says
 * otherwise: the answers carry exactly the members the document names, so a member that appears
 * or disappears is drift a validator catches. Parts of an allOf are left open (a closed part
 * would refuse the members of the others).
 */
function closeObjects(node: unknown, inAllOf = false): void {
  if (Array.isArray(node)) {
    for (const item of node) closeObjects(item, inAllOf);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const schema = node as Json;
  const properties = schema.properties as Json | undefined;
  if (
    !inAllOf &&
    schema.type === 'object' &&
    properties &&
    Object.keys(properties).length > 0 &&
    schema.additionalProperties === undefined
  ) {
    schema.additionalProperties = false;
  }
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'example' || key === 'examples' || key === 'default') continue;
    closeObjects(value, key === 'allOf');
  }
}

/**
 * Every operation may answer 500 and 503 (and, behind the authorizer, 401), whatever its own
 * list says: those come from the platform, not from the route.
 */
function addPlatformResponses(paths: Json): void {
  for (const operations of Object.values(paths)) {
    for (const operation of Object.values(operations as Json) as Json[]) {
      const responses = operation.responses as Json;
      const secured = (operation.security as unknown[] | undefined)?.length !== 0;
      const statuses = secured ? [401, 500, 503] : [500, 503];
      for (const [status, response] of Object.entries(problemResponses(...statuses))) {
        responses[status] = response;
      }
    }
  }
}

/** The last step of building the document: platform answers, closed objects. */
export function finishDocument<D extends { paths?: unknown; components?: unknown }>(document: D): D {
  addPlatformResponses((document.paths ?? {}) as Json);
  closeObjects(document.components);
  closeObjects(document.paths);
  return document;
}
