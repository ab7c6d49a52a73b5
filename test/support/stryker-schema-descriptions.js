// @ts-check
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

/**
 * With MUTATION_DESCRIPTIONS=skip, leaves out the mutants of schema documentation: the argument of
 * `.describe(...)`, the `description`, `example`, `summary` and `title` members of `.meta({...})` /
 * `.openapi({...})`, and such an object when it holds nothing else. Only a reader of the OpenAPI
 * document sees that text; a test pinning it would pin wording, not a rule. The schemas are built
 * when their module loads, so each such mutant is "static" (Stryker reruns every test of every
 * importing file for it): skipping them makes a run on one module quick. The full
 * `npm run mutation` runs them, and test/support/mutation-summary.ts scores them apart with the
 * same rules.
 */
export const REASON = 'schema description';

const DOC_MEMBERS = new Set(['description', 'example', 'summary', 'title']);
const DOC_CALLS = new Set(['meta', 'openapi']);

/** @param {any} node */
function calleeName(node) {
  if (node?.type !== 'CallExpression') return undefined;
  const callee = node.callee;
  if (callee?.type !== 'MemberExpression' || callee.property?.type !== 'Identifier') return undefined;
  return callee.property.name;
}

/** @param {any} property */
const isDocMember = (property) =>
  property.type === 'ObjectProperty' &&
  !property.computed &&
  property.key.type === 'Identifier' &&
  DOC_MEMBERS.has(property.key.name);

/** @param {any} path */
function shouldIgnore(path) {
  if (process.env.MUTATION_DESCRIPTIONS !== 'skip') return undefined;
  const node = path.node;
  const parent = path.parent;
  if (
    (node.type === 'StringLiteral' || node.type === 'TemplateLiteral') &&
    calleeName(parent) === 'describe' &&
    parent.arguments[0] === node
  ) {
    return REASON;
  }
  if (
    isDocMember(node) &&
    parent?.type === 'ObjectExpression' &&
    DOC_CALLS.has(calleeName(path.parentPath?.parent) ?? '')
  ) {
    return REASON;
  }
  if (
    node.type === 'ObjectExpression' &&
    node.properties.length > 0 &&
    node.properties.every(isDocMember) &&
    DOC_CALLS.has(calleeName(parent) ?? '')
  ) {
    return REASON;
  }
  return undefined;
}

export const strykerPlugins = [declareValuePlugin(PluginKind.Ignore, 'SchemaDescriptions', { shouldIgnore })];
