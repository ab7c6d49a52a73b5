import { Duration, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnRoute,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  type HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  CORS_ALLOW_HEADERS,
  CORS_ALLOW_METHODS,
  CORS_EXPOSE_HEADERS,
  CORS_MAX_AGE_SECONDS,
} from '../config/cors.ts';
import type { ApiThrottle } from '../config/districts.ts';
import type { HttpRoute } from '../manifest.ts';

/** One JSON object per request; `$context.requestId` first so every line can be correlated. */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  sub: '$context.authorizer.claims.sub',
  clientId: '$context.authorizer.claims.client_id',
} as const;

export interface PlatformApiProps {
  readonly districtCode: string;
  readonly throttle: ApiThrottle;
  readonly corsOrigins: readonly string[];
  readonly logRetention: RetentionDays;
  /** Issuer of the tokens the JWT authorizer accepts (the user pool's, or an external OIDC issuer). */
  readonly jwtIssuer: string;
  /** Client ids accepted as `aud` / `client_id`. */
  readonly jwtAudience: readonly string[];
}

/**
 * The district's HTTP API: one `$default` stage with throttling and JSON access logs, CORS for the
 * district's front ends, and a JWT authorizer on the district's issuer (its user pool, or an
 * external OIDC issuer). Routes come only from the manifest, through `addFunctionRoutes`, with the
 * scopes a route requires enforced by the gateway.
 */
export class PlatformApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogGroup: LogGroup;
  readonly jwtAuthorizer: HttpJwtAuthorizer;

  constructor(scope: Construct, id: string, props: PlatformApiProps) {
    super(scope, id);

    this.api = new HttpApi(this, 'HttpApi', {
      apiName: `pmsc-${props.districtCode}`,
      description: `Party-Mass Service Centers API of district ${props.districtCode}`,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [...props.corsOrigins],
        allowMethods: CORS_ALLOW_METHODS.map((method) => CorsHttpMethod[method]),
        allowHeaders: [...CORS_ALLOW_HEADERS],
        exposeHeaders: [...CORS_EXPOSE_HEADERS],
        maxAge: Duration.seconds(CORS_MAX_AGE_SECONDS),
      },
    });

    this.accessLogGroup = new LogGroup(this, 'AccessLogs', { retention: props.logRetention });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttle.rateLimit, burstLimit: props.throttle.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogGroup),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    this.jwtAuthorizer = new HttpJwtAuthorizer('JwtAuthorizer', props.jwtIssuer, {
      authorizerName: 'jwt',
      jwtAudience: [...props.jwtAudience],
    });
  }

  /** Base URL of the API (the `$default` stage). */
  get url(): string {
    return this.stage.url;
  }

  /**
   * Adds the routes of one manifest entry, all integrated with its function: `jwt` routes go through
   * the JWT authorizer, `public` routes have none.
   */
  addFunctionRoutes(constructId: string, fn: IFunction, routes: readonly HttpRoute[]): void {
    // One invoke permission per function, scoped to this API, instead of one per route: a route
    // costs a route and nothing else in the stack's 500-resource budget. The function answers 404
    // to a route key it does not serve, so the wider permission opens nothing.
    const integration = new HttpLambdaIntegration(`${constructId}Integration`, fn, {
      scopePermissionToRoute: false,
    });
    for (const route of routes) {
      const [httpRoute] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        authorizer: route.auth === 'jwt' ? this.jwtAuthorizer : new HttpNoneAuthorizer(),
        ...(route.auth === 'jwt' && route.scopes?.length ? { authorizationScopes: [...route.scopes] } : {}),
      });
      if (route.auth === 'public' && httpRoute) {
        Validations.of(httpRoute.node.defaultChild as CfnRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} is declared public in the manifest (health check, API description, the console page and its files and sign-in settings): it serves no personal data and must be reachable without a token.`,
        });
      }
    }
  }
}
