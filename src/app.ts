import { randomUUID } from 'node:crypto';
import { buildServices, type Services } from './services.ts';
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import session from '@fastify/session';
import type { Config } from './config.ts';
import type { Database } from './platform/db/database.ts';

import { auditRoutes } from './platform/audit/routes.ts';

import { authRoutes } from './platform/auth/routes.ts';
import { registerCurrentUser } from './platform/auth/current-user.ts';
import { registerErrorHandler, registerNotFoundHandler } from './platform/http/errors.ts';
import { registerInputGuard } from './platform/http/input-guard.ts';
import { registerOnce } from './platform/http/once.ts';
import { registerOperations } from './platform/http/operations.ts';
import { databaseRateLimitStore } from './platform/http/rate-limit-store.ts';
import { registerSecurityHeaders } from './platform/http/security.ts';
import { registerStaticFiles } from './platform/http/static-files.ts';
import { OneLinePerRequest } from './platform/http/log-controller.ts';
import { registerRouteAccess, type DeclaredRoute } from './platform/http/route-access.ts';
import { DatabaseSessionStore } from './platform/http/session-store.ts';
import { keptFormHooks } from './platform/http/kept-form-hooks.ts';
import { sessionTimeoutRoutes } from './platform/http/session-timeout.ts';

import { Jobs, type JobDefinition } from './platform/jobs/jobs.ts';
import { platformJobs } from './platform/jobs/definitions.ts';
import { createNunjucks } from './platform/views/nunjucks.ts';
import { registerRender } from './platform/views/render.ts';
import { pageRoutes } from './platform/views/pages.ts';
import { NAVIGATION } from './navigation.ts';

import { breakGlassRoutes } from './platform/break-glass/routes.ts';
import { referenceRoutes } from './modules/reference/index.ts';

import {
  directoryJobs,
  directoryRoutes,
  transferRoutes,
  moderationRoutes,
  orukApiRoutes,
} from './modules/directory/index.ts';
import { usersRoutes } from './modules/users/index.ts';

import { exploitationRoutes } from './modules/exploitation/index.ts';
import { mace1Routes, mace2Routes } from './modules/mace/index.ts';
import { maracCaseRoutes, maracMeetingRoutes } from './modules/marac/index.ts';
import { performanceJobs, performanceRoutes } from './modules/performance/index.ts';
import { partnershipPlanRoutes } from './modules/partnership-plan/index.ts';
import { governanceRoutes } from './modules/governance/index.ts';
import { trainingJobs, trainingRoutes } from './modules/training/index.ts';
import {
  CORPORATE_PARENTING_COUNT_JOB,
  corporateParentingJobs,
  corporateParentingRoutes,
} from './modules/corporate-parenting/index.ts';
import { caseReviewRoutes } from './modules/case-reviews/index.ts';
import { assuranceAuditJobs, assuranceAuditRoutes } from './modules/assurance-audits/index.ts';
import { escalationRoutes, socialCareApiRoutes, socialCareRoutes } from './modules/social-care/index.ts';
import { educationComplianceRoutes } from './modules/education-compliance/index.ts';
import { encompassJobs, encompassRoutes } from './modules/encompass/index.ts';
import { voiceRoutes } from './modules/voice/index.ts';
import {
  frontDoorRoutes,
  hubRoutes,
  familyRequestRoutes,
  consultationRoutes,
  policeApiRoutes,
  policeRoutes,
} from './modules/front-door/index.ts';
import {
  earlyHelpRoutes,
  familySolutionsJobs,
  familySolutionsRoutes,
  planRoutes,
  assessmentRoutes,
  tafRoutes,
  homeRoutes,
} from './modules/early-help/index.ts';
import {
  MISSING_WORDS,
  missingChatRoutes,
  missingPersonRoutes,
  missingRoutes,
  missingScrutinyRoutes,
} from './modules/missing/index.ts';

export { buildServices, type Services };

