/**
 * CDK entry point: one stack per district, chosen with `-c district=<code>`
 * (`npx cdk synth -c district=310113`, `npx cdk deploy -c district=310113`).
 */
import { createDistrictApp } from './stacks/district-app.ts';

let built: ReturnType<typeof createDistrictApp>;
try {
  built = createDistrictApp();
} catch (error) {
  // A wrong or missing district is a usage error: say which codes exist, without a stack trace.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
built.app.synth();
