/**
 * The OpenAPI document as a test oracle: every answer of the local API is checked against the
 * operation it answers (status, media type, body schema with Ajv's draft 2020-12, and the
 * Location / ETag / Retry-After headers), so an answer that drifts from the document fails the
 * test that received it.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { buildOpenApiDocument } from '../../shared/api/openapi.ts';

// ajv-formats is CommonJS: under NodeNext its default export is the module object
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

type Json = Record<string, unknown>;

interface ResponseSpec {
  readonly content?: Record<string, { schema?: Json }>;
  readonly headers?: Record<string, { required?: boolean }>;
}

interface Operation {
  readonly operationId?: string;
  readonly responses: Record<string, ResponseSpec>;
}

/** What the checker needs of an answer. */
export interface ObservedResponse {
  readonly method: string;
  /** Path and query, e.g. `/centers?level=street`. */
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** Headers whose presence the document states per response. */
const CHECKED_HEADERS = ['location', 'etag', 'retry-after'];
const DOCUMENT_ID = 'pmsc-openapi';

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node as Json).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' && value.startsWith('#/')
        ? `${DOCUMENT_ID}${value}`
        : rewriteRefs(value),
    ]),
  );
}

function templateRegex(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

/** Ajv's errors with the offending member named (`body/items/0 has unknown member extra`). */
function describeErrors(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .slice(0, 8)
    .map((error) => {
      const at = `body${error.instancePath}`;
      const params = error.params as { additionalProperty?: string };
      return params.additionalProperty
        ? `${at} has unknown member ${params.additionalProperty}`
        : `${at} ${error.message ?? 'is invalid'}`;
    })
    .join('; ');
}

export interface Contract {
  /** The ways `response` differs from the document; empty when it conforms. */
  check(response: ObservedResponse): string[];
}

export function createContract(document: Json = buildOpenApiDocument() as unknown as Json): Contract {
  const doc = rewriteRefs(document) as Json;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: DOCUMENT_ID, components: doc.components }, DOCUMENT_ID);
  const validators = new Map<string, ValidateFunction>();
  const paths = Object.entries(doc.paths as Record<string, Record<string, Operation>>)
    .map(([template, operations]) => ({
      template,
      operations,
      regex: templateRegex(template),
      params: (template.match(/\{/g) ?? []).length,
    }))
    // a literal segment wins over a parameter (/centers/import before /centers/{id})
    .sort((a, b) => a.params - b.params);
  const problem = ajv.compile({ $ref: `${DOCUMENT_ID}#/components/schemas/Problem` });

  const validatorFor = (key: string, schema: Json): ValidateFunction => {
    let validate = validators.get(key);
    if (!validate) {
      validate = ajv.compile(schema);
      validators.set(key, validate);
    }
    return validate;
  };

  return {
    check(response) {
      const { pathname } = new URL(response.url, 'http://contract.invalid');
      const method = response.method.toLowerCase();
      const where = paths.find((p) => p.regex.test(pathname) && p.operations[method]);
      const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      let body: unknown;
      try {
        body = response.text === '' ? undefined : JSON.parse(response.text);
      } catch {
        body = undefined;
      }
      if (!where) {
        // not an operation of the document: only "no such route" may answer
        if (response.status !== 404 && response.status !== 405)
          return [`${response.method} ${pathname} is not in the document, yet answered ${response.status}`];
        if (contentType === 'application/problem+json' && !problem(body)) {
          return [`the ${response.status} problem does not fit Problem: ${describeErrors(problem)}`];
        }
        return [];
      }
      const operation = where.operations[method]!;
      const name = `${operation.operationId ?? `${method} ${where.template}`} → ${response.status}`;
      const spec = operation.responses[String(response.status)] ?? operation.responses.default;
      if (!spec) return [`${name}: status ${response.status} is not documented`];

      const problems: string[] = [];
      const documentedHeaders = Object.fromEntries(
        Object.entries(spec.headers ?? {}).map(([header, value]) => [header.toLowerCase(), value]),
      );
      for (const header of CHECKED_HEADERS) {
        const sent = response.headers.has(header);
        if (sent && !documentedHeaders[header])
          problems.push(`${name}: header ${header} is sent but not documented`);
        if (!sent && documentedHeaders[header]?.required)
          problems.push(`${name}: documented header ${header} is missing`);
      }

      const content = spec.content ?? {};
      if (response.text === '') {
        if (Object.keys(content).length > 0)
          problems.push(`${name}: the body is empty, the document gives one`);
        return problems;
      }
      const media = content[contentType];
      if (!media) {
        problems.push(
          `${name}: content-type ${contentType || '(none)'} is not documented (${Object.keys(content).join(', ') || 'no body'})`,
        );
        return problems;
      }
      // a text body (text/csv) is checked as the string it is
      const text = !/json$/.test(contentType);
      const value = text ? response.text : body;
      if (value === undefined) {
        problems.push(`${name}: the body is not JSON`);
        return problems;
      }
      if (media.schema) {
        const validate = validatorFor(
          `${where.template}|${method}|${response.status}|${contentType}`,
          media.schema,
        );
        if (!validate(value)) {
          problems.push(`${name}: the body does not fit the document: ${describeErrors(validate)}`);
        }
      }
      return problems;
    },
  };
}

let shared: Contract | undefined;

/** One contract per test file: compiling the document's schemas takes a moment. */
export function projectContract(): Contract {
  shared ??= createContract();
  return shared;
}
