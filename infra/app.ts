/**
 * CDK entry point: a data stack and an app stack per district, chosen with `-c district=<key>`
 * (`npx cdk synth -c district=310113`), several at once with a list, a city code or `all`
 * (`npx cdk synth -c district=310113,310104`, `-c district=310000`, `-c district=all`).
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
