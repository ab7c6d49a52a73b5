import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../../shared/api/openapi.ts';

/**
 * The words of the OpenAPI document are what client developers read: every description, summary
 * and title says something, and every example is a value its own schema accepts, so an example
 * copied into a request is not refused.
 */

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
type Json = Record<string, unknown>;
const document = buildOpenApiDocument() as unknown as Json;

/** Every object of the document with the path that leads to it. */
function* nodes(node: unknown, path: string): Generator<{ node: Json; path: string }> {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* nodes(item, `${path}/${i}`);
    return;
  }
  if (!node || typeof node !== 'object') return;
  yield { node: node as Json, path };
  for (const [key, value] of Object.entries(node as Json)) {
    // examples are values: an object member called "description" inside one is data, not text
    if (key === 'example' || key === 'examples') continue;
    yield* nodes(value, `${path}/${key}`);
  }
}

const TEXT_MEMBERS = ['description', 'summary', 'title'] as const;

describe('the words of the OpenAPI document', () => {
  const all = [...nodes(document, '#')];

  it('has hundreds of described members (the check below reads something)', () => {
    expect(all.filter(({ node }) => typeof node.description === 'string').length).toBeGreaterThan(200);
  });

  it('gives no empty or blank description, summary or title', () => {
    const blank = all.flatMap(({ node, path }) =>
      TEXT_MEMBERS.filter((member) => member in node && typeof node[member] === 'string')
        .filter((member) => (node[member] as string).trim().length < 3)
        .map((member) => `${path}/${member}`),
    );
    expect(blank).toEqual([]);
  });

  it('gives examples that their own schema accepts', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const id = 'pmsc-openapi-text';
    const rewrite = (node: unknown): unknown =>
      Array.isArray(node)
        ? node.map(rewrite)
        : node && typeof node === 'object'
          ? Object.fromEntries(
              Object.entries(node as Json).map(([k, v]) => [
                k,
                k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${id}${v}` : rewrite(v),
              ]),
            )
          : node;
    ajv.addSchema({ $id: id, components: rewrite(document.components) }, id);
    const schemaNodes = all.filter(
      ({ node, path }) => 'example' in node && (path.includes('/schemas/') || path.endsWith('/schema')),
    );
    expect(schemaNodes.length).toBeGreaterThan(10);
    const refused = schemaNodes.flatMap(({ node, path }) => {
      const { example, ...schema } = node;
      const validate = ajv.compile(rewrite(schema) as Json);
      return validate(example)
        ? []
        : [`${path}: ${JSON.stringify(example)} ${ajv.errorsText(validate.errors)}`];
    });
    expect(refused).toEqual([]);
  });
});
