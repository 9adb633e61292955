import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeValue } from './reveal-secret';

test('decodeValue shows UTF-8 values as text and binary ones by size', () => {
  assert.deepEqual(decodeValue(Buffer.from('pässword ✓').toString('base64')), { text: 'pässword ✓', bytes: 13, base64: Buffer.from('pässword ✓').toString('base64') });
  const bin = Buffer.from([0xff, 0xfe, 0x00, 0x80]).toString('base64');
  assert.deepEqual(decodeValue(bin), { bytes: 4, base64: bin });
  assert.deepEqual(decodeValue(''), { text: '', bytes: 0, base64: '' });
});
