import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { CopyDecisionSchema, MenuCopySchema } from '../domain/menu-copy.ts';
import {
  CenterMenuParams,
  MenuAcceptedSchema,
  MenuParams,
  MenuWithProgressSchema,
  PageOfMenusQuery,
  PushMenuSchema,
  UpdateMenuSchema,
  WithdrawMenuSchema,
} from '../domain/menus.ts';
import { CenterParams } from '../domain/params.ts';
import { page } from '../domain/schema-kit.ts';
import { IdempotencyHeader, jsonBody } from './document-kit.ts';
import type { PathHelpers } from './grid-paths.ts';

const MenuCopiesPage = page(MenuCopySchema, 'MenuCopiesPage');

const IfMatch = z.object({
  'if-match': z.string().meta({ description: 'The ETag last read; a stale one gets 412', example: '"1"' }),
});
const OptionalIfMatch = z.object({
  'if-match': z
    .string()
    .optional()
    .meta({ description: 'Optional: the ETag last read; a stale one gets 412', example: '"1"' }),
});

/** Menus pushed down the tree, their progress, and what each center received. */
export function registerMenuPaths(
  registry: OpenAPIRegistry,
  { json, problemResponses, secured }: PathHelpers,
) {
  const read = problemResponses(400, 401, 403, 404);
  const write = problemResponses(400, 401, 403, 404, 409, 412, 413, 415);
  const accepted = (description: string) =>
    json(MenuAcceptedSchema, description, { etag: true, location: '/menus/{id}' });

  registry.registerPath({
    method: 'post',
    path: '/centers/{id}/menus',
    operationId: 'pushMenu',
    tags: ['menus'],
    summary:
      'Publish a course or service menu at a center for the centers below it (staff of the center or above, admins, or a machine client with pmsc/menus:push). Counts the centers in scope, then fans out through the queues',
    security: secured,
    request: { params: CenterParams, headers: IdempotencyHeader, body: jsonBody(PushMenuSchema) },
    responses: {
      202: accepted('Accepted; follow Location for the delivery progress'),
      ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/menus/{id}',
    operationId: 'getMenu',
    tags: ['menus'],
    summary:
      'A menu and the delivery progress of its latest revision: expected, queued, delivered, failed (each with its center and reason), done',
    security: secured,
    request: { params: MenuParams },
    responses: { 200: json(MenuWithProgressSchema, 'The menu', { etag: true }), ...read },
  });
  registry.registerPath({
    method: 'put',
    path: '/menus/{id}',
    operationId: 'updateMenu',
    tags: ['menus'],
    summary:
      'Publish a new version: every copy below gets it, keeping its center decision (an adaptation is flagged for review)',
    security: secured,
    request: { params: MenuParams, headers: IfMatch, body: jsonBody(UpdateMenuSchema) },
    responses: { 202: accepted('Accepted; the new version fans out'), ...write, ...problemResponses(428) },
  });
  registry.registerPath({
    method: 'post',
    path: '/menus/{id}/withdraw',
    operationId: 'withdrawMenu',
    tags: ['menus'],
    summary: 'Withdraw a menu everywhere: each copy is marked withdrawn, with the reason',
    security: secured,
    request: { params: MenuParams, headers: OptionalIfMatch, body: jsonBody(WithdrawMenuSchema) },
    responses: { 202: accepted('Accepted; the withdrawal fans out'), ...write },
  });
  registry.registerPath({
    method: 'get',
    path: '/centers/{id}/menus',
    operationId: 'listCenterMenus',
    tags: ['menus'],
    summary:
      'The menus a center has received, newest first, with its decision on each (staff of the center or above, admins)',
    security: secured,
    request: { params: CenterParams, query: PageOfMenusQuery },
    responses: { 200: json(MenuCopiesPage, 'A page of copies'), ...read },
  });
  registry.registerPath({
    method: 'patch',
    path: '/centers/{id}/menus/{menuId}',
    operationId: 'decideMenuCopy',
    tags: ['menus'],
    summary: 'Adopt, decline (with a reason) or adapt (with local changes) a menu the center received',
    security: secured,
    request: { params: CenterMenuParams, headers: IfMatch, body: jsonBody(CopyDecisionSchema) },
    responses: { 200: json(MenuCopySchema, 'The copy', { etag: true }), ...write, ...problemResponses(428) },
  });
}
