import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { NotFoundError } from '../domain/errors.ts';
import type { HttpEvent } from './http.ts';
import { logger, metrics } from './powertools.ts';
import { problemResponse } from './problem.ts';

/** What one route of a function answers with; `httpHandler` builds these. */
export type RouteFn = (event: HttpEvent, context: Context) => Promise<APIGatewayProxyResultV2>;

/** Route key (`GET /centers/{id}`, as API Gateway sends it in `event.routeKey`) to its route. */
export type RouteTable = Readonly<Record<string, RouteFn>>;

/**
 * One Lambda for the routes of a bounded context: Powertools logger (with the Lambda context and
 * the route key) and metrics (cold start) around a dispatch on `event.routeKey`. The table is
 * derived from the manifest (infra/http-entries.ts writes the entry that builds it), so API Gateway
 * keeps one route per path, with its authorizer and scopes, and the function runs the file the
 * manifest names for that route.
 */
export function httpFunction(routes: RouteTable) {
  const handle = async (event: HttpEvent, context: Context): Promise<APIGatewayProxyResultV2> => {
    const route = Object.hasOwn(routes, event.routeKey) ? routes[event.routeKey] : undefined;
    if (route === undefined) {
      // Only a misconfigured integration gets here: the gateway sends nothing else.
      logger.error('no route for this route key', { routeKey: event.routeKey });
      const requestId = event.requestContext?.requestId ?? context.awsRequestId;
      return problemResponse(
        new NotFoundError(`this function serves no route ${event.routeKey}`),
        event.rawPath,
        requestId,
      );
    }
    // the gateway's request id, the one problem bodies and the access log carry
    logger.appendKeys({ route: event.routeKey, requestId: event.requestContext?.requestId });
    return route(event, context);
  };
  return middy(handle)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}
