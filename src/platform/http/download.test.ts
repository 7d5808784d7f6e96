import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { attachment, CSV_TYPE } from './download.ts';

describe('attachment', () => {
  it('sends a file to save with its type, a safe name and no sniffing', async () => {
    const app = Fastify();
    app.get('/f', (request, reply) => attachment(reply, (request.query as { n: string }).n, CSV_TYPE).send('a,b\n'));
    const sent = await app.inject({ url: '/f?n=report-2026-12.csv' });
    expect(sent.headers['content-disposition']).toBe('attachment; filename="report-2026-12.csv"');
    expect(sent.headers['content-type']).toBe(CSV_TYPE);
    expect(sent.headers['x-content-type-options']).toBe('nosniff');
    const odd = await app.inject({ url: `/f?n=${encodeURIComponent('a"; filename=evil.html\r\nX: 1 <b>')}` });
    expect(odd.headers['content-disposition']).toBe('attachment; filename="a---filename-evil.html--X--1--b-"');
    expect((await app.inject({ url: '/f?n=' })).headers['content-disposition']).toBe('attachment; filename="download"');
    await app.close();
  });
});
