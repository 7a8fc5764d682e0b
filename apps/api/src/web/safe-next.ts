// Where to go back to after sign-in: a path on this site, never another origin (an open redirect).
const BASE = 'http://planner.invalid';
// Browsers drop tabs and newlines from URLs and read "\" as "/", so "/\t/evil.example" becomes "//evil.example".
// eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
const CONTROL_OR_BACKSLASH = /[\u0000-\u001f\u007f\\]/;

/** A same-origin relative path (with its query and fragment), or "/" for anything else. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 2000) return '/';
  const decoded = fullyDecoded(next);
  if (decoded === null) return '/';
  for (const form of [next, decoded]) {
    if (!form.startsWith('/') || form.startsWith('//') || CONTROL_OR_BACKSLASH.test(form)) return '/';
  }
  // Whatever a URL parser makes of it must still be this site.
  const url = new URL(next, BASE);
  if (url.origin !== BASE || `${url.pathname}${url.search}${url.hash}` !== next) return '/';
  return next;
}

/** Percent-decoding repeated until stable, so "%252F%252F" is judged as "//"; null if it does not decode. */
function fullyDecoded(value: string): string | null {
  let current = value;
  for (let i = 0; i < 5; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) return current;
    current = next;
  }
  return null;
}
