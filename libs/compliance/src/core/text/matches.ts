// Every match of a global regular expression, as String.prototype.matchAll gives them, without its copy of the
// expression: matchAll clones the RegExp on every call (and V8 re-initialises the clone), and the detectors run
// some twenty of them per post. The expression's lastIndex is 0 before and after, as matchAll leaves it.
export function matchesOf(pattern: RegExp, text: string): RegExpExecArray[] {
  if (!pattern.global) throw new TypeError(`matchesOf needs a global expression: ${String(pattern)}`);
  const out: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    out.push(m);
    // An empty match must not stop the scan: step past it, by a whole code point under /u (as matchAll does).
    if (m[0] === '') pattern.lastIndex = stepPast(text, pattern.lastIndex, pattern.unicode);
  }
  pattern.lastIndex = 0;
  return out;
}

/** The spec's AdvanceStringIndex. */
function stepPast(text: string, index: number, unicode: boolean): number {
  if (!unicode || index + 1 >= text.length) return index + 1;
  const first = text.charCodeAt(index);
  const second = text.charCodeAt(index + 1);
  return first >= 0xd800 && first <= 0xdbff && second >= 0xdc00 && second <= 0xdfff ? index + 2 : index + 1;
}
