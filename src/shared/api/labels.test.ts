import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { matchesRequirements, parseLabelSelector, SelectorParseError, selectorToRequirements } from './labels';
import type { Requirement } from './labels';

// Table tests of the label selector syntax and its matching, after k8s.io/apimachinery/pkg/labels
// (selector_test.go: TestSelectorParse, TestSelectorMatches, TestLabelSelectorAsSelector).

describe('parseLabelSelector', () => {
  const table: { name: string; input: string; want: Requirement[] }[] = [
    { name: 'empty selects everything', input: '', want: [] },
    { name: 'blank selects everything', input: '   ', want: [] },
    { name: 'equals', input: 'app=web', want: [{ key: 'app', op: '=', values: ['web'] }] },
    { name: 'double equals is equals', input: 'app==web', want: [{ key: 'app', op: '=', values: ['web'] }] },
    { name: 'not equals', input: 'app!=web', want: [{ key: 'app', op: '!=', values: ['web'] }] },
    { name: 'spaces around the operator', input: ' app = web ', want: [{ key: 'app', op: '=', values: ['web'] }] },
    { name: 'empty value', input: 'app=', want: [{ key: 'app', op: '=', values: [''] }] },
    { name: 'in', input: 'env in (prod, staging)', want: [{ key: 'env', op: 'in', values: ['prod', 'staging'] }] },
    { name: 'notin', input: 'env notin (dev)', want: [{ key: 'env', op: 'notin', values: ['dev'] }] },
    { name: 'in () is the empty value', input: 'env in ()', want: [{ key: 'env', op: 'in', values: [''] }] },
    { name: 'exists', input: 'tier', want: [{ key: 'tier', op: 'exists', values: [] }] },
    { name: 'does not exist', input: '!tier', want: [{ key: 'tier', op: '!', values: [] }] },
    { name: 'does not exist, space after !', input: '! tier', want: [{ key: 'tier', op: '!', values: [] }] },
    { name: 'prefixed key and dotted value', input: 'app.kubernetes.io/name=web-1.2_x', want: [{ key: 'app.kubernetes.io/name', op: '=', values: ['web-1.2_x'] }] },
    {
      name: 'several terms; commas inside parentheses do not split',
      input: 'a=b,c!=d,e in (x,y),!f,g',
      want: [
        { key: 'a', op: '=', values: ['b'] },
        { key: 'c', op: '!=', values: ['d'] },
        { key: 'e', op: 'in', values: ['x', 'y'] },
        { key: 'f', op: '!', values: [] },
        { key: 'g', op: 'exists', values: [] },
      ],
    },
  ];
  for (const t of table) it(`${JSON.stringify(t.input)}: ${t.name}`, () => assert.deepEqual(parseLabelSelector(t.input), t.want));

  const malformed: { input: string; term: string }[] = [
    { input: 'a=b=c', term: 'a=b=c' },
    { input: '=b', term: '=b' },
    { input: 'a=b,', term: '' },
    { input: ',a=b', term: '' },
    { input: 'a=b,,c=d', term: '' },
    { input: 'a in (x', term: 'a in (x' },
    { input: 'a in x', term: 'a in x' },
    { input: 'a notin x,y', term: 'a notin x' },
    { input: 'a=b)', term: 'a=b)' },
    { input: '!a=b', term: '!a=b' },
    { input: 'a b', term: 'a b' },
    { input: 'a=b c', term: 'a=b c' },
    { input: 'a=b/c', term: 'a=b/c' },
    { input: 'a<1', term: 'a<1' },
    { input: 'a in (x) b', term: 'a in (x) b' },
    { input: '!', term: '!' },
  ];
  for (const m of malformed) {
    it(`${JSON.stringify(m.input)} throws SelectorParseError`, () => {
      assert.throws(() => parseLabelSelector(m.input), (e: unknown) => {
        assert.ok(e instanceof SelectorParseError, `not a SelectorParseError: ${String(e)}`);
        assert.equal(e.message, `unable to parse requirement: "${m.term}"`);
        return true;
      });
    });
  }
});

