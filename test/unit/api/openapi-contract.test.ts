import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { DEMO_SERVICES } from '../../../infra/local/demo-services.ts';
import { functions } from '../../../infra/manifest.ts';
import { buildOpenApiDocument } from '../../../shared/api/openapi.ts';
import { ConflictError } from '../../../shared/domain/errors.ts';
import { problemResponse } from '../../../shared/runtime/problem.ts';

/** What a client generator and a response validator need of the document. */

type Json = Record<string, unknown>;
type Operation = {
  operationId?: string;
  security?: unknown[];
  requestBody?: { required?: boolean };
  responses: Record<string, { content?: Record<string, { schema: Json }>; headers?: Json }>;
};

const document = buildOpenApiDocument() as unknown as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json> };
};
const operations = Object.entries(document.paths).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, operation]) => ({ path, method, operation })),
);

const camel = (id: string) => id.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
const manifestIds = new Map(
  functions.flatMap((fn) =>
    fn.trigger.kind === 'http'
      ? fn.trigger.routes.map(
          // a route's operationId is its file's name: functions/centers/get-center.ts -> getCenter
          (route) =>
            [
              `${route.method.toLowerCase()} ${route.path}`,
              camel(route.entry.split('/').at(-1)!.replace(/\.ts$/, '')),
            ] as const,
        )
      : [],
  ),
);

function schemaValidator() {
  const ajv = new Ajv2020({ strict: false });
  const rewrite = (node: unknown): unknown =>
    Array.isArray(node)
      ? node.map(rewrite)
      : node && typeof node === 'object'
        ? Object.fromEntries(
            Object.entries(node as Json).map(([k, v]) => [
              k,
              k === '$ref' && typeof v === 'string' ? `doc${v}` : rewrite(v),
            ]),
          )
        : node;
  ajv.addSchema({ $id: 'doc', components: rewrite(document.components) }, 'doc');
  return (name: string) => ajv.compile({ $ref: `doc#/components/schemas/${name}` });
}

describe('the OpenAPI document for generated clients', () => {
  it.each(operations)(
    '$method $path has the operationId of its route file in the manifest',
    ({ path, method, operation }) => {
      expect(operation.operationId).toBe(manifestIds.get(`${method} ${path}`));
    },
  );

  it('marks every request body required', () => {
    const optional = operations.filter(
      ({ operation }) => operation.requestBody && !operation.requestBody.required,
    );
    expect(optional.map(({ method, path }) => `${method} ${path}`)).toEqual([]);
  });

  it('documents 500 and 503 on every operation, and 401 on every one behind the authorizer', () => {
    for (const { path, method, operation } of operations) {
      const statuses = Object.keys(operation.responses);
      expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(['500', '503']));
      if (operation.security?.length !== 0) expect(statuses, `${method} ${path}`).toContain('401');
    }
    const unauthorized = document.paths['/centers']!.get!.responses['401']!;
    expect(Object.keys(unauthorized.content ?? {})).toEqual(['application/problem+json', 'application/json']);
  });

  it('gives one schema per status (no anyOf of alternatives)', () => {
    for (const { path, method, operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        for (const media of Object.values(response.content ?? {})) {
          expect(media.schema.anyOf ?? media.schema.oneOf, `${method} ${path} ${status}`).toBeUndefined();
        }
      }
    }
  });

  it('sends Location with what a create answers, and ETag with every versioned resource', () => {
    const headers = (path: string, method: string, status: string) =>
      Object.keys(document.paths[path]![method]!.responses[status]!.headers ?? {});
    expect(headers('/centers', 'post', '201')).toEqual(['ETag', 'Location']);
    expect(headers('/centers/{id}/closures', 'post', '201')).toEqual(['Location']);
    expect(headers('/centers/import', 'post', '202')).toEqual(['Location']);
    expect(headers('/service-orders', 'post', '201')).toEqual(['ETag', 'Location']);
    expect(headers('/service-orders/{id}/accept', 'post', '200')).toEqual(['ETag']);
    expect(headers('/centers/{id}', 'get', '200')).toEqual(['ETag']);
  });

  it('describes every problem extension member the API sends, and is closed to others', () => {
    const problem = document.components.schemas.Problem as {
      properties: Json;
      additionalProperties: boolean;
    };
    expect(Object.keys(problem.properties)).toEqual(
      expect.arrayContaining([
        'errors',
        'limit',
        'currentVersion',
        'orderStatus',
        'allowedFrom',
        'resource',
        'id',
      ]),
    );
    expect(problem.additionalProperties).toBe(false);
  });

  it('has a satisfiable ServiceAttribute: the demo catalog validates', () => {
    const validate = schemaValidator()('PutService');
    for (const { code: _code, ...service } of DEMO_SERVICES) {
      expect(validate(service), `${_code}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('keeps closed objects closed: an unknown member of a center fails', () => {
    const validate = schemaValidator()('Location');
    expect(validate({ lat: 31.4, lon: 121.4 })).toBe(true);
    expect(validate({ lat: 31.4, lon: 121.4, alt: 3 })).toBe(false);
  });
});

describe('problem answers', () => {
  it('keep status the HTTP status even when an extension says otherwise', () => {
    const answer = problemResponse(new ConflictError('taken', { status: 'accepted' }), '/x', 'r-1');
    expect(JSON.parse(answer.body as string)).toMatchObject({
      status: 409,
      type: 'https://pmsc.example/problems/conflict',
    });
  });
});
