import type { TrainingRepository } from './repository.ts';
import { whenText } from './schemas.ts';
import type { TrainingSettings } from './training-file.ts';

type SessionRow = Awaited<ReturnType<TrainingRepository['sessions']>>[number];
const nameOf = (items: readonly { code: string; name: string }[], code: string | null) =>
  items.find((i) => i.code === code)?.name ?? code ?? '';

/** A session as the pages show it: when and where in words, places left, whether it is full. */
export function sessionRows(sessions: readonly SessionRow[], settings: TrainingSettings) {
  return sessions.map((s) => {
    const booked = Number(s.booked ?? 0);
    const waiting = Number(s.waiting ?? 0);
    const hours = Math.floor(s.duration_minutes / 60);
    const minutes = s.duration_minutes % 60;
    return {
      ...s,
      booked,
      waiting,
      when: whenText(s.starts_at),
      length: [hours && `${hours} hour${hours > 1 ? 's' : ''}`, minutes && `${minutes} minutes`]
        .filter(Boolean)
        .join(' '),
      where: s.online ? `Online${s.venue ? `: ${s.venue}` : ''}` : s.venue,
      themeName: nameOf(settings.themes, s.theme),
      levelName: nameOf(settings.levels, s.level),
      placesLeft: Math.max(0, s.capacity - booked),
      full: booked >= s.capacity,
      cancelled: s.status === 'cancelled',
    };
  });
}
