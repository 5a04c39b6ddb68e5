import t from 'tap';
import { spawnSync } from 'node:child_process';

t.test('refuses to run on the pure-JavaScript fallback and says why', async (t) => {
  const script = "import('./src/server/uws-adapter.ts').then((m) => { try { m.loadUws(); console.log('loaded'); } catch (e) { console.log(e.code + ': ' + e.message); } })";
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: new URL('../..', import.meta.url).pathname,
    env: { ...process.env, UWS_USE_FALLBACK: '1' },
    encoding: 'utf8',
    timeout: 20_000,
  });
  t.match(result.stdout, /uws-fallback: uWebSockets\.js loaded its pure-JavaScript fallback/);
  t.match(result.stdout, /UWS_USE_FALLBACK is set/);
});

t.test('loads the native binary normally', async (t) => {
  const { loadUws } = await import('../../src/server/uws-adapter.js');
  t.equal(typeof loadUws().SSLApp, 'function');
});
