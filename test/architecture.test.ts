/**
 * The layer diagram of the README, enforced: dependencies point one way.
 *
 *   protocol ← server        protocol ← app ← classifier
 *
 * Every import in `src/**` is read with the TypeScript parser (so comments and strings cannot fool
 * it, and `import type` is told apart from a value import) and checked against the rules below.
 * The checker itself is tested on small made-up trees first, so a rule that silently matched
 * nothing would fail here too.
 */
import t from 'tap';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

interface Import {
  from: string;
  specifier: string;
  typeOnly: boolean;
}

/** Every import and re-export of one file. */
function importsOf(file: string, source: string): Import[] {
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: Import[] = [];
  const add = (specifier: ts.Node | undefined, typeOnly: boolean) => {
    if (specifier && ts.isStringLiteral(specifier)) found.push({ from: file, specifier: specifier.text, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const allNamedTypes = named !== undefined && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      add(node.moduleSpecifier, clause !== undefined && (clause.isTypeOnly || (clause.name === undefined && allNamedTypes)));
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node)) {
      const argument = node.argument;
      if (ts.isLiteralTypeNode(argument)) add(argument.literal, true);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found;
}

const BUILTINS = new Set(builtinModules);
const isBuiltin = (specifier: string) => specifier.startsWith('node:') || BUILTINS.has(specifier.split('/')[0]!);

/** The repository path an import points at (`src/app/index.ts`), or `undefined` for a package. */
function target(imp: Import): string | undefined {
  if (!imp.specifier.startsWith('.')) return undefined;
  return posix.normalize(posix.join(posix.dirname(imp.from), imp.specifier)).replace(/\.js$/, '.ts');
}

const within = (path: string | undefined, folder: string) => path !== undefined && path.startsWith(`${folder}/`);

/** Every broken rule in a tree of `{ repository path: source }`, as readable sentences. */
function violations(files: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [file, source] of Object.entries(files)) {
    for (const imp of importsOf(file, source)) {
      const to = target(imp);
      const where = `${file} imports ${imp.specifier}`;
      if (within(file, 'src/protocol')) {
        if (to !== undefined && !within(to, 'src/protocol')) found.push(`${where}: src/protocol may import only itself`);
        if (to === undefined && !isBuiltin(imp.specifier)) found.push(`${where}: src/protocol may not use packages`);
        if (to === undefined && isBuiltin(imp.specifier) && !imp.typeOnly && !within(file, 'src/protocol/testing')) {
          found.push(`${where}: Node built-ins are for src/protocol/testing only (elsewhere: import type)`);
        }
      }
      if (within(file, 'src/app') && within(to, 'src/server')) found.push(`${where}: src/app never imports src/server`);
      if (within(file, 'src/server') && within(to, 'src/app')) found.push(`${where}: src/server never imports src/app`);
      if (within(file, 'src/classifier') && within(to, 'src/server') && file !== 'src/classifier/main.ts') {
        found.push(`${where}: only src/classifier/main.ts hands the classifier to the server`);
      }
      if (within(file, 'src/classifier') && within(to, 'src/app') && to !== 'src/app/index.ts') {
        found.push(`${where}: src/classifier uses only the public API src/app/index.ts`);
      }
    }
  }
  return found;
}

t.test('the checker catches each kind of violation in a made-up tree', async (t) => {
  const broken = violations({
    'src/protocol/a.ts': "import { x } from '../app/index.js';\nimport ws from 'ws';\nimport { readFile } from 'node:fs';",
    'src/protocol/testing/b.ts': "import { readFile } from 'node:fs/promises';",
    'src/protocol/c.ts': "import type { Buffer } from 'node:buffer';\nexport type { T } from './d.js';",
    'src/app/router.ts': "const server = await import('../server/serve.js');",
    'src/server/serve.ts': "export { App } from '../app/index.js';",
    'src/classifier/routes.ts': "import { route } from '../app/routing/route.js';\nimport { serve } from '../server/index.js';",
    'src/classifier/main.ts': "import { serve } from '../server/index.js';\nimport { createApp } from '../app/index.js';",
  });
  t.same(broken, [
    'src/protocol/a.ts imports ../app/index.js: src/protocol may import only itself',
    'src/protocol/a.ts imports ws: src/protocol may not use packages',
    'src/protocol/a.ts imports node:fs: Node built-ins are for src/protocol/testing only (elsewhere: import type)',
    'src/app/router.ts imports ../server/serve.js: src/app never imports src/server',
    'src/server/serve.ts imports ../app/index.js: src/server never imports src/app',
    'src/classifier/routes.ts imports ../app/routing/route.js: src/classifier uses only the public API src/app/index.ts',
    'src/classifier/routes.ts imports ../server/index.js: only src/classifier/main.ts hands the classifier to the server',
  ]);
});

t.test('imports inside comments and strings are not imports', async (t) => {
  t.same(violations({ 'src/protocol/a.ts': "// import x from '../server/index.js'\nconst s = \"import y from 'ws'\";" }), []);
});

t.test('a type-only import of a Node built-in is allowed anywhere in src/protocol', async (t) => {
  t.same(violations({ 'src/protocol/a.ts': "import { type Buffer } from 'node:buffer';\ntype T = import('node:stream').Readable;" }), []);
});

t.test('every import in src follows the layer rules', async (t) => {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) files[relative(root, full).split('\\').join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(join(root, 'src'));
  t.ok(Object.keys(files).some((file) => file.startsWith('src/protocol/')), 'the scan found the protocol layer');
  t.same(violations(files), []);
});

t.test('every entry point package.json exports is a layer index compiled from src', async (t) => {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, string | { types: string; default: string }> };
  const entries = Object.entries(pkg.exports).filter(([name]) => name !== './package.json');
  t.ok(entries.length >= 3, 'the layers are exported');
  for (const [name, target] of entries) {
    const built = typeof target === 'string' ? target : target.default;
    const source = built.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts');
    t.ok(existsSync(join(root, source)), `${name} → ${built} is compiled from ${source}, which exists`);
  }
});
