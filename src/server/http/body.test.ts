// decodeBody: ordinary JSON and YAML documents decode; nesting past MAX_DEPTH is a 400 before any
// recursive step, whichever way the YAML spells it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDepth, decodeBody, MAX_DEPTH } from './body';
import { ApiError } from './status';

const YAML_CT = 'application/yaml';
const nestYaml = (n: number) => Array.from({ length: n }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' 1\n';

describe('decodeBody', () => {
  const ok: { name: string; text: string; ct?: string; want: unknown }[] = [
    { name: 'JSON with brackets in strings', text: '{"a":"[[[[{{{{","b":[1,[2]]}', want: { a: '[[[[{{{{', b: [1, [2]] } },
    { name: 'YAML block map and sequence', ct: YAML_CT, text: 'metadata:\n  name: x\n  labels:\n    a: b\nspec:\n  containers:\n  - name: c\n    args: ["[", "{"]\n', want: { metadata: { name: 'x', labels: { a: 'b' } }, spec: { containers: [{ name: 'c', args: ['[', '{'] }] } } },
    { name: 'YAML block scalar with deep-looking text', ct: YAML_CT, text: `data:\n  s: |\n${Array.from({ length: 150 }, (_, i) => `    ${' '.repeat(i)}[x`).join('\n')}\n`, want: undefined },
    { name: 'YAML comments and quotes with brackets', ct: YAML_CT, text: `# ${'['.repeat(300)}\na: '${'{'.repeat(300)}'\nb: "it's ${'['.repeat(300)}"\n`, want: { a: '{'.repeat(300), b: `it's ${'['.repeat(300)}` } },
    { name: 'YAML nested 60 levels', ct: YAML_CT, text: nestYaml(60), want: undefined },
    { name: 'YAML with a few aliases', ct: YAML_CT, text: 'a: &x [1, 2]\nb: *x\n', want: { a: [1, 2], b: [1, 2] } },
  ];
  for (const c of ok) {
    test(`decodes: ${c.name}`, () => {
      const v = decodeBody(Buffer.from(c.text), c.ct ?? 'application/json');
      if (c.want !== undefined) assert.deepEqual(v, c.want);
      else assert.ok(v && typeof v === 'object');
    });
  }

  const deep: { name: string; text: string; ct?: string }[] = [
    { name: 'JSON arrays', text: `${'['.repeat(MAX_DEPTH + 1)}${']'.repeat(MAX_DEPTH + 1)}` },
    { name: 'JSON objects', text: `${'{"a":'.repeat(MAX_DEPTH + 1)}1${'}'.repeat(MAX_DEPTH + 1)}` },
    { name: 'YAML flow', ct: YAML_CT, text: `a: ${'['.repeat(MAX_DEPTH + 1)}` },
    { name: 'YAML compact sequences', ct: YAML_CT, text: `${'- '.repeat(MAX_DEPTH + 1)}x` },
    { name: 'YAML indentation', ct: YAML_CT, text: nestYaml(MAX_DEPTH + 1) },
    { name: 'YAML aliases', ct: YAML_CT, text: ['a0: &a0 [[[[[[[[[[1]]]]]]]]]]', ...Array.from({ length: 12 }, (_, i) => `a${i + 1}: &a${i + 1} [[[[[[[[[[*a${i}]]]]]]]]]]`)].join('\n') },
  ];
  for (const c of deep) {
    test(`refuses nesting: ${c.name}`, () => {
      assert.throws(() => decodeBody(Buffer.from(c.text), c.ct ?? 'application/json'), (e: unknown) => e instanceof ApiError && e.code === 400 && /nested too deeply|alias/.test(e.message));
    });
  }

  test('checkDepth accepts MAX_DEPTH levels and refuses one more', () => {
    let v: unknown = 1;
    for (let i = 0; i < MAX_DEPTH; i++) v = [v];
    checkDepth(v);
    assert.throws(() => checkDepth([v]), /nested too deeply/);
  });
});
