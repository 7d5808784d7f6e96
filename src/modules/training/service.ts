import type { Kysely } from 'kysely';
import type { AuditLog } from '../../platform/audit/audit.ts';
import { todayInLondon } from '../../platform/calendar/london.ts';
import type { DB } from '../../platform/db/schema/index.ts';
import { TrainingBookings } from './bookings.ts';
import { TrainingCore, type TrainingDeps } from './core.ts';
import { seedDemoTraining } from './demo.ts';
import { TrainingOffer } from './offer.ts';
import { loadTrainingFile, seedCourses } from './training-file.ts';

/**
 * The multi-agency training offer (issue 16, "Workforce"; seeds 002 and 004): courses and sessions run by the Board's
 * Learning and Development manager, bookings with a waiting list, attendance by agency, evaluations straight after and
 * some months later (impact on practice), and the champions networks by organisation and quadrant.
 */
export class TrainingService {
  readonly core: TrainingCore;
  readonly offer: TrainingOffer;
  readonly bookings: TrainingBookings;

  constructor(db: Kysely<DB>, audit: AuditLog, deps: TrainingDeps) {
    this.core = new TrainingCore(db, audit, deps);
    this.offer = new TrainingOffer(this.core);
    this.bookings = new TrainingBookings(this.core);
  }

  /** A service reading the tenant's file once, for app start-up and tests. */
  static forTenant(db: Kysely<DB>, audit: AuditLog, tenant: string, deps: Omit<TrainingDeps, 'settings'>) {
    let settings: ReturnType<typeof loadTrainingFile> | undefined;
    return new TrainingService(db, audit, { ...deps, settings: () => (settings ??= loadTrainingFile(tenant)) });
  }

  /** Adds the tenant file's courses not yet added (at start-up; idempotent). */
  async seed(): Promise<void> {
    await seedCourses(this.core.db, await this.core.deps.settings());
  }

  /** Demo sessions, bookings, evaluations and champions for `npm start` (never in production). */
  seedDemo(): Promise<number> {
    return seedDemoTraining(this.core);
  }

  settings() {
    return this.core.deps.settings();
  }
  courses(activeOnly = false) {
    return this.core.r.courses(activeOnly);
  }
  course(id: string) {
    return this.core.r.course(id);
  }
  /** Sessions from today on (the offer page). */
  upcoming(now = new Date()) {
    const today = new Date(`${todayInLondon(now)}T00:00:00Z`);
    return this.core.r.sessions({ from: today });
  }
  /** Sessions before today (the manager's list, to record attendance). */
  past(now = new Date()) {
    return this.core.r.sessions({ before: now });
  }
  async session(id: string) {
    const [session] = await this.core.r.sessions({ id });
    return session ?? null;
  }
  people(sessionId: string) {
    return this.core.r.people(sessionId);
  }
  bookingsOf(userId: string) {
    return this.core.r.bookingsOf(userId);
  }
  /** How many follow-up evaluations the user has due (their home page's task list). */
  followUpsDue(userId: string, today = todayInLondon()) {
    return this.core.r.followUpsDue(userId, today);
  }
}
