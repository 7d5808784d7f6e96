// hourCycle h12, not hour12: en-GB's 12-hour clock otherwise shows 12:36pm as "0:36 pm".
const londonTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12',
});
const londonDay = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** "3:30pm", or "3:30pm on 4 March 2026" when that is not today in London. */
export function untilText(when: Date, now: Date): string {
  const time = londonTime.format(when).replace(' am', 'am').replace(' pm', 'pm');
  return londonDay.format(when) === londonDay.format(now) ? time : `${time} on ${londonDay.format(when)}`;
}
