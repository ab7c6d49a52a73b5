/**
 * How every function is bundled (esbuild through the CDK NodejsFunction). Kept in its own module
 * so that the benchmarks (bench/) bundle with this very object and cannot drift from the stack.
 */
import { type BundlingOptions, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * Lets CommonJS dependencies bundled into an ESM output call `require` (esbuild's shim needs a
 * real one). Aliased so that it cannot clash with a bundled top-level `createRequire`.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __pmscCreateRequire } from 'node:module'; const require = __pmscCreateRequire(import.meta.url);";

/** ESM (module builds of the SDK and Powertools first, for tree-shaking), minified, with source maps. */
export const LAMBDA_BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  minify: true,
  sourceMap: true,
  sourceMapMode: SourceMapMode.DEFAULT,
  sourcesContent: false,
  target: 'node24',
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
  // The Node.js 24 Lambda runtime ships the AWS SDK v3: leaving it out of the bundle saves about
  // 340 KiB per function (and init time). The SDK the tests run against is the one in
  // package.json; the runtime's may be newer (docs/deployment.md).
  externalModules: ['@aws-sdk/*'],
};
