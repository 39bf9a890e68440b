/**
 * House rule: every exported symbol in the library's source has a TSDoc comment (`/** … *\/`
 * directly above it) that shows how to use it with an `@example`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The source roots the rule covers (test/, dist/ and node_modules/ are not among them). */
const roots = ['index.ts', 'model', 'checker', 'properties', 'counterexamples', 'registry', 'cli', 'explore', 'bench'];

/** Every `.ts` file at or under `path`, as paths relative to the repository root. */
function tsFiles(path: string): string[] {
  const abs = join(root, path);
  if (statSync(abs).isFile()) return path.endsWith('.ts') ? [path] : [];
  return readdirSync(abs)
    .sort()
    .flatMap((name) => (name === 'node_modules' ? [] : tsFiles(join(path, name))));
}

const exportLine = /^export (?:async )?(function|class|const|type|interface|enum) ([A-Za-z_$][\w$]*)/;

/**
 * The comment block that ends directly above line `at`, skipping blank lines and `//` comment
 * lines; undefined when code (or nothing) comes first.
 */
function docAbove(lines: string[], at: number): string | undefined {
  let i = at - 1;
  while (i >= 0 && (lines[i].trim() === '' || lines[i].trim().startsWith('//'))) i--;
  if (i < 0 || !lines[i].trimEnd().endsWith('*/')) return undefined;
  const end = i;
  while (i >= 0 && !lines[i].trimStart().startsWith('/*')) i--;
  if (i < 0) return undefined;
  return lines.slice(i, end + 1).join('\n');
}

/** `file: kind Name` for each exported declaration in `file` whose doc lacks an `@example`. */
function offenders(file: string): string[] {
  const lines = readFileSync(join(root, file), 'utf8').split(/\r?\n/);
  const found: string[] = [];
  lines.forEach((line, at) => {
    const m = exportLine.exec(line);
    if (!m) return;
    const doc = docAbove(lines, at);
    if (doc === undefined || !doc.trimStart().startsWith('/**') || !doc.includes('@example')) {
      found.push(`${file.split('\\').join('/')}: ${m[1]} ${m[2]}`);
    }
  });
  return found;
}

describe('TSDoc', () => {
  const files = roots.flatMap(tsFiles).map((f) => relative(root, join(root, f)));

  it('finds the source files to check', () => {
    expect(files).toContain('index.ts');
    expect(files.length).toBeGreaterThan(40);
  });

  it('gives every exported symbol a TSDoc comment with an example', () => {
    const missing = files.flatMap(offenders);
    expect(missing, `exported symbols without a TSDoc @example:\n${missing.join('\n')}`).toEqual([]);
  });
});
