/** Small formatting rules shared by cards and sentences, so a time or a lifetime reads the same everywhere. */

export function formatUtc(iso: string | number | undefined | null): string | undefined {
  if (iso === undefined || iso === null || iso === '') return undefined;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return undefined;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

export function describeLifetime(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} day${minutes === 1440 ? '' : 's'}`;
  if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? '' : 's'}`;
  return `${minutes} minutes`;
}

/** "a", "a and b", "a, b and c". */
export function listNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? 'nobody';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** "45 s", "2 min 30 s", "1 h 5 min": rounded to what a person waiting cares about. */
export function describeDuration(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 >= 10 && m < 10 ? `${m} min ${Math.round((s % 60) / 10) * 10} s` : `${Math.round(s / 60)} min`;
  return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}
