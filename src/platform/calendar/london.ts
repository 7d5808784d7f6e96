/**
 * The calendar day in England ('YYYY-MM-DD') of an instant: a child's age, a due date and "today" turn
 * over at midnight in London, not UTC. One formatter, made once (building one per call is costly).
 */
const LONDON_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export const londonDay = (instant: Date = new Date()): string => LONDON_DAY.format(instant);

/** Today's date in England, 'YYYY-MM-DD'. */
export const todayInLondon = (now: Date = new Date()): string => londonDay(now);
