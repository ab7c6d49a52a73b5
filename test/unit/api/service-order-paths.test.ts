import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../../shared/api/openapi.ts';

/** The service catalog and service orders in the OpenAPI document. */

const document = buildOpenApiDocument();
type Operation = {
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
};
const paths = document.paths as Record<string, Record<string, Operation>>;

describe('the OpenAPI document, service orders', () => {
  it('has the catalog and order schemas as components', () => {
    expect(Object.keys(document.components?.schemas ?? {})).toEqual(
      expect.arrayContaining([
        'Service',
        'PutService',
        'ServiceAttribute',
        'ServiceOrder',
        'OrderHistoryEntry',
        'CreateServiceOrder',
        'ServicesPage',
        'ServiceOrdersPage',
      ]),
    );
  });

  it.each([
    ['accept', 'AcceptServiceOrder'],
    ['complete', 'CompleteServiceOrder'],
    ['reject', 'RejectServiceOrder'],
    ['transfer', 'TransferServiceOrder'],
    ['cancel', 'CancelServiceOrder'],
    ['rating', 'RateServiceOrder'],
    ['close-follow-up', 'CloseServiceOrderFollowUp'],
  ])(
    'documents POST /service-orders/{id}/%s with its body and the 409 of a refused transition',
    (action, schema) => {
      const operation = paths[`/service-orders/{id}/${action}`]?.post;
      expect(operation?.requestBody?.content['application/json']?.schema.$ref).toBe(
        `#/components/schemas/${schema}`,
      );
      expect(operation?.responses['200']?.content?.['application/json']?.schema.$ref).toBe(
        '#/components/schemas/ServiceOrder',
      );
      expect(Object.keys(operation?.responses['409']?.content ?? {})).toEqual(['application/problem+json']);
    },
  );

  it('documents the order POST with its 201 and the 400 that names each field', () => {
    const create = paths['/service-orders']?.post;
    expect(create?.requestBody?.content['application/json']?.schema.$ref).toBe(
      '#/components/schemas/CreateServiceOrder',
    );
    expect(Object.keys(create?.responses ?? {})).toEqual(
      expect.arrayContaining(['201', '400', '403', '422']),
    );
  });
});
