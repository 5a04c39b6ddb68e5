/**
 * `npm run predict -- --title "..." [--description "..."] [--model <version>] [--models models/tagifai]
 * [--threshold 0.5]`: classifies one project and prints the prediction as JSON.
 *
 * The quickest way to try a model by hand; it loads the model exactly as the service does.
 * `--help` (or `-h`) prints the usage and exits 0; a usage error prints it too and exits 2; a model
 * that cannot be loaded exits 1 (`runCli`, shared with the training CLIs).
 */
import { join } from 'node:path';
import { latestModelVersion } from './model/model-registry.js';
import { Predictor } from './model/predictor.js';
import { parseFlags, requireFlag, runCli, UsageError } from './training/cli-args.js';

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

const USAGE = `usage: npm run predict -- --title "<title>" [--description "<text>"] [--model <version>]
       [--models models/tagifai] [--threshold 0.5]
  --title        the project's title (required)
  --description  the project's description (default: empty)
  --model        model version, e.g. v1 (default: the newest under --models)
  --models       folder of model versions (default: models/tagifai)
  --threshold    top probability below which the label is "other" (default: 0, no threshold)`;

void runCli('predict', USAGE, main);
