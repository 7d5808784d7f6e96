import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessDenied } from '../permissions/denied.ts';
import { createNunjucks } from '../views/nunjucks.ts';
import { registerRender } from '../views/render.ts';
import { registerErrorHandler } from './errors.ts';

/** A module's own refusal, as EarlyHelpDenied or FamilySolutionsDenied are. */
class PlanDenied extends AccessDenied {}

describe('a service refusal thrown from a route', () => {
  const app = Fastify();

  beforeAll(async () => {
    registerRender(app, createNunjucks(), {
      serviceName: 'Hearth',
      tenantName: 'Essex',
      areaName: 'Essex',
      navigation: [],
    });
    registerErrorHandler(app);
    // Nothing catches it: the one error handler turns every AccessDenied into the 403 page.
    const refuse = () => {
      throw new PlanDenied('Only the lead professional or allocated worker can change this family’s plan');
    };
    app.get('/families/plan', refuse);
    app.get('/api/plan', refuse);
    app.get('/families/other', () => {
      throw new AccessDenied();
    });
    await app.ready();
  });
  afterAll(() => app.close());

  it('renders the GOV.UK 403 page with what the user cannot do', async () => {
    const response = await app.inject({ method: 'GET', url: '/families/plan' });
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toContain('You cannot see this page');
    expect(response.body).toContain('Only the lead professional or allocated worker can change this family’s plan');
  });

  it('answers a JSON 403 under /api/', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/plan' });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({
      status: 403,
      title: 'You cannot see this page',
      detail: 'Only the lead professional or allocated worker can change this family’s plan',
    });
  });

  it('says only that the user may not, when the refusal has no message', async () => {
    const response = await app.inject({ method: 'GET', url: '/families/other' });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('You do not have permission to see this page.');
  });
});
