// Calendar days in a time zone, as reports group by them. PostgreSQL
// (`AT TIME ZONE`) and MongoDB (`$dateToString`) take the same IANA names, so a
// name checked here is one every bundled store can group by.

/** An IANA zone name such as `Asia/Kolkata` or `UTC`, as PostgreSQL and MongoDB know them too. */
const ZONE_NAME = /^(?:UTC|[A-Z][A-Za-z]+(?:\/[A-Za-z0-9_+-]+){1,2})$/;

/** True when `name` is an IANA time zone this runtime knows. */
export function isTimeZone(name: unknown): name is string {
  if (typeof name !== 'string' || !ZONE_NAME.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** A function that formats an instant (epoch ms) as its calendar day, `YYYY-MM-DD`, in `timeZone`. */
export function dayFormat(timeZone: string): (instant: number) => string {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (instant) => {
    const parts = format.formatToParts(instant);
    const part = (type: string) => parts.find((p) => p.type === type)?.value;
    return `${part('year')}-${part('month')}-${part('day')}`;
  };
}