export interface AppOptions {
  config: Config;
  database: Database;
  tenantName: string;
  /** How the area is called to a family (the tenant file's short name, "Essex"); the tenant name when not given. */
  areaName?: string;
  /** Where logs go (standard output unless a test wants to read them). */
  logStream?: { write(line: string): void };
  /** Extra routes inside the pages context (session, user, CSRF): tests use it for pages that exist only in tests. */
  extraPages?: FastifyPluginAsync<{ services: Services }>;
  /**
   * Run the background jobs (pg-boss) in this process: started when the app is ready, stopped when
   * it closes. server.ts turns it on in its one process or in one cluster worker; tests leave it off.
   */
  jobs?: boolean;
}

/** Builds the app without listening, so tests can use app.inject() or a real browser alike. */
export async function buildApp({
  config,
  database,
  tenantName,
  areaName,
  logStream,
  extraPages,
  jobs: runJobs = false,
}: AppOptions): Promise<{ app: FastifyInstance; services: Services; routes: () => readonly DeclaredRoute[] }> {
  const services = buildServices(config, database);
  const { trustProxy } = config;
  const app = Fastify({
    logger: {
      level: config.logLevel,
      ...(logStream ? { stream: logStream } : {}),
      // Log the route and status, never bodies, query strings, cookies or tokens: they can hold personal data.
      redact: {
        paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
        censor: '[redacted]',
      },
      serializers: {
        req: (req: { method: string; url: string; id: string; routeOptions?: { url?: string } }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split('?')[0]?.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, ':id'),
        }),
      },
    },
    logController: new OneLinePerRequest(),
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: config.bodyLimitBytes,
    // A hop count trusts that many proxies in front (Fastify itself no longer takes a number); addresses as given.
    trustProxy: typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
    return503OnClosing: true,
  });

  // Every route declares who may use it (config.access); one hook enforces it, and a route
  // without a declaration stops the app from starting.
  const routeAccess = registerRouteAccess(app, { audit: services.audit, breakGlass: services.breakGlass });
  // NUL and invalid Unicode in a body, query or parameters: refused with a 400 before anything reads them.
  registerInputGuard(app);
  // Create forms carry a one-time submission key: a repeated submit makes nothing new (config.once).
  registerOnce(app, database.db);
  await registerSecurityHeaders(app, { hsts: config.production });
  await app.register(compress, { threshold: 1024, encodings: ['br', 'gzip'] });
  // Static files are registered before the session and user hooks, so assets never touch the
  // database: pages (error pages included) keep their styles even when it is down.
  await registerStaticFiles(app, config);
  registerRender(app, createNunjucks(), {
    serviceName: 'Hearth',
    tenantName,
    areaName: areaName ?? tenantName,
    session: { idleMinutes: config.session.idleMinutes, warningSeconds: config.session.warningSeconds },
    navigation: NAVIGATION,
  });
  registerErrorHandler(app);
  registerOperations(app, database, config.metricsToken);
  // The Open Referral UK API: public, read-only JSON with open CORS, outside the pages (no session, no CSRF).
  await app.register(orukApiRoutes, { oruk: services.directory.oruk, publicUrl: config.publicUrl });
  // Police notifications from a force's system: bearer token, no session, no CSRF.
  await app.register(policeApiRoutes, { police: services.police, apiClients: services.apiClients });
  // Level 4 hand-offs read by an authority's own social care system: bearer token, no session, no CSRF.
  await app.register(socialCareApiRoutes, { socialCare: services.socialCare, apiClients: services.apiClients });

  // Pages: everything a person uses in a browser, with sessions, the signed-in user and CSRF.
  // Encapsulated so static files, /health and /metrics never load a session from the database.
  await app.register(async (pages) => {
    await pages.register(formbody, { bodyLimit: config.bodyLimitBytes });
    await pages.register(cookie);
    await pages.register(session, {
      secret: config.session.secret,
      cookieName: 'hearth_session',
      cookie: { httpOnly: true, secure: config.session.secureCookie, sameSite: 'lax', path: '/' },
      saveUninitialized: false,
      rolling: false,
      store: new DatabaseSessionStore(database.db, config.session.idleMinutes * 60_000),
    });
    await pages.register(csrf, {
      sessionPlugin: '@fastify/session',
      getToken: (request) => (request.body as { _csrf?: string } | undefined)?._csrf,
    });
    await pages.register(rateLimit, { global: false, store: databaseRateLimitStore(database.db) as never });
    // A signed-in person's form that arrives after their session expired is kept for them (kept-form-hooks.ts).
    const keptForms = keptFormHooks({
      db: database.db,
      audit: services.audit,
      sessionSecret: config.session.secret,
      sessionCookie: 'hearth_session',
      secureCookie: config.session.secureCookie,
    });
    registerCurrentUser(pages, services.auth, config.session.idleMinutes, keptForms.endIdleSession);
    keptForms.register(pages);

    // CSRF: every state-changing request carries the form's token, checked after the body is parsed.
    pages.addHook('preHandler', (request, reply, done) => {
      const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
      if (unsafe && request.routeOptions.config?.csrf !== false) return pages.csrfProtection(request, reply, done);
      done();
    });
    registerNotFoundHandler(pages);

    await pages.register(pageRoutes, {
      devOutbox: config.devOutbox,
      notify: services.notify,
      trainingDue: (userId) => services.training.followUpsDue(userId),
    });
    await pages.register(sessionTimeoutRoutes, { idleMinutes: config.session.idleMinutes });
    await pages.register(authRoutes, {
      auth: services.auth,
      keptForms,
      twoFactorRequired: config.twoFactorRequired,
      signInAttemptsPerMinute: config.signInAttemptsPerMinute,
      teamsOf: (teamIds) => services.reference.teamsForAccount(teamIds),
    });
    await pages.register(auditRoutes, { audit: services.audit });
    await pages.register(referenceRoutes, { reference: services.reference });
    await pages.register(usersRoutes, { users: services.users, reference: services.reference });
    await pages.register(directoryRoutes, { directory: services.directory, reference: services.reference });
    await pages.register(transferRoutes, {
      directory: services.directory,
      reference: services.reference,
    });
    await pages.register(frontDoorRoutes, { frontDoor: services.frontDoor, hub: services.hub });
    await pages.register(hubRoutes, {
      hub: services.hub,
      directory: services.directory,
      reference: services.reference,
      audit: services.audit,
      repeatMissing: (requestIds) => services.missingScrutiny.repeat.requests(requestIds),
      sentBackBySocialCare: (decisionIds) => services.escalations.sentBackBySocialCare(decisionIds),
    });
    await pages.register(policeRoutes, {
      police: services.police,
      reference: services.reference,
      encompass: (requestId) => services.encompass.policePageSummary(requestId),
    });
    await pages.register(missingRoutes, {
      missing: services.missing,
      chats: services.missingChats,
      scrutiny: services.missingScrutiny,
    });
    await pages.register(missingChatRoutes, { chats: services.missingChats });
    await pages.register(missingPersonRoutes, { missing: services.missing, person: services.missingPerson });
    await pages.register(missingScrutinyRoutes, { missing: services.missing, scrutiny: services.missingScrutiny });
    await pages.register(consultationRoutes, {
      consultations: services.consultations,
      reference: services.reference,
      audit: services.audit,
    });
    await pages.register(familyRequestRoutes, {
      frontDoor: services.frontDoor,
      idleMinutes: config.session.idleMinutes,
    });
    await pages.register(moderationRoutes, { directory: services.directory });
    await pages.register(partnershipPlanRoutes, { plan: services.partnershipPlan });
    await pages.register(breakGlassRoutes, { breakGlass: services.breakGlass, audit: services.audit });
    await pages.register(homeRoutes, {
      home: services.home,
      missingChildren: async (actor, viewer) => ({
        episodes: await services.missingScrutiny.withRepeat(await services.missing.forWorker(actor, viewer)),
        words: MISSING_WORDS,
      }),
    });
    await pages.register(earlyHelpRoutes, {
      earlyHelp: services.earlyHelp,
      reference: services.reference,
      people: services.people,
      breakGlass: services.breakGlass,
      audit: services.audit,
      repeatMissing: (personIds) => services.missingScrutiny.repeat.people(personIds),
      restricted: services.restricted,
    });
    await pages.register(planRoutes, {
      plans: services.plans,
      earlyHelp: services.earlyHelp,
      directory: services.directory,
      reference: services.reference,
      audit: services.audit,
    });
    await pages.register(assessmentRoutes, {
      assessment: services.assessment,
      earlyHelp: services.earlyHelp,
      reference: services.reference,
    });
    await pages.register(tafRoutes, {
      taf: services.taf,
      earlyHelp: services.earlyHelp,
    });
    await pages.register(familySolutionsRoutes, {
      familySolutions: services.familySolutions,
      earlyHelp: services.earlyHelp,
    });
    await pages.register(exploitationRoutes, { exploitation: services.exploitation });
    await pages.register(mace1Routes, {
      mace1: services.mace1,
      mace1Meetings: services.mace1Meetings,
      mace1Plans: services.mace1Plans,
      macePanels: services.macePanels,
      reference: services.reference,
      mace2Quadrants: (user) => services.mace2.quadrants(user),
    });
    await pages.register(mace2Routes, { mace2: services.mace2, meetings: services.mace2Meetings });
    await pages.register(maracCaseRoutes, { cases: services.maracCases });
    await pages.register(maracMeetingRoutes, {
      maracMeetings: services.maracMeetings,
      maracPlans: services.maracPlans,
      maracAccess: services.maracAccess,
    });
    await pages.register(performanceRoutes, {
      performance: services.performance,
      plan: services.partnershipPlan,
      records: services.performanceRecords,
    });
    await pages.register(governanceRoutes, { governance: services.governance });
    await pages.register(trainingRoutes, { training: services.training });
    await pages.register(corporateParentingRoutes, {
      corporateParenting: services.corporateParenting,
      performance: services.performance,
    });
    await pages.register(voiceRoutes, { voice: services.voice });
    await pages.register(caseReviewRoutes, { caseReviews: services.caseReviews, calendar: services.calendar });
    await pages.register(assuranceAuditRoutes, { audits: services.assuranceAudits });
    await pages.register(socialCareRoutes, { socialCare: services.socialCare });
    await pages.register(escalationRoutes, { escalations: services.escalations });
    await pages.register(educationComplianceRoutes, { education: services.educationCompliance });
    await pages.register(encompassRoutes, { encompass: services.encompass });
    if (extraPages) await pages.register(extraPages, { services });
  });

  if (runJobs) {
    let jobs: Jobs | undefined;
    app.addHook('onReady', async () => {
      jobs = await Jobs.start(
        database,
        { url: config.database.kind === 'postgres' ? config.database.url : undefined },
        backgroundJobs(app, config, database, services),
        (err, job) => app.log.error({ err, job }, 'background job failed'),
      );
      app.log.info({ jobs: 'started' }, 'background jobs started in this process');
      // A register import asks for its measures to be counted at once (other processes' imports: the minute's run).
      const started = jobs;
      services.corporateParenting.whenImported(() =>
        started
          .trigger(CORPORATE_PARENTING_COUNT_JOB)
          .catch((err: unknown) => app.log.error({ err }, 'could not ask for the register to be counted')),
      );
    });
    app.addHook('onClose', async () => {
      await jobs?.stop();
    });
  }
  return { app, services, routes: routeAccess.routes };
}

/** Every background job: the platform's (sessions, audit checkpoints, email delivery…) and the modules'. */
export function backgroundJobs(
  app: FastifyInstance,
  config: Config,
  database: Database,
  services: Services,
): JobDefinition[] {
  return [
    ...platformJobs(database.db, config, (written) => app.log.info({ auditCheckpoint: written }, 'audit checkpoint')),
    ...directoryJobs(services.directory),
    ...familySolutionsJobs(services.familySolutions),
    ...performanceJobs(services.performance),
    ...trainingJobs(services.training),
    ...assuranceAuditJobs(services.assuranceAudits),
    ...encompassJobs(services.encompass),
    ...corporateParentingJobs(services.corporateParenting),
  ];
}
