import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { WEB_DIST } from '../../src/http/web-app.ts';

/** What a browser must fetch before the first page shows: the scripts index.html loads or preloads. */
function firstLoadScripts(): string[] {
  const html = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
  return [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((match) => match[1] as string);
}

describe("the app's first load", () => {
  it('is under 400 kB of gzipped JavaScript (every page beyond it is a chunk of its own)', () => {
    const scripts = firstLoadScripts();
    expect(scripts.length).toBeGreaterThan(0);
    const bytes = scripts.reduce(
      (sum, script) => sum + gzipSync(readFileSync(join(WEB_DIST, script))).length,
      0,
    );
    expect(bytes).toBeLessThan(400 * 1024);
  });
});
