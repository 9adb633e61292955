// serveWatchStream's writing: the lines of one turn of the event loop go out as one write; a long
// replay in batches; what is waiting is written before the stream ends.

import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, test } from 'node:test';
import { GoneError } from '../storage/store';
import type { RequestContext } from './context';
import { serveWatchStream, type WatchSource } from './watch';

interface Ev { rv: number }

/** fakeWatch serves a stream to a recording response; `emit` publishes a live event, `close` ends the client. */
function fakeWatch(query: string, replayLines = 0, gone = false) {
  const writes: string[] = [];
  const res = Object.assign(new EventEmitter(), {
    writableEnded: false, destroyed: false,
    writeHead() {}, flushHeaders() {},
    write(chunk: string) { writes.push(chunk); return true; },
    end() { res.writableEnded = true; res.emit('close'); },
  });
  let on: (e: Ev) => void = () => {};
  const src: WatchSource<Ev> = {
    kind: 'Thing', apiVersion: 'v1', head: () => 0, rv: (e) => e.rv,
    subscribe: (fn) => { on = fn; return () => { on = () => {}; }; },
    line: (e) => `{"rv":${e.rv}}\n`,
    replay: (write) => { if (gone) throw new GoneError('too old resource version: 1 (5)'); for (let i = 0; i < replayLines; i++) write(`{"replayed":${i}}\n`); return 0; },
  };
  const ctx = { query: new URLSearchParams(query), res } as unknown as RequestContext;
  const done = serveWatchStream(ctx, src);
  return { writes, emit: (rv: number) => on({ rv }), close: () => res.end(), done };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('serveWatchStream writes', () => {
  test('the events of one turn of the event loop are one write, in order; the next turn\'s another', async () => {
    const w = fakeWatch('');
    await turn();
    w.emit(1); w.emit(2); w.emit(3);
    assert.deepEqual(w.writes, []);
    await turn();
    assert.deepEqual(w.writes, ['{"rv":1}\n{"rv":2}\n{"rv":3}\n']);
    w.emit(4);
    await turn();
    assert.deepEqual(w.writes.slice(1), ['{"rv":4}\n']);
    w.close();
    await w.done;
  });

  test('a long replay is written in batches of at most 256 lines', async () => {
    const w = fakeWatch('', 600);
    await turn();
    assert.deepEqual(w.writes.map((c) => c.split('\n').length - 1), [256, 256, 88]);
    w.close();
    await w.done;
  });

  test('a line still waiting is written before the stream ends (the 410 ERROR of a replay that is too old)', async () => {
    const w = fakeWatch('', 0, true);
    await w.done;
    assert.equal(w.writes.length, 1);
    assert.match(w.writes[0], /^\{"type":"ERROR","object":\{"kind":"Status".*"code":410\}\}\n$/);
  });
});
