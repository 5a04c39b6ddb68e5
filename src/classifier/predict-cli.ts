/**
 * `npm run predict -- --title "..." [--description "..."] [--model <version>] [--models models/tagifai]
 * [--threshold 0.5]`: classifies one project and prints the prediction as JSON.
 *
 * The quickest way to try a model by hand; it loads the model exactly as the service does.
 */
import { join } from 'node:path';
import { latestModelVersion } from './model/model-registry.js';
import { Predictor } from './model/predictor.js';
import { parseFlags, requireFlag, UsageError } from './training/cli-args.js';

async function main(argv: readonly string[]): Promise<void> {
  const flags = parseFlags(argv, ['title', 'description', 'model', 'models', 'threshold']);
  const title = requireFlag(flags, 'title');
  const root = flags.models ?? 'models/tagifai';
  const version = flags.model ?? latestModelVersion(root);
  if (version === undefined) throw new UsageError(`no model versions under ${root}; run npm run train first`);
  const threshold = flags.threshold === undefined ? 0 : Number(flags.threshold);
  if (!(threshold >= 0 && threshold <= 1)) throw new UsageError(`--threshold must be a number in [0, 1], got "${flags.threshold}"`);
  const predictor = await Predictor.load(join(root, version), { threshold });
  try {
    const [prediction] = await predictor.predict([{ title, description: flags.description ?? '' }]);
    console.log(JSON.stringify({ model: predictor.id, ...prediction }, null, 2));
  } finally {
    await predictor.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`predict: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
