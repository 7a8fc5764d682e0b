/** "1 character", "2 characters": counts in messages read as words, never "character(s)". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}
