import { expect, type Page, type Response } from '@playwright/test';

// Checks that a secret value never reached the browser: every response body the page received, the
// DOM (markup and live input values) and web storage (secrets.spec.ts, object-yaml.spec.ts).

/** encodings are the forms a leaked value could take in a response: as typed, base64, base64 without padding. */
export function encodings(value: string): string[] {
  const b64 = Buffer.from(value, 'utf8').toString('base64');
  return [value, b64, b64.replace(/=+$/, '')];
}

/**
 * ResponseLog captures every response body the page receives. Ordinary requests are routed through
 * the test (route.fetch) so the whole body is kept even if the page never reads it; watch streams,
 * which never end, are read from the page's responses as far as they got.
 */
export class ResponseLog {
  private entries: { method: string; url: string; body: Promise<string | undefined> }[] = [];

  /** requests lists the requests captured so far (method and URL), e.g. to see what one action sent. */
  get requests(): { method: string; url: string }[] {
    return this.entries.map((e) => ({ method: e.method, url: e.url }));
  }

  /** attach starts capturing on `page`. */
  async attach(page: Page): Promise<void> {
    await page.route((url) => !url.searchParams.has('watch'), async (route) => {
      const response = await route.fetch();
      const body = await response.body();
      this.entries.push({ method: route.request().method(), url: route.request().url(), body: Promise.resolve(body.toString('utf8')) });
      await route.fulfill({ response, body });
    });
    page.on('response', (r: Response) => {
      if (!new URL(r.url()).searchParams.has('watch')) return;
      this.entries.push({ method: r.request().method(), url: r.url(), body: r.body().then((b) => b.toString('utf8'), () => undefined) });
    });
  }

  /** read waits (bounded) for every body; watch streams still open when the page closes yield undefined. */
  async read(): Promise<{ method: string; url: string; body: string | undefined }[]> {
    const bounded = (p: Promise<string | undefined>) => Promise.race([p, new Promise<undefined>((r) => setTimeout(() => r(undefined), 3000))]);
    return Promise.all(this.entries.map(async (e) => ({ method: e.method, url: e.url, body: await bounded(e.body) })));
  }
}

/** expectNowhereInPage checks the DOM (markup and every input's live value) and web storage. */
export async function expectNowhereInPage(page: Page, secrets: string[], when: string): Promise<void> {
  const dom = await page.content();
  const values = await page.evaluate(() => [...document.querySelectorAll('input, textarea, select')].map((e) => (e as HTMLInputElement).value).join('\n'));
  const storage = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }));
  for (const s of secrets.flatMap(encodings)) {
    expect(dom.includes(s), `secret value in the DOM ${when}`).toBe(false);
    expect(values.includes(s), `secret value in an input ${when}`).toBe(false);
    expect(storage.includes(s), `secret value in web storage ${when}`).toBe(false);
  }
}