describe('matchesRequirements', () => {
  const labels = { app: 'web', env: 'prod', empty: '' };
  const table: { selector: string; labels: Record<string, string> | null | undefined; want: boolean }[] = [
    { selector: '', labels, want: true },
    { selector: '', labels: undefined, want: true },
    { selector: 'app=web', labels, want: true },
    { selector: 'app==web', labels, want: true },
    { selector: 'app=db', labels, want: false },
    { selector: 'app=Web', labels, want: false },
    { selector: 'missing=x', labels, want: false },
    { selector: 'empty=', labels, want: true },
    { selector: 'missing=', labels, want: false },
    { selector: 'app!=db', labels, want: true },
    { selector: 'app!=web', labels, want: false },
    { selector: 'missing!=x', labels, want: true },
    { selector: 'env in (prod,staging)', labels, want: true },
    { selector: 'env in (dev,staging)', labels, want: false },
    { selector: 'missing in (x)', labels, want: false },
    { selector: 'empty in ()', labels, want: true },
    { selector: 'env notin (dev,staging)', labels, want: true },
    { selector: 'env notin (prod)', labels, want: false },
    { selector: 'missing notin (x)', labels, want: true },
    { selector: 'app', labels, want: true },
    { selector: 'empty', labels, want: true },
    { selector: 'missing', labels, want: false },
    { selector: '!missing', labels, want: true },
    { selector: '!app', labels, want: false },
    { selector: '!app', labels: null, want: true },
    { selector: 'app', labels: null, want: false },
    { selector: 'app=web,env=prod', labels, want: true },
    { selector: 'app=web,env=dev', labels, want: false },
    { selector: 'app=web,!missing,env in (prod)', labels, want: true },
    // A key "constructor" is an own label or nothing: prototype properties never count.
    { selector: 'constructor', labels, want: false },
    { selector: '!toString', labels, want: true },
  ];
  for (const t of table) {
    it(`${JSON.stringify(t.selector)} on ${JSON.stringify(t.labels)} → ${t.want}`, () => assert.equal(matchesRequirements(t.labels, parseLabelSelector(t.selector)), t.want));
  }
});

describe('selectorToRequirements', () => {
  const table: { name: string; sel: Parameters<typeof selectorToRequirements>[0]; want: Requirement[] }[] = [
    { name: 'empty selector', sel: {}, want: [] },
    { name: 'null fields', sel: { matchLabels: null, matchExpressions: null }, want: [] },
    { name: 'matchLabels', sel: { matchLabels: { a: '1', b: '2' } }, want: [{ key: 'a', op: '=', values: ['1'] }, { key: 'b', op: '=', values: ['2'] }] },
    {
      name: 'matchExpressions, every operator',
      sel: {
        matchExpressions: [
          { key: 'a', operator: 'In', values: ['x', 'y'] },
          { key: 'b', operator: 'NotIn', values: ['z'] },
          { key: 'c', operator: 'Exists' },
          { key: 'd', operator: 'DoesNotExist', values: null },
        ],
      },
      want: [
        { key: 'a', op: 'in', values: ['x', 'y'] },
        { key: 'b', op: 'notin', values: ['z'] },
        { key: 'c', op: 'exists', values: [] },
        { key: 'd', op: '!', values: [] },
      ],
    },
    {
      name: 'matchLabels come before matchExpressions',
      sel: { matchExpressions: [{ key: 'e', operator: 'Exists' }], matchLabels: { l: 'v' } },
      want: [{ key: 'l', op: '=', values: ['v'] }, { key: 'e', op: 'exists', values: [] }],
    },
  ];
  for (const t of table) it(t.name, () => assert.deepEqual(selectorToRequirements(t.sel), t.want));

  it('an object selector and its string form select the same labels', () => {
    const sel = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'NotIn' as const, values: ['dev'] }, { key: 'canary', operator: 'DoesNotExist' as const }] };
    const str = parseLabelSelector('app=web,env notin (dev),!canary');
    const samples: Record<string, string>[] = [{ app: 'web' }, { app: 'web', env: 'dev' }, { app: 'web', canary: 'true' }, { app: 'db' }, { app: 'web', env: 'prod' }];
    for (const l of samples) {
      assert.equal(matchesRequirements(l, selectorToRequirements(sel)), matchesRequirements(l, str), JSON.stringify(l));
    }
    assert.deepEqual(selectorToRequirements(sel), str);
  });
});
