import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/**
 * A small browser stand-in for app.inject(): keeps cookies, and finds the CSRF token in the
 * last page so a test can post a form the way a person would.
 */
export class TestClient {
  private cookies = new Map<string, string>();
  lastHtml = '';

  /** `remoteAddress`: the client's address as the app sees it (127.0.0.1 unless a test needs another). */
  constructor(
    private readonly app: FastifyInstance,
    private readonly options: { remoteAddress?: string } = {},
  ) {}

  get sessionCookie() {
    return this.cookies.get('hearth_session');
  }

  async get(url: string, headers: Record<string, string> = {}) {
    return this.request('GET', url, undefined, headers);
  }

  /** Posts a form with the CSRF token from the last page fetched (unless the form sets _csrf). */
  async post(url: string, form: Record<string, string | string[]> = {}, headers: Record<string, string> = {}) {
    const body = new URLSearchParams();
    const fields = { _csrf: this.csrfToken() ?? '', ...form };
    for (const [key, value] of Object.entries(fields)) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    }
    return this.request('POST', url, body.toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      ...headers,
    });
  }

  csrfToken(): string | undefined {
    return /name="_csrf" value="([^"]+)"/.exec(this.lastHtml)?.[1];
  }

  async request(
    method: 'GET' | 'POST',
    url: string,
    payload?: string,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await this.app.inject({
      method,
      url,
      payload,
      headers: { ...(cookie ? { cookie } : {}), ...headers },
      ...(this.options.remoteAddress ? { remoteAddress: this.options.remoteAddress } : {}),
    });
    for (const c of response.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    if ((response.headers['content-type'] ?? '').toString().startsWith('text/html')) this.lastHtml = response.body;
    return response;
  }

  /** Follows one redirect, as a browser would after a POST. */
  async follow(response: LightMyRequestResponse) {
    const location = response.headers.location;
    if (!location) throw new Error(`expected a redirect, got ${response.statusCode}`);
    return this.get(String(location));
  }
}

/** The text of the GOV.UK error summary's items, to assert on what a user would read. */
export function errorSummary(html: string): string[] {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
  return [...summary.matchAll(/<a href="#[^"]*">([^<]*)<\/a>/g)].map((m) => decode(m[1]!.trim()));
}

const decode = (s: string) =>
  s
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
