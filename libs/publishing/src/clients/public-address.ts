// Is an IP address on the public internet? Server-side fetches (media at publish time) must never reach the
// machine itself, the LAN, link-local or a cloud metadata service, however the address is written.
import { BlockList, isIP } from 'node:net';

const BLOCKED_V4 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED_V4.addSubnet(network, prefix, 'ipv4');

export function isPublicAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const kind = isIP(ip);
  if (kind === 4) return !BLOCKED_V4.check(ip, 'ipv4');
  if (kind !== 6) return false;
  const words = ipv6Words(ip);
  if (!words) return false;
  const [w0, w1] = words;
  const embedded = (at: number) => `${words[at] >> 8}.${words[at] & 255}.${words[at + 1] >> 8}.${words[at + 1] & 255}`;
  const zeros = (from: number, to: number) => words.slice(from, to).every((w) => w === 0);
  if (zeros(0, 8) || (zeros(0, 7) && words[7] === 1)) return false; // :: and ::1
  if (zeros(0, 5) && (words[5] === 0xffff || words[5] === 0)) return isPublicAddress(embedded(6)); // mapped, compatible
  if (w0 === 0x64 && w1 === 0xff9b && zeros(2, 6)) return isPublicAddress(embedded(6)); // NAT64
  if (w0 === 0x2002) return isPublicAddress(embedded(1)); // 6to4
  if (w0 === 0x2001 && w1 === 0) return false; // Teredo: the real address is hidden
  if ((w0 & 0xfe00) === 0xfc00 || (w0 & 0xffc0) === 0xfe80 || (w0 & 0xffc0) === 0xfec0 || (w0 & 0xff00) === 0xff00)
    return false;
  if (w0 === 0x100 && zeros(1, 4)) return false; // discard prefix
  return true;
}

/** The eight 16-bit words of an IPv6 address (a dotted IPv4 tail included), or null. */
function ipv6Words(ip: string): number[] | null {
  let text = ip.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split('.').map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const part = (s: string | undefined) => (s ? s.split(':').map((w) => parseInt(w, 16)) : []);
  const front = part(head);
  const back = part(tail);
  const words =
    tail === undefined ? front : [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
  return words.length === 8 && words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffff) ? words : null;
}
