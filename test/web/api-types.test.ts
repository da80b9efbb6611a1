import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiTypesSource } from '../../scripts/web-api-types.ts';

describe("the web app's API types", () => {
  it('are generated from the OpenAPI document as it is now (run npm run web:api after an API change)', async () => {
    const committed = readFileSync(resolve(import.meta.dirname, '../../web/src/api/openapi.d.ts'), 'utf8');
    expect(committed === (await apiTypesSource())).toBe(true);
  });
});
