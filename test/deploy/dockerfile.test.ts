/**
 * The Dockerfile, checked statically: no Docker engine runs in this environment or in CI, so the
 * properties that matter in production are read from the file itself — a glibc base (uWS does not
 * load on musl), multi-stage with production dependencies only at the end, a non-root user, the
 * port, a health check on /healthz, and an exec-form command so SIGTERM reaches node.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface Instruction { keyword: string; args: string }
interface Stage { from: string; name: string | undefined; instructions: Instruction[] }

/** Splits a Dockerfile into instructions (continuation lines joined, comments dropped) grouped by stage. */
function parseDockerfile(text: string): { args: Map<string, string>; stages: Stage[] } {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#') || (line === '' && pending === '')) continue;
    if (line.endsWith('\\')) { pending += line.slice(0, -1) + ' '; continue; }
    logical.push(pending + line);
    pending = '';
  }
  const args = new Map<string, string>();
  const stages: Stage[] = [];
  for (const line of logical) {
    const match = /^(\w+)\s+(.*)$/s.exec(line);
    if (match === null) continue;
    const keyword = match[1]!.toUpperCase();
    const rest = match[2]!.trim();
    if (keyword === 'FROM') {
      const [image, as, name] = rest.split(/\s+/);
      const resolved = image!.replace(/\$\{(\w+)\}/g, (_, key: string) => args.get(key) ?? '');
      stages.push({ from: resolved, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else if (stages.length === 0 && keyword === 'ARG') {
      const [key, value] = rest.split('=');
      args.set(key!, value ?? '');
    } else if (stages.length > 0) {
      stages.at(-1)!.instructions.push({ keyword, args: rest });
    }
  }
  return { args, stages };
}

const dockerfile = parseDockerfile(readFileSync(`${root}Dockerfile`, 'utf8'));
const finalStage = dockerfile.stages.at(-1)!;
const finalOf = (keyword: string): Instruction[] => finalStage.instructions.filter((i) => i.keyword === keyword);

t.test('every stage starts from a glibc Debian image of Node 20, never Alpine', async (t) => {
  t.ok(dockerfile.stages.length >= 2);
  for (const stage of dockerfile.stages) {
    t.match(stage.from, /^node:20[.\d]*-(bookworm|bullseye)(-slim)?$/, `stage ${stage.name} base ${stage.from}`);
    t.notMatch(stage.from, /alpine|musl/);
  }
});

t.test('the build is multi-stage and the final stage copies dist/ from the build stage', async (t) => {
  const builder = dockerfile.stages[0]!;
  t.ok(builder.instructions.some((i) => i.keyword === 'RUN' && /npm run build/.test(i.args)), 'build stage compiles');
  t.ok(finalOf('COPY').some((i) => i.args.startsWith(`--from=${builder.name} `) && /\/app\/dist/.test(i.args)), 'dist copied from the build stage');
});

t.test('the final stage installs production dependencies only', async (t) => {
  const installs = finalOf('RUN').filter((i) => /npm (ci|install)\b/.test(i.args));
  t.ok(installs.length > 0, 'the final stage runs npm ci');
  for (const install of installs) t.match(install.args, /npm ci --omit=dev/);
  t.notOk(finalOf('RUN').some((i) => /npm run build|tsc\b/.test(i.args)), 'no TypeScript build in the final stage');
});

t.test('the container runs as a non-root user', async (t) => {
  const user = finalOf('USER').at(-1);
  t.ok(user, 'USER is set in the final stage');
  t.notMatch(user!.args, /^(root|0)(:|$)/);
});

t.test('port 8000 is exposed and the service listens on every interface', async (t) => {
  t.ok(finalOf('EXPOSE').some((i) => i.args.split(/\s+/).includes('8000')));
  const env = finalOf('ENV').map((i) => i.args).join(' ');
  t.match(env, /TAGIFAI_HOST=0\.0\.0\.0/);
  t.match(env, /TAGIFAI_PORT=8000/);
});

t.test('the health check asks /healthz', async (t) => {
  const check = finalOf('HEALTHCHECK');
  t.equal(check.length, 1);
  t.match(check[0]!.args, /CMD .*\/healthz/);
});

t.test('the command is exec-form node on the service entry point, so SIGTERM reaches the server', async (t) => {
  const command = [...finalOf('CMD'), ...finalOf('ENTRYPOINT')];
  t.equal(command.length, 1, 'exactly one CMD or ENTRYPOINT');
  const argv = JSON.parse(command[0]!.args) as unknown;
  t.same(argv, ['node', 'dist/src/classifier/main.js']);
});

t.test('.dockerignore keeps local build output, dependencies and data out of the context', async (t) => {
  const ignored = readFileSync(`${root}.dockerignore`, 'utf8').split('\n').map((l) => l.trim());
  for (const entry of ['node_modules', 'dist', 'data', '.git']) t.ok(ignored.includes(entry), entry);
});
