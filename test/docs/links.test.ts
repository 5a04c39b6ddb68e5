/**
 * The hand-written documentation links only to things that exist: every relative link and image in
 * README.md and docs/**.md (the generated docs/api/ aside) names a file or folder of the repository,
 * and every `#anchor` names a heading of the page it points to, slugged the way GitHub renders it.
 * Pure file reading, so it runs in milliseconds. Links inside code blocks and inline code are not
 * links and are skipped.
 */
import t from 'tap';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** README.md plus every Markdown page under docs/, except the TypeDoc output in docs/api/. */
function documentationPages(): string[] {
  const pages = ['README.md'];
  const walk = (folder: string): void => {
    for (const name of readdirSync(join(root, folder))) {
      const path = `${folder}/${name}`;
      if (path === 'docs/api') continue;
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else if (name.endsWith('.md')) pages.push(path);
    }
  };
  walk('docs');
  return pages;
}

/** The page's text with fenced code blocks and inline code blanked, so their brackets are not read as links. */
function proseOf(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '``');
}

/**
 * GitHub's heading anchor: lower-cased, punctuation dropped (letters, digits, spaces, `-` and `_`
 * stay), each space a hyphen; a repeated heading gets `-1`, `-2`, ... in order.
 */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const withoutFences = markdown.replace(/^```[\s\S]*?^```/gm, '');
  for (const [, heading] of withoutFences.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = heading!.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*]/g, '');
    const slug = text.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

interface Link { page: string; target: string }

/** Every relative link target of a page: `[text](target)` and `![alt](target)`, titles dropped. */
function relativeLinksOf(page: string): Link[] {
  const prose = proseOf(readFileSync(join(root, page), 'utf8'));
  const targets = [...prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
  return targets.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target)).map((target) => ({ page, target }));
}

const pages = documentationPages();
const links = pages.flatMap(relativeLinksOf);

t.test('finds the documentation pages and their links', async (t) => {
  t.ok(pages.includes('docs/architecture.md') && pages.includes('docs/tutorial/README.md'), pages.join(', '));
  t.ok(links.length >= 20, `${links.length} relative links`);
});

t.test('every relative link in README.md and docs/ names a file or folder that exists', async (t) => {
  const broken = links.filter(({ page, target }) => {
    const path = target.split('#')[0]!;
    return path !== '' && !existsSync(join(root, dirname(page), decodeURI(path)));
  });
  t.same(broken, [], 'links to missing files');
});

t.test('every #anchor in README.md and docs/ names a heading of the page it points to', async (t) => {
  const broken = links.filter(({ page, target }) => {
    if (!target.includes('#')) return false;
    const [path, anchor] = target.split('#') as [string, string];
    const file = path === '' ? join(root, page) : join(root, dirname(page), decodeURI(path));
    if (!file.endsWith('.md') || !existsSync(file)) return false;
    return !anchorsOf(readFileSync(file, 'utf8')).has(decodeURIComponent(anchor));
  });
  t.same(broken, [], 'anchors without a heading');
});

t.test('the anchor slugger matches GitHub on punctuation, dashes and repeats', async (t) => {
  const anchors = anchorsOf('# Step 1 — a raw `App`\n## Shutdown, and why: 5 + 30 s\n## Notes\n## Notes\n');
  t.same([...anchors], ['step-1--a-raw-app', 'shutdown-and-why-5--30-s', 'notes', 'notes-1']);
});
